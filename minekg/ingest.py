"""Orchestration: read -> extract -> write, with rejects counted and kept.

>>> from graph.store import Store
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.jsonl").write_text('{"id": "a", "text": "Riot Platforms sold 500 BTC."}\\n{oops\\n')
>>> summary = ingest([folder], Store(None), rejects_path=folder / "rejects.jsonl")
>>> summary.read, summary.ingested, summary.rejected, summary.moves
(2, 1, 1, 1)
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from graph.store import Store
from minekg import sources
from minekg.errors import BadRecord
from nlp.extract import Extractor
from nlp.types import Article


@dataclass
class Summary:
    read: int = 0
    ingested: int = 0
    rejected: int = 0
    moves: int = 0
    quads: int = 0
    seconds: float = 0.0
    rejects_path: Path | None = None

    def lines(self) -> list[str]:
        out = [
            f"read {self.read}, ingested {self.ingested}, rejected {self.rejected}, "
            f"moves {self.moves}, quads in store {self.quads}, {self.seconds:.1f} s"
        ]
        if self.rejected and self.rejects_path:
            out.append(f"rejected records and reasons: {self.rejects_path}")
        return out


class _Rejects:
    """Writes each rejected record to a JSONL file (created on first use) and reports it."""

    def __init__(self, path: Path | None, report: Callable[[str], None]):
        self.path = path
        self.report = report
        self._handle = None

    def __call__(self, bad: BadRecord) -> None:
        self.report(f"skipped {bad}")
        if self.path is None:
            return
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8")
        self._handle.write(json.dumps({"record": bad.record, "reason": bad.reason}) + "\n")

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def _articles(paths, summary: Summary, reject: _Rejects) -> Iterator[Article]:
    for item in sources.read(paths):
        summary.read += 1
        if isinstance(item, BadRecord):
            summary.rejected += 1
            reject(item)
        else:
            yield item


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    extractor: Extractor | None = None,
    rejects_path: Path | None = None,
    progress: bool = False,
    report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> Summary:
    """Extract every article in ``paths`` and write it into ``store``.

    Each article replaces its own named graph, so ingesting twice changes
    nothing. Unreadable records are reported, counted and written to
    ``rejects_path``; the others go on.
    """
    started = time.monotonic()
    extractor = extractor or Extractor()
    summary = Summary(rejects_path=rejects_path)
    reject = _Rejects(rejects_path, report)
    store.write_ontology()
    store.write_registry(extractor.registry)
    bar = tqdm(unit=" articles", disable=not progress, file=sys.stderr)
    try:
        for extraction in extractor.extract_many(_articles(paths, summary, reject)):
            store.write_extraction(extraction)
            summary.ingested += 1
            summary.moves += len(extraction.moves)
            bar.update()
    finally:
        bar.close()
        reject.close()
        store.flush()
    summary.quads = len(store)
    summary.seconds = time.monotonic() - started
    return summary
