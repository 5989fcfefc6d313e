"""WARC files (.warc, .warc.gz), CC-NEWS style: each HTML response record is one article."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from minekg.errors import BadRecord
from minekg.sources.html import from_html
from nlp.types import Article


def read(path: Path) -> Iterator[Article | BadRecord]:
    with path.open("rb") as handle:
        number = 0
        try:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response":
                    continue
                number += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{path}:{url or number}"
                content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
                if "html" not in content_type.lower():
                    yield BadRecord(where, f"not an HTML page ({content_type or 'no content type'})")
                    continue
                article_id = hashlib.sha1((url or f"{path}#{number}").encode()).hexdigest()[:16]
                yield from_html(where, record.content_stream().read(), article_id, url)
        except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError) as exc:
            yield BadRecord(
                f"{path}:{number + 1}", f"WARC is truncated or corrupt ({type(exc).__name__}); rest skipped"
            )
