"""minekg explorer, Company: one company's identity, moves over time, figures, metrics, peers and sources.

Open it on a company with ``?company=ID`` (a registry id such as ``mara``, or a ticker); the page
keeps the URL in step with the select box, so other pages can link here. Every read is a named
query with bound parameters (``companies``, ``former-names``, ``company-moves``, ``latest-metrics``,
``metric-series``, ``ai-share``, ``peer-group``, ``consolidated-moves``); nothing here runs NLP or
builds SPARQL. Names, titles and sentences come from untrusted article text, so they are shown only
in tables and charts, never as Markdown or HTML (a name in a message line is set in a code span).
"""

import altair as alt
import pandas as pd
import streamlit as st

from graph import named
from graph.derived import first_day
from graph.store import Store
from minekg.errors import MinekgError
from minekg.explorer import companies_or_stop, inert, metric_chart, store_or_stop
from nlp.types import METRICS

st.set_page_config(page_title="minekg: company", layout="wide")

DEFAULT_TICKER = "MARA"
ALL_MOVES = "100000"  # the `limit` of company-moves: every move of one company
FIGURE_UNITS = ("BTC", "USD", "MW", "EH/s")  # the units charted over time; every figure stays in the tables
SOURCE_COLUMNS = ["date", "type", "modality", "amount", "unit", "sentence", "title", "published", "article"]
CONSOLIDATED_COLUMNS = ["month", "type", "modality", "sources", "amount", "unit", "published", "article", "sentence"]
PEER_COLUMNS = ["name", "basis", "evidence", "article"]
FORMER_COLUMNS = ["formerName", "from", "until"]
LATEST_COLUMNS = ["metric", "period", "value", "unit", "published", "title", "sentence", "article"]
SHARE_COLUMNS = ["share", "period", "ratio", "part", "whole", "unit", "partArticle", "wholeArticle"]


def registry_id(iri: str) -> str:
    """``…/id/company/mara`` -> ``mara``."""
    return iri.rsplit("/", 1)[-1]


def quarter(value: object) -> str | None:
    """The quarter of a (partial) date, ``2024-Q3``; a year alone stays the year; None if undated."""
    if not isinstance(value, str) or first_day(value) is None:
        return None
    if len(value) == 4:
        return value
    return f"{value[:4]}-Q{(int(value[5:7]) - 1) // 3 + 1}"


def numeric(frame: pd.DataFrame) -> pd.DataFrame:
    """Amounts (Decimal or None from the store) as floats, so tables and charts can hold them."""
    return frame.assign(amount=pd.to_numeric(frame["amount"], errors="coerce").astype(float))


def main() -> None:
    st.title("Company")
    store = store_or_stop()
    companies = companies_or_stop(store)
    choice = pick_company(companies)
    row = companies.loc[choice]
    hide_speculative = st.checkbox("Hide speculation", value=False, key="hide_speculative")

    identity(store, row)
    moves = numeric(named.run(store, "company-moves", company=row["company"], limit=ALL_MOVES))
    if hide_speculative:
        moves = moves[moves["modality"] != "speculative"]
    timeline(moves)
    figures(moves)
    metrics(store, row)
    peers(store, row["company"])
    consolidated(store, row["company"], hide_speculative)
    sources(moves)


def pick_company(companies: pd.DataFrame) -> int:
    """The select box, opened on ``?company=`` (registry id or ticker, any case), else MARA; it sets the URL."""
    ids = [registry_id(iri) for iri in companies["company"]]
    tickers = [ticker.lower() if isinstance(ticker, str) else None for ticker in companies["ticker"]]
    default = tickers.index(DEFAULT_TICKER.lower()) if DEFAULT_TICKER.lower() in tickers else 0
    wanted = st.query_params.get("company")
    if wanted:
        wanted = wanted.strip().lower()
        if wanted in ids:
            default = ids.index(wanted)
        elif wanted in tickers:
            default = tickers.index(wanted)
        else:  # the value is not echoed: it is text from the URL
            st.warning("The company in the URL has no moves in the store (or is unknown); showing the default.")
    labels = list(companies["label"])
    choice = st.selectbox("Company", range(len(labels)), index=default, format_func=labels.__getitem__, key="company")
    if st.query_params.get("company") != ids[choice]:
        st.query_params["company"] = ids[choice]
    return choice


def identity(store: Store, row: pd.Series) -> None:
    """Name, ticker, identifiers and headquarters from the registry, and the names the company carried before."""
    st.subheader("Identity")
    registry = named.run(store, "company", company=row["company"])
    known = registry.iloc[0] if len(registry) else pd.Series(dtype=object)
    fields = {
        "name": row["name"],
        "ticker": row["ticker"],
        "exchange": known.get("exchange"),
        "category": row["category"],
        "SEC CIK": known.get("cik"),
        "Wikidata": known.get("wikidata"),
        "headquarters": known.get("hq"),
        "registry id": registry_id(row["company"]),
        "moves": row["moves"],
    }
    table = pd.DataFrame(
        [(field, str(value)) for field, value in fields.items() if isinstance(value, str) or pd.notna(value)],
        columns=["field", "value"],
    )
    st.dataframe(table, hide_index=True, key="identity")
    former = named.run(store, "former-names", name="")  # every former name; this company's are kept
    former = former[former["company"] == row["company"]]
    if former.empty:
        st.caption("No former names in the registry.")
    else:
        st.caption("Former names, with the dates the company carried them:")
        st.dataframe(former[FORMER_COLUMNS], hide_index=True, key="former_names")


def timeline(moves: pd.DataFrame) -> None:
    """Moves per quarter and type, stacked; a year-only date counts under the year, undated moves apart."""
    st.subheader("Moves over time")
    quarters = moves["date"].map(quarter)
    dated = moves.assign(quarter=quarters)[quarters.notna()]
    undated = len(moves) - len(dated)
    if dated.empty:
        st.info(f"No dated moves ({undated} undated).")
        return
    table = dated.pivot_table(index="quarter", columns="type", values="move", aggfunc="count", fill_value=0)
    st.caption(f"{len(dated)} dated moves; a move dated only by its year counts under the year. {undated} undated.")
    st.bar_chart(table.sort_index(), x_label="quarter", y_label="moves", stack=True)


def figures(moves: pd.DataFrame) -> None:
    """Extracted amounts over time, one small chart per unit present (a partial date at its first day)."""
    st.subheader("Figures over time")
    day = moves["date"].map(lambda value: first_day(value) if isinstance(value, str) else None)
    points = moves.assign(day=pd.to_datetime(day))[day.notna() & moves["amount"].notna()]
    points = points[points["unit"].isin(FIGURE_UNITS)]
    if points.empty:
        st.info(f"No dated figures in {', '.join(FIGURE_UNITS)}.")
        return
    st.caption("Each point is one reported figure; a date given as a month or year is drawn at its first day.")
    units = [unit for unit in FIGURE_UNITS if unit in set(points["unit"])]
    for column, unit in zip(st.columns(len(units)), units, strict=True):
        with column:
            st.text(unit)
            chart = points[points["unit"] == unit][["day", "amount", "type"]]
            st.scatter_chart(chart, x="day", y="amount", color="type", x_label="date", y_label=unit, height=240)


def local_name(iri: str) -> str:
    """``…/taxonomy/metric/Hashrate`` -> ``Hashrate``."""
    return iri.rsplit("/", 1)[-1]


def metric_series(store: Store, company: str) -> pd.DataFrame:
    """Every observation of the company (``company-metrics``): values as floats, ends as dates."""
    series = named.run(store, "company-metrics", company=company)
    return series.assign(
        metric=series["metric"].map(local_name),
        value=pd.to_numeric(series["value"], errors="coerce").astype(float),
        end=pd.to_datetime(series["end"], errors="coerce"),
    )


def metrics(store: Store, row: pd.Series) -> None:
    """The latest actual figure of each metric with its source, a chart per metric over time, the AI/HPC share."""
    st.subheader("Metrics")
    series = metric_series(store, row["company"])
    if series.empty:
        st.info(f"No metrics extracted for {inert(row['name'])} yet.")
        return
    latest = named.run(store, "latest-metrics", company=row["company"])
    if latest.empty:
        st.caption("No actual figures yet, only guidance (charted below).")
    else:
        st.caption(
            "The latest actual figure of each metric, with the article reporting it; where two articles give "
            "that period, both rows. Guidance is charted below, not listed here."
        )
        latest = latest.assign(
            metric=latest["label"].fillna(latest["metric"].map(local_name)),
            value=pd.to_numeric(latest["value"], errors="coerce").astype(float),
        )
        st.dataframe(latest[LATEST_COLUMNS], hide_index=True, width="stretch", key="latest_metrics")
    st.caption(
        "Each metric over time, at the last day of each period: actual figures solid, guidance dashed; "
        "each point is one article's figure."
    )
    units = series["metric"].map(METRICS)
    points = series.assign(chart=series["metric"] + " (" + units + ")")
    points = points[["chart", "end", "value", "status", "period", "published", "title"]]
    st.altair_chart(metric_chart(points, "Metrics over time", facet="chart"), key="metric_charts")
    ai_share(store, row["company"])


def ai_share(store: Store, company: str) -> None:
    """AI/HPC revenue over revenue and contracted AI capacity over power capacity, per period where both are known."""
    shares = named.run(store, "ai-share", company=company)
    if shares.empty:
        st.caption(
            "AI/HPC share: not known. It needs AI/HPC revenue and revenue, or contracted AI capacity and power "
            "capacity, both actual, for one period."
        )
        return
    shares = shares.assign(
        **{
            column: pd.to_numeric(shares[column], errors="coerce").astype(float)
            for column in ("ratio", "part", "whole")
        },
        end=pd.to_datetime(shares["end"], errors="coerce"),
    )
    st.caption(
        "AI/HPC share per period: of revenue (AIHPCRevenue / Revenue) and of power (ContractedAICapacity / "
        "PowerCapacity), where both are known for the period; each pair of sources is one point."
    )
    chart = (
        alt.Chart(shares[["end", "ratio", "share", "period"]])
        .mark_line(point=True)
        .encode(
            x=alt.X("end:T", title="period end"),
            y=alt.Y("ratio:Q", title="share", axis=alt.Axis(format="%")),
            color=alt.Color("share:N", title="share of"),
            tooltip=["period", alt.Tooltip("ratio:Q", format=".1%"), "share"],
        )
        .properties(title="AI/HPC share", height=240)
    )
    st.altair_chart(chart, key="ai_share")
    st.dataframe(shares[SHARE_COLUMNS], hide_index=True, width="stretch", key="ai_share_table")


def peers(store: Store, company: str) -> None:
    st.subheader("Peers")
    group = named.run(store, "peer-group", company=company)
    if group.empty:
        st.info("No peers: no registry category, article or similar move mix links it to another company.")
        return
    st.dataframe(group[PEER_COLUMNS], hide_index=True, width="stretch", key="peers")


def consolidated(store: Store, company: str, hide_speculative: bool) -> None:
    """One row per report of each consolidated move, so figures that differ stand side by side."""
    st.subheader("Moves across their sources")
    reports = numeric(named.run(store, "consolidated-moves", company=company, limit=ALL_MOVES))
    if hide_speculative:
        reports = reports[reports["modality"] != "speculative"]
    if reports.empty:
        st.info("No consolidated moves.")
        return
    st.caption(
        "Reports of one move (same type, asset, sector and modality in one month) from several articles; "
        "sources counts near-duplicate copies too. Speculation is never consolidated."
    )
    st.dataframe(reports[CONSOLIDATED_COLUMNS], hide_index=True, width="stretch", key="consolidated")


def sources(moves: pd.DataFrame) -> None:
    st.subheader("Moves and their sources")
    st.caption("Every move with its evidence sentence and source article (article text is shown as text).")
    st.dataframe(moves[SOURCE_COLUMNS], hide_index=True, width="stretch", key="sources")


try:
    main()
except MinekgError as exc:
    st.error(str(exc))
