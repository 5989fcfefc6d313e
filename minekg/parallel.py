"""The NLP stage in other processes: local workers or a Dask distributed cluster.

Batches of articles go out; each worker loads the spaCy pipeline once and sends back extractions
(plain dataclasses) to the single writer, which meanwhile reads, deduplicates and writes. The
writer is idle most of the time, so by default there is one worker per core: on two cores, two
workers parse while the writer takes what CPU they leave. At most ``2 x workers`` batches are in flight
and results come back in input order, so memory stays flat and the graph is the same whichever
way it runs. This module does not import spaCy: only the workers load it.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from itertools import islice
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from minekg.errors import MinekgError
from nlp.types import Article, Extraction

if TYPE_CHECKING:
    from nlp.extract import Extractor


MAX_DEFAULT_WORKERS = 4  # the single writer spends ~4 ms per article against ~18 ms of NLP: it keeps up with ~4


def default_workers() -> int:
    """One NLP process per core this process may use, at most ``MAX_DEFAULT_WORKERS``.

    >>> 1 <= default_workers() <= MAX_DEFAULT_WORKERS
    True
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_WORKERS))


@lru_cache(maxsize=1)
def _worker_extractor() -> Extractor:
    from nlp.extract import Extractor

    return Extractor()


def _start_worker(lifeline: Connection) -> None:
    """Process-pool initializer: load the pipeline now, and end with the writer.

    A writer killed with -9 cannot shut its pool down, and the fork server stays up as long as any
    worker does. Only the writer holds the other end of ``lifeline``: when it dies, this end reads
    end-of-file and the worker exits.
    """

    def watch() -> None:
        try:
            lifeline.recv()
        except EOFError:
            pass
        os._exit(1)

    threading.Thread(target=watch, name="minekg-exit-with-writer", daemon=True).start()
    _worker_extractor()


def extract_batch(articles: list[Article]) -> list[Extraction]:
    """Runs in a worker."""
    return list(_worker_extractor().extract_many(articles))


def _bounded(submit: Callable, articles: Iterator[Article], batch_size: int, limit: int) -> Iterator[Extraction]:
    pending: deque = deque()
    while batch := list(islice(articles, batch_size)):
        pending.append(submit(batch))
        if len(pending) >= limit:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def extract_in_processes(articles: Iterator[Article], workers: int, batch_size: int = 64) -> Iterator[Extraction]:
    # forkserver: workers start clean, without the writer's open store or threads
    context = multiprocessing.get_context("forkserver")
    lifeline, held = context.Pipe(duplex=False)  # workers get the reading end; only this process writes
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(lifeline,)) as pool:
            yield from _bounded(lambda batch: pool.submit(extract_batch, batch), articles, batch_size, 2 * workers)
    finally:
        held.close()
        lifeline.close()


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
