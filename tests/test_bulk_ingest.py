"""Bulk ingestion end to end, with real components on real files written to tmp_path.

Every reader on small real-format files (a WARC written by warcio, RSS and Atom, an HTML page for
trafilatura, CSV, JSONL compressed with gzip and zstandard, a forced format); exact, URL and near
duplicates; the relevance prefilter; a run killed with SIGKILL and resumed; a hostile batch; and
the NLP stage run serially, in local worker processes and on a Dask cluster, giving one graph.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from graph.store import Store
from graph.triples import article_iri
from minekg import sources
from minekg.errors import BadRecord
from minekg.ingest import checkpoint_path, ingest
from nlp.registry import load_registry
from tests.conftest import ARTICLES

MINEKG = Path(sys.executable).parent / "minekg"


# --- helpers ------------------------------------------------------------------------------------
def run(paths, store: Store, extractor, **options):
    """Ingest in-process with the session pipeline; the summary and every reported line."""
    lines: list[str] = []
    summary = ingest(paths, store, extractor=extractor, report=lines.append, **options)
    return summary, lines


def balanced(summary) -> bool:
    """Every record read is accounted for exactly once."""
    return summary.read == (
        summary.ingested
        + summary.already_ingested
        + summary.duplicates
        + summary.near_duplicates
        + summary.irrelevant
        + summary.rejected
    )


def nquads(store: Store) -> list[str]:
    out = io.BytesIO()
    store.export("nquads", out)
    return sorted(out.getvalue().decode("utf-8").splitlines())


def article_ids(store: Store) -> set[str]:
    return set(store.query("SELECT ?id WHERE { ?a a mkg:Article ; dcterms:identifier ?id }")["id"])


def moves_from(store: Store, article_id: str) -> int:
    frame = store.query(f"SELECT ?m WHERE {{ ?m mkg:actor ?c ; prov:wasDerivedFrom <{article_iri(article_id)}> }}")
    return len(frame)


def sha16(key: str) -> str:
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def html_page(title: str, paragraphs: list[str], published: str | None = None, canonical: str | None = None) -> str:
    head = f"<meta charset='utf-8'><title>{title}</title>"
    if published:
        head += f'<meta property="article:published_time" content="{published}T09:00:00Z">'
    if canonical:
        head += f'<link rel="canonical" href="{canonical}">'
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head>{head}</head><body><nav><a href='/'>Home</a> | <a href='/markets'>Markets</a>"
        f"</nav><article><h1>{title}</h1>\n{body}</article><footer>Copyright Mining Wire</footer></body></html>"
    )


def write_warc(path: Path, records: list[tuple[str, str, bytes]], compress: bool = True) -> Path:
    """A WARC of HTTP response records (url, content type, body); byte-identical on every run."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        for number, (url, content_type, body) in enumerate(records, start=1):
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            fixed = {
                "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{number:012d}>",
                "WARC-Date": "2024-03-20T09:00:00Z",
            }
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=fixed
            )
            writer.write_record(record)
            record.raw_stream.close()  # warcio's spooled copy of the payload
    return path


RIOT_PARAGRAPHS = [
    "Riot Platforms sold 500 BTC in March 2024 to fund the expansion of its Corsicana mining campus in Texas, "
    "the bitcoin miner said in a statement on Tuesday.",
    "The company said the proceeds would pay for new Antminer S21 rigs from Bitmain and for the substation needed "
    "to bring another 400 megawatts online by the end of the year.",
    "Analysts said the sale was small next to the roughly 8,000 bitcoin the miner still holds on its balance sheet, "
    "and its shares rose two percent in early trading.",
]
CLEANSPARK_PARAGRAPHS = [
    "CleanSpark agreed to acquire GRIID Infrastructure for $155 million in stock, adding sites in Tennessee "
    "with cheap hydroelectric power, the company said on Thursday.",
    "Chief executive Zach Bradford said the deal gives the miner a pipeline of 400 megawatts and lets it grow "
    "its fleet without relying on hosting partners.",
    "GRIID shareholders will receive a fraction of a CleanSpark share for each share they hold; the boards of "
    "both companies have approved the transaction.",
]
MARA_PARAGRAPHS = [
    "MARA Holdings acquired a 114 megawatt wind farm in Hansford County, Texas, its first renewable generation "
    "asset, the bitcoin miner said on Thursday.",
    "The company said the wind farm would supply power to its nearby mining sites, cutting the energy costs that "
    "have weighed on its margins since the April halving.",
    "Analysts said the purchase showed large miners moving into power generation to control their single largest "
    "expense, and expected rivals to follow with similar deals.",
]
GREENIDGE = [
    "Greenidge Generation sold 300 BTC in May 2023 to pay down debt owed to its lenders, the bitcoin miner said.",
    "The board said the decision followed a review of the balance sheet and of its hosting contracts in New York.",
    "Shares fell four percent after the announcement, while analysts said the miner still had enough cash for the year.",
]
ARGO = [
    "Argo Blockchain sold its Helios facility in Texas to Galaxy Digital for 65 million dollars in December 2022.",
    "The miner said the sale would cut its debt and that it would keep mining at Helios under a hosting agreement.",
    "Argo shares more than doubled in London after the deal was announced, recovering part of a steep fall that year.",
]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)

# about 130 words; the copy changes two of them (estimated Jaccard of 5-shingles ~0.9, threshold 0.8)
STORY = (
    "Bitdeer Technologies said on Tuesday that it had agreed to buy a 570 megawatt power site in Clarington, Ohio, "
    "from a regional utility for about 85 million dollars in cash, as the Singapore-based bitcoin miner races to add "
    "capacity ahead of the next halving. The company said the site would host its own SEALMINER rigs, which it designs "
    "in house, and that the first 200 megawatts would be energised in the second half of next year. Chief executive "
    "Linghui Kong told analysts on a call that the purchase would roughly double the group's self-mining hashrate and "
    "that any spare power could later be leased to artificial intelligence customers. Shares of the miner rose six "
    "percent in New York trading after the announcement, while rivals fell slightly on the news."
)
STORY_COPY = STORY.replace("Chief executive Linghui Kong", "Finance chief Linghui Kong")

BAKERY = (
    "The Hillside Bakery on Main Street raised the price of its sourdough loaves by fifty cents this week, "
    "blaming the cost of flour and butter, the owner told customers on Saturday morning."
)

_WORDS = (
    "amber basalt cobalt delta ember fjord granite harbor indigo juniper kelp lantern meadow nickel opal prairie "
    "quartz river saffron timber umber violet willow xenon yarrow zephyr beacon canyon dune estuary glacier "
    "heron island jasper kestrel lagoon mesa nebula orchard pebble quill raven summit tundra valley"
).split()
_MONTHS = ("January February March April May June July August September October November December").split()


def generated_articles(count: int, prefix: str = "gen", seed: int = 7) -> list[dict]:
    """Short, distinct, relevant articles: a registry miner sells BTC, plus a sentence of random words."""
    miners = [c.name for c in load_registry() if c.category == "miner"]
    rng = random.Random(seed)
    out = []
    for i in range(count):
        company, year, month = miners[i % len(miners)], 2019 + i % 6, i % 12
        text = (
            f"{company} sold {100 + i} BTC in {_MONTHS[month]} {year} to fund its expansion, the miner said on day {i}. "
            f"Analysts mentioned {' '.join(rng.sample(_WORDS, 7))} in research note {i * 7 + 3}."
        )
        out.append(
            {
                "id": f"{prefix}-{i:05d}",
                "title": f"{company} sells bitcoin ({i})",
                "published": f"{year}-{month + 1:02d}-{i % 28 + 1:02d}",
                "url": f"https://news.example.com/{prefix}/{i}",
                "text": text,
            }
        )
    return out


# --- 1. readers ---------------------------------------------------------------------------------
RIOT_URL = "https://news.example.com/2024/03/riot-sells-bitcoin"
CLSK_URL = "https://news.example.com/2024/06/cleanspark-griid"
PNG_URL = "https://news.example.com/static/logo.png"


def test_warc_reader_reads_html_responses_and_rejects_other_records(tmp_path, extractor):
    path = write_warc(
        tmp_path / "cc-news.warc.gz",
        [
            (
                RIOT_URL,
                "text/html; charset=utf-8",
                html_page("Riot sells 500 BTC", RIOT_PARAGRAPHS, "2024-03-20").encode(),
            ),
            (CLSK_URL, "text/html", html_page("CleanSpark to buy GRIID", CLEANSPARK_PARAGRAPHS, "2024-06-27").encode()),
            (PNG_URL, "image/png", PNG),
        ],
    )
    items = list(sources.read([path]))
    articles = [i for i in items if not isinstance(i, BadRecord)]
    bad = [i for i in items if isinstance(i, BadRecord)]
    assert [a.id for a in articles] == [sha16(RIOT_URL), sha16(CLSK_URL)]
    assert [a.title for a in articles] == ["Riot sells 500 BTC", "CleanSpark to buy GRIID"]
    assert [a.published for a in articles] == ["2024-03-20", "2024-06-27"]
    assert [a.url for a in articles] == [RIOT_URL, CLSK_URL]
    for article, paragraphs in zip(articles, (RIOT_PARAGRAPHS, CLEANSPARK_PARAGRAPHS)):
        assert all(p in article.text for p in paragraphs)
        assert "Copyright Mining Wire" not in article.text and "Markets" not in article.text  # boilerplate dropped
    (reject,) = bad
    assert reject.record.endswith(PNG_URL) and reject.reason == "not an HTML page (image/png)"

    summary, lines = run([path], Store(tmp_path / "store"), extractor, rejects_path=tmp_path / "rejects.jsonl")
    assert (summary.read, summary.ingested, summary.rejected) == (3, 2, 1) and balanced(summary)
    assert summary.moves >= 2
    assert len(lines) == 1 and "not an HTML page (image/png)" in lines[0]


def test_rss_and_atom_readers(tmp_path):
    rss = tmp_path / "mining.rss"
    rss.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Mining Wire</title><link>https://news.example.com/</link><description>News</description>
<item><title>Riot sells 500 BTC</title><link>https://news.example.com/riot</link><guid>riot-2024-03</guid>
<pubDate>Wed, 20 Mar 2024 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Riot Platforms sold &lt;b&gt;500 BTC&lt;/b&gt; in March 2024 to fund its expansion.&lt;/p&gt;</description></item>
<item><title>CleanSpark buys GRIID</title><link>https://news.example.com/cleanspark</link>
<pubDate>Thu, 27 Jun 2024 12:00:00 GMT</pubDate>
<description>CleanSpark agreed to acquire GRIID Infrastructure for $155 million in stock.</description></item>
</channel></rss>""",
        encoding="utf-8",
    )
    atom = tmp_path / "mining.atom"
    atom.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Mining</title><id>urn:feed:mining</id><updated>2025-04-01T00:00:00Z</updated>
<entry><title>MARA buys a wind farm</title><id>urn:uuid:mara-wind</id><link href="https://news.example.com/mara-wind"/>
<published>2024-12-19T08:00:00Z</published><updated>2024-12-20T08:00:00Z</updated>
<content type="html">&lt;p&gt;MARA Holdings acquired a 114 megawatt wind farm in Hansford County, Texas.&lt;/p&gt;</content></entry>
<entry><title>Hut 8 launches American Bitcoin</title><id>urn:uuid:hut8-abtc</id><link href="https://news.example.com/hut8"/>
<updated>2025-03-31T10:00:00Z</updated>
<summary>Hut 8 launched American Bitcoin, a new mining subsidiary, in March 2025.</summary></entry>
</feed>""",
        encoding="utf-8",
    )

    items = list(sources.read([rss]))
    assert not [i for i in items if isinstance(i, BadRecord)]
    assert [a.id for a in items] == [sha16("riot-2024-03"), sha16("https://news.example.com/cleanspark")]
    assert [a.title for a in items] == ["Riot sells 500 BTC", "CleanSpark buys GRIID"]
    assert [a.published for a in items] == ["2024-03-20", "2024-06-27"]
    assert [a.url for a in items] == ["https://news.example.com/riot", "https://news.example.com/cleanspark"]
    assert "Riot Platforms sold  500 BTC  in March 2024" in items[0].text and "<" not in items[0].text
    assert items[1].text == "CleanSpark agreed to acquire GRIID Infrastructure for $155 million in stock."

    items = list(sources.read([atom]))
    assert not [i for i in items if isinstance(i, BadRecord)]
    assert [a.id for a in items] == [sha16("urn:uuid:mara-wind"), sha16("urn:uuid:hut8-abtc")]
    assert [a.title for a in items] == ["MARA buys a wind farm", "Hut 8 launches American Bitcoin"]
    assert [a.published for a in items] == ["2024-12-19", "2025-03-31"]  # published, else updated
    assert [a.url for a in items] == ["https://news.example.com/mara-wind", "https://news.example.com/hut8"]
    assert items[0].text == "MARA Holdings acquired a 114 megawatt wind farm in Hansford County, Texas."
    assert "American Bitcoin, a new mining subsidiary" in items[1].text


def test_html_reader_finds_title_date_and_main_text(tmp_path):
    path = tmp_path / "mara-wind-farm.html"
    path.write_text(
        html_page(
            "MARA buys a Texas wind farm", MARA_PARAGRAPHS, "2024-12-19", canonical="https://news.example.com/mara-wind"
        ),
        encoding="utf-8",
    )
    (article,) = list(sources.read([path]))
    assert not isinstance(article, BadRecord), article
    assert article.id == "mara-wind-farm"
    assert article.title == "MARA buys a Texas wind farm"
    assert article.published == "2024-12-19"
    assert article.url == "https://news.example.com/mara-wind"
    assert all(p in article.text for p in MARA_PARAGRAPHS)
    assert "Copyright Mining Wire" not in article.text


def test_csv_reader_takes_good_rows_and_rejects_a_row_with_an_extra_field(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text(
        "id,title,published,url,text\n"
        'c1,Riot sells bitcoin,2024-03-20,https://news.example.com/c1,"Riot Platforms sold 500 BTC in March 2024, the miner said."\n'
        'c2,Extra,2024-03-21,https://news.example.com/c2,"CleanSpark bought rigs for its Georgia sites.",surplus\n',
        encoding="utf-8",
    )
    good, bad = list(sources.read([path]))
    assert (good.id, good.title, good.published, good.url) == (
        "c1",
        "Riot sells bitcoin",
        "2024-03-20",
        "https://news.example.com/c1",
    )
    assert good.text == "Riot Platforms sold 500 BTC in March 2024, the miner said."
    assert isinstance(bad, BadRecord)
    assert bad.record.endswith("articles.csv:3") and bad.reason == "row has more fields than the header"


JSONL_RECORDS = [
    {
        "id": "j1",
        "title": "Riot sells",
        "published": "2024-01-02",
        "url": "https://news.example.com/j1",
        "text": "Riot Platforms sold 500 BTC in March 2024 to fund growth.",
    },
    {
        "id": "j2",
        "title": "CleanSpark buys",
        "published": "2024-01-03",
        "url": "https://news.example.com/j2",
        "text": "CleanSpark acquired GRIID Infrastructure for 155 million dollars.",
    },
]


@pytest.mark.parametrize(
    "suffix, compress",
    [
        (".jsonl.gz", gzip.compress),
        (".jsonl.zst", lambda data: zstandard.ZstdCompressor(level=3).compress(data)),
    ],
)
def test_compressed_jsonl(tmp_path, suffix, compress):
    path = tmp_path / f"dump{suffix}"
    path.write_bytes(compress("".join(json.dumps(r) + "\n" for r in JSONL_RECORDS).encode()))
    items = list(sources.read([path]))
    assert [(a.id, a.title, a.published, a.url, a.text) for a in items] == [
        (r["id"], r["title"], r["published"], r["url"], r["text"]) for r in JSONL_RECORDS
    ]


@pytest.mark.parametrize(
    "suffix, compress",
    [
        pytest.param(".jsonl.gz", gzip.compress, id="gz"),
        pytest.param(".jsonl.zst", lambda data: zstandard.ZstdCompressor(level=3).compress(data), id="zst"),
    ],
)
def test_a_truncated_compressed_jsonl_is_reported(tmp_path, suffix, compress):
    path = tmp_path / f"cut{suffix}"
    whole = compress("".join(json.dumps(r) + "\n" for r in JSONL_RECORDS).encode())
    path.write_bytes(whole[: int(len(whole) * 0.7)])
    items = list(sources.read([path]))
    assert any(isinstance(i, BadRecord) and "truncated or corrupt" in i.reason for i in items), items


def test_an_html_page_without_a_date_gets_no_published_date(tmp_path):
    path = tmp_path / "greenidge.html"
    path.write_text(html_page("Greenidge sells bitcoin", GREENIDGE), encoding="utf-8")
    (article,) = list(sources.read([path]))
    assert all(p in article.text for p in GREENIDGE)
    assert article.published is None


def test_format_override_reads_an_unknown_extension(tmp_path, extractor):
    path = write_jsonl(tmp_path / "export.dat", JSONL_RECORDS)
    (unknown,) = list(sources.read([path]))
    assert isinstance(unknown, BadRecord) and "unknown file type" in unknown.reason
    assert [a.id for a in sources.read([path], format="jsonl")] == ["j1", "j2"]
    store = Store(tmp_path / "store")
    summary, _ = run([path], store, extractor, format="jsonl")
    assert (summary.read, summary.ingested, summary.rejected) == (2, 2, 0)
    assert article_ids(store) == {"j1", "j2"}


# --- 2. duplicates ------------------------------------------------------------------------------
def test_the_same_text_under_two_ids_is_an_exact_duplicate(tmp_path, extractor):
    path = write_jsonl(
        tmp_path / "dup.jsonl",
        [
            {"id": "original", "text": STORY, "url": "https://news.example.com/bitdeer"},
            {"id": "syndicated", "text": STORY, "url": "https://wire.example.org/bitdeer-ohio"},
        ],
    )
    store = Store(tmp_path / "store")
    summary, _ = run([path], store, extractor)
    assert (summary.read, summary.ingested, summary.duplicates, summary.near_duplicates) == (2, 1, 1, 0)
    assert balanced(summary)
    assert article_ids(store) == {"original"}


def test_the_same_url_with_tracking_parameters_is_a_duplicate(tmp_path, extractor):
    path = write_jsonl(
        tmp_path / "dup.jsonl",
        [
            {
                "id": "a",
                "url": "https://news.example.com/story/42",
                "text": "Riot Platforms sold 500 BTC in March 2024 to fund its Corsicana expansion.",
            },
            {
                "id": "b",
                "url": "https://News.example.com/story/42/?utm_source=x&utm_medium=email#comments",
                "text": "Updated: Riot Platforms sold 510 BTC in March 2024 to fund the build-out of Corsicana.",
            },
        ],
    )
    store = Store(tmp_path / "store")
    summary, _ = run([path], store, extractor)
    assert (summary.ingested, summary.duplicates) == (1, 1) and balanced(summary)
    assert article_ids(store) == {"a"}


def test_a_near_duplicate_is_linked_to_its_story_and_not_parsed(tmp_path, extractor):
    path = write_jsonl(
        tmp_path / "near.jsonl",
        [
            {"id": "bitdeer-ohio", "title": "Bitdeer buys Ohio site", "text": STORY},
            {"id": "bitdeer-ohio-copy", "title": "Bitdeer to buy Ohio power site", "text": STORY_COPY},
        ],
    )
    store = Store(tmp_path / "store")
    summary, _ = run([path], store, extractor)
    assert (summary.read, summary.ingested, summary.duplicates, summary.near_duplicates) == (2, 1, 0, 1)
    assert balanced(summary)
    assert moves_from(store, "bitdeer-ohio") >= 1
    assert moves_from(store, "bitdeer-ohio-copy") == 0  # not parsed
    links = store.query("SELECT ?a ?b WHERE { ?a mkg:sameStoryAs ?b }")
    assert links.to_dict("records") == [
        {"a": str(article_iri("bitdeer-ohio-copy")), "b": str(article_iri("bitdeer-ohio"))}
    ]
    assert article_ids(store) == {"bitdeer-ohio", "bitdeer-ohio-copy"}  # the copy is described, with its title

    # a later run over a third copy still finds the story in the checkpoint
    later = write_jsonl(
        tmp_path / "later.jsonl",
        [{"id": "bitdeer-ohio-reprint", "text": STORY.replace("on Tuesday that", "on Wednesday that")}],
    )
    summary, _ = run([later], store, extractor)
    assert (summary.ingested, summary.near_duplicates) == (0, 1)
    assert len(store.query("SELECT ?a WHERE { ?a mkg:sameStoryAs ?b }")) == 2


def test_a_record_repeated_in_one_run_is_parsed_once(tmp_path, extractor):
    record = generated_articles(1)[0]
    path = write_jsonl(tmp_path / "twice.jsonl", [record, record])
    store = Store(tmp_path / "store")
    summary, _ = run([path], store, extractor)
    assert article_ids(store) == {record["id"]} and moves_from(store, record["id"]) == 1 and balanced(summary)
    assert (summary.read, summary.ingested, summary.moves) == (2, 1, 1)
    assert summary.duplicates + summary.already_ingested == 1


# --- 3. prefilter -------------------------------------------------------------------------------
def test_the_prefilter_lists_an_irrelevant_article_and_can_be_turned_off(tmp_path, extractor):
    path = write_jsonl(
        tmp_path / "mixed.jsonl",
        [
            {"id": "bakery", "title": "Bread costs more", "url": "https://town.example.com/bakery", "text": BAKERY},
            {"id": "riot", "text": "Riot Platforms sold 500 BTC in March 2024 to fund its Corsicana expansion."},
        ],
    )
    listing = tmp_path / "irrelevant.jsonl"
    store = Store(tmp_path / "filtered")
    summary, _ = run([path], store, extractor, irrelevant_path=listing)
    assert (summary.read, summary.ingested, summary.irrelevant) == (2, 1, 1) and balanced(summary)
    assert article_ids(store) == {"riot"}
    assert [json.loads(line) for line in listing.read_text().splitlines()] == [
        {"id": "bakery", "title": "Bread costs more", "url": "https://town.example.com/bakery"}
    ]
    assert any(str(listing) in line for line in summary.lines())

    store = Store(tmp_path / "unfiltered")
    summary, _ = run([path], store, extractor, irrelevant_path=tmp_path / "none.jsonl", prefilter=False)
    assert (summary.read, summary.ingested, summary.irrelevant) == (2, 2, 0)
    assert article_ids(store) == {"bakery", "riot"}
    assert not (tmp_path / "none.jsonl").exists()


# --- 4. kill -9 and resume ----------------------------------------------------------------------
def _ingested_in_checkpoint(checkpoint: Path) -> int:
    """Committed 'ingested' rows, read read-only while the writer runs; -1 while unreadable."""
    if not checkpoint.exists():
        return -1
    try:
        db = sqlite3.connect(f"file:{checkpoint}?mode=ro", uri=True, timeout=2)
        try:
            return db.execute("SELECT count(*) FROM articles WHERE status = 'ingested'").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return -1


def _kill_when(command: list[str], checkpoint: Path, at_least: int, log: Path, timeout: float = 180) -> int:
    """SIGKILL the writer once ``at_least`` articles are committed; its NLP workers must end with it."""
    with log.open("wb") as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + timeout
        while (seen := _ingested_in_checkpoint(checkpoint)) < at_least:
            assert process.poll() is None, f"ended before {at_least} were ingested: {log.read_text()}"
            assert time.monotonic() < deadline, f"only {seen} ingested after {timeout} s"
            time.sleep(0.02)
        assert process.poll() is None, "finished before it could be killed"
        workers = psutil.Process(process.pid).children(recursive=True)
        assert workers, "the NLP stage runs in a worker process by default"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        _gone, alive = psutil.wait_procs(workers, timeout=20)
        assert not alive, f"workers outlived the killed writer: {alive}"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    return seen


def test_a_run_killed_with_sigkill_resumes_to_the_same_graph(tmp_path, extractor):
    total = 2000
    dump = write_jsonl(tmp_path / "dump.jsonl", generated_articles(total))

    clean = Store(tmp_path / "clean" / "store")
    summary, lines = run([dump], clean, extractor)
    assert (summary.read, summary.ingested, summary.near_duplicates, summary.duplicates) == (total, total, 0, 0)
    assert (summary.irrelevant, summary.rejected) == (0, 0) and not lines
    expected = nquads(clean)

    path = tmp_path / "killed" / "store"
    checkpoint = Path(checkpoint_path(Store(path)))
    assert checkpoint == path.parent / "store.ingest.sqlite"
    command = [str(MINEKG), "ingest", str(dump), "--store", str(path), "--quiet"]
    seen = []
    for number, at_least in enumerate((300, 900, 1500)):
        seen.append(_kill_when(command, checkpoint, at_least, tmp_path / f"run{number}.log"))
        after = _ingested_in_checkpoint(checkpoint)
        assert at_least <= after < total  # killed mid-run; what was committed survives
    assert seen == sorted(seen)

    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    found = re.search(
        r"read (\d+), ingested (\d+), already ingested (\d+), exact duplicates (\d+), "
        r"near-duplicates (\d+), irrelevant (\d+), rejected (\d+)",
        done.stderr,
    )
    assert found, done.stderr
    read, ingested, already, duplicates, near, irrelevant, rejected = map(int, found.groups())
    assert read == total and ingested + already == total
    assert already >= seen[-1] and ingested > 0
    assert duplicates == near == irrelevant == rejected == 0
    assert _ingested_in_checkpoint(checkpoint) == total

    resumed = Store(path, read_only=True)
    assert resumed.stats()["articles"] == total
    got = nquads(resumed)
    assert len(got) == len(expected) and got == expected  # nothing lost, nothing doubled


# --- 5. a hostile batch -------------------------------------------------------------------------
def _two_page_warc(path: Path, compress: bool = True) -> bytes:
    write_warc(
        path,
        [
            (
                "https://news.example.com/greenidge",
                "text/html",
                html_page("Greenidge sells bitcoin", GREENIDGE).encode(),
            ),
            ("https://news.example.com/argo", "text/html", html_page("Argo sells Helios", ARGO).encode()),
        ],
        compress=compress,
    )
    raw = path.read_bytes()
    path.unlink()
    return raw


def _truncated_warc(folder: Path) -> Path:
    """A valid two-page .warc.gz with its last 30% of bytes cut off."""
    raw = _two_page_warc(folder / "whole.warc.gz")
    cut = folder / "truncated.warc.gz"
    cut.write_bytes(raw[: int(len(raw) * 0.7)])
    return cut


HOSTILE_GOOD = {
    "good-1": "Bitfarms sold 200 BTC in April 2024 to pay for new Antminer rigs at its Paraguay sites.",
    "good-2": "TeraWulf raised $500 million through convertible notes in October 2024 to build data centers.",
    "good-3": "Cipher Mining signed a hosting agreement with Amazon Web Services for 300 megawatts in November 2025.",
}


@pytest.fixture()
def hostile(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    huge = folder / "hostile.jsonl"
    with huge.open("wb") as out:
        out.write((json.dumps({"id": "good-1", "text": HOSTILE_GOOD["good-1"]}) + "\n").encode())
        out.write(
            json.dumps(
                {"id": "latin1", "text": "Hut 8 sold its Drumheller site for 2 million Canadian dólares."},
                ensure_ascii=False,
            ).encode("latin-1")
            + b"\n"
        )
        out.write(b'{"id": "surrogate", "text": "MARA sold 100 BTC \\ud800 in May 2024 to pay its bills."}\n')
        out.write(b'{"id": "control", "text": "MARA sold 100 BTC\\u0000\\u0007 in May 2024 to pay its bills."}\n')
        out.write((json.dumps({"id": "long", "text": "bitcoin " * 150_000}) + "\n").encode())  # 1.2 M characters
        out.write((json.dumps({"id": "five-million", "text": ("hashrate " * 555_556)[:5_000_000]}) + "\n").encode())
        out.write(b'{"id": "hundred-mb", "text": "')  # one ~100 MB line, written a megabyte at a time
        chunk = b"hashrate " * ((1 << 20) // 9)
        for _ in range(100 * (1 << 20) // len(chunk)):
            out.write(chunk)
        out.write(b'"}\n')
        out.write((json.dumps({"id": "good-2", "text": HOSTILE_GOOD["good-2"]}) + "\n").encode())
    (folder / "good-3.md").write_text(HOSTILE_GOOD["good-3"], encoding="utf-8")
    _truncated_warc(folder)
    (folder / "xxe.rss").write_text(
        """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>Feed</title><link>https://feed.example.com/</link><description>x</description>
<item><title>Core Scientific news</title><link>https://feed.example.com/corz</link>
<description>Core Scientific signed a hosting deal with CoreWeave in June 2024. &xxe; More to follow.</description></item>
</channel></rss>""",
        encoding="utf-8",
    )
    yield folder
    huge.unlink()  # pytest keeps recent tmp dirs; do not leave 100 MB behind


JSONL_REJECTS = {  # line of hostile.jsonl -> start of the reason
    2: "not valid UTF-8",
    3: "text holds a lone surrogate",
    4: "text holds control characters",
    5: "text of 1,200,000 characters is over the 1,000,000 limit",
    6: "text of 5,000,000 characters is over the 1,000,000 limit",
    7: "line is over",
}


def test_a_hostile_batch_is_read_through_and_every_bad_record_is_reported(hostile, tmp_path, extractor):
    assert (hostile / "hostile.jsonl").stat().st_size > 100_000_000
    rejects = tmp_path / "rejects.jsonl"
    store = Store(tmp_path / "store")
    summary, lines = run([hostile], store, extractor, rejects_path=rejects)  # no crash
    assert balanced(summary)
    assert (
        summary.ingested + summary.rejected + summary.duplicates + summary.near_duplicates + summary.irrelevant
        == summary.read
    )
    assert set(HOSTILE_GOOD) <= article_ids(store)

    written = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert len(written) == summary.rejected == len(lines)
    assert all(r["record"] and r["reason"] for r in written)
    assert all(line.startswith("skipped ") and "\n" not in line and len(line) < 500 for line in lines)
    by_line = {int(r["record"].rsplit(":", 1)[1]): r["reason"] for r in written if "hostile.jsonl:" in r["record"]}
    assert set(by_line) == set(JSONL_REJECTS)
    for number, reason in JSONL_REJECTS.items():
        assert by_line[number].startswith(reason), (number, by_line[number])
    # the truncated WARC is read without crashing the batch; that it is reported is
    # test_a_truncated_warc_gz_is_reported (a known bug)

    # the XXE feed: the entity is not expanded, in the reader or in the store
    assert "root:" in Path("/etc/passwd").read_text()
    feed = list(sources.read([hostile / "xxe.rss"]))
    assert feed and all("root:" not in (a.text + (a.title or "")) for a in feed if not isinstance(a, BadRecord))
    leaked = store.query('SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?o), "root:x")) }')
    assert leaked.empty


def test_a_truncated_warc_gz_is_reported(tmp_path):
    items = list(sources.read([_truncated_warc(tmp_path)]))
    assert [a.url for a in items if not isinstance(a, BadRecord)] == ["https://news.example.com/greenidge"]
    assert any("truncated" in b.reason for b in items if isinstance(b, BadRecord)), items


def test_a_warc_record_cut_inside_its_page_is_rejected_not_ingested_cut(tmp_path):
    raw = _two_page_warc(tmp_path / "whole.warc", compress=False)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(raw[: raw.index(ARGO[1].encode()) + 40])  # mid-way through the second page's text
    items = list(sources.read([cut]))
    for article in (i for i in items if not isinstance(i, BadRecord)):  # an article that is read is read whole
        body = GREENIDGE if "Greenidge" in article.text else ARGO
        assert all(p in article.text for p in body), f"cut article: {article.text!r}"
    assert any("truncated" in b.reason for b in items if isinstance(b, BadRecord)), items


def test_a_warc_cut_inside_a_record_header_does_not_abort_the_batch(tmp_path, extractor):
    raw = _two_page_warc(tmp_path / "whole.warc", compress=False)
    second = raw.index(b"WARC/1.", 10)
    cut = raw.index(b"WARC-Target-URI", second)
    (tmp_path / "cut.warc").write_bytes(raw[:cut])
    write_jsonl(tmp_path / "good.jsonl", [{"id": "good", "text": HOSTILE_GOOD["good-1"]}])
    store = Store(tmp_path / "store")
    summary, lines = run([tmp_path / "cut.warc", tmp_path / "good.jsonl"], store, extractor)
    assert "good" in article_ids(store)
    assert summary.rejected >= 1 and any("truncated" in line for line in lines)


# --- 6. workers and Dask ------------------------------------------------------------------------
@pytest.fixture()
def dask_scheduler():
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_serial_workers_and_dask_give_the_same_graph(tmp_path, extractor, dask_scheduler):
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "sample.jsonl").write_bytes((ARTICLES / "sample.jsonl").read_bytes())
    write_jsonl(folder / "generated.jsonl", generated_articles(30, prefix="par", seed=11))

    results = {}
    for name, options in {"serial": {}, "workers": {"workers": 2}, "dask": {"cluster": dask_scheduler}}.items():
        store = Store(tmp_path / name / "store")
        summary, lines = run([folder], store, extractor, batch_size=8, **options)
        assert not lines and balanced(summary)
        results[name] = (summary.read, summary.ingested, summary.moves, summary.quads), nquads(store)
    counts, graph = results["serial"]
    assert counts[0] >= 60 and counts[1] == counts[0] and counts[2] > 30
    assert results["workers"] == (counts, graph)
    assert results["dask"] == (counts, graph)
