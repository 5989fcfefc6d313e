"""minekg explorer, Compare: two to five companies side by side.

One column per company: ticker, category and number of moves (``companies``), the first dated
asserted AI/HPC pivot (``trend-joiners``), the number of peers per basis (``peer-group``), and the
moves per type split into asserted, planned and speculative (``planned-vs-done``, filtered here to
the chosen companies). Then one metric (a select box, hashrate by default) over time for the chosen
companies (``metric-series``, one query per company, so each series is whole) and every company
ranked by it at a date (``metric-ranking``). Every read is a named query with bound parameters;
nothing here runs NLP or builds SPARQL. Names come from untrusted article text, so store values are
shown only in tables and charts, never as Markdown or HTML.
"""

from datetime import date

import pandas as pd
import streamlit as st

from graph import named
from graph.store import Store
from minekg.errors import MinekgError
from minekg.explorer import companies_or_stop, metric_chart, store_or_stop
from nlp.types import METRICS

st.set_page_config(page_title="minekg: compare", layout="wide")

DEFAULT_TICKERS = ("MARA", "RIOT", "CLSK")  # MARA, Riot Platforms and CleanSpark
FEWEST, MOST = 2, 5
MODALITIES = ("asserted", "planned", "speculative")
BASES = ("registry category", "named in an article", "similar moves")  # the peer-group bases
PIVOT_TREND = "AIHPCPivot"
DEFAULT_METRIC = "Hashrate"
RANKING_COLUMNS = ["name", "compared", "period", "value", "unit", "published", "title", "article"]


def main() -> None:
    st.title("Compare")
    store = store_or_stop()
    companies = companies_or_stop(store)
    companies.index = companies["label"]
    if len(companies) < FEWEST:
        st.warning("The store holds moves of fewer than two companies. Run `minekg ingest data/articles`.")
        return
    tickers = list(companies["ticker"])
    defaults = [companies.index[tickers.index(ticker)] for ticker in DEFAULT_TICKERS if ticker in tickers]
    chosen = st.multiselect(f"Companies ({FEWEST} to {MOST})", list(companies.index), default=defaults, key="companies")
    if not FEWEST <= len(chosen) <= MOST:
        st.info(f"Choose from {FEWEST} to {MOST} companies to compare.")
        return
    picked = companies.loc[chosen]
    summary(store, picked)
    moves_by_type(store, picked)
    metric_over_time(store, picked)


def summary(store: Store, picked: pd.DataFrame) -> None:
    """Ticker, category, moves, first AI/HPC pivot and peers per basis: one column per company, as text."""
    st.subheader("At a glance")
    joiners = named.run(store, "trend-joiners", trend=PIVOT_TREND, modality="asserted")
    first = dict(zip(joiners["company"], joiners["first"], strict=True))
    rows: dict[str, list[str]] = {}
    for name, row in picked.iterrows():
        pivot = first.get(row["company"], "none")  # a company in the trend without a dated move: undated
        peers = named.run(store, "peer-group", company=row["company"])
        per_basis = peers.groupby("basis")["peer"].nunique()
        rows[name] = [
            row["ticker"] if isinstance(row["ticker"], str) else "",
            row["category"] if isinstance(row["category"], str) else "",
            str(row["moves"]),
            pivot if isinstance(pivot, str) and pivot else "undated",
            *(str(per_basis.get(basis, 0)) for basis in BASES),
        ]
    fields = ["ticker", "category", "moves", "first AI/HPC pivot (asserted)", *(f"peers: {basis}" for basis in BASES)]
    st.dataframe(pd.DataFrame({"field": fields, **rows}), hide_index=True, width="stretch", key="summary")


def moves_by_type(store: Store, picked: pd.DataFrame) -> None:
    """Moves per type and modality, one column per company, and a chart of moves per type per company."""
    st.subheader("Moves per type")
    tallies = named.run(store, "planned-vs-done")
    tallies = tallies[tallies["company"].isin(picked["company"])]
    names = dict(zip(picked["company"], picked.index, strict=True))
    long = tallies.assign(company=tallies["company"].map(names)).melt(
        id_vars=["company", "type"], value_vars=list(MODALITIES), var_name="modality", value_name="moves"
    )
    long["moves"] = long["moves"].astype(int)
    if long.empty or long["moves"].sum() == 0:
        st.info("No moves for these companies.")
        return
    table = long.pivot_table(index=["type", "modality"], columns="company", values="moves", aggfunc="sum", fill_value=0)
    table = table.reindex(columns=list(picked.index), fill_value=0)
    table = table[table.sum(axis=1) > 0].reset_index().rename_axis(columns=None)
    table["modality"] = pd.Categorical(table["modality"], categories=MODALITIES, ordered=True)
    table = table.sort_values(["type", "modality"]).astype({"modality": str})
    st.caption("A move reported by two articles counts twice; types a company never made count 0.")
    st.dataframe(table, hide_index=True, width="stretch", key="moves_by_type")
    totals = long.pivot_table(index="type", columns="company", values="moves", aggfunc="sum", fill_value=0)
    st.bar_chart(
        totals.reindex(columns=list(picked.index), fill_value=0), x_label="move type", y_label="moves", stack=False
    )


def metric_over_time(store: Store, picked: pd.DataFrame) -> None:
    """One metric of the chosen companies over time, and every company ranked by it at a date."""
    st.subheader("Metrics over time")
    names = list(METRICS)
    metric = st.selectbox("Metric", names, index=names.index(DEFAULT_METRIC), key="metric")
    unit = METRICS[metric]
    frames = [
        named.run(store, "metric-series", company=company, metric=metric).assign(company=label)
        for label, company in zip(picked.index, picked["company"], strict=True)
    ]
    series = pd.concat(frames, ignore_index=True)
    series = series.assign(
        value=pd.to_numeric(series["value"], errors="coerce").astype(float),
        end=pd.to_datetime(series["end"], errors="coerce"),
    )
    if series.empty:
        st.info(f"No {metric} figures extracted for these companies yet.")
    else:
        st.caption(
            f"{metric} in {unit} at the last day of each period, one colour per company: actual figures solid, "
            "guidance dashed; each point is one article's figure."
        )
        points = series[["end", "value", "company", "status", "period", "published", "title"]]
        st.altair_chart(metric_chart(points, f"{metric} ({unit})", color="company"), key="metric_chart")
    # the ranking reads every figure of the metric in the store: asked for, not on every visit
    if not st.toggle(f"Rank every company by {metric} at a date", value=False, key="ranking"):
        return
    actual = series.loc[series["status"] == "actual", "end"].dropna()
    default = actual.max().date() if len(actual) else date.today()
    when = st.date_input("Ranking at", value=default, key="ranking_date")
    ranking = named.run(store, "metric-ranking", metric=metric, date=when.isoformat())
    if ranking.empty:
        st.info(f"No company has an actual {metric} figure for a period ending on or before {when.isoformat()}.")
        return
    st.caption(
        f"Every company's latest actual {metric} figure for a period ending on or before {when.isoformat()}, "
        "highest first; where two articles give that period, both rows."
    )
    ranking = ranking.assign(
        compared=ranking["company"].isin(picked["company"]),
        value=pd.to_numeric(ranking["value"], errors="coerce").astype(float),
    )
    st.dataframe(ranking[RANKING_COLUMNS], hide_index=True, width="stretch", key="ranking_table")


try:
    main()
except MinekgError as exc:
    st.error(str(exc))
