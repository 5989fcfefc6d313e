"""How likely a move is right: a logistic model over what the extraction knows of it.

The weights in ``confidence.json`` are fit by ``minekg calibrate`` on the gold set's tuning half,
so a move's confidence is the share of such moves that were right there (moves by an organisation
outside the registry, or sharing their sentence with another move, were right less often; moves
with an amount, or in an article's first sentence, more often). The rules decide what a move is;
this only rates it.

>>> from nlp.types import CompanyRef, Evidence, Move
>>> sale = Move("AssetSale", CompanyRef("mara", "MARA Holdings"), Evidence("MARA sold 100 BTC.", 0, 18))
>>> sorted(features(sale, [sale], known={"mara"}))
['first sentence', 'modality=asserted', 'type=AssetSale']
>>> 0 < rated([sale], known={"mara"})[0].confidence < 1
True
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from dataclasses import replace
from importlib.resources import files

from nlp.types import Move

WEIGHTS_FILE = "confidence.json"


def features(move: Move, moves: list[Move], known: Collection[str]) -> dict[str, float]:
    """The facts the model weighs, each 1 when it holds (``moves``: the article's moves; ``known``: registry ids)."""
    facts = {
        f"type={move.type}": True,
        f"modality={move.modality}": True,
        "actor outside the registry": move.actor.id not in known,
        "counterparty": move.counterparty is not None,
        "counterparty outside the registry": move.counterparty is not None and move.counterparty.id not in known,
        "amount": move.amount is not None,
        "asset": move.asset is not None,
        "sector": move.sector is not None,
        "first sentence": move.evidence.start == 0,
        "shares its sentence": any(m is not move and m.evidence.start == move.evidence.start for m in moves),
    }
    return {name: 1.0 for name, holds in facts.items() if holds}


def load_weights() -> dict:
    return json.loads(files("nlp").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8"))


_WEIGHTS = load_weights()


def probability(facts: dict[str, float], weights: dict = _WEIGHTS) -> float:
    z = weights["intercept"] + sum(weights["weights"].get(name, 0.0) * value for name, value in facts.items())
    return 1 / (1 + math.exp(-z))


def rated(moves: list[Move], known: Collection[str], weights: dict = _WEIGHTS) -> list[Move]:
    """The moves with their confidence set by the model, to two decimals."""
    return [replace(move, confidence=round(probability(features(move, moves, known), weights), 2)) for move in moves]
