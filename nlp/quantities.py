"""Money and quantities in article text, normalised to canonical units.

Canonical units: USD, BTC, MW (power), EH/s (hashrate), J/TH (efficiency), %
and units (counts of machines or GPUs).

>>> [(q.value, q.unit) for q in find_quantities("MARA sold $1.5 billion of bitcoin")]
[(1500000000.0, 'USD')]
>>> [(q.value, q.unit) for q in find_quantities("US$1,500 million; 0.2 GW; 21,200 PH/s")]
[(1500000000.0, 'USD'), (200.0, 'MW'), (21.2, 'EH/s')]
>>> [(q.value, q.unit) for q in find_quantities("it sold 1,500 BTC and bought 30,000 S21 miners")]
[(1500.0, 'BTC'), (30000.0, 'units')]
>>> [(q.value, q.unit) for q in find_quantities("C$30 million, or US$24 million")]
[(24000000.0, 'USD')]
>>> [(q.value, q.unit) for q in find_quantities("650,000 TH/s at 17.5 J/TH; 1,896 Nvidia H100 and H200 GPUs")]
[(0.65, 'EH/s'), (17.5, 'J/TH'), (1896.0, 'units')]
>>> find_quantities("Nvidia GB300 GPUs")
[]
>>> [(q.value, q.unit) for q in find_quantities("Operational hashrate (EH/s): 39.1; power (GW): 0.8")]
[(39.1, 'EH/s'), (800.0, 'MW')]
>>> [(q.value, q.unit) for q in find_quantities("Mining revenue (US$ million): 3.9")]
[(3900000.0, 'USD')]
>>> [(q.value, q.unit) for q in find_quantities("Bitcoin mined (BTC) | 587 | 629")]
[(587.0, 'BTC'), (629.0, 'BTC')]
>>> [(q.value, q.unit) for q in find_quantities("Bitcoin sold (BTC) | - | 445\\nHashrate (EH/s):\\n39.1")]
[(445.0, 'BTC'), (39.1, 'EH/s')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# not part of a model name or a longer number: "GB300 GPUs" counts no GPUs
_NUMBER = r"(?<![A-Za-z0-9.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE_WORDS = {
    "trillion": 1e12,
    "tn": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
}
_SCALE = r"(?:[^\S\n]*(?P<scale>trillion|billion|million|thousand|bn|tn|mln|mn|b|m|k)\b)?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "C$30 million" and "A$" are other currencies: a letter before "$" is not "US"
    ("USD", re.compile(r"(?:\bUS\$|\bUSD\s?|(?<![A-Za-z])\$)\s?" + _NUMBER + _SCALE, re.IGNORECASE)),
    ("USD", re.compile(_NUMBER + _SCALE + r"[^\S\n]*(?:US\s)?dollars\b", re.IGNORECASE)),
    (
        "BTC",
        re.compile(
            _NUMBER
            + _SCALE
            + r"[^\S\n]*(?:(?:self-)?mined\s+|remaining\s+|more\s+)?(?P<unit>BTC|bitcoins?)\b"
            + r"(?!\s+(?:miners?|mining|rigs?|machines?)\b)",
            re.IGNORECASE,
        ),
    ),
    ("MW", re.compile(_NUMBER + r"[\s-]*(?P<unit>MW|megawatts?|GW|gigawatts?|kW|kilowatts?)\b", re.IGNORECASE)),
    (
        "EH/s",
        re.compile(
            _NUMBER + r"[\s-]*(?P<unit>[EPT]H/s|(?:exa|peta|tera)hash(?:es)?(?:\s+per\s+second)?)\b", re.IGNORECASE
        ),
    ),
    ("J/TH", re.compile(_NUMBER + r"[\s-]*(?:[JW]/TH\b|joules?\s+per\s+terahash\b)", re.IGNORECASE)),
    ("%", re.compile(_NUMBER + r"\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)),
    (
        "units",
        re.compile(
            _NUMBER
            + _SCALE
            + r"\s+(?:[\w-]+\s+){0,2}(?:(?:and|or)\s+[\w-]+\s+)?(?P<unit>miners|rigs|machines|GPUs|servers|units)\b",
            re.IGNORECASE,
        ),
    ),
]
# The pipes before a table cell's figure, past cells with none ("| - | 629", "| n/a | 629").
_EMPTY_CELLS = r"(?:[^\S\n]*\|(?:[^\S\n]*(?:-|\u2013|n/?a)[^\S\n]*\|)*)"
# A figure after its unit in brackets, as tables write them: "Operational hashrate (EH/s): 39.1";
# a table row gives one per column: "Bitcoin mined (BTC) | 587 | 629".
_LABELLED = re.compile(
    r"\((?P<unit>EH/s|PH/s|TH/s|MW|GW|kW|J/TH|W/TH|BTC|%|US\$|USD)(?:\s+(?P<label_scale>million|billion|mn|bn|m))?\)"
    r"(?:\s*:?\s*|" + _EMPTY_CELLS + r"[^\S\n]*)" + _NUMBER + _SCALE,
    re.IGNORECASE,
)
_NEXT_CELL = re.compile(_EMPTY_CELLS + r"[^\S\n]*" + _NUMBER + _SCALE, re.IGNORECASE)
_LABELLED_UNITS = {"eh": "EH/s", "ph": "EH/s", "th": "EH/s", "mw": "MW", "gw": "MW", "kw": "MW", "j/": "J/TH",
                   "w/": "J/TH", "bt": "BTC", "%": "%", "us": "USD"}  # fmt: skip
# Multipliers into the canonical unit, keyed by the first letters of the written unit.
_POWER = {"mw": 1.0, "me": 1.0, "gw": 1e3, "gi": 1e3, "kw": 1e-3, "ki": 1e-3}
_HASH = {"eh": 1.0, "ex": 1.0, "ph": 1e-3, "pe": 1e-3, "th": 1e-6, "te": 1e-6}


@dataclass(frozen=True)
class Quantity:
    """A quantity found in text: ``text[start:end]`` is how it was written."""

    value: float
    unit: str
    start: int
    end: int


def _number(match: re.Match[str]) -> float:
    value = float(match.group("num").replace(",", ""))
    scale = (match.groupdict().get("scale") or "").lower()
    return value * _SCALE_WORDS.get(scale, 1.0)


def _canonical(unit: str, match: re.Match[str]) -> float:
    value = _number(match)
    written = (match.groupdict().get("unit") or "").lower()[:2]
    if unit == "MW":
        value *= _POWER[written]
    elif unit == "EH/s":
        value *= _HASH[written]
    return round(value, 9)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, left to right; earlier patterns win overlaps."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for unit, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            found.append(Quantity(_canonical(unit, match), unit, start, end))
    for label in _LABELLED.finditer(text):
        unit = _LABELLED_UNITS[label.group("unit").lower()[:2]]
        factor = {"PH/s": 1e-3, "TH/s": 1e-6, "GW": 1e3, "kW": 1e-3}.get(label.group("unit"), 1.0)
        factor *= _SCALE_WORDS.get((label.group("label_scale") or "").lower(), 1.0)  # "(US$ million): 3.9"
        match: re.Match[str] | None = label
        while match is not None:
            start, end = match.start("num"), match.end()
            if not any(start < b and a < end for a, b in taken):
                found.append(Quantity(round(_number(match) * factor, 9), unit, start, end))
            match = _NEXT_CELL.match(text, end)
    return sorted(found, key=lambda q: q.start)
