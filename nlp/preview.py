"""One article as the explorer's "Add articles" page shows it: its text with companies, other
organisations, people, quantities, dates and each move's evidence sentence highlighted by displaCy's
"span" style (spans may overlap), and its moves as table rows.

displaCy escapes each token's text (``spacy.util.escape_html``: ``& < > "``) but writes span labels,
a title and knowledge-base links into its markup as they are. So the labels here come only from
fixed vocabularies (the entity kinds below, move types, modalities), and no title or link is given.

>>> from nlp.extract import Extractor
>>> from nlp.types import Article
>>> extractor = Extractor()
>>> doc, extraction = extractor.parse(Article("x", "Riot Platforms sold 500 BTC in March 2024. <b>Hi</b>"))
>>> found = spans(doc, extraction.moves, extractor.registry)
>>> [(span["label"], doc.text[span["start"] : span["end"]]) for span in found]
[('AssetSale (asserted)', 'Riot Platforms sold 500 BTC in March 2024.'), ('COMPANY', 'Riot Platforms'),
 ('DATE', 'March 2024'), ('QUANTITY', '500 BTC')]
>>> markup = render(doc, extraction.moves, extractor.registry)
>>> "&lt;b&gt;Hi&lt;/b&gt;" in markup, "<b>" in markup
(True, False)
>>> [(row["type"], row["actor"], row["amount"], row["unit"], row["date"]) for row in move_rows(extraction.moves)]
[('AssetSale', 'Riot Platforms', 500.0, 'BTC', '2024-03')]
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy import displacy
from spacy.displacy.templates import TPL_SPAN, TPL_SPAN_SLICE, TPL_SPAN_START
from spacy.tokens import Doc

from nlp.registry import Registry
from nlp.types import Move

MAX_CHARS = 100_000  # the preview highlights this much of an article; the rest is cut (the store gets all of it)
COLORS = {
    "COMPANY": "#7aecec",  # an organisation of the registry
    "ORG": "#c5e8e8",  # another organisation (a minted id)
    "PERSON": "#aa9cfc",
    "QUANTITY": "#e4e7d2",
    "DATE": "#bfe1d9",
}
MODALITY_COLORS = {"asserted": "#f6c85f", "planned": "#f4a261", "speculative": "#e5989b"}
# displaCy's own templates, but a label stays on one line ("AssetSale (asserted)" over a short word)
TEMPLATE = {
    "span": TPL_SPAN,
    "slice": TPL_SPAN_SLICE,
    "start": TPL_SPAN_START.replace("line-height: 1;", "line-height: 1; white-space: nowrap;"),
}
MOVE_COLUMNS = (
    "type",
    "modality",
    "actor",
    "counterparty",
    "asset",
    "amount",
    "unit",
    "date",
    "confidence",
    "sentence",
)


def move_label(move: Move) -> str:
    """``AssetSale (asserted)``: a move's type and modality, both from closed vocabularies."""
    return f"{move.type} ({move.modality})"


def spans(doc: Doc, moves: Iterable[Move], registry: Registry) -> list[dict]:
    """displaCy's span dicts (token and character offsets, label): evidence sentences first, then mentions."""
    out = []
    for move in moves:
        span = doc.char_span(move.evidence.start, move.evidence.end, alignment_mode="expand")
        if span is not None:
            out.append((span, move_label(move)))
    for ent in doc.ents:
        if ent.label_ == "ORG":
            out.append((ent, "COMPANY" if ent.kb_id_ and registry.get(ent.kb_id_) else "ORG"))
        elif ent.label_ in ("PERSON", "DATE"):
            out.append((ent, ent.label_))
    out.extend((span, "QUANTITY") for span in doc.spans.get("quantities", []))
    return [
        {"start_token": s.start, "end_token": s.end, "start": s.start_char, "end": s.end_char, "label": label}
        for s, label in out
    ]


def render(doc: Doc, moves: Iterable[Move], registry: Registry, max_chars: int = MAX_CHARS) -> str:
    """The article's text as displaCy "span" HTML (no script), one block per line, cut after ``max_chars``.

    displaCy would write each token apart ("&lt; img"); here a displaCy token is a run of the article's
    tokens under the same spans (a word at most, when highlighted), so the text reads as written.
    """
    moves = list(moves)
    found = spans(doc, moves, registry)
    colors = dict(COLORS)
    for move in moves:
        colors[move_label(move)] = MODALITY_COLORS.get(move.modality, "#ddd")
    paragraphs = [_paragraph(doc, line, found) for line in _lines(doc, max_chars)]
    return displacy.render(
        [p for p in paragraphs if p["tokens"]],
        style="span",
        manual=True,
        jupyter=False,
        options={"colors": colors, "template": TEMPLATE},
    )


def _lines(doc: Doc, max_chars: int) -> list[list[int]]:
    """Token indices line by line (a whitespace token holding a line break ends a line), up to ``max_chars``."""
    lines: list[list[int]] = [[]]
    for token in doc:
        if token.idx >= max_chars:
            break
        if token.is_space and "\n" in token.text:
            lines.append([])
        elif not token.is_space:
            lines[-1].append(token.i)
    return [line for line in lines if line]


def _paragraph(doc: Doc, line: list[int], found: list[dict]) -> dict:
    """One line as a displaCy "span" document; its tokens are runs of the article's tokens under the same spans."""
    runs: list[tuple[int, int, frozenset[int]]] = []  # first token, last token, spans covering them
    for i in line:
        under = frozenset(n for n, span in enumerate(found) if span["start_token"] <= i < span["end_token"])
        starts = any(span["start_token"] == i for span in found)
        # highlighted runs break between words, so long sentences wrap; plain text is one run
        same_word = not under or (i > 0 and not doc[i - 1].whitespace_)
        if runs and runs[-1][2] == under and not starts and runs[-1][1] == i - 1 and same_word:
            runs[-1] = (runs[-1][0], i, under)
        else:
            runs.append((i, i, under))
    shown = []
    for n, span in enumerate(found):
        inside = [k for k, run in enumerate(runs) if n in run[2]]
        if inside:
            shown.append({"start_token": inside[0], "end_token": inside[-1] + 1, "label": span["label"]})
    tokens = [doc.text[doc[first].idx : doc[last].idx + len(doc[last])] for first, last, _ in runs]
    return {"text": " ".join(tokens), "tokens": tokens, "spans": shown}


def move_rows(moves: Iterable[Move]) -> list[dict]:
    """One dict per move with ``MOVE_COLUMNS`` (actor and counterparty by name)."""
    return [
        {
            "type": move.type,
            "modality": move.modality,
            "actor": move.actor.name,
            "counterparty": move.counterparty.name if move.counterparty else None,
            "asset": move.asset,
            "amount": move.amount.value if move.amount else None,
            "unit": move.amount.unit if move.amount else None,
            "date": move.date,
            "confidence": move.confidence,
            "sentence": move.evidence.sentence,
        }
        for move in moves
    ]
