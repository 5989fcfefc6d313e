"""Readers that turn input files into :class:`~nlp.types.Article` records.

One module per format, chosen by file extension (or forced with
``format=``); directories are walked. A record that cannot be read is
yielded as a :class:`~minekg.errors.BadRecord` value (not raised), so the
caller counts it and the batch goes on.

=========  =====================================================  ======================
format     extensions                                             reader
=========  =====================================================  ======================
jsonl      .jsonl .ndjson, also .gz / .zst compressed             :mod:`.jsonl`
csv        .csv                                                   :mod:`.csv_rows`
text       .txt .md (one article per file)                        :mod:`.text`
html       .html .htm (main text, title, date via trafilatura)   :mod:`.html`
warc       .warc .warc.gz (CC-NEWS style, via warcio)             :mod:`.warc`
feed       .rss .atom .xml (RSS/Atom via feedparser)              :mod:`.feed`
=========  =====================================================  ======================
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from minekg.errors import BadRecord
from minekg.sources import csv_rows, feed, html, jsonl, text, warc
from nlp.types import Article

Reader = Callable[[Path], Iterator[Article | BadRecord]]
FORMATS: dict[str, Reader] = {
    "jsonl": jsonl.read,
    "csv": csv_rows.read,
    "text": text.read,
    "html": html.read,
    "warc": warc.read,
    "feed": feed.read,
}
EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl",
    ".jsonl.zst": "jsonl",
    ".ndjson.gz": "jsonl",
    ".csv": "csv",
    ".txt": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}


def format_of(path: Path) -> str | None:
    """The format a file's extension names (``a.warc.gz`` -> ``warc``), or None."""
    name = path.name.lower()
    for extension in sorted(EXTENSIONS, key=len, reverse=True):
        if name.endswith(extension):
            return EXTENSIONS[extension]
    return None


def _files(path: Path, forced: str | None) -> Iterator[Path | BadRecord]:
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and (forced or format_of(p)))
        if not found:
            yield BadRecord(str(path), f"directory holds no readable files ({', '.join(sorted(EXTENSIONS))})")
        yield from found
    elif path.is_file():
        yield path
    else:
        yield BadRecord(str(path), "no such file or directory")


def read(paths: Iterable[str | Path], format: str | None = None) -> Iterator[Article | BadRecord]:
    """Every article in the given files and directories, in order."""
    for given in paths:
        for item in _files(Path(given), format):
            if isinstance(item, BadRecord):
                yield item
                continue
            kind = format or format_of(item)
            if kind is None:
                yield BadRecord(str(item), f"unknown file type; give --format ({', '.join(FORMATS)})")
                continue
            try:
                yield from FORMATS[kind](item)
            except OSError as exc:
                yield BadRecord(str(item), f"cannot read: {exc.strerror or exc}")
