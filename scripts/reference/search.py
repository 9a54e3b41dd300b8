"""Golden values for packages/ml/src/search and packages/ml/src/inspection from scikit-learn 1.2.1.

Run from the repository root with Debian's Python:  /usr/bin/python3 scripts/reference/search.py

Writes
  packages/ml/src/search/__fixtures__/sklearn-search.json
      ParameterGrid enumeration order, ParameterSampler's candidate counts and warning, rank_test_score of a
      real GridSearchCV with tied and failed candidates, the four scorers on small seeded cases, and (with
      train.csv) GridSearchCV over the reference logistic pipeline's C.
  packages/ml/src/inspection/__fixtures__/permutation-importance.json   (only with train.csv)
      permutation_importance of the reference logistic pipeline per raw column.
The reference pipeline is imported from scripts/reference/pipeline_logistic.py. The real-data sections read
train.csv from CUSTSEG_DATA_DIR (default ../shared/data/customer-segmentation) and are left out when it is
absent. Only figures are written, never rows of the data.
"""
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning, FitFailedWarning
from sklearn.inspection import permutation_importance
from sklearn.metrics import get_scorer
from sklearn.model_selection import GridSearchCV, ParameterGrid, ParameterSampler, StratifiedKFold
from scipy.stats import uniform

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline_logistic import DATA_DIR, REPO, model  # noqa: E402

SEARCH_OUT = REPO / "packages/ml/src/search/__fixtures__/sklearn-search.json"
INSPECTION_OUT = REPO / "packages/ml/src/inspection/__fixtures__/permutation-importance.json"

GRIDS = {
    "pipeline": {"estimator.C": [0.01, 1, 100], "estimator.maxIter": [50, 100], "steps.2.topCategories": [1, 2]},
    "list_of_grids": [{"b": [1, 2], "a": ["x", "y"]}, {}, {"c": [True, False, None]}],
    "code_point_order": {"beta": [1], "Alpha": [1, 2], "alpha": [3, 4], "a.b": [5], "a_b": [6, 7], "\u00e9": [8]},
    "single": {"estimator": [{"type": "DummyClassifier", "params": {}}, {"type": "LogisticRegression", "params": {"C": 2}}]},
}


def parameter_grids():
    out = {}
    for name, grid in GRIDS.items():
        pg = ParameterGrid(grid)
        cands = list(pg)
        assert cands == [pg[i] for i in range(len(pg))]
        out[name] = {"grid": grid, "candidates": cands, "size": len(pg)}
    return out


def parameter_sampler():
    """What sklearn promises whatever its random stream: how many candidates, distinct or not, and the warning."""
    cases = {
        "all_lists_small": ({"a": [1, 2], "b": ["x"]}, 10),
        "all_lists_large": ({"a": list(range(6)), "b": ["x", "y"]}, 5),
        "continuous": ({"a": [1, 2], "c": uniform(0, 1)}, 7),
    }
    out = {}
    for name, (dists, n_iter) in cases.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            cands = list(ParameterSampler(dists, n_iter=n_iter, random_state=0))
        keys = [tuple(sorted(c.items())) for c in cands if all(not isinstance(v, float) for v in c.values())]
        out[name] = {
            "n_iter": n_iter,
            "n_candidates": len(cands),
            "distinct": len(set(keys)) == len(keys) if keys else None,
            "warnings": [str(w.message) for w in caught if issubclass(w.category, UserWarning)],
        }
    return out


class FixedScore(ClassifierMixin, BaseEstimator):
    """Scores `value` on every fold; None makes fit raise, which GridSearchCV records as error_score (NaN)."""

    def __init__(self, value=0.0):
        self.value = value

    def fit(self, X, y):
        if self.value is None:
            raise ValueError("this candidate fails on purpose")
        self.classes_ = np.unique(y)
        return self

    def score(self, X, y):
        return self.value


def ranks():
    X = np.zeros((12, 1))
    y = np.array([0, 1] * 6)
    cases = [
        [0.5, 0.7, 0.5, 0.7, 0.1],
        [0.2, 0.2, 0.2],
        [0.5, None, 0.7, None, 0.5],
        [-1.0, 0.0, -1.0, None],
        [0.9],
    ]
    out = []
    for values in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=FitFailedWarning)
            warnings.simplefilter("ignore", category=UserWarning)
            gs = GridSearchCV(FixedScore(), {"value": values}, cv=StratifiedKFold(3), refit=False).fit(X, y)
        r = gs.cv_results_
        out.append({
            "values": values,
            "mean_test_score": [None if np.isnan(m) else float(m) for m in r["mean_test_score"]],
            "rank_test_score": r["rank_test_score"].tolist(),
            "best_index": int(gs.best_index_),
        })
    return out


class FixedProba(ClassifierMixin, BaseEstimator):
    """Hands a scorer fixed probabilities, so sklearn's scorer objects themselves are exercised."""

    def __init__(self, proba=None, classes=None):
        self.proba = proba
        self.classes = classes

    def fit(self, X, y):
        return self

    def predict_proba(self, X):
        return self.proba

    def predict(self, X):
        return self.classes_[np.argmax(self.proba, axis=1)]

    @property
    def classes_(self):
        return np.asarray(self.classes)


def scorers():
    classes = ["A", "B", "C", "D"]
    out = []
    rng = np.random.RandomState(7)
    for case in range(6):
        n = [8, 13, 40, 9, 25, 60][case]
        y = rng.randint(0, 4, size=n)
        if case == 3:
            y[y == 2] = 1  # class C never true: balanced accuracy drops it, f1_macro keeps it only if predicted
        proba = rng.dirichlet(np.ones(4) * 0.7, size=n)
        if case == 4:
            proba[:, 3] = 0.0  # D never predicted
            proba /= proba.sum(axis=1, keepdims=True)
        labels = np.array(classes)[y]
        est = FixedProba(proba, classes)
        X = np.zeros((n, 1))
        scores = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name in ["accuracy", "balanced_accuracy", "f1_macro", "neg_log_loss"]:
                if name == "neg_log_loss" and len(set(y)) < 4:
                    continue  # sklearn's scorer refuses a y_true without every class
                scores[name] = float(get_scorer(name)(est, X, labels))
        out.append({"y_true": y.tolist(), "proba": proba.tolist(), "scores": scores})
    return out


def real_grid_searches(X, y):
    searches = {
        "logistic_C_accuracy": ("logistic", {"model__C": [0.01, 0.1, 1.0, 10.0, 100.0]}, "accuracy", "estimator.C"),
        "logistic_C_neg_log_loss": ("logistic", {"model__C": [0.01, 1.0, 100.0]}, "neg_log_loss", "estimator.C"),
        "ovr_C_f1_macro": ("ovr-logistic", {"model__estimator__C": [0.1, 1.0, 10.0]}, "f1_macro", "estimator.estimator.C"),
    }
    out = {}
    for name, (kind, grid, scoring, key) in searches.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=ConvergenceWarning)
            gs = GridSearchCV(model(kind, False), grid, cv=5, scoring=scoring, refit=False).fit(X, y)
        r = gs.cv_results_
        (sk_key, values), = grid.items()
        out[name] = {
            "preset": kind,
            "scoring": scoring,
            "key": key,
            "values": values,
            "split_test_scores": [[float(r[f"split{s}_test_score"][c]) for s in range(5)] for c in range(len(values))],
            "mean_test_score": r["mean_test_score"].tolist(),
            "std_test_score": r["std_test_score"].tolist(),
            "rank_test_score": r["rank_test_score"].tolist(),
            "best_index": int(gs.best_index_),
        }
    return out


def real_permutation_importance(X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=ConvergenceWarning)
        pipe = model("logistic", False).fit(X, y)
    res = permutation_importance(pipe, X, y, scoring="accuracy", n_repeats=10, random_state=0)
    return {
        "preset": "logistic",
        "scoring": "accuracy",
        "n_repeats": 10,
        "baseline_score": float(get_scorer("accuracy")(pipe, X, y)),
        "columns": list(X.columns),
        "importances_mean": res.importances_mean.tolist(),
        "importances_std": res.importances_std.tolist(),
    }


def write(path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=1, sort_keys=True) + "\n")
    print(f"wrote {path.relative_to(REPO)} ({path.stat().st_size} bytes)")


def main():
    versions = {"sklearn": sklearn.__version__, "numpy": np.__version__, "pandas": pd.__version__}
    search = {
        "versions": versions,
        "parameter_grid": parameter_grids(),
        "parameter_sampler": parameter_sampler(),
        "ranks": ranks(),
        "scorers": scorers(),
    }
    path = DATA_DIR / "train.csv"
    if path.exists():
        df = pd.read_csv(path)
        X = df.drop(columns=["ID", "Segmentation"])
        y = df["Segmentation"].to_numpy()
        folds = list(StratifiedKFold(n_splits=5).split(X, y))
        search["real"] = {
            "rows": int(len(df)),
            "fold_test_sizes": [int(len(te)) for _, te in folds],
            "searches": real_grid_searches(X, y),
        }
        write(INSPECTION_OUT, {"versions": versions, "rows": int(len(df)), **real_permutation_importance(X, y)})
    else:
        print(f"{path} not found: real-data sections left out (set CUSTSEG_DATA_DIR)")
    write(SEARCH_OUT, search)


if __name__ == "__main__":
    main()
