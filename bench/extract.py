"""Cost of minekg's spaCy components on top of the model alone, as a ratio.

Both pipelines parse the same texts with ``nlp.pipe``; the ratio is
minekg's pipeline time over the bare model's time (target: <= 1.25x).

Usage: python bench/extract.py [--articles N] [--repeat R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from itertools import cycle, islice
from pathlib import Path

import spacy

from nlp.pipeline import _model_name, load_pipeline

ROOT = Path(__file__).resolve().parents[1]


def texts(n: int) -> list[str]:
    records = [json.loads(line) for line in (ROOT / "data/articles/sample.jsonl").read_text().splitlines()]
    return [r["text"] for r in islice(cycle(records), n)]


def run(nlp, batch: list[str]) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(batch, batch_size=64):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    batch = texts(args.articles)
    model, minekg = spacy.load(_model_name()), load_pipeline()
    run(model, batch[:50]), run(minekg, batch[:50])  # warm up
    ratios = []
    for _ in range(args.repeat):  # interleaved, so machine noise hits both alike
        base, ours = run(model, batch), run(minekg, batch)
        ratios.append(ours / base)
    print(f"{args.articles} articles x {args.repeat} runs")
    print(
        f"minekg pipeline / spaCy model alone: {statistics.median(ratios):.2f}x (runs: "
        + ", ".join(f"{r:.2f}" for r in ratios)
        + ")"
    )


if __name__ == "__main__":
    main()
