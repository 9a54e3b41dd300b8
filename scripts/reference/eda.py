"""Reference figures for packages/ml/src/eda (run from the repo root with Debian's Python):

    /usr/bin/python3 scripts/reference/eda.py

Profiles train.csv with pandas / numpy / scipy / scikit-learn exactly as custseg's profile defines each figure,
and writes packages/ml/src/eda/__fixtures__/pandas-profile.json (figures only, never rows):
  - per column: count, missing, nunique; numeric min/max/mean/std(ddof=1)/quantiles (linear), np.histogram with
    min(20, nunique) bins, IQR outlier counts; categorical value_counts and rare labels (< 5% of present values);
  - duplicates: ID.duplicated().sum() and drop(columns="ID").duplicated().sum();
  - relation to Segmentation: categories (NaN -> "(missing)") or pd.qcut(x, 10, duplicates="drop") with NaN as
    its own group; Cramer's V from scipy chi2_contingency(correction=False); sklearn mutual_info_score (nats);
  - missingness: isna().corr() and both-missing counts per pair, Cramer's V of each isna() vs the target;
  - DataFrame.corr() of the numeric features;
  - PSI of test.csv against train.csv: 10 quantile bins of train (deciles, repeats dropped), categories,
    a missing bin; shares floored at 1e-4.
Reads the data from CUSTSEG_DATA_DIR (default ../shared/data/customer-segmentation, relative to the repo root).
"""

import hashlib
import json
import math
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
import sklearn
from scipy.stats import chi2_contingency
from sklearn.metrics import mutual_info_score

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = (REPO / os.environ.get("CUSTSEG_DATA_DIR", "../shared/data/customer-segmentation")).resolve()
OUT = REPO / "packages/ml/src/eda/__fixtures__"

TARGET = "Segmentation"
NUMERIC = ["Age", "Work_Experience", "Family_Size"]
CATEGORICAL = ["Gender", "Ever_Married", "Graduated", "Profession", "Spending_Score", "Var_1"]
LEVELS = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]
MISSING = "(missing)"
PSI_FLOOR = 1e-4


def num(x):
    """A JSON number (Python's float repr round-trips exactly through JavaScript's JSON.parse); NaN -> null."""
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def cramers_v(table):
    table = np.asarray(table, dtype=np.float64)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    r, c = table.shape
    if r < 2 or c < 2:
        return 0.0
    chi2 = chi2_contingency(table, correction=False)[0]
    return float(math.sqrt(chi2 / table.sum() / (min(r, c) - 1)))


def groups_of(df, name):
    """The grouping custseg uses for a feature's relation to the target, as strings (missing its own group)."""
    s = df[name]
    if name in NUMERIC:
        codes = pd.qcut(s, 10, duplicates="drop").cat.codes.astype(str)
        return codes.where(s.notna(), MISSING)
    return s.fillna(MISSING).astype(str)


def psi(ref, cur):
    ref = np.asarray(ref, dtype=np.float64)
    cur = np.asarray(cur, dtype=np.float64)
    r = np.maximum(ref / ref.sum(), PSI_FLOOR)
    c = np.maximum(cur / cur.sum(), PSI_FLOOR)
    return float(np.sum((c - r) * np.log(c / r)))


def psi_bins(train, test, name):
    a, b = train[name], test[name]
    if name in NUMERIC:
        edges = []
        for q in a.quantile([i / 10 for i in range(1, 10)]).tolist():
            if not edges or q != edges[-1]:
                edges.append(q)
        full = [-np.inf] + edges + [np.inf]
        ra = pd.cut(a, full, right=True).value_counts(sort=False).tolist()
        rb = pd.cut(b, full, right=True).value_counts(sort=False).tolist()
    else:
        cats = list(a.value_counts().index) + [c for c in b.value_counts().index if c not in set(a.dropna())]
        ra = [int((a == c).sum()) for c in cats]
        rb = [int((b == c).sum()) for c in cats]
    if a.isna().any() or b.isna().any():
        ra.append(int(a.isna().sum()))
        rb.append(int(b.isna().sum()))
    return ra, rb


def main():
    path = DATA_DIR / "train.csv"
    test_path = DATA_DIR / "test.csv"
    if not path.exists():
        sys.exit(f"{path} not found: set CUSTSEG_DATA_DIR to the customer-segmentation data folder")
    df = pd.read_csv(path)
    test = pd.read_csv(test_path)
    source = {
        "file": "train.csv",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "compare": "test.csv",
        "compare_sha256": hashlib.sha256(test_path.read_bytes()).hexdigest(),
        "rows": int(len(df)),
        "versions": {"pandas": pd.__version__, "numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
    }

    columns = {}
    for name in df.columns:
        s = df[name]
        col = {"count": int(s.notna().sum()), "missing": int(s.isna().sum()), "distinct": int(s.nunique())}
        if name in NUMERIC:
            x = s.dropna()
            q1, q3 = x.quantile(0.25), x.quantile(0.75)
            lo, hi = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
            counts, edges = np.histogram(x.to_numpy(), bins=min(20, x.nunique()))
            col.update({
                "min": num(x.min()), "max": num(x.max()), "mean": num(x.mean()), "std": num(x.std()),
                "median": num(x.median()),
                "quantiles": {str(q): num(x.quantile(q)) for q in LEVELS},
                "histogram_counts": [int(c) for c in counts],
                "histogram_edges": [num(e) for e in edges],
                "outliers": {"lower_fence": num(lo), "upper_fence": num(hi), "low": int((x < lo).sum()), "high": int((x > hi).sum())},
            })
        elif name in CATEGORICAL or name == TARGET:
            vc = s.value_counts()
            col["frequencies"] = {str(k): int(v) for k, v in vc.items()}
            col["rare_labels"] = sorted(str(k) for k, v in (vc / vc.sum()).items() if v < 0.05)
        columns[name] = col

    y = df[TARGET].astype(str)
    relations = {}
    for name in NUMERIC + CATEGORICAL:
        g = groups_of(df, name)
        table = pd.crosstab(g, y)
        relations[name] = {
            "cramers_v": cramers_v(table.to_numpy()),
            "mutual_info": float(mutual_info_score(y, g)),
            "n_groups": int(table.shape[0]),
        }

    features = NUMERIC + CATEGORICAL
    na = df[features].isna()
    with_missing = [c for c in features if na[c].any()]
    na_corr = na[with_missing].astype(float).corr()
    together = {}
    for i, a in enumerate(with_missing):
        for b in with_missing[i + 1:]:
            together[f"{a}|{b}"] = {"both": int((na[a] & na[b]).sum()), "correlation": num(na_corr.loc[a, b])}
    vs_target = {c: cramers_v(pd.crosstab(na[c], y).to_numpy()) for c in with_missing}

    corr = df[NUMERIC].corr()
    drift = {}
    for name in features:
        ra, rb = psi_bins(df, test, name)
        drift[name] = {"psi": psi(ra, rb), "reference": ra, "current": rb}

    out = {
        "source": source,
        "overview": {
            "rows": int(len(df)),
            "duplicate_ids": int(df["ID"].duplicated().sum()),
            "duplicate_rows": int(df.drop(columns=["ID"]).duplicated().sum()),
            "missing_cells": int(df.isna().sum().sum()),
            "rows_with_missing": int(df.isna().any(axis=1).sum()),
        },
        "columns": columns,
        "class_counts": {str(k): int(v) for k, v in df[TARGET].value_counts().sort_index().items()},
        "relations": relations,
        "missing_together": together,
        "missing_vs_target": vs_target,
        "correlation": {"columns": NUMERIC, "matrix": [[num(corr.loc[a, b]) for b in NUMERIC] for a in NUMERIC]},
        "drift": drift,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "pandas-profile.json").write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {OUT / 'pandas-profile.json'}")


if __name__ == "__main__":
    main()
