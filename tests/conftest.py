"""Shared fixtures: one spaCy pipeline per session, one real on-disk store per module."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import Store
from minekg.ingest import ingest
from nlp.extract import Extractor
from nlp.types import Article

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"
SEED = ROOT.parent / "shared" / "seed" / "mara-ai-pivot.txt"
GOLD = ARTICLES / "sample.jsonl"  # the sample articles carry their hand annotations


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(extractor, seed_text):
    return extractor.extract(Article(id="mara-ai-pivot", text=seed_text))


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, extractor) -> Store:
    """The bundled articles and the seed ingested into a real Oxigraph store on disk."""
    path = tmp_path_factory.mktemp("store") / "store"
    store = Store(path)
    summary = ingest([ARTICLES, SEED], store, extractor=extractor, report=lambda line: None)
    assert summary.rejected == 0
    return store


# --- a hand-made store of company metrics ------------------------------------------------------
# Five articles with the figures below, worked out by hand in tests/test_named_queries.py ("metric-*" cases) and the explorer's page tests.
#
# MARA's hashrate (EH/s):     2024-06-30 31.5 (metrics-c), 2024-09-30 36.9 (metrics-a) and 37.0 (metrics-b),
#                             2024-12-31 53.2 (metrics-e); guidance 50 for 2024-12-31 (metrics-a), 75 for
#                             2025-12-31 (metrics-e)
# MARA's bitcoin held (BTC):  2024-09-30 26747 (metrics-a) and 26842 (metrics-b)
# MARA's revenue (USD):       2024-Q2 145.1 million (metrics-c), 2024-Q3 131.6 million (metrics-a)
# Riot's hashrate (EH/s):     2024-06-30 22.0 (metrics-c), 2024-09-30 28.0 (metrics-b), 2024-12-31 31.5 (metrics-e)
# Core Scientific (metrics-d, metrics-e): hashrate 19.1 EH/s at 2024-09-30; revenue 2024-Q3 95.4 million and
#                             2024-Q4 94.9 million; AI/HPC revenue 2024-Q3 9.54 million, 2024-Q4 18.98 million,
#                             2025-Q1 20 million (no revenue for 2025-Q1); power capacity 1300 MW and contracted
#                             AI capacity 520 MW at 2024-12-31; contracted AI capacity 382 MW at 2024-09-30 (no
#                             power capacity then); guidance for 2025: revenue 600 million, AI/HPC revenue 300 million
# CleanSpark: a move, no metrics. Every company has a move (metrics-b has none), so the explorer lists it.
METRIC_ARTICLES = {  # id: (published, title)
    "metrics-a": ("2024-10-03", "MARA Q3 production update"),
    "metrics-b": ("2024-10-10", "Miners' hashrate in September"),
    "metrics-c": ("2024-08-01", "Second-quarter results"),
    "metrics-d": ("2025-01-15", "Core Scientific's AI turn in numbers"),
    "metrics-e": ("2025-02-27", "Year-end figures"),
}
METRIC_COMPANIES = {
    "mara": ("MARA Holdings", "MARA"),
    "riot-platforms": ("Riot Platforms", "RIOT"),
    "core-scientific": ("Core Scientific", "CORZ"),
    "cleanspark": ("CleanSpark", "CLSK"),
}
METRIC_FIGURES = [  # article, company, metric, value, period, status
    ("metrics-a", "mara", "Hashrate", 36.9, "2024-09-30", "actual"),
    ("metrics-a", "mara", "Hashrate", 50.0, "2024-12-31", "guidance"),
    ("metrics-a", "mara", "BitcoinHeld", 26747.0, "2024-09-30", "actual"),
    ("metrics-a", "mara", "Revenue", 131.6e6, "2024-Q3", "actual"),
    ("metrics-b", "mara", "Hashrate", 37.0, "2024-09-30", "actual"),
    ("metrics-b", "mara", "BitcoinHeld", 26842.0, "2024-09-30", "actual"),
    ("metrics-b", "riot-platforms", "Hashrate", 28.0, "2024-09-30", "actual"),
    ("metrics-c", "mara", "Hashrate", 31.5, "2024-06-30", "actual"),
    ("metrics-c", "mara", "Revenue", 145.1e6, "2024-Q2", "actual"),
    ("metrics-c", "riot-platforms", "Hashrate", 22.0, "2024-06-30", "actual"),
    ("metrics-d", "core-scientific", "Hashrate", 19.1, "2024-09-30", "actual"),
    ("metrics-d", "core-scientific", "Revenue", 95.4e6, "2024-Q3", "actual"),
    ("metrics-d", "core-scientific", "AIHPCRevenue", 9.54e6, "2024-Q3", "actual"),
    ("metrics-d", "core-scientific", "ContractedAICapacity", 382.0, "2024-09-30", "actual"),
    ("metrics-d", "core-scientific", "Revenue", 600e6, "2025", "guidance"),
    ("metrics-d", "core-scientific", "AIHPCRevenue", 300e6, "2025", "guidance"),
    ("metrics-e", "mara", "Hashrate", 53.2, "2024-12-31", "actual"),
    ("metrics-e", "mara", "Hashrate", 75.0, "2025-12-31", "guidance"),
    ("metrics-e", "riot-platforms", "Hashrate", 31.5, "2024-12-31", "actual"),
    ("metrics-e", "core-scientific", "Revenue", 94.9e6, "2024-Q4", "actual"),
    ("metrics-e", "core-scientific", "AIHPCRevenue", 18.98e6, "2024-Q4", "actual"),
    ("metrics-e", "core-scientific", "AIHPCRevenue", 20e6, "2025-Q1", "actual"),
    ("metrics-e", "core-scientific", "PowerCapacity", 1300.0, "2024-12-31", "actual"),
    ("metrics-e", "core-scientific", "ContractedAICapacity", 520.0, "2024-12-31", "actual"),
]
# one move per company; metrics-b holds figures only
METRIC_MOVES = {
    "metrics-a": "mara",
    "metrics-c": "riot-platforms",
    "metrics-d": "core-scientific",
    "metrics-e": "cleanspark",
}


def metric_sentence(company: str, metric: str, value: float, period: str, status: str) -> str:
    return f"{METRIC_COMPANIES[company][0]} {'expects' if status == 'guidance' else 'reports'} {metric} {value:g} for {period}."


def metric_extractions() -> list:
    """The hand-made articles above as Extractions: each figure a Metric with its own sentence."""
    from nlp.types import METRICS, CompanyRef, Entity, Evidence, Extraction, Metric, Move

    def ref(company: str) -> CompanyRef:
        return CompanyRef(company, *METRIC_COMPANIES[company])

    extractions = []
    for article_id, (published, title) in METRIC_ARTICLES.items():
        sentences, metrics = [], []
        for _, company, metric, value, period, status in (f for f in METRIC_FIGURES if f[0] == article_id):
            sentence = metric_sentence(company, metric, value, period, status)
            start = sum(len(s) + 1 for s in sentences)
            evidence = Evidence(sentence, start, start + len(sentence))
            metrics.append(Metric(ref(company), metric, value, METRICS[metric], evidence, period, status, 0.9))
            sentences.append(sentence)
        mover = METRIC_MOVES.get(article_id)
        moves = []
        if mover:
            sentence = f"{METRIC_COMPANIES[mover][0]} adds capacity."
            start = sum(len(s) + 1 for s in sentences)
            moves.append(Move("CapacityExpansion", ref(mover), Evidence(sentence, start, start + len(sentence))))
            sentences.append(sentence)
        companies = {m.company.id for m in metrics} | ({mover} if mover else set())
        entities = [Entity(c, METRIC_COMPANIES[c][0], "Company", METRIC_COMPANIES[c][1], 1) for c in sorted(companies)]
        article = Article(article_id, " ".join(sentences), title=title, published=published)
        extractions.append(Extraction(article, entities, moves, metrics=metrics))
    return extractions


def write_metrics_store(store: Store) -> Store:
    from graph import derived
    from nlp.registry import load_registry

    store.write_ontology()
    store.write_registry(load_registry())
    for extraction in metric_extractions():
        store.write_extraction(extraction)
    derived.refresh(store)
    store.flush()
    return store


@pytest.fixture(scope="module")
def metrics_store(tmp_path_factory) -> Store:
    """The hand-made metrics above in a real Oxigraph store on disk, with the registry and ontology."""
    return write_metrics_store(Store(tmp_path_factory.mktemp("metrics") / "store"))
