"""The explorer's SPARQL workbench (pages/3_SPARQL.py), run with AppTest on the real sample store.

Queries run in the page's real pebble worker pool; the pools are closed when the module ends
(``st.cache_resource.clear()`` releases them), and no worker process is left behind.
"""

from __future__ import annotations

import json
import multiprocessing
import socket

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph import named
from tests.conftest import ROOT

PAGE = ROOT / "pages" / "3_SPARQL.py"
COUNT_ARTICLES = "SELECT (COUNT(DISTINCT ?article) AS ?n) WHERE { ?article a mkg:Article }"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module", autouse=True)
def stop_workers():
    yield
    st.cache_resource.clear()  # on_release closes each cached Workers pool
    assert multiprocessing.active_children() == []


@pytest.fixture
def page(monkeypatch, sample_store):
    monkeypatch.setenv("MINEKG_STORE", str(sample_store.path))
    monkeypatch.delenv("MINEKG_EXPLORE_TIMEOUT", raising=False)
    monkeypatch.delenv("MINEKG_EXPLORE_MAX_ROWS", raising=False)

    def start() -> AppTest:
        return _run(AppTest.from_file(str(PAGE), default_timeout=60))

    return start


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _ask(at: AppTest, text: str) -> AppTest:
    """Type ``text`` into the editor and press Run."""
    at.text_area(key="sparql").input(text)
    at.button(key="run").click()
    return _run(at)


def _table(at: AppTest):
    assert not at.error, [e.value for e in at.error]
    assert len(at.dataframe) == 1
    return at.dataframe[0].value


def _error(at: AppTest) -> str:
    assert len(at.error) == 1, [e.value for e in at.error]
    assert len(at.dataframe) == 0
    return at.error[0].value


def _captions(at: AppTest) -> str:
    return "\n".join(caption.value for caption in at.caption)


def test_page_states_its_rules(page):
    at = page()
    shown = _captions(at)
    assert "Read-only" in shown and "30 s" in shown and "10,000 rows" in shown
    assert not at.error and len(at.dataframe) == 0  # nothing runs before Run


def test_named_query_pivots_runs_with_its_default_parameters(page):
    at = page()
    at.selectbox(key="named").select("pivots")
    _run(at)
    assert at.text_area(key="sparql").value == named.load("pivots").text
    assert at.selectbox(key="param_pivots_sector").value == "AI"
    assert at.selectbox(key="param_pivots_modality").value == "asserted"
    at.button(key="run").click()
    table = _table(_run(at))
    assert {"MARA Holdings", "Core Scientific"} <= set(table["name"])
    assert set(table["sector"]) == {"https://w3id.org/minekg/taxonomy/sector/AI"}
    assert at.caption[-1].value == f"{len(table)} row(s)"  # and not capped


def test_named_query_parameters_are_bound(page):
    at = page()
    at.selectbox(key="named").select("pivots")
    _run(at)
    at.selectbox(key="param_pivots_modality").select("speculative")
    at.button(key="run").click()
    table = _table(_run(at))
    assert "CleanSpark" in set(table["name"])
    assert set(table["modality"]) == {"https://w3id.org/minekg/taxonomy/modality/speculative"}


def test_edited_text_runs_as_written(page):
    at = page()
    at.selectbox(key="named").select("pivots")
    _run(at)
    table = _table(_ask(at, COUNT_ARTICLES))
    assert table["n"].tolist() == [32]
    assert "runs as written, without the parameters" in _captions(at)


def test_construct_comes_back_as_triples(page):
    query = "CONSTRUCT { ?c schema:name ?n } WHERE { ?c a mkg:Company ; schema:name ?n } ORDER BY ?n LIMIT 3"
    table = _table(_ask(page(), query))
    assert list(table.columns) == ["subject", "predicate", "object"] and len(table) == 3
    assert set(table["predicate"]) == {"https://schema.org/name"}
    assert all(subject.startswith("https://w3id.org/minekg/id/company/") for subject in table["subject"])


@pytest.mark.parametrize(("name", "value"), [("MINEKG_EXPLORE_TIMEOUT", "soon"), ("MINEKG_EXPLORE_MAX_ROWS", "0")])
def test_bad_setting_is_one_error_line(page, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    message = _error(page())
    assert (name in message or "must be positive" in message) and "\n" not in message


def test_syntax_error_is_one_line(page):
    at = _ask(page(), "SELECT ?x WHERE { ?x")
    message = _error(at)
    assert message.startswith("invalid SPARQL") and "\n" not in message


def test_service_is_refused_and_nothing_is_fetched(page):
    with socket.socket() as listener:  # a SERVICE target that would see any fetch
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        at = _ask(page(), f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}")
        assert _error(at).startswith("SERVICE is not allowed")
        with pytest.raises(TimeoutError):
            listener.accept()


def test_service_at_discard_port_is_refused(page):
    at = _ask(page(), "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }")
    assert "SERVICE is not allowed" in _error(at)


def test_update_is_refused(page):
    at = _ask(page(), "INSERT DATA { <https://w3id.org/minekg/id/x> rdfs:label 'x' }")
    assert "read-only" in _error(at)
    table = _table(_ask(at, "ASK { <https://w3id.org/minekg/id/x> ?p ?o }"))
    assert table["answer"].tolist() == [False]


def test_row_cap_is_shown(page, monkeypatch):
    monkeypatch.setenv("MINEKG_EXPLORE_MAX_ROWS", "5")
    at = page()
    assert "at most 5 rows" in _captions(at)
    table = _table(_ask(at, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))
    assert len(table) == 5
    assert "capped at 5 rows" in _captions(at)


def test_downloads_hold_the_table_with_formulas_defused(page):
    at = page()
    at.selectbox(key="named").select("pivots")
    _run(at)
    at.button(key="run").click()
    _run(at)
    assert [button.proto.label for button in at.get("download_button")] == ["Download CSV", "Download JSON"]
    result = at.session_state["sparql_result"]
    assert result["csv"].decode().startswith("company,name,ticker,date,article,title,sentence,sector,modality\n")
    assert "MARA Holdings" in result["csv"].decode()

    hostile = 'SELECT ?cell WHERE { VALUES ?cell { "=HYPERLINK(\\"http://example.org\\")" "-1.5" "@x" } }'
    _ask(at, hostile)
    result = at.session_state["sparql_result"]
    assert result["csv"].decode().splitlines() == ["cell", '"\'=HYPERLINK(""http://example.org"")"', "-1.5", "'@x"]
    assert json.loads(result["json"])[0] == {"cell": '=HYPERLINK("http://example.org")'}  # JSON is data, as is


def test_timeout_stops_the_query_and_the_page_answers_afterwards(page, monkeypatch):
    monkeypatch.setenv("MINEKG_EXPLORE_TIMEOUT", "1")
    at = page()
    assert "after 1 s" in _captions(at)
    message = _error(_ask(at, CROSS_PRODUCT))
    assert "longer than the 1 s timeout" in message and "\n" not in message
    table = _table(_ask(at, COUNT_ARTICLES))
    assert table["n"].tolist() == [32]
