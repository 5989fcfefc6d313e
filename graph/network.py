"""networkx projections of query results: a company's or trend's neighbourhood, expanded, filtered and laid out.

>>> import pandas as pd
>>> edges = pd.DataFrame([
...     {"source": "c:mara", "sourceLabel": "MARA", "sourceKind": "Company", "edge": "actor of",
...      "target": "m:1", "targetLabel": "MARA: AssetSale", "targetKind": "Move",
...      "modality": "asserted", "sentence": "MARA sold bitcoin.", "type": "AssetSale", "date": "2024-08",
...      "confidence": 0.9},
...     {"source": "c:mara", "sourceLabel": "MARA", "sourceKind": "Company", "edge": "actor of",
...      "target": "m:2", "targetLabel": "MARA: StrategicPivot (speculative)", "targetKind": "Move",
...      "modality": "speculative", "sentence": None, "type": "StrategicPivot", "date": None, "confidence": 0.4},
... ])
>>> g = neighbourhood_graph(edges)
>>> sorted(g.nodes), g.nodes["m:1"]["detail"], g.nodes["m:1"]["date"]
(['c:mara', 'm:1', 'm:2'], 'MARA sold bitcoin.', '2024-08')
>>> sorted(neighbourhood_graph(edges, hide_speculative=True).nodes)
['c:mara', 'm:1']
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable
from datetime import date

import networkx as nx
import pandas as pd

from graph import named
from graph.store import Store

__all__ = ["neighbourhood_graph", "expand", "layout", "moves_passing", "filter_moves", "LAYOUT_SCALE"]

LAYOUT_SCALE = 2000  # pixels from the centre to the farthest node of a server-side layout


def neighbourhood_graph(edges: pd.DataFrame, hide_speculative: bool = False) -> nx.DiGraph:
    """A directed graph from rows of the ``neighbourhood`` named query.

    Nodes carry ``label``, ``kind`` (Company, Move, Trend, Article, Person) and
    ``detail`` (a move's evidence sentence, a person's title); Move nodes also carry
    ``type``, ``date``, ``modality`` and ``confidence``; edges carry ``label``.
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
        if row.edge == "actor of":
            graph.nodes[row.target].update(
                type=row.type, date=_text_or_none(row.date), modality=row.modality, confidence=row.confidence
            )
        graph.add_edge(row.source, row.target, label=str(row.edge))
    return graph


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) else None


def _nodes(rows: pd.DataFrame) -> Iterable[tuple[str, str]]:
    """Each row's ends, as (node, kind), in the order :func:`neighbourhood_graph` adds them."""
    for row in rows.itertuples(index=False):
        yield row.source, row.sourceKind
        yield row.target, row.targetKind


def expand(
    store: Store,
    company: str,
    depth: int = 1,
    cap: int = 300,
    *,
    hide_speculative: bool = False,
    **query_params: str,
) -> tuple[nx.DiGraph, bool]:
    """A company's neighbourhood ``depth`` hops out (1 to 3), at most ``cap`` nodes.

    ``company`` may also be a trend's IRI: depth 1 is then the trend's newest moves
    and their actors. Depth 1 is the named query ``neighbourhood`` for ``company``; each further
    depth runs it for every Company node the previous depth reached (in the
    order they were reached, so nearest first), until the graph holds ``cap``
    nodes. ``query_params`` go to the query (``limit``: moves per company).
    Returns the graph and whether the cap cut it: then it holds the first
    ``cap`` nodes reached.

    >>> from graph.store import Store
    >>> from nlp.types import Article, CompanyRef, Entity, Evidence, Extraction, Move
    >>> store = Store(None)
    >>> mara, riot = CompanyRef("mara", "MARA"), CompanyRef("riot", "Riot")
    >>> hosting = Move("CommercialAgreement", mara, Evidence("MARA hosts Riot.", 0, 16), counterparty=riot)
    >>> names = [Entity(c.id, c.name, "Organization", None, 1) for c in (mara, riot)]
    >>> store.write_extraction(Extraction(Article("a1", "MARA hosts Riot.", title="T"), names, [hosting]))
    >>> graph, cut = expand(store, "https://w3id.org/minekg/id/company/mara", depth=2, cap=100)
    >>> sorted(kind for _, kind in graph.nodes(data="kind")), cut
    (['Article', 'Company', 'Company', 'Move'], False)
    """
    if not 1 <= depth <= 3:
        raise ValueError(f"depth must be 1, 2 or 3, not {depth}")
    if cap < 1:
        raise ValueError(f"cap must be at least 1, not {cap}")
    parts: list[pd.DataFrame] = []
    seen: dict[str, str] = {}  # node -> kind, in the order reached
    expanded: set[str] = set()
    frontier = [company]
    cut = False
    for level in range(1, depth + 1):
        reached: list[str] = []
        for current in frontier:
            if len(seen) >= cap:
                cut = True  # this company and the rest of the frontier stay unexpanded
                break
            expanded.add(current)
            rows = named.run(store, "neighbourhood", company=current, **query_params)
            if hide_speculative and not rows.empty:
                rows = rows[rows["modality"] != "speculative"]
            parts.append(rows)
            for node, kind in _nodes(rows):
                if node not in seen:
                    seen[node] = kind
                    if kind == "Company":
                        reached.append(node)
        if level < depth:
            frontier = [node for node in reached if node not in expanded]
            if len(seen) >= cap and frontier:
                cut = True
                break
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    graph = neighbourhood_graph(rows) if not rows.empty else nx.DiGraph()
    if graph.number_of_nodes() > cap:
        graph.remove_nodes_from(list(graph)[cap:])
        cut = True
    return graph, cut


def layout(graph: nx.DiGraph) -> dict[object, tuple[float, float]]:
    """A position in pixels for every node (``nx.spring_layout``, seed 7), for views too big for physics.

    >>> g = nx.path_graph(3, create_using=nx.DiGraph)
    >>> positions = layout(g)
    >>> sorted(positions), max(abs(c) for xy in positions.values() for c in xy) <= LAYOUT_SCALE + 1
    ([0, 1, 2], True)
    """
    if graph.number_of_nodes() == 0:
        return {}
    spring = nx.spring_layout(graph, seed=7, scale=LAYOUT_SCALE)
    return {node: (float(x), float(y)) for node, (x, y) in spring.items()}


def _period(value: str) -> tuple[str, str] | None:
    """The first and last day of a move's date, which may be a year or a month: ``2024-08``."""
    text = str(value)[:10]
    try:
        if len(text) == 4:
            return f"{text}-01-01", f"{text}-12-31"
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            return f"{text}-01", f"{text}-{calendar.monthrange(year, month)[1]:02d}"
        day = date.fromisoformat(text).isoformat()
    except ValueError:
        return None
    return day, day


def moves_passing(
    moves: pd.DataFrame,
    *,
    types: Collection[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    min_confidence: float = 0.0,
) -> pd.Series:
    """Which rows of the ``company-moves`` query (``type``, ``date``, ``confidence``) pass the filters.

    A move passes when its type is in ``types`` (None: any), its date (a day, a
    month or a year) overlaps ``start``..``end`` (an undated move fails a date
    filter) and its confidence is at least ``min_confidence``.

    >>> moves = pd.DataFrame({"type": ["AssetSale", "Rebrand", "AssetSale"],
    ...                       "date": ["2024-08", None, "2023"], "confidence": [0.9, 0.5, 0.6]})
    >>> list(moves_passing(moves, start=date(2024, 8, 31)))
    [True, False, False]
    >>> list(moves_passing(moves, types={"AssetSale"}, min_confidence=0.7))
    [True, False, False]
    """
    passing = pd.Series(True, index=moves.index, dtype=bool)
    if moves.empty:
        return passing
    if types is not None:
        passing &= moves["type"].isin(list(types))
    if start is not None or end is not None:
        periods = [_period(value) if isinstance(value, str) else None for value in moves["date"]]
        passing &= pd.Series(
            [
                period is not None
                and (start is None or period[1] >= start.isoformat())
                and (end is None or period[0] <= end.isoformat())
                for period in periods
            ],
            index=moves.index,
            dtype=bool,
        )
    if min_confidence > 0:
        confidence = pd.to_numeric(moves["confidence"], errors="coerce")
        passing &= confidence.ge(min_confidence).fillna(False).astype(bool)
    return passing


def filter_moves(graph: nx.DiGraph, *, keep: Collection[str] = (), **filters) -> nx.DiGraph:
    """``graph`` without the Move nodes the filters reject (by their ``type``, ``date`` and ``confidence``).

    ``filters`` are those of :func:`moves_passing`. Nodes left without edges by the
    removal go too, except those in ``keep``.

    >>> g = nx.DiGraph([("c", "m1"), ("c", "m2"), ("m2", "a")])
    >>> nx.set_node_attributes(g, {"c": "Company", "m1": "Move", "m2": "Move", "a": "Article"}, "kind")
    >>> nx.set_node_attributes(g, {"m1": {"type": "AssetSale", "date": "2024-08", "confidence": 0.9},
    ...                            "m2": {"type": "Rebrand", "date": None, "confidence": 0.5}})
    >>> sorted(filter_moves(g, types={"AssetSale"}))
    ['c', 'm1']
    >>> sorted(filter_moves(g, start=date(2024, 9, 1)))
    []
    >>> sorted(filter_moves(g, start=date(2024, 9, 1), keep={"c"}))
    ['c']
    """
    moves = pd.DataFrame(
        [
            {"move": node, "type": data.get("type"), "date": data.get("date"), "confidence": data.get("confidence")}
            for node, data in graph.nodes(data=True)
            if data.get("kind") == "Move"
        ],
        columns=["move", "type", "date", "confidence"],
    )
    dropped = list(moves.loc[~moves_passing(moves, **filters), "move"])
    shown = graph.copy()
    neighbours = {other for node in dropped for other in nx.all_neighbors(graph, node)}
    shown.remove_nodes_from(dropped)
    shown.remove_nodes_from([n for n in neighbours if n in shown and shown.degree(n) == 0 and n not in keep])
    return shown
