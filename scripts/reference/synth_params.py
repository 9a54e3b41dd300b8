#!/usr/bin/python3
"""Fits the parameters of custseg's synthetic-customer generator (packages/ml/src/synth) from train.csv.

Run from the repository root with Debian's interpreter (it has pandas 1.5.3 / scikit-learn 1.2.1):

    /usr/bin/python3 scripts/reference/synth_params.py

Reads $CUSTSEG_DATA_DIR/train.csv (default ../shared/data/customer-segmentation, relative to the repo root) and
writes two deterministic, commit-ready files that hold figures only, never rows:

- packages/ml/data/synth-params.json: the generative model the TS generator samples from (layout documented in
  packages/ml/src/synth/params.ts).
- packages/ml/src/synth/__fixtures__/real_summary.json: per-segment frequencies, means and missing rates of the
  real data plus a logistic-regression accuracy band, so the TS tests can compare synthetic with real data
  even where train.csv is absent.

The model is a Bayesian network per segment. Its structure below was picked by 5-fold cross-validated
log-likelihood on train.csv among a handful of candidate parent sets per column (keeping the table sizes small),
and every column has Segmentation as a parent so each feature carries its real dependence on the segment.
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA_DIR = os.path.join(ROOT, os.environ.get('CUSTSEG_DATA_DIR', '../shared/data/customer-segmentation'))
PARAMS_OUT = os.path.join(ROOT, 'packages/ml/data/synth-params.json')
SUMMARY_OUT = os.path.join(ROOT, 'packages/ml/src/synth/__fixtures__/real_summary.json')

HEADER = ['ID', 'Gender', 'Ever_Married', 'Age', 'Graduated', 'Profession', 'Work_Experience', 'Spending_Score',
          'Family_Size', 'Var_1', 'Segmentation']
TARGET = 'Segmentation'
CATEGORICAL = ['Gender', 'Ever_Married', 'Graduated', 'Profession', 'Spending_Score', 'Var_1']
# Small-support integer columns are modelled as categorical tables: their spiky shapes (Work_Experience piles up
# at 0, 1, 8 and 9) would be smeared by quantile interpolation.
DISCRETE_INT = ['Work_Experience', 'Family_Size']
FEATURES = [c for c in HEADER if c not in ('ID', TARGET)]

# Lower bounds of the age bands; the last band runs to the oldest customer. Chosen by cross-validated
# likelihood: five-year bands where the data are dense, wider ones in the thin tail.
AGE_BAND_STARTS = [18, 25, 30, 35, 40, 46, 53, 63]
# 5 % steps: enough to follow the skewed tail of the oldest band.
QUANTILE_LEVELS = [i / 20 for i in range(21)]

# (column, parents besides Segmentation, m) in sampling order; parents listed most informative first, because
# smoothing (see cpt) backs off from the last parent to the first with pseudo-count weight m.
STRUCTURE = [
    ('AgeBand', [], None),
    ('Gender', [], None),
    ('Profession', ['AgeBand', 'Gender'], 16),
    ('Ever_Married', ['AgeBand', 'Gender'], 4),
    ('Spending_Score', ['Ever_Married', 'Profession'], 4),
    ('Graduated', ['AgeBand', 'Profession'], 4),
    ('Work_Experience', ['AgeBand'], 64),
    ('Family_Size', ['Ever_Married', 'Spending_Score', 'AgeBand'], 16),
    ('Var_1', ['Graduated', 'Ever_Married'], 64),
]


def sig6(x):
    """Rounds to 6 significant digits; integral values become ints so the JSON stays short and stable."""
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return 0 if x == 0 else x
    r = float(f'{x:.6g}')
    return int(r) if r.is_integer() and abs(r) < 1e15 else r


def dumps(obj, indent=0):
    """Pretty JSON with sorted keys, but arrays of scalars kept on one line to keep the file small and readable."""
    pad = '  ' * indent
    if isinstance(obj, dict):
        if not obj:
            return '{}'
        items = [f'{pad}  {json.dumps(k)}: {dumps(obj[k], indent + 1)}' for k in sorted(obj)]
        return '{\n' + ',\n'.join(items) + '\n' + pad + '}'
    if isinstance(obj, (list, tuple)):
        if all(not isinstance(v, (dict, list, tuple)) for v in obj):
            return '[' + ', '.join(dumps(v) for v in obj) + ']'
        return '[\n' + ',\n'.join(f'{pad}  {dumps(v, indent + 1)}' for v in obj) + '\n' + pad + ']'
    if isinstance(obj, float):
        return json.dumps(sig6(obj))
    return json.dumps(obj)


def load():
    path = os.path.join(DATA_DIR, 'train.csv')
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(df.columns) != HEADER:
        sys.exit(f'{path}: unexpected header {list(df.columns)}')
    df = df.replace('', np.nan)
    df['Age'] = df['Age'].astype(float)
    if df['Age'].isna().any():
        sys.exit('Age has missing values; the generator assumes it is always present')
    for c in DISCRETE_INT:
        v = df[c].astype(float)
        ok = v.dropna()
        if not (ok == ok.round()).all():
            sys.exit(f'{c} has non-integer values')
        df[c] = v.map(lambda x: np.nan if pd.isna(x) else str(int(x)))
    return df


def band_of(age, starts):
    return int(np.searchsorted(np.asarray(starts), age, side='right') - 1)


def categories_of(df, col):
    vals = df[col].dropna().unique().tolist()
    if col in DISCRETE_INT:
        return sorted(vals, key=int)
    return sorted(vals)


def cpt(df, col, parents, cats, parent_cats, segments, m):
    """Rows of P(col | Segmentation, parents), parent index in mixed radix with the last parent fastest.

    Smoothing backs off one parent at a time: the table given (s, p1..pk) is pulled with weight m towards the
    table given (s, p1..pk-1), down to the Laplace-smoothed (alpha = 1) table given the segment alone. Sparse
    cells thus inherit their neighbours' shape, and a structural zero of the first parent (unmarried customers
    never spend High) survives instead of being filled in by the segment's overall frequencies.
    """
    k = len(cats)
    rows = []
    for s in segments:
        g = df[df[TARGET] == s]
        counts = g[col].value_counts()
        base = np.array([counts.get(c, 0) + 1.0 for c in cats])
        base /= base.sum()
        sub = g.dropna(subset=[col] + parents)
        level = {(): base}
        for depth in range(1, len(parents) + 1):
            ps = parents[:depth]
            table = sub.groupby(ps + [col]).size().to_dict()
            nxt = {}
            for combo in np.ndindex(*[len(parent_cats[p]) for p in ps]):
                key = tuple(parent_cats[p][i] for p, i in zip(ps, combo))
                n = np.array([table.get(key + (c,), 0) for c in cats], float)
                nxt[key] = (n + m * level[key[:-1]]) / (n.sum() + m)
            level = nxt
        rows.extend(level[key] for key in level)  # insertion order = mixed radix, last parent fastest
    assert all(len(r) == k for r in rows)
    return [[sig6(p) for p in r] for r in rows]


def smoothed_quantiles(ages, lo, hi):
    """Quantiles of the integer ages spread uniformly over [a - 0.5, a + 0.5], so that sampling by linear
    interpolation and rounding back to integers reproduces the integer frequencies."""
    values = np.arange(lo, hi + 1)
    counts = np.array([(ages == a).sum() for a in values], float)
    present = np.flatnonzero(counts)
    cum = np.concatenate([[0.0], np.cumsum(counts)])
    total = cum[-1]
    out = []
    for p in QUANTILE_LEVELS:
        if p == 0:
            x = values[present[0]] - 0.5
        elif p == 1:
            x = values[present[-1]] + 0.5
        else:
            # The value whose half-open cumulative interval holds p * total; its count is non-zero.
            j = int(np.searchsorted(cum, p * total, side='right') - 1)
            x = values[j] - 0.5 + (p * total - cum[j]) / counts[j]
        out.append(x)
    # Monotone by construction; the guard only protects against float noise.
    return [sig6(v) for v in np.maximum.accumulate(out)]


def fit_params(df):
    segments = sorted(df[TARGET].unique())
    ages = df['Age'].astype(int)
    starts = AGE_BAND_STARTS
    if ages.min() < starts[0]:
        sys.exit(f'youngest customer ({ages.min()}) is below the first age band')
    bands = [[starts[i], (starts[i + 1] - 1) if i + 1 < len(starts) else int(ages.max())] for i in range(len(starts))]
    df = df.copy()
    df['AgeBand'] = [f'{bands[b][0]}-{bands[b][1]}' for b in (band_of(a, starts) for a in ages)]

    cats = {c: categories_of(df, c) for c in CATEGORICAL + DISCRETE_INT}
    cats['AgeBand'] = [f'{lo}-{hi}' for lo, hi in bands]
    cats[TARGET] = segments

    priors = df[TARGET].value_counts(normalize=True)
    nodes = [{'name': TARGET, 'kind': 'categorical', 'parents': [], 'categories': segments,
              'probs': [[sig6(priors[s]) for s in segments]]}]
    for col, parents, m in STRUCTURE:
        nodes.append({'name': col, 'kind': 'categorical', 'parents': [TARGET] + parents, 'categories': cats[col],
                      'probs': cpt(df, col, parents, cats[col], cats, segments, m)})
        if col == 'AgeBand':
            rows = []
            for s in segments:
                for b, (lo, hi) in enumerate(bands):
                    sel = ages[(df[TARGET] == s) & (df['AgeBand'] == cats['AgeBand'][b])].to_numpy()
                    if len(sel) == 0:  # fall back on the band pooled over segments
                        sel = ages[df['AgeBand'] == cats['AgeBand'][b]].to_numpy()
                    if len(sel) == 0:
                        sys.exit(f'age band {lo}-{hi} has no customers; adjust AGE_BAND_STARTS')
                    rows.append(smoothed_quantiles(sel, lo, hi))
            nodes.append({'name': 'Age', 'kind': 'quantile', 'parents': [TARGET, 'AgeBand'], 'integer': True,
                          'levels': [sig6(p) for p in QUANTILE_LEVELS], 'quantiles': rows})

    missing = {c: [sig6(df.loc[df[TARGET] == s, c].isna().mean()) for s in segments] for c in FEATURES}
    return {
        'format': 'custseg-synth-params',
        'version': 1,
        'header': HEADER,
        'id': 'ID',
        'target': TARGET,
        'source': {'file': 'train.csv', 'rows': int(len(df)), 'script': 'scripts/reference/synth_params.py',
                   'pandas': pd.__version__},
        'nodes': nodes,
        'missing': missing,
    }


def logistic_band(df):
    """5-fold CV accuracy of a plain logistic model on the real data: the band synthetic data should land in."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    import sklearn

    X = df[FEATURES].copy()
    for c in DISCRETE_INT:
        X[c] = X[c].astype(float)
    num = ['Age'] + DISCRETE_INT
    pre = ColumnTransformer([
        ('num', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), num),
        ('cat', make_pipeline(SimpleImputer(strategy='constant', fill_value='missing'),
                              OneHotEncoder(handle_unknown='ignore')), CATEGORICAL),
    ])
    model = make_pipeline(pre, LogisticRegression(max_iter=2000))
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = cross_val_score(model, X, df[TARGET], cv=cv, scoring='accuracy')
    return {'cvAccuracy': sig6(scores.mean()), 'cvAccuracyStd': sig6(scores.std()), 'folds': 5,
            'majorityBaseline': sig6(df[TARGET].value_counts(normalize=True).max()), 'sklearn': sklearn.__version__}


def summary(df):
    segments = sorted(df[TARGET].unique())
    per = {}
    for s in segments:
        g = df[df[TARGET] == s]
        freq = {}
        for c in CATEGORICAL + DISCRETE_INT:
            vc = g[c].fillna('').value_counts(normalize=True)
            freq[c] = {k: sig6(vc[k]) for k in sorted(vc.index)}
        per[s] = {
            'rows': int(len(g)),
            'frequencies': freq,
            'meanAge': sig6(g['Age'].mean()),
            'meanWorkExperience': sig6(g['Work_Experience'].dropna().astype(int).mean()),
            'meanFamilySize': sig6(g['Family_Size'].dropna().astype(int).mean()),
            'missing': {c: sig6(g[c].isna().mean()) for c in FEATURES},
        }
    married = df['Ever_Married'] == 'Yes'
    return {
        'source': 'train.csv',
        'rows': int(len(df)),
        'segmentPriors': {s: sig6((df[TARGET] == s).mean()) for s in segments},
        'segments': per,
        'dependences': {
            'meanAgeByEverMarried': {v: sig6(df.loc[df['Ever_Married'] == v, 'Age'].mean()) for v in ['No', 'Yes']},
            'meanFamilySizeByEverMarried': {
                v: sig6(df.loc[df['Ever_Married'] == v, 'Family_Size'].dropna().astype(int).mean()) for v in ['No', 'Yes']},
            'shareLowSpendingByEverMarried': {
                'No': sig6((df.loc[~married & df['Ever_Married'].notna(), 'Spending_Score'] == 'Low').mean()),
                'Yes': sig6((df.loc[married, 'Spending_Score'] == 'Low').mean())},
            'spearmanAgeWorkExperience': sig6(df['Age'].corr(df['Work_Experience'].astype(float), method='spearman')),
        },
        'logistic': logistic_band(df),
    }


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(dumps(obj) + '\n')
    print(f'wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)')


def main():
    df = load()
    write(PARAMS_OUT, fit_params(df))
    write(SUMMARY_OUT, summary(df))


if __name__ == '__main__':
    main()
