"""Bad input: one clear line per bad record, the rest ingested, skipped records counted and kept."""

import json

import pytest

from graph.store import Store
from minekg import sources
from minekg.errors import BadRecord
from minekg.ingest import ingest


@pytest.fixture()
def messy(tmp_path):
    good = {
        "id": "good-1",
        "title": "Riot sells",
        "published": "2024-03-20",
        "text": "Riot Platforms sold 500 BTC in March 2024.",
    }
    lines = [
        json.dumps(good),
        '{"id": "broken", "text": "unterminated',
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "good-2", "text": "CleanSpark acquired GRIID Infrastructure for $155 million."}),
        json.dumps({"id": "bad-date", "text": "MARA sold 100 BTC last week.", "published": "20th of May"}),
        json.dumps(["not", "an", "object"]),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes(
        "Hut 8 sold its Drumheller site for 2 million Canadian d\xf3lares.".encode("latin-1")
    )
    (tmp_path / "note.txt").write_text("Bitfarms named Ben Gagnon chief executive in 2024.", encoding="utf-8")
    return tmp_path


def test_readers_name_each_bad_record_and_its_reason(messy):
    items = list(sources.read([messy / "batch.jsonl", messy / "latin1.txt", messy / "missing.jsonl"]))
    bad = {b.record.rsplit("/", 1)[-1]: b.reason for b in items if isinstance(b, BadRecord)}
    assert bad["batch.jsonl:2"].startswith("malformed JSON")
    assert bad["batch.jsonl:3"] == "empty text"
    assert "not YYYY-MM-DD" in bad["batch.jsonl:5"]
    assert bad["batch.jsonl:6"] == "a line must hold a JSON object"
    assert bad["latin1.txt"].startswith("not valid UTF-8 (byte 0xf3")
    assert bad["missing.jsonl"] == "no such file or directory"
    assert [a.id for a in items if not isinstance(a, BadRecord)] == ["good-1", "good-2"]


def test_ingest_goes_on_counts_and_writes_rejects(messy, extractor):
    lines = []
    rejects = messy / "rejects.jsonl"
    summary = ingest(
        [messy, messy / "missing.jsonl"], Store(None), extractor=extractor, rejects_path=rejects, report=lines.append
    )
    assert (summary.ingested, summary.rejected) == (3, 6)
    assert summary.read == 9
    assert len(lines) == 6 and all(line.startswith("skipped ") and "\n" not in line for line in lines)
    written = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert len(written) == 6 and all(r["record"] and r["reason"] for r in written)
    assert "rejected 6" in summary.lines()[0] and str(rejects) in summary.lines()[1]


def test_an_empty_directory_is_reported(tmp_path):
    (item,) = list(sources.read([tmp_path]))
    assert isinstance(item, BadRecord) and "holds no" in item.reason
