"""Checks every reader applies to a record before it becomes an Article.

>>> article("a.jsonl:1", {"id": "x", "text": "  "})
BadRecord('a.jsonl:1: empty text')
>>> article("a.jsonl:2", {"id": "x", "text": "MARA sold.", "published": "2024-13-01"}).reason
"published date '2024-13-01' is not YYYY-MM-DD"
"""

from __future__ import annotations

from datetime import date

from minekg.errors import BadRecord
from nlp.types import Article

MAX_CHARS = 1_000_000


def article(where: str, record: dict) -> Article | BadRecord:
    text = record.get("text")
    if not isinstance(text, str):
        return BadRecord(where, "no 'text' field" if text is None else "'text' is not a string")
    if not text.strip():
        return BadRecord(where, "empty text")
    if len(text) > MAX_CHARS:
        return BadRecord(where, f"text of {len(text):,} characters is over the {MAX_CHARS:,} limit")
    article_id = record.get("id")
    if not isinstance(article_id, str) or not article_id.strip():
        return BadRecord(where, "no 'id' field")
    published = record.get("published")
    if published is not None:
        try:
            date.fromisoformat(str(published))
        except ValueError:
            return BadRecord(where, f"published date {published!r} is not YYYY-MM-DD")
        if len(str(published)) != 10:
            return BadRecord(where, f"published date {published!r} is not YYYY-MM-DD")
    return Article(
        id=article_id.strip(),
        text=text,
        title=record.get("title") or None,
        published=published,
        url=record.get("url") or None,
    )
