"""The named queries answer the analyst questions, on the sample data and on hand-made graphs.

Every expectation in ``CASES`` was worked out by hand from ``data/articles/sample.jsonl`` and
the seed article (and ``data/companies.csv`` for names), not copied from a query's output.
Where the graph differs from a careful reading, because the extraction misses, adds or
misreads something, the case tests what the graph holds and a comment says why.

Two conventions of the extraction shape the hand answers:

- a move's date is the date its sentence gives, as precise as written (``2024``, ``2024-06``);
  a sentence without one gets the article's publication date; the seed article has none, so
  its moves (MARA's $1.5 billion bitcoin sale, its AI pivot) are undated;
- one move node per article: a move reported by two articles is two nodes.

The company-metric queries (``metric-series``, ``latest-metrics``, ``metric-ranking``,
``ai-share``, ``metric-history``) are checked on the hand-made ``metrics_store`` of
``tests/conftest.py`` (the sample articles hold no metrics yet): its figures are listed there, and
each case's comment works its answer out from them.

``CASES`` is plain data and :func:`check` takes any store with ``query(text, bindings)``, so
the same expectations can run against a remote SPARQL server.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import pytest

from graph import derived, named
from graph.store import Store
from graph.triples import move_iri
from minekg.errors import QueryError
from nlp.types import Amount, Article, CompanyRef, Entity, Evidence, Extraction, Move

SEED = "mara-ai-pivot"
HODL = "2024-07-mara-adopts-full-hodl-policy"
CONVERTIBLE = "2024-11-mara-closes-1-billion-convertible"
CORZ_SALE = "2022-06-core-scientific-sells-7202-btc"
ROUNDUP = "2022-07-miners-sell-bitcoin-in-june"
ANY = object()  # matches any value in an expected row


def _hand_move(article: str, type_: str, actor: str, start: int, amount: Amount | None = None) -> str:
    """A move's id from what a reader sees: article, type, actor, where its sentence starts and its amount
    (asserted, no counterparty)."""
    move = Move(type_, CompanyRef(actor, actor), Evidence("", start, start), amount=amount)
    return str(move_iri(article, move)).rsplit("/", 1)[-1]


# The seed's first sentence: "Marathon Digital Holdings (MARA) divested $1.5 billion worth of bitcoin holdings ..."
MARA_SALE = _hand_move(SEED, "AssetSale", "mara", 0, Amount(1.5e9, "USD"))
# "Core Scientific, one of the largest bitcoin miners in North America, filed for Chapter 11 ..." (first sentence)
CORZ_BANKRUPTCY = _hand_move("2022-12-core-scientific-files-for-chapter-11", "Restructuring", "core-scientific", 0)


@dataclass(frozen=True)
class Expect:
    """What one named query must answer, compared on a few columns.

    ``rows``: exactly these rows (after ``only``); ``first``: the answer starts with these rows, in
    order; ``includes`` / ``excludes``: rows that must / must not be there. ``only`` keeps the
    rows whose columns hold the given values before comparing.
    """

    query: str
    params: dict[str, str]
    columns: tuple[str, ...]
    rows: frozenset | None = None
    first: tuple = ()
    includes: frozenset = frozenset()
    excludes: frozenset = frozenset()
    only: dict[str, object] = field(default_factory=dict)
    store: str = "sample_store"  # the fixture holding the store the case is worked out on


def _metrics(query: str, params: dict[str, str], columns: tuple[str, ...], **expected) -> Expect:
    """A case on the hand-made metrics store (tests/conftest.py)."""
    return Expect(query, params, columns, store="metrics_store", **expected)


A, B, C, D, E = (f"metrics-{x}" for x in "abcde")  # the hand-made metrics articles
# MARA's hashrate, oldest period first: 2024-09-30 from two articles (published 10-03 and 10-10), then at
# 2024-12-31 the actual figure before the guidance.
MARA_HASHRATE = (
    ("2024-06-30", "2024-06-30", "2024-06-30", 31.5, "EH/s", "actual", C),
    ("2024-09-30", "2024-09-30", "2024-09-30", 36.9, "EH/s", "actual", A),
    ("2024-09-30", "2024-09-30", "2024-09-30", 37.0, "EH/s", "actual", B),
    ("2024-12-31", "2024-12-31", "2024-12-31", 53.2, "EH/s", "actual", E),
    ("2024-12-31", "2024-12-31", "2024-12-31", 50.0, "EH/s", "guidance", A),
    ("2025-12-31", "2025-12-31", "2025-12-31", 75.0, "EH/s", "guidance", E),
)
# Every hashrate observation, by period end then company name (MARA Holdings < Riot Platforms).
HASHRATE = (
    ("mara", "2024-06-30", 31.5, "actual", C),
    ("riot-platforms", "2024-06-30", 22.0, "actual", C),
    ("core-scientific", "2024-09-30", 19.1, "actual", D),
    ("mara", "2024-09-30", 36.9, "actual", A),
    ("mara", "2024-09-30", 37.0, "actual", B),
    ("riot-platforms", "2024-09-30", 28.0, "actual", B),
    ("mara", "2024-12-31", 53.2, "actual", E),
    ("mara", "2024-12-31", 50.0, "guidance", A),
    ("riot-platforms", "2024-12-31", 31.5, "actual", E),
    ("mara", "2025-12-31", 75.0, "guidance", E),
)

CASES: dict[str, Expect] = {
    # 1. A company's moves over time, with sources.
    "company-moves": Expect(
        "company-moves",
        {"company": "mara"},
        ("type", "date", "modality", "amount", "unit", "article"),
        rows=frozenset(
            {
                ("AssetSale", None, "asserted", 1.5e9, "USD", SEED),  # "divested $1.5 billion worth of bitcoin"
                (
                    "StrategicPivot",
                    None,
                    "asserted",
                    None,
                    None,
                    SEED,
                ),  # "strategic shift toward artificial intelligence"
                ("AssetPurchase", "2024-07-25", "asserted", 1e8, "USD", HODL),  # "bought $100 million of bitcoin"
                # "... and said it has returned to a 'full HODL' treasury policy": a policy has no amount of its own
                # (only a share of production kept), not the purchase's $100 million in the same sentence
                ("TreasuryPolicy", "2024-07-25", "asserted", None, None, HODL),
                ("Rebrand", "2024-08", "asserted", None, None, CONVERTIBLE),  # "changed its name ... in August 2024"
                ("CapitalRaise", "2024-11-21", "asserted", 1e9, "USD", CONVERTIBLE),  # "$1 billion ... convertible"
                # "acquired 6,474 BTC for a little more than $600 million": one amount per move; bitcoin bought
                # or sold is counted in bitcoin.
                ("AssetPurchase", "2024-11-21", "asserted", 6474.0, "BTC", CONVERTIBLE),
                # Not a move: "use about $199 million to repurchase part of its notes due 2026" is read as a planned
                # purchase (of bitcoin, from "the rest mainly to buy bitcoin") dated by "2026". An extraction error.
                ("AssetPurchase", "2026", "planned", 1.99e8, "USD", CONVERTIBLE),
            }
        ),
    ),
    "pivots": Expect(
        "pivots",
        {"sector": "AI"},
        ("company", "date", "article"),
        rows=frozenset(
            {
                ("mara", None, SEED),
                ("core-scientific", "2024-06-03", "2024-06-core-scientific-coreweave-hosting-deal"),
                ("hut-8", "2024-06-24", "2024-06-hut-8-coatue-150-million"),
                ("iren", "2024-11-27", "2024-11-iris-energy-renamed-iren"),
                # "IREN, which reached 50 EH/s ... in June 2025, has been steadily moving ... to AI workloads"
                ("iren", "2025-06", "2025-11-iren-signs-microsoft-ai-cloud-contract"),
                ("galaxy-digital", "2025-08-15", "2025-08-galaxy-secures-financing-for-helios"),
                # Not TeraWulf (its pivot is to HPC), not Bitfarms (planned), not Riot or CleanSpark (speculation).
            }
        ),
    ),
    "pivots: HPC": Expect(
        "pivots", {"sector": "HPC"}, ("company", "date"), rows=frozenset({("terawulf", "2025-08-14")})
    ),
    "companies": Expect(
        "companies",
        {},
        ("company", "ticker", "category", "moves"),
        includes=frozenset(
            {
                ("mara", "MARA", "miner", 8),  # the 8 rows of company-moves above
                ("hut-8", "HUT", "miner", 3),  # USBTC merger, Coatue note, AI pivot
                ("terawulf", "WULF", "miner", 3),  # Fluidstack leases, Google's backstop of them, HPC pivot
                # the AWS lease, the Fluidstack agreement before it, and the 300 MW it will deliver in 2026
                ("cipher-mining", "CIFR", "miner", 3),
                ("strategy", "MSTR", "other", 0),  # in the registry, in no article
            }
        ),
    ),
    "neighbourhood": Expect(
        "neighbourhood",
        {"company": "mara"},
        ("edge", "target"),
        includes=frozenset(
            {
                ("peer of", "riot-platforms"),
                ("peer of", "cleanspark"),
                ("source", SEED),
                ("source", HODL),
                ("source", CONVERTIBLE),
                ("part of trend", "AIHPCPivot"),
                ("part of trend", "TreasurySales"),
            }
        ),
    ),
    # A trend's neighbourhood: the moves in it, each with its actor (the graph page's trend view).
    "neighbourhood: a trend": Expect(
        "neighbourhood",
        {"company": "https://w3id.org/minekg/taxonomy/trend/AIHPCPivot"},
        ("edge", "source", "type"),
        only={"edge": "actor of"},
        # The AI pivots of trend-joiners below, and MARA's; Riot's and CleanSpark's are speculation, but in the trend.
        includes=frozenset(
            {
                ("actor of", "mara", "StrategicPivot"),
                ("actor of", "core-scientific", "StrategicPivot"),
                ("actor of", "hut-8", "StrategicPivot"),
                ("actor of", "iren", "StrategicPivot"),
                ("actor of", "terawulf", "StrategicPivot"),
                ("actor of", "riot-platforms", "StrategicPivot"),
            }
        ),
        excludes=frozenset({("actor of", "mara", "AssetSale")}),  # the seed's sale is a treasury sale
    ),
    # What the explorer's search suggests (data/companies.csv's former names and aliases, people named in articles).
    "search-terms": Expect(
        "search-terms",
        {},
        ("term", "kind", "company"),
        includes=frozenset(
            {
                ("MARA Holdings", "company", "mara"),
                ("Iris Energy", "former name", "iren"),
                ("Marathon Patent Group", "former name", "mara"),
                ("Marathon", "other name", "mara"),
                ("Asher Genoot", "person", "hut-8"),  # "said Asher Genoot, CEO of Hut 8"
                ("AI/HPC pivot", "trend", None),
            }
        ),
        # a former name is not offered twice; the halving is context, no company's move
        excludes=frozenset({("Marathon Patent Group", "other name", "mara"), ("Bitcoin halving", "trend", None)}),
    ),
    # 2. Miners that joined the AI/HPC pivot and when.
    "trend-joiners": Expect(
        "trend-joiners",
        {},
        ("company", "first", "moves", "article"),
        # Ordered by first date, the undated seed first. Not Bitfarms (planned), Riot, CleanSpark (speculation).
        first=(
            ("mara", None, 1, SEED),
            ("core-scientific", "2024-06-03", 1, "2024-06-core-scientific-coreweave-hosting-deal"),
            ("hut-8", "2024-06-24", 1, "2024-06-hut-8-coatue-150-million"),
            ("iren", "2024-11-27", 2, "2024-11-iris-energy-renamed-iren"),  # and again in 2025-06
            ("terawulf", "2025-08-14", 1, "2025-08-terawulf-fluidstack-google-backstop"),  # HPC counts
            ("galaxy-digital", "2025-08-15", 1, "2025-08-galaxy-secures-financing-for-helios"),
        ),
        rows=frozenset(
            {
                ("mara", None, 1, SEED),
                ("core-scientific", "2024-06-03", 1, "2024-06-core-scientific-coreweave-hosting-deal"),
                ("hut-8", "2024-06-24", 1, "2024-06-hut-8-coatue-150-million"),
                ("iren", "2024-11-27", 2, "2024-11-iris-energy-renamed-iren"),
                ("terawulf", "2025-08-14", 1, "2025-08-terawulf-fluidstack-google-backstop"),
                ("galaxy-digital", "2025-08-15", 1, "2025-08-galaxy-secures-financing-for-helios"),
            }
        ),
    ),
    "trend-joiners: treasury sales": Expect(
        "trend-joiners",
        {"trend": "TreasurySales"},
        ("company", "first", "moves"),
        rows=frozenset(
            {
                ("mara", None, 1),
                # One sale of 7,202 BTC in June, in its announcement and again in the July 2022 roundup.
                ("core-scientific", "2022-06", 2),
                # "In May it sold nearly 300 BTC"; "selling part of its monthly production" is its treasury policy
                ("cleanspark", "2025-05", 1),
                ("bit-digital", "2025-07-07", 1),  # "sold about 280 BTC"
            }
        ),
    ),
    # 3. Who followed a company's move within N days.
    "followers": Expect(
        "followers",
        {},  # Core Scientific's StrategicPivot, 180 days
        ("follower", "date", "lag"),
        # Core Scientific's pivot is dated 2024-06-03; Hut 8's 21 days later; IREN's 2024-11-27 is
        # 27 + 31 + 31 + 30 + 31 + 27 = 177 days later. TeraWulf and Galaxy (2025-08) are too late.
        first=(("hut-8", "2024-06-24", 21), ("iren", "2024-11-27", 177)),
        rows=frozenset({("hut-8", "2024-06-24", 21), ("iren", "2024-11-27", 177)}),
    ),
    "followers: a year": Expect(
        "followers",
        {"company": "core-scientific", "type": "StrategicPivot", "days": "365"},
        ("follower", "date", "lag"),
        # IREN's 2025-06 counts from 2025-06-01: 365 - 2 = 363 days after 2024-06-03.
        rows=frozenset({("hut-8", "2024-06-24", 21), ("iren", "2024-11-27", 177), ("iren", "2025-06", 363)}),
    ),
    "followers: MARA's undated pivot": Expect(
        "followers",
        {"company": "mara", "type": "StrategicPivot", "days": "180"},
        ("follower",),
        rows=frozenset(),  # the seed has no date, so MARA's pivot has none to count from
    ),
    # 4. The largest bitcoin sales.
    "bitcoin-sales": Expect(
        "bitcoin-sales",
        {},
        ("company", "usd", "btc"),
        # Hand: MARA $1.5 billion; Core Scientific 7,202 BTC (for about $167 million), in its announcement and in
        # the July roundup; CleanSpark nearly 300 BTC; Bit Digital about 280 BTC. Bitcoin sold is counted in
        # bitcoin when the sentence gives both; the seed gives MARA's sale in dollars only.
        first=(
            ("mara", 1.5e9, None),
            ("core-scientific", None, 7202.0),
            ("core-scientific", None, 7202.0),
            ("cleanspark", None, 300.0),
            ("bit-digital", None, 280.0),
        ),
        # Bit Digital's planned "sale" of 3.125 BTC is the block reward in "cut block rewards to 3.125 BTC".
        excludes=frozenset({("bit-digital", None, 3.125)}),
    ),
    "bitcoin-sales: top 2": Expect(
        "bitcoin-sales",
        {"limit": "2"},
        ("company", "usd", "btc"),
        rows=frozenset({("mara", 1.5e9, None), ("core-scientific", None, 7202.0)}),
    ),
    # 5. Hosting and lease deals by client.
    "hosting-deals": Expect(
        "hosting-deals",
        {},
        ("client", "provider", "mw", "usd"),
        first=(
            ("amazon", "cipher-mining", None, 5.5e9),  # 15-year AWS lease
            ("argo-blockchain", "galaxy-digital", None, None),  # Galaxy hosts Argo's machines at Helios
            ("coreweave", "core-scientific", None, 3.5e9),  # 12-year contracts, ~200 MW, $3.5 billion (2024-06)
            ("coreweave", "applied-digital", 250.0, None),  # two ~15-year leases, 250 MW, ~$7 billion (2025-06)
            ("coreweave", "galaxy-digital", 800.0, None),  # Helios, 0.8 GW in all (2025-08)
            ("fluidstack", "terawulf", 200.0, None),  # 10-year colocation, >200 MW, $3.7 billion
            ("fluidstack", "terawulf", None, 1.8e9),  # Google's backstop of those leases, read as a lease
            ("fluidstack", "cipher-mining", None, 3e9),  # 10-year colocation at Barber Lake, 168 MW, $3 billion
            ("griid", "cleanspark", 20.0, None),  # hosting agreement, 20 MW
            ("microsoft", "iren", None, 9.7e9),  # five-year AI cloud contract
        ),
        # Google's $1.8 billion backstop of Fluidstack's leases is read as a second TeraWulf lease.
        rows=frozenset(
            {
                ("amazon", "cipher-mining", None, 5.5e9),
                ("coreweave", "core-scientific", None, 3.5e9),
                ("coreweave", "applied-digital", 250.0, None),
                ("coreweave", "galaxy-digital", 800.0, None),
                ("fluidstack", "cipher-mining", None, 3e9),
                ("fluidstack", "terawulf", 200.0, None),
                ("fluidstack", "terawulf", None, 1.8e9),
                ("griid", "cleanspark", 20.0, None),
                ("microsoft", "iren", None, 9.7e9),
                ("argo-blockchain", "galaxy-digital", None, None),
            }
        ),
    ),
    # 6. A company's peers.
    "peers": Expect(
        "peers",
        {"company": "mara"},
        ("peer", "article"),
        # "whether peers like Riot Platforms or CleanSpark follow suit" (seed). The HODL note's "whether peers
        # follow suit. Riot Platforms, ..." names Riot in the next sentence, which the extraction does not link.
        rows=frozenset({("riot-platforms", SEED), ("cleanspark", SEED)}),
    ),
    "peers: the other way round": Expect(
        "peers", {"company": "riot-platforms"}, ("peer", "article"), rows=frozenset({("mara", SEED)})
    ),
    # 7. Moves per type per quarter.
    "moves-by-quarter": Expect(
        "moves-by-quarter",
        {},
        ("quarter", "type", "moves"),
        only={"type": "StrategicPivot"},
        # Core Scientific 2024-06, Hut 8 2024-06, IREN 2024-11 and 2025-06, TeraWulf and Galaxy 2025-08;
        # MARA's undated pivot is not counted, the planned and speculative ones are not asserted.
        rows=frozenset(
            {("2024-Q2", "StrategicPivot", 2), ("2024-Q4", "StrategicPivot", 1), ("2025-Q2", "StrategicPivot", 1)}
            | {("2025-Q3", "StrategicPivot", 2)}
        ),
    ),
    "moves-by-quarter: rebrands": Expect(
        "moves-by-quarter",
        {},
        ("quarter", "type", "moves"),
        only={"type": "Rebrand"},
        # Riot 2023-01-03, MARA "in August 2024"; IREN's "a rebrand ... began earlier in 2024" is dated by the
        # year only (the annotation says 2024-11, when the name change completed), so it counts under 2024.
        rows=frozenset({("2023-Q1", "Rebrand", 1), ("2024-Q3", "Rebrand", 1), ("2024", "Rebrand", 1)}),
    ),
    # 8. The sources behind one move.
    "move-sources": Expect(
        "move-sources",
        {},  # MARA's $1.5 billion sale in the seed: no other article reports it
        ("move", "source", "article", "published"),
        rows=frozenset({(MARA_SALE, "extracted from", SEED, None)}),
    ),
    "move-sources: also reported": Expect(
        "move-sources",
        {"move": CORZ_BANKRUPTCY},
        ("source", "article", "published"),
        # The January 2024 article recalls that Core Scientific "sought court protection in December 2022": the
        # extraction dates that article's restructuring by it (2022-12, the annotation says 2024-01, the exit),
        # so it is another report of the same month's bankruptcy.
        first=(
            ("extracted from", "2022-12-core-scientific-files-for-chapter-11", "2022-12-21"),
            ("also reported", "2024-01-core-scientific-emerges-from-chapter-11", "2024-01-23"),
        ),
        rows=frozenset(
            {
                ("extracted from", "2022-12-core-scientific-files-for-chapter-11", "2022-12-21"),
                ("also reported", "2024-01-core-scientific-emerges-from-chapter-11", "2024-01-23"),
            }
        ),
    ),
    # 9. Conflicting figures. Core Scientific's June 2022 sale: its own announcement gives the graph $23,000 (the
    # average price) and $132 million (the cash it held afterwards), the July roundup $167 million (the proceeds,
    # right): three claims side by side, each with its article. Riot's Whinstone deal, Galaxy's Helios purchase and
    # Core Scientific's bankruptcy are reported twice too, with an amount in one article only.
    "conflicting-figures": Expect(
        "conflicting-figures",
        {},
        ("company", "type", "month", "unit", "amount", "article"),
        # Both reports of Core Scientific's June sale now give its 7,202 BTC (the $23,000 average price and the
        # $132 million cash it held after were read as amounts before), so the sample holds no conflict; the
        # hand-made store below has one.
        rows=frozenset(),
    ),
    # The same sale as one consolidated move with two sources; the bankruptcy, reported when filed and when
    # emerged from, is one move with two sources too.
    "consolidated-moves: Core Scientific": Expect(
        "consolidated-moves",
        {"company": "core-scientific"},
        ("type", "modality", "month", "sources", "amount", "article"),
        includes=frozenset(
            {
                ("AssetSale", "asserted", "2022-06", 2, 7202.0, CORZ_SALE),
                ("AssetSale", "asserted", "2022-06", 2, 7202.0, ROUNDUP),
                ("Restructuring", "asserted", "2022-12", 2, None, "2022-12-core-scientific-files-for-chapter-11"),
                ("Restructuring", "asserted", "2022-12", 2, None, "2024-01-core-scientific-emerges-from-chapter-11"),
            }
        ),
    ),
    # 10. Companies by former name.
    "former-names": Expect(
        "former-names",
        {"name": "marathon"},
        ("company", "current", "formerName", "from", "until"),
        rows=frozenset(
            {
                ("mara", "MARA Holdings", "Marathon Patent Group", "2012", "2021-03-01"),
                ("mara", "MARA Holdings", "Marathon Digital Holdings", "2021-03-01", "2024-08-29"),
            }
        ),
    ),
    "former-names: any case": Expect(
        "former-names",
        {"name": "RIOT BLOCK"},
        ("company", "formerName", "from", "until"),
        rows=frozenset({("riot-platforms", "Riot Blockchain", "2017-10", "2023-01")}),
    ),
    "former-names: no start date": Expect(
        "former-names",
        {"name": "Iris"},
        ("company", "current", "from", "until"),
        rows=frozenset({("iren", "IREN", None, "2024-11")}),
    ),
    "former-names: none": Expect("former-names", {"name": "Bitmain"}, ("company",), rows=frozenset()),
    # 11. Planned versus completed moves.
    "planned-vs-done": Expect(
        "planned-vs-done",
        {},
        ("company", "type", "planned", "asserted", "speculative"),
        only={"type": "StrategicPivot"},
        rows=frozenset(
            {
                ("mara", "StrategicPivot", 0, 1, 0),
                ("core-scientific", "StrategicPivot", 0, 1, 0),
                ("hut-8", "StrategicPivot", 0, 1, 0),
                ("iren", "StrategicPivot", 0, 2, 0),
                ("terawulf", "StrategicPivot", 0, 1, 0),
                ("galaxy-digital", "StrategicPivot", 0, 1, 0),
                ("bitfarms", "StrategicPivot", 1, 0, 0),  # "plans to wind down ... as it shifts ... toward HPC and AI"
                ("cleanspark", "StrategicPivot", 0, 0, 1),  # seed: "whether peers like ... CleanSpark follow suit"
                ("riot-platforms", "StrategicPivot", 0, 0, 2),  # seed, and "Riot Platforms could convert ..."
            }
        ),
    ),
    # 12. What changed since a date.
    "changes-since": Expect(
        "changes-since",
        {"since": "2025-07-01"},
        ("article",),
        # The sample articles published on or after 2025-07-01.
        rows=frozenset(
            {
                ("2025-07-bit-digital-swaps-bitcoin-for-ether",),
                ("2025-07-coreweave-to-acquire-core-scientific",),
                ("2025-08-terawulf-fluidstack-google-backstop",),
                ("2025-08-galaxy-secures-financing-for-helios",),
                ("2025-11-cipher-mining-aws-lease",),
                ("2025-11-iren-signs-microsoft-ai-cloud-contract",),
                ("2025-11-bitfarms-to-wind-down-bitcoin-mining",),
            }
        ),
        first=(("2025-11-bitfarms-to-wind-down-bitcoin-mining",),),  # newest first (2025-11-13)
    ),
    "changes-since: one article": Expect(
        "changes-since",
        {"since": "2025-11-04"},
        ("article", "type", "company", "modality"),
        rows=frozenset(
            {
                ("2025-11-bitfarms-to-wind-down-bitcoin-mining", "StrategicPivot", "bitfarms", "planned"),
                ("2025-11-bitfarms-to-wind-down-bitcoin-mining", "StrategicPivot", "riot-platforms", "speculative"),
                ("2025-11-bitfarms-to-wind-down-bitcoin-mining", "CapacityReduction", "bitfarms", "planned"),
                ("2025-11-bitfarms-to-wind-down-bitcoin-mining", "CapitalRaise", "bitfarms", "asserted"),  # $588M notes
                # Missed: the Stronghold purchase (March 2025).
            }
        ),
    ),
    "changes-since: the future": Expect("changes-since", {"since": "2030-01-01"}, ("article",), rows=frozenset()),
    # Analytics: consolidated moves, peer groups, who followed whom.
    "consolidated-moves": Expect(
        "consolidated-moves",
        {"company": "mara"},
        ("type", "modality", "month", "sources", "article"),
        # The company-moves rows above, one consolidated move each: no two sample articles report one MARA move.
        # Undated moves take their article's month; the seed has no date, so its two have none.
        rows=frozenset(
            {
                ("AssetPurchase", "planned", "2024-11", 1, CONVERTIBLE),
                ("CapitalRaise", "asserted", "2024-11", 1, CONVERTIBLE),
                ("AssetPurchase", "asserted", "2024-11", 1, CONVERTIBLE),
                ("Rebrand", "asserted", "2024-08", 1, CONVERTIBLE),  # the move's own month, not its article's
                ("AssetPurchase", "asserted", "2024-07", 1, HODL),
                ("TreasuryPolicy", "asserted", "2024-07", 1, HODL),
                ("AssetSale", "asserted", None, 1, SEED),
                ("StrategicPivot", "asserted", None, 1, SEED),
            }
        ),
        first=(("AssetPurchase", ANY, "2024-11", 1, CONVERTIBLE),),  # newest first
    ),
    "peer-group": Expect(
        "peer-group",
        {"company": "mara"},
        ("peer", "basis"),
        includes=frozenset(
            {
                ("riot-platforms", "named in an article"),  # the seed: "whether peers like Riot ... follow suit"
                ("cleanspark", "named in an article"),
                ("riot-platforms", "registry category"),  # miners all
                ("core-scientific", "registry category"),
                ("hut-8", "registry category"),
            }
        ),
        excludes=frozenset({("mara", ANY), ("coreweave", ANY), ("microsoft", ANY)}),  # not itself, not a miner
    ),
    "follows-suit": Expect(
        "follows-suit",
        {"company": "core-scientific"},
        ("type", "sector", "follower", "leaderDate", "followerDate", "lag"),
        # Core Scientific's AI pivot (CoreWeave hosting deal, 2024-06-03), then Hut 8's (2024-06-24) and IREN's
        # (2024-11-27). Galaxy (2025-08-15) is past 180 days; Riot's and CleanSpark's are speculation.
        rows=frozenset(
            {
                ("StrategicPivot", "AI", "hut-8", "2024-06-03", "2024-06-24", 21),
                ("StrategicPivot", "AI", "iren", "2024-06-03", "2024-11-27", 177),
            }
        ),
    ),
    # Every follow-suit link of a type and sector: Hut 8 -> IREN too, which follows-suit keyed by a leader misses.
    "trend-followers": Expect(
        "trend-followers",
        {},
        ("type", "sector", "leader", "leaderDate", "follower", "followerDate", "lag"),
        first=(
            ("StrategicPivot", "AI", "core-scientific", "2024-06-03", "hut-8", "2024-06-24", 21),
            ("StrategicPivot", "AI", "core-scientific", "2024-06-03", "iren", "2024-11-27", 177),
            ("StrategicPivot", "AI", "hut-8", "2024-06-24", "iren", "2024-11-27", 156),
        ),
        rows=frozenset(
            {
                ("StrategicPivot", "AI", "core-scientific", "2024-06-03", "hut-8", "2024-06-24", 21),
                ("StrategicPivot", "AI", "core-scientific", "2024-06-03", "iren", "2024-11-27", 177),
                ("StrategicPivot", "AI", "hut-8", "2024-06-24", "iren", "2024-11-27", 156),
            }
        ),
    ),
    "trend-followers: HPC": Expect("trend-followers", {"sector": "HPC"}, ("follower",), rows=frozenset()),
    # TeraWulf's Fluidstack deal (2025-08-14), then Cipher's AWS lease and IREN's Microsoft contract (2025-11-03)
    "trend-followers: agreements": Expect(
        "trend-followers",
        {"type": "CommercialAgreement"},
        ("leader", "follower", "lag"),
        rows=frozenset({("terawulf", "cipher-mining", 81), ("terawulf", "iren", 81)}),
    ),
    "company": Expect(
        "company",
        {"company": "mara"},
        ("name", "ticker", "exchange", "cik", "wikidata", "category"),
        rows=frozenset({("MARA Holdings", "MARA", "NASDAQ", "1507605", None, "miner")}),  # no verified QID for MARA
    ),
    "company: a Wikidata entity": Expect(
        "company",
        {"company": "microsoft"},
        ("name", "wikidata"),
        rows=frozenset({("Microsoft", "http://www.wikidata.org/entity/Q2283")}),
    ),
    # MARA's pivot in the seed has no date, so nothing can be ordered after it.
    "follows-suit: MARA": Expect("follows-suit", {"company": "mara"}, ("follower",), rows=frozenset()),
    # Company metrics, on the hand-made metrics store. 13. A company's time series of one metric: both
    # sources of 2024-09-30 side by side, guidance kept and marked.
    # Every figure of MARA (tests/conftest.py METRIC_FIGURES), metric by metric, oldest period end first.
    "company-metrics": _metrics(
        "company-metrics",
        {"company": "mara"},
        ("metric", "period", "value", "status", "article"),
        rows=frozenset(
            {
                ("BitcoinHeld", "2024-09-30", 26747.0, "actual", A),
                ("BitcoinHeld", "2024-09-30", 26842.0, "actual", B),
                ("Hashrate", "2024-06-30", 31.5, "actual", C),
                ("Hashrate", "2024-09-30", 36.9, "actual", A),
                ("Hashrate", "2024-09-30", 37.0, "actual", B),
                ("Hashrate", "2024-12-31", 50.0, "guidance", A),
                ("Hashrate", "2024-12-31", 53.2, "actual", E),
                ("Hashrate", "2025-12-31", 75.0, "guidance", E),
                ("Revenue", "2024-Q2", 145.1e6, "actual", C),
                ("Revenue", "2024-Q3", 131.6e6, "actual", A),
            }
        ),
    ),
    # On the sample data: Core Scientific's holdings after its June 2022 sale, "held 1,959 bitcoin ... at the
    # end of June" in its own announcement and "left with 1,959 bitcoin at the end of the month" in the July
    # roundup of June: one period, two sources, side by side.
    "metric-series: sample": Expect(
        "metric-series",
        {"company": "core-scientific", "metric": "BitcoinHeld"},
        ("period", "value", "unit", "status", "article"),
        rows=frozenset(
            {
                ("2022-06-30", 1959.0, "BTC", "actual", CORZ_SALE),
                ("2022-06-30", 1959.0, "BTC", "actual", ROUNDUP),
            }
        ),
    ),
    # Hashrate across companies, for the Compare page's chart: CleanSpark "has reached 50 EH/s" (as of its
    # article), IREN "reached 50 EH/s ... in June 2025", HIVE's target of "about 25 EH/s by September 2025".
    # Riot's 38 EH/s target "once the machines from this order and an earlier June order are deployed" has
    # no date; the extraction reads "June" as its date (2024-06), an error the case records.
    "metric-history: sample": Expect(
        "metric-history",
        {"metric": "Hashrate"},
        ("company", "period", "value", "status"),
        rows=frozenset(
            {
                ("riot-platforms", "2024-06", 38.0, "guidance"),
                ("cleanspark", "2025-06-24", 50.0, "actual"),
                ("iren", "2025-06", 50.0, "actual"),
                ("hive-digital", "2025-09", 25.0, "guidance"),
            }
        ),
    ),
    "metric-series": _metrics(
        "metric-series",
        {},  # MARA's hashrate
        ("period", "start", "end", "value", "unit", "status", "article"),
        first=MARA_HASHRATE,
        rows=frozenset(MARA_HASHRATE),
    ),
    "metric-series: revenue per quarter": _metrics(
        "metric-series",
        {"company": "mara", "metric": "Revenue"},
        ("period", "start", "end", "value", "unit", "status", "article"),
        first=(
            ("2024-Q2", "2024-04-01", "2024-06-30", 145.1e6, "USD", "actual", C),
            ("2024-Q3", "2024-07-01", "2024-09-30", 131.6e6, "USD", "actual", A),
        ),
        rows=frozenset(
            {
                ("2024-Q2", "2024-04-01", "2024-06-30", 145.1e6, "USD", "actual", C),
                ("2024-Q3", "2024-07-01", "2024-09-30", 131.6e6, "USD", "actual", A),
            }
        ),
    ),
    "metric-series: a company without metrics": _metrics(
        "metric-series", {"company": "cleanspark"}, ("period",), rows=frozenset()
    ),
    # 14. The latest actual figure of each metric: MARA's hashrate at 2024-12-31 (not the guidance for 2025-12-31),
    # its bitcoin held at 2024-09-30 from both articles, which disagree, and its Q3 revenue (Q2 is older).
    "latest-metrics": _metrics(
        "latest-metrics",
        {},
        ("metric", "label", "period", "end", "value", "unit", "article"),
        rows=frozenset(
            {
                ("BitcoinHeld", "Bitcoin held", "2024-09-30", "2024-09-30", 26747.0, "BTC", A),
                ("BitcoinHeld", "Bitcoin held", "2024-09-30", "2024-09-30", 26842.0, "BTC", B),
                ("Hashrate", "Hashrate", "2024-12-31", "2024-12-31", 53.2, "EH/s", E),
                ("Revenue", "Revenue", "2024-Q3", "2024-09-30", 131.6e6, "USD", A),
            }
        ),
    ),
    # Revenue: 2024-Q4 (ends 12-31) is later than 2024-Q3; AI/HPC revenue: 2025-Q1, actual, is the latest (the
    # 2025 figures are guidance); capacity at 2024-12-31.
    "latest-metrics: Core Scientific": _metrics(
        "latest-metrics",
        {"company": "core-scientific"},
        ("metric", "period", "value", "article"),
        rows=frozenset(
            {
                ("Hashrate", "2024-09-30", 19.1, D),
                ("Revenue", "2024-Q4", 94.9e6, E),
                ("AIHPCRevenue", "2025-Q1", 20e6, E),
                ("PowerCapacity", "2024-12-31", 1300.0, E),
                ("ContractedAICapacity", "2024-12-31", 520.0, E),
            }
        ),
    ),
    # 15. Companies ranked at a date: each one's latest actual hashrate for a period ending by then, highest first.
    # At 2024-12-31: MARA 53.2 and Riot 31.5 (metrics-e), Core Scientific's 19.1 at 2024-09-30; MARA's guidance
    # of 50 is no actual figure.
    "metric-ranking": _metrics(
        "metric-ranking",
        {},
        ("company", "name", "period", "value", "unit", "article"),
        first=(
            ("mara", "MARA Holdings", "2024-12-31", 53.2, "EH/s", E),
            ("riot-platforms", "Riot Platforms", "2024-12-31", 31.5, "EH/s", E),
            ("core-scientific", "Core Scientific", "2024-09-30", 19.1, "EH/s", D),
        ),
        rows=frozenset(
            {
                ("mara", "MARA Holdings", "2024-12-31", 53.2, "EH/s", E),
                ("riot-platforms", "Riot Platforms", "2024-12-31", 31.5, "EH/s", E),
                ("core-scientific", "Core Scientific", "2024-09-30", 19.1, "EH/s", D),
            }
        ),
    ),
    # At 2024-09-30 MARA's latest period has two sources: both rows, 37.0 first.
    "metric-ranking: two sources": _metrics(
        "metric-ranking",
        {"date": "2024-09-30"},
        ("company", "value", "article"),
        first=(("mara", 37.0, B), ("mara", 36.9, A), ("riot-platforms", 28.0, B), ("core-scientific", 19.1, D)),
        rows=frozenset(
            {("mara", 37.0, B), ("mara", 36.9, A), ("riot-platforms", 28.0, B), ("core-scientific", 19.1, D)}
        ),
    ),
    "metric-ranking: mid-year": _metrics(
        "metric-ranking",
        {"metric": "Hashrate", "date": "2024-08-31"},
        ("company", "period", "value"),
        first=(("mara", "2024-06-30", 31.5), ("riot-platforms", "2024-06-30", 22.0)),
        rows=frozenset({("mara", "2024-06-30", 31.5), ("riot-platforms", "2024-06-30", 22.0)}),
    ),
    "metric-ranking: before any figure": _metrics(
        "metric-ranking", {"date": "2024-06-29"}, ("company",), rows=frozenset()
    ),
    # 16. The AI/HPC share: 9.54 / 95.4 million = 0.1 in 2024-Q3, 18.98 / 94.9 million = 0.2 in 2024-Q4, and
    # 520 of 1,300 MW = 0.4 at 2024-12-31. Not 2025-Q1 (no revenue), not capacity at 2024-09-30 (no power
    # capacity), not the 2025 guidance (300 / 600 million).
    "ai-share": _metrics(
        "ai-share",
        {},
        ("share", "period", "end", "part", "whole", "unit", "ratio", "partArticle", "wholeArticle"),
        first=(("revenue", "2024-Q3", "2024-09-30", 9.54e6, 95.4e6, "USD", 0.1, D, D),),
        rows=frozenset(
            {
                ("revenue", "2024-Q3", "2024-09-30", 9.54e6, 95.4e6, "USD", 0.1, D, D),
                ("revenue", "2024-Q4", "2024-12-31", 18.98e6, 94.9e6, "USD", 0.2, E, E),
                ("capacity", "2024-12-31", "2024-12-31", 520.0, 1300.0, "MW", 0.4, E, E),
            }
        ),
    ),
    "ai-share: MARA": _metrics("ai-share", {"company": "mara"}, ("share",), rows=frozenset()),
    # 17. One metric across companies over time: every hashrate observation, oldest first.
    "metric-history": _metrics(
        "metric-history",
        {},
        ("company", "period", "value", "status", "article"),
        first=HASHRATE,
        rows=frozenset(HASHRATE),
    ),
    # The newest 4 by period end: MARA's guidance for 2025-12-31, then the three figures for 2024-12-31.
    "metric-history: the newest": _metrics(
        "metric-history",
        {"limit": "4"},
        ("company", "period", "value", "status", "article"),
        rows=frozenset(HASHRATE[-4:]),
    ),
    # Articles with moves only: metrics-b (2024-10-10) holds figures alone, so the newest three are e, d and a.
    "changes-since: not an article of figures only": _metrics(
        "changes-since",
        {"since": "2024-01-01", "limit": "3"},
        ("article", "company"),
        rows=frozenset({(E, "cleanspark"), (D, "core-scientific"), (A, "mara")}),
    ),
}


def _cell(value):
    """A DataFrame cell as the table writes it: minekg IRIs by their last segment, numbers as floats."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        if value.startswith("https://w3id.org/minekg/"):
            return value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return value
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return float(value)  # 8 == 8.0 and hash alike: counts compare with ints in the table
    return str(value)


def _same(row: tuple, expected: tuple) -> bool:
    return all(e is ANY or r == e for r, e in zip(row, expected, strict=True))


def check(store, case: Expect) -> list[str]:
    """What the store answers wrongly for one case; an empty list when it answers right."""
    frame = named.run(store, case.query, **case.params)
    missing = [c for c in case.columns if c not in frame.columns]
    if missing:
        return [f"no column {', '.join(missing)} in {list(frame.columns)}"]
    for column, value in case.only.items():
        frame = frame[frame[column].map(_cell) == value]
    rows = [tuple(_cell(row[c]) for c in case.columns) for _, row in frame.iterrows()]
    problems = []
    if case.rows is not None and set(rows) != set(case.rows):
        problems.append(f"rows: missing {set(case.rows) - set(rows)}, unexpected {set(rows) - set(case.rows)}")
    if len(rows) < len(case.first) or not all(_same(r, e) for r, e in zip(rows, case.first)):
        problems.append(f"first rows {rows[: len(case.first)]}, expected {list(case.first)}")
    for expected in case.includes:
        if not any(_same(row, expected) for row in rows):
            problems.append(f"missing {expected}")
    for unexpected in case.excludes:
        if any(_same(row, unexpected) for row in rows):
            problems.append(f"unexpected {unexpected}")
    return problems


def check_all(store, fixture: str = "sample_store") -> dict[str, list[str]]:
    """Every case worked out on ``fixture`` against one store: case name -> problems (only the failing cases)."""
    results = {name: check(store, case) for name, case in CASES.items() if case.store == fixture}
    return {name: problems for name, problems in results.items() if problems}


# --- on the sample data ---------------------------------------------------------------------


def test_there_is_a_named_query_for_each_analyst_question():
    assert len(named.available()) >= 12
    assert {q.name for q in named.available()} <= {case.query for case in CASES.values()}


@pytest.mark.parametrize("name", [name for name, case in CASES.items() if case.store == "sample_store"])
def test_named_query_answers_the_sample_data(sample_store, name):
    assert check(sample_store, CASES[name]) == []


@pytest.mark.parametrize("name", [name for name, case in CASES.items() if case.store == "metrics_store"])
def test_metric_query_answers_the_hand_made_metrics(metrics_store, name):
    assert check(metrics_store, CASES[name]) == []


def test_the_checker_reports_wrong_expectations(sample_store):
    wrong = Expect(
        "followers",
        {},
        ("follower", "lag"),
        rows=frozenset({("hut-8", 22)}),
        first=(("iren", 177),),
        includes=frozenset({("galaxy-digital", ANY)}),
        excludes=frozenset({("hut-8", ANY)}),
    )
    problems = check(sample_store, wrong)
    assert [p.split(" ")[0] for p in problems] == ["rows:", "first", "missing", "unexpected"]
    assert check_all(sample_store) == {}


def test_every_metric_case_holds_on_the_metrics_store(metrics_store):
    assert check_all(metrics_store, "metrics_store") == {}


def test_the_default_move_is_maras_bitcoin_sale_in_the_seed():
    assert named.load("move-sources").bindings({})["move"].endswith(f"/move/{MARA_SALE}")


@pytest.mark.parametrize("query", named.available(), ids=lambda q: q.name)
def test_bound_parameters_are_projected(sample_store, query):
    frame = query.run(sample_store)
    assert set(query.bindings({})) <= set(frame.columns)


# --- headers and parameters -----------------------------------------------------------------


@pytest.mark.parametrize("query", named.available(), ids=lambda q: q.name)
def test_every_query_has_a_title_description_and_typed_parameters_with_defaults(query):
    assert query.title and query.title != query.name
    assert len(query.description) > 20
    for line in query.text.splitlines():
        if line.startswith("# param:"):
            assert len(line.split()) == 5, line  # "# param: NAME TYPE DEFAULT"
    for param in query.params:
        assert param.default is not None, param.name
        query.bindings({param.name: param.default})  # the default is a valid value


@pytest.mark.parametrize(
    ("query", "param", "value", "message"),
    [
        ("followers", "days", "abc", "--param days: 'abc' is not an integer"),
        ("followers", "days", "1e3", "--param days: '1e3' is not an integer"),
        ("followers", "type", "Company", "--param type: 'Company' is not a valid move type (one of AssetSale, "),
        ("changes-since", "since", "2025-13-01", "--param since: '2025-13-01' is not a date (YYYY-MM-DD)"),
        ("changes-since", "since", "20250701", "--param since: '20250701' is not a date (YYYY-MM-DD)"),
        ("pivots", "sector", "Farming", "--param sector: 'Farming' is not a valid sector (one of AI, "),
        ("pivots", "modality", "rumoured", "--param modality: 'rumoured' is not a valid modality (one of "),
        ("trend-joiners", "trend", "Mining", "--param trend: 'Mining' is not a valid trend (one of "),
        ("bitcoin-sales", "limit", "0", "--param limit: '0' is not an integer from 1 to 1,000,000,000"),
        ("company-moves", "company", "https://w3id.org/minekg/id/company/a b", "is not a valid IRI"),
        ("move-sources", "move", "http://x/<y>", "--param move: 'http://x/<y>' is not a valid IRI"),
        ("former-names", "name", "\udcff", "is not valid text"),
        (
            "metric-series",
            "metric",
            "hashrate",
            "--param metric: 'hashrate' is not a valid metric (one of BitcoinHeld, ",
        ),
        ("metric-ranking", "date", "2024-12-32", "--param date: '2024-12-32' is not a date (YYYY-MM-DD)"),
    ],
)
def test_a_bad_parameter_value_is_a_one_line_error(sample_store, query, param, value, message):
    with pytest.raises(QueryError) as error:
        named.run(sample_store, query, **{param: value})
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_long_bad_value_is_shortened_in_the_error():
    with pytest.raises(QueryError) as error:
        named.load("followers").bindings({"days": "9" * 10_000 + "x"})
    assert len(str(error.value)) < 120 and str(error.value).endswith("...' is not an integer")


HOSTILE = [
    'mara" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o',
    "mara' . ?s ?p ?o } DROP ALL { '",
    "mara> } DROP ALL <x",
    "<https://w3id.org/minekg/id/company/mara>",
    "DROP ALL",
    "{ } ( ) ; . # \\ \\u0022 \n\r\t",
    "x" * 10_000,
]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_values_are_bound_as_terms_and_change_nothing(sample_store, value):
    before = len(sample_store)
    for query in named.available():
        for param in query.params:
            if param.type in ("company", "move", "string"):  # the types that take any text
                assert query.run(sample_store, **{param.name: value}).empty, (query.name, param.name)
            else:  # the others refuse it with one line
                with pytest.raises(QueryError, match=f"^--param {param.name}: [^\n]*$"):
                    query.run(sample_store, **{param.name: value})
    assert len(sample_store) == before


# --- on hand-made graphs --------------------------------------------------------------------


def _company(company_id: str) -> CompanyRef:
    return CompanyRef(company_id, company_id.title())


def _article(article_id: str, published: str | None, *moves: Move, names=()) -> Extraction:
    entities = [Entity(c, c.title(), "Organization", None, 1) for c in names]
    return Extraction(Article(article_id, "text", title=article_id.upper(), published=published), entities, list(moves))


def _move(type_: str, actor: str, date: str | None, modality: str = "asserted", amount=None, start: int = 0) -> Move:
    return Move(
        type_,
        _company(actor),
        Evidence(f"{actor} {type_} {date}", start, start + 10),
        modality=modality,
        asset="Bitcoin" if type_ == "AssetSale" else None,
        amount=Amount(*amount) if amount else None,
        date=date,
    )


@pytest.fixture(scope="module")
def hand_store() -> Store:
    store = Store(None)
    store.write_ontology()
    names = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta")
    pivot = "StrategicPivot"
    for extraction in (
        _article(
            "a",
            "2024-02-10",
            _move(pivot, "alpha", "2024-02"),
            _move(pivot, "alpha", "2023-01", "speculative", start=20),
            names=names,
        ),
        _article(
            "b",
            "2024-03-02",
            _move(pivot, "beta", "2024-03-01"),
            _move(pivot, "beta", "2025-01", "planned", start=20),
            names=names,
        ),
        _article(
            "c", "2024-05-01", _move(pivot, "gamma", "2024"), _move(pivot, "alpha", "2024-05", start=20), names=names
        ),
        _article(
            "d",
            "2024-08-01",
            _move(pivot, "delta", "2024-07-30"),
            _move(pivot, "epsilon", "2024-07-31", start=20),
            names=names,
        ),
        _article("e", "2024-04-01", _move(pivot, "zeta", "2024-03", "speculative"), names=names),
        # Bitcoin sales: alpha sold 100 BTC (f1) or 120 BTC (f2) in March 2024; $5 million (g) is another unit,
        # 100 BTC in April (h) another month, 150 BTC (i) speculation.
        _article("f1", "2024-03-06", _move("AssetSale", "alpha", "2024-03-05", amount=(100, "BTC")), names=names),
        _article("f2", "2024-03-30", _move("AssetSale", "alpha", "2024-03", amount=(120, "BTC")), names=names),
        _article("g", "2024-03-21", _move("AssetSale", "alpha", "2024-03-20", amount=(5e6, "USD")), names=names),
        _article("h", "2024-04-02", _move("AssetSale", "alpha", "2024-04", amount=(100, "BTC")), names=names),
        _article(
            "i", "2024-03-15", _move("AssetSale", "alpha", "2024-03", "speculative", amount=(150, "BTC")), names=names
        ),
    ):
        store.write_extraction(extraction)
    store.write_same_story(Article("f1-copy", "text", title="F1 COPY", published="2024-03-07"), "f1")
    derived.refresh(store)
    return store


def _rows(frame, *columns):
    return {tuple(_cell(row[c]) for c in columns) for _, row in frame.iterrows()}


def test_followers_count_days_from_the_first_day_of_a_partial_date(hand_store):
    # alpha's first non-speculative pivot is 2024-02 = 2024-02-01 (its 2023 one is speculation).
    frame = named.run(hand_store, "followers", company="alpha", type="StrategicPivot", days="180")
    assert _rows(frame, "follower", "lag") == {
        ("beta", 29),  # 2024-03-01: February 2024 has 29 days
        ("delta", 180),  # 2024-07-30 is exactly 180 days on
        # not gamma (2024 = 2024-01-01, before), epsilon (181 days), zeta (speculation), alpha itself
    }
    assert set(frame["start"]) == {"2024-02"}
    longer = named.run(hand_store, "followers", company="alpha", type="StrategicPivot", days="400")
    assert ("beta", 335) in _rows(longer, "follower", "lag")  # 2025-01-01, planned moves count
    assert ("epsilon", 181) in _rows(longer, "follower", "lag")


def test_conflicting_figures_on_a_hand_made_graph(hand_store):
    frame = named.run(hand_store, "conflicting-figures")
    assert _rows(frame, "company", "month", "unit", "amount", "article") == {
        ("alpha", "2024-03", "BTC", 100.0, "f1"),
        ("alpha", "2024-03", "BTC", 120.0, "f2"),
    }


def test_move_sources_include_near_duplicate_copies(hand_store):
    frame = named.run(
        hand_store,
        "move-sources",
        move=str(move_iri("f1", _move("AssetSale", "alpha", "2024-03-05", amount=(100, "BTC")))),
    )
    assert _rows(frame, "source", "article") == {
        ("extracted from", "f1"),
        ("same story", "f1-copy"),
        ("also reported", "f2"),  # same type, company and month
        ("also reported", "g"),
        ("also reported", "i"),  # speculation reports it too
    }


def test_a_limit_keeps_the_newest_moves_or_articles(hand_store):
    # alpha's moves by date: 2024-05 (c), 2024-04 (h), 2024-03-20 (g), 2024-03-05 (f1), ... 2023-01 (a)
    newest = named.run(hand_store, "company-moves", company="alpha", limit="2")
    assert _rows(newest, "date", "article") == {("2024-05", "c"), ("2024-04", "h")}
    everything = named.run(hand_store, "company-moves", company="alpha", limit="100")
    assert len(everything) == 8
    # articles with moves, newest first: d (2024-08-01), c (2024-05-01), then h (2024-04-02)
    articles = named.run(hand_store, "changes-since", since="2024-01-01", limit="2")
    assert set(articles["article"].map(_cell)) == {"d", "c"} and len(articles) == 4
    edges = named.run(hand_store, "neighbourhood", company="alpha", limit="1")
    assert _rows(edges[edges["edge"] == "actor of"], "target") == {(_hand_move("c", "StrategicPivot", "alpha", 20),)}
    assert set(edges["edge"]) == {"actor of", "source"}
    assert set(edges[edges["edge"] == "source"]["target"].map(_cell)) == {"c"}
