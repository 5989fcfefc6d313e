"""Company metrics in the graph: one W3C Data Cube observation per figure an article reports.

The store is the hand-made metrics store of ``tests/conftest.py`` (its figures are listed there);
the tests that change a store work on an in-memory copy.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph.store import Store
from graph.triples import METRICS_DATASET, article_iri, extraction_triples, observation_iri
from graph.validate import validate
from graph.vocab import MKG, QB, SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE
from nlp.types import Article, CompanyRef, Entity, Evidence, Extraction, Metric
from tests.conftest import METRIC_FIGURES, metric_extractions

MARA = CompanyRef("mara", "MARA Holdings", "MARA")
MARA_IRI = "<https://w3id.org/minekg/id/company/mara>"
DIMENSIONS = ("mkg:company", "mkg:metric", "sdmx-dimension:refPeriod", "mkg:metricStatus", "mkg:reportedIn")


def _hashrate(value: float, start: int = 0, period: str | None = "2024-09-30", **kw) -> Metric:
    evidence = Evidence(f"MARA's hashrate was {value} EH/s.", start, start + 30)
    return Metric(MARA, "Hashrate", value, "EH/s", evidence, period, **kw)


def _article(article_id: str, *metrics: Metric, published: str | None = "2024-10-03") -> Extraction:
    entity = Entity("mara", "MARA Holdings", "Company", "MARA", 1)
    return Extraction(
        Article(article_id, "text", title=article_id, published=published), [entity], metrics=list(metrics)
    )


def _observations(store, article_id: str | None = None) -> set[tuple]:
    """(article, period, value) of every MARA hashrate observation, of one article or all."""
    frame = store.query(
        f"""SELECT ?article ?period ?value WHERE {{
             ?o a qb:Observation ; mkg:company {MARA_IRI} ; mkg:metric metric:Hashrate ; sdmx-dimension:refPeriod ?period ;
                sdmx-measure:obsValue ?value ; mkg:reportedIn ?article . }}"""
    )
    rows = {(a.rsplit("/", 1)[-1], p, float(v)) for a, p, v in frame.itertuples(index=False)}
    return {row for row in rows if article_id in (None, row[0])}


def _reported_in(store, article_id: str):
    return store.query(f"SELECT ?o WHERE {{ ?o mkg:reportedIn <{article_iri(article_id)}> }}")


@pytest.fixture
def copy(metrics_store) -> Store:
    """An in-memory copy of the metrics store, to change."""
    store = Store(None)
    store._ox.extend(metrics_store._ox)
    return store


def test_every_figure_is_one_observation_of_the_data_set(metrics_store):
    counts = metrics_store.query(
        f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?o a qb:Observation ; qb:dataSet <{METRICS_DATASET}> }}"
    )
    assert counts.iloc[0, 0] == len(METRIC_FIGURES) == 24
    structure = metrics_store.query(f"SELECT ?dsd WHERE {{ <{METRICS_DATASET}> qb:structure ?dsd }}")
    assert list(structure["dsd"]) == [str(MKG.CompanyMetrics)]


def test_two_sources_for_one_period_are_two_observations_side_by_side(metrics_store):
    assert {row for row in _observations(metrics_store) if row[1] == "2024-09-30"} == {
        ("metrics-a", "2024-09-30", 36.9),
        ("metrics-b", "2024-09-30", 37.0),
    }


def test_the_structure_declares_five_dimensions_a_measure_and_attributes(metrics_store):
    frame = metrics_store.query(
        """SELECT ?kind ?property ?order WHERE {
             mkg:CompanyMetrics qb:component ?spec .
             { ?spec qb:dimension ?property BIND("dimension" AS ?kind) OPTIONAL { ?spec qb:order ?order } }
             UNION { ?spec qb:measure ?property BIND("measure" AS ?kind) }
             UNION { ?spec qb:attribute ?property BIND("attribute" AS ?kind) } }"""
    )
    dimensions = frame[frame["kind"] == "dimension"].sort_values("order")["property"].tolist()
    assert dimensions == [str(MKG.company), str(MKG.metric), str(SDMX_DIMENSION.refPeriod)] + [
        str(MKG.metricStatus),
        str(MKG.reportedIn),
    ]
    assert frame[frame["kind"] == "measure"]["property"].tolist() == [str(SDMX_MEASURE.obsValue)]
    assert str(SDMX_ATTRIBUTE.unitMeasure) in set(frame["property"]) and str(MKG.periodEnd) in set(frame["property"])


def test_data_cube_integrity_every_dimension_once_and_no_duplicate_observations(metrics_store):
    """IC-11 (every dimension has a value) and IC-12 (no two observations share all of them), as SPARQL."""
    for dimension in DIMENSIONS:
        missing = f"SELECT ?o WHERE {{ ?o a qb:Observation FILTER NOT EXISTS {{ ?o {dimension} ?v }} }}"
        assert metrics_store.query(missing).empty, dimension
    same = " ".join(f"?a {d} ?v{i} . ?b {d} ?v{i} ." for i, d in enumerate(DIMENSIONS))
    duplicates = f"SELECT ?a ?b WHERE {{ ?a a qb:Observation . ?b a qb:Observation . {same} FILTER(?a != ?b) }}"
    assert metrics_store.query(duplicates).empty


def test_period_bounds_and_evidence(metrics_store):
    frame = metrics_store.query(
        f"""SELECT ?period ?start ?end ?sentence ?s ?e ?from WHERE {{
             ?o mkg:metric metric:Revenue ; mkg:company {MARA_IRI} ; sdmx-dimension:refPeriod ?period ;
                mkg:periodStart ?start ; mkg:periodEnd ?end ; mkg:evidence ?ev ; prov:wasDerivedFrom ?from .
             ?ev mkg:sentence ?sentence ; mkg:startOffset ?s ; mkg:endOffset ?e }}"""
    )
    rows = {
        (p, s, e, f.rsplit("/", 1)[-1])
        for p, s, e, f in frame[["period", "start", "end", "from"]].itertuples(index=False)
    }
    assert rows == {
        ("2024-Q2", "2024-04-01", "2024-06-30", "metrics-c"),
        ("2024-Q3", "2024-07-01", "2024-09-30", "metrics-a"),
    }
    assert all(e - s == len(sentence) for sentence, s, e in frame[["sentence", "s", "e"]].itertuples(index=False))


def test_reingesting_an_article_replaces_its_observations(copy):
    before = len(copy)
    first, *_ = metric_extractions()  # metrics-a
    copy.write_extraction(first)
    assert len(copy) == before  # the same article again: the same quads
    changed = _article("metrics-a", _hashrate(36.8), _hashrate(51.0, start=40, period="2025-03-31", status="guidance"))
    copy.write_extraction(changed)
    assert _observations(copy, "metrics-a") == {("metrics-a", "2024-09-30", 36.8), ("metrics-a", "2025-03-31", 51.0)}
    assert ("metrics-b", "2024-09-30", 37.0) in _observations(copy)  # the other source is untouched
    assert len(_reported_in(copy, "metrics-a")) == 2  # not the four figures it held before


def test_deleting_an_article_removes_its_observations(copy):
    assert copy.delete_article("metrics-b")
    assert ("metrics-b", "2024-09-30", 37.0) not in _observations(copy)
    assert _reported_in(copy, "metrics-b").empty
    assert copy.query(
        f"SELECT ?s WHERE {{ ?s prov:wasDerivedFrom <{article_iri('metrics-b')}> }}"
    ).empty  # evidence too


def test_observation_iris_are_stable_and_depend_on_the_source():
    rate = _hashrate(36.9)
    assert observation_iri("a", rate) == observation_iri("a", _hashrate(37.5))  # the value is no part of it
    assert len({observation_iri("a", rate), observation_iri("b", rate), observation_iri("a", _hashrate(36.9, 99))}) == 3
    status = Metric(MARA, "Hashrate", 50.0, "EH/s", rate.evidence, "2024-09-30", status="guidance")
    assert observation_iri("a", status) != observation_iri("a", rate)


def test_one_article_repeating_a_figure_gives_one_observation_the_most_confident():
    headline, body = _hashrate(37.0, 0, confidence=0.6), _hashrate(36.9, 40, confidence=0.8)
    triples = extraction_triples(_article("x", headline, body))
    values = [o for _, p, o in triples if p == SDMX_MEASURE.obsValue]
    assert values == [Literal("36.9", datatype=XSD.decimal)]


def test_a_figure_without_a_period_is_dated_by_its_article_or_left_out():
    undated = _hashrate(36.9, period=None)
    triples = extraction_triples(_article("x", undated, published="2024-10-03"))
    assert [str(o) for _, p, o in triples if p in (SDMX_DIMENSION.refPeriod, MKG.periodEnd)] == ["2024-10-03"] * 2
    assert not [t for t in extraction_triples(_article("y", undated, published=None)) if t[1] == QB.dataSet]


def test_the_metrics_store_conforms_to_shacl(metrics_store):
    report = validate(metrics_store)
    assert (report.conforms, report.violations) == (True, 0), report.text[:2000]


def _replace_object(store: Store, predicate: URIRef, old, new) -> None:
    """Change one observation's value of ``predicate`` (in place, in every graph)."""
    quad = next(q for q in store._ox.quads_for_pattern(None, ox.NamedNode(str(predicate)), None) if q.object == old)
    store._ox.remove(quad)
    store._ox.add(ox.Quad(quad.subject, quad.predicate, new, quad.graph_name))


@pytest.mark.parametrize(
    ("predicate", "old", "new", "message"),
    [
        (
            SDMX_ATTRIBUTE.unitMeasure,
            ox.NamedNode("https://w3id.org/minekg/taxonomy/unit/EHps"),
            ox.NamedNode("https://w3id.org/minekg/taxonomy/unit/MW"),
            "unit is its metric's unit",
        ),
        (
            MKG.metric,
            ox.NamedNode("https://w3id.org/minekg/taxonomy/metric/Hashrate"),
            ox.NamedNode("https://w3id.org/minekg/taxonomy/metric/Hashrates"),
            "a concept of metric:Metrics",
        ),
        (
            MKG.metricStatus,
            ox.NamedNode("https://w3id.org/minekg/taxonomy/status/guidance"),
            ox.NamedNode("https://w3id.org/minekg/taxonomy/modality/planned"),
            "actual or guidance",
        ),
        (
            SDMX_MEASURE.obsValue,
            ox.Literal("36.9", datatype=ox.NamedNode(str(XSD.decimal))),
            ox.Literal("about 37"),
            "one numeric value",
        ),
        (
            SDMX_DIMENSION.refPeriod,
            ox.Literal("2024-Q3"),
            ox.Literal("Q3 2024"),
            "YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD",
        ),
    ],
    ids=["unit", "metric", "status", "value", "period"],
)
def test_shacl_reports_a_broken_observation(copy, predicate, old, new, message):
    _replace_object(copy, predicate, old, new)
    report = validate(copy)
    assert not report.conforms and report.violations >= 1
    assert message in report.text
