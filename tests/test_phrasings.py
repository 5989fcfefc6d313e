"""Sentences written blind to the code, from the conventions of issue 3 alone, a file per theme; and, in
``review.txt``, a code review's sentences, each of which a rule got wrong once.

Each line of ``tests/phrasings/*.txt`` is ``EXPECTED || sentence``: EXPECTED is ``-`` (no move at all) or
moves ``Type:actor-id[:modality][{key=value;...}]`` separated by commas, each of which must be among the
sentence's moves; the keys are counterparty, asset, amount (``500 BTC``, within 1%), sector and date.
A line that starts with ``!`` is a known miss: it is expected to fail, and the test fails once it passes,
so that the mark comes off. Articles are dated 2025-06-10.
"""

import re
from pathlib import Path

import pytest

from nlp.types import Article

PHRASINGS = Path(__file__).parent / "phrasings"


def _cases():
    for path in sorted(PHRASINGS.glob("*.txt")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            expected, text = line.removeprefix("!").split(" || ")
            marks = [pytest.mark.xfail(strict=True, reason="a known miss")] if line.startswith("!") else []
            yield pytest.param(expected.strip(), text, id=f"{path.stem}:{number}", marks=marks)


def _argument(move, key: str, value: str) -> bool:
    if key == "amount":
        number, unit = value.rsplit(" ", 1)
        return (
            move.amount is not None
            and move.amount.unit == unit
            and move.amount.value == pytest.approx(float(number), rel=0.01)
        )
    if key == "counterparty":
        return move.counterparty is not None and move.counterparty.id == value
    return getattr(move, key) == value


def _found(move, expected: str) -> bool:
    """Whether ``move`` is ``Type:actor[:modality][{key=value;...}]``."""
    head, _, arguments = expected.partition("{")
    kind, actor, *modality = head.split(":")
    pairs = [a.split("=", 1) for a in arguments.rstrip("}").split(";") if a]
    return (
        (move.type, move.actor.id) == (kind, actor)
        and modality in ([], [move.modality])
        and all(_argument(move, key.strip(), value.strip()) for key, value in pairs)
    )


@pytest.mark.parametrize(("expected", "text"), list(_cases()))
def test_blind_phrasing(extractor, expected, text):
    found = extractor.extract(Article(id="p", text=text, published="2025-06-10")).moves
    if expected == "-":
        assert found == []
    else:
        missing = [e for e in re.split(r",(?![^{]*})", expected) if not any(_found(m, e) for m in found)]
        assert not missing, found
