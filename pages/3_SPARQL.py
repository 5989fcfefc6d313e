"""SPARQL workbench: run a named query with its parameters, or any read-only query, under the endpoint's rules.

Queries run in a :class:`graph.endpoint.Workers` process pool, exactly as ``minekg serve`` runs them:
checked first (``SERVICE``, ``LOAD``, updates and foreign ``FROM`` graphs are refused before anything
runs), stopped after a timeout by killing the worker, and capped at a number of rows. The pool is
shared by the sessions (``st.cache_resource``) and closed when the cache is cleared.

Settings come from the environment: ``MINEKG_STORE`` (default ``.minekg/store``),
``MINEKG_EXPLORE_TIMEOUT`` (seconds, default 30) and ``MINEKG_EXPLORE_MAX_ROWS`` (default 10,000).
A named query's parameters are bound as RDF terms, never formatted into the text; once the text is
edited, it runs as written, without them.
"""

from __future__ import annotations

import asyncio
import json
import os

import pandas as pd
import pyoxigraph as ox
import streamlit as st
from rdflib.plugins.sparql.parser import parseUpdate

from graph import named
from graph.endpoint import MINEKG_NS, Reply, Settings, Workers, _run_query
from graph.export import spreadsheet_cell
from graph.store import plain_value, to_oxigraph
from minekg.errors import MinekgError
from minekg.explorer import store_or_stop
from nlp.types import METRICS, MODALITIES, MOVE_TYPES, SECTORS

CUSTOM = ""  # the select box's "own query" entry
STARTER = """SELECT ?company ?name ?ticker
WHERE {
  ?company a mkg:Company ;
           schema:name ?name .
  OPTIONAL { ?company mkg:ticker ?ticker }
}
ORDER BY ?name
LIMIT 100
"""
CHOICES = {
    "sector": SECTORS,
    "modality": MODALITIES,
    "movetype": MOVE_TYPES,
    "trend": named.TRENDS,
    "metric": tuple(METRICS),
}
# SELECT and ASK come back as SPARQL JSON results, CONSTRUCT and DESCRIBE as N-Triples.
TRIPLES = "application/n-triples"
ACCEPT = f"application/sparql-results+json, {TRIPLES}"
RESULT = "sparql_result"  # session state: the last run's result (or error)


def _setting(name: str, default: str, kind: type, what: str):
    value = os.environ.get(name, default)
    try:
        return kind(value)
    except ValueError:
        raise MinekgError(f"{name}={value!r} is not {what}") from None


def settings(store_path: str) -> Settings:
    """The endpoint's settings for this page, checked by :class:`Settings` (positive timeout and cap)."""
    timeout = _setting("MINEKG_EXPLORE_TIMEOUT", "30", float, "a number of seconds")
    max_rows = _setting("MINEKG_EXPLORE_MAX_ROWS", "10000", int, "a whole number of rows")
    return Settings(store_path=store_path, timeout=timeout, max_rows=max_rows)


@st.cache_resource(show_spinner="Starting the query workers...", on_release=lambda workers: workers.close())
def query_workers(store_path: str, timeout: float, max_rows: int) -> Workers:
    return Workers(Settings(store_path=store_path, timeout=timeout, max_rows=max_rows))


def is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:  # pyparsing's ParseException and the like: not an update
        return False
    return True


def run(workers: Workers, text: str, substitutions: dict | None) -> dict:
    """Run one query in the pool; a dict with the table and the cap, or with one error line.

    The worker checks the text (``check_query``) before it executes anything, as the endpoint does.
    """
    max_rows = workers.settings.max_rows
    reply: Reply = asyncio.run(workers.run(_run_query, text, ACCEPT, max_rows, substitutions))
    if reply.status != 200:
        message = reply.body.decode("utf-8", "replace").strip()
        if reply.status == 400 and message.startswith("invalid SPARQL") and is_update(text):
            message = "updates are not allowed: this page is read-only"
        return {"error": message}
    triples = reply.media_type == TRIPLES
    frame = to_frame(reply.body, triples)
    csv_cells = frame.map(lambda value: spreadsheet_cell(value) if isinstance(value, str) else value)
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return {
        "triples": triples,
        "frame": frame,
        "capped": reply.capped,
        "csv": csv_cells.to_csv(index=False).encode("utf-8"),
        "json": json.dumps(records, ensure_ascii=False, indent=1, default=str).encode("utf-8"),
    }


def to_frame(body: bytes, triples: bool) -> pd.DataFrame:
    """A reply body as a DataFrame of plain values (numbers as numbers, IRIs and dates as text)."""
    if triples:
        parsed = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        rows = [[plain_value(q.subject), plain_value(q.predicate), plain_value(q.object)] for q in parsed]
        return pd.DataFrame(rows, columns=["subject", "predicate", "object"])
    result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(result, ox.QueryBoolean):
        return pd.DataFrame({"answer": [bool(result)]})
    columns = [variable.value for variable in result.variables]
    return pd.DataFrame([[plain_value(value) for value in solution] for solution in result], columns=columns)


def choose_query() -> named.NamedQuery | None:
    """The select box of named queries; choosing one puts its text in the editor."""
    queries = {query.name: query for query in named.available()}

    def fill() -> None:
        chosen = queries.get(st.session_state["named"])
        st.session_state["sparql"] = chosen.text if chosen else STARTER
        st.session_state.pop(RESULT, None)

    name = st.selectbox(
        "Named query",
        [CUSTOM, *queries],
        format_func=lambda key: f"{key}: {queries[key].title}" if key else "(your own query)",
        key="named",
        on_change=fill,
    )
    if "sparql" not in st.session_state:
        fill()
    return queries.get(name)


def parameter_values(query: named.NamedQuery) -> dict[str, str]:
    """An input per parameter, holding its default; empty inputs are left out."""
    values = {}
    columns = st.columns(max(len(query.params), 1))
    for column, param in zip(columns, query.params, strict=False):
        key = f"param_{query.name}_{param.name}"
        label = f"{param.name} ({param.type})"
        if param.type in CHOICES:
            options = list(CHOICES[param.type])
            index = options.index(param.default) if param.default in options else None
            value = column.selectbox(label, options, index=index, key=key)
        else:
            value = column.text_input(label, value=param.default or "", key=key)
        if value:
            values[param.name] = value
    return values


def show(result: dict) -> None:
    if "error" in result:
        st.error(result["error"])
        return
    frame, capped = result["frame"], result["capped"]
    st.dataframe(frame, hide_index=True, width="stretch", key="sparql_table")
    noun = "triple" if result["triples"] else "row"
    caption = f"{len(frame):,} {noun}(s)"
    if capped is not None:
        caption += f"; capped at {capped:,} rows: the query has more, narrow it or add a LIMIT"
    st.caption(caption)
    left, right = st.columns(2)
    left.download_button("Download CSV", result["csv"], "query.csv", "text/csv", key="csv", on_click="ignore")
    right.download_button(
        "Download JSON", result["json"], "query.json", "application/json", key="json", on_click="ignore"
    )


def main() -> None:
    st.set_page_config(page_title="minekg: SPARQL", layout="wide")
    st.title("SPARQL workbench")
    store_or_stop()
    path = os.environ.get("MINEKG_STORE", ".minekg/store")
    rules = settings(path)
    st.caption(
        f"Read-only: updates, SERVICE and LOAD are refused before anything runs, and FROM may only name "
        f"graphs under {MINEKG_NS}. A query is stopped after {rules.timeout:g} s "
        f"and at most {rules.max_rows:,} rows come back (a capped answer says so). "
        "The prefixes mkg:, schema:, prov:, dcterms:, rdfs:... are predeclared."
    )
    query = choose_query()
    if query is not None:
        st.markdown(query.description)
    values = parameter_values(query) if query is not None and query.params else {}
    text = st.text_area("SPARQL", key="sparql", height=320)
    edited = query is not None and text.strip() != query.text.strip()
    if edited and query.params:
        st.caption("The text was edited: it runs as written, without the parameters above.")

    if st.button("Run", type="primary", key="run"):
        workers = query_workers(path, rules.timeout, rules.max_rows)
        if query is None or edited:
            st.session_state[RESULT] = run(workers, text, None)
        else:
            try:
                sparql = query.sparql(values)
                substitutions = {ox.Variable(k): to_oxigraph(term) for k, term in query.bindings(values).items()}
            except (MinekgError, TypeError, ValueError) as exc:
                st.session_state[RESULT] = {"error": " ".join(str(exc).split())}
            else:
                st.session_state[RESULT] = run(workers, sparql, substitutions)
    if RESULT in st.session_state:
        show(st.session_state[RESULT])


# Streamlit runs a page as __main__. The guard matters: the workers' forkserver imports the main
# module (this page, under Streamlit) as __mp_main__, where the page must not run.
if __name__ == "__main__":
    try:
        main()
    except MinekgError as exc:
        st.error(str(exc))
