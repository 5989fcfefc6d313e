"""The NLP stage in other processes: local workers or a Dask distributed cluster.

Batches of articles go out; each worker loads the spaCy pipeline once and sends back extractions
(plain dataclasses) to the single writer. At most ``2 x workers`` batches are in flight and results
come back in input order, so memory stays flat and the graph is the same whichever way it runs.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache

from spacy.util import minibatch

from minekg.errors import MinekgError
from nlp.extract import Extractor
from nlp.types import Article, Extraction


@lru_cache(maxsize=1)
def _worker_extractor() -> Extractor:
    return Extractor()


def extract_batch(articles: list[Article]) -> list[Extraction]:
    """Runs in a worker."""
    return list(_worker_extractor().extract_many(articles))


def _bounded(submit: Callable, articles: Iterator[Article], batch_size: int, limit: int) -> Iterator[Extraction]:
    pending: deque = deque()
    for batch in minibatch(articles, size=batch_size):
        pending.append(submit(list(batch)))
        if len(pending) >= limit:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def extract_in_processes(articles: Iterator[Article], workers: int, batch_size: int = 64) -> Iterator[Extraction]:
    # forkserver: workers start clean, without the writer's open store or threads
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from _bounded(lambda batch: pool.submit(extract_batch, batch), articles, batch_size, 2 * workers)


def extract_on_cluster(articles: Iterator[Article], address: str, batch_size: int = 64) -> Iterator[Extraction]:
    from distributed import Client

    try:
        client = Client(address, timeout="20s")
    except OSError as exc:
        raise MinekgError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        limit = 2 * max(len(client.scheduler_info().get("workers", {})), 1)
        yield from _bounded(lambda batch: client.submit(extract_batch, batch, pure=False), articles, batch_size, limit)
    finally:
        client.close()
