"""Ingest benchmark: prints ratios against baselines measured in the same run.

- extraction cost: full pipeline vs spaCy's tokenizer alone, per article
- store cost: extraction + writing to an on-disk Oxigraph store vs extraction alone
- memory of the streaming extraction: peak RSS growth over 4x as many articles vs over 1x
  (flat memory -> ratio near 1); the store's own growth (Oxigraph/RocksDB caches) is printed apart

Usage: python bench/ingest.py [--articles N]
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

from graph.store import Store
from nlp.extract import Extractor
from nlp.types import Article

ROOT = Path(__file__).resolve().parents[1]


def articles(n: int):
    records = [json.loads(line) for line in (ROOT / "data/articles/sample.jsonl").read_text().splitlines()]
    for i, r in enumerate(islice(cycle(records), n)):
        yield Article(id=f"{r['id']}-{i}", text=r["text"], title=r["title"], published=r["published"])


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    n = parser.parse_args().articles
    extractor = Extractor()
    tokenize = timed(lambda: [extractor.nlp.make_doc(a.text) for a in articles(n)])
    extract = timed(lambda: list(extractor.extract_many(articles(n))))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")

        def ingest(count: int):
            for extraction in extractor.extract_many(articles(count)):
                store.write_extraction(extraction)

        full = timed(lambda: ingest(n))
        base_rss = rss_mb()
        for _ in extractor.extract_many(articles(n)):
            pass
        one = rss_mb() - base_rss
        for _ in extractor.extract_many(articles(4 * n)):
            pass
        four = rss_mb() - base_rss
        before_store = rss_mb()
        ingest(4 * n)
        store_growth = rss_mb() - before_store
    print(f"articles per run: {n}")
    print(f"extraction / tokenizer-only time: {extract / tokenize:.1f}x  ({n / extract:.0f} articles/s)")
    print(f"extraction+store / extraction time: {full / extract:.2f}x")
    print(f"extraction peak RSS growth, 4x articles vs 1x: {max(four, 1) / max(one, 1):.2f}x "
          f"({one:.1f} MB vs {four:.1f} MB; growth under 1 MB counts as 1 MB)")
    print(f"store RSS growth writing {4 * n} more articles: {store_growth:.0f} MB")


if __name__ == "__main__":
    main()
