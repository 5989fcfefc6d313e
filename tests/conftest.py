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
