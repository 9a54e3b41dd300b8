#!/usr/bin/env python3
"""scikit-learn on custseg's held-out splits of train.csv, and in repeated cross-validation.

Run from the repository root with Debian's interpreter (scikit-learn 1.2.1), after `npm run build`:

    /usr/bin/python3 scripts/reference/heldout.py

`custseg train` scores a model on a stratified 80/20 split drawn by its own seeded generator (default seed 42).
This script takes exactly those held-out rows (from scripts/reference/heldout-splits.mjs) for seeds 42, 0, 1, 2,
3 and fits scikit-learn's models on the other 80%, so the figures compare one to one with custseg's:
  - best:           custseg's `best` preset in sklearn: OrdinalEncoder codes + HistGradientBoostingClassifier
                    (native categories and NaN; learning rate 0.05, 150 iterations, 8 leaves, 50 per leaf, L2 5)
  - hist-gbdt:      the same preprocessing, sklearn's default HistGradientBoostingClassifier
  - rf300-msl5:     the reference preprocessing (ReferenceSteps + MinMaxScaler), RandomForestClassifier(300,
                    min_samples_leaf=5), the strongest sklearn model the issue lists
  - logistic:       the reference preprocessing, LogisticRegression()
and the same models in scikit-learn's RepeatedStratifiedKFold(5 splits, 10 repeats, random_state=0): the
steadiest estimate of the log loss on customers a model never saw.

Writes packages/ml/src/pipeline/__fixtures__/heldout-sklearn.json (deterministic). Needs
$CUSTSEG_DATA_DIR/train.csv (default ../shared/data/customer-segmentation).
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import RepeatedStratifiedKFold

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from sklearn_models import BUILDERS  # noqa: E402  (the presets' sklearn twins, shared with `npm run bench`)
from sklearn.ensemble import RandomForestClassifier  # noqa: E402
from sklearn_models import reference  # noqa: E402

DATA_DIR = (ROOT / os.environ.get("CUSTSEG_DATA_DIR", "../shared/data/customer-segmentation")).resolve()
OUT = ROOT / "packages/ml/src/pipeline/__fixtures__/heldout-sklearn.json"
SEEDS = [42, 0, 1, 2, 3]
MODELS = {
    "best": BUILDERS["best"],
    "hist-gbdt": BUILDERS["hist-gbdt"],
    "rf300-msl5": lambda: reference(RandomForestClassifier(n_estimators=300, min_samples_leaf=5, random_state=0)),
    "logistic": BUILDERS["logistic"],
}


def scores(model, X, y, train, test, classes):
    p = model().fit(X.iloc[train], y[train]).predict_proba(X.iloc[test])
    return {"accuracy": float(accuracy_score(y[test], np.asarray(classes)[p.argmax(1)])), "log_loss": float(log_loss(y[test], p, labels=classes))}


def main():
    train_csv = DATA_DIR / "train.csv"
    if not train_csv.exists():
        sys.exit(f"{train_csv}: no such file (set CUSTSEG_DATA_DIR)")
    df = pd.read_csv(train_csv)
    X = df.drop(columns=["ID", "Segmentation"])
    y = df["Segmentation"].to_numpy()
    classes = sorted(set(y))
    n = len(y)
    split = subprocess.run(
        ["node", str(ROOT / "scripts/reference/heldout-splits.mjs"), str(train_csv), *map(str, SEEDS)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )
    tests = {int(k): np.asarray(v) for k, v in json.loads(split.stdout).items()}

    splits = []
    for seed in SEEDS:
        test = tests[seed]
        train = np.setdiff1d(np.arange(n), test)
        row = {"seed": seed, "test_rows": len(test), "models": {}}
        for name, model in MODELS.items():
            row["models"][name] = scores(model, X, y, train, test, classes)
        splits.append(row)
        print(seed, {k: round(v["log_loss"], 4) for k, v in row["models"].items()}, file=sys.stderr, flush=True)

    repeated = {}
    folds = list(RepeatedStratifiedKFold(n_splits=5, n_repeats=10, random_state=0).split(X, y))
    for name, model in MODELS.items():
        per = [scores(model, X, y, tr, te, classes) for tr, te in folds]
        repeated[name] = {
            key: {"mean": float(np.mean([s[key] for s in per])), "std": float(np.std([s[key] for s in per]))} for key in ("accuracy", "log_loss")
        }
        print("repeated", name, repeated[name], file=sys.stderr, flush=True)

    out = {
        "generator": "scripts/reference/heldout.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "data": "train.csv",
        "test_size": 0.2,
        "seed_42_test_rows": tests[42].tolist(),
        "splits": splits,
        "repeated_cv": {"n_splits": 5, "n_repeats": 10, "random_state": 0, "models": repeated},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
