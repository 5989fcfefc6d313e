"""A plain text or Markdown file is one article; its id is the file name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from minekg.errors import BadRecord
from minekg.sources.checks import article
from nlp.types import Article


def read(path: Path) -> Iterator[Article | BadRecord]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield BadRecord(str(path), f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})")
        return
    yield article(str(path), {"id": path.stem, "text": text})
