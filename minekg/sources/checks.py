"""Checks every reader applies to a record before it becomes an Article.

>>> article("a.jsonl:1", {"id": "x", "text": "  "})
BadRecord('a.jsonl:1: empty text')
>>> article("a.jsonl:2", {"id": "x", "text": "MARA sold its Texas site.", "published": "2024-13-01"}).reason
"published date '2024-13-01' is not YYYY-MM-DD"
>>> article("a.jsonl:3", {"id": "x", "text": "MARA \\ud800 sold its Texas site."}).reason
'text holds a lone surrogate (not valid Unicode)'
"""

from __future__ import annotations

import re
from datetime import date

from minekg.errors import BadRecord
from nlp.types import Article

MAX_CHARS = 1_000_000  # one article's text; longer records are rejected, never silently cut
MIN_WORDS = 5
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def article(where: str, record: dict) -> Article | BadRecord:
    text = record.get("text")
    if not isinstance(text, str):
        return BadRecord(where, "no 'text' field" if text is None else "'text' is not a string")
    if not text.strip():
        return BadRecord(where, "empty text")
    if len(text) > MAX_CHARS:
        return BadRecord(where, f"text of {len(text):,} characters is over the {MAX_CHARS:,} limit")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return BadRecord(where, "text holds a lone surrogate (not valid Unicode)")
    if _CONTROL.search(text):
        return BadRecord(where, "text holds control characters (binary or corrupted content)")
    if len(text.split()) < MIN_WORDS:
        return BadRecord(where, f"text of {len(text.split())} word(s) is not an article")
    article_id = record.get("id")
    if not isinstance(article_id, str) or not article_id.strip():
        return BadRecord(where, "no 'id' field")
    published = record.get("published") or None
    if published is not None:
        try:
            date.fromisoformat(str(published))
        except ValueError:
            return BadRecord(where, f"published date {published!r} is not YYYY-MM-DD")
        if len(str(published)) != 10:
            return BadRecord(where, f"published date {published!r} is not YYYY-MM-DD")
    title = record.get("title") or None
    url = record.get("url") or None
    for name, value in (("title", title), ("url", url)):
        if value is not None and (not isinstance(value, str) or _CONTROL.search(value)):
            return BadRecord(where, f"'{name}' is not clean text")
    return Article(id=article_id.strip(), text=text, title=title, published=published, url=url)
