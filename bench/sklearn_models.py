"""scikit-learn side of `npm run bench`: the same pipelines as custseg's presets, timed on train.csv.

    /usr/bin/python3 bench/sklearn_models.py PRESET [PRESET ...]

Prints one JSON object {preset: {fit_seconds, predict_batch_seconds, predict_one_seconds, ...}} of medians.
`logistic`, `seed`, `random-forest` use the reference preprocessing (ReferenceSteps + MinMaxScaler, as the reference
project); `hist-gbdt` and `best` use native categories (OrdinalEncoder codes, categorical_features) and native NaN;
`blend` its own shared preprocessing and a soft VotingClassifier (see blend()).
"""

import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts/reference"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from pipeline_logistic import ReferenceSteps  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier, VotingClassifier  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.multiclass import OneVsRestClassifier  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, OrdinalEncoder  # noqa: E402

DATA_DIR = Path(os.environ.get("CUSTSEG_DATA_DIR", REPO / "../shared/data/customer-segmentation"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
CATEGORICAL = ["Gender", "Ever_Married", "Graduated", "Profession", "Spending_Score", "Var_1"]
NUMERIC = ["Age", "Work_Experience", "Family_Size"]


def reference(est):
    return Pipeline([("prep", ReferenceSteps()), ("scale", MinMaxScaler()), ("model", est)])


def native(**params):
    codes = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan, encoded_missing_value=np.nan)
    ct = ColumnTransformer([("cat", codes, CATEGORICAL), ("num", "passthrough", NUMERIC)])
    return Pipeline([("codes", ct), ("model", HistGradientBoostingClassifier(categorical_features=list(range(len(CATEGORICAL))), random_state=0, **params))])


def blend():
    """custseg's `blend` preset (presets.ts): missing indicators + median imputation of the numbers, missing
    categories as "Missing", Spending_Score ordinal, the other categories one-hot (binary ones as one column), then
    a soft vote of `best`'s gradient boosting and a random forest (150 trees, at least 5 per leaf)."""
    others = [c for c in CATEGORICAL if c != "Spending_Score"]
    ct = ColumnTransformer([
        ("num", SimpleImputer(strategy="median", add_indicator=True), NUMERIC),
        ("ss", OrdinalEncoder(categories=[["Low", "Average", "High"]]), ["Spending_Score"]),
        ("cat", Pipeline([("fill", SimpleImputer(strategy="constant", fill_value="Missing")), ("oh", OneHotEncoder(drop="if_binary"))]), others),
    ])
    hgb = HistGradientBoostingClassifier(learning_rate=0.05, max_iter=150, max_leaf_nodes=8, min_samples_leaf=50, l2_regularization=5, random_state=0)
    rf = RandomForestClassifier(n_estimators=150, min_samples_leaf=5, random_state=0)
    return Pipeline([("prep", ct), ("model", VotingClassifier([("hgb", hgb), ("rf", rf)], voting="soft"))])


BUILDERS = {
    "logistic": lambda: reference(LogisticRegression()),
    "seed": lambda: reference(OneVsRestClassifier(RandomForestClassifier(random_state=0))),
    "random-forest": lambda: reference(RandomForestClassifier(random_state=0)),
    "hist-gbdt": lambda: native(),
    # custseg's `best` preset (presets.ts): learning rate 0.05, 150 iterations, 8 leaves, 50 per leaf, L2 5.
    "best": lambda: native(learning_rate=0.05, max_iter=150, max_leaf_nodes=8, min_samples_leaf=50, l2_regularization=5),
    "blend": blend,
}


def median_time(fn, repeats):
    fn()
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return float(np.median(ts))


def main():
    df = pd.read_csv(DATA_DIR / "train.csv")
    X = df.drop(columns=["ID", "Segmentation"])
    y = df["Segmentation"].to_numpy()
    one = X.iloc[[0]]
    out = {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__}
    for name in sys.argv[1:]:
        build = BUILDERS[name]
        heavy = name in ("seed", "random-forest", "blend")
        repeats = max(1, REPEATS // 2) if heavy else REPEATS
        fitted = build().fit(X, y)
        out[name] = {
            "fit_seconds": median_time(lambda: build().fit(X, y), repeats),
            "predict_batch_seconds": median_time(lambda: fitted.predict_proba(X), repeats),
            "predict_one_seconds": median_time(lambda: [fitted.predict_proba(one) for _ in range(10)], repeats) / 10,
            "n_rows": int(len(df)),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
