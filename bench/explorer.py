"""Explorer page latency on a synthetic store of about a million triples, against loading everything.

Builds the synthetic store of ``bench/query.py`` (registry companies, every move type, amounts,
dates over six years, peers, people; then derived and compacted as ``minekg ingest`` leaves it),
then times, in one run:

- the first render of each explorer page (``app.py`` and ``pages/*.py``) with Streamlit's AppTest,
  the way a browser's first visit runs the script: median of ``--runs`` fresh renders, the store
  already open (it is a cached resource);
- MARA's depth-2 neighbourhood as the graph page builds it (``graph.network.expand``), then the same
  with the move-type filter (asset sales only), and the AI/HPC pivot trend's depth-2 neighbourhood;

and, as the baseline, the same views computed the load-everything way: the whole store read into
networkx (``graph.export.knowledge_graph``) on each view, then the view taken from it. It prints
each time and the ratio baseline / explorer. Targets: each page <= 2 s, and >= 10x faster than
loading everything (the Add articles page reads no store until articles are added: time only).

Usage: python bench/explorer.py [--triples 1000000] [--runs 3]
(AppTest outside a server logs "missing ScriptRunContext" once per page: harmless.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx
import streamlit as st
from query import synthetic  # bench/query.py: the same synthetic articles
from streamlit.testing.v1 import AppTest

from graph import derived
from graph.export import knowledge_graph
from graph.network import expand, filter_moves
from graph.store import Store
from nlp.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
MARA = "https://w3id.org/minekg/id/company/mara"
AI_PIVOT = "https://w3id.org/minekg/taxonomy/trend/AIHPCPivot"


def build(path: Path, target: int) -> tuple[int, int]:
    store = Store(path)
    store.write_ontology()
    store.write_registry(load_registry())
    articles = 0
    for extraction in synthetic(10**9):
        if articles % 200 == 0 and len(store) >= target:
            break
        store.write_extraction(extraction)
        articles += 1
    store.flush()
    derived.refresh(store)
    store.optimize()
    quads = len(store)
    del store  # the pages open it read-only
    return quads, articles


def seconds(run, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def render(page: Path) -> None:
    at = AppTest.from_file(str(page), default_timeout=600).run()
    if at.exception or at.error:
        raise SystemExit(f"{page.name} failed: {[e.value for e in (*at.exception, *at.error)]}")


def load_everything(store: Store) -> nx.MultiDiGraph:
    return knowledge_graph(store)


def baseline_views(store: Store) -> dict:
    """Each page's main view computed from the whole graph in networkx, loaded anew for each view."""

    def moves_of(graph: nx.MultiDiGraph, company: str) -> list:
        return [target for _, target, label in graph.out_edges(company, data="label") if label == "actor"]

    def graph_page():
        graph = load_everything(store)
        nx.ego_graph(graph.to_undirected(as_view=True), MARA, radius=1)
        moves_of(graph, MARA)

    def company_page():
        graph = load_everything(store)
        moves = moves_of(graph, MARA)
        sorted((graph.nodes[m].get("date", ""), graph.nodes[m].get("type")) for m in moves)

    def trends_page():
        graph = load_everything(store)
        sorted(
            (data.get("date", ""), node)
            for node, data in graph.nodes(data=True)
            if data.get("kind") == "Move" and data.get("type") == "StrategicPivot" and data.get("sector") == "AI"
        )

    def compare_page():
        graph = load_everything(store)
        for company in (MARA, MARA.replace("mara", "riot-platforms"), MARA.replace("mara", "cleanspark")):
            moves_of(graph, company)

    def sparql_page():
        graph = load_everything(store)
        [n for n, data in graph.nodes(data=True) if data.get("kind") == "Company"]

    def depth_two():
        graph = load_everything(store)
        nx.ego_graph(graph.to_undirected(as_view=True), MARA, radius=2)

    def depth_two_sales():
        graph = load_everything(store)
        ego = nx.ego_graph(graph.to_undirected(as_view=True), MARA, radius=2)
        [n for n, data in ego.nodes(data=True) if data.get("kind") != "Move" or data.get("type") == "AssetSale"]

    def trend():
        graph = load_everything(store)
        nx.ego_graph(graph.to_undirected(as_view=True), AI_PIVOT, radius=2)

    return {
        "app.py": graph_page,
        "1_Company.py": company_page,
        "2_Trends.py": trends_page,
        "4_Compare.py": compare_page,
        "3_SPARQL.py": sparql_page,
        "5_Add_articles.py": None,  # reads no store before articles are added: no baseline
        "depth-2 neighbourhood of MARA": depth_two,
        "depth 2 of MARA, asset sales only": depth_two_sales,
        "AI/HPC pivot trend, depth 2": trend,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store"
        start = time.perf_counter()
        quads, articles = build(path, args.triples)
        print(f"{quads:,} quads ({articles:,} synthetic articles), built in {time.perf_counter() - start:.0f} s")
        os.environ["MINEKG_STORE"] = str(path)
        store = Store(path, read_only=True)
        baselines = baseline_views(store)
        explorer = {page.name: (lambda page=page: render(page)) for page in PAGES}
        explorer["depth-2 neighbourhood of MARA"] = lambda: expand(store, MARA, depth=2)
        explorer["depth 2 of MARA, asset sales only"] = lambda: filter_moves(
            expand(store, MARA, depth=2)[0], keep={MARA}, types={"AssetSale"}
        )
        explorer["AI/HPC pivot trend, depth 2"] = lambda: expand(store, AI_PIVOT, depth=2)
        for run in explorer.values():  # warm: the pages' store, Streamlit's imports
            run()
        print(f"{'view':34} {'explorer':>10} {'load everything':>16} {'ratio':>8}  targets: <= 2 s, >= 10x")
        for name, run in explorer.items():
            ours = seconds(run, args.runs)
            if baselines[name] is None:
                print(f"{name:34} {ours:9.2f}s {'-':>16} {'-':>8}  {'ok' if ours <= 2 else 'MISSED'}")
                continue
            theirs = seconds(baselines[name], 1)
            mark = "ok" if ours <= 2 and theirs / ours >= 10 else "MISSED"
            print(f"{name:34} {ours:9.2f}s {theirs:15.2f}s {theirs / ours:7.1f}x  {mark}")
        st.cache_resource.clear()  # closes the SPARQL page's worker pool


if __name__ == "__main__":
    main()
