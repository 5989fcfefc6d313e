"""Derived data: facts computed across article graphs, kept in their own graph.

Some questions need every move in the store: how many moves of each type per
quarter, which articles give different figures for one move, who followed whom
into a sector. Answering them from the article graphs at query time costs a few
index lookups per move, a second or more at a million triples. So :func:`refresh`
computes them with a few SPARQL aggregates (Oxigraph keeps the groups, Python
only sees their small results: memory does not grow with the store) and writes
them into the graph ``DERIVED_GRAPH``, which the named queries read instead.

It holds:

- ``mkg:MoveTally``: how many moves of one type and modality articles report,
  per company (``mkg:tallyCompany``) and per period (``mkg:period``: a quarter
  such as ``2024-Q2``, or the year for a move dated only by its year);
- ``mkg:FigureConflict``: non-speculative reports of one company's move of one
  type on one asset in one month whose amounts in one unit differ between
  articles: competing claims, each report keeping its figure and source;
- ``mkg:FollowSuit``: a company's first move of a type into a sector (on an
  asset, for a move without sector) made 1 to ``window`` days after another
  company's first such move, with both dates and the lag in days. A move without
  a date counts from its article's month; speculation counts for nobody;
- ``mkg:ProfileSimilarity``: two companies whose non-speculative moves have a
  similar mix of types (cosine similarity of their counts per type).

One move reported by several articles needs no refresh: each article names the
consolidated move of its reports (:func:`graph.triples.consolidated_iri`).

Derived data is rebuilt whole from the article graphs, so it never drifts from
them: ``minekg ingest`` refreshes it at the end of every run; a program that
writes extractions through :class:`graph.store.Store` calls :func:`refresh`.

>>> from graph.store import Store
>>> from nlp.types import Article, CompanyRef, Evidence, Extraction, Move
>>> store = Store(None)
>>> store.write_ontology()
>>> mara = CompanyRef("mara", "MARA Holdings", "MARA")
>>> move = Move("StrategicPivot", mara, Evidence("MARA pivots to AI.", 0, 18), sector="AI", date="2024-05")
>>> store.write_extraction(Extraction(Article("a1", "MARA pivots to AI."), moves=[move]))
>>> refresh(store)
Derived(tallies=2, conflicts=0, followed=0, similar=0)
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from graph.store import Store
from graph.triples import Triples
from graph.vocab import ID, MKG, MODALITY, SCHEMA

DERIVED_GRAPH = ID["graph/derived"]
FOLLOW_WINDOW = 180  # days
SIMILARITY = 0.9  # the least cosine similarity of two move profiles that makes two companies similar
SIMILARITY_MOVES = 3  # the fewest non-speculative moves a company needs to have a profile

# Each pattern in its own subquery: Oxigraph then joins whole predicate scans by hashing instead of
# looking up every move once per pattern, about 4x faster over every move of the store.
_KIND = "{ SELECT ?move ?kind WHERE { ?kind rdfs:subClassOf mkg:Move . ?move a ?kind } }"
_ACTOR = "{ SELECT ?move ?company WHERE { ?move mkg:actor ?company } }"
_MODALITY = "{ SELECT ?move ?mod WHERE { ?move mkg:modality ?mod } }"
_DATE = "{ SELECT ?move ?date WHERE { ?move mkg:date ?date } }"

_BY_COMPANY = f"""
SELECT ?company ?kind ?mod (COUNT(DISTINCT ?move) AS ?count)
WHERE {{ {_KIND} {_ACTOR} {_MODALITY} }}
GROUP BY ?company ?kind ?mod
"""

_BY_PERIOD = f"""
SELECT ?period ?kind ?mod (COUNT(DISTINCT ?move) AS ?count)
WHERE {{
  {_KIND} {_MODALITY} {_DATE}
  BIND(STR(?date) AS ?text)
  BIND(IF(STRLEN(?text) >= 7,
          CONCAT(SUBSTR(?text, 1, 4), "-Q", STR(xsd:integer(CEIL(xsd:decimal(SUBSTR(?text, 6, 2)) / 3)))),
          SUBSTR(?text, 1, 4)) AS ?period)
}}
GROUP BY ?period ?kind ?mod
"""

_CONFLICTS = f"""
SELECT ?company ?kind ?asset ?month ?unit ?move
WHERE {{
  {{
    SELECT ?company ?kind ?asset ?month ?unit
    WHERE {{
      {_KIND} {_ACTOR} {_MODALITY} {_DATE}
      {{ SELECT ?move ?asset WHERE {{ ?move mkg:asset ?asset }} }}
      {{ SELECT ?move ?source WHERE {{ ?move prov:wasDerivedFrom ?source }} }}
      {{ SELECT ?move ?unit ?value
         WHERE {{ ?move mkg:amount ?amount . ?amount schema:unitText ?unit ; schema:value ?value }} }}
      FILTER(?mod != modality:speculative)
      BIND(SUBSTR(STR(?date), 1, 7) AS ?month)
    }}
    GROUP BY ?company ?kind ?asset ?month ?unit
    # two values and two articles in a group: two different values from two articles
    HAVING (COUNT(DISTINCT ?value) > 1 && COUNT(DISTINCT ?source) > 1)
  }}
  ?move mkg:actor ?company ; a ?kind ; mkg:asset ?asset ; mkg:date ?date ; mkg:modality ?mod ; mkg:amount ?amount .
  ?amount schema:unitText ?unit .
  FILTER(?mod != modality:speculative && SUBSTR(STR(?date), 1, 7) = ?month)
}}
"""

# Each company's earliest non-speculative move per type, sector and asset: its own date, else its article's month.
_FIRSTS = f"""
SELECT ?kind ?sector ?asset ?company (MIN(?when) AS ?first)
WHERE {{
  {_KIND} {_ACTOR} {_MODALITY}
  {{ SELECT ?move ?source WHERE {{ ?move prov:wasDerivedFrom ?source }} }}
  OPTIONAL {_DATE}
  OPTIONAL {{ SELECT ?source ?published WHERE {{ ?source dcterms:date ?published }} }}
  OPTIONAL {{ SELECT ?move ?sector WHERE {{ ?move mkg:sector ?sector }} }}
  OPTIONAL {{ SELECT ?move ?asset WHERE {{ ?move mkg:asset ?asset }} }}
  FILTER(?mod != modality:speculative)
  BIND(COALESCE(STR(?date), SUBSTR(STR(?published), 1, 7)) AS ?when)
  FILTER(BOUND(?when))
}}
GROUP BY ?kind ?sector ?asset ?company
"""
_SPECULATIVE = str(MODALITY.speculative)


@dataclass(frozen=True)
class Derived:
    """How many derived nodes :func:`refresh` wrote, of each kind."""

    tallies: int
    conflicts: int
    followed: int
    similar: int


def first_day(value: str) -> date | None:
    """The first day a partial date can mean; None for what is not a date.

    >>> first_day("2024-06"), first_day("2024"), first_day("2024-13")
    (datetime.date(2024, 6, 1), datetime.date(2024, 1, 1), None)
    """
    try:
        return date.fromisoformat(value[:10] + {4: "-01-01", 7: "-01"}.get(len(value), ""))
    except ValueError:
        return None


def _node(kind: str, *key: str) -> URIRef:
    return ID[f"{kind}/{hashlib.sha1('|'.join(key).encode()).hexdigest()[:20]}"]


def _text(value) -> str | None:
    return value if isinstance(value, str) else None  # pandas gives NaN for an unbound value


def _tallies(store: Store, triples: Triples) -> tuple[int, dict[str, Counter]]:
    """Write the tallies; return how many, and each company's non-speculative moves per type (its profile)."""
    profiles: defaultdict[str, Counter] = defaultdict(Counter)
    count = 0
    for query, dimension in ((_BY_COMPANY, MKG.tallyCompany), (_BY_PERIOD, MKG.period)):
        for row in store.query(query).itertuples(index=False):
            value = row.company if dimension == MKG.tallyCompany else row.period
            tally = _node("tally", str(dimension), value, row.kind, row.mod)
            triples.add((tally, RDF.type, MKG.MoveTally))
            triples.add((tally, dimension, URIRef(value) if dimension == MKG.tallyCompany else Literal(value)))
            triples.add((tally, MKG.tallyType, URIRef(row.kind)))
            triples.add((tally, MKG.tallyModality, URIRef(row.mod)))
            triples.add((tally, MKG.moveCount, Literal(int(row.count), datatype=XSD.integer)))
            count += 1
            if dimension == MKG.tallyCompany and row.mod != _SPECULATIVE:
                profiles[row.company][row.kind] += int(row.count)
    return count, profiles


def _conflicts(store: Store, triples: Triples) -> int:
    groups: defaultdict[tuple, set] = defaultdict(set)
    for row in store.query(_CONFLICTS).itertuples(index=False):
        groups[row.company, row.kind, row.asset, row.month, row.unit].add(row.move)
    for key, moves in groups.items():
        conflict = _node("conflict", *key)
        triples.add((conflict, RDF.type, MKG.FigureConflict))
        triples.add((conflict, MKG.period, Literal(key[3])))
        triples.add((conflict, SCHEMA.unitText, Literal(key[4])))
        for move in sorted(moves):
            triples.add((conflict, MKG.report, URIRef(move)))
    return len(groups)


def _follows(store: Store, window: int, triples: Triples) -> int:
    """Pair up the companies' first moves per type and topic (the sector, else the asset)."""
    firsts: dict[tuple, date] = {}
    for row in store.query(_FIRSTS).itertuples(index=False):
        sector, asset = _text(row.sector), _text(row.asset)
        key = (row.kind, "sector" if sector else "asset", sector or asset or "", row.company)
        day = first_day(row.first)
        if day and (key not in firsts or day < firsts[key]):
            firsts[key] = day
    trends: defaultdict[tuple, list] = defaultdict(list)
    for (kind, topic, subject, company), day in firsts.items():
        trends[kind, topic, subject].append((day, company))
    links = 0
    for (kind, topic, subject), adopters in trends.items():
        adopters.sort()
        for i, (leader_day, leader) in enumerate(adopters):
            for follower_day, follower in adopters[i + 1 :]:
                lag = (follower_day - leader_day).days
                if lag > window:
                    break
                if lag < 1:  # the same day (or month, when only the month is known) is not following
                    continue
                link = _node("follows", kind, topic, subject, leader, follower)
                triples.add((link, RDF.type, MKG.FollowSuit))
                triples.add((link, MKG.leader, URIRef(leader)))
                triples.add((link, MKG.follower, URIRef(follower)))
                triples.add((link, MKG.eventType, URIRef(kind)))
                if subject:
                    triples.add((link, MKG.eventSector if topic == "sector" else MKG.eventAsset, URIRef(subject)))
                triples.add((link, MKG.leaderDate, Literal(leader_day.isoformat(), datatype=XSD.date)))
                triples.add((link, MKG.followerDate, Literal(follower_day.isoformat(), datatype=XSD.date)))
                triples.add((link, MKG.lagDays, Literal(lag, datatype=XSD.integer)))
                links += 1
    return links


def _similar(profiles: dict[str, Counter], triples: Triples) -> int:
    profiles = {c: p for c, p in profiles.items() if p.total() >= SIMILARITY_MOVES}
    norms = {c: math.sqrt(sum(n * n for n in p.values())) for c, p in profiles.items()}
    pairs = 0
    for a, b in combinations(sorted(profiles), 2):
        shared = profiles[a].keys() & profiles[b].keys()
        score = sum(profiles[a][t] * profiles[b][t] for t in shared) / (norms[a] * norms[b])
        if score < SIMILARITY:
            continue
        node = _node("similarity", a, b)
        names = sorted(shared, key=lambda t: (-(profiles[a][t] + profiles[b][t]), t))
        triples.add((node, RDF.type, MKG.ProfileSimilarity))
        triples.add((node, MKG.similarityOf, URIRef(a)))
        triples.add((node, MKG.similarityOf, URIRef(b)))
        triples.add((node, MKG.score, Literal(f"{score:.3f}", datatype=XSD.decimal)))
        triples.add((node, MKG.sharedTypes, Literal(", ".join(t.rsplit("#", 1)[-1] for t in names))))
        pairs += 1
    return pairs


def refresh(store: Store, window: int = FOLLOW_WINDOW) -> Derived:
    """Recompute the derived graph from the article graphs and replace it in ``store``."""
    triples = Triples()
    tallies, profiles = _tallies(store, triples)
    conflicts, followed = _conflicts(store, triples), _follows(store, window, triples)
    derived = Derived(tallies, conflicts, followed, _similar(profiles, triples))
    # a digest of the content, so caches see a change and an unchanged store stays identical quad for quad
    digest = hashlib.sha1("\n".join(sorted(" ".join(map(str, triple)) for triple in triples)).encode())
    triples.add((DERIVED_GRAPH, DCTERMS.hasVersion, Literal(digest.hexdigest())))
    store.replace_graph(DERIVED_GRAPH, triples)
    store.flush()
    return derived
