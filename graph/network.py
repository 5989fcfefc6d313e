"""networkx projections of query results.

>>> import pandas as pd
>>> edges = pd.DataFrame([
...     {"source": "c:mara", "sourceLabel": "MARA", "sourceKind": "Company", "edge": "actor of",
...      "target": "m:1", "targetLabel": "MARA: AssetSale", "targetKind": "Move",
...      "modality": "asserted", "sentence": "MARA sold bitcoin."},
...     {"source": "c:mara", "sourceLabel": "MARA", "sourceKind": "Company", "edge": "actor of",
...      "target": "m:2", "targetLabel": "MARA: StrategicPivot (speculative)", "targetKind": "Move",
...      "modality": "speculative", "sentence": None},
... ])
>>> g = neighbourhood_graph(edges)
>>> sorted(g.nodes), g.nodes["m:1"]["detail"]
(['c:mara', 'm:1', 'm:2'], 'MARA sold bitcoin.')
>>> sorted(neighbourhood_graph(edges, hide_speculative=True).nodes)
['c:mara', 'm:1']
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

__all__ = ["neighbourhood_graph"]


def neighbourhood_graph(edges: pd.DataFrame, hide_speculative: bool = False) -> nx.DiGraph:
    """A directed graph from rows of the ``neighbourhood`` named query.

    Nodes carry ``label``, ``kind`` (Company, Move, Trend, Article, Person) and
    ``detail`` (a move's evidence sentence, a person's title); edges carry ``label``.
    """
    graph = nx.DiGraph()
    for row in edges.itertuples(index=False):
        if hide_speculative and row.modality == "speculative":
            continue
        for node, label, kind in (
            (row.source, row.sourceLabel, row.sourceKind),
            (row.target, row.targetLabel, row.targetKind),
        ):
            if node not in graph:
                graph.add_node(node, label=str(label), kind=str(kind), detail=None)
        sentence = getattr(row, "sentence", None)
        if row.targetKind in ("Move", "Person") and isinstance(sentence, str):
            graph.nodes[row.target]["detail"] = sentence
        graph.add_edge(row.source, row.target, label=str(row.edge))
    return graph
