#!/usr/bin/env python3
"""Reference figures for packages/ml/src/tree and packages/ml/src/ensemble/forest*.ts.

Run from the repository root with Debian's interpreter (scikit-learn 1.2.1):

    /usr/bin/python3 scripts/reference/trees.py            # both parts
    /usr/bin/python3 scripts/reference/trees.py small      # generated data only (seconds)
    /usr/bin/python3 scripts/reference/trees.py real       # train.csv only (a few minutes)
    /usr/bin/python3 scripts/reference/trees.py timing     # re-measure only the fit times in forest-train.json

Writes
  packages/ml/src/tree/__fixtures__/trees-small.json
      Generated data sets (stored in the fixture, so the TypeScript tests fit on the same numbers) and,
      for several DecisionTreeClassifier settings, sklearn's fitted tree (node arrays), depth, leaf
      count, feature importances and predictions for random_state=0, and how much these vary over
      random_state 0..19 (`seeds`): ties between equally good splits are won by whichever feature sklearn's
      RNG draws first, so a tree grown with custseg's own RNG may differ as much as sklearn's seeds do.
      The tests grow the random_state=0 tree exactly, node for node, by feeding the builder an emulation
      of sklearn's RNG (packages/ml/src/tree/test-support/sklearn-random.ts). Also small
      RandomForestClassifier(random_state=0) fits (per-tree seeds, node counts, each root's class sums and
      split, probabilities, importances), which the tests reproduce tree for tree the same way.
  packages/ml/src/tree/__fixtures__/forest-train.json
      On the real train.csv ($CUSTSEG_DATA_DIR, default ../shared/data/customer-segmentation) with the
      reference preprocessing (ReferenceSteps of pipeline_logistic.py + MinMaxScaler): 5-fold
      StratifiedKFold (unshuffled) accuracy of RandomForestClassifier(), OneVsRestClassifier(
      RandomForestClassifier()) and RandomForestClassifier(n_estimators=300, min_samples_leaf=5), each
      for random_state 0, 1, 2 (forests are random; the mean is the figure to match), fit times on all
      rows (time.perf_counter, median of 3, single thread; CPU time beside it, as the machine may be
      shared), and shape statistics of the default forest's trees.
Output is deterministic apart from the fit times.
"""
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import sklearn
from sklearn.tree import DecisionTreeClassifier

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "packages/ml/src/tree/__fixtures__"
META = {"generator": "scripts/reference/trees.py", "sklearn": sklearn.__version__, "numpy": np.__version__}


def mixed(rng, n):
    """Five few-valued columns and one continuous one; three classes from a noisy rule."""
    X = np.column_stack([
        rng.randint(0, 2, n),
        rng.randint(0, 3, n),
        rng.randint(0, 5, n) * 0.25,
        rng.choice([1.5, 2.0, 7.25, 10.0], n),
        np.round(rng.randint(0, 12, n) / 11.0, 4),
        np.round(rng.normal(0, 1, n), 4),
    ]).astype(np.float64)
    score = 1.2 * X[:, 0] - 0.8 * X[:, 1] + 2.0 * X[:, 2] + 0.15 * X[:, 3] + X[:, 5] + rng.normal(0, 0.6, n)
    y = np.digitize(score, np.quantile(score, [1 / 3, 2 / 3]))
    return X, y


def iris_like(rng, n):
    """Iris-like: three classes of four Gaussian measurements rounded to one decimal."""
    means = np.array([[5.0, 3.4, 1.5, 0.25], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.6, 2.0]])
    sds = np.array([[0.35, 0.38, 0.17, 0.1], [0.5, 0.3, 0.47, 0.2], [0.63, 0.32, 0.55, 0.27]])
    y = np.arange(n) % 3
    X = np.round(means[y] + sds[y] * rng.normal(0, 1, (n, 4)), 1)
    return X, y


def imbalanced(rng, n):
    """Two continuous columns (more than 256 distinct values: the sort path) and one discrete; 4 classes 60/25/10/5 %."""
    y = rng.choice(4, n, p=[0.6, 0.25, 0.1, 0.05])
    X = np.column_stack([
        rng.normal(y * 0.7, 1.0),
        rng.normal(-0.5 * y, 1.0),
        rng.randint(0, 4, n) + (y == 3),
    ])
    return X, y


SETTINGS = {
    "full-gini": dict(),
    "full-entropy": dict(criterion="entropy"),
    "depth-1": dict(max_depth=1),
    "depth-2": dict(max_depth=2),
    "depth-3": dict(max_depth=3),
    "depth-5": dict(max_depth=5),
    "leaf5-split12": dict(min_samples_leaf=5, min_samples_split=12),
    "balanced": dict(class_weight="balanced"),
    "impurity-decrease": dict(min_impurity_decrease=0.01),
    "entropy-depth4-leaf3": dict(criterion="entropy", max_depth=4, min_samples_leaf=3),
}
SEEDS = 20
CAMEL = {"criterion": "criterion", "max_depth": "maxDepth", "min_samples_leaf": "minSamplesLeaf",
         "min_samples_split": "minSamplesSplit", "class_weight": "classWeight",
         "min_impurity_decrease": "minImpurityDecrease"}


def tree_record(clf, X_train, X_test):
    """sklearn's fitted tree (its node arrays), what it predicts, and what it reports."""
    t = clf.tree_
    return {
        "node_count": int(t.node_count),
        "max_depth": int(t.max_depth),
        "n_leaves": int(clf.get_n_leaves()),
        "feature": t.feature.tolist(),
        "threshold": t.threshold.tolist(),
        "left": t.children_left.tolist(),
        "right": t.children_right.tolist(),
        "value": t.value[:, 0, :].tolist(),
        "feature_importances": clf.feature_importances_.tolist(),
        "predict_train": clf.predict(X_train).tolist(),
        "predict_test": clf.predict(X_test).tolist(),
    }


FOREST_SETTINGS = {
    "rf5": dict(n_estimators=5),
    "rf4-entropy-leaf3-half": dict(n_estimators=4, criterion="entropy", min_samples_leaf=3, max_samples=0.5),
    "rf3-balanced-subsample-depth6": dict(n_estimators=3, class_weight="balanced_subsample", max_depth=6),
    "rf3-no-bootstrap-log2": dict(n_estimators=3, bootstrap=False, max_features="log2"),
}


def forests(X_train, y_train, X_test):
    """Small RandomForestClassifier(random_state=0) fits: the per-tree seeds sklearn drew, each tree's
    node count and the forest's probabilities, so that custseg can grow the same forest tree by tree."""
    from sklearn.ensemble import RandomForestClassifier
    out = {}
    for setting, kw in FOREST_SETTINGS.items():
        rf = RandomForestClassifier(random_state=0, **kw).fit(X_train, y_train)
        out[setting] = {
            "params": {("nEstimators" if k == "n_estimators" else "maxSamples" if k == "max_samples" else "maxFeatures" if k == "max_features"
                        else "bootstrap" if k == "bootstrap" else CAMEL[k]): v for k, v in kw.items()},
            "tree_seeds": [int(e.random_state) for e in rf.estimators_],
            "node_counts": [int(e.tree_.node_count) for e in rf.estimators_],
            "root_value": [e.tree_.value[0, 0, :].tolist() for e in rf.estimators_],
            "root_split": [[int(e.tree_.feature[0]), float(e.tree_.threshold[0])] for e in rf.estimators_],
            "proba_test": rf.predict_proba(X_test).tolist(),
            "feature_importances": rf.feature_importances_.tolist(),
        }
    return out


def same_tree(a, b):
    ta, tb = a.tree_, b.tree_
    return (ta.node_count == tb.node_count and np.array_equal(ta.feature, tb.feature)
            and np.array_equal(ta.threshold, tb.threshold) and np.array_equal(ta.children_left, tb.children_left)
            and np.array_equal(ta.value, tb.value))


def small():
    rng = np.random.RandomState(20240611)
    datasets = {}
    for name, make, n_train, n_test in [("mixed", mixed, 400, 200), ("iris-like", iris_like, 150, 150), ("imbalanced", imbalanced, 300, 200)]:
        X, y = make(rng, n_train + n_test)
        datasets[name] = {
            "X_train": X[:n_train].tolist(), "y_train": y[:n_train].tolist(),
            "X_test": X[n_train:].tolist(), "y_test": y[n_train:].tolist(),
            "trees": {},
        }
        for setting, kw in SETTINGS.items():
            fits = [DecisionTreeClassifier(random_state=s, **kw).fit(X[:n_train], y[:n_train]) for s in range(SEEDS)]
            rec = tree_record(fits[0], X[:n_train], X[n_train:])
            rec["params"] = {CAMEL[k]: v for k, v in kw.items()}
            # How much sklearn's own trees vary with random_state: the room a different RNG legitimately has.
            p0 = fits[0].predict(X[n_train:])
            rec["seeds"] = {
                "seed_invariant": all(same_tree(fits[0], f) for f in fits[1:]),
                "node_count": [min(f.tree_.node_count for f in fits), max(f.tree_.node_count for f in fits)],
                "max_depth": [min(f.tree_.max_depth for f in fits), max(f.tree_.max_depth for f in fits)],
                "min_test_agreement": float(min(np.mean(f.predict(X[n_train:]) == p0) for f in fits[1:])),
            }
            datasets[name]["trees"][setting] = rec
        datasets[name]["forests"] = forests(X[:n_train], y[:n_train], X[n_train:])
    out = {"meta": META, "datasets": datasets}
    FIXTURES.mkdir(parents=True, exist_ok=True)
    path = FIXTURES / "trees-small.json"
    path.write_text(json.dumps(out, sort_keys=True, separators=(",", ":")) + "\n")
    for name, d in datasets.items():
        print(name, {s: (r["node_count"], r["max_depth"], r["seeds"]["seed_invariant"], r["seeds"]["min_test_agreement"]) for s, r in d["trees"].items()})
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")


def fit_times(make, X, y):
    """Wall-clock (time.perf_counter) and CPU seconds of make(0).fit on all rows, median of 3."""
    wall, cpu = [], []
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        make(0).fit(X, y)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {"fit_seconds_median_of_3": statistics.median(wall), "fit_seconds": wall, "fit_cpu_seconds_median_of_3": statistics.median(cpu)}


def load_real():
    """train.csv as features and labels, the model factories and their custseg estimator configs."""
    import pandas as pd
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.multiclass import OneVsRestClassifier

    data_dir = (ROOT / os.environ.get("CUSTSEG_DATA_DIR", "../shared/data/customer-segmentation")).resolve()
    path = data_dir / "train.csv"
    if not path.exists():
        sys.exit(f"{path} not found: set CUSTSEG_DATA_DIR")
    df = pd.read_csv(path)
    X = df.drop(columns=["ID", "Segmentation"])
    y = df["Segmentation"].to_numpy()
    models = {
        "rf100": lambda s: RandomForestClassifier(random_state=s),
        "ovr-rf100": lambda s: OneVsRestClassifier(RandomForestClassifier(random_state=s)),
        "rf300-leaf5": lambda s: RandomForestClassifier(n_estimators=300, min_samples_leaf=5, random_state=s),
    }
    params = {
        "rf100": {"type": "RandomForestClassifier", "params": {}},
        "ovr-rf100": {"type": "OneVsRestClassifier", "params": {"estimator": {"type": "RandomForestClassifier", "params": {}}}},
        "rf300-leaf5": {"type": "RandomForestClassifier", "params": {"nEstimators": 300, "minSamplesLeaf": 5}},
    }
    return df, X, y, models, params


def prepare(X_fit, X_apply):
    """The reference steps (ReferenceSteps of pipeline_logistic.py) and MinMaxScaler fitted on X_fit,
    applied to X_apply; and the column names."""
    from sklearn.preprocessing import MinMaxScaler

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from pipeline_logistic import ReferenceSteps

    steps = ReferenceSteps().fit(X_fit)
    fit_t = steps.transform(X_fit)
    scaler = MinMaxScaler().fit(fit_t)
    return scaler.transform(steps.transform(X_apply)), list(fit_t.columns)


def real():
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.metrics import accuracy_score
    from sklearn.model_selection import StratifiedKFold

    df, X, y, models, params = load_real()
    folds = list(StratifiedKFold(n_splits=5).split(X, y))
    prepared = [(prepare(X.iloc[tr], X.iloc[tr])[0], prepare(X.iloc[tr], X.iloc[te])[0]) for tr, te in folds]
    X_all, feature_names = prepare(X, X)
    out = {"meta": META, "source": {"file": "train.csv", "rows": int(len(df))}, "feature_names": feature_names,
           "fold_test_sizes": [int(len(te)) for _, te in folds], "seeds": [0, 1, 2], "models": {}}
    for name, make in models.items():
        per_seed = []
        for s in out["seeds"]:
            accs = []
            for (tr, te), (Xtr, Xte) in zip(folds, prepared):
                accs.append(float(accuracy_score(y[te], make(s).fit(Xtr, y[tr]).predict(Xte))))
            per_seed.append({"seed": s, "fold_accuracy": accs, "mean_accuracy": float(np.mean(accs))})
        out["models"][name] = {
            "estimator": params[name],
            "cv": per_seed,
            "cv_mean_accuracy": float(np.mean([p["mean_accuracy"] for p in per_seed])),
            **fit_times(make, X_all, y),
        }
        print(name, f"cv {out['models'][name]['cv_mean_accuracy']:.4f}", [round(p["mean_accuracy"], 4) for p in per_seed],
              f"fit {out['models'][name]['fit_seconds_median_of_3']:.3f}s")

    rf = RandomForestClassifier(random_state=0, oob_score=True).fit(X_all, y)
    nodes = [e.tree_.node_count for e in rf.estimators_]
    depths = [e.tree_.max_depth for e in rf.estimators_]
    out["rf100_all_rows"] = {
        "oob_score": float(rf.oob_score_),
        "mean_node_count": float(np.mean(nodes)),
        "mean_max_depth": float(np.mean(depths)),
        "feature_importances": rf.feature_importances_.tolist(),
        "train_accuracy": float(accuracy_score(y, rf.predict(X_all))),
    }
    print("rf100 on all rows", out["rf100_all_rows"])
    path = FIXTURES / "forest-train.json"
    path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {path.relative_to(ROOT)}")


def timing():
    """Re-measures only the fit times of forest-train.json (e.g. on a quieter machine)."""
    df, X, y, models, _ = load_real()
    X_all, _ = prepare(X, X)
    path = FIXTURES / "forest-train.json"
    out = json.loads(path.read_text())
    for name, make in models.items():
        out["models"][name].update(fit_times(make, X_all, y))
        print(name, f"fit {out['models'][name]['fit_seconds_median_of_3']:.3f}s wall, {out['models'][name]['fit_cpu_seconds_median_of_3']:.3f}s CPU")
    path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    parts = sys.argv[1:] or ["small", "real"]
    if "small" in parts:
        small()
    if "real" in parts:
        real()
    if "timing" in parts:
        timing()
