"""The explorer's Company page (pages/1_Company.py), run in-process with AppTest on the real sample store
(and, for the Metrics section, on the hand-made metrics store of tests/conftest.py, whose figures are
listed there).

The expected rows were read off the sample store with ``minekg query --name company-moves`` and
``--name consolidated-moves``: the seed's undated $1.5 billion bitcoin sale by MARA, Core
Scientific's June 2022 sale reported by two articles with three figures (the extraction takes
$23,000 and $132 million from the announcement, the roundup gives $167 million), and Riot's two
speculative AI pivots.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from tests.apptest import run_page as _run
from tests.conftest import ROOT

PAGE = ROOT / "pages" / "1_Company.py"
SEED_ARTICLE = "https://w3id.org/minekg/id/article/mara-ai-pivot"


TABLES = {  # AppTest's dataframes carry no key: each table is known by its columns
    "identity": ["field", "value"],
    "former_names": ["formerName", "from", "until"],
    "peers": ["name", "basis", "evidence", "article"],
    "consolidated": ["month", "type", "modality", "sources", "amount", "unit", "published", "article", "sentence"],
    "sources": ["date", "type", "modality", "amount", "unit", "sentence", "title", "published", "article"],
    "latest_metrics": ["metric", "period", "value", "unit", "published", "title", "sentence", "article"],
    "ai_share": ["share", "period", "ratio", "part", "whole", "unit", "partArticle", "wholeArticle"],
}


def _table(at: AppTest, name: str) -> pd.DataFrame:
    """The one table on the page with the columns of ``name``."""
    tables = [frame.value for frame in at.dataframe if list(frame.value.columns) == TABLES[name]]
    assert len(tables) == 1, [list(frame.value.columns) for frame in at.dataframe]
    return tables[0]


def _identity(at: AppTest) -> dict[str, str]:
    table = _table(at, "identity")
    return dict(zip(table["field"], table["value"], strict=True))


def _charts(at: AppTest) -> list[pd.DataFrame]:
    """The data behind the page's charts, in page order: the timeline (quarter, type, count), then one per unit."""
    return [convert_arrow_bytes_to_pandas_df(chart.proto.datasets[0].data.data) for chart in at.get("vega_lite_chart")]


def _choose(at: AppTest, label: str) -> AppTest:
    box = at.selectbox(key="company")
    box.select_index(box.options.index(label))
    return _run(at)


@pytest.fixture
def store_env(monkeypatch, sample_store):
    monkeypatch.setenv("MINEKG_STORE", str(sample_store.path))


@pytest.fixture
def page(store_env) -> AppTest:
    return _run(AppTest.from_file(str(PAGE), default_timeout=60))


def test_mara_is_the_default_with_identity_and_former_names(page):
    box = page.selectbox(key="company")
    assert box.options[box.value] == "MARA Holdings (MARA)"
    assert page.query_params == {"company": "mara"}
    identity = _identity(page)
    assert identity["name"] == "MARA Holdings" and identity["ticker"] == "MARA" and identity["category"] == "miner"
    assert identity["SEC CIK"] == "1507605" and identity["exchange"] == "NASDAQ" and "Wikidata" not in identity
    former = _table(page, "former_names")
    assert list(zip(former["formerName"], former["from"], former["until"], strict=True)) == [
        ("Marathon Patent Group", "2012", "2021-03-01"),
        ("Marathon Digital Holdings", "2021-03-01", "2024-08-29"),
    ]


def test_sources_table_holds_the_seed_asset_sale(page):
    moves = _table(page, "sources")
    sale = moves[(moves["type"] == "AssetSale") & (moves["article"] == SEED_ARTICLE)]
    assert len(sale) == 1
    assert sale["amount"].iloc[0] == 1.5e9 and sale["unit"].iloc[0] == "USD"
    assert "divested $1.5 billion" in sale["sentence"].iloc[0]


def test_timeline_and_figures_charts(page):
    timeline, *figures = _charts(page)
    counts = timeline.columns[2]  # Streamlit names the melted value column itself
    per_quarter = timeline.groupby("quarter")[counts].sum().to_dict()
    # the seed's two moves are undated; the planned 2026 purchase counts under its year
    assert per_quarter == {"2024-Q3": 3, "2024-Q4": 2, "2026": 1}
    # MARA's dated figures: the 6,474 BTC bought in November 2024, the rest in USD
    assert [text.value for text in page.text] == ["BTC", "USD"]
    amounts = [sorted(figure["amount"]) for figure in figures if "amount" in figure]  # then the metrics chart
    assert amounts == [[6474], [1e8, 1.99e8, 1e9]]  # the HODL policy has no amount: a policy has none of its own


def test_peers_table_gives_basis_and_evidence(page):
    group = _table(page, "peers")
    named = set(group.loc[group["basis"] == "named in an article", "name"])
    assert named == {"CleanSpark", "Riot Platforms"}
    assert "both miners in the registry" in set(group["evidence"])


def test_core_scientific_june_2022_sale_shows_both_reports_side_by_side(page):
    _choose(page, "Core Scientific (CORZ)")
    assert page.query_params == {"company": "core-scientific"}
    assert _identity(page)["ticker"] == "CORZ"
    reports = _table(page, "consolidated")
    sale = reports[(reports["type"] == "AssetSale") & (reports["month"] == "2022-06")]
    assert set(sale["sources"]) == {2}
    assert sorted(sale["amount"]) == [7202, 7202]  # the announcement and the July roundup agree
    assert set(sale["unit"]) == {"BTC"} and sale["article"].nunique() == 2


def test_query_parameter_opens_iren(store_env):
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.query_params["company"] = "iren"
    _run(at)
    box = at.selectbox(key="company")
    assert box.options[box.value] == "IREN (IREN)"
    assert _identity(at)["name"] == "IREN"
    assert list(_table(at, "former_names")["formerName"]) == ["Iris Energy"]
    # "reached 50 EH/s in June 2025" is a Hashrate observation, not a move: no EH/s among the move amounts;
    # "The company will also build ... about 200 MW" is IREN's (Dell, named before it, is not in the registry)
    assert [text.value for text in at.text] == ["USD", "MW"]


def test_unknown_query_parameter_warns_and_opens_mara(store_env):
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.query_params["company"] = "<img src=x>"
    _run(at)
    assert len(at.warning) == 1 and "<img" not in at.warning[0].value
    assert _identity(at)["ticker"] == "MARA"


def test_hide_speculation_removes_speculative_rows(page):
    _choose(page, "Riot Platforms (RIOT)")
    moves = _table(page, "sources")
    assert (moves["modality"] == "speculative").sum() == 2
    quarters = set(_charts(page)[0]["quarter"])
    assert "2025-Q4" in quarters  # the dated speculative pivot

    page.checkbox(key="hide_speculative").check()
    _run(page)
    hidden = _table(page, "sources")
    assert "speculative" not in set(hidden["modality"]) and len(hidden) == len(moves) - 2
    assert "speculative" not in set(_table(page, "consolidated")["modality"])
    assert "2025-Q4" not in set(_charts(page)[0]["quarter"])


# --- the Metrics section, on the hand-made metrics store --------------------------------------------


def _titled_charts(at: AppTest) -> dict[str, tuple[dict, pd.DataFrame]]:
    """The page's Altair charts by title: their Vega-Lite spec and their data. The metrics chart is one
    small chart per metric (a facet): each is listed under its own title, with its part of the data."""
    charts = {}
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        if "title" not in spec:
            continue
        data = convert_arrow_bytes_to_pandas_df(chart.proto.datasets[0].data.data)
        if "facet" in spec:
            for title, part in data.groupby("chart"):
                charts[title] = (spec["spec"], part)
        else:
            charts[spec["title"]] = (spec, data)
    return charts


def _points(data: pd.DataFrame, *columns: str) -> list[tuple]:
    """Chart rows as (end as ISO date, *columns), in period order."""
    rows = [(end.date().isoformat(), *rest) for end, *rest in data[["end", *columns]].itertuples(index=False)]
    return sorted(rows, key=lambda row: (row[0], str(row[1:])))


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


@pytest.fixture
def metrics_page(monkeypatch, metrics_store) -> AppTest:
    monkeypatch.setenv("MINEKG_STORE", str(metrics_store.path))
    return _run(AppTest.from_file(str(PAGE), default_timeout=60))


def test_latest_metrics_table_holds_each_latest_actual_figure_with_its_source(metrics_page):
    latest = _table(metrics_page, "latest_metrics")
    rows = {
        (m, p, v, u, _local(a)) for m, p, v, u, a in latest[["metric", "period", "value", "unit", "article"]].values
    }
    # MARA's bitcoin held at 2024-09-30 from two articles that disagree; its hashrate at 2024-12-31 (the guidance
    # for 2025-12-31 is not an actual figure); its revenue in 2024-Q3 (2024-Q2 is older).
    assert rows == {
        ("Bitcoin held", "2024-09-30", 26747.0, "BTC", "metrics-a"),
        ("Bitcoin held", "2024-09-30", 26842.0, "BTC", "metrics-b"),
        ("Hashrate", "2024-12-31", 53.2, "EH/s", "metrics-e"),
        ("Revenue", "2024-Q3", 131.6e6, "USD", "metrics-a"),
    }
    hashrate = latest[latest["metric"] == "Hashrate"].iloc[0]
    assert hashrate["sentence"] == "MARA Holdings reports Hashrate 53.2 for 2024-12-31."
    assert hashrate["title"] == "Year-end figures" and hashrate["published"] == "2025-02-27"


def test_a_chart_per_metric_over_period_ends_with_actual_and_guidance_apart(metrics_page):
    charts = _titled_charts(metrics_page)
    assert set(charts) == {"BitcoinHeld (BTC)", "Hashrate (EH/s)", "Revenue (USD)"}  # no AI/HPC share for MARA
    spec, data = charts["Hashrate (EH/s)"]
    assert _points(data, "value", "status") == [
        ("2024-06-30", 31.5, "actual"),
        ("2024-09-30", 36.9, "actual"),  # two articles for one period: two points
        ("2024-09-30", 37.0, "actual"),
        ("2024-12-31", 50.0, "guidance"),
        ("2024-12-31", 53.2, "actual"),
        ("2025-12-31", 75.0, "guidance"),
    ]
    line, dots = spec["layer"]
    assert line["encoding"]["x"] == {"field": "end", "title": "period end", "type": "temporal"}
    assert line["encoding"]["strokeDash"]["field"] == "status" and dots["encoding"]["shape"]["field"] == "status"
    revenue = charts["Revenue (USD)"][1]
    assert _points(revenue, "period", "value") == [
        ("2024-06-30", "2024-Q2", 145.1e6),
        ("2024-09-30", "2024-Q3", 131.6e6),
    ]


def test_core_scientific_ai_hpc_share_per_period(metrics_page):
    _choose(metrics_page, "Core Scientific (CORZ)")
    charts = _titled_charts(metrics_page)
    assert set(charts) == {
        "Hashrate (EH/s)",
        "ContractedAICapacity (MW)",
        "Revenue (USD)",
        "AIHPCRevenue (USD)",
        "PowerCapacity (MW)",
        "AI/HPC share",
    }
    # 9.54 / 95.4 million in 2024-Q3, 18.98 / 94.9 million in 2024-Q4, 520 of 1,300 MW at 2024-12-31
    share = charts["AI/HPC share"][1]
    assert _points(share, "share", "ratio") == [
        ("2024-09-30", "revenue", 0.1),
        ("2024-12-31", "capacity", 0.4),
        ("2024-12-31", "revenue", 0.2),
    ]
    table = _table(metrics_page, "ai_share")
    assert sorted(zip(table["period"], table["ratio"], table["part"], table["whole"], strict=True)) == [
        ("2024-12-31", 0.4, 520.0, 1300.0),
        ("2024-Q3", 0.1, 9.54e6, 95.4e6),
        ("2024-Q4", 0.2, 18.98e6, 94.9e6),
    ]
    guidance = _points(charts["AIHPCRevenue (USD)"][1], "value", "status")
    assert ("2025-12-31", 300e6, "guidance") in guidance  # charted, but no share: guidance is left out


def test_a_company_without_metrics_says_so_in_one_line(metrics_page):
    _choose(metrics_page, "CleanSpark (CLSK)")
    assert "No metrics extracted for `CleanSpark` yet." in [info.value for info in metrics_page.info]
    assert not _titled_charts(metrics_page)
    assert not [frame for frame in metrics_page.dataframe if list(frame.value.columns) == TABLES["latest_metrics"]]
