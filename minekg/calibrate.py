"""Fit the move confidence model (``nlp/confidence.json``) on gold annotations (``minekg calibrate``).

Every predicted move of the gold articles is an example: its features (``nlp.confidence.features``)
and whether it matched a gold move (``minekg.evaluate.match``). scikit-learn's logistic regression
fits the weights; a cross-validation that holds out one gold file at a time reports how precision
rises with confidence on articles the fit did not see.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

from minekg.errors import MinekgError
from minekg.evaluate import THRESHOLDS, Gold, match
from nlp import confidence
from nlp.extract import Extractor


def examples(records: list[Gold], extractor: Extractor | None = None) -> list[tuple[str, dict[str, float], bool]]:
    """(gold file, features, matched a gold move) for each predicted move of the records."""
    extractor = extractor or Extractor()
    known = extractor.registry.companies
    by_id = {record.article.id: record for record in records}
    rows = []
    for extraction in extractor.extract_many(record.article for record in records):
        record = by_id[extraction.article.id]
        moves = extraction.moves
        predicted = [asdict(m) for m in moves]
        pairs, _, _ = match(predicted, record.moves)
        right = {id(p) for p, _ in pairs}
        for move, as_dict in zip(moves, predicted, strict=True):
            rows.append((record.source, confidence.features(move, moves, known), id(as_dict) in right))
    return rows


def fit(rows: list[tuple[str, dict[str, float], bool]]) -> dict:
    """Weights in the form ``nlp.confidence`` reads: an intercept and one weight per feature."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise MinekgError("minekg calibrate needs scikit-learn: pip install 'minekg[calibrate]'") from None
    labels = [right for _, _, right in rows]
    if len(set(labels)) < 2:
        raise MinekgError("the gold moves give only right or only wrong predictions: nothing to fit")
    vectorizer = DictVectorizer(sparse=False)
    model = LogisticRegression(max_iter=1000).fit(vectorizer.fit_transform([f for _, f, _ in rows]), labels)
    weights = dict(zip(vectorizer.feature_names_, (round(float(w), 4) for w in model.coef_[0]), strict=True))
    return {"intercept": round(float(model.intercept_[0]), 4), "weights": weights}


def precision_at(scored: list[tuple[float, bool]]) -> dict[float, tuple[float | None, int]]:
    """Precision of the moves at or above each threshold, and how many they are."""
    out = {}
    for t in (0.0, *THRESHOLDS):
        kept = [right for p, right in scored if p >= t]
        out[t] = (sum(kept) / len(kept) if kept else None, len(kept))
    return out


def cross_validated(rows: list[tuple[str, dict[str, float], bool]]) -> list[tuple[float, bool]]:
    """Each move scored by a model fit without its gold file: (confidence, right)."""
    by_file = defaultdict(list)
    for row in rows:
        by_file[row[0]].append(row)
    scored = []
    for name, held in by_file.items():
        weights = fit([row for row in rows if row[0] != name])
        scored += [(confidence.probability(f, weights), right) for _, f, right in held]
    return scored


def write(weights: dict, path: str | Path, split: str | None, rows: int) -> None:
    record = {**weights, "fit on": {"split": split or "all", "moves": rows}}
    Path(path).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
