"""Exports for other tools: the knowledge graph as GraphML or GEXF, the moves as CSV.

:func:`knowledge_graph` projects the store onto a networkx ``MultiDiGraph`` of companies,
moves, articles and trends; :func:`write_graphml` and :func:`write_gexf` write it for Gephi,
yEd, Cytoscape or networkx itself, and :func:`write_moves_csv` writes one row per move with its
source article for spreadsheets. Everything is read with a few small SELECTs through
``store.query`` (one or two properties each, joined here with pandas: Oxigraph is slow to join
many patterns over every move), so it works the same on the embedded store and on a SPARQL
server (:class:`graph.remote.RemoteStore`).

>>> import io
>>> from graph.store import Store
>>> from nlp.types import Amount, Article, CompanyRef, Evidence, Extraction, Move
>>> store = Store(None)
>>> store.write_ontology()
>>> text = "MARA sold 1,000 bitcoin for $60 million."
>>> sale = Move("AssetSale", CompanyRef("mara", "MARA Holdings"), Evidence(text, 0, len(text)),
...             asset="Bitcoin", amount=Amount(6e7, "USD"), date="2024-03")
>>> store.write_extraction(Extraction(Article("a1", text, title="MARA sells"), moves=[sale]))
>>> g = knowledge_graph(store)
>>> sorted((g.nodes[u]["kind"], label, g.nodes[v]["kind"]) for u, v, label in g.edges(data="label"))
[('Company', 'actor', 'Move'), ('Move', 'part of trend', 'Trend'), ('Move', 'source', 'Article')]
>>> move = next(node for node, kind in g.nodes(data="kind") if kind == "Move")
>>> g.nodes[move]["type"], g.nodes[move]["amount"], g.nodes[move]["unit"], g.nodes[move]["date"]
('AssetSale', 60000000.0, 'USD', '2024-03')
>>> out = io.BytesIO()
>>> write_moves_csv(store, out)
>>> header, row = out.getvalue().decode().splitlines()
>>> header.split(",")[:6], row.split(",")[3:6]
(['move', 'company', 'company_name', 'type', 'date', 'modality'], ['AssetSale', '2024-03', 'asserted'])
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable
from typing import IO
from urllib.parse import unquote

import networkx as nx
import pandas as pd

from graph.vocab import MKG

__all__ = [
    "MOVE_COLUMNS",
    "WRITERS",
    "knowledge_graph",
    "moves_table",
    "spreadsheet_cell",
    "spreadsheet_frame",
    "write_gexf",
    "write_graphml",
    "write_moves_csv",
]

MOVE_COLUMNS = (
    "move",
    "company",
    "company_name",
    "type",
    "date",
    "modality",
    "confidence",
    "counterparty",
    "counterparty_name",
    "role",
    "asset",
    "amount",
    "unit",
    "sector",
    "article",
    "title",
    "published",
    "url",
    "sentence",
)

# One property per query (two where a node sits between): the moves are the subjects of mkg:actor,
# and every other property is joined onto them in pandas, which also drops what is not a move
# (an evidence node's prov:wasDerivedFrom, a market event's mkg:partOfTrend).
_MOVE_PROPERTIES = {
    "type": "SELECT DISTINCT ?move ?type WHERE { ?move mkg:actor ?company ; a ?type }",
    "date": "SELECT DISTINCT ?move ?date WHERE { ?move mkg:date ?date }",
    "modality": "SELECT DISTINCT ?move ?modality WHERE { ?move mkg:modality ?modality }",
    "confidence": "SELECT DISTINCT ?move ?confidence WHERE { ?move mkg:confidence ?confidence }",
    "counterparty": "SELECT DISTINCT ?move ?counterparty WHERE { ?move mkg:counterparty ?counterparty }",
    "role": "SELECT DISTINCT ?move ?role WHERE { ?move mkg:counterpartyRole ?role }",
    "asset": "SELECT DISTINCT ?move ?asset WHERE { ?move mkg:asset ?asset }",
    "amount": "SELECT DISTINCT ?move ?amount WHERE { ?move mkg:amount ?node . ?node schema:value ?amount }",
    "unit": "SELECT DISTINCT ?move ?unit WHERE { ?move mkg:amount ?node . ?node schema:unitText ?unit }",
    "sector": "SELECT DISTINCT ?move ?sector WHERE { ?move mkg:sector ?sector }",
    "article": "SELECT DISTINCT ?move ?article WHERE { ?move prov:wasDerivedFrom ?article }",
    "sentence": "SELECT DISTINCT ?move ?sentence WHERE { ?move mkg:evidence ?node . ?node mkg:sentence ?sentence }",
}
_ACTORS = "SELECT DISTINCT ?move ?company WHERE { ?move mkg:actor ?company }"
_LOCAL_NAMES = ("type", "modality", "role", "asset", "sector")  # IRIs given by their local name
_NUMBERS = ("confidence", "amount")
_COMPANY_PROPERTIES = {
    "name": "SELECT DISTINCT ?company ?name WHERE { ?company a mkg:Company ; schema:name ?name }",
    "ticker": "SELECT DISTINCT ?company ?ticker WHERE { ?company mkg:ticker ?ticker }",
    "category": "SELECT DISTINCT ?company ?category WHERE { ?company mkg:category ?category }",
}
_ARTICLE_PROPERTIES = {
    "title": "SELECT DISTINCT ?article ?title WHERE { ?article dcterms:title ?title }",
    "published": "SELECT DISTINCT ?article ?published WHERE { ?article dcterms:date ?published }",
    "url": "SELECT DISTINCT ?article ?url WHERE { ?article schema:url ?url }",
}
_ARTICLES = "SELECT DISTINCT ?article WHERE { ?article a mkg:Article }"
_TRENDS = "SELECT DISTINCT ?move ?trend WHERE { ?move mkg:partOfTrend ?trend }"
_TREND_LABELS = "SELECT DISTINCT ?trend ?label WHERE { ?trend skos:prefLabel ?label }"
_PEERS = "SELECT DISTINCT ?company ?peer WHERE { ?company mkg:peerOf ?peer }"

_MKG = str(MKG)
# What XML 1.0 cannot hold (GraphML and GEXF are XML): control characters, lone surrogates, U+FFFE/F.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _present(value):
    """A cell's value, or None for an unbound one (pandas gives NaN or NA after a join)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _local(iri: str) -> str:
    """The local name of an IRI: after its last ``#`` or ``/``, percent-decoded."""
    return unquote(re.split(r"[#/]", iri)[-1])


def _number(value) -> float | None:
    try:
        return float(value)  # Decimal from the store; an ill-typed literal is text
    except (TypeError, ValueError):
        return None


def _one_per(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """One row per ``key``: the first by value, so the result does not depend on the store's order."""
    frame = frame[frame[key].map(_present).notna()]
    value = [column for column in frame.columns if column != key]
    frame = frame[frame[value[0]].map(_present).notna()]
    order = frame[value[0]].map(str)
    return frame.assign(_order=order).sort_values([key, "_order"]).drop_duplicates(key).drop(columns="_order")


def _joined(store, base: pd.DataFrame, key: str, queries: dict[str, str]) -> pd.DataFrame:
    for query in queries.values():
        base = base.merge(_one_per(store.query(query), key), on=key, how="left")
    return base


def _moves(store) -> pd.DataFrame:
    """One row per move: its actor and properties, IRIs of taxonomy terms as local names."""
    moves = _one_per(store.query(_ACTORS), "move")
    types = store.query(_MOVE_PROPERTIES["type"])
    types = types[types["type"].map(lambda t: isinstance(t, str) and t.startswith(_MKG)).astype(bool)]
    # The most specific class: mkg:Move itself only when a store says nothing more.
    types = types.assign(_order=types["type"] == _MKG + "Move").sort_values(["move", "_order", "type"])
    moves = moves.merge(types.drop_duplicates("move").drop(columns="_order"), on="move", how="left")
    moves = _joined(store, moves, "move", {k: q for k, q in _MOVE_PROPERTIES.items() if k != "type"})
    for column in _LOCAL_NAMES:
        moves[column] = moves[column].map(lambda v: _local(v) if isinstance(_present(v), str) else None)
    for column in _NUMBERS:
        moves[column] = moves[column].map(lambda v: _number(v) if _present(v) is not None else None).astype(object)
    return moves


def _companies(store) -> pd.DataFrame:
    names = _one_per(store.query(_COMPANY_PROPERTIES["name"]), "company")
    companies = _joined(store, names, "company", {k: q for k, q in _COMPANY_PROPERTIES.items() if k != "name"})
    companies["category"] = companies["category"].map(lambda v: _local(v) if isinstance(_present(v), str) else None)
    return companies


def _articles(store) -> pd.DataFrame:
    return _joined(store, store.query(_ARTICLES), "article", _ARTICLE_PROPERTIES)


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _present(v) for k, v in row.items()} for row in frame.to_dict("records")]


def moves_table(store) -> pd.DataFrame:
    """Every move, one row each, with the columns :data:`MOVE_COLUMNS`, ordered by company, date and move.

    Companies, moves, counterparties and articles are IRIs; type, modality, role, asset and
    sector are local names ("AssetSale", "planned", "buyer", "Bitcoin", "AI"); confidence and
    amount are floats; dates are ISO text ("2024", "2024-03", "2024-03-05"); an absent value is
    None.
    """
    moves = _moves(store)
    names = _companies(store)[["company", "name"]]
    moves = moves.merge(names.rename(columns={"name": "company_name"}), on="company", how="left")
    moves = moves.merge(
        names.rename(columns={"company": "counterparty", "name": "counterparty_name"}), on="counterparty", how="left"
    )
    moves = moves.merge(_articles(store), on="article", how="left")
    moves = moves.sort_values(["company", "date", "move"], na_position="last", key=lambda c: c.map(_sort_key))
    return pd.DataFrame(_records(moves[list(MOVE_COLUMNS)]), columns=list(MOVE_COLUMNS))


def _sort_key(value) -> str:
    value = _present(value)
    return "\uffff" if value is None else str(value)  # absent last


def knowledge_graph(store) -> nx.MultiDiGraph:
    """Companies, moves, articles and trends as a directed multigraph; node ids are the IRIs.

    Every node has a ``label`` and a ``kind``:

    - ``Company``: label (``schema:name``, else the IRI's last part), ``ticker``, ``category``;
    - ``Move``: label ("MARA Holdings: AssetSale", with the modality unless asserted), ``type``,
      ``date`` (ISO text), ``modality``, ``confidence``, ``amount``, ``unit``, ``asset``,
      ``sector``, ``sentence`` (the evidence);
    - ``Article``: label (the title, else the IRI's last part), ``title``, ``published``, ``url``;
    - ``Trend``: label (``skos:prefLabel``, else the IRI's last part).

    Edges carry a ``label``, which is also their key: "actor" (company to move), "counterparty"
    (move to company, with the counterparty's ``role`` when known), "source" (move to
    article), "part of trend" (move to trend) and "peer of" (company to company). Attributes
    without a value are left out (GraphML and GEXF cannot hold None); numbers are floats,
    everything else text. Every company and article in the store is a node, even one without
    moves.
    """
    graph = nx.MultiDiGraph()
    companies = {row["company"]: row for row in _records(_companies(store))}
    articles = {row["article"]: row for row in _records(_articles(store))}
    moves = _records(_moves(store))
    peers = _records(store.query(_PEERS))

    def company(iri: str) -> None:
        if iri not in graph:
            row = companies.get(iri, {})
            attrs = {"label": row.get("name") or _local(iri), "kind": "Company"}
            attrs |= {k: row[k] for k in ("ticker", "category") if row.get(k) is not None}
            graph.add_node(iri, **{k: str(v) for k, v in attrs.items()})

    def article(iri: str) -> None:
        if iri not in graph:
            row = articles.get(iri, {})
            attrs = {"label": row.get("title") or _local(iri), "kind": "Article"}
            attrs |= {k: row[k] for k in ("title", "published", "url") if row.get(k) is not None}
            graph.add_node(iri, **{k: str(v) for k, v in attrs.items()})

    for iri in companies:
        company(iri)
    for iri in articles:
        article(iri)
    for move in moves:
        company(move["company"])
        actor = graph.nodes[move["company"]]["label"]
        modality = move["modality"]
        label = f"{actor}: {move['type'] or 'Move'}" + (f" ({modality})" if modality not in (None, "asserted") else "")
        attrs: dict = {"label": label, "kind": "Move"}
        for key in ("type", "date", "modality", "unit", "asset", "sector", "sentence"):
            if move[key] is not None:
                attrs[key] = str(move[key])
        for key in _NUMBERS:
            if move[key] is not None:
                attrs[key] = float(move[key])
        graph.add_node(move["move"], **attrs)
        graph.add_edge(move["company"], move["move"], key="actor", label="actor")
        if move["counterparty"] is not None:
            company(move["counterparty"])
            role = {"role": move["role"]} if move["role"] is not None else {}
            graph.add_edge(move["move"], move["counterparty"], key="counterparty", label="counterparty", **role)
        if move["article"] is not None:
            article(move["article"])
            graph.add_edge(move["move"], move["article"], key="source", label="source")
    trend_labels = {row["trend"]: row["label"] for row in _records(_one_per(store.query(_TREND_LABELS), "trend"))}
    for row in _records(store.query(_TRENDS)):
        move, trend = row["move"], row["trend"]
        if trend is None or move not in graph or graph.nodes[move]["kind"] != "Move":
            continue  # a market event's trend
        if trend not in graph:
            graph.add_node(trend, label=str(trend_labels.get(trend) or _local(trend)), kind="Trend")
        graph.add_edge(move, trend, key="part of trend", label="part of trend")
    for row in peers:
        if row["company"] is not None and row["peer"] is not None:
            company(row["company"])
            company(row["peer"])
            graph.add_edge(row["company"], row["peer"], key="peer of", label="peer of")
    return graph


def _xml_ready(graph: nx.MultiDiGraph, renumber: bool) -> nx.MultiDiGraph:
    """A copy fit for XML: text without the characters XML cannot hold; ``renumber``: edge keys e0, e1...

    GraphML writes an edge's key as its id, and Gephi drops an edge whose id it has already seen,
    so GraphML needs keys unique across the graph (GEXF numbers its edges itself).
    """

    def clean(attrs: dict) -> dict:
        return {k: _NOT_XML.sub("\ufffd", v) if isinstance(v, str) else v for k, v in attrs.items()}

    ready = nx.MultiDiGraph()
    ready.add_nodes_from((node, clean(attrs)) for node, attrs in graph.nodes(data=True))
    for index, (u, v, key, attrs) in enumerate(graph.edges(keys=True, data=True)):
        ready.add_edge(u, v, key=f"e{index}" if renumber else key, **clean(attrs))
    return ready


def write_graphml(store, out: IO[bytes]) -> None:
    """Write :func:`knowledge_graph` as GraphML (UTF-8) to a binary file object; edge ids are e0, e1..."""
    nx.write_graphml(_xml_ready(knowledge_graph(store), renumber=True), out, encoding="utf-8")


def write_gexf(store, out: IO[bytes]) -> None:
    """Write :func:`knowledge_graph` as GEXF 1.2 (Gephi's own format, UTF-8) to a binary file object.

    Edges are numbered by the writer; each keeps its key (its label) as the ``networkx_key``
    attribute, which :func:`networkx.read_gexf` turns back into the key.
    """
    nx.write_gexf(_xml_ready(knowledge_graph(store), renumber=False), out, encoding="utf-8")


def spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell passed through :func:`spreadsheet_cell` (numbers stay numbers).

    >>> spreadsheet_frame(pd.DataFrame({"title": ["=1+1", "MARA"], "moves": [2, 3]})).to_csv(index=False)
    "title,moves\\n'=1+1,2\\nMARA,3\\n"
    """
    return frame.map(lambda value: spreadsheet_cell(value) if isinstance(value, str) else value)


def spreadsheet_cell(value) -> str:
    """A CSV cell a spreadsheet will not run: text starting with ``=``, ``+``, ``-``, ``@``, a tab
    or a carriage return gets a leading apostrophe, unless it is a plain number.

    >>> spreadsheet_cell('=HYPERLINK("http://example.org","click")')
    '\\'=HYPERLINK("http://example.org","click")'
    >>> spreadsheet_cell(-1.5), spreadsheet_cell("-2e3"), spreadsheet_cell("-1+2"), spreadsheet_cell(None)
    ('-1.5', '-2e3', "'-1+2", '')
    """
    value = _present(value)
    if value is None:
        return ""
    text = repr(value) if isinstance(value, float) else str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_moves_csv(store, out: IO[bytes]) -> None:
    """Write :func:`moves_table` as CSV (UTF-8, a header row, RFC 4180 quoting) to a binary file object.

    The text comes from articles, which anyone may have written, so every cell is made safe for
    spreadsheets with :func:`spreadsheet_cell`: one that starts with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return gets a leading apostrophe (a spreadsheet would otherwise run it as
    a formula), except a plain number such as ``-1.5``. A program reading the file sees that
    apostrophe as part of the text.
    """
    table = moves_table(store)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        writer = csv.writer(text)
        writer.writerow(MOVE_COLUMNS)
        for row in table.itertuples(index=False):
            writer.writerow([spreadsheet_cell(value) for value in row])
        text.flush()
    finally:
        text.detach()  # leave ``out`` open for the caller


WRITERS: dict[str, Callable[[object, IO[bytes]], None]] = {
    "graphml": write_graphml,
    "gexf": write_gexf,
    "csv": write_moves_csv,
}
