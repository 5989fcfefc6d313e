"""RSS and Atom feeds via feedparser (external entities are not expanded): one article per entry."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterator
from pathlib import Path

import feedparser

from minekg.errors import BadRecord
from minekg.sources.checks import article
from nlp.types import Article

_TAGS = re.compile(r"<[^>]+>")


def _text(entry) -> str:
    parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    return html.unescape(_TAGS.sub(" ", "\n".join(parts))).strip()


def read(path: Path) -> Iterator[Article | BadRecord]:
    parsed = feedparser.parse(path.read_bytes())
    if parsed.bozo and not parsed.entries:
        yield BadRecord(str(path), f"not a readable feed ({type(parsed.bozo_exception).__name__})")
        return
    for number, entry in enumerate(parsed.entries, start=1):
        key = entry.get("id") or entry.get("link") or f"{path}#{number}"
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        yield article(
            f"{path}:{key}",
            {
                "id": hashlib.sha1(key.encode()).hexdigest()[:16],
                "text": _text(entry),
                "title": entry.get("title"),
                "published": f"{when.tm_year:04d}-{when.tm_mon:02d}-{when.tm_mday:02d}" if when else None,
                "url": entry.get("link"),
            },
        )
