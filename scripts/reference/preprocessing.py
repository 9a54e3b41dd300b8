"""Reference figures for packages/ml/src/preprocessing (run from the repo root with Debian's Python):

    /usr/bin/python3 scripts/reference/preprocessing.py

feature-engine is not installable here, so each step reproduces what feature-engine 1.x does in its fit and
transform (pandas mean / mode / unique / value_counts(normalize=True)); the scalers are scikit-learn's own.
Writes, beside the code they check:
  packages/ml/src/preprocessing/__fixtures__/reference-steps.json  the reference project's pipeline on train.csv
  packages/ml/src/preprocessing/__fixtures__/reference-units.json  single transformers on raw train.csv columns
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
import sklearn
from sklearn.preprocessing import MinMaxScaler, StandardScaler

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = (REPO / os.environ.get("CUSTSEG_DATA_DIR", "../shared/data/customer-segmentation")).resolve()
OUT = REPO / "packages/ml/src/preprocessing/__fixtures__"

NUMERIC = ["Age", "Work_Experience", "Family_Size"]
CATEGORICAL = ["Gender", "Ever_Married", "Graduated", "Profession", "Spending_Score", "Var_1"]


def num(x):
    """A JSON number (Python's float repr round-trips exactly through JavaScript's JSON.parse); NaN -> null."""
    x = float(x)
    return None if math.isnan(x) else x


def column_sum(values):
    # A contiguous 1-D sum is numpy's pairwise summation, which the TypeScript side reproduces exactly.
    return float(np.sum(np.ascontiguousarray(values, dtype=np.float64)))


def summary(frame):
    out = {}
    for name in frame.columns:
        v = frame[name].to_numpy(dtype=np.float64)
        assert not np.isnan(v).any(), f"unexpected NaN in {name}"
        s = column_sum(v)
        out[name] = {"sum": s, "min": float(v.min()), "max": float(v.max()), "mean": s / len(v)}
    return out


def load():
    path = DATA_DIR / "train.csv"
    if not path.exists():
        sys.exit(f"{path} not found: set CUSTSEG_DATA_DIR to the customer-segmentation data folder")
    raw = path.read_bytes()
    df = pd.read_csv(path)
    source = {
        "file": "train.csv",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "rows": int(len(df)),
        "versions": {"pandas": pd.__version__, "sklearn": sklearn.__version__, "numpy": np.__version__},
    }
    return df, source


def reference_steps(df, source):
    X = df.drop(columns=["ID", "Segmentation"])

    # MeanMedianImputer(imputation_method="mean"): X[variables].mean().to_dict(), then fillna.
    mean_vars = ["Work_Experience", "Family_Size"]
    means = X[mean_vars].mean().to_dict()
    X[mean_vars] = X[mean_vars].fillna(means)

    # CategoricalImputer(imputation_method="frequent"): the first row of X[variables].mode().
    mode_vars = ["Ever_Married", "Graduated", "Profession", "Var_1"]
    modes = X[mode_vars].mode().iloc[0].to_dict()
    X[mode_vars] = X[mode_vars].fillna(modes)

    # OneHotEncoder(drop_last_binary=True): unique() order; binary variables keep unique()[0] only;
    # dummies appended in variable then category order, originals dropped.
    ohe_vars = ["Gender", "Ever_Married", "Graduated"]
    encoder_dict = {v: list(X[v].unique()) for v in ohe_vars}
    binary = [v for v in ohe_vars if X[v].nunique() == 2]
    for v in binary:
        encoder_dict[v] = [X[v].unique()[0]]
    for v in ohe_vars:
        for c in encoder_dict[v]:
            X[f"{v}_{c}"] = np.where(X[v] == c, 1, 0)
    X = X.drop(columns=ohe_vars)

    # CountFrequencyEncoder(encoding_method="frequency"): value_counts(normalize=True).to_dict(), then map.
    cf_vars = ["Profession", "Var_1"]
    freq = {v: X[v].value_counts(normalize=True).to_dict() for v in cf_vars}
    for v in cf_vars:
        X[v] = X[v].map(freq[v])

    # Spending_Score mapped by hand in the reference project (our OrdinalEncoder 'explicit').
    spending = {"Low": 1, "Average": 2, "High": 3}
    X["Spending_Score"] = X["Spending_Score"].map(spending)

    # MinMaxScaler over every remaining feature column.
    scaler = MinMaxScaler().fit(X)
    Xt = pd.DataFrame(scaler.transform(X), columns=list(X.columns))
    cols = list(X.columns)

    return {
        "source": source,
        "steps": [
            {"type": "MeanMedianImputer", "params": {"imputationMethod": "mean", "variables": mean_vars}},
            {"type": "CategoricalImputer", "params": {"imputationMethod": "frequent", "variables": mode_vars}},
            {"type": "OneHotEncoder", "params": {"dropLastBinary": True, "variables": ohe_vars}},
            {"type": "CountFrequencyEncoder", "params": {"encodingMethod": "frequency", "variables": cf_vars}},
            {"type": "OrdinalEncoder", "params": {"encodingMethod": "explicit", "mapping": {"Spending_Score": spending}}},
            {"type": "MinMaxScaler", "params": {}},
        ],
        "learned": {
            "means": {k: num(v) for k, v in means.items()},
            "modes": modes,
            "oneHotCategories": encoder_dict,
            "binaryVariables": binary,
            "frequencies": {v: {k: num(x) for k, x in m.items()} for v, m in freq.items()},
            "spendingMapping": spending,
            "minMax": {
                c: {
                    "dataMin": num(scaler.data_min_[j]),
                    "dataMax": num(scaler.data_max_[j]),
                    "scale": num(scaler.scale_[j]),
                    "min": num(scaler.min_[j]),
                }
                for j, c in enumerate(cols)
            },
        },
        "columns": cols,
        "summary": summary(Xt),
        "head": [[num(x) for x in row] for row in Xt.head(40).to_numpy()],
    }


def fe_rare_label(series, tol, n_categories):
    """feature-engine 1.x RareLabelEncoder.fit for one variable (NaN excluded, as value_counts does)."""
    present = series.dropna()
    if len(present.unique()) > n_categories:
        t = present.value_counts(normalize=True)
        return list(t[t >= tol].index)
    return list(present.unique())


def fe_ordered(series, y):
    """feature-engine 1.x OrdinalEncoder(encoding_method="ordered").fit for one variable."""
    temp = pd.DataFrame({"x": series, "target": y}).dropna(subset=["x"])
    order = temp.groupby(["x"])["target"].mean().sort_values(ascending=True).index
    return {k: i for i, k in enumerate(order)}


def scaler_figures(X, scaler, kind):
    Xt = scaler.transform(X)
    cols = list(X.columns)
    out = {"columns": cols}
    if kind == "standard":
        out.update(
            mean={c: num(scaler.mean_[j]) for j, c in enumerate(cols)},
            var={c: num(scaler.var_[j]) for j, c in enumerate(cols)},
            scale={c: num(scaler.scale_[j]) for j, c in enumerate(cols)},
            # A scalar when no column had NaN, an array otherwise.
            nSamplesSeen={c: int(n) for c, n in zip(cols, np.broadcast_to(scaler.n_samples_seen_, (len(cols),)))},
        )
    else:
        out.update(
            dataMin={c: num(scaler.data_min_[j]) for j, c in enumerate(cols)},
            dataMax={c: num(scaler.data_max_[j]) for j, c in enumerate(cols)},
            scale={c: num(scaler.scale_[j]) for j, c in enumerate(cols)},
            min={c: num(scaler.min_[j]) for j, c in enumerate(cols)},
        )
    out["nansum"] = {c: float(np.nansum(np.ascontiguousarray(Xt[:, j]))) for j, c in enumerate(cols)}
    out["head"] = [[num(x) for x in row] for row in Xt[:20]]
    return out


def reference_units(df, source):
    # Each numeric column is fitted on its own: sklearn then sums a contiguous column (pairwise), the same
    # order our per-variable code uses, so these figures can be matched bit for bit.
    std = {}
    mm = {}
    mm_range = {}
    for c in NUMERIC:
        col = df[[c]].astype(np.float64)
        std[c] = scaler_figures(col, StandardScaler().fit(col), "standard")
        mm[c] = scaler_figures(col, MinMaxScaler().fit(col), "minmax")
        mm_range[c] = scaler_figures(col, MinMaxScaler(feature_range=(-1, 2)).fit(col), "minmax")

    # Near-constant columns: sklearn's _is_constant_feature must map them to scale 1, not 1/tiny.
    synthetic = pd.DataFrame(
        {
            "constant": [0.1] * 9 + [np.nan],
            "almost": [1e9, 1e9, 1e9 + 1e-6, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9],
            "tiny": [1e-300, 2e-300, 3e-300, 4e-300, np.nan, 5e-300, 6e-300, 7e-300, 8e-300, 9e-300],
            "spread": [-3.0, 7.5, np.nan, 0.0, 2.25, 11.0, -0.5, 4.0, 4.0, 1e3],
        }
    )
    synthetic_std = {}
    synthetic_mm = {}
    for c in synthetic.columns:
        col = synthetic[[c]]
        synthetic_std[c] = scaler_figures(col, StandardScaler().fit(col), "standard")
        synthetic_mm[c] = scaler_figures(col, MinMaxScaler().fit(col), "minmax")

    y = df["Segmentation"].map({k: i for i, k in enumerate(sorted(df["Segmentation"].unique()))})
    return {
        "source": source,
        "synthetic": {c: [num(x) for x in synthetic[c]] for c in synthetic.columns},
        "pandas": {
            "mean": {c: num(df[c].mean()) for c in NUMERIC},
            "median": {c: num(df[c].median()) for c in NUMERIC},
            "mode": {c: df[c].mode()[0] for c in CATEGORICAL},
            "unique": {c: list(df[c].dropna().unique()) for c in CATEGORICAL},
            "valueCounts": {c: {k: int(v) for k, v in df[c].value_counts().items()} for c in CATEGORICAL},
            "frequency": {c: {k: num(v) for k, v in df[c].value_counts(normalize=True).items()} for c in CATEGORICAL},
        },
        "featureEngine": {
            "rareLabel": {
                "tol": 0.1,
                "nCategories": 5,
                "frequent": {c: fe_rare_label(df[c], 0.1, 5) for c in CATEGORICAL},
            },
            "ordered": {c: fe_ordered(df[c], y) for c in ["Profession", "Var_1", "Spending_Score"]},
        },
        "sklearn": {
            "standardScaler": std,
            "minMaxScaler": mm,
            "minMaxScalerRange": {"featureRange": [-1, 2], "figures": mm_range},
            "syntheticStandardScaler": synthetic_std,
            "syntheticMinMaxScaler": synthetic_mm,
        },
    }


def write(name, obj):
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    text = json.dumps(obj, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)} ({len(text.encode('utf-8'))} bytes)")


def main():
    df, source = load()
    write("reference-steps.json", reference_steps(df.copy(), source))
    write("reference-units.json", reference_units(df.copy(), source))


if __name__ == "__main__":
    main()
