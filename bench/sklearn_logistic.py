"""scikit-learn side of `npm run bench` for the `logistic` preset: the reference pipeline (feature-engine steps,
MinMaxScaler, LogisticRegression) on train.csv. Prints one JSON object of median timings on stdout."""

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
from pipeline_logistic import model  # noqa: E402

DATA_DIR = Path(os.environ.get("CUSTSEG_DATA_DIR", REPO / "../shared/data/customer-segmentation"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "7"))


def median_time(fn, repeats=REPEATS):
    fn()
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return float(np.median(ts))


df = pd.read_csv(DATA_DIR / "train.csv")
X = df.drop(columns=["ID", "Segmentation"])
y = df["Segmentation"].to_numpy()
fitted = model("logistic", False).fit(X, y)
one = X.iloc[[0]]
print(json.dumps({
    "fit_seconds": median_time(lambda: model("logistic", False).fit(X, y)),
    "predict_batch_seconds": median_time(lambda: fitted.predict_proba(X)),
    "predict_one_seconds": median_time(lambda: [fitted.predict_proba(one) for _ in range(20)]) / 20,
    "n_rows": int(len(df)),
    "sklearn_version": sklearn.__version__,
    "numpy_version": np.__version__,
}))
