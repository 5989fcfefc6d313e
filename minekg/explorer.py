"""What every page of the explorer shares: the store, opened once per process.

``app.py`` is the first page; ``pages/*.py`` are the others (Streamlit's multipage convention).
Each page starts with :func:`store_or_stop`, which shows one clear line and stops the page when
there is no store to read.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
import streamlit as st

from graph import named
from graph.store import Store
from minekg.views import distinct

if TYPE_CHECKING:
    from nlp.extract import Extractor


@st.cache_resource
def open_store(path: str) -> Store:
    return Store(path, read_only=True)


def store_or_stop() -> Store:
    """The store in ``MINEKG_STORE`` (default ``.minekg/store``), or an error on the page and a stop."""
    path = os.environ.get("MINEKG_STORE", ".minekg/store")
    if not os.path.isdir(path):
        st.error(f"No store at {path}. Run `minekg ingest data/articles` first.")
        st.stop()
    return open_store(path)


def companies_or_stop(store: Store) -> pd.DataFrame:
    """The companies with moves (named query ``companies``) with a ``label`` column, ``MARA Holdings (MARA)``;
    a warning on the page and a stop when there are none."""
    companies = named.run(store, "companies")
    companies = companies[companies["moves"] > 0].reset_index(drop=True)
    if companies.empty:
        st.warning("The store holds no moves yet. Run `minekg ingest data/articles`.")
        st.stop()
    companies["label"] = distinct(
        [
            f"{name} ({ticker})" if isinstance(ticker, str) else name
            for name, ticker in zip(companies["name"], companies["ticker"], strict=True)
        ]
    )
    return companies


def inert(text: object) -> str:
    """Store text for a line that Streamlit renders as Markdown: on one line, in a code span, so none of it is markup.

    >>> inert("**Riot**\\n[x](javascript:alert(1)) `y`")
    "`**Riot** [x](javascript:alert(1)) 'y'`"
    """
    return "`" + " ".join(str(text).replace("`", "'").split()) + "`"


STATUSES = ["actual", "guidance"]  # metric statuses, in the order charts give them colours, dashes and shapes


def metric_chart(
    points: pd.DataFrame, title: str, color: str = "status", facet: str | None = None
) -> alt.TopLevelMixin:
    """A metric over time: ``value`` at ``end`` (the period's last day), from metric-series or metric-history rows.

    A line per ``color`` group and status (actual solid, guidance dashed) and a point per observation,
    shaped by status, so two articles' figures for one period are two points. The tooltip shows the
    period, value, status and ``color``, and the article's date and title where the rows hold them.
    With ``facet`` (a column of ``points``), one small chart per value of that column, each with its
    own scale: a single chart spec for many metrics, which Altair builds and checks once.
    """
    statuses = alt.Scale(domain=STATUSES)
    base = alt.Chart(points).encode(
        x=alt.X("end:T", title="period end"),
        y=alt.Y("value:Q", title=None),
        color=alt.Color(f"{color}:N", title=color, scale=statuses if color == "status" else alt.Undefined),
    )
    lines = base.mark_line().encode(strokeDash=alt.StrokeDash("status:N", scale=statuses, title="status"))
    tooltip = list(dict.fromkeys([color, "period", "value", "status", "published", "title"]))
    dots = base.mark_point(filled=True, size=60).encode(
        shape=alt.Shape("status:N", scale=statuses, title="status"),
        tooltip=[field for field in tooltip if field in points.columns],
    )
    if facet is None:
        return (lines + dots).properties(title=title, height=240)
    return (
        (lines + dots)
        .properties(height=200, width=380)
        .facet(facet=alt.Facet(f"{facet}:N", title=None), columns=2)
        .resolve_scale(x="independent", y="independent")
        .properties(title=title)
    )


@st.cache_resource(show_spinner="Loading the spaCy pipeline...")
def load_extractor() -> Extractor:
    """minekg's spaCy pipeline, loaded once per process (the "Add articles" page parses with it)."""
    from nlp.extract import Extractor  # spaCy loads only on pages that parse

    return Extractor()
