#!/usr/bin/env python3
"""Reference figures for packages/ml/src/ensemble/hgb (HistGradientBoostingClassifier).

Run from the repository root with Debian's interpreter (scikit-learn 1.2.1, pandas 1.5.3):

    /usr/bin/python3 scripts/reference/hgb.py

Writes, into packages/ml/src/ensemble/hgb/__fixtures__/:
  hgb-small.json   small generated data sets (stored in the fixture) and, per case, scikit-learn's raw
                   predictions after each of the first 5 iterations (no early stopping), probabilities
                   of the first 20 rows, predictions on probe rows (NaN, unknown categories), the bin
                   thresholds and leaves per tree; plus _find_binning_thresholds on a few columns.
  hgb-train.json   train.csv (CUSTSEG_DATA_DIR, default ../shared/data/customer-segmentation):
                   5-fold StratifiedKFold (unshuffled) accuracy / log loss of several configurations,
                   with the reference preprocessing (ReferenceSteps + MinMaxScaler) or the "native"
                   one (ordinal-encoded categoricals declared categorical, NaN left in), and
                   probabilities of full-data fits on probe rows.
  hgb-timing.json  scikit-learn's fit time on all of train.csv (median of 3, with its default OpenMP
                   threads and with one thread), the only non-deterministic output, kept apart so the
                   other two files are reproducible. Run it on an otherwise idle machine: OpenMP
                   threads slow down by an order of magnitude when the cores are busy.
The train.csv parts are skipped (with a message) when the data is absent.
"""
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.ensemble._hist_gradient_boosting.binning import _BinMapper
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import MinMaxScaler
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline_logistic import ReferenceSteps  # noqa: E402

OUT = ROOT / "packages/ml/src/ensemble/hgb/__fixtures__"
DATA_DIR = (ROOT / os.environ.get("CUSTSEG_DATA_DIR", "../shared/data/customer-segmentation")).resolve()
META = {"generator": "scripts/reference/hgb.py", "sklearn": sklearn.__version__, "pandas": pd.__version__, "numpy": np.__version__}
STAGES = 5
CATEGORICAL = ["Gender", "Ever_Married", "Graduated", "Profession", "Spending_Score", "Var_1"]


def num(x):
    """A float for JSON; NaN as null (JSON has no NaN)."""
    x = float(x)
    return None if np.isnan(x) else x


def matrix(a):
    return [[num(v) for v in row] for row in np.asarray(a, dtype=float)]


# ---------------------------------------------------------------------------------------------
# Small generated cases


def small_cases():
    rs = np.random.RandomState(42)
    cases = []

    def label(score, k):
        cuts = np.quantile(score, np.linspace(0, 1, k + 1)[1:-1])
        return np.searchsorted(cuts, score)

    n = 120
    X = rs.randint(0, 10, size=(n, 3)).astype(float)
    y = (X[:, 0] + 0.5 * X[:, 1] + rs.normal(0, 2, n) > 6.5).astype(int)
    cases.append(("binary-int", X, y, {}, []))

    X = rs.randint(0, 8, size=(n, 4)).astype(float)
    y = label(X[:, 0] - X[:, 2] + rs.normal(0, 1.5, n), 3)
    cases.append(("multiclass-int", X, y, dict(min_samples_leaf=5, max_leaf_nodes=8), []))

    X = rs.randint(0, 10, size=(n, 3)).astype(float)
    y = (X[:, 0] - X[:, 1] + rs.normal(0, 2, n) > 0).astype(int)
    X[rs.rand(n) < 0.15, 0] = np.nan
    X[rs.rand(n) < 0.25, 1] = np.nan
    cases.append(("binary-nan", X, y, dict(min_samples_leaf=5), []))

    X = rs.randint(0, 6, size=(n, 3)).astype(float)
    y = label(X[:, 0] + X[:, 1] * (X[:, 2] > 2) + rs.normal(0, 1, n), 4)
    X[rs.rand(n) < 0.2, 2] = np.nan
    cases.append(("multiclass-nan-l2", X, y, dict(l2_regularization=1.0, max_depth=3, learning_rate=0.3, min_samples_leaf=4), []))

    codes = np.array([0, 1, 2, 4, 6])
    cat = codes[rs.randint(0, 5, n)].astype(float)
    effect = {0: 1.5, 1: -1.0, 2: 0.5, 4: -1.5, 6: 1.0}
    X = np.column_stack([cat, rs.randint(0, 10, n).astype(float)])
    y = (np.vectorize(effect.get)(cat) + 0.2 * X[:, 1] + rs.normal(0, 1, n) > 1).astype(int)
    cases.append(("binary-categorical", X, y, dict(min_samples_leaf=5), [True, False]))

    cat = rs.randint(0, 7, n).astype(float)
    y = label(np.sin(cat * 1.7) + rs.normal(0, 0.6, n), 3)
    X = np.column_stack([rs.randint(0, 5, n).astype(float), cat])
    X[rs.rand(n) < 0.2, 1] = np.nan
    cases.append(("multiclass-categorical-nan", X, y, dict(min_samples_leaf=3, max_leaf_nodes=10), [False, True]))

    X = rs.randint(0, 10, size=(n, 3)).astype(float)
    y = (X[:, 0] + rs.normal(0, 2, n) > 10).astype(int)
    cases.append(("binary-balanced", X, y, dict(class_weight="balanced", min_samples_leaf=5), []))

    m = 200
    X = np.column_stack([rs.normal(0, 1, m), np.round(rs.exponential(2, m), 2)])
    y = label(X[:, 0] + 0.3 * X[:, 1] + rs.normal(0, 0.5, m), 3)
    cases.append(("multiclass-continuous", X, y, dict(max_bins=32), []))
    return cases


def probe_rows(X, categorical):
    """Rows the model has not seen: NaN in every column, and for categorical columns unknown codes."""
    rows = [X[0].copy(), X[1].copy()]
    nan_row = X[2].copy()
    nan_row[:] = np.nan
    rows.append(nan_row)
    for j in range(X.shape[1]):
        r = X[3].copy()
        r[j] = np.nan
        rows.append(r)
        if categorical and categorical[j]:
            for code in (3.0, 5.0, 7.0, 200.0):
                r = X[4].copy()
                r[j] = code
                rows.append(r)
    return np.array(rows)


def run_small():
    out = {"meta": META, "stages": STAGES, "cases": []}
    for name, X, y, params, categorical in small_cases():
        kw = dict(max_iter=STAGES, early_stopping=False, random_state=0, **params)
        if categorical:
            kw["categorical_features"] = categorical
        model = HistGradientBoostingClassifier(**kw).fit(X, y)
        raw = [np.asarray(r).reshape(len(X), -1) for r in model.staged_decision_function(X)]
        probe = probe_rows(X, categorical)
        mapper = model._bin_mapper
        out["cases"].append({
            "name": name,
            "params": params,
            "categorical": categorical,
            "X": matrix(X),
            "y": [int(v) for v in y],
            "raw": [matrix(r) for r in raw],
            "proba_head": matrix(model.predict_proba(X[:20])),
            "probe": matrix(probe),
            "probe_raw": matrix(np.asarray(model.decision_function(probe)).reshape(len(probe), -1)),
            "thresholds": [[float(t) for t in th] for th in mapper.bin_thresholds_],
            "n_leaves": [[int(p.get_n_leaf_nodes()) for p in it] for it in model._predictors],
        })
    return out


def run_binning():
    """_find_binning_thresholds on data with many distinct values (the percentile path) and few."""
    rs = np.random.RandomState(7)
    cols = {
        "normal-1000": np.round(rs.normal(0, 1, 1000), 3),
        "ties-600": rs.randint(0, 400, 600).astype(float) / 4,
        "few-distinct": rs.randint(0, 12, 300).astype(float),
    }
    cols["with-nan"] = cols["normal-1000"].copy()
    cols["with-nan"][::7] = np.nan
    out = []
    for name, col in cols.items():
        thresholds = {}
        for max_bins in (255, 16):
            mapper = _BinMapper(n_bins=max_bins + 1).fit(col.reshape(-1, 1))
            thresholds[str(max_bins)] = mapper.bin_thresholds_[0].tolist()
        out.append({"name": name, "values": [num(v) for v in col], "thresholds": thresholds})
    return out


# ---------------------------------------------------------------------------------------------
# train.csv


CONFIGS = {
    "default": {},
    "lr0.05": dict(learning_rate=0.05),
    "leaves15": dict(max_leaf_nodes=15),
    "minleaf40": dict(min_samples_leaf=40),
    "l2-1": dict(l2_regularization=1.0),
    "tuned": dict(learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=40, l2_regularization=1.0),
    "depth3": dict(max_depth=3),
    "balanced": dict(class_weight="balanced"),
}


def reference_prep(X_train, X_test):
    steps = ReferenceSteps().fit(X_train)
    scaler = MinMaxScaler().fit(steps.transform(X_train))
    return scaler.transform(steps.transform(X_train)), scaler.transform(steps.transform(X_test))


def native_prep(X_train, X_test):
    """feature-engine OrdinalEncoder('arbitrary'): codes in order of first appearance, unseen -> NaN."""
    maps = {c: {v: i for i, v in enumerate(X_train[c].dropna().unique())} for c in CATEGORICAL}

    def enc(X):
        X = X.copy()
        for c in CATEGORICAL:
            X[c] = X[c].map(maps[c])
        return X.astype(float).to_numpy()

    return enc(X_train), enc(X_test)


def load_train():
    path = DATA_DIR / "train.csv"
    if not path.exists():
        print(f"skipping train.csv figures: {path} not found (set CUSTSEG_DATA_DIR)")
        return None
    return pd.read_csv(path)


def run_train_figures():
    df = load_train()
    if df is None:
        return None

    X = df.drop(columns=["ID", "Segmentation"])
    y = df["Segmentation"].to_numpy()
    classes = sorted(set(y))
    mask = [c in CATEGORICAL for c in X.columns]
    folds = list(StratifiedKFold(n_splits=5).split(X, y))
    probe = list(range(0, len(df), 250))
    out = {"meta": META, "rows": int(len(df)), "classes": classes, "columns": list(X.columns), "probe_rows": probe, "variants": {}}

    variants = [(f"reference/{k}", reference_prep, p, False) for k, p in CONFIGS.items()]
    variants += [("native/default", native_prep, {}, True), ("native/tuned", native_prep, CONFIGS["tuned"], True)]
    for name, prep, params, native in variants:
        make = lambda: HistGradientBoostingClassifier(random_state=0, categorical_features=mask if native else None, **params)
        cv = []
        for tr, te in folds:
            Xtr, Xte = prep(X.iloc[tr], X.iloc[te])
            m = make().fit(Xtr, y[tr])
            p = m.predict_proba(Xte)
            cv.append({"accuracy": float(accuracy_score(y[te], m.classes_[p.argmax(1)])), "log_loss": float(log_loss(y[te], p, labels=classes)), "n_iter": int(m.n_iter_)})
        Xall, _ = prep(X, X)
        full = make().fit(Xall, y)
        out["variants"][name] = {
            "params": params,
            "native": native,
            "cv": cv,
            "cv_mean_accuracy": float(np.mean([f["accuracy"] for f in cv])),
            "train_accuracy": float(accuracy_score(y, full.predict(Xall))),
            "n_nodes": int(sum(p.nodes.shape[0] for it in full._predictors for p in it)),
            "proba_probe": matrix(full.predict_proba(Xall[probe])),
        }
        print(f"{name}: cv accuracy {out['variants'][name]['cv_mean_accuracy']:.4f}")
    write("hgb-train.json", out)
    return out


def run_timing():
    df = load_train()
    if df is None:
        return None
    X = df.drop(columns=["ID", "Segmentation"])
    y = df["Segmentation"].to_numpy()
    Xall, _ = reference_prep(X, X)
    timing = {"meta": META, "what": "HistGradientBoostingClassifier() fit on all of train.csv after the reference preprocessing", "rows": int(len(df)), "features": int(Xall.shape[1])}
    for label, limit in (("default_threads", None), ("one_thread", 1)):
        times = []
        for _ in range(3):
            with threadpool_limits(limits=limit):
                t = time.perf_counter()
                HistGradientBoostingClassifier(random_state=0).fit(Xall, y)
                times.append(time.perf_counter() - t)
        timing[label] = {"median_seconds": statistics.median(times), "runs": times}
    timing["cpu_count"] = os.cpu_count()
    print(f"fit time: {timing['default_threads']['median_seconds']:.3f} s (default threads), {timing['one_thread']['median_seconds']:.3f} s (1 thread)")
    write("hgb-timing.json", timing)
    return timing


def write(name, obj):
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    path.write_text(json.dumps(obj, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")


def main():
    # One thread: scikit-learn's root gradient sums are then sequential (with OpenMP they depend on the
    # thread count), which makes the figures reproducible and sums in the order custseg does.
    with threadpool_limits(limits=1):
        small = run_small()
        small["binning"] = run_binning()
        write("hgb-small.json", small)
        train = run_train_figures()
    run_timing()


if __name__ == "__main__":
    main()
