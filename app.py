"""minekg explorer: search a company, person or trend, see its neighbourhood and its moves with their sources.

Run with ``minekg explore`` (or ``streamlit run app.py``); the store is the
one in ``MINEKG_STORE`` (default ``.minekg/store``). Every read is a named
query or the watch rules' query, with bound parameters; nothing here runs
NLP or builds SPARQL.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import networkx as nx
import pandas as pd
import streamlit as st

from graph import named, watch
from graph.network import expand, filter_moves, layout, moves_passing
from graph.store import Store
from minekg.errors import MinekgError
from minekg.explorer import companies_or_stop, store_or_stop
from minekg.views import SERVER_LAYOUT_ABOVE, STYLE, distinct, network_html
from nlp.types import MOVE_TYPES

st.set_page_config(page_title="minekg explorer", layout="wide")


def main() -> None:
    st.title("minekg: mining-industry strategy")
    store = store_or_stop()
    focus = search(store)
    hide_speculative = st.checkbox("Hide speculation", value=False, key="hide_speculative")
    view = controls()

    st.subheader("Neighbourhood")
    st.caption("  ·  ".join(f"{kind}: {shape} ({colour})" for kind, (colour, shape) in STYLE.items()))
    graph, cut = expand(store, focus.centre, depth=view.depth, cap=view.cap, hide_speculative=hide_speculative)
    if cut:
        st.warning(f"Showing the first {graph.number_of_nodes()} nodes; raise the cap or lower the depth.")
    graph = filter_moves(graph, keep={focus.centre}, **view.filters)
    if view.filters["start"] is not None:
        st.caption("Undated moves are hidden while the date filter is on.")
    positions = layout(graph) if graph.number_of_nodes() > SERVER_LAYOUT_ABOVE else None
    st.iframe(network_html(graph, height="560px", positions=positions), height=580)
    node_details(store, graph, focus)

    if focus.trend is None:
        st.subheader("Moves and their sources")
        moves = named.run(store, "company-moves", company=focus.centre)
        if hide_speculative:
            moves = moves[moves["modality"] != "speculative"]
        moves = moves[moves_passing(moves, **view.filters)]
        st.dataframe(moves[MOVE_COLUMNS], hide_index=True, width="stretch", key="moves")
    else:
        st.subheader("Companies in this trend")
        st.caption("Each company's first dated asserted move in the trend, its article and its number of such moves.")
        joiners = named.run(store, "trend-joiners", trend=focus.trend, modality="asserted")
        st.dataframe(joiners[JOINER_COLUMNS], hide_index=True, width="stretch", key="moves")
    alerts(store)


MOVE_COLUMNS = [
    "date",
    "type",
    "modality",
    "counterparty",
    "role",
    "asset",
    "amount",
    "unit",
    "sector",
    "sentence",
    "title",
    "published",
]
JOINER_COLUMNS = ["name", "ticker", "first", "moves", "article"]
# How each kind of search term is shown, and the order kinds are offered in.
SEARCH_KINDS = {
    "company": "{term}",
    "former name": "{term}: former name of {companyName}",
    "other name": "{term}: also names {companyName}",
    "person": "{term}: person at {companyName}",
    "trend": "{term}: trend",
}


def _search_label(row: dict) -> str:
    if isinstance(row["ticker"], str):
        return f"{row['term']} ({row['ticker']})"
    return SEARCH_KINDS[row["kind"]].format(**row)


@dataclass(frozen=True)
class Focus:
    """What the search chose: the node the view is centred on, and the node to detail first."""

    centre: str  # a company's IRI, or a trend's
    detail: str  # the person searched for, else the centre
    trend: str | None = None  # the trend's name (e.g. AIHPCPivot) when the centre is a trend


def search(store: Store) -> Focus:
    """One search box over companies (shown with their tickers), former and other names, people and trends
    (named query ``search-terms``); typing narrows the suggestions. Companies come first, most moves first."""
    companies = companies_or_stop(store)
    terms = named.run(store, "search-terms")
    rank = {company: i for i, company in enumerate(companies["company"])}
    kinds = list(SEARCH_KINDS)
    terms = terms.assign(
        kind_rank=terms["kind"].map(kinds.index),
        company_rank=terms["company"].map(rank).fillna(len(rank)),
    ).sort_values(["kind_rank", "company_rank", "term"], kind="stable", ignore_index=True)
    labels = distinct([_search_label(row._asdict()) for row in terms.itertuples()])
    mara = set(companies.loc[companies["ticker"] == "MARA", "company"])
    default = next((i for i, row in enumerate(terms.itertuples()) if row.kind == "company" and row.node in mara), 0)
    choice = st.selectbox(
        "Search",
        range(len(labels)),
        index=default,
        format_func=labels.__getitem__,
        key="search",
        on_change=lambda: st.session_state.pop("node", None),  # detail the new focus, not the last node
        help="A company, ticker, former name, person or trend: type to narrow the suggestions.",
    )
    row = terms.iloc[choice]
    if row["kind"] == "trend":
        return Focus(centre=row["node"], detail=row["node"], trend=row["node"].rsplit("/", 1)[-1])
    return Focus(centre=row["company"], detail=row["node"])


@dataclass(frozen=True)
class View:
    depth: int
    cap: int
    filters: dict  # keyword arguments of graph.network.moves_passing


def controls() -> View:
    """The sidebar: how far to expand the neighbourhood, and which moves to show."""
    with st.sidebar:
        st.header("Graph")
        depth = st.slider("Depth (hops from the company)", min_value=1, max_value=3, value=1, key="depth")
        cap = st.number_input("Expansion cap (nodes)", min_value=1, max_value=5000, value=300, step=50, key="cap")
        st.header("Moves")
        types = st.multiselect("Move types", MOVE_TYPES, default=list(MOVE_TYPES), key="move_types")
        start = end = None
        if st.toggle("Filter by move date", value=False, key="date_filter"):
            picked = st.date_input("Move dates", value=(date(2009, 1, 3), date.today()), key="date_range")
            if isinstance(picked, (tuple, list)) and len(picked) == 2:
                start, end = picked
            else:
                st.caption("Pick both ends of the range to filter by date.")
        confidence = st.slider(
            "Minimum confidence", min_value=0.0, max_value=1.0, value=0.0, step=0.05, key="confidence"
        )
    return View(
        depth=int(depth),
        cap=int(cap),
        filters={
            "types": None if set(types) == set(MOVE_TYPES) else set(types),
            "start": start,
            "end": end,
            "min_confidence": float(confidence),
        },
    )


def node_details(store: Store, graph: nx.DiGraph, focus: Focus) -> None:
    """A node of the view, chosen in a select box, with what is known about it; a move with its sources."""
    nodes = list(graph)
    if not nodes:
        st.info("No nodes to show: the filters left nothing.")
        return
    with st.expander("Node details", expanded=True):
        first = focus.detail if focus.detail in graph else focus.centre
        index = nodes.index(first) if first in nodes else 0
        labels = dict(zip(nodes, distinct([_node_label(graph.nodes[n]) for n in nodes]), strict=True))
        node = st.selectbox("Node", nodes, index=index, format_func=labels.__getitem__, key="node")
        if node not in graph:  # a stale choice from another view
            node = nodes[index]
        data = graph.nodes[node]
        detail = {"Move": "sentence", "Person": "job title"}.get(data.get("kind"), "detail")
        fields = ("kind", "label", "type", "date", "modality", "confidence")
        rows = [(field, data.get(field)) for field in fields] + [("id", node), (detail, data.get("detail"))]
        rows.append(("edges in / out", f"{graph.in_degree(node)} / {graph.out_degree(node)}"))
        table = pd.DataFrame(
            [(field, str(value)) for field, value in rows if value is not None and not _missing(value)],
            columns=["field", "value"],
        )
        # st.table, not st.dataframe: the page keeps one data grid, the moves table
        st.table(table.set_index("field"))
        if data.get("kind") == "Move":
            st.caption("Where this move comes from (named query move-sources):")
            sources = named.run(store, "move-sources", move=node)
            st.table(sources[["source", "title", "published", "url", "sentence"]].fillna(""))


def _node_label(data: dict) -> str:
    """``Riot Platforms: AssetSale, 2024-03 (Move)``: label, a move's date, kind."""
    when = f", {data['date']}" if data.get("date") else ""
    return f"{data.get('label')}{when} ({data.get('kind')})"


def _missing(value) -> bool:
    return isinstance(value, float) and pd.isna(value)


def alerts(store: Store) -> None:
    """Moves matching the watch rules (data/watch-rules.toml) since a date, when asked for."""
    with st.expander("Alerts: moves matching the watch rules"):
        if not st.toggle("Check data/watch-rules.toml", value=False, key="alerts"):
            return
        if not watch.DEFAULT_RULES.is_file():
            st.info(f"No watch rules at {watch.DEFAULT_RULES}.")
            return
        newest = watch.newest_published(store)
        latest = date.fromisoformat(newest) if newest else date.today()
        since = st.date_input("Published on or after", value=latest - timedelta(days=90), key="alerts_since")
        if not isinstance(since, date):  # the field was cleared
            return
        found = watch.matches(store, watch.load_rules(watch.DEFAULT_RULES), since.isoformat())
        st.caption(f"{len(found)} match(es); the date defaults to 90 days before the newest article.")
        columns = [column for column in watch.COLUMNS if column not in ("company", "article", "move")]
        st.dataframe(found[columns], hide_index=True, width="stretch", key="alerts_table")


try:
    main()
except MinekgError as exc:
    st.error(str(exc))
