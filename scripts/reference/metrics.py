"""Golden values for packages/ml/src/metrics from scikit-learn 1.2.1 (Debian's /usr/bin/python3).

Run from the repository root:  /usr/bin/python3 scripts/reference/metrics.py
Writes packages/ml/src/metrics/__fixtures__/sklearn-metrics.json. Inputs are synthetic (numpy
seed fixed), so the output is deterministic and needs no data set.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (
    accuracy_score,
    classification_report,
    confusion_matrix,
    log_loss,
    precision_recall_fscore_support,
    roc_auc_score,
)

OUT = "packages/ml/src/metrics/__fixtures__/sklearn-metrics.json"


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def ints(a):
    return [int(v) for v in np.asarray(a).ravel()]


def caught(fn):
    """Runs fn, returning (value, sorted distinct UndefinedMetricWarning texts) or ('error', message)."""
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        try:
            value = fn()
        except ValueError as e:
            return {"error": str(e)}, []
    texts = sorted({str(w.message) for w in rec if issubclass(w.category, UndefinedMetricWarning)})
    return value, texts


def prfs(y, pred, labels, sw, zero_division):
    out = {}
    kw = dict(labels=labels, sample_weight=sw, zero_division=zero_division)
    (p, r, f, s), texts = caught(lambda: precision_recall_fscore_support(y, pred, average=None, **kw))
    used = labels if labels is not None else np.unique(np.concatenate([y, pred]))
    out["labels"] = ints(used)
    out["precision"], out["recall"], out["fscore"], out["support"] = floats(p), floats(r), floats(f), floats(s)
    out["warnings"] = texts
    for avg in ("micro", "macro", "weighted"):
        (ap, ar, af, _), _t = caught(lambda: precision_recall_fscore_support(y, pred, average=avg, **kw))
        out[avg] = {"precision": float(ap), "recall": float(ar), "fscore": float(af)}
    return out


def report_dict(d):
    return {k: (float(v) if not isinstance(v, dict) else {kk: float(vv) for kk, vv in v.items()}) for k, v in d.items()}


def case(name, classes, y, proba, sw=None, labels=None, zero_division="warn", digits=(2,), extra=None):
    k = len(classes)
    y = np.asarray(y, dtype=np.int64)
    proba = np.asarray(proba, dtype=np.float64)
    pred = proba.argmax(axis=1)
    all_labels = list(range(k))
    out = {
        "name": name,
        "classes": classes,
        "y_true": ints(y),
        "proba": floats(proba),
        "y_pred": ints(pred),
        "sample_weight": None if sw is None else floats(sw),
        "labels": None if labels is None else ints(labels),
        "zero_division": zero_division,
    }
    out["accuracy"] = float(accuracy_score(y, pred, sample_weight=sw))
    out["accuracy_count"] = float(accuracy_score(y, pred, sample_weight=sw, normalize=False))
    out["confusion_matrix"] = floats(confusion_matrix(y, pred, labels=all_labels, sample_weight=sw))
    for norm in ("true", "pred", "all"):
        out["confusion_matrix_" + norm] = floats(confusion_matrix(y, pred, labels=all_labels, sample_weight=sw, normalize=norm))
    out["prfs"] = prfs(y, pred, labels, sw, zero_division)
    ll, _ = caught(lambda: log_loss(y, proba, labels=all_labels, sample_weight=sw))
    out["log_loss"] = ll if isinstance(ll, dict) else float(ll)
    ll_sum, _ = caught(lambda: log_loss(y, proba, labels=all_labels, sample_weight=sw, normalize=False))
    out["log_loss_sum"] = ll_sum if isinstance(ll_sum, dict) else float(ll_sum)
    for avg in ("macro", "weighted"):
        if k == 2:
            fn = lambda: roc_auc_score(y, proba[:, 1], sample_weight=sw)
        else:
            fn = lambda: roc_auc_score(y, proba, multi_class="ovr", average=avg, labels=all_labels, sample_weight=sw)
        auc, _ = caught(fn)
        out["roc_auc_" + avg] = auc if isinstance(auc, dict) else float(auc)
    names = None if labels is None else [classes[i] for i in labels]
    target_names = names if names is not None else [classes[i] for i in np.unique(np.concatenate([y, pred]))]
    out["reports"] = {}
    for d in digits:
        text, _ = caught(lambda: classification_report(
            y, pred, labels=labels, target_names=target_names, digits=d, sample_weight=sw, zero_division=zero_division))
        out["reports"][str(d)] = text
    rd, _ = caught(lambda: classification_report(
        y, pred, labels=labels, target_names=target_names, sample_weight=sw, zero_division=zero_division, output_dict=True))
    out["report_dict"] = report_dict(rd)
    if sw is None and k >= 2:
        try:
            out["evaluation"] = evaluation(classes, y, proba, pred)
        except ValueError as e:
            out["evaluation"] = {"error": str(e)}
    if extra:
        out.update(extra)
    return out


def evaluation(classes, y, proba, pred):
    """What evaluateClassification must return, spelled out with scikit-learn calls."""
    k = len(classes)
    all_labels = list(range(k))
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=all_labels, zero_division=0)
    if len(np.unique(y)) == k:
        auc = float(roc_auc_score(y, proba[:, 1]) if k == 2 else roc_auc_score(y, proba, multi_class="ovr", labels=all_labels))
    else:
        auc = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {
            "accuracy": float(accuracy_score(y, pred)),
            "macro_f1": float(precision_recall_fscore_support(y, pred, average="macro")[2]),
            "weighted_f1": float(precision_recall_fscore_support(y, pred, average="weighted")[2]),
            "log_loss": float(log_loss(y, proba, labels=all_labels)),
            "roc_auc_ovr": auc,
            "confusion_matrix": confusion_matrix(y, pred, labels=all_labels).tolist(),
            "per_class": {
                classes[c]: {"precision": float(p[c]), "recall": float(r[c]), "f1": float(f[c]), "support": int(s[c])}
                for c in range(k)
            },
            "n_rows": int(len(y)),
        }


def random_proba(rng, n, k):
    raw = rng.random((n, k))
    return raw / raw.sum(axis=1, keepdims=True)


def main():
    rng = np.random.default_rng(20240601)
    cases = []

    # 1. Four classes, 500 rows: probabilities that carry some signal, so scores are not all ~0.5.
    n, k = 500, 4
    y = rng.integers(0, k, n)
    raw = rng.random((n, k))
    raw[np.arange(n), y] += rng.random(n) * 0.8
    proba = raw / raw.sum(axis=1, keepdims=True)
    seg = ["A", "B", "C", "D"]
    cases.append(case("multiclass-500", seg, y, proba, digits=(0, 1, 2, 3, 4, 6)))
    sw = rng.random(n) * 3
    cases.append(case("multiclass-500-weighted", seg, y, proba, sw=sw, digits=(2, 4)))
    cases.append(case("multiclass-500-labels-subset", seg, y, proba, labels=[2, 0], digits=(2,)))

    # 2. Binary, with long and short class names to exercise the report's column width.
    n = 300
    y = rng.integers(0, 2, n)
    p1 = np.clip(rng.normal(0.35 + 0.3 * y, 0.2), 0.0, 1.0)
    proba = np.column_stack([1 - p1, p1])
    cases.append(case("binary-300", ["no", "a_rather_long_class_name"], y, proba, digits=(2, 3)))
    cases.append(case("binary-300-weighted", ["no", "yes"], y, proba, sw=rng.integers(1, 4, n).astype(float)))

    # 3. A class that is never predicted (zero_division), with 0/1 alternatives.
    n = 120
    y = rng.integers(0, 3, n)
    proba = random_proba(rng, n, 3)
    proba[:, 2] *= 0.05
    proba = proba / proba.sum(axis=1, keepdims=True)
    for z in ("warn", 0, 1):
        cases.append(case(f"never-predicted-zd-{z}", ["x", "y", "z"], y, proba, zero_division=z, digits=(2, 4)))

    # 4. Heavy ties: rows drawn from a handful of probability vectors, including argmax ties.
    vectors = np.array([[0.4, 0.4, 0.2], [0.2, 0.4, 0.4], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.25, 0.25], [0.1, 0.3, 0.6], [0.4, 0.4, 0.2]])
    idx = rng.integers(0, len(vectors), 200)
    proba = vectors[idx]
    y = rng.integers(0, 3, 200)
    cases.append(case("ties", ["lo", "mid", "hi"], y, proba, digits=(2, 5)))
    cases.append(case("ties-weighted", ["lo", "mid", "hi"], y, proba, sw=rng.random(200)))

    # 5. A class absent from y_true: log_loss still defined with labels, ROC AUC raises.
    n = 150
    y = rng.integers(0, 3, n)
    proba = random_proba(rng, n, 4)
    cases.append(case("absent-from-y-true", seg, y, proba))

    # 6. A class absent from both y_true and y_pred: excluded from averages unless labels say so.
    proba = random_proba(rng, n, 4)
    proba[:, 1] *= 0.01
    proba = proba / proba.sum(axis=1, keepdims=True)
    y = rng.choice([0, 2, 3], n)
    cases.append(case("absent-from-both", seg, y, proba))
    cases.append(case("absent-from-both-labels-all", seg, y, proba, labels=[0, 1, 2, 3]))

    # 7. Hard 0/1 probabilities and unnormalised rows: clipping at eps and renormalisation matter.
    n = 40
    y = rng.integers(0, 3, n)
    proba = np.eye(3)[rng.integers(0, 3, n)]
    proba[::5] = rng.random((len(proba[::5]), 3)) * 2
    cases.append(case("extreme-probabilities", ["a", "b", "c"], y, proba))

    # 8. Exact rounding ties in the report (precision 1/8, 3/8, ...: Python rounds half to even).
    y = np.array([0] * 8 + [1] * 8 + [2] * 8)
    pred = np.array([0, 1, 1, 1, 1, 1, 1, 1] + [1, 1, 1, 0, 0, 0, 2, 2] + [2, 2, 2, 2, 2, 0, 0, 0])
    proba = np.eye(3)[pred] * 0.6 + 0.4 / 3
    cases.append(case("rounding-ties", ["p", "q", "r"], y, proba, digits=(0, 1, 2, 3)))

    # 9. Tiny set with one row per class.
    cases.append(case("tiny", ["u", "v"], [0, 1], [[0.3, 0.7], [0.6, 0.4]], digits=(2,)))

    doc = {
        "generator": "scripts/reference/metrics.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "inputs": share_inputs(cases),
        "cases": cases,
        "np_sum": numpy_sums(rng),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as fh:
        # One case per line keeps diffs readable without one line per float.
        fh.write("{\n")
        items = list(doc.items())
        for i, (key, value) in enumerate(items):
            sep = "," if i < len(items) - 1 else ""
            if isinstance(value, list):
                fh.write(f" {json.dumps(key)}: [\n")
                fh.write(",\n".join("  " + json.dumps(v, separators=(",", ":")) for v in value))
                fh.write(f"\n ]{sep}\n")
            elif isinstance(value, dict):
                fh.write(f" {json.dumps(key)}: {{\n")
                fh.write(",\n".join(f"  {json.dumps(kk)}: " + json.dumps(vv, separators=(",", ":")) for kk, vv in value.items()))
                fh.write(f"\n }}{sep}\n")
            else:
                fh.write(f" {json.dumps(key)}: {json.dumps(value)}{sep}\n")
        fh.write("}\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes, {len(cases)} cases)")


def share_inputs(cases):
    """Moves y_true / proba into a shared table so variants of one input do not repeat them."""
    table, ids = {}, {}
    for c in cases:
        key = json.dumps([c["y_true"], c["proba"]])
        if key not in ids:
            ids[key] = c["name"]
            table[c["name"]] = {"y_true": c["y_true"], "proba": c["proba"]}
        for field in ("y_true", "proba"):
            del c[field]
        c["input"] = ids[key]
    return table


def numpy_sums(rng):
    """np.sum / np.mean / np.std on arrays long enough to use numpy's pairwise summation."""
    out = []
    for n in (1, 7, 8, 9, 127, 128, 129, 300, 1037):
        a = rng.standard_normal(n) * 10.0 ** rng.integers(-3, 6, n)
        out.append({"a": floats(a), "sum": float(np.sum(a)), "mean": float(np.mean(a)), "std": float(np.std(a))})
    return out


if __name__ == "__main__":
    main()
