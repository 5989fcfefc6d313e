"""JSON lines: one article per line with id, title, published, url and text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from minekg.errors import BadRecord
from minekg.sources.checks import article
from nlp.types import Article


def read(path: Path) -> Iterator[Article | BadRecord]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            where = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield BadRecord(where, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield BadRecord(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(record, dict):
                yield BadRecord(where, "a line must hold a JSON object")
                continue
            yield article(where, record)
