"""The explorer's Company page (pages/1_Company.py), run in-process with AppTest on the real sample store.

The expected rows were read off the sample store with ``minekg query --name company-moves`` and
``--name consolidated-moves``: the seed's undated $1.5 billion bitcoin sale by MARA, Core
Scientific's June 2022 sale reported by two articles with three figures (the extraction takes
$23,000 and $132 million from the announcement, the roundup gives $167 million), and Riot's two
speculative AI pivots.
"""

from __future__ import annotations

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
    assert [text.value for text in page.text] == ["USD"]  # MARA's dated figures are all in USD
    assert sorted(figures[0]["amount"]) == [1e8, 1e8, 1.99e8, 6e8, 1e9]


def test_peers_table_gives_basis_and_evidence(page):
    group = _table(page, "peers")
    named = set(group.loc[group["basis"] == "named in an article", "name"])
    assert named == {"CleanSpark", "Riot Platforms"}
    assert "both miners in the registry" in set(group["evidence"])


def test_core_scientific_june_2022_sale_shows_differing_figures_side_by_side(page):
    _choose(page, "Core Scientific (CORZ)")
    assert page.query_params == {"company": "core-scientific"}
    assert _identity(page)["ticker"] == "CORZ"
    reports = _table(page, "consolidated")
    sale = reports[(reports["type"] == "AssetSale") & (reports["month"] == "2022-06")]
    assert set(sale["sources"]) == {2}
    assert sorted(sale["amount"]) == [23000, 132000000, 167000000]
    assert set(sale["unit"]) == {"USD"} and sale["article"].nunique() == 2


def test_query_parameter_opens_iren(store_env):
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.query_params["company"] = "iren"
    _run(at)
    box = at.selectbox(key="company")
    assert box.options[box.value] == "IREN (IREN)"
    assert _identity(at)["name"] == "IREN"
    assert list(_table(at, "former_names")["formerName"]) == ["Iris Energy"]
    assert [text.value for text in at.text] == ["USD", "EH/s"]


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
