"""graph.network: expanding a company's neighbourhood hop by hop, under a cap, and laying it out."""

from __future__ import annotations

import networkx as nx
import pytest

from graph import named
from graph.network import expand, layout
from graph.triples import company_iri

MARA = str(company_iri("mara"))
RIOT = str(company_iri("riot-platforms"))


def _companies(graph: nx.DiGraph) -> set[str]:
    return {node for node, kind in graph.nodes(data="kind") if kind == "Company"}


def test_depth_one_is_the_neighbourhood_query(sample_store):
    graph, cut = expand(sample_store, "mara")
    assert not cut
    moves = named.run(sample_store, "company-moves", company="mara")
    assert set(moves["move"]) <= set(graph)
    assert all(graph.has_edge(MARA, move) for move in moves["move"])
    rows = named.run(sample_store, "neighbourhood", company="mara")
    peers = set(rows.loc[rows["edge"] == "peer of", "target"])
    assert RIOT in peers and peers <= _companies(graph)
    assert set(graph) == set(rows["source"]) | set(rows["target"])


def test_depth_two_reaches_companies_two_hops_away(sample_store):
    one, _ = expand(sample_store, "mara", depth=1)
    two, cut = expand(sample_store, "mara", depth=2)
    assert not cut
    assert two.number_of_nodes() > one.number_of_nodes()
    assert set(one) <= set(two)
    # Block Mining is Riot's counterparty: one hop from Riot, two from MARA
    riot = named.run(sample_store, "neighbourhood", company=RIOT)
    block = str(company_iri("block-mining"))
    assert block in set(riot["target"])
    assert block not in one and block in two
    assert two.nodes[block]["kind"] == "Company"
    # Riot's own moves come with it
    riot_moves = named.run(sample_store, "company-moves", company=RIOT)
    assert set(riot_moves["move"]) <= set(two)


def test_depth_three_holds_depth_two(sample_store):
    two, _ = expand(sample_store, "mara", depth=2)
    three, _ = expand(sample_store, "mara", depth=3)
    assert set(two) <= set(three)


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_a_small_cap_cuts_the_view_and_says_so(sample_store, depth):
    graph, cut = expand(sample_store, "mara", depth=depth, cap=10)
    assert cut
    assert graph.number_of_nodes() == 10
    assert MARA in graph  # the company comes first


def test_a_cap_the_view_fits_under_does_not_cut(sample_store):
    full, _ = expand(sample_store, "mara", depth=2)
    graph, cut = expand(sample_store, "mara", depth=2, cap=full.number_of_nodes())
    assert not cut and set(graph) == set(full)


def test_hide_speculative_drops_speculative_moves(sample_store):
    graph, _ = expand(sample_store, "mara", depth=2, hide_speculative=True)
    rows = named.run(sample_store, "neighbourhood", company=RIOT)
    speculative = set(rows.loc[(rows["modality"] == "speculative") & (rows["targetKind"] == "Move"), "target"])
    assert not speculative & set(graph)


def test_bad_depth_or_cap_is_refused(sample_store):
    with pytest.raises(ValueError, match="depth"):
        expand(sample_store, "mara", depth=4)
    with pytest.raises(ValueError, match="cap"):
        expand(sample_store, "mara", cap=0)


def test_layout_places_every_node(sample_store):
    graph, _ = expand(sample_store, "mara", depth=2)
    positions = layout(graph)
    assert set(positions) == set(graph)
    assert all(len(xy) == 2 and all(isinstance(c, float) for c in xy) for xy in positions.values())
    assert max(abs(c) for xy in positions.values() for c in xy) > 100  # pixels, not unit coordinates
    assert layout(graph) == positions  # seeded


def test_layout_of_empty_and_single_node_graphs():
    assert layout(nx.DiGraph()) == {}
    single = nx.DiGraph()
    single.add_node("c")
    assert set(layout(single)) == {"c"}
