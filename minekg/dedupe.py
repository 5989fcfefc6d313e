"""Article identity for bulk ingestion: canonical URLs, content hashes, near-duplicate detection,
and the checkpoint that lets an interrupted run resume.

Everything lives in one SQLite file beside the store, so memory stays flat however many articles
have been seen: near duplicates are found with MinHash signatures (datasketch) banded into an
on-disk LSH index, then confirmed by their estimated Jaccard similarity.

>>> canonical_url("https://Example.com/a/?utm_source=x&id=3&fbclid=y#top")
'https://example.com/a?id=3'
>>> index = Index(":memory:")
>>> a = "Riot Platforms sold 500 BTC in March to fund its expansion in Texas, the miner said on Monday."
>>> index.near_duplicate_of(signature(a)) is None
True
>>> index.add("a1", content_hash(a), None, signature(a), "ingested")
>>> index.near_duplicate_of(signature(a.replace("Monday", "Tuesday")))
'a1'
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
from datasketch import MinHash

NUM_PERM = 64
BANDS, ROWS = 16, 4  # 16 bands of 4 rows: pairs above ~0.5 similarity become candidates
NEAR_DUPLICATE = 0.8  # estimated Jaccard similarity of word 5-shingles
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|cmpid|ocid|ncid|src|igshid)$", re.I)
_WORD = re.compile(r"\w+")


def canonical_url(url: str | None) -> str | None:
    """The URL without tracking parameters, fragment, default ports or a trailing slash."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    )
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path.rstrip("/") or "/", query, ""))


def content_hash(text: str) -> str:
    """A hash of the text with case and white space folded."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()


def signature(text: str) -> np.ndarray:
    """The MinHash signature of the text's word 5-shingles."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + 5]) for i in range(max(len(words) - 4, 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash.hashvalues.astype(np.uint64)


def _bands(sig: np.ndarray) -> list[bytes]:
    return [hashlib.blake2b(sig[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).digest() for b in range(BANDS)]


class Index:
    """What has been seen, on disk: ids, URLs, hashes, signatures and each article's status."""

    def __init__(self, path: str | Path):
        self.db = sqlite3.connect(str(path))
        self.db.executescript(
            """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS articles (
                id TEXT PRIMARY KEY, url TEXT, hash TEXT NOT NULL, signature BLOB, status TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
            CREATE INDEX IF NOT EXISTS articles_hash ON articles(hash);
            CREATE TABLE IF NOT EXISTS bands (band INTEGER, key BLOB, id TEXT);
            CREATE INDEX IF NOT EXISTS bands_key ON bands(band, key);
            CREATE INDEX IF NOT EXISTS bands_id ON bands(id);
            """
        )

    def start_run(self) -> None:
        """Articles a stopped run had queued but not written are to be parsed again."""
        self.db.execute("UPDATE articles SET status = 'retry' WHERE status = 'queued'")
        self.db.commit()

    def status(self, article_id: str, text_hash: str) -> str | None:
        """The status recorded for this very article (same id, same text), if any."""
        row = self.db.execute(
            "SELECT status FROM articles WHERE id = ? AND hash = ?", (article_id, text_hash)
        ).fetchone()
        return row[0] if row else None

    def duplicate_of(self, article_id: str, url: str | None, text_hash: str) -> str | None:
        """Another article with the same canonical URL or the same text."""
        # two indexed lookups: an OR across both columns would scan the table
        row = self.db.execute("SELECT id FROM articles WHERE hash = ? AND id != ? LIMIT 1", (text_hash, article_id))
        found = row.fetchone()
        if found is None and url is not None:
            found = self.db.execute(
                "SELECT id FROM articles WHERE url = ? AND id != ? LIMIT 1", (url, article_id)
            ).fetchone()
        return found[0] if found else None

    def near_duplicate_of(self, sig: np.ndarray, article_id: str | None = None) -> str | None:
        candidates = set()
        for band, key in enumerate(_bands(sig)):
            candidates |= {
                r[0] for r in self.db.execute("SELECT id FROM bands WHERE band = ? AND key = ?", (band, key))
            }
        candidates.discard(article_id)
        best, best_score = None, NEAR_DUPLICATE
        for candidate in sorted(candidates):
            row = self.db.execute("SELECT signature FROM articles WHERE id = ?", (candidate,)).fetchone()
            score = float(np.mean(np.frombuffer(row[0], dtype=np.uint64) == sig))
            if score >= best_score:
                best, best_score = candidate, score
        return best

    def add(self, article_id: str, text_hash: str, url: str | None, sig: np.ndarray | None, status: str) -> None:
        """Record an article; those queued for or done with NLP join the near-duplicate index."""
        self.db.execute("DELETE FROM bands WHERE id = ?", (article_id,))
        self.db.execute(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)",
            (article_id, url, text_hash, sig.tobytes() if sig is not None else None, status),
        )
        if sig is not None and status in ("queued", "retry", "ingested"):
            self.db.executemany(
                "INSERT INTO bands VALUES (?, ?, ?)", [(b, key, article_id) for b, key in enumerate(_bands(sig))]
            )

    def any_ingested(self) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE status = 'ingested' LIMIT 1").fetchone() is not None

    def clear(self) -> None:
        """Forget every article (the store they were written to is gone)."""
        self.db.execute("DELETE FROM bands")
        self.db.execute("DELETE FROM articles")
        self.db.commit()

    def forget(self, article_id: str) -> None:
        """Drop an article, so that ingesting it again parses it again."""
        self.db.execute("DELETE FROM bands WHERE id = ?", (article_id,))
        self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def mark(self, article_id: str, status: str) -> None:
        self.db.execute("UPDATE articles SET status = ? WHERE id = ?", (status, article_id))

    def commit(self) -> None:
        self.db.commit()

    def close(self) -> None:
        self.db.commit()
        self.db.close()
