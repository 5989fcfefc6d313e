"""Derived data: move tallies and figure conflicts, rebuilt from the article graphs."""

from __future__ import annotations

import pytest

from graph import derived, named
from graph.derived import DERIVED_GRAPH
from graph.store import Store
from nlp.types import Amount, Article, CompanyRef, Entity, Evidence, Extraction, Move

ALPHA, BETA = CompanyRef("alpha", "Alpha"), CompanyRef("beta", "Beta")


def _move(actor, type_="AssetSale", date="2024-03", modality="asserted", amount=None, start=0) -> Move:
    return Move(
        type_,
        actor,
        Evidence(f"{actor.name} {type_}", start, start + 5),
        modality=modality,
        asset="Bitcoin",
        amount=Amount(*amount) if amount else None,
        date=date,
    )


def _article(article_id: str, *moves: Move) -> Extraction:
    names = [Entity(c.id, c.name, "Organization", None, 1) for c in (ALPHA, BETA)]
    return Extraction(Article(article_id, "text", title=article_id, published="2024-04-01"), names, list(moves))


@pytest.fixture
def store() -> Store:
    store = Store(None)
    store.write_ontology()
    for extraction in (
        _article("a", _move(ALPHA, amount=(100, "BTC")), _move(ALPHA, "StrategicPivot", "2024", "planned", start=9)),
        _article("b", _move(ALPHA, date="2024-03-28", amount=(120, "BTC")), _move(BETA, "AssetSale", "2024-11")),
        _article("c", _move(ALPHA, amount=(100, "BTC"))),  # agrees with a
        _article("d", _move(ALPHA, modality="speculative", amount=(999, "BTC"))),  # speculation: never a claim
        _article("e", _move(BETA, "StrategicPivot", None)),  # undated: in the company tally only
    ):
        store.write_extraction(extraction)
    return store


def _tallies(store: Store) -> set[tuple]:
    frame = store.query(
        """SELECT ?company ?period ?type ?modality ?count WHERE {
             ?t a mkg:MoveTally ; mkg:tallyType ?type ; mkg:tallyModality ?modality ; mkg:moveCount ?count .
             OPTIONAL { ?t mkg:tallyCompany ?company } OPTIONAL { ?t mkg:period ?period } }"""
    )
    last = lambda value: value.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if isinstance(value, str) else None  # noqa: E731
    return {(last(r.company), last(r.period), last(r.type), last(r.modality), r.count) for r in frame.itertuples()}


def test_tallies_count_moves_per_company_and_per_quarter(store):
    assert derived.refresh(store) == derived.Derived(tallies=9, conflicts=1)
    assert _tallies(store) == {
        ("alpha", None, "AssetSale", "asserted", 3),
        ("alpha", None, "AssetSale", "speculative", 1),
        ("alpha", None, "StrategicPivot", "planned", 1),
        ("beta", None, "AssetSale", "asserted", 1),
        ("beta", None, "StrategicPivot", "asserted", 1),
        (None, "2024-Q1", "AssetSale", "asserted", 3),  # a, b (2024-03-28) and c
        (None, "2024-Q1", "AssetSale", "speculative", 1),
        (None, "2024-Q4", "AssetSale", "asserted", 1),  # beta's 2024-11
        (None, "2024", "StrategicPivot", "planned", 1),  # dated by its year alone; e's undated pivot is not here
    }


def test_a_conflict_links_every_report_of_the_disputed_figure(store):
    derived.refresh(store)
    frame = named.run(store, "conflicting-figures")
    assert sorted(zip(frame["article"].str.rsplit("/", n=1).str[-1], frame["amount"], strict=True)) == [
        ("a", 100.0),
        ("b", 120.0),
        ("c", 100.0),
    ]
    assert set(frame["month"]) == {"2024-03"} and set(frame["unit"]) == {"BTC"}


def test_refresh_follows_deleted_and_rewritten_articles(store):
    derived.refresh(store)
    store.delete_article("b")  # the only article giving 120 BTC, and beta's only sale (2024-Q4)
    assert derived.refresh(store) == derived.Derived(tallies=7, conflicts=0)
    assert ("alpha", None, "AssetSale", "asserted", 2) in _tallies(store)
    store.write_extraction(_article("c", _move(ALPHA, amount=(150, "BTC"))))  # c now disagrees with a
    assert derived.refresh(store).conflicts == 1
    assert len(named.run(store, "conflicting-figures")) == 2


def test_refresh_replaces_the_derived_graph_and_changes_nothing_when_run_again(store):
    derived.refresh(store)
    first = sorted(map(str, store.dataset.graph(DERIVED_GRAPH)))
    derived.refresh(store)
    assert sorted(map(str, store.dataset.graph(DERIVED_GRAPH))) == first
    assert DERIVED_GRAPH.toPython() in store.named_graphs()


def test_ingest_leaves_the_derived_graph_current(sample_store):
    tallied = sample_store.query("SELECT (SUM(?n) AS ?moves) WHERE { ?t mkg:tallyCompany ?c ; mkg:moveCount ?n }").iloc[
        0, 0
    ]
    assert tallied == sample_store.stats()["moves"]
