"""Readers that turn input files into :class:`~nlp.types.Article` records.

One module per format; :func:`read` picks the reader by extension and walks
directories. A record that cannot be read is yielded as a
:class:`~minekg.errors.BadRecord` value (not raised), so the caller counts it
and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from minekg.errors import BadRecord
from minekg.sources import jsonl, text
from nlp.types import Article

READERS = {".jsonl": jsonl.read, ".txt": text.read, ".md": text.read}


def _files(path: Path) -> Iterator[Path | BadRecord]:
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READERS)
        if not found:
            yield BadRecord(str(path), f"directory holds no {', '.join(READERS)} files")
        yield from found
    elif path.is_file():
        yield path
    else:
        yield BadRecord(str(path), "no such file or directory")


def read(paths: Iterable[str | Path]) -> Iterator[Article | BadRecord]:
    """Every article in the given files and directories, in order."""
    for given in paths:
        for item in _files(Path(given)):
            if isinstance(item, BadRecord):
                yield item
                continue
            reader = READERS.get(item.suffix.lower())
            if reader is None:
                yield BadRecord(str(item), f"unsupported file type {item.suffix or '(none)'!r}; use .jsonl or .txt")
                continue
            yield from reader(item)
