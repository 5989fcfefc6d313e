"""Watch rules (graph/watch.py), `minekg watch` and the explorer's Alerts.

The three example rules of data/watch-rules.toml are checked on the sample data (the session's
``sample_store``: 30 sample articles and the seed, ingested with the real model) against answers
worked out by hand from the store's moves (``named.run(sample_store, "changes-since",
since="2020-01-01", limit="100000")``). Small stores built by hand check thresholds, modality, the
date cut and hostile rule values. No mocks.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from graph import named, watch
from graph.store import Store
from graph.triples import company_iri
from minekg.cli import cli
from minekg.errors import QueryError
from nlp.registry import load_registry
from nlp.types import Amount, Article, CompanyRef, Evidence, Extraction, Move
from tests.conftest import ROOT

RULES = ROOT / "data" / "watch-rules.toml"
PIVOTS, SALES, CORZ = "MARA peer pivots into AI", "bitcoin sale of 1,000 BTC or $100M", "any move by CORZ"

# --------------------------------------------------------------------------------------------------
# The expected answers on the sample data, as (published, actor id, type, modality, amount, unit).
# Only articles with a publication date can be "since" a date: the seed article (MARA's $1.5 billion
# bitcoin sale and its AI pivot) has none, so it never matches.
# --------------------------------------------------------------------------------------------------

# MARA's peer group (named query peer-group) is every other "miner" of the registry, plus CleanSpark
# and Riot, which the seed names as MARA's peers. The StrategicPivot moves into AI of dated articles:
#   kept:   Bitfarms 2025-11-13 ("plans to wind down its bitcoin mining ... toward HPC and AI": planned),
#           IREN 2025-11-03 ("moving more of its power to AI workloads"), IREN 2024-11-27 ("expanding its
#           AI cloud service"), Hut 8 2024-06-24 ("shifting part of its business toward AI
#           infrastructure"), Core Scientific 2024-06-03 ("repurposing ... to host AI infrastructure");
#   left:   Riot 2025-11-13 ("could convert part of its Corsicana site to AI hosting": speculative, and a
#           rule without `modality` takes asserted and planned only); Galaxy Digital 2025-08-15 (an
#           AI pivot, but Galaxy is an "investor" in the registry and no article names it MARA's peer);
#           TeraWulf 2025-08-14 (a miner, but its pivot is into HPC, not AI).
EXPECTED_PIVOTS = [
    ("2025-11-13", "bitfarms", "StrategicPivot", "planned", None, None),
    ("2025-11-03", "iren", "StrategicPivot", "asserted", None, None),
    ("2024-11-27", "iren", "StrategicPivot", "asserted", None, None),
    ("2024-06-24", "hut-8", "StrategicPivot", "asserted", None, None),
    ("2024-06-03", "core-scientific", "StrategicPivot", "asserted", None, None),
]

# The AssetSale moves of bitcoin in dated articles, as the extractor reads them:
#   Core Scientific's June 2022 sale of 7,202 BTC, in its announcement (2022-07-05) and in the July
#     roundup (2022-07-21): both at least 1,000 BTC, a match. Bitcoin sold is counted in bitcoin when the
#     sentence gives both figures; the $167 million it raised is the sale's proceeds, no capital raise, and
#     "After the sales, the company held 1,959 bitcoin" refers back to it. "Expects to keep selling" is
#     planned but has no amount.
#   CleanSpark 2025-06-24, 300 BTC; Bit Digital 2025-07-07, 280 BTC and 3.125 BTC (planned): under
#     1,000 BTC, and no USD amount.
#   Not bitcoin: Dell's $5.8B (GPUs), Northern Data's $651M (a Site), MicroBT's $290.5M (MiningRigs),
#     Argo's $65M (a Site); Bitfarms 2025-01-28 and CleanSpark 2024-06-27: a Site / no asset.
EXPECTED_SALES = [
    ("2022-07-21", "core-scientific", "AssetSale", "asserted", 7202.0, "BTC"),
    ("2022-07-05", "core-scientific", "AssetSale", "asserted", 7202.0, "BTC"),
]

# Every move whose actor is Core Scientific, in dated articles (none is speculative). Left out:
# CoreWeave's acquisition of Core Scientific (2025-07-07): CoreWeave is that move's actor.
EXPECTED_CORZ = [
    ("2024-06-03", "core-scientific", "CommercialAgreement", "asserted", 3_500_000_000.0, "USD"),
    ("2024-06-03", "core-scientific", "StrategicPivot", "asserted", None, None),
    ("2024-01-23", "core-scientific", "CapacityExpansion", "planned", None, None),  # adding hosting customers
    ("2024-01-23", "core-scientific", "LeadershipChange", "asserted", None, None),  # Adam Sullivan
    ("2024-01-23", "core-scientific", "Restructuring", "asserted", None, None),  # emerged from Chapter 11
    ("2022-12-21", "core-scientific", "Restructuring", "asserted", None, None),  # filed for Chapter 11
    ("2022-07-21", "core-scientific", "AssetSale", "asserted", 7202.0, "BTC"),  # the July roundup
    ("2022-07-05", "core-scientific", "AssetSale", "asserted", 7202.0, "BTC"),
    # "expects to keep selling self-mined bitcoin to cover costs": a policy for its output, not one sale
    ("2022-07-05", "core-scientific", "TreasuryPolicy", "planned", None, None),
    ("2022-07-05", "core-scientific", "CapacityExpansion", "planned", None, None),
]


def _rows(frame, rule: str) -> list[tuple]:
    """A rule's matches in the shape of the expected lists, sorted the same way."""
    rows = [
        (
            row.published,
            row.company.rpartition("/")[2],
            row.type,
            row.modality,
            None if row.amount is None else float(row.amount),
            row.unit,
        )
        for row in frame[frame["rule"] == rule].itertuples()
    ]
    return sorted(rows, key=lambda row: (row[0], row[1:4], row[4] or 0), reverse=True)


def _sorted(expected: list[tuple]) -> list[tuple]:
    return sorted(expected, key=lambda row: (row[0], row[1:4], row[4] or 0), reverse=True)


# --------------------------------------------------------------------------------------------------
# the example rules on the sample data
# --------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_matches(sample_store):
    return watch.matches(sample_store, watch.load_rules(RULES), since="2020-01-01")


def test_the_example_rules_file_holds_the_three_rules():
    rules = watch.load_rules(RULES)
    assert [rule.name for rule in rules] == [PIVOTS, SALES, CORZ]
    pivots, sales, corz = rules
    assert pivots.peer_of == (str(company_iri("mara")),)
    assert (pivots.type, pivots.sector, pivots.modality) == (("StrategicPivot",), ("AI",), ("asserted", "planned"))
    assert (sales.type, sales.asset) == (("AssetSale",), ("Bitcoin",))
    assert sales.above == (watch.Threshold(Decimal(1000), "BTC"), watch.Threshold(Decimal(100_000_000), "USD"))
    assert corz.company == (str(company_iri("core-scientific")),) and not corz.type


def test_the_peer_group_behind_the_pivot_rule(sample_store):
    peers = set(named.run(sample_store, "peer-group", company="mara")["peer"])
    ids = {iri.rpartition("/")[2] for iri in peers}
    assert {"bitfarms", "iren", "hut-8", "core-scientific", "riot-platforms", "terawulf"} <= ids
    assert not {"galaxy-digital", "mara"} & ids


def test_mara_peers_pivoting_into_ai(sample_matches):
    assert _rows(sample_matches, PIVOTS) == _sorted(EXPECTED_PIVOTS)


def test_bitcoin_sales_of_1000_btc_or_100m_usd(sample_matches):
    assert _rows(sample_matches, SALES) == _sorted(EXPECTED_SALES)
    newer, older = sample_matches.loc[sample_matches["rule"] == SALES, "sentence"]
    assert "sold 7,202 bitcoin in June, bringing in about $167 million" in newer
    assert "sold 7,202 BTC during June at an average price of roughly $23,000" in older


def test_any_move_by_corz(sample_matches):
    assert _rows(sample_matches, CORZ) == _sorted(EXPECTED_CORZ)


def test_matches_columns_and_order(sample_matches):
    assert list(sample_matches.columns) == watch.COLUMNS
    assert len(sample_matches) == len(EXPECTED_PIVOTS) + len(EXPECTED_SALES) + len(EXPECTED_CORZ) == 17
    order = {PIVOTS: 0, SALES: 1, CORZ: 2}  # the rules' order in the file
    keys = [(row.published, -order[row.rule]) for row in sample_matches.itertuples()]
    assert keys == sorted(keys, reverse=True)  # newest article first, then by rule
    first = sample_matches.iloc[0]
    assert (first["rule"], first["name"], first["title"]) == (
        PIVOTS,
        "Bitfarms",
        "Analyst note: Bitfarms to exit bitcoin mining for HPC and AI",
    )
    assert first["article"].endswith("/article/2025-11-bitfarms-to-wind-down-bitcoin-mining")
    assert first["move"].startswith("https://w3id.org/minekg/id/move/")
    assert sample_matches["sentence"].map(bool).all()


def test_since_excludes_older_articles(sample_store):
    rules = watch.load_rules(RULES)
    on_the_day = watch.matches(sample_store, rules, since="2024-06-03")  # "on or after": that day counts
    assert _rows(on_the_day, PIVOTS) == _sorted(EXPECTED_PIVOTS)
    assert _rows(on_the_day, CORZ) == _sorted(EXPECTED_CORZ[:2])
    assert _rows(on_the_day, SALES) == []
    day_after = watch.matches(sample_store, rules, since="2024-06-04")
    assert _rows(day_after, PIVOTS) == _sorted(EXPECTED_PIVOTS[:4])
    assert set(day_after["rule"]) == {PIVOTS}
    assert (day_after["published"] >= "2024-06-04").all()
    assert watch.matches(sample_store, rules, since="2025-11-14").empty


def test_alerts_table_converts_to_arrow(sample_matches):
    import pyarrow as pa

    pa.Table.from_pandas(sample_matches, preserve_index=False)  # st.dataframe takes it without fallback


# --------------------------------------------------------------------------------------------------
# small stores built by hand
# --------------------------------------------------------------------------------------------------
RIOT = CompanyRef("riot-platforms", "Riot Platforms", "RIOT")
MARA = CompanyRef("mara", "MARA Holdings", "MARA")
GALAXY = CompanyRef("galaxy-digital", "Galaxy Digital", "GLXY")


def _move(kind: str, actor: CompanyRef, sentence: str, **arguments) -> Move:
    return Move(kind, actor, Evidence(sentence, 0, len(sentence)), **arguments)


def _sale(value, unit, sentence: str, actor: CompanyRef = RIOT, **arguments) -> Move:
    amount = Amount(value, unit) if value is not None else None
    return _move("AssetSale", actor, sentence, asset=arguments.pop("asset", "Bitcoin"), amount=amount, **arguments)


def _store(*articles: tuple[str, str | None, list[Move]], path=None) -> Store:
    """A store with the registry and these articles, each the text of its moves' sentences."""
    store = Store(path)
    store.write_registry(load_registry())
    for article_id, published, moves in articles:
        placed, start = [], 0
        for move in moves:  # each sentence at its own offset, so each move is a node of its own
            end = start + len(move.evidence.sentence)
            placed.append(replace(move, evidence=Evidence(move.evidence.sentence, start, end)))
            start = end + 1
        text = " ".join(move.evidence.sentence for move in moves)
        article = Article(article_id, text, title=article_id, published=published)
        store.write_extraction(Extraction(article, moves=placed))
    return store


@pytest.fixture(scope="module")
def sales_store() -> Store:
    return _store(
        (
            "sales",
            "2025-03-02",
            [
                _sale(1000, "BTC", "Riot sold exactly 1,000 BTC."),  # on the threshold: matches
                _sale(999.5, "BTC", "Riot sold 999.5 BTC."),
                _sale(100_000_000, "USD", "Riot sold $100 million of bitcoin."),  # on the threshold
                _sale(99_999_999, "USD", "Riot sold $99,999,999 of bitcoin."),
                _sale(2000, "MW", "Riot sold 2,000 MW of bitcoin."),  # no threshold in MW
                _sale(None, None, "Riot sold some bitcoin."),  # no amount: no threshold is reached
                _sale(5000, "BTC", "Riot sold 5,000 BTC of shares.", asset="Equity"),  # not bitcoin
                _sale(5000, "BTC", "Riot could sell 5,000 BTC.", modality="speculative"),
                _sale(3000, "BTC", "Riot plans to sell 3,000 BTC.", modality="planned"),
                _sale(7000, "BTC", "MARA sold 7,000 BTC.", actor=MARA),
            ],
        ),
        ("older", "2025-03-01", [_sale(9000, "BTC", "Riot sold 9,000 BTC yesterday.")]),
        ("undated", None, [_sale(8000, "BTC", "Riot sold 8,000 BTC at some point.")]),
    )


def _sentences(frame, rule: str | None = None) -> set[str]:
    return set(frame["sentence"] if rule is None else frame.loc[frame["rule"] == rule, "sentence"])


def test_thresholds_units_and_default_modalities(sales_store):
    rules = watch.parse_rules({"rule": [{"name": "big", "type": "AssetSale", "above": ["1000 BTC", "100000000 USD"]}]})
    assert _sentences(watch.matches(sales_store, rules, since="2025-03-02")) == {
        "Riot sold exactly 1,000 BTC.",
        "Riot sold $100 million of bitcoin.",
        "Riot sold 5,000 BTC of shares.",  # no asset condition in this rule
        "Riot plans to sell 3,000 BTC.",  # planned counts by default
        "MARA sold 7,000 BTC.",
    }


def test_every_condition_must_hold_and_a_list_is_any_of(sales_store):
    rules = watch.parse_rules(
        {
            "rule": [
                {"name": "riot", "company": "riot-platforms", "asset": "Bitcoin", "above": "1000 BTC"},
                {"name": "either", "company": ["mara", "no-such-company"], "modality": ["asserted", "speculative"]},
                {"name": "rumours", "type": "AssetSale", "modality": "speculative", "above": "1 BTC"},
                {"name": "big units", "above": ["1,000.5 MW"]},
            ]
        }
    )
    found = watch.matches(sales_store, rules, since="2025-03-02")
    assert _sentences(found, "riot") == {"Riot sold exactly 1,000 BTC.", "Riot plans to sell 3,000 BTC."}
    assert _sentences(found, "either") == {"MARA sold 7,000 BTC."}
    assert _sentences(found, "rumours") == {"Riot could sell 5,000 BTC."}
    assert _sentences(found, "big units") == {"Riot sold 2,000 MW of bitcoin."}
    assert list(found["rule"]) == ["riot", "riot", "either", "rumours", "big units"]  # one article: rule order


def test_since_is_on_or_after_and_undated_articles_never_match(sales_store):
    rules = watch.parse_rules({"rule": [{"name": "riot", "company": "riot-platforms", "above": "8000 BTC"}]})
    assert _sentences(watch.matches(sales_store, rules, since="2025-03-01")) == {"Riot sold 9,000 BTC yesterday."}
    assert watch.matches(sales_store, rules, since="2025-03-02").empty
    assert watch.matches(sales_store, rules, since="1900-01-01")["published"].tolist() == ["2025-03-01"]


def test_no_rules_or_no_articles_give_an_empty_table_with_the_columns(sales_store):
    assert list(watch.matches(sales_store, [], since="2025-01-01").columns) == watch.COLUMNS
    empty = watch.matches(Store(None), watch.load_rules(RULES), since="2025-01-01")
    assert empty.empty and list(empty.columns) == watch.COLUMNS


@pytest.mark.parametrize("since", ["2025-13-01", "2025-1-1", "yesterday", "2025-03-01 ", "' } DROP ALL {'"])
def test_a_bad_since_is_one_line(sales_store, since):
    with pytest.raises(QueryError, match=r"^since: .* is not a date \(YYYY-MM-DD\)$"):
        watch.matches(sales_store, [], since=since)


def test_peer_of_uses_the_peer_group(sample_store):
    # Galaxy Digital is an investor: no peer of MARA's in the registry; Riot is a miner like MARA
    store = _store(
        (
            "pivots",
            "2025-05-05",
            [
                _move("StrategicPivot", RIOT, "Riot pivots to AI.", sector="AI"),
                _move("StrategicPivot", GALAXY, "Galaxy pivots to AI.", sector="AI"),
                _move("StrategicPivot", MARA, "MARA pivots to AI.", sector="AI"),
            ],
        )
    )
    rules = watch.parse_rules({"rule": [{"name": "peers", "peer_of": ["mara"], "sector": "AI"}]})
    assert _sentences(watch.matches(store, rules, since="2025-01-01")) == {"Riot pivots to AI."}


HOSTILE = [
    '" } ; DROP ALL ; #',
    "core-scientific> } DROP ALL { <x",
    "'; DROP ALL; --",
    "{ ?s ?p ?o } DROP ALL",
    "mara\n} DROP ALL {",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_company_is_bound_changes_nothing_and_matches_nothing(tmp_path, value):
    store = _store(("a", "2025-03-02", [_sale(5000, "BTC", "Riot sold 5,000 BTC.")]), path=tmp_path / "store")
    before = (len(store), store.stats(), sorted(store.named_graphs()))
    rules = watch.parse_rules(
        {
            "rule": [
                {"name": "company", "company": value},
                {"name": "peer", "peer_of": value},
                {"name": "both", "company": ["riot-platforms", value]},  # the good value still works
            ]
        }
    )
    found = watch.matches(store, rules, since="2000-01-01")
    assert list(found["rule"]) == ["both"]
    assert (len(store), store.stats(), sorted(store.named_graphs())) == before
    assert watch.matches(store, watch.parse_rules({"rule": [{"name": "all"}]}), since="2000-01-01").shape[0] == 1


def test_a_hostile_iri_is_refused_naming_rule_and_field():
    with pytest.raises(
        QueryError, match=r"^rule 'r': peer_of 'http://x> } DROP ALL \{' is not a registry id or a valid IRI$"
    ):
        watch.parse_rules({"rule": [{"name": "r", "peer_of": "http://x> } DROP ALL {"}]})


# --------------------------------------------------------------------------------------------------
# bad rules: one line naming the rule and the field
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"name": "r", "typ": "AssetSale"}, "rule 'r': unknown field 'typ' (fields: name, company, peer_of,"),
        ({"name": "r", "type": "AssetSael"}, "rule 'r': type 'AssetSael' is not a move type (one of AssetSale,"),
        ({"name": "r", "sector": "Farming"}, "rule 'r': sector 'Farming' is not a sector (one of AI, HPC,"),
        ({"name": "r", "asset": "Gold"}, "rule 'r': asset 'Gold' is not an asset (one of Bitcoin,"),
        ({"name": "r", "modality": "rumoured"}, "rule 'r': modality 'rumoured' is not a modality (one of asserted,"),
        ({"name": "r", "type": ["AssetSale", "Sale"]}, "rule 'r': type 'Sale' is not a move type"),
        ({"name": "r", "above": ["1000 bitcoin"]}, "rule 'r': above '1000 bitcoin' is not a threshold such as"),
        ({"name": "r", "above": "lots BTC"}, "rule 'r': above 'lots BTC' is not a threshold such as"),
        ({"name": "r", "above": "nan BTC"}, "rule 'r': above 'nan BTC' is not a threshold"),
        ({"name": "r", "above": "1000"}, "rule 'r': above '1000' is not a threshold"),
        ({"name": "r", "above": 1000}, "rule 'r': above must be a non-empty text or a list of them, not '1000'"),
        ({"name": "r", "type": []}, "rule 'r': type must be a non-empty text or a list of them"),
        ({"name": "r", "company": " "}, "rule 'r': company must be a non-empty text or a list of them"),
        ({"name": "r", "peer_of": "http://a b"}, "rule 'r': peer_of 'http://a b' is not a registry id or a valid IRI"),
        ({"type": "AssetSale"}, "rule 1: needs a name"),
        ({"name": 3}, "rule 1: needs a name"),
    ],
)
def test_a_bad_rule_is_one_line_naming_the_rule_and_the_field(table, message):
    with pytest.raises(QueryError) as caught:
        watch.parse_rules({"rule": [table]})
    assert str(caught.value).startswith(message), str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_bad_rules_file_names_the_file(tmp_path):
    bad = tmp_path / "rules.toml"
    bad.write_text('[[rule]]\nname = "ok"\n\n[[rule]]\nname = "second"\nsector = "Mining"\n', encoding="utf-8")
    with pytest.raises(QueryError, match=r"^.*rules\.toml: rule 'second': sector 'Mining' is not a sector"):
        watch.load_rules(bad)
    bad.write_text('[[rule]]\nname = "x\n', encoding="utf-8")
    with pytest.raises(QueryError, match=r"rules\.toml: not valid TOML \(.*line 2"):
        watch.load_rules(bad)
    bad.write_text('[rules]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(QueryError, match="unknown top-level key 'rules'"):
        watch.load_rules(bad)
    bad.write_text('[[rule]]\nname = "x"\n[[rule]]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(QueryError, match="rule 'x': two rules have this name"):
        watch.load_rules(bad)


# --------------------------------------------------------------------------------------------------
# the CLI
# --------------------------------------------------------------------------------------------------
def _watch(store: Store, *args: str):
    result = CliRunner().invoke(cli, ["watch", "--rules", str(RULES), "--store", str(store.path), *args])
    assert "Traceback" not in result.output
    return result


# since 2024-06-01: the four newest pivots, Core Scientific's on 2024-06-03 and that day's other move
SINCE = "2024-06-01"
EXPECTED_SINCE = 7


def test_cli_table(sample_store):
    result = _watch(sample_store, "--since", SINCE)
    assert result.exit_code == 0 and result.stderr == ""
    header, *lines = result.stdout.splitlines()
    assert header.split()[:4] == ["rule", "published", "company", "name"]
    assert len(lines) == EXPECTED_SINCE
    assert lines[0].split()[:6] == ["MARA", "peer", "pivots", "into", "AI", "2025-11-13"]
    assert "None" not in result.stdout and "NaN" not in result.stdout


def test_cli_json(sample_store):
    result = _watch(sample_store, "--since", SINCE, "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    expected = watch.matches(sample_store, watch.load_rules(RULES), since=SINCE)
    assert len(rows) == EXPECTED_SINCE and list(rows[0]) == watch.COLUMNS
    assert [(r["rule"], r["move"]) for r in rows] == list(zip(expected["rule"], expected["move"]))
    deal = next(r for r in rows if r["type"] == "CommercialAgreement")
    assert (deal["rule"], deal["amount"], deal["unit"], deal["sector"]) == (CORZ, "3500000000", "USD", "HPC")


def test_cli_markdown(sample_store):
    result = _watch(sample_store, "--since", SINCE, "--format", "markdown")
    assert result.exit_code == 0
    header, rule, *lines = result.stdout.splitlines()
    assert header == "| " + " | ".join(watch.COLUMNS) + " |"
    assert rule == "| " + " | ".join(["---"] * len(watch.COLUMNS)) + " |"
    assert len(lines) == EXPECTED_SINCE
    for line in lines:
        assert line.startswith("| ") and line.endswith(" |")
        assert line.replace("\\|", "").count("|") == len(watch.COLUMNS) + 1


def test_cli_markdown_escapes_cells(tmp_path):
    sentence = "Riot | sold <img src=x onerror=alert(1)> 2,000 BTC **now**."
    store = _store(("md", "2025-03-02", [_sale(2000, "BTC", sentence)]), path=tmp_path / "store")
    result = _watch(store, "--since", "2025-01-01", "--format", "markdown")
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()[2:]
    assert "Riot \\| sold \\<img src=x onerror=alert(1)\\> 2,000 BTC \\*\\*now\\*\\*." in line
    assert "<img" not in line.replace("\\<img", "")
    assert line.replace("\\|", "").count("|") == len(watch.COLUMNS) + 1


@pytest.mark.parametrize(("fmt", "stdout"), [("table", ""), ("json", "[]\n"), ("markdown", "")])
def test_cli_no_matches_exits_0_and_says_so_on_stderr(sample_store, fmt, stdout):
    result = _watch(sample_store, "--since", "2030-01-01", "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout == stdout
    assert result.stderr == "no matches since 2030-01-01\n"


def test_cli_since_defaults_to_seven_days_ago(sample_store):
    result = _watch(sample_store)  # the sample articles are from 2021-2025
    week_ago = (date.today() - timedelta(days=7)).isoformat()
    assert result.exit_code == 0 and result.stderr == f"no matches since {week_ago}\n"


def test_cli_errors_are_one_line(sample_store, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nname = "typo"\ntpye = "AssetSale"\n', encoding="utf-8")
    for args, message in [
        (["--rules", str(bad)], f"Error: {bad}: rule 'typo': unknown field 'tpye'"),
        (["--since", "2024-02-30"], "Error: since: '2024-02-30' is not a date (YYYY-MM-DD)"),
        (["--store", str(tmp_path / "none")], f"Error: no store at {tmp_path / 'none'}"),
    ]:
        result = CliRunner().invoke(cli, ["watch", "--rules", str(RULES), "--store", str(sample_store.path), *args])
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr
        assert result.stdout == ""


# --------------------------------------------------------------------------------------------------
# the explorer's Alerts
# --------------------------------------------------------------------------------------------------
def test_explorer_alerts(monkeypatch, sample_store):
    monkeypatch.setenv("MINEKG_STORE", str(sample_store.path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception and not at.error
    assert at.toggle(key="alerts").value is False and len(at.dataframe) == 1  # off: only the moves table

    at.toggle(key="alerts").set_value(True).run()
    assert not at.exception and not at.error
    # the newest sample article is from 2025-11-13: the default is 90 days before, 2025-08-15
    assert at.date_input(key="alerts_since").value == date(2025, 8, 15)
    (table,) = [frame.value for frame in at.dataframe if "rule" in frame.value.columns]
    assert list(table["name"]) == ["Bitfarms", "IREN"]  # Galaxy's 2025-08-15 pivot: not MARA's peer
    assert set(table["rule"]) == {PIVOTS}

    at.date_input(key="alerts_since").set_value(date(2024, 6, 1)).run()
    assert not at.exception and not at.error
    (table,) = [frame.value for frame in at.dataframe if "rule" in frame.value.columns]
    assert len(table) == EXPECTED_SINCE
    assert "company" not in table.columns and "sentence" in table.columns
