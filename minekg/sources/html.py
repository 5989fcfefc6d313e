"""An HTML page is one article: trafilatura extracts its main text, title and date."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import trafilatura

from minekg.errors import BadRecord
from minekg.sources.checks import article
from nlp.types import Article


def from_html(where: str, html: str | bytes, article_id: str, url: str | None = None) -> Article | BadRecord:
    """An Article from one HTML document (shared with the WARC reader)."""
    try:
        # no extensive date search: it turns any year in the text into a day-precise date
        found = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura and lxml raise many kinds on broken markup
        return BadRecord(where, f"cannot extract text from HTML ({type(exc).__name__})")
    if found is None:
        return BadRecord(where, "no article text in the HTML")
    data = found.as_dict() if hasattr(found, "as_dict") else found
    return article(
        where,
        {
            "id": article_id,
            "text": data.get("text") or "",
            "title": data.get("title"),
            "published": (data.get("date") or "")[:10] or None,
            "url": url or data.get("url"),
        },
    )


def read(path: Path) -> Iterator[Article | BadRecord]:
    yield from_html(str(path), path.read_bytes(), path.stem)
