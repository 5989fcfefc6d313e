"""JSON lines (plain, .gz or .zst): one article per line with id, title, published, url and text.

A line longer than ``MAX_LINE_BYTES`` is rejected without being held in memory whole.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import zstandard

from minekg.errors import BadRecord
from minekg.sources.checks import MAX_CHARS, article
from nlp.types import Article

MAX_LINE_BYTES = 6 * MAX_CHARS + 65_536  # a maximal article as \uXXXX-escaped JSON, plus its other fields
_CHUNK = 1 << 20


def open_maybe_compressed(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed when it ends in .gz or .zst."""
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")
    if name.endswith(".zst"):
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(path.open("rb"), closefd=True))
    return path.open("rb")


def lines(handle: IO[bytes], limit: int = MAX_LINE_BYTES) -> Iterator[bytes | None]:
    """Each line's bytes, or None for a line over ``limit`` (read through in chunks and dropped)."""
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        if len(raw) > limit and not raw.endswith(b"\n"):
            while True:  # skip the rest of the over-long line without keeping it
                rest = handle.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
        else:
            yield raw


def _zstd_complete(path: Path) -> bool:
    """Whether a .zst file decompresses to its end (zstandard's reader stops quietly at a cut)."""
    decompressor = zstandard.ZstdDecompressor().decompressobj()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            decompressor.decompress(chunk)
    return decompressor.eof


def read(path: Path) -> Iterator[Article | BadRecord]:
    if path.name.lower().endswith(".zst"):
        try:
            complete = _zstd_complete(path)
        except zstandard.ZstdError:
            complete = False
        if not complete:
            yield BadRecord(str(path), "compressed file is truncated or corrupt; records after the cut are lost")
    try:
        with open_maybe_compressed(path) as handle:
            for number, raw in enumerate(lines(handle), start=1):
                where = f"{path}:{number}"
                if raw is None:
                    yield BadRecord(where, f"line is over {MAX_LINE_BYTES:,} bytes")
                    continue
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
    except (EOFError, gzip.BadGzipFile, zstandard.ZstdError) as exc:
        yield BadRecord(str(path), f"compressed file is truncated or corrupt ({exc})")
