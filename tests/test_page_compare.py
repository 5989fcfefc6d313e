"""The explorer's Compare page (pages/4_Compare.py), run in-process with AppTest on the real sample store.

The expected values were read off the sample store (``minekg ingest data/articles
../shared/seed/mara-ai-pivot.txt``) with ``minekg query``: ``--name companies`` gives Riot Platforms
16 moves and MARA and CleanSpark 8 each; ``--name planned-vs-done`` gives MARA 2 asserted and 1
planned AssetPurchase; ``--name trend-joiners`` (AIHPCPivot, asserted) lists MARA without a date
(the seed's pivot is undated), Core Scientific first on 2024-06-03, and neither Riot (its two pivots
are speculative) nor CleanSpark; ``--name peer-group`` gives each of these miners 16 other miners in
the registry, and MARA two peers named in an article (CleanSpark, Riot Platforms).
"""

from __future__ import annotations

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
    assert summary[RIOT]["moves"] == "16" and summary[MARA]["moves"] == "8"  # companies
    assert summary[MARA]["peers: named in an article"] == "2"  # peer-group: CleanSpark, Riot Platforms
    assert summary[MARA]["peers: registry category"] == "16"
    assert summary[RIOT][PIVOT] == "none" and summary[CLSK][PIVOT] == "none"  # no asserted AI/HPC pivot


def test_bar_chart_counts_moves_per_type_per_company(page):
    (chart,) = page.get("vega_lite_chart")
    data = convert_arrow_bytes_to_pandas_df(chart.proto.datasets[0].data.data)
    counts = data.columns[2]  # Streamlit names the melted value column itself
    per_company = data.groupby(data.columns[1])[counts].sum().to_dict()
    assert per_company == {MARA: 8, RIOT: 16, CLSK: 8}  # planned-vs-done tallies, as many as the moves


def test_moves_per_type_split_by_modality(page):
    moves = _table(page, ["type", "modality"])
    assert list(moves.columns) == ["type", "modality", MARA, RIOT, CLSK]
    purchase = moves[moves["type"] == "AssetPurchase"].set_index("modality")
    assert purchase.loc["asserted", MARA] == 2 and purchase.loc["planned", MARA] == 1  # planned-vs-done
    assert purchase.loc["asserted", RIOT] == 3
    assert moves[RIOT].sum() == 16  # Riot's tallies add up to its moves


def test_core_scientific_pivot_is_dated_and_mara_is_undated(page):
    _choose(page, [MARA, CORZ])
    summary = _summary(page)
    assert summary[CORZ][PIVOT] == "2024-06-03" and summary[MARA][PIVOT] == "undated"  # trend-joiners
    assert summary[CORZ]["ticker"] == "CORZ" and summary[CORZ]["moves"] == "12"


@pytest.mark.parametrize("count", [1, 6])
def test_one_or_six_companies_give_one_info_line(page, count):
    options = page.multiselect(key="companies").options
    _choose(page, options[:count])
    assert len(page.info) == 1 and "2 to 5" in page.info[0].value
    assert len(page.dataframe) == 0
