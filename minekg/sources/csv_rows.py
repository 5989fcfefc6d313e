"""CSV with a header row naming id, text and optionally title, published and url."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from minekg.errors import BadRecord
from minekg.sources.checks import MAX_CHARS, article
from nlp.types import Article

csv.field_size_limit(min(sys.maxsize, 4 * MAX_CHARS))


def read(path: Path) -> Iterator[Article | BadRecord]:
    with path.open(encoding="utf-8", newline="", errors="strict") as handle:
        reader = csv.DictReader(handle)
        try:
            if not reader.fieldnames or not {"id", "text"} <= set(reader.fieldnames):
                yield BadRecord(str(path), "CSV header must name at least 'id' and 'text'")
                return
            for row in reader:
                where = f"{path}:{reader.line_num}"
                if None in row:
                    yield BadRecord(where, "row has more fields than the header")
                    continue
                yield article(where, row)
        except UnicodeDecodeError as exc:
            yield BadRecord(f"{path}:{reader.line_num + 1}", f"not valid UTF-8 ({exc.reason}); rest of file skipped")
        except csv.Error as exc:
            yield BadRecord(f"{path}:{reader.line_num}", f"malformed CSV ({exc}); rest of file skipped")
