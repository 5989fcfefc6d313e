"""Company-level analytics with networkx: who is central, which companies cluster, who moves alike.

The company graph joins two companies when a move of one names the other as counterparty, when
articles mention both, when both have moves in the same trend, or when their mixes of moves are
similar (the derived graph's profile similarities). Edges carry a weight (how many times) per
kind, and a total. Every SPARQL query here aggregates in the store, so Python only holds
company pairs, never one row per move or article.

Results are cached per store and recomputed when the store changes: the cache key is the store's
size and the version :func:`graph.derived.refresh` gives the derived graph (a digest of it).

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_weighted_edges_from([("a", "b", 3), ("b", "c", 3), ("a", "c", 3), ("d", "e", 3), ("c", "d", 1)])
>>> [sorted(c) for c in communities(g)]
[['a', 'b', 'c'], ['d', 'e']]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
import pandas as pd

from graph.store import Store

_COUNTERPARTIES = """
SELECT ?a ?b (COUNT(DISTINCT ?move) AS ?weight)
WHERE {
  { SELECT ?move ?a WHERE { ?move mkg:actor ?a } }
  { SELECT ?move ?b WHERE { ?move mkg:counterparty ?b } }
}
GROUP BY ?a ?b
"""
_MENTIONS = """
SELECT ?a ?b (COUNT(DISTINCT ?article) AS ?weight)
WHERE {
  ?article schema:mentions ?a, ?b . ?a a mkg:Company . ?b a mkg:Company .
  FILTER(STR(?a) < STR(?b))
}
GROUP BY ?a ?b
"""
_TRENDS = """
SELECT DISTINCT ?company ?trend
WHERE {
  { SELECT ?move ?company WHERE { ?move mkg:actor ?company } }
  { SELECT ?move ?trend WHERE { ?move mkg:partOfTrend ?trend } }
}
"""
_SIMILAR = """
SELECT ?a ?b ?score
WHERE { ?pair mkg:similarityOf ?a, ?b ; mkg:score ?score . FILTER(STR(?a) < STR(?b)) }
"""
_NAMES = """
SELECT ?company (MIN(STR(?label)) AS ?name) WHERE { ?company a mkg:Company ; schema:name ?label } GROUP BY ?company
"""
_VERSION = "SELECT ?version WHERE { ?derived dcterms:hasVersion ?version }"

_cache: dict[tuple, Analysis] = {}


@dataclass(frozen=True)
class Analysis:
    """The company graph and what networkx makes of it."""

    graph: nx.Graph
    companies: pd.DataFrame  # company, name, degree, weighted degree, betweenness, PageRank, community


def company_graph(store: Store) -> nx.Graph:
    """Companies joined by counterparty moves, co-mentions, shared trends and similar move mixes."""
    graph = nx.Graph()
    for row in store.query(_NAMES).itertuples(index=False):
        graph.add_node(row.company, name=row.name)

    def link(a: str, b: str, kind: str, weight: float) -> None:
        if a == b:
            return
        data = graph.get_edge_data(a, b) or {}
        graph.add_edge(a, b, **{kind: data.get(kind, 0) + weight}, weight=data.get("weight", 0) + weight)

    for row in store.query(_COUNTERPARTIES).itertuples(index=False):
        link(row.a, row.b, "counterparty", int(row.weight))
    for row in store.query(_MENTIONS).itertuples(index=False):
        link(row.a, row.b, "co-mention", int(row.weight))
    members: dict[str, set[str]] = {}
    for row in store.query(_TRENDS).itertuples(index=False):
        members.setdefault(row.trend, set()).add(row.company)
    shared = Counter(pair for companies in members.values() for pair in combinations(sorted(companies), 2))
    for (a, b), count in shared.items():
        link(a, b, "shared trend", count)
    for row in store.query(_SIMILAR).itertuples(index=False):
        link(row.a, row.b, "similar moves", float(row.score))
    for node in graph.nodes:  # companies only known from a move or a mention: named by their IRI
        graph.nodes[node].setdefault("name", node.rsplit("/", 1)[-1])
    return graph


def communities(graph: nx.Graph) -> list[set[str]]:
    """Groups of companies more linked to each other than to the rest (greedy modularity: deterministic)."""
    linked = graph.subgraph(n for n in graph if graph.degree(n))
    if not linked.number_of_edges():
        return []
    found = nx.community.greedy_modularity_communities(linked, weight="weight")
    return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(c)))


def analyse(store: Store) -> Analysis:
    """The company graph with centrality and communities; cached until the store changes."""
    key = (id(store), len(store), tuple(store.query(_VERSION)["version"]))
    if key not in _cache:
        graph = company_graph(store)
        community_of = {node: i for i, group in enumerate(communities(graph)) for node in group}
        betweenness = nx.betweenness_centrality(graph, weight=None)
        pagerank = nx.pagerank(graph, weight="weight") if graph.number_of_edges() else {}
        rows = [
            {
                "company": node,
                "name": data["name"],
                "degree": graph.degree(node),
                "weighted_degree": graph.degree(node, weight="weight"),
                "betweenness": round(betweenness.get(node, 0.0), 4),
                "pagerank": round(float(pagerank.get(node, 0.0)), 4),
                "community": community_of.get(node),
            }
            for node, data in graph.nodes(data=True)
        ]
        table = pd.DataFrame(rows, columns=["company", "name", "degree", "weighted_degree", "betweenness",
                                            "pagerank", "community"])  # fmt: skip
        table["community"] = table["community"].astype("Int64")  # a company linked to none has none
        table = table.sort_values(["weighted_degree", "name"], ascending=[False, True]).reset_index(drop=True)
        _cache.clear()  # one store's analysis at a time: the explorer and the CLI look at one store
        _cache[key] = Analysis(graph, table)
    return _cache[key]
