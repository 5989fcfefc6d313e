"""Derived data: facts computed across article graphs, kept in their own graph.

Some questions need every move in the store: how many moves of each type per
quarter, planned versus done per company, which articles give different figures
for the same move. Answering them from the article graphs at query time costs
a few index lookups per move, a second or more at a million triples. So
:func:`refresh` computes them once, after each ingest, into the graph
``DERIVED_GRAPH``, and the named queries read that small graph instead.

It holds:

- ``mkg:MoveTally`` nodes: how many moves of one type and modality articles
  report, per company (``mkg:tallyCompany``) and per period (``mkg:period``: a
  quarter such as ``2024-Q2``, or the year for a move dated only by its year);
- ``mkg:FigureConflict`` nodes: non-speculative reports of one company's move of
  one type on one asset in one month whose amounts in one unit differ between
  articles, each report linked by ``mkg:report``.

Derived data is rebuilt whole from the article graphs, so it can never drift
from them: ``minekg ingest`` refreshes it at the end of every run; a program
that writes extractions through :class:`graph.store.Store` calls
:func:`refresh` when it is done.

>>> from graph.store import Store
>>> from nlp.types import Article, CompanyRef, Evidence, Extraction, Move
>>> store = Store(None)
>>> store.write_ontology()
>>> mara = CompanyRef("mara", "MARA Holdings", "MARA")
>>> move = Move("StrategicPivot", mara, Evidence("MARA pivots to AI.", 0, 18), sector="AI", date="2024-05")
>>> store.write_extraction(Extraction(Article("a1", "MARA pivots to AI."), moves=[move]))
>>> refresh(store)
Derived(tallies=2, conflicts=0)
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.store import Store
from graph.triples import Triples
from graph.vocab import ID, MKG, SCHEMA

DERIVED_GRAPH = ID["graph/derived"]

# Each pattern in its own subquery: Oxigraph then joins whole predicate scans by hashing instead of
# looking up every move once per pattern, about 4x faster over every move of the store.
_MOVES = """
SELECT ?move ?company ?kind ?mod ?date
WHERE {
  { SELECT ?move ?kind WHERE { ?kind rdfs:subClassOf mkg:Move . ?move a ?kind } }
  { SELECT ?move ?company WHERE { ?move mkg:actor ?company } }
  { SELECT ?move ?mod WHERE { ?move mkg:modality ?mod } }
  OPTIONAL { SELECT ?move ?date WHERE { ?move mkg:date ?date } }
}
"""

_FIGURES = """
SELECT ?move ?company ?kind ?asset ?date ?unit ?value ?source
WHERE {
  { SELECT ?move ?amount ?unit ?value
    WHERE { ?move mkg:amount ?amount . ?amount schema:unitText ?unit ; schema:value ?value } }
  { SELECT ?move ?kind WHERE { ?kind rdfs:subClassOf mkg:Move . ?move a ?kind } }
  { SELECT ?move ?company WHERE { ?move mkg:actor ?company } }
  { SELECT ?move ?asset WHERE { ?move mkg:asset ?asset } }
  { SELECT ?move ?date WHERE { ?move mkg:date ?date } }
  { SELECT ?move ?mod WHERE { ?move mkg:modality ?mod FILTER(?mod != modality:speculative) } }
  { SELECT ?move ?source WHERE { ?move prov:wasDerivedFrom ?source } }
}
"""


@dataclass(frozen=True)
class Derived:
    """How many derived nodes :func:`refresh` wrote."""

    tallies: int
    conflicts: int


def period_of(date: str) -> str:
    """The quarter a date falls in; the year alone for a date that gives only its year.

    >>> period_of("2024-05-17"), period_of("2024-12"), period_of("2024")
    ('2024-Q2', '2024-Q4', '2024')
    """
    if len(date) < 7:
        return date[:4]
    return f"{date[:4]}-Q{(int(date[5:7]) + 2) // 3}"


def _node(kind: str, *key: str) -> URIRef:
    return ID[f"{kind}/{hashlib.sha1('|'.join(key).encode()).hexdigest()[:20]}"]


def _tallies(store: Store, triples: Triples) -> int:
    # sets of moves, not counts: a move the store holds two dates for is still one move
    by_company: defaultdict[tuple, set] = defaultdict(set)
    by_period: defaultdict[tuple, set] = defaultdict(set)
    for row in store.query(_MOVES).itertuples(index=False):
        by_company[row.company, row.kind, row.mod].add(row.move)
        if isinstance(row.date, str):
            by_period[period_of(row.date), row.kind, row.mod].add(row.move)
    for dimension, cells in ((MKG.tallyCompany, by_company), (MKG.period, by_period)):
        for (value, move_type, modality), moves in cells.items():
            tally = _node("tally", str(dimension), value, move_type, modality)
            term = Literal(value) if dimension == MKG.period else URIRef(value)
            triples.add((tally, RDF.type, MKG.MoveTally))
            triples.add((tally, dimension, term))
            triples.add((tally, MKG.tallyType, URIRef(move_type)))
            triples.add((tally, MKG.tallyModality, URIRef(modality)))
            triples.add((tally, MKG.moveCount, Literal(len(moves), datatype=XSD.integer)))
    return len(by_company) + len(by_period)


def _conflicts(store: Store, triples: Triples) -> int:
    groups: defaultdict[tuple, list] = defaultdict(list)
    for row in store.query(_FIGURES).itertuples(index=False):
        key = (row.company, row.kind, row.asset, row.date[:7], row.unit)
        groups[key].append((row.move, row.value, row.source))
    conflicts = 0
    for key, reports in groups.items():
        # two different values from two different articles (as the query in conflicting-figures.rq had it)
        if len({value for _, value, _ in reports}) < 2 or len({source for _, _, source in reports}) < 2:
            continue
        conflict = _node("conflict", *key)
        triples.add((conflict, RDF.type, MKG.FigureConflict))
        triples.add((conflict, MKG.period, Literal(key[3])))
        triples.add((conflict, SCHEMA.unitText, Literal(key[4])))
        for move in sorted({move for move, _, _ in reports}):
            triples.add((conflict, MKG.report, URIRef(move)))
        conflicts += 1
    return conflicts


def refresh(store: Store) -> Derived:
    """Recompute the derived graph from the article graphs and replace it in ``store``."""
    triples = Triples()
    derived = Derived(_tallies(store, triples), _conflicts(store, triples))
    store.replace_graph(DERIVED_GRAPH, triples)
    store.flush()
    return derived
