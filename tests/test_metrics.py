"""Metric observations in text: units normalised, periods resolved, guidance told from actuals.

Each case is one or two sentences with the answer worked out by hand (the schema is in the
README's "Company metrics" section).
"""

import pytest

from nlp.dates import resolve_period
from nlp.quantities import find_quantities
from nlp.types import Article


def observations(extractor, text: str, published: str = "2024-11-04") -> list[tuple]:
    extraction = extractor.extract(Article("m", text, published=published))
    return [(m.company.id, m.metric, m.value, m.unit, m.period, m.status) for m in extraction.metrics]


@pytest.mark.parametrize(
    ("written", "value", "unit"),
    [
        ("21,200 PH/s", 21.2, "EH/s"),
        ("650,000 TH/s", 0.65, "EH/s"),
        ("0.2 GW", 200.0, "MW"),
        ("500 kW", 0.5, "MW"),
        ("$1.5bn", 1.5e9, "USD"),
        ("US$35.1 mln", 35.1e6, "USD"),
        ("17.5 J/TH", 17.5, "J/TH"),
        ("24.8 joules per terahash", 24.8, "J/TH"),
        ("3,197 self-mined bitcoin", 3197.0, "BTC"),
    ],
)
def test_units_are_normalised(written, value, unit):
    (found,) = find_quantities(f"The figure was {written} last month.")
    assert (found.value, found.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("phrase", "published", "stock", "guidance", "period"),
    [
        ("at the end of October", "2024-11-04", True, False, "2024-10-31"),
        ("in October", "2024-11-04", False, False, "2024-10"),
        ("in December", "2024-11-04", False, False, "2023-12"),  # the latest December by publication
        ("for the third quarter", "2024-11-12", False, False, "2024-Q3"),
        ("at the end of the third quarter", "2024-11-12", True, False, "2024-09-30"),
        ("for the quarter ended September 30", "2024-11-12", False, False, "2024-Q3"),
        ("Q3 2024", None, False, False, "2024-Q3"),
        ("last quarter", "2025-05-08", False, False, "2025-Q1"),
        ("by year-end", "2024-11-04", True, True, "2024-12-31"),
        ("at year-end", "2025-03-04", True, False, "2024-12-31"),
        ("by the end of June", "2025-04-16", True, True, "2025-06-30"),
        ("as of November 18", "2024-11-20", True, False, "2024-11-18"),
        ("for fiscal 2025, the year ended June 30", "2025-08-28", False, False, "2025"),
        ("last month", "2025-01-15", False, False, "2024-12"),
        ("this year", "2025-01-22", False, False, "2025"),
        ("in the month", "2023-09-06", False, False, "2023-08"),  # a monthly update, early the next month
        ("in the three months ended March 31", "2025-05-08", False, False, "2025-Q1"),
        ("as at 30 June", "2025-09-04", True, False, "2025-06-30"),  # day before month
        ("for the quarter ended 30 September 2025", "2025-11-06", False, False, "2025-Q3"),
        ("by the end of calendar 2025", "2025-08-07", True, True, "2025-12-31"),
    ],
)
def test_periods_resolve_against_publication(phrase, published, stock, guidance, period):
    assert resolve_period(phrase, published, stock=stock, guidance=guidance) == period


def test_a_monthly_update(extractor):
    text = (
        "MARA produced 2,070 BTC in October and held a total of 26,747 BTC as of October 31, 2024. "
        "Energized hashrate increased to 40.2 EH/s at the end of October, and the company reiterated "
        "its target of 50 EH/s by year-end."
    )
    assert observations(extractor, text) == [
        ("mara", "BitcoinProduced", 2070.0, "BTC", "2024-10", "actual"),
        ("mara", "BitcoinHeld", 26747.0, "BTC", "2024-10-31", "actual"),
        ("mara", "Hashrate", 40.2, "EH/s", "2024-10-31", "actual"),
        ("mara", "Hashrate", 50.0, "EH/s", "2024-12-31", "guidance"),
    ]


def test_revenue_by_segment_and_a_year_earlier(extractor):
    text = (
        "Core Scientific reported total revenue of US$79.5 million for the first quarter, down from "
        "$179.3 million a year earlier. Self-mining revenue was $67.2 million in the quarter, and revenue "
        "from hosting other companies' miners fell to $4.3 million."
    )
    assert observations(extractor, text, published="2025-05-08") == [
        ("core-scientific", "Revenue", 79.5e6, "USD", "2025-Q1", "actual"),
        ("core-scientific", "Revenue", 179.3e6, "USD", "2024-Q1", "actual"),
        ("core-scientific", "MiningRevenue", 67.2e6, "USD", "2025-Q1", "actual"),
        ("core-scientific", "HostingRevenue", 4.3e6, "USD", "2025-Q1", "actual"),
    ]


def test_guidance_is_told_from_the_actual_figure(extractor):
    text = (
        "Hut 8's fleet had a hashrate of 5.6 EH/s at quarter-end, a figure the company expects to lift to "
        "about 10.2 EH/s, at a fleet efficiency of about 19.9 J/TH, by the second quarter of next year."
    )
    assert observations(extractor, text, published="2024-11-20") == [
        ("hut-8", "Hashrate", 5.6, "EH/s", "2024-09-30", "actual"),
        ("hut-8", "Hashrate", 10.2, "EH/s", "2025-Q2", "guidance"),
        ("hut-8", "FleetEfficiency", 19.9, "J/TH", "2025-Q2", "guidance"),
    ]


def test_undated_target_and_replaced_target_are_not_observations(extractor):
    text = (
        "Riot cut its year-end 2025 hashrate target to 38.4 EH/s from 46.7 EH/s. "
        "CleanSpark plans to build the site out to as much as 230 MW."
    )
    assert observations(extractor, text, published="2025-01-22") == [
        ("riot-platforms", "Hashrate", 38.4, "EH/s", "2025-12-31", "guidance"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The network hashrate climbed to 700 EH/s in October.",
        "Bitcoin traded at $68,000 on Monday.",
        "Riot bought 500 BTC at $31,000 per coin in March.",
        "TeraWulf agreed to acquire a 200 MW site in Texas.",
        "IREN has 2,910 MW of grid-connected power secured across its sites.",
        "Bitfarms will convert the site for Nvidia GB300 GPUs by December 2026.",  # a model name, no count
        "The April 2024 halving cut block rewards to 3.125 BTC, so Riot sold less.",
        "Core Scientific values the CoreWeave deal at $3.5 billion in cumulative revenue.",
        "CleanSpark has not sold any of its 12,000 BTC.",
        "If Riot were to sell its 19,000 BTC, it would raise about $1.9 billion.",
    ],
)
def test_traps_yield_nothing(extractor, text):
    assert observations(extractor, text) == []


def test_a_count_of_bitcoin_without_its_unit(extractor):
    text = "Bitfarms mined 403 BTC in August and sold 363 of them, leaving it with 712 BTC at month-end."
    assert observations(extractor, text, published="2023-09-05") == [
        ("bitfarms", "BitcoinProduced", 403.0, "BTC", "2023-08", "actual"),
        ("bitfarms", "BitcoinSold", 363.0, "BTC", "2023-08", "actual"),
        ("bitfarms", "BitcoinHeld", 712.0, "BTC", "2023-08-31", "actual"),
    ]
    assert observations(extractor, "Riot sold 500 BTC in March and held 2024 shares.") == [
        ("riot-platforms", "BitcoinSold", 500.0, "BTC", "2024-03", "actual"),
    ]


def test_an_anaphor_takes_the_miner_not_the_gpu_maker(extractor):
    text = "IREN bought GPUs from Nvidia. The company had 1,896 Nvidia H100 GPUs deployed in November."
    assert observations(extractor, text, published="2024-12-05") == [
        ("iren", "GPUsDeployed", 1896.0, "units", "2024-11", "actual"),
    ]


def test_the_seed_article_reports_no_metric_it_does_not_state(extractor, seed):
    # The seed names what to monitor next (utilisation, revenue from AI) but gives no figure for it.
    assert [(m.metric, m.period) for m in seed.metrics if m.metric in ("Utilisation", "AIHPCRevenue")] == []


def test_a_table_with_a_period_for_each_column(extractor):
    text = (
        "Bitdeer posted its November figures on Monday.\n"
        "Metric | Nov-25 | Oct-25\n"
        "Bitcoin mined (BTC) | 526 | 511\n"
        "Bitcoin held (BTC) | 2,100 | 1,980\n"
        "Network hashrate (EH/s) | 1,070 | 1,090\n"
        "The miner said its fleet upgrade is on schedule."
    )
    assert observations(extractor, text, published="2025-12-08") == [
        ("bitdeer", "BitcoinProduced", 526.0, "BTC", "2025-11", "actual"),
        ("bitdeer", "BitcoinProduced", 511.0, "BTC", "2025-10", "actual"),
        ("bitdeer", "BitcoinHeld", 2100.0, "BTC", "2025-11-30", "actual"),  # a stock: at the month's end
        ("bitdeer", "BitcoinHeld", 1980.0, "BTC", "2025-10-31", "actual"),
    ]


def test_we_in_an_interview_is_the_interviewees_company(extractor):
    text = (
        "Cipher Mining chief executive Tyler Page answered our questions on Friday.\n"
        "Q: How much of the campus is leased?\n"
        'A: "Besides the 150 MW that Fluidstack takes, we now have 300 MW of critical IT load under lease."\n'
        "Q: And the miners?\n"
        'A: "Our Texas sites still run about 400 MW of miners for our own account."'
    )
    assert observations(extractor, text, published="2025-11-14") == [  # "Besides the 150 MW ...": a part
        ("cipher-mining", "ContractedAICapacity", 300.0, "MW", "2025-11-14", "actual"),
        ("cipher-mining", "PowerCapacity", 400.0, "MW", "2025-11-14", "actual"),
    ]


def test_a_segment_named_in_the_sentence_before(extractor):
    text = (
        "Hut 8 reported revenue of $83.5 million for the third quarter. "
        "Its AI cloud business is the newest of its segments. "
        "It brought in $4.1 million of revenue in the quarter."
    )
    assert observations(extractor, text, published="2025-11-04") == [
        ("hut-8", "Revenue", 83.5e6, "USD", "2025-Q3", "actual"),
        ("hut-8", "AIHPCRevenue", 4.1e6, "USD", "2025-Q3", "actual"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a semicolon ends the actual figure's clause: "expects" governs only the target
            "Hashrate was 13.5 EH/s at quarter-end; Cipher expects about 23.5 EH/s by the end of the third quarter.",
            [
                ("cipher-mining", "Hashrate", 13.5, "EH/s", "2025-03-31", "actual"),
                ("cipher-mining", "Hashrate", 23.5, "EH/s", "2025-09-30", "guidance"),
            ],
        ),
        (  # a part of the total is not the company's figure
            "Riot has about 1.1 GW of power in operation, with Rockdale alone accounting for roughly 700 MW.",
            [("riot-platforms", "PowerCapacity", 1100.0, "MW", "2025-05-01", "actual")],
        ),
        (  # capacity under lease in an article about AI tenants
            "TeraWulf leases data halls to AI tenants. Its goal is 750 MW under lease by the end of 2026.",
            [("terawulf", "ContractedAICapacity", 750.0, "MW", "2026-12-31", "guidance")],
        ),
    ],
)
def test_clauses_parts_and_leases(extractor, text, expected):
    assert observations(extractor, text, published="2025-05-01") == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (  # "second-quarter" is three tokens, not a segment of revenue
            "TeraWulf reported second-quarter revenue of $47.6 million on Friday.",
            "2025-08-08",
            ("terawulf", "Revenue", 47.6e6, "USD", "2025-Q2", "actual"),
        ),
        (  # the revenue is the subject of the verb that takes the figure
            "Riot said its fourth-quarter revenue rose 34% to $142.5 million.",
            "2025-02-24",
            ("riot-platforms", "Revenue", 142.5e6, "USD", "2024-Q4", "actual"),
        ),
        (  # "May" the month, not the modal
            "Core Scientific posted its monthly update.\n- May production: 583 BTC self-mined.",
            "2024-06-05",
            ("core-scientific", "BitcoinProduced", 583.0, "BTC", "2024-05", "actual"),
        ),
        (  # "Morphy added" reports the figure; it adds nothing
            "Bitfarms reported second-quarter results. Fleet uptime averaged 95 percent during the quarter, "
            "Morphy added.",
            "2022-08-15",
            ("bitfarms", "Utilisation", 95.0, "%", "2022-Q2", "actual"),
        ),
    ],
)
def test_words_that_looked_like_something_else(extractor, text, published, expected):
    assert observations(extractor, text, published=published) == [expected]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (  # the host reports the revenue, not the tenant named beside it
            "Core Scientific gave its fourth-quarter figures. In the quarter, self-mining contributed $72.9 million "
            "and colocation for CoreWeave's GPU clusters $8.5 million.",
            "2025-02-27",
            [
                ("core-scientific", "MiningRevenue", 72.9e6, "USD", "2024-Q4", "actual"),
                ("core-scientific", "AIHPCRevenue", 8.5e6, "USD", "2024-Q4", "actual"),
            ],
        ),
        (  # "now" dates a stock by publication; "in April" belongs to a later clause
            "Galaxy Digital said CoreWeave has now committed to 260 MW of critical IT load at Helios, after exercising an "
            "option in April.",
            "2025-05-09",
            [("galaxy-digital", "ContractedAICapacity", 260.0, "MW", "2025-05-09", "actual")],
        ),
        (  # a denial after a semicolon does not negate the holdings before it
            "Marathon posted its update.\n- Bitcoin holdings: about 8,115 BTC as of December 31, 2021; Marathon has "
            "not sold any of the bitcoin it has mined.",
            "2022-01-03",
            [("mara", "BitcoinHeld", 8115.0, "BTC", "2021-12-31", "actual")],
        ),
        (  # "that business" is the segment the sentence before named
            "Bit Digital reported its results. Its AI cloud business grew fast. That business brought in $4.4 million "
            "of revenue in the quarter.",
            "2024-03-20",
            [("bit-digital", "AIHPCRevenue", 4.4e6, "USD", "2023-Q4", "actual")],  # the last quarter reported
        ),
        (  # the month compared with is not the figure's
            "Listed miners published February production figures this week. Riot Platforms mined 470 BTC, about 11% "
            "fewer than in January.",
            "2025-03-05",
            [("riot-platforms", "BitcoinProduced", 470.0, "BTC", "2025-02", "actual")],
        ),
    ],
)
def test_who_reports_and_which_clause(extractor, text, published, expected):
    assert observations(extractor, text, published=published) == expected


def test_a_fiscal_quarter_is_the_calendar_quarter_it_falls_in(extractor):
    # CleanSpark's fiscal year ends on September 30: its fiscal third quarter is April to June
    text = (
        "CleanSpark reported revenue of $198.6 million for the fiscal third quarter. "
        "It sold 1,546 bitcoin during the quarter."
    )
    assert observations(extractor, text, published="2025-08-07") == [
        ("cleanspark", "Revenue", 198.6e6, "USD", "2025-Q2", "actual"),
        ("cleanspark", "BitcoinSold", 1546.0, "BTC", "2025-Q2", "actual"),
    ]


def test_a_label_before_a_colon_and_the_same_period(extractor):
    text = (
        "Cipher Mining posted its July update.\n"
        "- Bitcoin mined in July: 213 BTC, the most since the April 2024 halving.\n"
        "- Self-mining revenue of $24.1 million, and hosting brought in $1.2 million over the same period."
    )
    assert observations(extractor, text, published="2025-08-05") == [
        ("cipher-mining", "BitcoinProduced", 213.0, "BTC", "2025-07", "actual"),
        ("cipher-mining", "MiningRevenue", 24.1e6, "USD", "2025-07", "actual"),
        ("cipher-mining", "HostingRevenue", 1.2e6, "USD", "2025-07", "actual"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the host reports capacity its tenant committed to
            "At Galaxy Digital's Helios campus in West Texas, CoreWeave has committed to 526 MW of critical IT load.",
            [("galaxy-digital", "ContractedAICapacity", 526.0, "MW", "2025-08-21", "actual")],
        ),
        (  # the figures being counted are parts of the total
            "Counting CoreWeave's 400 MW at Polaris Forge 1 and the 200 MW a hyperscaler has taken at Polaris Forge "
            "2, Applied Digital now has about 600 MW of critical IT load under AI leases.",
            [("applied-digital", "ContractedAICapacity", 600.0, "MW", "2025-08-21", "actual")],
        ),
    ],
)
def test_hosts_and_totals_of_leased_capacity(extractor, text, expected):
    assert observations(extractor, text, published="2025-08-21") == expected


def test_revenue_from_a_tenant_is_the_hosts_even_when_the_tenant_is_named_more(extractor):
    text = (
        "Core Scientific reported third-quarter results. CoreWeave now rents most of Denton, and CoreWeave has "
        "options on more. Colocation, the segment that houses CoreWeave's GPU clusters, brought in $8.8 million "
        "in the quarter."
    )
    assert observations(extractor, text, published="2024-11-07") == [
        ("core-scientific", "AIHPCRevenue", 8.8e6, "USD", "2024-Q3", "actual"),
    ]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (  # "currently" does not override the figure's own date
            "MARA currently holds 26,747 BTC as of October 31, 2024.",
            "2024-11-20",
            [("mara", "BitcoinHeld", 26747.0, "BTC", "2024-10-31", "actual")],
        ),
        (  # a sale's price is no revenue because revenue is the subject of another verb
            "Riot said revenue rose as it sold its Texas site for $30 million.",
            "2025-05-01",
            [],
        ),
        (  # "it" is the company, not a segment, when the sentence before names no business
            "CleanSpark's mining operations expanded sharply. It reported total revenue of $100 million for the "
            "second quarter.",
            "2025-08-07",
            [("cleanspark", "Revenue", 100e6, "USD", "2025-Q2", "actual")],
        ),
        (  # "the same period in 2024" is not the previous figure's period
            "Cipher reported revenue of $49 million for the second quarter, up from $37 million over the same "
            "period in 2024.",
            "2025-08-05",
            [
                ("cipher-mining", "Revenue", 49e6, "USD", "2025-Q2", "actual"),
                ("cipher-mining", "Revenue", 37e6, "USD", "2024", "actual"),
            ],
        ),
        (  # "US" is the country, not "us"
            "Iris Energy expanded in Canada. The US sites run 700 MW of miners.",
            "2023-05-15",
            [("iren", "PowerCapacity", 700.0, "MW", "2023-05-15", "actual")],
        ),
        (  # a table with outer pipes, and a column with no figure
            "Bitdeer posted its update.\n| Metric | Nov-25 | Oct-25 |\n| Bitcoin mined (BTC) | - | 511 |",
            "2025-12-08",
            [("bitdeer", "BitcoinProduced", 511.0, "BTC", "2025-10", "actual")],
        ),
    ],
)
def test_review_cases(extractor, text, published, expected):
    assert observations(extractor, text, published=published) == expected
