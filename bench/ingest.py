"""Bulk-ingest benchmark: ratios against baselines measured in the same run.

Generates a synthetic dump from the project's own sample texts: 20% new relevant articles (five
sentences of different sample articles), 2.5% exact and 2.5% near copies of sample articles, and
75% irrelevant articles. Prints:

- articles/s of ``minekg ingest`` vs a naive baseline (the full spaCy pipeline over every article,
  then rdflib ``Graph.add`` per triple into rdflib's default in-memory store), as a ratio;
- minekg's ingest time over raw ``nlp.pipe`` (the bare model, one process) on exactly the articles
  minekg parsed (read back from its checkpoint), as a ratio of wall-clock and of CPU time (minekg's
  default runs one NLP process per core beside the writer), and over ``nlp.pipe`` with as many
  processes as minekg's workers;
- peak memory of ``minekg ingest`` for the small vs the large dump, as a ratio.

Usage: python bench/ingest.py [--small 10000] [--large 100000] [--naive 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from minekg.parallel import default_workers

ROOT = Path(__file__).resolve().parents[1]
MINEKG = Path(sys.executable).parent / "minekg"
OTHER = [
    "The city council approved a new budget for parks and libraries after a long debate.",
    "The football club signed a young striker on a four-year contract, the manager said.",
    "The bakery chain opened three new stores and raised the price of bread by ten cents.",
    "Heavy rain flooded several roads on Tuesday and the weather service issued a warning.",
    "The museum will host an exhibition of early photography from March until the summer.",
    "Local schools reported higher attendance this term after a new bus route was added.",
]


def dump(path: Path, n: int, seed: int = 7) -> int:
    """Write n articles; return how many are relevant and new (to be parsed)."""
    rng = random.Random(seed)
    samples = [json.loads(line) for line in (ROOT / "data/articles/sample.jsonl").read_text().splitlines()]
    sentences = [s.strip() + "." for r in samples for s in r["text"].replace("\n", " ").split(". ") if len(s) > 40]
    relevant = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            kind = rng.random()
            if kind < 0.75:
                text = " ".join(rng.sample(OTHER, 4)) + f" Reference {i}."
            else:
                base = rng.choice(samples)["text"]
                if kind < 0.95:  # a new relevant article: sentences of several samples, in a new order
                    text = " ".join(rng.sample(sentences, 5)) + f" Market note {i}."
                    relevant += 1
                elif kind < 0.975:
                    text = base  # an exact copy of a sample text (duplicate after the first)
                else:
                    text = base.replace("the", "a", 2)  # a near copy
            out.write(
                json.dumps({"id": f"a{i}", "title": f"Article {i}", "published": "2024-05-01", "text": text}) + "\n"
            )
    return relevant


def run_minekg(source: Path, store: Path) -> tuple[float, float, float]:
    """Seconds, CPU seconds and peak RSS (MB) of one ``minekg ingest``, process and children."""
    start = time.perf_counter()
    proc = psutil.Popen(
        [str(MINEKG), "ingest", str(source), "--store", str(store), "--quiet"], stderr=subprocess.PIPE, text=True
    )
    peak = 0
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        try:
            family = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in family))
            for p in family:
                times = p.cpu_times()
                cpu[p.pid] = times.user + times.system
        except psutil.Error:
            pass
        time.sleep(0.2)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        sys.exit(f"minekg ingest failed: {proc.stderr.read()}")
    print("   ", proc.stderr.read().strip().splitlines()[0])
    return elapsed, sum(cpu.values()), peak / 2**20


def parsed_texts(source: Path, store: Path) -> list[str]:
    """The texts minekg parsed (its checkpoint marks them ingested), in dump order."""
    with sqlite3.connect(f"{store}.ingest.sqlite") as db:
        ids = {row[0] for row in db.execute("SELECT id FROM articles WHERE status = 'ingested'")}
    records = (json.loads(line) for line in source.read_text().splitlines())
    return [r["text"] for r in records if r["id"] in ids]


def naive(source: Path, n: int) -> float:
    """Articles/s of the naive pipeline over the first n articles."""
    import rdflib

    from graph.triples import extraction_graph
    from nlp.extract import Extractor
    from nlp.types import Article

    extractor = Extractor()
    graph = rdflib.Graph()
    records = [json.loads(line) for line in source.read_text().splitlines()[:n]]
    start = time.perf_counter()
    for r in records:
        extraction = extractor.extract(Article(r["id"], r["text"], r["title"], r["published"]))
        for triple in extraction_graph(extraction):
            graph.add(triple)
    return n / (time.perf_counter() - start)


def raw_pipe(texts: list[str], processes: int = 1) -> tuple[float, float]:
    """Seconds and CPU seconds (of this process) of the bare model's ``nlp.pipe`` over ``texts``.

    Loading the model is excluded; with ``processes`` > 1, spaCy's own workers start inside the timing.
    """
    import spacy

    from nlp.pipeline import _model_name

    nlp = spacy.load(_model_name())
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=64, n_process=processes):
        pass
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--naive", type=int, default=2_000, help="articles the naive baseline runs over")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        small, large = tmp / "small.jsonl", tmp / "large.jsonl"
        relevant_small = dump(small, args.small)
        dump(large, args.large)
        print(f"dumps: {args.small} and {args.large} articles ({relevant_small} relevant new in the small one)")
        seconds_small, cpu_small, peak_small = run_minekg(small, tmp / "s1")
        seconds_large, _cpu, peak_large = run_minekg(large, tmp / "s2")
        naive_rate = naive(small, min(args.naive, args.small))
        texts = parsed_texts(small, tmp / "s1")
        pipe_seconds, pipe_cpu = raw_pipe(texts)
        workers = default_workers()
        pipe_parallel, _cpu = raw_pipe(texts, workers) if workers > 1 else (pipe_seconds, pipe_cpu)
    rate = args.small / seconds_small
    print(
        f"minekg: {rate:.0f} articles/s; naive: {naive_rate:.0f} articles/s; "
        f"ratio {rate / naive_rate:.1f}x (target >= 3x)"
    )
    print(
        f"minekg ingest ({workers} NLP workers, the default here) / raw nlp.pipe (one process) on the "
        f"{len(texts)} articles minekg parsed: {seconds_small / pipe_seconds:.2f}x wall-clock (target <= 1.25x), "
        f"{cpu_small / pipe_cpu:.2f}x CPU time"
    )
    print(
        f"minekg ingest / raw nlp.pipe with n_process={workers} (the same cores): "
        f"{seconds_small / pipe_parallel:.2f}x wall-clock"
    )
    print(
        f"peak memory {args.large} vs {args.small} articles: {peak_large / peak_small:.2f}x "
        f"({peak_small:.0f} MB vs {peak_large:.0f} MB; target <= 1.10x)"
    )


if __name__ == "__main__":
    main()
