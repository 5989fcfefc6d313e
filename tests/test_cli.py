"""Every CLI command, run as a user runs it: the real console script, a real store."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from minekg.cli import cli
from tests.conftest import ARTICLES, SEED

MINEKG = shutil.which("minekg") or os.path.join(os.path.dirname(sys.executable), "minekg")


def run(*args, env=None, check=True):
    done = subprocess.run(
        [MINEKG, *args], capture_output=True, text=True, timeout=300, env=dict(os.environ, **(env or {}))
    )
    assert "Traceback" not in done.stderr, done.stderr
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    done = run("ingest", str(ARTICLES), str(SEED), "--store", str(path), "--quiet")
    assert "read 32, ingested 32," in done.stderr and "rejected 0," in done.stderr
    return str(path)


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and f"minekg {command}" in result.output


def test_ingest_twice_keeps_the_triple_count(store_path):
    before = json.loads(run("stats", "--store", store_path, "--format", "json").stdout)[0]
    again = run("ingest", str(ARTICLES), str(SEED), "--store", store_path, "--quiet")
    assert f"quads in store {before['quads']}" in again.stderr
    after = json.loads(run("stats", "--store", store_path, "--format", "json").stdout)[0]
    assert after == before and before["articles"] == 32 and before["moves"] > 50


def test_delete_updates_consolidation_and_ingest_brings_the_article_back(store_path, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(store_path, copy)
    shutil.copy(f"{store_path}.ingest.sqlite", f"{copy}.ingest.sqlite")

    def sale_sources():
        out = run("query", "--name", "consolidated-moves", "--param", "company=core-scientific", "--store", str(copy),
                  "--format", "json").stdout  # fmt: skip
        return {row["sources"] for row in json.loads(out) if row["type"] == "AssetSale" and row["month"] == "2022-06"}

    assert sale_sources() == {2}  # Core Scientific's own announcement and the July roundup
    done = run("delete", "2022-07-miners-sell-bitcoin-in-june", "no-such-article", "--store", str(copy), check=False)
    assert done.returncode == 1 and done.stderr.splitlines() == [
        "deleted 1 of 2 articles",
        "Error: not in the store: no-such-article",
    ]
    assert sale_sources() == {1}
    conflicts = run("query", "--name", "conflicting-figures", "--store", str(copy), "--format", "json").stdout
    assert json.loads(conflicts) == []  # $23,000 and $132 million come from one article: no competing claims
    again = run("ingest", str(ARTICLES), "--store", str(copy), "--quiet")
    assert "ingested 1," in again.stderr
    assert sale_sources() == {2}


def test_analyse_ranks_the_companies(store_path):
    rows = json.loads(run("analyse", "--store", store_path, "--format", "json").stdout)
    assert rows[0]["name"] == "Riot Platforms"  # the most written-about miner of the sample
    mara = next(row for row in rows if row["name"] == "MARA Holdings")
    assert mara["degree"] >= 2 and mara["community"] is not None and 0 < mara["pagerank"] < 1


def test_a_closed_pipe_ends_quietly(store_path):
    # `minekg export | head -c 100`: the reader leaves early; no "Error" line, no traceback
    done = subprocess.run(
        f"'{MINEKG}' export --format nquads --store '{store_path}' | head -c 100",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert len(done.stdout) == 100 and done.stderr == ""


def test_query_named_pivots_as_csv(store_path):
    out = run("query", "--name", "pivots", "--param", "sector=AI", "--store", store_path, "--format", "csv").stdout
    header, *rows = out.strip().splitlines()
    assert header.startswith("company,name,ticker,date,article")
    names = {row.split(",")[1] for row in rows}
    assert {"MARA Holdings", "Core Scientific", "Hut 8", "IREN", "Galaxy Digital"} <= names


def test_query_text_and_file_and_list(store_path, tmp_path):
    text = 'SELECT ?name WHERE { ?c mkg:ticker "MARA" ; schema:name ?name }'
    assert json.loads(run("query", text, "--store", store_path, "--format", "json").stdout) == [
        {"name": "MARA Holdings"}
    ]
    rq = tmp_path / "q.rq"
    rq.write_text(text)
    assert "MARA Holdings" in run("query", "--file", str(rq), "--store", store_path).stdout
    listing = run("query", "--list").stdout
    assert "pivots:" in listing and "company-moves:" in listing
    named_as_text = run("query", "pivots", "--store", store_path, check=False)
    assert named_as_text.returncode == 2
    assert "'pivots' is a named query: run it with --name pivots" in named_as_text.stderr


def test_extract_prints_json_lines(tmp_path):
    out = run("extract", str(SEED)).stdout.strip().splitlines()
    (record,) = [json.loads(line) for line in out]
    assert record["article"]["id"] == "mara-ai-pivot"
    assert {"AssetSale", "StrategicPivot"} <= {m["type"] for m in record["moves"]}


@pytest.mark.parametrize("fmt", ["turtle", "nquads", "trig", "jsonld"])
def test_export(store_path, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    run("export", "--format", fmt, "-o", str(out), "--store", store_path)
    assert out.stat().st_size > 10_000


def test_validate_conforms(store_path):
    assert "0 violations" in run("validate", "--store", store_path).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "SELECT WHERE {"], "Error: invalid SPARQL"),
        (["query", "--name", "nope"], "Error: no named query 'nope'"),
        (["query", "--name", "pivots", "--param", "sector=Farming"], "is not a valid sector"),
        (["stats", "--store", "/nonexistent/store"], "Error: no store at /nonexistent/store"),
        (["ingest", "/nonexistent/file.jsonl", "--quiet"], "skipped /nonexistent/file.jsonl: no such file"),
        (["ingest", "/nonexistent/file.jsonl", "--quiet"], "Error: nothing was ingested"),
        (["query", "--name", "pivots", "--param", "sector"], "Error: --param 'sector' is not KEY=VALUE"),
        (["export", "-o", "/nonexistent/dir/out.nq"], "Error: /nonexistent/dir/out.nq: No such file or directory"),
    ],
)
def test_errors_are_one_line_without_traceback(store_path, args, message):
    if "--store" not in args:
        args = [*args, "--store", store_path]
    done = run(*args, check=False)
    assert done.returncode != 0
    assert message in done.stderr and "internal error" not in done.stderr


def test_explore_without_store_fails_in_one_line():
    done = run("explore", "--store", "/nonexistent/store", check=False)
    assert done.returncode == 1 and done.stderr.strip().count("\n") == 0


def test_query_csv_defuses_formula_cells(tmp_path):
    articles = tmp_path / "formula.jsonl"
    title = '=HYPERLINK("http://example.org","x")'
    articles.write_text(json.dumps({"id": "f1", "title": title, "text": "Riot Platforms sold 500 BTC in March 2024."}))
    store = str(tmp_path / "store")
    run("ingest", str(articles), "--store", store, "--quiet", "--workers", "0")
    query = "SELECT ?title (COUNT(*) AS ?n) WHERE { ?a dcterms:title ?title } GROUP BY ?title"
    out = run("query", query, "--store", store, "--format", "csv").stdout
    assert list(csv.reader(io.StringIO(out))) == [["title", "n"], ["'" + title, "1"]]


def test_deleting_the_store_but_not_its_checkpoint_ingests_again(tmp_path):
    articles = tmp_path / "one.jsonl"
    articles.write_text(json.dumps({"id": "r1", "text": "Riot Platforms sold 500 BTC in March 2024."}))
    store = tmp_path / "store"
    run("ingest", str(articles), "--store", str(store), "--quiet", "--workers", "0")
    shutil.rmtree(store)  # the checkpoint beside it stays
    again = run("ingest", str(articles), "--store", str(store), "--quiet", "--workers", "0")
    assert "lists articles the store does not hold; starting it anew" in again.stderr
    assert "ingested 1," in again.stderr
    moves = run("query", "--name", "company-moves", "--param", "company=riot-platforms", "--store", str(store))
    assert "sold 500 BTC" in moves.stdout
