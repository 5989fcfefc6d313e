"""What every page of the explorer shares: the store, opened once per process.

``app.py`` is the first page; ``pages/*.py`` are the others (Streamlit's multipage convention).
Each page starts with :func:`store_or_stop`, which shows one clear line and stops the page when
there is no store to read.
"""

from __future__ import annotations

import os

import streamlit as st

from graph.store import Store


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
