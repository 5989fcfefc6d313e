"""The explorer's Add articles page (pages/5_Add_articles.py), run in-process with AppTest.

Everything is real: the files go through minekg's readers, the session's spaCy pipeline parses
them (the page's cached pipeline is the conftest one), and "Add to store" ingests into an Oxigraph
store on disk in a temporary folder, which the page creates.
"""

from __future__ import annotations

import gc
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from graph import named
from graph.store import Store
from minekg.explorer import load_extractor, open_store
from tests.apptest import run_page as _run
from tests.conftest import ROOT

PAGE = ROOT / "pages" / "5_Add_articles.py"
RIOT = "Riot Platforms sold 500 BTC in March 2024."
RIOT_SALE = ("AssetSale", "asserted", "Riot Platforms", 500.0, "BTC", "2024-03", RIOT)
CLEANSPARK = "CleanSpark sold 400 BTC in May 2024 to fund its new sites."
XSS = "Riot Platforms sold 500 BTC <script>alert(1)</script> in March 2024. <img src=x onerror=alert(1)>"
XSS_TITLE = "<img src=x onerror=alert(2)>"


@pytest.fixture(scope="module", autouse=True)
def shared_pipeline(extractor):
    """The page's @st.cache_resource pipeline is the session's: spaCy loads once for the whole run."""
    load_extractor.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("nlp.extract.Extractor", lambda: extractor)
        assert load_extractor() is extractor
    yield
    load_extractor.clear()


@pytest.fixture
def store_path(monkeypatch, tmp_path):
    """Where the page's store goes; it does not exist until an article is added."""
    path = tmp_path / "store"
    monkeypatch.setenv("MINEKG_STORE", str(path))
    return path


@pytest.fixture
def page(store_path) -> AppTest:
    return _run(AppTest.from_file(str(PAGE), default_timeout=60))


def _paste(at: AppTest, text: str, title: str = "", published: str = "") -> AppTest:
    at.text_area(key="pasted").input(text)
    at.text_input(key="pasted_title").input(title)
    at.text_input(key="pasted_published").input(published)
    return _run(at)


def _upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="files").set_value([(name, data, "application/octet-stream") for name, data in files])
    return _run(at)


def _add(at: AppTest) -> AppTest:
    at.button(key="add").click()
    return _run(at)


def _moves(at: AppTest) -> list[tuple]:
    frames = [frame.value for frame in at.dataframe if "modality" in frame.value.columns]
    assert len(frames) == 1, [list(frame.value.columns) for frame in at.dataframe]
    columns = ["type", "modality", "actor", "amount", "unit", "date", "sentence"]
    return [tuple(row) for row in frames[0][columns].itertuples(index=False)]


def _markup(at: AppTest) -> str:
    assert len(at.html) == 1
    return at.html[0].value


def _highlighted(markup: str) -> list[tuple[str, set[str]]]:
    """Each highlighted word of displaCy's span markup with the labels of the spans starting there."""
    blocks = markup.split('<span style="font-weight: bold; display: inline-block;')[1:]
    words = []
    for block in blocks:
        text = block.split(">", 1)[1].split("<", 1)[0].strip()
        labels = re.findall(r'border-radius: 3px">\s*(.*?)\s*</span>', block)
        words.append((text, set(labels)))
    return words


def _written_as_markdown(at: AppTest) -> str:
    """Every string the page wrote as Markdown (titles, captions, alerts, labels)."""
    parts = [
        el.value
        for kind in ("markdown", "caption", "title", "subheader", "info", "warning", "success", "error")
        for el in at.get(kind)
    ]
    return "\n".join(str(part) for part in parts)


def _riot_moves(path) -> list[tuple]:
    store = Store(path, read_only=True)
    moves = named.run(store, "company-moves", company="riot-platforms")
    return list(zip(moves["type"], moves["sentence"], strict=True))


def test_no_store_yet_says_adding_creates_it(page, store_path):
    assert not page.exception and not page.error
    assert len(page.info) == 1 and f"No store at `{store_path}` yet" in page.info[0].value
    assert len(page.button) == 0  # nothing to add yet
    assert not store_path.exists()


def test_pasted_article_previews_its_move_and_highlights_the_company(page, extractor):
    _paste(page, RIOT, title="Riot sells", published="2024-04-02")
    assert _moves(page) == [RIOT_SALE]
    words = _highlighted(_markup(page))
    assert ("Riot", {"AssetSale (asserted)", "COMPANY"}) in words  # the move's sentence and the company start
    assert ("Platforms", set()) in words
    assert ("500", {"QUANTITY"}) in words and ("March", {"DATE"}) in words
    fields = dict(page.dataframe[0].value.itertuples(index=False))
    assert fields["title"] == "Riot sells" and fields["published"] == "2024-04-02"
    assert fields["id"].startswith("pasted-")
    assert RIOT not in _written_as_markdown(page)
    assert page.button(key="add").label == "Add to store"
    assert load_extractor() is extractor  # the page parsed with the session's pipeline


def test_hostile_text_and_title_are_escaped(page):
    _paste(page, XSS, title=XSS_TITLE)
    markup = _markup(page)
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "<img" not in markup and "<script" not in markup and "onerror=alert(1)>" not in markup
    assert "<img" not in _written_as_markdown(page) and "alert" not in _written_as_markdown(page)
    fields = dict(page.dataframe[0].value.itertuples(index=False))
    assert fields["title"] == XSS_TITLE  # shown as text in a table cell
    assert [row[0] for row in _moves(page)] == ["AssetSale"]


def test_bad_jsonl_line_is_one_line_and_the_good_one_is_previewed(page):
    good = json.dumps({"id": "riot-sale", "title": "Riot sells", "published": "2024-04-02", "text": RIOT})
    _upload(page, ("batch.jsonl", f"{good}\n{{oops\n".encode()))
    assert len(page.warning) == 1 and "1 record(s) cannot be read" in page.warning[0].value
    lines = [text.value for text in page.text]
    assert lines == ["batch.jsonl:2: malformed JSON (Expecting property name enclosed in double quotes at column 2)"]
    assert _moves(page) == [RIOT_SALE]
    assert len(page.selectbox) == 0  # one article: no choice to make


def test_several_files_of_each_kind_are_chosen_from_a_select_box(page):
    html = (
        f"<html><head><title>CleanSpark sells</title></head><body><article><p>{CLEANSPARK}</p></article></body></html>"
    )
    _upload(
        page,
        ("riot.txt", RIOT.encode()),
        ("../../cleanspark.html", html.encode()),  # a folder part in a name goes
        ("empty.jsonl", b'{"id": "x", "text": "  "}\n'),
        ("latin1.txt", "Riot Platforms a vendu 500 BTC en mars é.".encode("latin-1")),
    )
    assert [text.value for text in page.text] == [
        "empty.jsonl:1: empty text",
        "latin1.txt: not valid UTF-8 (byte 0xe9 at offset 39)",
    ]
    box = page.selectbox(key="article")
    assert box.options == ["1. riot", "2. CleanSpark sells"]
    assert _moves(page) == [RIOT_SALE]
    box.select_index(1)
    _run(page)
    assert [(row[0], row[2], row[3], row[4]) for row in _moves(page)] == [("AssetSale", "CleanSpark", 400.0, "BTC")]


def test_add_to_store_creates_it_and_every_page_reads_the_new_move(page, store_path):
    _paste(page, RIOT, published="2024-04-02")
    _add(page)
    assert not page.warning
    assert [s.value for s in page.success] == ["Added 1 article(s) with 1 move(s); every page now shows them."]
    summary = [text.value for text in page.text]
    assert len(summary) == 1 and summary[0].startswith("read 1, ingested 1, already ingested 0,")
    assert store_path.is_dir()
    assert _riot_moves(store_path) == [("AssetSale", RIOT)]

    # the other pages open the store the page made, and show the move
    for script in ("app.py", "pages/1_Company.py"):
        other = _run(AppTest.from_file(str(ROOT / script), default_timeout=60))
        assert any(RIOT in set(frame.value.get("sentence", [])) for frame in other.dataframe), script
    for script in ("2_Trends.py", "3_SPARQL.py", "4_Compare.py"):
        _run(AppTest.from_file(str(ROOT / "pages" / script), default_timeout=60))


def test_adding_the_same_article_twice_reports_it_already_ingested(page, store_path):
    _paste(page, RIOT)
    _add(page)
    _add(page)
    assert not page.success
    assert [i.value for i in page.info] == ["1 article(s) already ingested: the store holds them, nothing changed."]
    assert [text.value for text in page.text][0].startswith("read 1, ingested 0, already ingested 1,")
    assert _riot_moves(store_path) == [("AssetSale", RIOT)]


def test_add_counts_bad_records_and_lists_them_beside_the_store(page, store_path):
    good = json.dumps({"id": "riot-sale", "text": RIOT})
    _upload(page, ("batch.jsonl", f"{good}\n{{oops\n".encode()))
    _add(page)
    summary = [text.value for text in page.text if text.value.startswith("read ")]
    assert len(summary) == 1 and "ingested 1," in summary[0] and "rejected 1," in summary[0]
    rejects = store_path.parent / "rejects.jsonl"
    assert f"rejected records and reasons: {rejects}" in [text.value for text in page.text]
    (reject,) = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert reject["record"].endswith("batch.jsonl:2") and reject["reason"].startswith("malformed JSON")


def test_read_only_handle_is_a_snapshot_so_adding_drops_it(page, store_path):
    """Oxigraph lets the writer open beside a read-only handle of the same process; that handle keeps
    the store as it was when opened, so the page drops the cached handles and the pages open new ones."""
    _paste(page, RIOT)
    _add(page)
    before = open_store(str(store_path))  # what every page reads through, cached
    cleanspark = "cleanspark"
    assert named.run(before, "company-moves", company=cleanspark).empty

    _paste(page, CLEANSPARK)
    _add(page)  # opened read-write while `before` is open: no lock error
    assert [s.value for s in page.success] == ["Added 1 article(s) with 1 move(s); every page now shows them."]
    assert named.run(before, "company-moves", company=cleanspark).empty  # the old handle: still the old store
    after = open_store(str(store_path))
    assert after is not before
    assert list(named.run(after, "company-moves", company=cleanspark)["type"]) == ["AssetSale"]


def test_store_locked_by_another_writer_is_one_line(page, store_path):
    writer = Store(store_path)  # as a running `minekg ingest` would hold it
    try:
        _paste(page, RIOT)
        page.button(key="add").click()
        page.run()
        assert not page.exception and not page.success
        assert len(page.error) == 1
        error = page.error[0].value
        assert "is being written by another process" in error and "minekg ingest" in error
        assert len(writer) == 0  # nothing written
    finally:
        del writer
        gc.collect()
    _add(page)  # once the writer is gone, the same click works
    assert _riot_moves(store_path) == [("AssetSale", RIOT)]
