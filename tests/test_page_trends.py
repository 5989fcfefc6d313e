"""The explorer's Trends page (pages/2_Trends.py), run in-process with AppTest on the real sample store.

The expected rows were read off the sample store with ``minekg query --name trend-joiners`` and
``--name trend-followers``: Core Scientific's AI hosting deal (2024-06-03) leads, Hut 8 follows
21 days and IREN 177 days later; MARA's pivot comes from the undated seed article.
"""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from tests.apptest import run_page as _run
from tests.conftest import ROOT

PAGE = ROOT / "pages" / "2_Trends.py"
JOINERS = ["name", "ticker", "category", "first", "moves", "article"]
UNDATED = ["name", "ticker", "category", "moves", "article"]
FOLLOWERS = ["sector", "leaderName", "leaderDate", "followerName", "followerDate", "lag"]


def _table(at: AppTest, columns: list[str]) -> pd.DataFrame:
    """The one table on the page with exactly these columns."""
    tables = [frame.value for frame in at.dataframe if list(frame.value.columns) == columns]
    assert len(tables) == 1, [list(frame.value.columns) for frame in at.dataframe]
    return tables[0]


def _charts(at: AppTest) -> list[pd.DataFrame]:
    """The data behind the page's charts (st.line_chart, st.bar_chart), in page order."""
    return [convert_arrow_bytes_to_pandas_df(chart.proto.datasets[0].data.data) for chart in at.get("vega_lite_chart")]


@pytest.fixture
def page(monkeypatch, sample_store) -> AppTest:
    monkeypatch.setenv("MINEKG_STORE", str(sample_store.path))
    return _run(AppTest.from_file(str(PAGE), default_timeout=60))


def test_page_opens_on_the_ai_pivot_with_dated_and_undated_joiners(page):
    assert page.selectbox(key="trend").value == "AIHPCPivot"
    assert page.radio(key="modality").value == "asserted"
    joiners = _table(page, JOINERS)
    assert list(zip(joiners["name"], joiners["first"])) == [
        ("Core Scientific", "2024-06-03"),
        ("Hut 8", "2024-06-24"),
        ("IREN", "2024-11-27"),
        ("TeraWulf", "2025-08-14"),
        ("Galaxy Digital", "2025-08-15"),
    ]
    assert list(_table(page, UNDATED)["name"]) == ["MARA Holdings"]  # listed apart, not dropped
    adoption = _charts(page)[0]
    assert list(adoption["companies"]) == [1, 2, 3, 4, 5]
    assert [str(day.date()) for day in adoption["date"]] == list(joiners["first"])


def test_followers_table_shows_who_followed_core_scientific(page):
    links = _table(page, FOLLOWERS)
    rows = set(zip(links["leaderName"], links["followerName"], links["lag"].astype(int)))
    assert {("Core Scientific", "Hut 8", 21), ("Core Scientific", "IREN", 177)} <= rows
    assert list(links["leaderDate"]) == sorted(links["leaderDate"])
    assert set(links["sector"]) <= {"AI", "HPC"}


def test_moves_by_quarter_chart_is_stacked_by_type(page):
    quarters = _charts(page)[1]
    assert "2024-Q2" in set(quarters["quarter"])
    assert "StrategicPivot" in set(quarters.iloc[:, 1])  # the colour column: one series per move type


def test_speculative_modality_shows_riot_and_cleanspark(page):
    page.radio(key="modality").set_value("speculative")
    _run(page)
    names = set(_table(page, JOINERS)["name"]) | set(_table(page, UNDATED)["name"])
    assert {"Riot Platforms", "CleanSpark"} <= names
    assert "Core Scientific" not in names


def test_other_trend_says_follows_are_for_the_ai_pivot_only(page):
    page.selectbox(key="trend").set_value("TreasurySales")
    _run(page)
    joiners = _table(page, JOINERS)
    assert "Core Scientific" in set(joiners["name"])
    assert not [frame for frame in page.dataframe if list(frame.value.columns) == FOLLOWERS]
    assert any("AI / HPC pivot only" in info.value for info in page.info)
    # a month-only first date counts from the month's first day in the adoption chart
    assert str(_charts(page)[0]["date"].min().date()) == "2022-06-01"


def test_unreadable_store_shows_the_store_error(monkeypatch, tmp_path):
    (tmp_path / "not-a-store").mkdir()
    monkeypatch.setenv("MINEKG_STORE", str(tmp_path / "not-a-store"))
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1 and "cannot open the store" in at.error[0].value
