"""The explorer's Compare page (pages/4_Compare.py), run in-process with AppTest on the real sample store.

The expected values were read off the sample store (``minekg ingest data/articles
../shared/seed/mara-ai-pivot.txt``) with ``minekg query``: ``--name companies`` gives Riot Platforms
15 moves (the "About Riot" paragraph under its heading is boilerplate) and MARA and CleanSpark 8 each; ``--name planned-vs-done`` gives MARA 2 asserted and 1
planned AssetPurchase; ``--name trend-joiners`` (AIHPCPivot, asserted) lists MARA without a date
(the seed's pivot is undated), Core Scientific first on 2024-06-03, and neither Riot (its two pivots
are speculative) nor CleanSpark; ``--name peer-group`` gives each of these miners 16 other miners in
the registry, and MARA two peers named in an article (CleanSpark, Riot Platforms).

The metric chart and ranking are checked on the hand-made metrics store of tests/conftest.py, whose
figures are listed there.
"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from tests.apptest import run_page as _run
from tests.conftest import ROOT

PAGE = ROOT / "pages" / "4_Compare.py"
MARA, RIOT, CLSK, CORZ = "MARA Holdings (MARA)", "Riot Platforms (RIOT)", "CleanSpark (CLSK)", "Core Scientific (CORZ)"
PIVOT = "first AI/HPC pivot (asserted)"


def _table(at: AppTest, first: list[str]) -> pd.DataFrame:
    """The one table on the page whose columns start with ``first`` (the rest are the companies)."""
    tables = [frame.value for frame in at.dataframe if list(frame.value.columns[: len(first)]) == first]
    assert len(tables) == 1, [list(frame.value.columns) for frame in at.dataframe]
    return tables[0]


def _summary(at: AppTest) -> dict[str, dict[str, str]]:
    """The at-a-glance table as {company: {field: value}}."""
    return _table(at, ["field"]).set_index("field").to_dict()


def _choose(at: AppTest, labels: list[str]) -> AppTest:
    at.multiselect(key="companies").set_value(labels)
    return _run(at)


@pytest.fixture
def store_env(monkeypatch, sample_store):
    monkeypatch.setenv("MINEKG_STORE", str(sample_store.path))


@pytest.fixture
def page(store_env) -> AppTest:
    return _run(AppTest.from_file(str(PAGE), default_timeout=60))


def test_default_three_companies_side_by_side(page):
    assert page.multiselect(key="companies").value == [MARA, RIOT, CLSK]
    summary = _summary(page)
    assert list(summary) == [MARA, RIOT, CLSK]
    assert [summary[name]["ticker"] for name in summary] == ["MARA", "RIOT", "CLSK"]
    assert {summary[name]["category"] for name in summary} == {"miner"}
    assert summary[RIOT]["moves"] == "15" and summary[MARA]["moves"] == "8"  # companies
    assert summary[MARA]["peers: named in an article"] == "2"  # peer-group: CleanSpark, Riot Platforms
    assert summary[MARA]["peers: registry category"] == "16"
    assert summary[RIOT][PIVOT] == "none" and summary[CLSK][PIVOT] == "none"  # no asserted AI/HPC pivot


def test_bar_chart_counts_moves_per_type_per_company(page):
    # the moves chart; the metrics chart below it has a title
    (chart,) = [chart for chart in page.get("vega_lite_chart") if "title" not in json.loads(chart.proto.spec)]
    data = convert_arrow_bytes_to_pandas_df(chart.proto.datasets[0].data.data)
    counts = data.columns[2]  # Streamlit names the melted value column itself
    per_company = data.groupby(data.columns[1])[counts].sum().to_dict()
    assert per_company == {MARA: 8, RIOT: 15, CLSK: 7}  # planned-vs-done tallies, as many as the moves


def test_moves_per_type_split_by_modality(page):
    moves = _table(page, ["type", "modality"])
    assert list(moves.columns) == ["type", "modality", MARA, RIOT, CLSK]
    purchase = moves[moves["type"] == "AssetPurchase"].set_index("modality")
    assert purchase.loc["asserted", MARA] == 2 and purchase.loc["planned", MARA] == 1  # planned-vs-done
    assert purchase.loc["asserted", RIOT] == 2  # Whinstone, "the operator of" a facility, is a company bought
    assert moves[RIOT].sum() == 15  # Riot's tallies add up to its moves


def test_core_scientific_pivot_is_dated_and_mara_is_undated(page):
    _choose(page, [MARA, CORZ])
    summary = _summary(page)
    assert summary[CORZ][PIVOT] == "2024-06-03" and summary[MARA][PIVOT] == "undated"  # trend-joiners
    # "would remove more than $10 billion of future lease payments" is a figure, not a lease
    assert summary[CORZ]["ticker"] == "CORZ" and summary[CORZ]["moves"] == "10"


@pytest.mark.parametrize("count", [1, 6])
def test_one_or_six_companies_give_one_info_line(page, count):
    options = page.multiselect(key="companies").options
    _choose(page, options[:count])
    assert len(page.info) == 1 and "2 to 5" in page.info[0].value
    assert len(page.dataframe) == 0


# --- metrics over time, on the hand-made metrics store ----------------------------------------------


@pytest.fixture
def metrics_page(monkeypatch, metrics_store) -> AppTest:
    monkeypatch.setenv("MINEKG_STORE", str(metrics_store.path))
    return _run(AppTest.from_file(str(PAGE), default_timeout=60))


def _metric_chart(at: AppTest) -> tuple[str, list[tuple]]:
    """The metric chart's title and its points: (company, period end, value, status), in order."""
    (chart,) = [chart for chart in at.get("vega_lite_chart") if "title" in json.loads(chart.proto.spec)]
    data = convert_arrow_bytes_to_pandas_df(chart.proto.datasets[0].data.data)
    points = [(c, end.date().isoformat(), v, s) for c, end, v, s in data[["company", "end", "value", "status"]].values]
    return json.loads(chart.proto.spec)["title"], sorted(points)


def _ranking(at: AppTest) -> list[tuple]:
    table = _table(at, ["name", "compared"])
    return list(zip(table["name"], table["compared"], table["period"], table["value"], strict=True))


def test_hashrate_over_time_for_the_compared_companies(metrics_page):
    assert metrics_page.multiselect(key="companies").value == [MARA, RIOT, CLSK]
    assert metrics_page.selectbox(key="metric").value == "Hashrate"
    title, points = _metric_chart(metrics_page)
    assert title == "Hashrate (EH/s)"
    assert points == [  # CleanSpark has no figures; Core Scientific's is not compared
        (MARA, "2024-06-30", 31.5, "actual"),
        (MARA, "2024-09-30", 36.9, "actual"),
        (MARA, "2024-09-30", 37.0, "actual"),
        (MARA, "2024-12-31", 50.0, "guidance"),
        (MARA, "2024-12-31", 53.2, "actual"),
        (MARA, "2025-12-31", 75.0, "guidance"),
        (RIOT, "2024-06-30", 22.0, "actual"),
        (RIOT, "2024-09-30", 28.0, "actual"),
        (RIOT, "2024-12-31", 31.5, "actual"),
    ]


def test_ranking_at_the_latest_period_end_then_at_a_chosen_date(metrics_page):
    assert not metrics_page.date_input  # the ranking is asked for
    metrics_page.toggle(key="ranking").set_value(True)
    _run(metrics_page)
    # the default date is the compared companies' latest actual period end, 2024-12-31; every company is ranked
    assert metrics_page.date_input(key="ranking_date").value == date(2024, 12, 31)
    assert _ranking(metrics_page) == [
        ("MARA Holdings", True, "2024-12-31", 53.2),
        ("Riot Platforms", True, "2024-12-31", 31.5),
        ("Core Scientific", False, "2024-09-30", 19.1),
    ]
    metrics_page.date_input(key="ranking_date").set_value(date(2024, 9, 30))
    _run(metrics_page)
    assert _ranking(metrics_page) == [  # MARA's latest period has two sources: both rows
        ("MARA Holdings", True, "2024-09-30", 37.0),
        ("MARA Holdings", True, "2024-09-30", 36.9),
        ("Riot Platforms", True, "2024-09-30", 28.0),
        ("Core Scientific", False, "2024-09-30", 19.1),
    ]


def test_another_metric_and_one_nobody_reports(metrics_page):
    _choose(metrics_page, [MARA, CORZ])
    metrics_page.selectbox(key="metric").set_value("Revenue")
    _run(metrics_page)
    title, points = _metric_chart(metrics_page)
    assert title == "Revenue (USD)"
    assert points == [
        (CORZ, "2024-09-30", 95.4e6, "actual"),
        (CORZ, "2024-12-31", 94.9e6, "actual"),
        (CORZ, "2025-12-31", 600e6, "guidance"),
        (MARA, "2024-06-30", 145.1e6, "actual"),
        (MARA, "2024-09-30", 131.6e6, "actual"),
    ]
    metrics_page.selectbox(key="metric").set_value("GPUsDeployed")
    _run(metrics_page)
    assert "No GPUsDeployed figures extracted for these companies yet." in [i.value for i in metrics_page.info]
    assert not [chart for chart in metrics_page.get("vega_lite_chart") if "title" in json.loads(chart.proto.spec)]


def test_hashrate_chart_across_companies_on_the_sample_data(page):
    # the companies of the sample articles that report a hashrate (see "metric-history: sample" in
    # tests/test_named_queries.py for where each figure comes from)
    labels = {label.split(" (")[0]: label for label in page.multiselect(key="companies").options}
    _choose(page, [labels["CleanSpark"], labels["IREN"], labels["Riot Platforms"]])
    title, points = _metric_chart(page)
    assert title == "Hashrate (EH/s)"
    assert points == [
        (labels["CleanSpark"], "2025-06-24", 50.0, "actual"),
        (labels["IREN"], "2025-06-30", 50.0, "actual"),
        (labels["Riot Platforms"], "2024-06-30", 38.0, "guidance"),
    ]
