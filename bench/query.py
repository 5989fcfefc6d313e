"""Named-query latency on a synthetic graph of about a million triples: embedded Oxigraph vs rdflib.

Builds synthetic extractions (registry companies, every move type, amounts, dates over six years,
peers, people, three metric observations per article) until the graph holds ``--triples`` triples,
writes them once into minekg's embedded store (then derives and compacts as ``minekg ingest``
does) and once into rdflib's in-memory Dataset, then runs every named query in ``graph/queries``
with its default parameters (a synthetic move for a move) and prints, per query, the median
latency on each store and the ratio rdflib / embedded. Target: every median <= 100 ms on the
embedded store at 1M triples.

Usage: python bench/query.py [--triples 1000000] [--runs 9] [--rdflib-budget 60]
"""

from __future__ import annotations

import argparse
import random
import signal
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

from rdflib import Dataset

from graph import derived, named
from graph.derived import DERIVED_GRAPH
from graph.store import ONTOLOGY_GRAPH, Store, ontology_graph
from graph.triples import REGISTRY_GRAPH, article_iri, extraction_triples, registry_triples
from graph.vocab import PREFIXES
from nlp.registry import load_registry
from nlp.types import (
    ASSETS,
    METRICS,
    MODALITIES,
    MOVE_TYPES,
    ROLES,
    SECTORS,
    Amount,
    Article,
    CompanyRef,
    Entity,
    Evidence,
    Extraction,
    Metric,
    Move,
    Peer,
)

UNITS = {"USD": (1e6, 2e9), "BTC": (10, 20_000), "MW": (5, 1_500), "EH/s": (1, 60)}
# Metrics as often as data/gold reports them, and their ranges in canonical units.
METRIC_WEIGHTS = {
    "Hashrate": 42, "Revenue": 21, "BitcoinHeld": 19, "PowerCapacity": 16, "BitcoinProduced": 16,
    "ContractedAICapacity": 9, "FleetEfficiency": 8, "BitcoinSold": 6, "MiningRevenue": 5, "AIHPCRevenue": 5,
    "HostingRevenue": 4, "CostToMine": 4, "Utilisation": 4, "GPUsDeployed": 4,
}  # fmt: skip
METRIC_RANGES = {"BTC": (10, 50_000), "EH/s": (0.5, 60), "MW": (5, 2_000), "J/TH": (15, 35), "units": (100, 50_000),
                 "USD": (1e6, 1e9), "%": (50, 100)}  # fmt: skip


def _metrics(rng: random.Random, companies: list[CompanyRef], year: int) -> list[Metric]:
    """Three figures of the article's companies: a day, a month, a quarter or a year; 15% guidance."""
    found = []
    for k in range(3):
        metric = rng.choices(list(METRIC_WEIGHTS), list(METRIC_WEIGHTS.values()))[0]
        unit = METRICS[metric]
        quarter = rng.randint(1, 4)
        period = rng.choice(
            [f"{year}-{3 * quarter:02d}-{30 if quarter in (2, 3) else 31}", f"{year}-{rng.randint(1, 12):02d}",
             f"{year}-Q{quarter}", str(year)]
        )  # fmt: skip
        low, high = METRIC_RANGES[unit]
        company = rng.choice(companies)
        sentence = f"{company.name} reports {metric} for {period} ({k})."
        evidence = Evidence(sentence, 100 * k, 100 * k + len(sentence))
        status = "guidance" if rng.random() < 0.15 else "actual"
        value = round(rng.uniform(low, high), 2)
        found.append(Metric(company, metric, value, unit, evidence, period, status, round(rng.random(), 2)))
    return found


def synthetic(count: int, seed: int = 11):
    """``count`` extractions of three to six moves each among the registry's companies."""
    rng = random.Random(seed)
    companies = [CompanyRef(c.id, c.name, c.ticker) for c in load_registry()]
    for i in range(count):
        published = f"{rng.randint(2020, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        text = f"Synthetic article {i} about bitcoin miners."
        moves = []
        for _ in range(rng.randint(3, 6)):
            actor, other = rng.sample(companies, 2)
            unit = rng.choice(list(UNITS))
            low, high = UNITS[unit]
            moves.append(
                Move(
                    type=rng.choice(MOVE_TYPES),
                    actor=actor,
                    evidence=Evidence(f"{actor.name} made a move with {other.name} ({i}).", 0, 40),
                    modality=rng.choice(MODALITIES),
                    confidence=round(rng.random(), 2),
                    counterparty=other if rng.random() < 0.6 else None,
                    role=rng.choice(ROLES) if rng.random() < 0.6 else None,
                    asset=rng.choice(ASSETS) if rng.random() < 0.7 else None,
                    amount=Amount(round(rng.uniform(low, high), 2), unit) if rng.random() < 0.7 else None,
                    sector=rng.choice(SECTORS) if rng.random() < 0.5 else None,
                    date=published[: rng.choice((4, 7, 10))],
                )
            )
        named_here = {m.actor for m in moves} | {m.counterparty for m in moves if m.counterparty}
        entities = [Entity(c.id, c.name, "Company", c.ticker, rng.randint(1, 5)) for c in named_here]
        a, b = rng.sample(companies, 2)
        peers = [Peer(a, b, Evidence(f"{a.name} and peers such as {b.name}.", 0, 30))] if rng.random() < 0.3 else []
        article = Article(f"synthetic-{i}", text, f"Synthetic story {i}", published, f"https://example.org/{i}")
        metrics = _metrics(rng, [m.actor for m in moves], int(published[:4]))
        yield Extraction(article, entities=entities, moves=moves, peers=peers, metrics=metrics)


def build(path: Path, target: int) -> tuple[Store, Dataset, int]:
    store = Store(path)
    store.write_ontology()
    registry = load_registry()
    store.write_registry(registry)
    memory = Dataset(default_union=True)
    for name, triples in ((ONTOLOGY_GRAPH, ontology_graph()), (REGISTRY_GRAPH, registry_triples(registry))):
        graph = memory.graph(name)
        for triple in triples:
            graph.add(triple)
    articles = 0
    for extraction in synthetic(10**9):
        if len(store) >= target:
            break
        store.write_extraction(extraction)
        graph = memory.graph(article_iri(extraction.article.id))
        for triple in extraction_triples(extraction):
            graph.add(triple)
        articles += 1
    derived.refresh(store)  # as ingest leaves the store: derived graph written, files compacted
    store.optimize()
    graph = memory.graph(DERIVED_GRAPH)
    for triple in store.dataset.graph(DERIVED_GRAPH):
        graph.add(triple)
    return store, memory, articles


def sample_values(store: Store) -> dict[str, str]:
    """A value for each parameter type, for parameters without a default and for moves."""
    # a move other articles report too, so move-sources has every kind of row to find
    move = store.query("SELECT ?m WHERE { ?conflict mkg:report ?m } ORDER BY ?m LIMIT 1")["m"][0]
    return {
        "company": "mara",
        "move": str(move),
        "string": "Marathon Patent Group",
        "date": "2025-01-01",
        "integer": "180",
        "limit": "20",
        "sector": "AI",
        "movetype": "StrategicPivot",
        "modality": "asserted",
        "trend": "AIHPCPivot",
    }


class _Budget(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Budget


def median_ms(run, runs: int, budget: float | None = None) -> float | None:
    """Median wall-clock of ``runs`` calls after one warm-up; None when one call exceeds ``budget`` s."""
    times = []
    for i in range(runs + 1):
        if budget:
            signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            start = time.perf_counter()
            run()
            elapsed = time.perf_counter() - start
        except _Budget:
            return None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if i:
            times.append(elapsed)
        if budget and elapsed > budget / 4:
            runs = min(runs, 2)  # a slow baseline: fewer runs
            if len(times) >= runs:
                break
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rdflib-budget", type=float, default=60.0, help="seconds one rdflib run may take")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        store, memory, articles = build(Path(tmp) / "store", args.triples)
        seconds = time.perf_counter() - start
        print(f"{len(store):,} quads ({articles:,} synthetic articles) in both stores, built in {seconds:.0f} s")
        values = sample_values(store)
        print(f"{'named query':32} {'embedded':>10} {'rdflib':>10} {'rdflib/embedded':>16}  target <= 100 ms")
        worst = 0.0
        for query in named.available():
            # the default move is one of the sample articles': take one of the synthetic graph's
            params = {p.name: values[p.type] for p in query.params if p.default is None or p.type == "move"}
            embedded = median_ms(partial(query.run, store, **params), args.runs)
            text, bindings = query.sparql(params), query.bindings(params)
            rdflib_run = partial(memory.query, text, initNs=PREFIXES, initBindings=bindings)
            baseline = median_ms(lambda run=rdflib_run: list(run()), 3, args.rdflib_budget)
            worst = max(worst, embedded)
            shown = f"{baseline:8.0f} ms" if baseline is not None else f"> {args.rdflib_budget:.0f} s".rjust(11)
            ratio = f"{baseline / embedded:14.1f}x" if baseline is not None else "-".rjust(15)
            mark = "ok" if embedded <= 100 else "OVER"
            print(f"{query.name:32} {embedded:8.1f} ms {shown} {ratio}  {mark}")
        print(f"slowest named query on the embedded store: {worst:.1f} ms (target <= 100 ms)")


if __name__ == "__main__":
    main()
