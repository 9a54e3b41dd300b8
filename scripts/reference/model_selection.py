"""Golden values for packages/ml/src/model_selection from scikit-learn 1.2.1 (Debian's /usr/bin/python3).

Run from the repository root:  /usr/bin/python3 scripts/reference/model_selection.py
Writes packages/ml/src/model_selection/__fixtures__/sklearn-splits.json. Synthetic cases are
seeded; the real-data section (only class counts and index checksums, no rows) reads train.csv from
CUSTSEG_DATA_DIR (default ../shared/data/customer-segmentation) and is left out when it is absent.
"""
import csv
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split

OUT = "packages/ml/src/model_selection/__fixtures__/sklearn-splits.json"
DATA_DIR = os.environ.get("CUSTSEG_DATA_DIR", "../shared/data/customer-segmentation")
SEEDS = range(200)


def labels_from_counts(counts, rng):
    y = np.repeat(np.arange(len(counts)), counts)
    rng.shuffle(y)
    return y


def split_counts(y, test_size, stratify):
    """Distinct per-class (train, test) counts over many random states, plus the sizes."""
    k = int(y.max()) + 1
    outcomes = set()
    sizes = None
    for seed in SEEDS:
        train, test = train_test_split(np.arange(len(y)), test_size=test_size, random_state=seed,
                                       stratify=y if stratify else None)
        sizes = (len(train), len(test))
        outcomes.add((tuple(np.bincount(y[train], minlength=k).tolist()), tuple(np.bincount(y[test], minlength=k).tolist())))
    return {
        "n_train": sizes[0],
        "n_test": sizes[1],
        "outcomes": [{"train": list(a), "test": list(b)} for a, b in sorted(outcomes)],
    }


def tts_case(counts, test_size, rng):
    y = labels_from_counts(counts, rng)
    case = {"counts": counts, "test_size": test_size}
    try:
        case["stratified"] = split_counts(y, test_size, True)
    except ValueError as e:
        case["stratified"] = {"error": str(e)}
    try:
        case["plain"] = {k: v for k, v in split_counts(y, test_size, False).items() if k != "outcomes"}
    except ValueError as e:
        case["plain"] = {"error": str(e)}
    return case


def skf_case(y, n_splits):
    y = np.asarray(y)
    case = {"y": y.tolist(), "n_splits": n_splits}
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        try:
            folds = list(StratifiedKFold(n_splits).split(np.zeros(len(y)), y))
        except ValueError as e:
            case["error"] = str(e)
            return case
    case["warnings"] = [str(w.message) for w in rec if issubclass(w.category, UserWarning)]
    case["test"] = [test.tolist() for _, test in folds]
    k = int(y.max()) + 1
    shuffled = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # already recorded above
        for seed in range(5):
            fs = StratifiedKFold(n_splits, shuffle=True, random_state=seed).split(np.zeros(len(y)), y)
            shuffled.add(tuple(tuple(np.bincount(y[test], minlength=k).tolist()) for _, test in fs))
    assert len(shuffled) == 1, "per-class fold counts should not depend on the seed"
    case["shuffled_class_counts"] = [list(c) for c in shuffled.pop()]
    return case


def kfold_case(n, n_splits):
    try:
        return {"n": n, "n_splits": n_splits, "test": [t.tolist() for _, t in KFold(n_splits).split(np.zeros(n))]}
    except ValueError as e:
        return {"n": n, "n_splits": n_splits, "error": str(e)}


def real_data():
    path = os.path.join(DATA_DIR, "train.csv")
    if not os.path.exists(path):
        print(f"skipping real-data section: {path} is absent")
        return None
    with open(path, newline="") as fh:
        seg = [row["Segmentation"] for row in csv.DictReader(fh)]
    classes, y = np.unique(seg, return_inverse=True)
    k = len(classes)
    out = {"file": "train.csv", "n": len(y), "classes": classes.tolist(), "class_counts": np.bincount(y).tolist()}
    out["train_test_split"] = [dict(test_size=ts, **split_counts(y, ts, True)) for ts in (0.2, 0.25, 1000)]
    folds = []
    for _, test in StratifiedKFold(5).split(np.zeros(len(y)), y):
        folds.append({
            "size": len(test),
            "class_counts": np.bincount(y[test], minlength=k).tolist(),
            "index_sum": int(test.sum()),
            "index_square_sum": int((test.astype(np.int64) ** 2).sum()),
            "first": test[:5].tolist(),
        })
    out["stratified_kfold_5"] = folds
    return out


def main():
    rng = np.random.default_rng(7)
    tts = [
        tts_case([50, 30, 20], 0.25, rng),
        tts_case([10, 10, 10], 0.3, rng),
        tts_case([7, 5, 3], 0.2, rng),
        tts_case([100], 0.25, rng),
        tts_case([2, 2], 0.5, rng),
        tts_case([3, 3, 3], 3, rng),
        tts_case([3, 3, 3], 4, rng),
        tts_case([1000, 37, 5, 2], 0.1, rng),
        tts_case([13, 11, 7, 5], 0.33, rng),
        tts_case([2, 3, 4, 5, 6], 0.5, rng),
        tts_case([5, 5], 1, rng),
        tts_case([1, 5], 0.5, rng),
        tts_case([4, 4], 8, rng),
        tts_case([2, 2], 0.9, rng),
        tts_case([6, 6, 6], 0.1, rng),
    ]
    skf = [
        skf_case([2, 2, 0, 1, 1, 0, 2, 1, 0, 0, 2, 1], 3),
        skf_case(rng.choice(3, 53, p=[0.2, 0.5, 0.3]), 5),
        skf_case(rng.choice(4, 101, p=[0.4, 0.3, 0.2, 0.1]), 4),
        skf_case([1, 0, 0, 0, 1, 0, 0, 1, 0, 0], 4),
        skf_case([0] * 12 + [1] * 2, 3),
        skf_case([0] * 7, 3),
        skf_case([0, 1], 2),
        skf_case([0, 1, 1], 4),
    ]
    kf = [kfold_case(10, 3), kfold_case(11, 5), kfold_case(3, 3), kfold_case(2, 3)]
    cv_std = []
    for a in ([0.8, 0.82, 0.79, 0.81, 0.8], [1.0, 1.0], [0.61, 0.6349, 0.6012, 0.6533, 0.5978, 0.6231, 0.6404, 0.6111, 0.6299, 0.64]):
        cv_std.append({"a": a, "mean": float(np.mean(a)), "std": float(np.std(a))})
    doc = {
        "generator": "scripts/reference/model_selection.py",
        "sklearn": sklearn.__version__,
        "train_test_split": tts,
        "stratified_kfold": skf,
        "kfold": kf,
        "mean_std": cv_std,
        "real_data": real_data(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as fh:
        fh.write("{\n")
        items = list(doc.items())
        for i, (key, value) in enumerate(items):
            sep = "," if i < len(items) - 1 else ""
            if isinstance(value, list):
                fh.write(f" {json.dumps(key)}: [\n")
                fh.write(",\n".join("  " + json.dumps(v, separators=(",", ":")) for v in value))
                fh.write(f"\n ]{sep}\n")
            else:
                fh.write(f" {json.dumps(key)}: {json.dumps(value, separators=(',', ':'))}{sep}\n")
        fh.write("}\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
