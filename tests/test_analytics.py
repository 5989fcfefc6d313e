"""The company graph, centrality, communities and their cache, on graphs small enough to check by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from graph import analytics, derived
from graph.store import Store
from nlp.types import Article, CompanyRef, Entity, Evidence, Extraction, Move

A, B, C, D = (CompanyRef(c, c.upper()) for c in ("a", "b", "c", "d"))
IRI = "https://w3id.org/minekg/id/company/"


def _article(article_id: str, mentions, *moves: Move) -> Extraction:
    entities = [Entity(c.id, c.name, "Organization", None, 1) for c in mentions]
    return Extraction(Article(article_id, "text", published="2024-05-01"), entities, list(moves))


def _move(actor, type_="CommercialAgreement", counterparty=None, sector=None, start=0) -> Move:
    return Move(type_, actor, Evidence("x", start, start + 1), counterparty=counterparty, sector=sector, date="2024-05")


@pytest.fixture
def store() -> Store:
    store = Store(None)
    store.write_ontology()
    for extraction in (
        # a hosts b twice (two articles); c and d are only mentioned together; a and c both pivot to AI
        _article("1", (A, B), _move(A, counterparty=B)),
        _article("2", (A, B), _move(A, counterparty=B)),
        _article("3", (C, D)),
        _article(
            "4", (A, C), _move(A, "StrategicPivot", sector="AI", start=5), _move(C, "StrategicPivot", sector="AI")
        ),
    ):
        store.write_extraction(extraction)
    derived.refresh(store)
    return store


def test_the_company_graph_weighs_each_kind_of_link(store):
    graph = analytics.company_graph(store)
    assert graph.edges[IRI + "a", IRI + "b"] == {"counterparty": 2, "co-mention": 2, "weight": 4}
    assert graph.edges[IRI + "c", IRI + "d"] == {"co-mention": 1, "weight": 1}
    # one article mentions both, and both have a move in the AI/HPC pivot trend
    assert graph.edges[IRI + "a", IRI + "c"] == {"co-mention": 1, "shared trend": 1, "weight": 2}
    assert not graph.has_edge(IRI + "b", IRI + "d")


def test_centrality_and_communities_of_the_companies(store):
    table = analytics.analyse(store).companies.set_index("name")
    assert table.loc["A", "degree"] == 2 and table.loc["A", "weighted_degree"] == 6
    assert table.loc["A", "betweenness"] > table.loc["B", "betweenness"] == 0  # every path from b passes through a
    assert table.index[0] == "A"  # the most linked company first
    assert table.loc["A", "community"] == table.loc["B", "community"] != table.loc["D", "community"]


def test_communities_on_a_known_graph():
    # two triangles joined by one weak edge, and an isolated node that belongs to no community
    graph = nx.Graph()
    graph.add_weighted_edges_from([(1, 2, 5), (2, 3, 5), (1, 3, 5), (4, 5, 5), (5, 6, 5), (4, 6, 5), (3, 4, 1)])
    graph.add_node(7)
    assert analytics.communities(graph) == [{1, 2, 3}, {4, 5, 6}]


def test_the_analysis_is_cached_until_the_store_changes(store):
    first = analytics.analyse(store)
    assert analytics.analyse(store) is first
    store.write_extraction(_article("5", (B, D), _move(B, counterparty=D)))
    assert analytics.analyse(store) is not first  # more quads
    derived.refresh(store)
    again = analytics.analyse(store)
    assert again.graph.edges[IRI + "b", IRI + "d"]["counterparty"] == 1


def test_the_sample_data_has_its_miners_linked(sample_store):
    table = analytics.analyse(sample_store).companies.set_index("company")
    # the seed names Riot Platforms and CleanSpark beside MARA: co-mentions
    graph = analytics.analyse(sample_store).graph
    assert graph.has_edge(IRI + "mara", IRI + "riot-platforms") and graph.has_edge(IRI + "mara", IRI + "cleanspark")
    assert table.loc[IRI + "riot-platforms", "degree"] > 10  # the most written-about miner of the sample
