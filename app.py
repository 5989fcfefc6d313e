"""minekg explorer: pick a company, see its neighbourhood and its moves with their sources, and alerts.

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
from minekg.views import SERVER_LAYOUT_ABOVE, STYLE, network_html
from nlp.types import MOVE_TYPES

st.set_page_config(page_title="minekg explorer", layout="wide")


def main() -> None:
    st.title("minekg: mining-industry strategy")
    store = store_or_stop()
    companies = companies_or_stop(store)
    labels = list(companies["label"])
    default = next((i for i, row in enumerate(companies.itertuples()) if row.ticker == "MARA"), 0)
    choice = st.selectbox("Company", range(len(labels)), index=default, format_func=labels.__getitem__, key="company")
    hide_speculative = st.checkbox("Hide speculation", value=False, key="hide_speculative")
    company = companies.loc[choice, "company"]

    view = controls()

    st.subheader("Neighbourhood")
    st.caption("  ·  ".join(f"{kind}: {shape} ({colour})" for kind, (colour, shape) in STYLE.items()))
    graph, cut = expand(store, company, depth=view.depth, cap=view.cap, hide_speculative=hide_speculative)
    if cut:
        st.warning(f"Showing the first {graph.number_of_nodes()} nodes; raise the cap or lower the depth.")
    moves = named.run(store, "company-moves", company=company)
    details = move_details(store, graph, company, moves)
    graph, unknown = filter_moves(graph, details, keep={company}, **view.filters)
    note = "Type, date and confidence filters use each move's details (query company-moves)"
    if view.filters["start"] is not None:
        note += "; undated moves are hidden while the date filter is on"
    if unknown:
        note += f"; {unknown} move(s) without details are shown unfiltered"
    st.caption(note + ".")
    positions = layout(graph) if graph.number_of_nodes() > SERVER_LAYOUT_ABOVE else None
    st.iframe(network_html(graph, height="560px", positions=positions), height=580)
    node_details(graph, details, company)

    st.subheader("Moves and their sources")
    if hide_speculative:
        moves = moves[moves["modality"] != "speculative"]
    moves = moves[moves_passing(moves, **view.filters)]
    columns = [
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
    st.dataframe(moves[columns], hide_index=True, width="stretch", key="moves")
    alerts(store)


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


def move_details(store: Store, graph: nx.DiGraph, company: str, moves: pd.DataFrame) -> pd.DataFrame:
    """company-moves rows for every company acting in a move of ``graph`` (``moves``: the chosen one's)."""
    actors = {
        source
        for source, target, label in graph.edges(data="label")
        if label == "actor of" and graph.nodes[target].get("kind") == "Move" and source != company
    }
    frames = [moves] + [named.run(store, "company-moves", company=actor) for actor in sorted(actors)]
    return pd.concat([frame for frame in frames if not frame.empty] or [moves], ignore_index=True)


def node_details(graph: nx.DiGraph, details: pd.DataFrame, company: str) -> None:
    """A node of the view, chosen in a select box, with what is known about it as a table."""
    nodes = list(graph)
    if not nodes:
        st.info("No nodes to show: the filters left nothing.")
        return
    with st.expander("Node details", expanded=True):
        index = nodes.index(company) if company in nodes else 0
        node = st.selectbox(
            "Node",
            nodes,
            index=index,
            format_func=lambda n: f"{graph.nodes[n].get('label', n)} ({graph.nodes[n].get('kind', '')})",
            key="node",
        )
        if node not in graph:  # a stale choice from another view
            node = nodes[index]
        data = graph.nodes[node]
        rows = [("kind", data.get("kind")), ("label", data.get("label")), ("id", node)]
        if data.get("detail"):
            rows.append(("detail", data["detail"]))
        if data.get("kind") == "Move" and not details.empty:
            found = details[details["move"] == node]
            if not found.empty:
                move = found.iloc[0]
                rows += [(field, move[field]) for field in ("type", "date", "modality", "confidence", "counterparty")]
                rows += [
                    ("sentence", move["sentence"]),
                    ("source", move["title"] if isinstance(move["title"], str) else move["article"]),
                ]
        rows.append(("edges in / out", f"{graph.in_degree(node)} / {graph.out_degree(node)}"))
        table = pd.DataFrame(
            [
                (field, "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))
                for field, value in rows
            ],
            columns=["field", "value"],
        )
        # st.table, not st.dataframe: the page keeps one data grid, the moves table
        st.table(table.set_index("field"))


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
