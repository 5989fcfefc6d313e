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
    assert derived.refresh(store) == derived.Derived(tallies=9, conflicts=1, followed=1, similar=0)
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
    assert derived.refresh(store) == derived.Derived(tallies=7, conflicts=0, followed=1, similar=0)
    assert ("alpha", None, "AssetSale", "asserted", 2) in _tallies(store)
    store.write_extraction(_article("c", _move(ALPHA, amount=(150, "BTC"))))  # c now disagrees with a
    assert derived.refresh(store).conflicts == 1
    assert len(named.run(store, "conflicting-figures")) == 2


def _last(value) -> str:
    return value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def test_one_move_across_its_sources_with_competing_figures(store):
    store.write_same_story(Article("a-copy", "text", title="A COPY", published="2024-04-02"), "a")
    frame = named.run(store, "consolidated-moves", company="alpha")
    events = {
        (row.type, row.modality, row.month, row.sources): sorted(
            (_last(r.article), r.amount) for r in frame[frame["event"] == row.event].itertuples()
        )
        for row in frame.drop_duplicates("event").itertuples()
    }
    assert events == {
        # a, b and c report one sale: a-copy repeats a (4 sources); 100 and 120 BTC stand side by side.
        # d's 999 BTC is speculation: no move.
        ("AssetSale", "asserted", "2024-03", 4): [("a", 100.0), ("b", 120.0), ("c", 100.0)],
        # dated by its year only: placed in its article's month; a-copy repeats it too
        ("StrategicPivot", "planned", "2024-04", 2): [("a", None)],
    }
    beta = named.run(store, "consolidated-moves", company="beta")
    assert sorted(zip(beta["type"], beta["month"], strict=True)) == [
        ("AssetSale", "2024-11"),
        ("StrategicPivot", "2024-04"),
    ]


def test_reingesting_or_deleting_an_article_updates_its_consolidated_moves(store):
    store.delete_article("b")
    store.write_extraction(_article("c", _move(ALPHA, "AssetSale", "2024-04", amount=(150, "BTC"))))  # c: April now
    frame = named.run(store, "consolidated-moves", company="alpha")
    assert sorted(zip(frame["month"], frame["sources"], frame["article"].map(_last), strict=True)) == [
        ("2024-03", 1, "a"),
        ("2024-04", 1, "a"),  # the planned pivot
        ("2024-04", 1, "c"),
    ]


def _follows(store: Store) -> set[tuple]:
    frame = store.query(
        """SELECT ?leader ?follower ?type ?lag WHERE {
             ?link a mkg:FollowSuit ; mkg:leader ?leader ; mkg:follower ?follower ; mkg:eventType ?type ;
                   mkg:lagDays ?lag }"""
    )
    return {(_last(r.leader), _last(r.follower), _last(r.type), r.lag) for r in frame.itertuples()}


def test_follows_suit_links_first_moves_within_the_window(store):
    derived.refresh(store)
    # alpha's pivot is dated 2024 (2024-01-01); beta's is undated, so its article's month (2024-04-01):
    # 91 days. beta's first sale (2024-11-01) comes 245 days after alpha's (2024-03-01): too late.
    assert _follows(store) == {("alpha", "beta", "StrategicPivot", 91)}
    assert derived.refresh(store, window=90).followed == 0
    assert derived.refresh(store, window=245).followed == 2
    assert ("alpha", "beta", "AssetSale", 245) in _follows(store)


def test_similar_move_profiles_make_inferred_peers():
    store = Store(None)
    store.write_ontology()
    x, y, z = (CompanyRef(c, c.upper()) for c in ("x", "y", "z"))
    for i, (actor, type_) in enumerate(
        [(x, "AssetSale"), (x, "AssetSale"), (x, "StrategicPivot"), (y, "AssetSale"), (y, "StrategicPivot")]
        + [(y, "AssetSale"), (z, "Rebrand"), (z, "Rebrand"), (z, "Rebrand"), (z, "AssetSale")]
    ):
        move = _move(actor, type_, date=f"2024-{i + 1:02d}")
        names = [Entity(c.id, c.name, "Organization", None, 1) for c in (x, y, z)]
        store.write_extraction(Extraction(Article(f"s{i}", "text", published="2024-12-01"), names, [move]))
    assert derived.refresh(store).similar == 1  # x and y: 2 sales and a pivot each; z mostly rebrands
    peers = named.run(store, "peer-group", company="x")
    similar = peers[peers["basis"] == "similar moves"]
    assert list(similar["peer"].str.rsplit("/", n=1).str[-1]) == ["y"]
    assert list(similar["evidence"]) == ["similarity 1 over AssetSale, StrategicPivot"]


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


def test_follows_suit_follows_deleted_and_restored_articles(store):
    derived.refresh(store)
    assert ("alpha", "beta", "StrategicPivot", 91) in _follows(store)
    store.delete_article("a")  # alpha's only pivot: beta's pivot follows nobody now
    derived.refresh(store)
    assert not any(link[2] == "StrategicPivot" for link in _follows(store))
    store.write_extraction(_article("a", _move(ALPHA, "StrategicPivot", "2024-02", "planned", start=9)))
    derived.refresh(store)  # back, dated a month later: 60 days before beta's 2024-04-01
    assert ("alpha", "beta", "StrategicPivot", 60) in _follows(store)
