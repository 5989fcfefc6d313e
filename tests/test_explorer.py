"""The explorer (app.py), as a user meets it.

Two levels, both on real stores built by the real pipeline:

* ``AppTest`` runs app.py in-process: the default company, the moves table,
  switching company, hiding speculation, a missing store.
* A real ``minekg explore`` server and headless Chromium (Playwright): the page
  renders, vis-network draws on its canvas inside the component iframe, the
  company can be switched from the UI, and hostile article text (title and
  sentence carrying HTML/JS) is shown as text and never runs, in the page, the
  graph iframe, the node tooltips or the table.

The browser is the Debian chromium at /usr/bin/chromium (``make test``
installs it); requests to anything but the local server are blocked and
recorded, so the tests run offline.
"""

from __future__ import annotations

import contextlib
import gc
import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph import named
from graph.store import Store
from minekg.ingest import ingest
from minekg.views import STYLE
from tests.apptest import run_page as _run
from tests.conftest import ROOT
from tests.processes import stop_group

APP = ROOT / "app.py"
COLUMNS = ["date", "type", "modality", "counterparty", "role", "asset", "amount", "unit", "sector", "sentence", "title",
           "published"]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MINEKG = shutil.which("minekg") or str(Path(sys.executable).with_name("minekg"))

XSS_TITLE = '<img src=x onerror="window.__pwned=1">'
XSS_TEXT = "Riot Platforms sold 500 BTC <script>window.__pwned=2</script> in March 2024."


# --------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------
def _company(store: Store, name: str) -> str:
    """A company's IRI by display name."""
    companies = named.run(store, "companies")
    return companies.loc[companies["name"] == name, "company"].iloc[0]


def _option(options: list[str], name: str) -> int:
    """Index of the selectbox option showing company ``name`` (``Name`` or ``Name (TICKER)``)."""
    matches = [i for i, label in enumerate(options) if label == name or label.startswith(f"{name} (")]
    assert len(matches) == 1, (name, options)
    return matches[0]


def _shown(at: AppTest) -> str:
    box = at.selectbox(key="search")
    return box.options[box.index]


def _moves(at: AppTest):
    assert len(at.dataframe) == 1
    return at.dataframe[0].value


def _network_srcdoc(at: AppTest) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1
    return frames[0].proto.srcdoc


# --------------------------------------------------------------------------------------------------
# 1. AppTest: the script, in-process
# --------------------------------------------------------------------------------------------------
@pytest.fixture
def app(monkeypatch, sample_store) -> AppTest:
    monkeypatch.setenv("MINEKG_STORE", str(sample_store.path))
    return _run(AppTest.from_file(str(APP), default_timeout=60))


def test_app_opens_on_mara_with_its_sourced_moves(app):
    assert _shown(app) == "MARA Holdings (MARA)"
    assert app.checkbox(key="hide_speculative").value is False
    moves = _moves(app)
    assert list(moves.columns) == COLUMNS
    sales = moves[(moves["type"] == "AssetSale") & (moves["unit"] == "USD")]
    sale = sales[sales["amount"].map(lambda a: a is not None and float(a) == 1.5e9)]
    assert len(sale) == 1, moves[["type", "amount", "unit"]]
    assert "divested $1.5 billion" in sale["sentence"].iloc[0]
    assert "company/mara" in _network_srcdoc(app)


def test_switching_company_shows_that_company_moves(app, sample_store):
    mara = _moves(app)
    box = app.selectbox(key="search")
    box.select_index(_option(box.options, "Riot Platforms"))
    _run(app)

    assert "Riot Platforms" in _shown(app)
    riot = _moves(app)
    expected = named.run(sample_store, "company-moves", company=_company(sample_store, "Riot Platforms"))
    assert len(riot) == len(expected) > 0
    assert list(riot["type"]) == list(expected["type"])
    assert list(riot["sentence"]) == list(expected["sentence"])
    assert not set(riot["sentence"]) & set(mara["sentence"])
    # the graph follows: every Riot move is a node
    srcdoc = _network_srcdoc(app)
    assert all(move in srcdoc for move in expected["move"])


def test_hide_speculation_drops_speculative_moves_from_table_and_graph(app, sample_store):
    # a company with both speculative and other moves, found in the store, not hard-coded
    companies = named.run(sample_store, "companies")
    for row in companies[companies["moves"] > 0].itertuples():
        moves = named.run(sample_store, "company-moves", company=row.company)
        speculative = moves["modality"] == "speculative"
        if speculative.any() and not speculative.all():
            break
    else:
        pytest.fail("the sample store has no company with a speculative move")

    box = app.selectbox(key="search")
    box.select_index(_option(box.options, row.name))
    _run(app)
    shown = _moves(app)
    assert (shown["modality"] == "speculative").sum() == speculative.sum()
    before = _network_srcdoc(app)
    assert all(move in before for move in moves.loc[speculative, "move"])

    app.checkbox(key="hide_speculative").check()
    _run(app)
    assert row.name in _shown(app)  # the company stays chosen
    hidden = _moves(app)
    assert "speculative" not in set(hidden["modality"])
    assert list(hidden["sentence"]) == list(moves.loc[~speculative, "sentence"])
    after = _network_srcdoc(app)
    assert not any(move in after for move in moves.loc[speculative, "move"])
    assert all(move in after for move in moves.loc[~speculative, "move"])

    app.checkbox(key="hide_speculative").uncheck()
    _run(app)
    assert len(_moves(app)) == len(moves)


def test_depth_two_with_a_small_cap_warns_that_the_view_is_cut(app):
    assert len(app.warning) == 0
    app.slider(key="depth").set_value(2)
    app.number_input(key="cap").set_value(12)
    _run(app)
    assert len(app.warning) == 1
    warning = app.warning[0].value
    assert "first 12 nodes" in warning and "raise the cap or lower the depth" in warning
    assert len(app.selectbox(key="node").options) <= 12

    app.number_input(key="cap").set_value(300)
    _run(app)
    assert len(app.warning) == 0


def test_type_filter_keeps_only_asset_sales_in_the_graph(app, sample_store):
    moves = named.run(sample_store, "company-moves", company=_company(sample_store, "MARA Holdings"))
    pivots, sales = moves.loc[moves["type"] == "StrategicPivot", "move"], moves.loc[moves["type"] == "AssetSale", "move"]
    assert len(pivots) and len(sales)
    before = _network_srcdoc(app)
    assert all(move in before for move in pivots) and "StrategicPivot" in before

    app.multiselect(key="move_types").set_value(["AssetSale"])
    _run(app)
    after = _network_srcdoc(app)
    assert not any(move in after for move in pivots)
    assert "StrategicPivot" not in after
    assert all(move in after for move in sales)
    assert set(_moves(app)["type"]) == {"AssetSale"}


def test_node_details_show_the_chosen_company(app, sample_store):
    mara = _company(sample_store, "MARA Holdings")
    box = app.selectbox(key="node")
    assert box.value == mara
    table = app.table[0].value
    assert table.loc["kind", "value"] == "Company"
    assert table.loc["label", "value"] == "MARA Holdings"
    assert table.loc["id", "value"] == mara

    move = named.run(sample_store, "company-moves", company=mara)
    sale = move[move["sentence"].str.contains("divested", na=False)].iloc[0]
    box.select(sale["move"])
    _run(app)
    table = app.table[0].value
    assert table.loc["kind", "value"] == "Move" and table.loc["type", "value"] == sale["type"]
    assert "divested $1.5 billion" in table.loc["sentence", "value"]


def test_node_details_of_a_move_list_its_sources(app, sample_store):
    # Core Scientific's June 2022 sale is reported by its own announcement and by a July roundup
    core = _company(sample_store, "Core Scientific")
    box = app.selectbox(key="search")
    box.select_index(_option(box.options, "Core Scientific"))
    _run(app)
    moves = named.run(sample_store, "company-moves", company=core)
    sale = moves[(moves["type"] == "AssetSale") & (moves["date"].astype(str).str.startswith("2022-06"))].iloc[0]
    app.selectbox(key="node").select(sale["move"])
    _run(app)
    details, sources = app.table[0].value, app.table[1].value
    assert details.loc["type", "value"] == "AssetSale" and details.loc["date", "value"].startswith("2022-06")
    expected = named.run(sample_store, "move-sources", move=sale["move"])
    assert list(sources["title"]) == list(expected["title"].fillna(""))
    assert {"extracted from", "also reported"} <= set(sources["source"])
    assert sale["sentence"] in list(sources["sentence"])


def _search(at: AppTest, label: str) -> AppTest:
    box = at.selectbox(key="search")
    assert label in box.options, [option for option in box.options if label.split(":")[0] in option]
    box.select_index(box.options.index(label))
    return _run(at)


def test_search_by_former_name_centres_on_the_company(app, sample_store):
    _search(app, "Iris Energy: former name of IREN")
    iren = named.run(sample_store, "company-moves", company=_company(sample_store, "IREN"))
    assert list(_moves(app)["sentence"]) == list(iren["sentence"])
    assert app.selectbox(key="node").value == _company(sample_store, "IREN")
    _search(app, "Marathon: also names MARA Holdings")
    assert any("divested $1.5 billion" in sentence for sentence in _moves(app)["sentence"])


def test_search_by_ticker_is_the_company_label(app):
    # tickers are searched through the company labels, e.g. typing CORZ
    assert any(option == "Core Scientific (CORZ)" for option in app.selectbox(key="search").options)


def test_search_for_a_person_details_the_person_in_their_company_view(app, sample_store):
    _search(app, "Asher Genoot: person at Hut 8")
    details = app.table[0].value
    assert details.loc["kind", "value"] == "Person" and details.loc["label", "value"] == "Asher Genoot"
    assert details.loc["job title", "value"] == "ceo"
    hut = named.run(sample_store, "company-moves", company=_company(sample_store, "Hut 8"))
    assert list(_moves(app)["sentence"]) == list(hut["sentence"])


def test_search_for_a_trend_shows_its_moves_and_joiners(app, sample_store):
    _search(app, "AI/HPC pivot: trend")
    assert app.selectbox(key="node").value.endswith("/trend/AIHPCPivot")
    joiners = named.run(sample_store, "trend-joiners", trend="AIHPCPivot", modality="asserted")
    shown = _moves(app)
    assert list(shown["name"]) == list(joiners["name"])
    assert {"Core Scientific", "Hut 8", "IREN"} <= set(shown["name"])
    srcdoc = _network_srcdoc(app)
    pivots = named.run(sample_store, "neighbourhood", company=app.selectbox(key="node").value)
    assert set(pivots.loc[pivots["edge"] == "actor of", "target"]) and all(
        move in srcdoc for move in pivots.loc[pivots["edge"] == "actor of", "target"]
    )


def test_filters_apply_to_every_company_at_depth_two(app, sample_store):
    from graph.network import expand

    app.slider(key="depth").set_value(2)
    app.multiselect(key="move_types").set_value(["AssetSale"])
    _run(app)
    graph, _ = expand(sample_store, _company(sample_store, "MARA Holdings"), depth=2)
    moves = {node: data for node, data in graph.nodes(data=True) if data["kind"] == "Move"}
    others = {data["type"] for data in moves.values()} - {"AssetSale"}
    assert others and len({label.split(":")[0] for label in (d["label"] for d in moves.values())}) > 1
    srcdoc = _network_srcdoc(app)
    for node, data in moves.items():
        assert (node in srcdoc) == (data["type"] == "AssetSale"), data["label"]


# The Add articles page makes the store when it adds articles, so it has no missing store to report;
# tests/test_page_add_articles.py checks what it says without one.
CREATES_THE_STORE = "5_Add_articles.py"
EVERY_PAGE = [
    pytest.param(path, marks=pytest.mark.skip(reason="Add articles creates the store: no missing-store error"))
    if path.name == CREATES_THE_STORE
    else path
    for path in [APP, *sorted((ROOT / "pages").glob("*.py"))]
]


@pytest.mark.parametrize("script", EVERY_PAGE, ids=lambda path: path.name)
def test_missing_store_says_how_to_make_one_on_every_page(monkeypatch, tmp_path, script):
    monkeypatch.setenv("MINEKG_STORE", str(tmp_path / "no-such-store"))
    at = AppTest.from_file(str(script), default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1 and "minekg ingest" in at.error[0].value
    assert len(at.dataframe) == 0 and len(at.selectbox) == 0 and len(at.multiselect) == 0
    assert len(at.text_area) == 0 and len(at.button) == 0


def test_store_without_moves_warns(monkeypatch, tmp_path):
    store = Store(tmp_path / "empty")
    path = store.path
    del store
    gc.collect()
    monkeypatch.setenv("MINEKG_STORE", str(path))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception and not at.error
    assert len(at.warning) == 1 and "minekg ingest" in at.warning[0].value
    assert len(at.dataframe) == 0


def test_moves_table_converts_to_arrow_without_fallback(sample_store):
    import pyarrow as pa

    moves = named.run(sample_store, "company-moves", company=_company(sample_store, "MARA Holdings"))
    try:
        pa.Table.from_pandas(moves[COLUMNS], preserve_index=False)
    except pa.ArrowException as exc:
        pytest.fail(f"the table app.py hands to st.dataframe is not Arrow-compatible: {exc}")


def test_network_page_references_no_remote_resource():
    import networkx as nx

    from minekg.views import network_html

    page = network_html(nx.DiGraph())
    remote = re.findall(r"""(?:src|href)\s*=\s*["'](https?://[^"']+)""", page)
    assert remote == []


# --------------------------------------------------------------------------------------------------
# 2. the real server and a real browser
# --------------------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _health(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


def _start(store_path: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """``minekg explore`` in its own session; returns once /_stcore/health answers ok."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [MINEKG, "explore", "--store", str(store_path), "--port", str(port), "--address", "127.0.0.1"],
            env=dict(os.environ, MINEKG_STORE=str(store_path)), stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while not _health(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_group(proc)
            pytest.fail(f"minekg explore did not come up on {url}:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.3)
    return proc, url


@contextlib.contextmanager
def _serving(store_path: Path, log: Path):
    proc, url = _start(store_path, log)
    try:
        yield url
    finally:
        stop_group(proc)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: these tests drive a real browser. "
                    "`make test` installs it (its `system` target apt-get installs chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def sample_server(sample_store, tmp_path_factory):
    # the fixture's store stays open read-write here; the server opens it read-only
    with _serving(sample_store.path, tmp_path_factory.mktemp("server") / "explore.log") as url:
        yield url


@pytest.fixture
def page(browser):
    """A fresh page; requests leaving 127.0.0.1 are aborted and listed in ``page.remote_requests``."""
    # wide enough for the moves table to draw every column beside the pages sidebar
    context = browser.new_context(viewport={"width": 1920, "height": 1200})
    page = context.new_page()
    page.remote_requests = []

    def local_only(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            page.remote_requests.append(url)
            route.abort()

    page.route("**/*", local_only)
    page.set_default_timeout(60_000)
    yield page
    context.close()


def _open(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Moves and their sources").wait_for(timeout=60_000)


def _combobox(page):
    return page.get_by_role("combobox", name="Search")


def _choose_company(page, label: str) -> None:
    from playwright.sync_api import expect

    _combobox(page).click()
    page.get_by_role("option", name=label, exact=True).click()
    expect(_combobox(page)).to_have_value(label, timeout=30_000)


def _network_frame(page, must_show: str, read: str | None = None):
    """The component iframe's frame, once vis-network holds a node whose label starts with ``must_show``.

    With ``read``, what that script returns from the same frame instead: Streamlit may re-render the
    iframe between two calls, which destroys the frame the first one found.
    """
    from playwright.sync_api import Error

    iframe = page.get_by_test_id("stIFrame")
    page.frame_locator('[data-testid="stIFrame"]').locator("#mynetwork canvas").wait_for(timeout=60_000)
    deadline = time.monotonic() + 60
    while True:
        try:
            frame = iframe.element_handle().content_frame()
            if frame.evaluate("""(prefix) => typeof network === 'object' && network !== null
                                 && nodes.get().some(n => String(n.label).startsWith(prefix))""", must_show):
                return frame if read is None else frame.evaluate(read)
        except Error:  # the iframe was re-rendered mid-call
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"the network never showed a node labelled {must_show!r}")
        time.sleep(0.25)


PAINTED = """() => {
    const canvas = document.querySelector('#mynetwork canvas');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted;
}"""


def test_browser_renders_mara_network_and_moves(sample_server, page, tmp_path):
    from playwright.sync_api import expect

    _open(page, sample_server)
    expect(_combobox(page)).to_be_visible()
    expect(_combobox(page)).to_have_value("MARA Holdings (MARA)")
    expect(page.get_by_test_id("stDataFrame")).to_contain_text("divested $1.5 billion")

    frame = _network_frame(page, "MARA Holdings")
    assert frame.locator("#mynetwork canvas").count() == 1
    frame.wait_for_function(f"() => ({PAINTED})() > 2000", timeout=30_000)  # vis-network drew on the canvas
    labels = frame.evaluate("() => nodes.get().map(n => n.label)")
    assert "MARA Holdings" in labels and any(label.startswith("MARA Holdings: ") for label in labels)

    shot = tmp_path / "explorer.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    # vis-network is inlined: the graph drew although every remote request was blocked
    assert all("vis-network" not in url for url in page.remote_requests), page.remote_requests


def test_browser_switches_company(sample_server, page):
    from playwright.sync_api import expect

    _open(page, sample_server)
    _network_frame(page, "MARA Holdings: ")
    _choose_company(page, "Riot Platforms (RIOT)")
    frame = _network_frame(page, "Riot Platforms: ")
    labels = frame.evaluate("() => nodes.get().map(n => n.label)")
    assert not any(label.startswith("MARA Holdings: ") for label in labels)
    expect(page.get_by_test_id("stDataFrame")).to_contain_text("Riot Platforms (NASDAQ: RIOT) has agreed to buy")
    expect(page.get_by_test_id("stDataFrame")).not_to_contain_text("divested $1.5 billion")


def _search_for(page, typed: str, label: str) -> None:
    """Type into the search box and pick one of the suggestions."""
    from playwright.sync_api import expect

    _combobox(page).click()
    page.keyboard.type(typed)
    suggestions = page.get_by_role("option")
    expect(suggestions.filter(has_text=label)).to_have_count(1)
    shown = suggestions.all_text_contents()
    assert 1 <= len(shown) < 40, shown  # narrowed down from the 150 or so terms
    suggestions.filter(has_text=label).click()
    expect(_combobox(page)).to_have_value(label, timeout=30_000)


def _node_kinds(page, must_show: str) -> list[str]:
    """The kind of every node vis-network holds (the shape tells: see minekg.views.STYLE)."""
    shapes = {shape: kind for kind, (_colour, shape) in STYLE.items()}
    return [shapes[shape] for shape in _network_frame(page, must_show, "() => nodes.get().map(n => n.shape)")]


def test_browser_search_suggestions_trend_view_and_depth(sample_server, page):
    from playwright.sync_api import expect

    _open(page, sample_server)
    _network_frame(page, "MARA Holdings: ")
    _search_for(page, "iris", "Iris Energy: former name of IREN")
    _network_frame(page, "IREN: ")
    expect(page.get_by_test_id("stDataFrame")).to_contain_text("Iris Energy")

    _search_for(page, "pivot", "AI/HPC pivot: trend")
    # IREN's view holds the trend node too: wait for a move only the trend's view has
    labels = _network_frame(page, "Core Scientific: StrategicPivot", "() => nodes.get().map(n => n.label)")
    assert {"AI/HPC pivot", "Hut 8: StrategicPivot"} <= set(labels), labels
    expect(page.get_by_test_id("stDataFrame")).to_contain_text("Core Scientific")
    companies = _node_kinds(page, "Core Scientific: StrategicPivot").count("Company")

    # depth 2: each company of the trend brings its own neighbourhood
    slider = page.get_by_role("slider", name="Depth (hops from the company)")
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_value("2")
    deadline = time.monotonic() + 60
    while _node_kinds(page, "AI/HPC pivot").count("Company") <= companies:
        if time.monotonic() > deadline:
            pytest.fail("depth 2 never showed more companies than depth 1")
        time.sleep(0.5)


# --------------------------------------------------------------------------------------------------
# 3. hostile article text in the browser
# --------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def xss_store_path(tmp_path_factory, extractor) -> Path:
    folder = tmp_path_factory.mktemp("xss")
    articles = folder / "xss.jsonl"
    articles.write_text(json.dumps({"id": "xss-test", "title": XSS_TITLE, "published": "2024-03-20",
                                    "text": XSS_TEXT}) + "\n", encoding="utf-8")
    store = Store(folder / "store")
    summary = ingest([articles], store, extractor=extractor, report=lambda line: None)
    assert summary.ingested == 1 and summary.moves >= 1
    path = store.path
    del store  # release Oxigraph's lock before the server opens the store
    gc.collect()
    return path


@pytest.fixture(scope="module")
def xss_server(xss_store_path, tmp_path_factory):
    with _serving(xss_store_path, tmp_path_factory.mktemp("xss-server") / "explore.log") as url:
        yield url


UNDEFINED = "() => typeof window.__pwned === 'undefined'"
POPUP_TEXT = """(expected) => {
    const popup = document.querySelector('#mynetwork .popup');
    return popup !== null && popup.textContent === expected;
}"""
POPUP_ELEMENTS = """() => [...document.querySelectorAll('#mynetwork .popup *')].map(e => e.tagName)"""
# Physics off, the node moved clear of every other node (a neighbour's label can cover it)
# and centred: where it is then drawn is where the mouse goes.
NODE_POINT = """(id) => {
    network.setOptions({physics: false});
    const all = Object.values(network.getPositions());
    const clear = {x: Math.max(...all.map(p => p.x)) + 400, y: Math.max(...all.map(p => p.y)) + 400};
    network.moveNode(id, clear.x, clear.y);
    network.moveTo({position: clear, scale: 1, animation: false});
    const box = document.getElementById('mynetwork').getBoundingClientRect();
    const at = network.canvasToDOM(network.getPositions([id])[id]);
    return {x: box.left + at.x, y: box.top + at.y};
}"""


def test_hostile_article_text_never_runs(xss_server, page):
    from playwright.sync_api import Error, expect

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _open(page, xss_server)
    if _combobox(page).input_value() != "Riot Platforms (RIOT)":  # the store only has Riot moves
        _choose_company(page, "Riot Platforms (RIOT)")
    frame = _network_frame(page, "Riot Platforms: ")
    page.wait_for_timeout(3000)  # let the page and the graph settle

    # the markup carries the payloads only escaped
    for where, markup in (("page", page.content()),
                          ("graph iframe", frame.evaluate("() => document.documentElement.outerHTML"))):
        assert "<script>window.__pwned" not in markup, where
        assert "<img src=x onerror" not in markup, where
        assert "__pwned=2</script" not in markup, where
    assert frame.locator("img").count() == 0 and page.locator("img[src=x]").count() == 0

    # every node's tooltip, shown by really hovering it, is text
    page.get_by_test_id("stIFrame").scroll_into_view_if_needed()
    box = page.get_by_test_id("stIFrame").bounding_box()
    texts = {}
    for node in frame.evaluate("() => nodes.get().map(n => ({id: n.id, title: n.title}))"):
        expected = "".join(html.unescape(part) for part in node["title"].split("<br>"))
        for _attempt in range(3):
            page.mouse.move(2, 2)
            point = frame.evaluate(NODE_POINT, node["id"])
            page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=3)
            try:
                frame.wait_for_function(POPUP_TEXT, arg=expected, timeout=3000)
                break
            except Error:
                continue
        else:
            shown = frame.evaluate("() => document.querySelector('#mynetwork .popup')?.textContent ?? null")
            pytest.fail(f"hovering {node['id']} at {point} never showed its tooltip (popup: {shown!r})")
        assert set(frame.evaluate(POPUP_ELEMENTS)) <= {"BR"}, node
        texts[node["id"]] = expected
    assert any(XSS_TEXT in text for text in texts.values())  # the sentence, literally
    assert any(XSS_TITLE in text for text in texts.values())  # the article title, literally

    # the table shows title and sentence as text
    cells = page.get_by_test_id("stDataFrame").locator('td[role="gridcell"]')
    expect(cells.filter(has_text="window.__pwned=1")).to_have_count(1)
    assert XSS_TITLE in cells.all_text_contents() and XSS_TEXT in cells.all_text_contents()
    assert cells.locator("img, script").count() == 0

    page.wait_for_timeout(500)
    assert page.evaluate(UNDEFINED) and frame.evaluate(UNDEFINED)
    assert dialogs == []


def test_stopping_minekg_explore_stops_streamlit(xss_store_path, tmp_path):
    proc, url = _start(xss_store_path, tmp_path / "explore.log")
    try:
        proc.terminate()
        proc.wait(10)
        deadline = time.monotonic() + 10
        while _health(url) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert not _health(url), f"{url} still answers after `minekg explore` (pid {proc.pid}) exited"
    finally:
        stop_group(proc)


# --------------------------------------------------------------------------------------------------
# 4. every page, screenshotted
# --------------------------------------------------------------------------------------------------
# (file name, URL path, st.title, the page's main element); Streamlit serves pages/1_Company.py at /Company
PAGES = [
    ("graph", "", "minekg: mining-industry strategy", "stDataFrame"),
    ("company", "Company", "Company", "stDataFrame"),
    ("trends", "Trends", "Trends", "stVegaLiteChart"),
    ("compare", "Compare", "Compare", "stDataFrame"),
    ("sparql", "SPARQL", "SPARQL workbench", "stTextArea"),
    ("add_articles", "Add_articles", "Add articles", "stFileUploader"),
]


def test_browser_opens_every_page_and_screenshots_it(sample_server, page, tmp_path):
    """Each page over the sample store: title and main element shown, no exception; a PNG of each.

    The PNGs go to ``$MINEKG_SCREENSHOTS`` when set (``docs/screenshots`` for the README), else to tmp_path.
    """
    from playwright.sync_api import expect

    folder = Path(os.environ.get("MINEKG_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    _open(page, sample_server)
    links = page.get_by_test_id("stSidebarNav").locator("a")
    expect(links).to_have_count(len(PAGES))
    paths = {href.rstrip("/").rsplit("/", 1)[-1] for href in links.evaluate_all("as => as.map(a => a.href)")}
    assert {path for _name, path, _title, _main in PAGES[1:]} <= paths, paths

    for name, path, title, main in PAGES:
        page.goto(f"{sample_server}/{path}", wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=60_000)
        expect(page.get_by_test_id(main).first).to_be_visible(timeout=60_000)
        if name == "graph":
            frame = _network_frame(page, "MARA Holdings")
            frame.wait_for_function(f"() => ({PAINTED})() > 2000", timeout=30_000)
        expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=60_000)  # the script run is over
        page.wait_for_timeout(1500)  # grids and charts draw after their element appears
        assert page.get_by_test_id("stException").count() == 0, name
        assert errors == [], (name, errors)

        shot = folder / f"{name}.png"
        # Streamlit scrolls inside its main element, so full_page alone would stop at the viewport:
        # the viewport grows to the page's height (at most 3600 px) for the shot
        height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": 1920, "height": max(1200, min(height, 3600))})
        page.wait_for_timeout(1000)
        page.screenshot(path=str(shot), full_page=True)
        page.set_viewport_size({"width": 1920, "height": 1200})
        if shot.stat().st_size > 600_000:  # too heavy for the README: the first screen is enough
            page.screenshot(path=str(shot))
        assert shot.stat().st_size > 20_000, (name, shot.stat().st_size)
    assert page.remote_requests == [], page.remote_requests
