"""minekg explorer, Add articles: upload or paste articles, preview what minekg extracts, add them to the store.

Files (.txt: one article each, .jsonl: one per line, .html/.htm: a page each) are read by minekg's own
readers (:mod:`minekg.sources`): a record they cannot read is one line naming it and the reason, and
the rest goes on. A pasted text is one article, read as a JSON-lines record (its id is ``pasted-``
and a hash of the text). Each article is parsed by minekg's spaCy pipeline (loaded once per process)
and shown with its companies, people, quantities, dates and move sentences highlighted (displaCy,
which escapes the text; no script), and its moves in a table.

"Add to store" runs ``minekg.ingest.ingest`` over the same files, as ``minekg ingest --workers 0``
does: duplicates skipped, bad records counted and listed in ``rejects.jsonl`` beside the store, the
derived graph refreshed, the store compacted. It opens the store read-write for the write alone
(Oxigraph allows one writer; a running ``minekg ingest`` holds it), then drops every page's cached
read-only handle, which would otherwise keep showing the store as it was when it was opened. Unlike
the other pages, this one works without a store: adding articles creates it.
"""

import gc
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from graph.store import Store
from minekg import sources
from minekg.errors import BadRecord, MinekgError, StoreError
from minekg.explorer import load_extractor, open_store
from minekg.ingest import Summary, checkpoint_path, ingest
from minekg.prefilter import Prefilter
from nlp import preview
from nlp.types import Article

st.set_page_config(page_title="minekg: add articles", layout="wide")

FILE_TYPES = ["txt", "jsonl", "html", "htm"]
PASTED = "pasted-text.jsonl"  # a pasted article goes through the JSON-lines reader under this name
Upload = tuple[str, bytes]  # a file's base name and bytes


def main() -> None:
    st.title("Add articles")
    path = os.environ.get("MINEKG_STORE", ".minekg/store")
    if os.path.isdir(path):
        st.caption(f"Articles are added to the store at `{path}`; every page shows them once added.")
    else:
        st.info(f"No store at `{path}` yet: adding articles here creates it, and the other pages then read it.")
    uploads = collect()
    if not uploads:
        st.caption("Upload files or paste an article to preview what minekg extracts from it.")
        return
    articles, bad = read_articles(tuple(uploads))
    if bad:
        st.warning(f"{len(bad)} record(s) cannot be read and are skipped (the others go on):")
        for line in bad:
            st.text(line)  # names and reasons echo the input: text, never Markdown
    if not articles:
        st.warning("No article to preview or add.")
        return
    show_preview(articles)
    st.subheader("Add to the store")
    st.caption(
        f"Adds the {len(articles)} article(s) above as `minekg ingest` does: an article already in the store "
        "is skipped, and articles that name no registry company or industry term are listed, not parsed."
    )
    if st.button("Add to store", key="add", type="primary"):
        add(uploads, path)


def collect() -> list[Upload]:
    """The uploaded files and the pasted article, as (file name, bytes)."""
    files = st.file_uploader(
        "Article files: .txt (one article each), .jsonl (one per line: id, text, title, published, url), "
        ".html/.htm (a page each)",
        type=FILE_TYPES,
        accept_multiple_files=True,
        key="files",
    )
    uploads = [(base_name(file.name, n), file.getvalue()) for n, file in enumerate(files or [])]
    with st.expander("Or paste an article", expanded=not uploads):
        text = st.text_area("Article text", key="pasted", height=160)
        left, right = st.columns(2)
        title = left.text_input("Title (optional)", key="pasted_title")
        published = right.text_input("Published (optional, YYYY-MM-DD)", key="pasted_published")
    if text.strip():
        record = {
            "id": "pasted-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12],
            "title": title.strip() or None,
            "published": published.strip() or None,
            "text": text,
        }
        uploads.append((PASTED, (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8", "surrogatepass")))
    return uploads


def base_name(name: str, n: int) -> str:
    """A browser-given file name made safe to write: no folder part, letters, digits and ``._-() `` only
    (others become ``_``), at most 60 characters with the extension kept; ``upload-N`` if nothing is left."""
    base = re.sub(r"[^\w.\-() ]", "_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")
    if len(base) > 60:
        stem, dot, suffix = base.rpartition(".")
        base = f"{stem[: 59 - len(suffix)]}.{suffix}" if dot and len(suffix) < 10 else base[:60]
    return base or f"upload-{n}"


def write(uploads: Sequence[Upload], folder: Path) -> list[Path]:
    """Each upload under its own name, in its own subfolder (two uploads may share a name)."""
    paths = []
    for n, (name, data) in enumerate(uploads):
        path = folder / str(n) / name
        path.parent.mkdir()
        path.write_bytes(data)
        paths.append(path)
    return paths


@st.cache_data(max_entries=16, show_spinner="Reading the files...")
def read_articles(uploads: tuple[Upload, ...]) -> tuple[list[Article], list[str]]:
    """The articles minekg's readers find in the uploads, and one line per bad record (``name:line: reason``)."""
    articles, bad = [], []
    with tempfile.TemporaryDirectory(prefix="minekg-upload-") as folder:
        paths = write(uploads, Path(folder))
        for item in sources.read(paths):
            if isinstance(item, BadRecord):
                record = item.record
                for path in paths:  # the record as the user knows it: file name and line
                    if record.startswith(f"{path.parent}{os.sep}"):
                        record = record[len(f"{path.parent}{os.sep}") :]
                        break
                bad.append(f"{record}: {item.reason}")
            else:
                articles.append(item)
    return articles, bad


@st.cache_data(max_entries=64, show_spinner="Parsing...")
def analysed(article: Article) -> tuple[str, pd.DataFrame, bool]:
    """The article's highlighted HTML, its moves and whether it passes ingest's relevance prefilter."""
    extractor = load_extractor()
    doc, extraction = extractor.parse(article)
    markup = preview.render(doc, extraction.moves, extractor.registry)
    moves = pd.DataFrame(preview.move_rows(extraction.moves), columns=list(preview.MOVE_COLUMNS))
    return markup, moves, Prefilter(extractor.registry)(article.text)


def show_preview(articles: list[Article]) -> None:
    st.subheader("Preview")
    choice = 0
    if len(articles) > 1:
        labels = [f"{n + 1}. {article.title or article.id}" for n, article in enumerate(articles)]
        choice = st.selectbox("Article", range(len(articles)), format_func=labels.__getitem__, key="article")
    article = articles[choice]
    fields = [("id", article.id), ("title", article.title), ("published", article.published), ("url", article.url)]
    table = pd.DataFrame([(field, value) for field, value in fields if value], columns=["field", "value"])
    st.dataframe(table, hide_index=True, key="article_fields")
    markup, moves, relevant = analysed(article)
    if not relevant:
        st.warning(
            "This article names no company of the registry and no industry term: "
            "Add to store lists it as irrelevant and does not parse it."
        )
    st.caption(
        "Highlighted: COMPANY (in the registry), ORG (another organisation), PERSON, QUANTITY, DATE, and "
        "each move's evidence sentence with its type and modality."
    )
    st.html(markup)  # displaCy escapes the article's text; st.html runs no script
    if len(article.text) > preview.MAX_CHARS:
        st.caption(f"The preview highlights the first {preview.MAX_CHARS:,} characters; the store gets all of it.")
    st.subheader("Moves")
    if moves.empty:
        st.info("No moves found in this article.")
    else:
        st.dataframe(moves, hide_index=True, width="stretch", key="moves")


def add(uploads: Sequence[Upload], path: str) -> None:
    """Ingest the uploads into the store at ``path`` (created if missing) and show the summary."""
    extractor = load_extractor()
    with tempfile.TemporaryDirectory(prefix="minekg-upload-") as folder:
        paths = write(uploads, Path(folder))
        try:
            store = Store(path)
        except StoreError as exc:
            if "lock" not in str(exc).lower():
                raise
            st.error(
                f"The store at {path} is being written by another process (a running `minekg ingest`, "
                "or another Add): try again once it has finished."
            )
            return
        try:
            with st.spinner("Adding the articles to the store..."):
                beside = Path(checkpoint_path(store)).parent  # where `minekg ingest` puts them too
                summary = ingest(
                    paths,
                    store,
                    extractor=extractor,
                    rejects_path=beside / "rejects.jsonl",
                    irrelevant_path=beside / "irrelevant.jsonl",
                    report=lambda line: None,  # bad records are listed above; the summary counts them
                    workers=0,
                )
        finally:
            del store
            gc.collect()  # Oxigraph's lock goes with the last reference
            open_store.clear()  # every page opens the store again and sees what changed
    report(summary)


def report(summary: Summary) -> None:
    if summary.ingested:
        st.success(f"Added {summary.ingested} article(s) with {summary.moves} move(s); every page now shows them.")
    if summary.already_ingested:
        st.info(f"{summary.already_ingested} article(s) already ingested: the store holds them, nothing changed.")
    if summary.duplicates or summary.near_duplicates:
        st.info(
            f"{summary.duplicates} exact and {summary.near_duplicates} near duplicate(s) of articles in the store "
            "were not parsed again."
        )
    if summary.irrelevant:
        st.warning(f"{summary.irrelevant} article(s) name no registry company or industry term: listed, not parsed.")
    for line in summary.lines():
        st.text(line)


try:
    main()
except MinekgError as exc:
    st.error(str(exc))
