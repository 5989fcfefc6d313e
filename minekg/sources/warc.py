"""WARC files (.warc, .warc.gz), CC-NEWS style: each HTML response record is one article."""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from minekg.errors import BadRecord
from minekg.sources.html import from_html
from nlp.types import Article


def _gzip_complete(path: Path) -> bool:
    """Whether a gzip file decompresses to its end (warcio stops quietly at a cut member)."""
    try:
        with gzip.open(path, "rb") as handle:
            while handle.read(1 << 20):
                pass
    except (EOFError, gzip.BadGzipFile, zlib.error):
        return False
    return True


def read(path: Path) -> Iterator[Article | BadRecord]:
    if path.name.lower().endswith(".gz") and not _gzip_complete(path):
        yield BadRecord(str(path), "WARC is truncated or corrupt; records after the cut are lost")
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
                content = record.content_stream().read()
                if getattr(record.raw_stream, "limit", 0):  # fewer bytes than its Content-Length
                    yield BadRecord(where, "record is truncated (shorter than its Content-Length)")
                    continue
                yield from_html(where, content, article_id, url)
        # warcio raises AttributeError on a file cut inside a record's headers
        except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError, AttributeError) as exc:
            yield BadRecord(
                f"{path}:{number + 1}", f"WARC is truncated or corrupt ({type(exc).__name__}); rest skipped"
            )
