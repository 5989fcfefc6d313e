"""minekg explorer, Trends: who joined a trend and when, who followed whom, moves per quarter.

Every read is a named query with bound parameters (``trend-joiners``, ``trend-followers``,
``moves-by-quarter``); nothing here runs NLP or builds SPARQL. Values from the store (names,
articles) are shown only in tables and charts, never as Markdown or HTML.
"""

import pandas as pd
import streamlit as st

from graph import named
from graph.derived import first_day
from graph.store import Store
from minekg.errors import MinekgError
from minekg.explorer import store_or_stop
from nlp.types import MODALITIES

st.set_page_config(page_title="minekg: trends", layout="wide")

LABELS = {
    "AIHPCPivot": "AI / HPC pivot",
    "TreasurySales": "Bitcoin treasury sales",
    "Consolidation": "Consolidation (mergers and acquisitions)",
    "BitcoinHalving": "Bitcoin halving",
}
# The follow-suit links that make up a trend: (move type, sectors). Only the AI/HPC pivot is mapped.
FOLLOWS = {"AIHPCPivot": ("StrategicPivot", ("AI", "HPC"))}
JOINER_COLUMNS = ["name", "ticker", "category", "first", "moves", "article"]
UNDATED_COLUMNS = [column for column in JOINER_COLUMNS if column != "first"]
FOLLOWER_COLUMNS = ["sector", "leaderName", "leaderDate", "followerName", "followerDate", "lag"]


def label(trend: str) -> str:
    return LABELS.get(trend, trend)


def main() -> None:
    st.title("Trends")
    store = store_or_stop()
    trends = list(named.TRENDS)
    trend = st.selectbox(
        "Trend",
        trends,
        index=trends.index("AIHPCPivot") if "AIHPCPivot" in trends else 0,
        format_func=label,
        key="trend",
    )
    modality = st.radio("Modality", MODALITIES, index=MODALITIES.index("asserted"), horizontal=True, key="modality")
    adoption(store, trend, modality)
    followers(store, trend)
    quarters(store, modality)


def adoption(store: Store, trend: str, modality: str) -> None:
    """The companies that joined the trend: dated ones in a table and a cumulative chart, undated apart."""
    st.subheader("Adoption")
    joiners = named.run(store, "trend-joiners", trend=trend, modality=modality)
    if joiners.empty:
        st.info(f"No company has {modality} moves in the trend {label(trend)}.")
        return
    days = joiners["first"].map(lambda value: first_day(value) if isinstance(value, str) else None)
    dated, undated = joiners[days.notna()], joiners[days.isna()]
    st.caption(
        f"{len(joiners)} compan{'y' if len(joiners) == 1 else 'ies'}: {len(dated)} with a dated first move, "
        f"{len(undated)} undated. A date given only as a month or year counts from its first day in the chart."
    )
    if not dated.empty:
        st.dataframe(dated[JOINER_COLUMNS], hide_index=True, width="stretch", key="joiners")
        joined = pd.Series(1, index=pd.to_datetime(days[days.notna()].tolist()), name="companies").sort_index()
        cumulative = joined.groupby(level=0).sum().cumsum().rename_axis("date").to_frame()
        st.line_chart(cumulative, y="companies", y_label="companies joined")
    if not undated.empty:
        st.text("Undated: the first move's date is unknown, so these are not in the chart.")
        st.dataframe(undated[UNDATED_COLUMNS], hide_index=True, width="stretch", key="undated")


def followers(store: Store, trend: str) -> None:
    """The derived graph's follow-suit links for the trend's move type and sectors."""
    st.subheader("Who followed whom")
    if trend not in FOLLOWS:
        st.info(
            f"Follow-suit links are shown for the {label('AIHPCPivot')} only (StrategicPivot into AI or HPC); "
            f"{label(trend)} is not mapped to a move type and sector."
        )
        return
    kind, sectors = FOLLOWS[trend]
    links = pd.concat([named.run(store, "trend-followers", type=kind, sector=sector) for sector in sectors])
    st.caption(
        f"{kind} into {' or '.join(sectors)}: a company whose first such move came 1 to 180 days after "
        "another's first one. Asserted and planned moves count, whatever the modality above; an undated move counts "
        "from its article's month."
    )
    if links.empty:
        st.info("No company followed another one here.")
        return
    links["sector"] = links["sector"].str.rsplit("/", n=1).str[-1]
    links = links.sort_values(["leaderDate", "lag", "followerName"], kind="stable")
    st.dataframe(links[FOLLOWER_COLUMNS], hide_index=True, width="stretch", key="followers")


def quarters(store: Store, modality: str) -> None:
    """Moves per type per quarter, stacked (a move dated only by its year counts under the year)."""
    st.subheader("Moves per type per quarter")
    tallies = named.run(store, "moves-by-quarter", modality=modality)
    if tallies.empty:
        st.info(f"No dated {modality} moves.")
        return
    table = tallies.pivot_table(index="quarter", columns="type", values="moves", aggfunc="sum", fill_value=0)
    st.caption("All move types, not just the trend's. A move dated only by its year counts under the year (2024).")
    st.bar_chart(table.sort_index(), x_label="quarter", y_label="moves", stack=True)


try:
    main()
except MinekgError as exc:
    st.error(str(exc))
