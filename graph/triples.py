"""Extractions and the registry as RDF (rdflib graphs).

Each article's facts form one graph, stored under the article's IRI, so
re-ingesting replaces exactly them. IRIs are stable: the same company, article
or move always gets the same IRI.

>>> from nlp.types import Article, CompanyRef, Evidence, Extraction, Move
>>> mara = CompanyRef("mara", "MARA Holdings", "MARA")
>>> move = Move("StrategicPivot", mara, Evidence("MARA pivots to AI.", 0, 18), sector="AI")
>>> g = extraction_graph(Extraction(Article("a1", "MARA pivots to AI."), moves=[move]))
>>> (None, MKG.partOfTrend, TREND.AIHPCPivot) in g
True
>>> article_iri("a1")
rdflib.term.URIRef('https://w3id.org/minekg/id/article/a1')

A company's figure (a :class:`~nlp.types.Metric`) is a Data Cube observation in the same graph:

>>> from nlp.types import Metric
>>> text = "MARA's hashrate was 36.9 EH/s at September 30."
>>> rate = Metric(mara, "Hashrate", 36.9, "EH/s", Evidence(text, 0, len(text)), period="2024-09-30")
>>> g = extraction_graph(Extraction(Article("a2", text), metrics=[rate]))
>>> node = observation_iri("a2", rate)
>>> [str(g.value(node, p)) for p in (SDMX_MEASURE.obsValue, MKG.periodStart, MKG.periodEnd)]
['36.9', '2024-09-30', '2024-09-30']
>>> g.value(node, SDMX_ATTRIBUTE.unitMeasure)
rdflib.term.URIRef('https://w3id.org/minekg/taxonomy/unit/EHps')
"""

from __future__ import annotations

import calendar
import hashlib
import math
import re
from datetime import date
from decimal import Decimal
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from graph.vocab import (
    ASSET,
    CATEGORY,
    ID,
    METRIC,
    MKG,
    MODALITY,
    QB,
    ROLE,
    SCHEMA,
    SDMX_ATTRIBUTE,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    SECTOR,
    STATUS,
    TREND,
    UNIT,
)
from nlp.registry import Registry
from nlp.types import Article, Entity, Evidence, Extraction, Metric, Move

REGISTRY_GRAPH = ID["graph/registry"]
METRICS_DATASET = ID["dataset/company-metrics"]  # the qb:DataSet of every metric observation (ontology/minekg.ttl)
# Units as extraction writes them -> local names of unit: concepts (whose skos:notation is the unit).
UNIT_NAMES = {
    "USD": "USD",
    "BTC": "BTC",
    "MW": "MW",
    "EH/s": "EHps",
    "J/TH": "JperTH",
    "%": "percent",
    "units": "units",
}
_PERIOD = re.compile(r"([0-9]{4})(?:-Q([1-4])|-([0-9]{2})(?:-([0-9]{2}))?)?")
_EVENT_TRENDS = {"BitcoinHalving": TREND.BitcoinHalving}
_EVENT_LABELS = {"BitcoinHalving": "Bitcoin halving"}


def _slug(value: str) -> str:
    return quote(value, safe="-._~")


def company_iri(company_id: str) -> URIRef:
    return ID[f"company/{_slug(company_id)}"]


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{_slug(article_id)}"]


def move_iri(article_id: str, move: Move) -> URIRef:
    counterparty = move.counterparty.id if move.counterparty else ""
    amount = f"{float(move.amount.value)!r}{move.amount.unit}" if move.amount else ""
    # two targets in one sentence ("35 EH/s by mid-2024 and 50 EH/s by the end of 2024") are two moves
    key = "|".join(
        (article_id, move.type, move.actor.id, counterparty, move.modality, str(move.evidence.start), amount)
    )
    return ID[f"move/{hashlib.sha1(key.encode()).hexdigest()[:20]}"]


def observation_iri(article_id: str, metric: Metric, period: str | None = None) -> URIRef:
    """A metric observation's IRI: from its article, company, metric, period, status and evidence start.

    ``period`` is the period the observation is written with, when the metric has none of its own
    (see :func:`extraction_triples`).
    """
    key = "|".join(
        (
            article_id,
            metric.company.id,
            metric.metric,
            metric.period or period or "",
            metric.status,
            str(metric.evidence.start),
        )
    )
    return ID[f"observation/{hashlib.sha1(key.encode()).hexdigest()[:20]}"]


def period_bounds(period: str) -> tuple[date, date] | None:
    """The first and last day of a period written ``YYYY``, ``YYYY-Qn``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    >>> [d.isoformat() for d in period_bounds("2024-Q1")]
    ['2024-01-01', '2024-03-31']
    >>> [d.isoformat() for d in period_bounds("2024-02")], [d.isoformat() for d in period_bounds("2024")]
    (['2024-02-01', '2024-02-29'], ['2024-01-01', '2024-12-31'])
    >>> period_bounds("2024-09-30")[0] == period_bounds("2024-09-30")[1]
    True
    >>> period_bounds("2024-13"), period_bounds("2024-02-30"), period_bounds("Q3 2024")
    (None, None, None)
    """
    match = _PERIOD.fullmatch(period)
    if not match:
        return None
    year, quarter, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day is not None:
            return date(year, month, day), date(year, month, day)
        if month is not None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if quarter is not None:
            last = 3 * quarter
            return date(year, last - 2, 1), date(year, last, calendar.monthrange(year, last)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def decimal_literal(value: float) -> Literal:
    """A number as an xsd:decimal literal, never in exponent notation (which xsd:decimal does not allow).

    >>> str(decimal_literal(36.9)), str(decimal_literal(1.5e16)), str(decimal_literal(2e-7))
    ('36.9', '15000000000000000', '0.0000002')
    """
    return Literal(format(Decimal(repr(float(value))), "f"), datatype=XSD.decimal, normalize=False)


def date_literal(value: str) -> Literal:
    """A partial date as xsd:gYear, xsd:gYearMonth or xsd:date."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


class Triples(list):
    """Triples collected with Graph's ``add``, unindexed: the store does the indexing.

    Writing goes straight from these to Oxigraph; :func:`as_graph` gives an rdflib Graph.
    """

    def add(self, triple: tuple) -> None:
        self.append(triple)


def as_graph(triples: Triples) -> Graph:
    graph = Graph(bind_namespaces="none")
    for triple in triples:
        graph.add(triple)
    return graph


def trends_of(move: Move) -> list[URIRef]:
    """The trends a move belongs to."""
    trends = []
    if move.type == "StrategicPivot" and move.sector in ("AI", "HPC", "DataCenter"):
        trends.append(TREND.AIHPCPivot)
    if move.type == "AssetSale" and move.asset == "Bitcoin":
        trends.append(TREND.TreasurySales)
    if move.type == "Acquisition":
        trends.append(TREND.Consolidation)
    return trends


def consolidated_iri(move: Move, published: str | None) -> URIRef | None:
    """The consolidated move a report belongs to; None for speculation, which is no move.

    Reports are one move when they share company, type, asset, sector, modality and month: the
    move's own month, else the month of the article reporting it (else its year, else nothing).
    Every article names the consolidated move of each of its reports, so the reports of one move
    are found across articles by this IRI, and re-ingesting or deleting an article updates them.

    >>> from nlp.types import CompanyRef, Evidence
    >>> sale = Move("AssetSale", CompanyRef("mara", "MARA"), Evidence("", 0, 0), asset="Bitcoin", date="2024-03-05")
    >>> consolidated_iri(sale, None) == consolidated_iri(Move(**{**vars(sale), "date": None}), "2024-03-30")
    True
    """
    if move.modality == "speculative":
        return None
    month = _month(move, published)
    key = "|".join((move.actor.id, move.type, move.asset or "", move.sector or "", move.modality, month))
    return ID[f"consolidated/{hashlib.sha1(key.encode()).hexdigest()[:20]}"]


def _month(move: Move, published: str | None) -> str:
    if move.date and len(move.date) >= 7:
        return move.date[:7]
    return published[:7] if published else move.date or ""


def _add_consolidated(g: Triples, report: URIRef, move: Move, published: str | None) -> None:
    node = consolidated_iri(move, published)
    if node is None:
        return
    g.add((report, MKG.reportOf, node))
    g.add((node, RDF.type, MKG.ConsolidatedMove))
    g.add((node, MKG.eventActor, company_iri(move.actor.id)))
    g.add((node, MKG.eventType, MKG[move.type]))
    g.add((node, MKG.eventModality, MODALITY[move.modality]))
    if move.asset:
        g.add((node, MKG.eventAsset, ASSET[move.asset]))
    if move.sector:
        g.add((node, MKG.eventSector, SECTOR[move.sector]))
    if month := _month(move, published):
        g.add((node, MKG.period, Literal(month)))


def _add_move(g: Triples, article: URIRef, art: Article, move: Move) -> None:
    node = move_iri(art.id, move)
    g.add((node, RDF.type, MKG[move.type]))
    label = f"{move.actor.name}: {move.type}" + (f" ({move.modality})" if move.modality != "asserted" else "")
    g.add((node, RDFS.label, Literal(label)))
    g.add((node, MKG.actor, company_iri(move.actor.id)))
    if move.counterparty:
        g.add((node, MKG.counterparty, company_iri(move.counterparty.id)))
        if move.role:
            g.add((node, MKG.counterpartyRole, ROLE[move.role]))
    if move.asset:
        g.add((node, MKG.asset, ASSET[move.asset]))
    if move.amount:
        amount = URIRef(f"{node}/amount")
        g.add((node, MKG.amount, amount))
        g.add((amount, RDF.type, MKG.Amount))
        g.add((amount, SCHEMA.value, Literal(repr(float(move.amount.value)), datatype=XSD.decimal, normalize=False)))
        g.add((amount, SCHEMA.unitText, Literal(move.amount.unit)))
    if move.sector:
        g.add((node, MKG.sector, SECTOR[move.sector]))
    if move.date:
        g.add((node, MKG.date, date_literal(move.date)))
    g.add((node, MKG.modality, MODALITY[move.modality]))
    g.add((node, MKG.confidence, Literal(str(move.confidence), datatype=XSD.decimal)))
    for trend in trends_of(move):
        g.add((node, MKG.partOfTrend, trend))
    _add_evidence(g, node, article, move.evidence)
    _add_consolidated(g, node, move, art.published)


def _add_evidence(g: Triples, node: URIRef, article: URIRef, found: Evidence) -> None:
    """A fact's sentence and offsets (``{node}/evidence``), and the article it comes from."""
    evidence = URIRef(f"{node}/evidence")
    g.add((node, MKG.evidence, evidence))
    g.add((evidence, RDF.type, MKG.Evidence))
    g.add((evidence, MKG.sentence, Literal(found.sentence)))
    g.add((evidence, MKG.startOffset, Literal(found.start, datatype=XSD.integer)))
    g.add((evidence, MKG.endOffset, Literal(found.end, datatype=XSD.integer)))
    g.add((evidence, PROV.wasDerivedFrom, article))
    g.add((node, PROV.wasDerivedFrom, article))


def _term(namespace, name: str) -> URIRef:
    """A taxonomy term by name; a name outside the taxonomy still makes an IRI, which SHACL then reports."""
    return URIRef(f"{namespace}{_slug(name)}")


def _metrics_to_write(metrics: list[Metric], published: str | None) -> list[tuple[Metric, str]]:
    """The metrics of one article with the period each is written with, one per company, metric, period and status.

    A metric without a period takes the article's publication date (a figure "as of" the article);
    without either it cannot be placed in time and is left out, as is a value that is not a finite
    number. An article repeating a figure (the headline and the body) gives one observation: the
    most confident, else the first. So the article, one of the data set's dimensions, tells its
    observations apart, and no two observations share every dimension (Data Cube's IC-12).
    """
    chosen: dict[tuple, tuple[Metric, str]] = {}
    for metric in metrics:
        period = metric.period or published
        if not period or not math.isfinite(metric.value):
            continue
        key = (metric.company.id, metric.metric, period, metric.status)
        if key not in chosen or metric.confidence > chosen[key][0].confidence:
            chosen[key] = (metric, period)
    return list(chosen.values())


def _add_metric(g: Triples, article: URIRef, art: Article, metric: Metric, period: str) -> None:
    node = observation_iri(art.id, metric, period)
    unit = UNIT_NAMES.get(metric.unit, metric.unit)
    g.add((node, RDF.type, QB.Observation))
    g.add((node, QB.dataSet, METRICS_DATASET))
    label = f"{metric.company.name}: {metric.metric} {period}" + (" (guidance)" if metric.status != "actual" else "")
    g.add((node, RDFS.label, Literal(label)))
    # dimensions
    g.add((node, MKG.company, company_iri(metric.company.id)))
    g.add((node, MKG.metric, _term(METRIC, metric.metric)))
    g.add((node, SDMX_DIMENSION.refPeriod, Literal(period)))
    g.add((node, MKG.metricStatus, _term(STATUS, metric.status)))
    g.add((node, MKG.reportedIn, article))
    # measure and attributes
    g.add((node, SDMX_MEASURE.obsValue, decimal_literal(metric.value)))
    g.add((node, SDMX_ATTRIBUTE.unitMeasure, _term(UNIT, unit)))
    if bounds := period_bounds(period):
        g.add((node, MKG.periodStart, Literal(bounds[0].isoformat(), datatype=XSD.date)))
        g.add((node, MKG.periodEnd, Literal(bounds[1].isoformat(), datatype=XSD.date)))
    g.add((node, MKG.confidence, Literal(str(metric.confidence), datatype=XSD.decimal)))
    _add_evidence(g, node, article, metric.evidence)


def person_iri(person_id: str) -> URIRef:
    return ID[f"person/{_slug(person_id)}"]


def _add_person(g: Triples, article: URIRef, person: Entity) -> None:
    node = person_iri(person.id)
    g.add((article, SCHEMA.mentions, node))
    g.add((node, RDF.type, MKG.Person))
    g.add((node, SCHEMA.name, Literal(person.name)))
    g.add((node, RDFS.label, Literal(person.name)))
    if person.company:
        g.add((node, SCHEMA.worksFor, company_iri(person.company)))
    if person.title:
        g.add((node, SCHEMA.jobTitle, Literal(person.title)))


def _add_article(g: Triples, art: Article) -> URIRef:
    node = article_iri(art.id)
    g.add((node, RDF.type, MKG.Article))
    g.add((node, DCTERMS.identifier, Literal(art.id)))
    if art.title:
        g.add((node, DCTERMS.title, Literal(art.title)))
        g.add((node, RDFS.label, Literal(art.title)))
    if art.published:
        g.add((node, DCTERMS.date, Literal(art.published, datatype=XSD.date)))
    if art.url:
        g.add((node, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI)))
    return node


def same_story_triples(article: Article, original_id: str) -> Triples:
    """A near-duplicate article: described, and linked to the story whose facts it repeats."""
    g = Triples()
    g.add((_add_article(g, article), MKG.sameStoryAs, article_iri(original_id)))
    return g


def extraction_graph(extraction: Extraction) -> Graph:
    """:func:`extraction_triples` as an rdflib Graph."""
    return as_graph(extraction_triples(extraction))


def extraction_triples(extraction: Extraction) -> Triples:
    """The triples of one article: the article, its mentions, moves, context, peers and metric observations.

    Each metric is a ``qb:Observation`` of the data set :data:`METRICS_DATASET` (structure
    ``mkg:CompanyMetrics``): dimensions company, metric, ``sdmx-dimension:refPeriod``, status and the
    reporting article; the value (``sdmx-measure:obsValue``, xsd:decimal); the unit
    (``sdmx-attribute:unitMeasure``, a ``unit:`` concept), the first and last day of the period
    (``mkg:periodStart``, ``mkg:periodEnd``), confidence and evidence; derived from the article.
    """
    g = Triples()
    node = _add_article(g, extraction.article)
    for entity in extraction.entities:
        if entity.type == "Person":
            _add_person(g, node, entity)
            continue
        company = company_iri(entity.id)
        g.add((node, SCHEMA.mentions, company))
        if entity.type != "Company":  # not in the registry: described where it was found
            g.add((company, RDF.type, MKG.Company))
            g.add((company, SCHEMA.name, Literal(entity.name)))
            g.add((company, RDFS.label, Literal(entity.name)))
    for move in extraction.moves:
        _add_move(g, node, extraction.article, move)
    for context in extraction.context:
        event = ID[f"event/{_slug(context.event)}-{context.date or 'undated'}"]
        g.add((node, MKG.hasContext, event))
        g.add((event, RDF.type, MKG.MarketEvent))
        g.add((event, RDFS.label, Literal(f"{_EVENT_LABELS[context.event]} ({context.date or 'undated'})")))
        g.add((event, MKG.partOfTrend, _EVENT_TRENDS[context.event]))
        if context.date:
            g.add((event, DCTERMS.date, date_literal(context.date)))
    for peer in extraction.peers:
        g.add((company_iri(peer.company.id), MKG.peerOf, company_iri(peer.peer.id)))
    for metric, period in _metrics_to_write(extraction.metrics, extraction.article.published):
        _add_metric(g, node, extraction.article, metric, period)
    return g


def registry_triples(registry: Registry) -> Triples:
    """Identity of every registry company: names, ticker, identifiers, former names."""
    g = Triples()
    for company in registry:
        node = company_iri(company.id)
        g.add((node, RDF.type, MKG.Company))
        g.add((node, SCHEMA.name, Literal(company.name)))
        g.add((node, RDFS.label, Literal(company.name)))
        for alias in company.aliases:
            g.add((node, SCHEMA.alternateName, Literal(alias)))
        if company.ticker:
            g.add((node, MKG.ticker, Literal(company.ticker)))
        if company.exchange:
            g.add((node, MKG.exchange, Literal(company.exchange)))
        if company.cik:
            g.add((node, MKG.cik, Literal(company.cik)))
        if company.wikidata:
            g.add((node, OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/{company.wikidata}")))
        if company.hq:
            g.add((node, SCHEMA.location, Literal(company.hq)))
        g.add((node, MKG.category, CATEGORY[company.category]))
        for index, former in enumerate(company.former_names):
            record = URIRef(f"{node}/name/{index}")
            g.add((node, MKG.formerName, record))
            g.add((record, RDF.type, MKG.NameRecord))
            g.add((record, SCHEMA.name, Literal(former.name)))
            if former.start:
                g.add((record, SCHEMA.startDate, date_literal(former.start)))
            if former.end:
                g.add((record, SCHEMA.endDate, date_literal(former.end)))
    return g
