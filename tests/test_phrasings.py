"""Sentences written blind to the code, from the conventions of issue 3 alone, a file per move type.

Each line of ``tests/phrasings/*.txt`` is ``EXPECTED || sentence``: EXPECTED is ``-`` (no move at all) or
moves ``Type:actor-id[:modality]`` separated by commas, each of which must be among the sentence's moves.
A line that starts with ``!`` is a known miss: it is expected to fail, and the test fails once it passes,
so that the mark comes off. Articles are dated 2025-06-10.
"""

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


def _found(move, expected: str) -> bool:
    kind, actor, *modality = expected.split(":")
    return (move.type, move.actor.id) == (kind, actor) and modality in ([], [move.modality])


@pytest.mark.parametrize(("expected", "text"), list(_cases()))
def test_blind_phrasing(extractor, expected, text):
    found = extractor.extract(Article(id="p", text=text, published="2025-06-10")).moves
    if expected == "-":
        assert found == []
    else:
        missing = [e for e in expected.split(",") if not any(_found(m, e) for m in found)]
        assert not missing, [(m.type, m.actor.id, m.modality) for m in found]
