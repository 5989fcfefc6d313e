"""The remote store against a real Virtuoso, compared with the embedded Oxigraph store.

One Virtuoso per session: Debian's ``virtuoso-t`` (package virtuoso-opensource-7-bin, which
``make test`` installs through its ``virtuoso`` target) started in the foreground on free
loopback ports with its own ``virtuoso.ini`` and database in a temporary folder, stopped at the
end. Anonymous SPARQL Update and Graph Store writes are granted with ``isql-vt`` as dba.
"""

from __future__ import annotations

import io
import math
import shutil
import socket
import subprocess
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import httpx
import pandas as pd
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

import graph.remote
from graph import named
from graph.remote import INSERT_CHUNK, RemoteStore
from graph.store import EXPORT_FORMATS, open_store
from graph.triples import REGISTRY_GRAPH, article_iri
from graph.validate import validate
from minekg import sources
from minekg.cli import cli
from minekg.errors import QueryError, StoreError
from minekg.ingest import ingest
from nlp.registry import load_registry
from nlp.types import Article, Extraction
from tests.conftest import ARTICLES, SEED, metric_extractions
from tests.test_named_queries import CASES

VIRTUOSO = Path(shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t")
ISQL = Path(shutil.which("isql-vt") or "/usr/bin/isql-vt")

# Everything in the temporary folder; small buffers (the data is small); the SPARQL limits are
# Virtuoso's defaults, which RemoteStore must live with (ResultSetMaxRows cuts results silently
# but for a header, MaxSortedTopRows refuses ORDER BY with a deep OFFSET).
INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 200M
DirsAllowed = ., {dir}
MaxSortedTopRows = 10000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 5
ServerThreads = 5
KeepAliveTimeout = 10
MaxKeepAlives = 10

[SPARQL]
ResultSetMaxRows = 10000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
"""

# The anonymous SPARQL user may update (SPARQL_UPDATE), and graph-level security lets 'nobody'
# read and write every graph (7 = read + write + list), which /sparql-graph-crud checks.
GRANTS = """\
GRANT SPARQL_UPDATE TO "SPARQL";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _isql(port: int, sql: str) -> str:
    done = subprocess.run(
        [str(ISQL), f"127.0.0.1:{port}", "dba", "dba", "VERBOSE=OFF", "BANNER=OFF", "ERRORS=STDOUT"],
        input=sql,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "Error" not in done.stdout, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    if not VIRTUOSO.exists() or not ISQL.exists():
        pytest.fail(
            f"Virtuoso not found ({VIRTUOSO}, {ISQL}): these tests run a real server. "
            "`make test` installs it (its `virtuoso` target runs apt-get install virtuoso-opensource-7-bin)."
        )
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(INI.format(dir=folder, sql_port=sql_port, http_port=http_port))
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(VIRTUOSO), "+foreground", "+configfile", "virtuoso.ini"],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited with {proc.returncode}: {(folder / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"Virtuoso did not answer in 120 s: {(folder / 'server.log').read_text()[-2000:]}")
            time.sleep(0.5)
        _isql(sql_port, GRANTS)
        yield SimpleNamespace(
            base=base, sparql=f"{base}/sparql", gsp=f"{base}/sparql-graph-crud", sql_port=sql_port, folder=folder
        )
    finally:
        proc.terminate()  # Virtuoso checkpoints and exits on SIGTERM
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def remote(virtuoso, extractor, tmp_path_factory):
    """The bundled articles and the seed ingested into Virtuoso through minekg, graphs PUT by the GSP."""
    store = RemoteStore(virtuoso.sparql, gsp_url=virtuoso.gsp, checkpoint=tmp_path_factory.mktemp("ckpt") / "c.sqlite")
    summary = ingest([ARTICLES, SEED], store, extractor=extractor, report=lambda line: None)
    assert summary.rejected == 0 and summary.ingested == 32
    return store


def _quad_key(quad: ox.Quad) -> tuple:
    """A quad with each literal as its value, datatype and language (stores may rewrite lexical forms)."""

    def term(t):
        if isinstance(t, ox.Literal):
            return ("literal", Literal(t.value, datatype=t.datatype.value).toPython(), t.datatype.value, t.language)
        return (type(t).__name__, t.value if not isinstance(t, ox.BlankNode) else "_")

    return term(quad.subject), term(quad.predicate), term(quad.object), term(quad.graph_name)


def _quads(store, fmt="nquads") -> list:
    out = io.BytesIO()
    store.export(fmt, out)
    return list(ox.parse(out.getvalue(), format=EXPORT_FORMATS[fmt]))


def test_the_same_quads_and_graphs_as_the_embedded_store(remote, sample_store):
    assert len(remote) == len(sample_store) > 1000
    assert sorted(remote.named_graphs()) == sorted(sample_store.named_graphs())
    assert sorted(map(_quad_key, _quads(remote))) == sorted(map(_quad_key, _quads(sample_store)))


def test_reading_everything_in_pages(remote, sample_store, monkeypatch):
    """Pages of an ordered subquery: Virtuoso refuses ORDER BY with OFFSET past MaxSortedTopRows (SR353)."""
    monkeypatch.setattr(graph.remote, "PAGE", 700)
    assert sorted(remote.named_graphs()) == sorted(sample_store.named_graphs())
    assert sorted(map(_quad_key, _quads(remote))) == sorted(map(_quad_key, _quads(sample_store)))


def test_a_result_cut_by_the_server_is_an_error_not_a_short_table(remote):
    # every triple of the server (Virtuoso's own graphs included) times 32 articles: past ResultSetMaxRows
    with pytest.raises(QueryError, match="cut the result at 10000 rows") as caught:
        remote.query("SELECT ?s ?x WHERE { ?s ?p ?o . ?x a mkg:Article }")
    assert "\n" not in str(caught.value)
    assert len(remote.query("SELECT ?s ?x WHERE { ?s ?p ?o . ?x a mkg:Article } LIMIT 10")) == 10


def test_stats_match(remote, sample_store):
    stats = remote.stats()
    assert stats == sample_store.stats()
    assert stats["articles"] == 32 and stats["moves"] > 50


def _cell(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, Decimal)):
        return None if math.isnan(float(value)) else round(float(value), 9)
    if pd.isna(value):
        return None
    return str(value)


def _rows(frame: pd.DataFrame) -> list:
    return sorted((tuple(_cell(v) for v in row) for row in frame.itertuples(index=False)), key=repr)


def _cases(query) -> list[dict]:
    """The defaults; for a company parameter a few other companies; a small limit with each.

    A small limit checks that the parameters reach the subquery that applies it: a subquery is
    evaluated first, so MARA's newest two moves are not the store's newest two filtered to MARA.
    """
    cases = [{}]
    for param in query.params:
        if param.type == "company":
            cases += [{param.name: c} for c in ("riot-platforms", "core-scientific", "iren", "no-such-company")]
    for param in query.params:
        if param.type == "limit":
            cases += [case | {param.name: "2"} for case in cases]
    return cases


@pytest.mark.parametrize("query", named.available(), ids=lambda q: q.name)
def test_every_named_query_returns_the_same_rows(query, remote, sample_store):
    for values in _cases(query):
        expected, got = query.run(sample_store, **values), query.run(remote, **values)
        assert list(got.columns) == list(expected.columns)
        assert _rows(got) == _rows(expected), (query.name, values)


def test_metric_queries_return_the_same_rows_on_figures(remote, sample_store):
    """The metric queries on data: the hand-made figures of tests/conftest.py written to both stores, every metric
    case of test_named_queries and each query's _cases run on both, then the figures deleted from both."""
    extractions = metric_extractions()
    cases = [
        (c.query, c.params)
        for c in CASES.values()
        if c.store == "metrics_store" and c.query.startswith(("metric-", "latest-metrics", "ai-share"))
    ]
    cases += [
        (q.name, values)
        for q in named.available()
        if q.name.startswith(("metric-", "latest-", "ai-"))
        for values in _cases(q)
    ]
    assert {name for name, _ in cases} == {
        "metric-series",
        "latest-metrics",
        "metric-ranking",
        "ai-share",
        "metric-history",
    }
    try:
        for extraction in extractions:
            remote.write_extraction(extraction)
            sample_store.write_extraction(extraction)
        answered = 0
        for name, values in cases:
            query = named.load(name)
            expected, got = query.run(sample_store, **values), query.run(remote, **values)
            assert list(got.columns) == list(expected.columns)
            assert _rows(got) == _rows(expected), (name, values)
            answered += not expected.empty
        assert answered >= 15
    finally:
        for extraction in extractions:
            remote.delete_article(extraction.article.id)
            sample_store.delete_article(extraction.article.id)
    assert len(remote) == len(sample_store)


def test_export_in_every_format(remote, sample_store):
    for fmt, rdf_format in EXPORT_FORMATS.items():
        got, expected = _quads(remote, fmt), _quads(sample_store, fmt)
        assert len(got) == len(expected) > 1000, fmt
        if rdf_format.supports_datasets:
            assert len(got) == len(remote)


def test_shacl_validation_finds_no_violation_on_either_store(remote, sample_store, virtuoso):
    assert validate(remote).violations == 0
    assert validate(sample_store).violations == 0
    result = CliRunner().invoke(cli, ["validate", "--store", virtuoso.sparql])
    assert result.exit_code == 0 and "conforms: 0 violations" in result.output


def test_cli_query_and_stats_on_the_server(remote, sample_store, virtuoso):
    result = CliRunner().invoke(cli, ["query", "--name", "pivots", "--param", "sector=AI", "--store", virtuoso.sparql])
    assert result.exit_code == 0, result.output
    assert all(name in result.output for name in ("MARA Holdings", "Core Scientific", "IREN", "Hut 8"))
    result = CliRunner().invoke(cli, ["stats", "--store", virtuoso.sparql, "--format", "json"])
    assert result.exit_code == 0 and f'"quads": {len(sample_store)}' in result.output


def test_reingesting_replaces_graphs_never_doubles_them(remote, virtuoso, extractor, tmp_path, monkeypatch):
    before, graphs = len(remote), remote.named_graphs()
    # the CLI, with the Graph Store endpoint from the environment; its checkpoint goes to ./.minekg
    monkeypatch.chdir(tmp_path)
    args = ["ingest", str(SEED), "--store", virtuoso.sparql, "--workers", "0", "--quiet"]
    env = {"MINEKG_STORE_GSP_URL": virtuoso.gsp}
    first = CliRunner().invoke(cli, args + ["--rejects", str(tmp_path / "rejects.jsonl")], env=env)
    assert first.exit_code == 0 and "ingested 1," in first.output, first.output
    assert f"quads in store {before}" in first.output
    assert list((tmp_path / ".minekg").glob("remote-127.0.0.1-*.ingest.sqlite"))
    again = CliRunner().invoke(cli, args, env=env)
    assert again.exit_code == 0 and "already ingested 1," in again.output, again.output
    # SPARQL Update instead of the Graph Store protocol: DROP + INSERT DATA in chunks
    by_update = RemoteStore(virtuoso.sparql, checkpoint=tmp_path / "c.sqlite")
    registry_quads = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{REGISTRY_GRAPH}> {{ ?s ?p ?o }} }}"
    in_registry = by_update.query(registry_quads).iloc[0, 0]
    by_update.write_registry(load_registry())
    by_update.write_ontology()
    article = next(iter(sources.read([ARTICLES])))
    by_update.write_extraction(extractor.extract(article))
    assert by_update.query(registry_quads).iloc[0, 0] == in_registry > 100
    # a graph of several INSERT DATA chunks (Virtuoso refuses one of 2,000 triples: SP031), then replaced
    big = [(URIRef(f"urn:minekg-test:{i}"), URIRef("urn:minekg-test:p"), Literal(f"v{i}")) for i in range(1200)]
    by_update.replace_graph(article_iri("remote-big"), big)
    assert len(remote) == before + 1200 > before + 2 * INSERT_CHUNK
    by_update.replace_graph(article_iri("remote-big"), big[:10])
    assert len(remote) == before + 10
    assert by_update.delete_article("remote-big")
    assert len(remote) == before and remote.named_graphs() == graphs


def test_delete_article(remote):
    before = len(remote)
    remote.write_extraction(Extraction(Article("remote-tmp", "Some text.", title="T")))
    assert str(article_iri("remote-tmp")) in remote.named_graphs() and len(remote) > before
    assert remote.delete_article("remote-tmp") is True
    assert remote.delete_article("remote-tmp") is False
    assert len(remote) == before


def test_an_unreachable_server_is_one_line_naming_the_url(virtuoso):
    url = f"http://127.0.0.1:{_free_port()}/sparql"
    with pytest.raises(StoreError, match=f"cannot reach the SPARQL server at {url}") as caught:
        open_store(url)
    assert "\n" not in str(caught.value)
    result = CliRunner().invoke(cli, ["stats", "--store", url])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and url in result.output and "Traceback" not in result.output
    missing = f"{virtuoso.base}/no-such-endpoint"
    with pytest.raises(StoreError, match=f"at {missing}: HTTP 404") as caught:
        open_store(missing)
    assert "\n" not in str(caught.value)


def test_errors_from_queries_are_one_line(remote):
    with pytest.raises(QueryError, match="^invalid SPARQL") as caught:
        remote.query("SELECT ?x WHERE { ?x }")
    assert "\n" not in str(caught.value)


def test_credentials_with_digest_auth(remote, virtuoso, tmp_path):
    """Virtuoso's authenticated endpoints ask for Digest; dba/dba is a fresh database's account."""
    authed = RemoteStore(
        f"{virtuoso.base}/sparql-auth",
        gsp_url=f"{virtuoso.base}/sparql-graph-crud-auth",
        auth=("dba", "dba"),
        checkpoint=tmp_path / "c.sqlite",
    )
    before = len(authed)
    assert before == len(remote)
    authed.write_extraction(Extraction(Article("remote-auth", "Some text.", title="T")))
    assert authed.delete_article("remote-auth") and len(authed) == before
    with pytest.raises(StoreError, match=f"at {virtuoso.base}/sparql-auth: HTTP 401"):
        RemoteStore(f"{virtuoso.base}/sparql-auth", auth=("dba", "wrong"), read_only=True)


HOSTILE = [
    '"',
    "'",
    '"""',
    "\\",
    '\\"',
    'x\n\\"',  # rdflib's n3() leaves this one's closing quotes unescaped
    "} DROP ALL {",
    '" } ; DROP ALL ; SELECT * { "',
    '""" ) } } DROP ALL ; INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> \'c\' } } #',
    "<http://evil.example/> } DROP ALL { <",
    "a\nb\r\nc\td",
    "line one\n} DROP ALL {\n",
    "{{}}",
    "é € 😀 \u2028",
    "x" * 10_000,
]


def test_hostile_bound_values_change_nothing(remote):
    before, graphs = len(remote), remote.named_graphs()
    for value in HOSTILE:
        try:
            got = remote.query("SELECT ?v WHERE { }", {"v": Literal(value)})
            pair = remote.query("SELECT ?a ?b WHERE { }", {"a": Literal('x\n\\"'), "b": Literal(value)})
        except QueryError as exc:  # Virtuoso refuses a VALUES constant over about 8 KB, in one line
            assert len(value.encode()) > 8000 and "SR478" in str(exc) and "\n" not in str(exc)
        else:
            assert got["v"].tolist() == [value], value[:40]  # the value comes back exactly
            assert pair.iloc[0].tolist() == ['x\n\\"', value]
        for name in ("company-moves", "pivots"):
            query = named.load(name)
            try:
                frame = query.run(remote, **{p.name: value for p in query.params[:1]})
            except QueryError:
                continue  # not a valid IRI: refused before anything is sent
            assert frame.empty
        if any(c in value for c in '<>"{}|^` \n'):  # not an IRI: refused before anything is sent
            with pytest.raises(QueryError, match="cannot bind"):
                remote.query("SELECT ?p WHERE { ?v ?p ?o }", {"v": URIRef(f"urn:x:{value}")})
    for update in ("DROP ALL", "CLEAR ALL", "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"):
        with pytest.raises(QueryError, match="^invalid SPARQL"):
            remote.query(update)
    with pytest.raises(QueryError):
        remote.query("SELECT ?v WHERE { }", {"v } DROP ALL { ?w": Literal("x")})
    assert len(remote) == before and remote.named_graphs() == graphs
