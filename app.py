"""minekg explorer: pick a company, see its neighbourhood and its moves with their sources, and alerts.

Run with ``minekg explore`` (or ``streamlit run app.py``); the store is the
one in ``MINEKG_STORE`` (default ``.minekg/store``). Every read is a named
query or the watch rules' query, with bound parameters; nothing here runs
NLP or builds SPARQL.
"""

from datetime import date, timedelta

import streamlit as st

from graph import named, watch
from graph.network import neighbourhood_graph
from graph.store import Store
from minekg.errors import MinekgError
from minekg.explorer import companies_or_stop, store_or_stop
from minekg.views import STYLE, network_html

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

    st.subheader("Neighbourhood")
    st.caption("  ·  ".join(f"{kind}: {shape} ({colour})" for kind, (colour, shape) in STYLE.items()))
    edges = named.run(store, "neighbourhood", company=company)
    graph = neighbourhood_graph(edges, hide_speculative=hide_speculative)
    st.iframe(network_html(graph, height="560px"), height=580)

    st.subheader("Moves and their sources")
    moves = named.run(store, "company-moves", company=company)
    if hide_speculative:
        moves = moves[moves["modality"] != "speculative"]
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
