#!/usr/bin/env python3
"""Reference figures for packages/ml/src/linear and packages/ml/src/optim.

Run from the repository root with Debian's interpreter (scikit-learn 1.2.1, scipy 1.10):

    /usr/bin/python3 scripts/reference/linear.py

It needs no real data: every data set is generated here with a fixed random_state and stored,
rounded to 4 decimals, inside the fixtures, so the TypeScript tests fit on exactly the same numbers.
(CUSTSEG_DATA_DIR is therefore not read.) Output is deterministic.

Writes
  packages/ml/src/linear/__fixtures__/datasets.json          X, y of each synthetic data set
  packages/ml/src/linear/__fixtures__/logistic-tight.json    LogisticRegression, tol=1e-10, max_iter=10000
  packages/ml/src/linear/__fixtures__/logistic-default.json  LogisticRegression, default tol/max_iter
  packages/ml/src/linear/__fixtures__/logistic-optimum.json  exact optima (newton-cg, tol=1e-12)
  packages/ml/src/linear/__fixtures__/one-vs-rest.json       OneVsRestClassifier(LogisticRegression)
  packages/ml/src/linear/__fixtures__/dummy.json             DummyClassifier priors and predictions
  packages/ml/src/optim/__fixtures__/lbfgs.json              scipy L-BFGS-B on Rosenbrock, MINPACK-2 dcsrch

Note on the tight fits: scikit-learn 1.2 calls scipy's L-BFGS-B with gtol=tol but leaves ftol at
scipy's default 1e7 * eps, so even tol=1e-10 stops on relative decrease of the loss, some 1e-4 away
from the optimum on the 4-class problems. The TypeScript solver reproduces that stopping rule, and
logistic-optimum.json (newton-cg, which has no such rule) pins the objective itself.
"""
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import scipy
import sklearn
from scipy.optimize import _minpack2, minimize, rosen, rosen_der
from sklearn.datasets import make_classification
from sklearn.dummy import DummyClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

ROOT = Path(__file__).resolve().parents[2]
LINEAR = ROOT / "packages/ml/src/linear/__fixtures__"
OPTIM = ROOT / "packages/ml/src/optim/__fixtures__"

META = {
    "generator": "scripts/reference/linear.py",
    "sklearn": sklearn.__version__,
    "scipy": scipy.__version__,
    "numpy": np.__version__,
}


def datasets():
    common = dict(n_samples=300, n_features=6, n_informative=5, n_redundant=0, n_repeated=0)
    specs = {
        "binary": dict(n_classes=2, n_clusters_per_class=2, random_state=0),
        "multiclass": dict(n_classes=4, n_clusters_per_class=1, random_state=1),
        "imbalanced-binary": dict(n_classes=2, n_clusters_per_class=1, weights=[0.9], random_state=3),
        "imbalanced": dict(n_classes=4, n_clusters_per_class=1, weights=[0.7, 0.18, 0.08, 0.04], random_state=2),
    }
    out = {}
    for name, spec in specs.items():
        X, y = make_classification(**common, **spec)
        # Rounded so the fixture stays small; every fit below uses the rounded values.
        out[name] = (np.round(X, 4), y.astype(np.int64))
    return out


# (name, data set, our camelCase params, sklearn kwargs)
CASES = [
    ("binary-C0.01", "binary", {"C": 0.01}, {"C": 0.01}),
    ("binary-C1", "binary", {}, {}),
    ("binary-C100", "binary", {"C": 100}, {"C": 100.0}),
    ("binary-none", "binary", {"penalty": "none"}, {"penalty": None}),
    ("binary-no-intercept", "binary", {"fitIntercept": False}, {"fit_intercept": False}),
    ("binary-multinomial", "binary", {"multiClass": "multinomial"}, {"multi_class": "multinomial"}),
    ("multiclass-C0.01", "multiclass", {"C": 0.01}, {"C": 0.01}),
    ("multiclass-C1", "multiclass", {}, {}),
    ("multiclass-C100", "multiclass", {"C": 100}, {"C": 100.0}),
    ("multiclass-none", "multiclass", {"penalty": "none"}, {"penalty": None}),
    ("multiclass-no-intercept", "multiclass", {"fitIntercept": False}, {"fit_intercept": False}),
    ("multiclass-ovr", "multiclass", {"multiClass": "ovr"}, {"multi_class": "ovr"}),
    ("imbalanced-binary-balanced", "imbalanced-binary", {"classWeight": "balanced"}, {"class_weight": "balanced"}),
    ("imbalanced-balanced", "imbalanced", {"classWeight": "balanced"}, {"class_weight": "balanced"}),
    (
        "imbalanced-balanced-ovr",
        "imbalanced",
        {"classWeight": "balanced", "multiClass": "ovr"},
        {"class_weight": "balanced", "multi_class": "ovr"},
    ),
    (
        "imbalanced-dict-weights",
        "imbalanced",
        {"classWeight": {"0": 1, "1": 2, "2": 5, "3": 10}},
        {"class_weight": {0: 1.0, 1: 2.0, 2: 5.0, 3: 10.0}},
    ),
]

TIGHT = {"tol": 1e-10, "max_iter": 10000}


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def rows(a):
    return [floats(r) for r in np.atleast_2d(a)]


def proba(p):
    # 12 decimals: far below the 1e-6 the tests ask for, and keeps the files small.
    return floats(np.round(p, 12))


def fit_logistic(X, y, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        warnings.filterwarnings("ignore", category=FutureWarning)
        return LogisticRegression(**kwargs).fit(X, y)


def logistic_cases(data, extra, params_extra):
    out = []
    for name, ds, params, kwargs in CASES:
        X, y = data[ds]
        m = fit_logistic(X, y, {**kwargs, **extra})
        out.append(
            {
                "name": name,
                "dataset": ds,
                "params": {**params, **params_extra},
                "coef": rows(m.coef_),
                "intercept": floats(m.intercept_),
                "nIter": [int(v) for v in m.n_iter_],
                "proba": proba(m.predict_proba(X)),
            }
        )
    return out


def optimum_cases(data):
    out = []
    for name, ds, params, kwargs in CASES:
        X, y = data[ds]
        m = fit_logistic(X, y, {**kwargs, "solver": "newton-cg", "tol": 1e-8, "max_iter": 10000})
        out.append(
            {"name": name, "dataset": ds, "params": params, "coef": rows(m.coef_), "intercept": floats(m.intercept_)}
        )
    return out


def ovr_cases(data):
    specs = [
        ("ovr-multiclass", "multiclass", {}, {}),
        ("ovr-binary", "binary", {}, {}),
        ("ovr-imbalanced-balanced", "imbalanced", {"classWeight": "balanced"}, {"class_weight": "balanced"}),
    ]
    out = []
    for settings, extra, params_extra in (("tight", TIGHT, {"tol": 1e-10, "maxIter": 10000}), ("default", {}, {})):
        for name, ds, params, kwargs in specs:
            X, y = data[ds]
            with warnings.catch_warnings():
                warnings.simplefilter("error", ConvergenceWarning)
                m = OneVsRestClassifier(LogisticRegression(**kwargs, **extra)).fit(X, y)
            out.append(
                {
                    "name": f"{name}-{settings}",
                    "dataset": ds,
                    "estimatorParams": {**params, **params_extra},
                    "nEstimators": len(m.estimators_),
                    "coef": [floats(e.coef_) for e in m.estimators_],
                    "intercept": [float(e.intercept_[0]) for e in m.estimators_],
                    "proba": proba(m.predict_proba(X)),
                }
            )
    return out


def dummy_cases(data):
    out = []
    for ds in ("binary", "imbalanced"):
        X, y = data[ds]
        for strategy in ("most_frequent", "prior", "uniform"):
            m = DummyClassifier(strategy=strategy).fit(X, y)
            out.append(
                {
                    "dataset": ds,
                    "strategy": strategy,
                    "classPrior": floats(m.class_prior_),
                    # first 5 rows are enough: these strategies ignore X
                    "proba": floats(m.predict_proba(X[:5])),
                    "predict": [int(v) for v in m.predict(X[:5])] if strategy != "uniform" else None,
                }
            )
    return out


def rosenbrock_cases():
    out = []
    starts = {"rosenbrock-2d": [-1.2, 1.0], "rosenbrock-5d": [-1.2, 1.0, -1.2, 1.0, 0.5]}
    settings = {
        "tight": {"gtol": 1e-10, "ftol": 64 * np.finfo(float).eps, "maxiter": 1000},
        "scipy-default": {},
        "maxiter-5": {"maxiter": 5},
    }
    for name, x0 in starts.items():
        for sname, opts in settings.items():
            r = minimize(lambda x: (rosen(x), rosen_der(x)), np.array(x0), jac=True, method="L-BFGS-B", options=opts)
            out.append(
                {
                    "name": f"{name}-{sname}",
                    "x0": x0,
                    "options": {
                        "gtol": opts.get("gtol", 1e-5),
                        "ftol": opts.get("ftol", 2.2204460492503131e-09),
                        "maxIter": opts.get("maxiter", 15000),
                    },
                    "nIter": int(r.nit),
                    "nFev": int(r.nfev),
                    "status": int(r.status),
                    "x": floats(r.x),
                    "f": float(r.fun),
                }
            )
    return out


def line_search_cases():
    """MINPACK-2 dcsrch (the line search inside L-BFGS-B) on test functions 1 and 2 of More & Thuente (1994)."""
    beta = 2.0
    funcs = {
        "mt1": (lambda a: (-a / (a * a + beta), (a * a - beta) / (a * a + beta) ** 2), 1e-3, 0.1),
        "mt2": (lambda a: ((a + 0.004) ** 5 - 2 * (a + 0.004) ** 4, 5 * (a + 0.004) ** 4 - 8 * (a + 0.004) ** 3), 0.1, 0.1),
    }
    out = []
    for name, (phi, ftol, gtol) in funcs.items():
        for xtol in (1e-10, 0.1):
            for a0 in (1e-3, 1e-1, 1e1, 1e3):
                isave = np.zeros(2, np.intc)
                dsave = np.zeros(13, float)
                f, g = phi(0.0)
                task, stp, evals = b"START", a0, 0
                while True:
                    stp, f, g, task = _minpack2.dcsrch(stp, f, g, ftol, gtol, xtol, task, 0.0, 1e10, isave, dsave)
                    if task[:2] != b"FG":
                        break
                    f, g = phi(stp)
                    evals += 1
                out.append(
                    {
                        "function": name,
                        "ftol": ftol,
                        "gtol": gtol,
                        "xtol": xtol,
                        "a0": a0,
                        "stp": float(stp),
                        "evals": evals,
                        "task": task.decode().strip().split(":")[0],
                    }
                )
    return out


def write(path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    # One case per line: readable diffs without one number per line.
    lines = ["{"]
    items = list(obj.items())
    for i, (k, v) in enumerate(items):
        sep = "," if i < len(items) - 1 else ""
        if isinstance(v, list) and v and isinstance(v[0], dict):
            inner = ",\n".join("  " + json.dumps(c, separators=(",", ":")) for c in v)
            lines.append(f" {json.dumps(k)}: [\n{inner}\n ]{sep}")
        elif isinstance(v, dict) and k == "datasets":
            inner = ",\n".join(f"  {json.dumps(n)}: {json.dumps(d, separators=(',', ':'))}" for n, d in v.items())
            lines.append(f" {json.dumps(k)}: {{\n{inner}\n }}{sep}")
        else:
            lines.append(f" {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}{sep}")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n")
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)", file=sys.stderr)


def main():
    data = datasets()
    write(
        LINEAR / "datasets.json",
        {
            "meta": META,
            "datasets": {
                name: {
                    "nRows": int(X.shape[0]),
                    "nCols": int(X.shape[1]),
                    "X": floats(X),
                    "y": [int(v) for v in y],
                    "classes": [str(c) for c in np.unique(y)],
                }
                for name, (X, y) in data.items()
            },
        },
    )
    write(
        LINEAR / "logistic-tight.json",
        {"meta": {**META, "settings": TIGHT}, "cases": logistic_cases(data, TIGHT, {"tol": 1e-10, "maxIter": 10000})},
    )
    write(
        LINEAR / "logistic-default.json",
        {"meta": {**META, "settings": "tol=1e-4, max_iter=100"}, "cases": logistic_cases(data, {}, {})},
    )
    write(
        LINEAR / "logistic-optimum.json",
        {"meta": {**META, "settings": "solver=newton-cg, tol=1e-12"}, "cases": optimum_cases(data)},
    )
    write(LINEAR / "one-vs-rest.json", {"meta": META, "cases": ovr_cases(data)})
    write(LINEAR / "dummy.json", {"meta": META, "cases": dummy_cases(data)})
    write(OPTIM / "lbfgs.json", {"meta": META, "cases": rosenbrock_cases(), "lineSearch": line_search_cases()})


if __name__ == "__main__":
    main()
