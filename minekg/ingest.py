"""Orchestration: read -> dedupe -> prefilter -> extract -> write, resumable, with every skip counted.

Reading, deduplication and writing stay in this process (Oxigraph allows one writer); the NLP stage
runs here (``workers=0``), in local worker processes (``workers``, which overlap parsing with
writing) or on a Dask cluster (``cluster``), and gives the same graph whichever way it runs. Each
article's graph is written before the checkpoint records it, so a run stopped at any point (Ctrl-C,
kill -9) resumes by running it again: nothing lost, nothing written twice.

>>> from graph.store import Store
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.jsonl").write_text('{"id": "a", "text": "Riot Platforms sold 500 BTC in March."}\\n{oops\\n')
>>> summary = ingest([folder], Store(None), report=lambda line: None)
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
from typing import TYPE_CHECKING

from tqdm import tqdm

from graph import derived
from graph.store import Store
from minekg import sources
from minekg.dedupe import Index, canonical_url, content_hash, signature
from minekg.errors import BadRecord
from minekg.prefilter import Prefilter
from nlp.registry import load_registry
from nlp.types import Article, Extraction

if TYPE_CHECKING:
    from nlp.extract import Extractor

COMMIT_EVERY = 64  # articles between checkpoint commits


@dataclass
class Summary:
    read: int = 0
    ingested: int = 0
    already_ingested: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    irrelevant: int = 0
    rejected: int = 0
    moves: int = 0
    quads: int = 0
    seconds: float = 0.0
    rejects_path: Path | None = None
    irrelevant_path: Path | None = None

    def lines(self) -> list[str]:
        out = [
            f"read {self.read}, ingested {self.ingested}, already ingested {self.already_ingested}, "
            f"exact duplicates {self.duplicates}, near-duplicates {self.near_duplicates}, "
            f"irrelevant {self.irrelevant}, rejected {self.rejected}, moves {self.moves}, "
            f"quads in store {self.quads}, {self.seconds:.1f} s"
        ]
        if self.rejected and self.rejects_path:
            out.append(f"rejected records and reasons: {self.rejects_path}")
        if self.irrelevant and self.irrelevant_path:
            out.append(f"irrelevant articles (not parsed): {self.irrelevant_path}")
        return out


class _Listing:
    """A JSON-lines file created on first use (rejects, irrelevant articles)."""

    def __init__(self, path: Path | None):
        self.path = path
        self._handle = None

    def write(self, record: dict) -> None:
        if self.path is None:
            return
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8")
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def checkpoint_path(store: Store) -> str:
    """The checkpoint beside an on-disk store; in memory for an in-memory store; a remote store names its own."""
    if getattr(store, "checkpoint", None) is not None:
        return str(store.checkpoint)
    return ":memory:" if store.path is None else str(store.path.parent / f"{store.path.name}.ingest.sqlite")


def _extractions(
    articles: Iterator[Article], extractor: Extractor | None, workers: int, cluster: str | None, batch_size: int
) -> Iterator[Extraction]:
    if cluster:
        from minekg.parallel import extract_on_cluster

        return extract_on_cluster(articles, cluster, batch_size)
    if workers:
        from minekg.parallel import extract_in_processes

        return extract_in_processes(articles, workers, batch_size)
    if extractor is None:
        from nlp.extract import Extractor

        extractor = Extractor()
    return extractor.extract_many(articles, batch_size=batch_size)


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    extractor: Extractor | None = None,
    rejects_path: Path | None = None,
    irrelevant_path: Path | None = None,
    progress: bool = False,
    report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
    format: str | None = None,
    prefilter: bool = True,
    workers: int = 0,
    cluster: str | None = None,
    batch_size: int = 64,
) -> Summary:
    """Extract every new article in ``paths`` and write it into ``store``.

    Each article replaces its own named graph, so ingesting twice changes nothing. Exact duplicates
    (same canonical URL or text) are skipped; near duplicates are linked to the story they copy
    and not parsed; articles that name neither a registry company nor an industry term are listed
    as irrelevant. Unreadable records are reported, counted and written to ``rejects_path``.
    """
    started = time.monotonic()
    # the writer imports spaCy only when it parses itself (workers=0); workers and clusters load their own
    registry = extractor.registry if extractor else load_registry()
    summary = Summary(rejects_path=rejects_path, irrelevant_path=irrelevant_path)
    rejects, irrelevant = _Listing(rejects_path), _Listing(irrelevant_path)
    index = Index(checkpoint_path(store))
    if index.any_ingested() and store.query("SELECT ?a WHERE { ?a a mkg:Article } LIMIT 1").empty:
        # the store was deleted or replaced and the checkpoint beside it was not
        report(f"the checkpoint {checkpoint_path(store)} lists articles the store does not hold; starting it anew")
        index.clear()
    index.start_run()
    relevant = Prefilter(registry) if prefilter else None
    store.write_ontology()
    store.write_registry(registry)
    bar = tqdm(unit=" articles", disable=not progress, file=sys.stderr, dynamic_ncols=True)

    def to_parse() -> Iterator[Article]:
        for item in sources.read(paths, format=format):
            summary.read += 1
            bar.update()
            if isinstance(item, BadRecord):
                summary.rejected += 1
                report(f"skipped {item}")
                rejects.write({"record": item.record, "reason": item.reason})
                continue
            text_hash, url = content_hash(item.text), canonical_url(item.url)
            status = index.status(item.id, text_hash)
            if status == "queued":  # the same record twice in this run
                summary.duplicates += 1
                continue
            if status in ("ingested", "duplicate", "near-duplicate") or (status == "irrelevant" and prefilter):
                summary.already_ingested += 1
                continue
            if index.duplicate_of(item.id, url, text_hash):
                summary.duplicates += 1
                index.add(item.id, text_hash, url, None, "duplicate")
                continue
            if relevant is not None and not relevant(item.text):
                summary.irrelevant += 1
                irrelevant.write({"id": item.id, "title": item.title, "url": item.url})
                index.add(item.id, text_hash, url, None, "irrelevant")
                continue
            sig = signature(item.text)
            original = index.near_duplicate_of(sig, item.id)
            if original is not None:
                store.write_same_story(item, original)
                summary.near_duplicates += 1
                index.add(item.id, text_hash, url, sig, "near-duplicate")
                continue
            index.add(item.id, text_hash, url, sig, "queued")
            yield item

    try:
        for extraction in _extractions(to_parse(), extractor, workers, cluster, batch_size):
            store.write_extraction(extraction)
            index.mark(extraction.article.id, "ingested")
            summary.ingested += 1
            summary.moves += len(extraction.moves)
            if summary.ingested % COMMIT_EVERY == 0:
                store.flush()  # Oxigraph's memtables grow until flushed: keeps memory flat
                index.commit()
                bar.set_postfix(ingested=summary.ingested, refresh=False)
    finally:
        bar.close()
        rejects.close()
        irrelevant.close()
        store.flush()
        index.close()
    derived.refresh(store)  # after an interrupted run, the next run brings it up to date
    store.optimize()
    summary.quads = len(store)
    summary.seconds = time.monotonic() - started
    return summary


def delete(article_ids: Iterable[str], store: Store) -> list[str]:
    """Remove articles and every fact extracted from them, then rebuild the derived graph.

    The duplicate index forgets them too, so ingesting one again parses it again. Returns the ids
    the store did not hold.

    >>> from nlp.types import Article, Extraction
    >>> store = Store(None)
    >>> store.write_extraction(Extraction(Article("a1", "text")))
    >>> delete(["a1", "nope"], store)
    ['nope']
    """
    missing = []
    index = Index(checkpoint_path(store))
    try:
        for article_id in article_ids:
            if not store.delete_article(article_id):
                missing.append(article_id)
            index.forget(article_id)
    finally:
        index.close()
    store.flush()
    derived.refresh(store)
    return missing
