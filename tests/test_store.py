"""The graph in a real on-disk Oxigraph store: idempotence, replacement, SHACL, queries."""

import json

import pytest
from rdflib import URIRef

from graph import named
from graph.store import Store
from graph.triples import article_iri
from graph.validate import validate
from minekg.errors import QueryError, StoreError
from minekg.ingest import ingest
from nlp.types import Article
from tests.conftest import ARTICLES, GOLD, SEED

QUIET = {"report": lambda line: None}


def test_ingesting_twice_leaves_the_store_unchanged(sample_store, extractor):
    before = sample_store.stats()
    quads = set(map(str, sample_store._ox))
    summary = ingest([ARTICLES, SEED], sample_store, extractor=extractor, **QUIET)
    assert summary.already_ingested == before["articles"] and summary.ingested == 0
    assert sample_store.stats() == before
    assert set(map(str, sample_store._ox)) == quads


def test_one_named_graph_per_article(sample_store):
    articles = sum(1 for line in (ARTICLES / "sample.jsonl").read_text().splitlines() if line.strip()) + 1
    graphs = sample_store.named_graphs()
    assert sum(g.startswith("https://w3id.org/minekg/id/article/") for g in graphs) == articles
    assert str(article_iri("mara-ai-pivot")) in graphs


def test_store_conforms_to_shacl(sample_store):
    report = validate(sample_store)
    assert (report.conforms, report.violations) == (True, 0), report.text[:2000]


def test_shacl_reports_a_move_without_actor(sample_store, tmp_path):
    store = Store(None)
    store._ox.extend(sample_store._ox)  # a copy, to break
    actor = URIRef("https://w3id.org/minekg/ontology#actor")
    victim = next(store._ox.quads_for_pattern(None, __import__("pyoxigraph").NamedNode(str(actor)), None))
    store._ox.remove(victim)
    report = validate(store)
    assert not report.conforms and report.violations >= 1
    assert "exactly one actor" in report.text


def test_reingesting_a_changed_article_replaces_exactly_its_facts(tmp_path, extractor):
    store = Store(tmp_path / "store")
    source = tmp_path / "a.jsonl"
    keep = {"id": "keep", "text": "Riot Platforms sold 500 BTC in March 2024.", "published": "2024-04-02"}
    change = {"id": "change", "text": "CleanSpark sold 200 BTC in May 2024.", "published": "2024-06-01"}
    source.write_text("\n".join(map(json.dumps, [keep, change])))
    ingest([source], store, extractor=extractor, **QUIET)
    kept = set(map(str, store._ox.quads_for_pattern(None, None, None, store._ox_graph(article_iri("keep")))))
    change["text"] = "CleanSpark acquired GRIID Infrastructure for $155 million."
    source.write_text("\n".join(map(json.dumps, [keep, change])))
    ingest([source], store, extractor=extractor, **QUIET)
    moves = store.query("SELECT ?type WHERE { ?m mkg:actor ?c ; a ?type . ?type rdfs:subClassOf mkg:Move }")
    assert sorted(t.rsplit("#")[-1] for t in moves["type"]) == ["Acquisition", "AssetSale"]
    assert set(map(str, store._ox.quads_for_pattern(None, None, None, store._ox_graph(article_iri("keep"))))) == kept
    assert store.delete_article("change") and not store.delete_article("change")
    assert len(store.query("SELECT ?m WHERE { ?m a mkg:Acquisition }")) == 0


def test_a_failed_write_adds_nothing(tmp_path):
    from rdflib import Graph, Literal

    store = Store(tmp_path / "store")
    good = Graph()
    good.add((URIRef("https://w3id.org/minekg/id/x"), URIRef("https://schema.org/name"), Literal("x")))
    name = URIRef("https://w3id.org/minekg/id/graph/test")
    store.replace_graph(name, good)
    bad = Graph()
    bad.add((URIRef("https://w3id.org/minekg/id/y"), URIRef("https://schema.org/name"), Literal("y")))
    bad.add((URIRef("relative-iri"), URIRef("https://schema.org/name"), Literal("z")))  # not absolute
    with pytest.raises(StoreError):
        store.replace_graph(name, bad)
    assert len(store) == 1  # the old graph is intact, nothing of the bad one is in


def test_store_locked_by_another_writer_is_a_clear_error(sample_store):
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(sample_store.path)


def _gold_pivots(sector):
    pivots = set()
    for record in map(json.loads, GOLD.read_text().splitlines()):
        for move in record["moves"]:
            if (move["type"], move["sector"], move["modality"]) == ("StrategicPivot", sector, "asserted"):
                pivots.add(move["actor"]["id"])
    return pivots


def test_pivot_into_ai_query_answers_the_sample_data(sample_store):
    frame = named.run(sample_store, "pivots", sector="AI")
    companies = {iri.rsplit("/", 1)[-1] for iri in frame["company"]}
    assert companies == _gold_pivots("AI") | {"mara"}  # the seed article adds MARA
    assert frame["article"].str.startswith("https://w3id.org/minekg/id/article/").all()
    assert frame["sentence"].str.len().gt(0).all()


def test_named_query_binds_values_as_terms_not_text(sample_store):
    hostile = "mara> } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o"
    assert named.run(sample_store, "company-moves", company=hostile).empty
    assert len(sample_store) > 0
    with pytest.raises(QueryError, match="no parameter"):
        named.run(sample_store, "pivots", nope="1")
    with pytest.raises(QueryError, match="not a valid sector"):
        named.run(sample_store, "pivots", sector="Farming")


def test_company_moves_carry_evidence_and_source(sample_store):
    frame = named.run(sample_store, "company-moves", company="mara")
    sale = frame[(frame["type"] == "AssetSale") & (frame["amount"] == 1.5e9)]
    assert len(sale) == 1 and sale.iloc[0]["unit"] == "USD"
    assert "divested" in sale.iloc[0]["sentence"]


def test_invalid_sparql_is_a_query_error(sample_store):
    with pytest.raises(QueryError, match="invalid SPARQL"):
        sample_store.query("SELECT WHERE {")


@pytest.mark.parametrize("fmt", ["turtle", "nquads", "trig", "jsonld", "ntriples"])
def test_export_round_trips(sample_store, fmt, tmp_path):
    import pyoxigraph as ox

    out = tmp_path / f"export.{fmt}"
    with out.open("wb") as handle:
        sample_store.export(fmt, handle)
    parsed = list(
        ox.parse(
            path=str(out),
            format={
                "turtle": ox.RdfFormat.TURTLE,
                "nquads": ox.RdfFormat.N_QUADS,
                "trig": ox.RdfFormat.TRIG,
                "jsonld": ox.RdfFormat.JSON_LD,
                "ntriples": ox.RdfFormat.N_TRIPLES,
            }[fmt],
        )
    )
    assert len(parsed) > 1000


@pytest.mark.parametrize("query", [q.name for q in named.available()])
def test_named_queries_answer_without_duplicate_rows(sample_store, query):
    # what each query answers on the sample data is checked in test_named_queries.py
    frame = named.run(sample_store, query)
    assert not frame.duplicated().any()


def test_people_work_for_their_company(sample_store):
    frame = sample_store.query(
        "SELECT DISTINCT ?name WHERE { ?p a mkg:Person ; schema:name ?name ; schema:worksFor ?c . "
        "?c mkg:ticker 'RIOT' }"
    )
    assert "Jason Les" in set(frame["name"])


def test_two_targets_in_one_sentence_are_two_move_nodes(tmp_path, extractor):
    text = "Marathon said it expects 35 EH/s by mid-2024 and 50 EH/s by the end of 2024."
    store = Store(tmp_path / "store")
    store.write_extraction(extractor.extract(Article(id="targets", text=text, published="2024-03-01")))
    rows = store.query("SELECT ?m ?v WHERE { ?m a mkg:CapacityExpansion ; mkg:amount/schema:value ?v }")
    assert sorted(float(v) for v in rows["v"]) == [35.0, 50.0]
    assert rows["m"].nunique() == 2
