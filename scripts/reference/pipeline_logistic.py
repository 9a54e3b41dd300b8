"""Reference figures for the `logistic` and `ovr-logistic` presets (run from the repo root with Debian's Python):

    /usr/bin/python3 scripts/reference/pipeline_logistic.py

The reference project's scikit-learn Pipeline (feature-engine steps, written here as one fit/transform class
because feature-engine is not installable: same semantics as scripts/reference/preprocessing.py) followed by
LogisticRegression (multinomial) or OneVsRestClassifier(LogisticRegression). Writes
packages/ml/src/pipeline/__fixtures__/logistic-pipeline.json with, for each model and both sklearn's default
and a tight tolerance: coefficients and probabilities after a fit on all of train.csv, and per-fold scores of
5-fold StratifiedKFold (shuffle=False, whose folds custseg reproduces exactly).
"""

import json
import math
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, log_loss
from sklearn.model_selection import StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = (REPO / os.environ.get("CUSTSEG_DATA_DIR", "../shared/data/customer-segmentation")).resolve()
OUT = REPO / "packages/ml/src/pipeline/__fixtures__/logistic-pipeline.json"


class ReferenceSteps(BaseEstimator, TransformerMixin):
    """feature-engine's MeanMedianImputer, CategoricalImputer, OneHotEncoder(drop_last_binary),
    CountFrequencyEncoder(frequency) and the Spending_Score map, fitted on the training rows only."""

    MEAN = ["Work_Experience", "Family_Size"]
    MODE = ["Ever_Married", "Graduated", "Profession", "Var_1"]
    OHE = ["Gender", "Ever_Married", "Graduated"]
    FREQ = ["Profession", "Var_1"]
    SPENDING = {"Low": 1, "Average": 2, "High": 3}

    def fit(self, X, y=None):
        X = X.copy()
        self.means_ = X[self.MEAN].mean().to_dict()
        X[self.MEAN] = X[self.MEAN].fillna(self.means_)
        self.modes_ = X[self.MODE].mode().iloc[0].to_dict()
        X[self.MODE] = X[self.MODE].fillna(self.modes_)
        self.ohe_ = {}
        for v in self.OHE:
            cats = list(X[v].unique())
            self.ohe_[v] = cats[:1] if len(cats) == 2 else cats
        self.freq_ = {v: X[v].value_counts(normalize=True).to_dict() for v in self.FREQ}
        return self

    def transform(self, X):
        X = X.copy()
        X[self.MEAN] = X[self.MEAN].fillna(self.means_)
        X[self.MODE] = X[self.MODE].fillna(self.modes_)
        for v in self.OHE:
            for c in self.ohe_[v]:
                X[f"{v}_{c}"] = np.where(X[v] == c, 1, 0)
        X = X.drop(columns=self.OHE)
        for v in self.FREQ:
            X[v] = X[v].map(self.freq_[v]).fillna(0)
        X["Spending_Score"] = X["Spending_Score"].map(self.SPENDING)
        return X


def model(kind, tight):
    lr = dict(C=1.0, max_iter=10000, tol=1e-10) if tight else dict()
    est = LogisticRegression(**lr) if kind == "logistic" else OneVsRestClassifier(LogisticRegression(**lr))
    return Pipeline([("prep", ReferenceSteps()), ("scale", MinMaxScaler()), ("model", est)])


def coefficients(pipe, kind):
    m = pipe.named_steps["model"]
    if kind == "logistic":
        return {"coef": m.coef_.tolist(), "intercept": m.intercept_.tolist(), "n_iter": int(m.n_iter_[0])}
    return {
        "coef": [e.coef_[0].tolist() for e in m.estimators_],
        "intercept": [float(e.intercept_[0]) for e in m.estimators_],
        "n_iter": [int(e.n_iter_[0]) for e in m.estimators_],
    }


def main():
    path = DATA_DIR / "train.csv"
    if not path.exists():
        sys.exit(f"{path} not found: set CUSTSEG_DATA_DIR")
    df = pd.read_csv(path)
    X = df.drop(columns=["ID", "Segmentation"])
    y = df["Segmentation"].to_numpy()
    classes = sorted(set(y))
    out = {
        "source": {"file": "train.csv", "rows": int(len(df)), "versions": {"sklearn": sklearn.__version__, "pandas": pd.__version__, "numpy": np.__version__}},
        "classes": classes,
        "probe_rows": list(range(0, len(df), 200)),
        "models": {},
    }
    folds = list(StratifiedKFold(n_splits=5).split(X, y))
    out["fold_test_sizes"] = [int(len(te)) for _, te in folds]
    out["fold_test_first"] = [te[:5].tolist() for _, te in folds]
    for kind in ["logistic", "ovr-logistic"]:
        for tight in [False, True]:
            pipe = model(kind, tight).fit(X, y)
            proba = pipe.predict_proba(X)
            feature_names = list(pipe.named_steps["prep"].transform(X.head(2)).columns)
            cv = []
            for tr, te in folds:
                p = model(kind, tight).fit(X.iloc[tr], y[tr])
                pp = p.predict_proba(X.iloc[te])
                pred = p.predict(X.iloc[te])
                cv.append({
                    "accuracy": float(accuracy_score(y[te], pred)),
                    "macro_f1": float(f1_score(y[te], pred, average="macro")),
                    "log_loss": float(log_loss(y[te], pp, labels=classes)),
                })
            out["models"][f"{kind}{'-tight' if tight else ''}"] = {
                "feature_names": feature_names,
                **coefficients(pipe, kind),
                "proba_probe": proba[out["probe_rows"]].tolist(),
                "train_accuracy": float(accuracy_score(y, pipe.predict(X))),
                "cv": cv,
                "cv_mean_accuracy": float(np.mean([f["accuracy"] for f in cv])),
            }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT.relative_to(REPO)}: " + ", ".join(f"{k} cv {v['cv_mean_accuracy']:.4f}" for k, v in out["models"].items()))


if __name__ == "__main__":
    main()
