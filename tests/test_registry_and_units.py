"""The registry, quantities and dates: small inputs with hand-computed answers."""

import pytest

from minekg.errors import RegistryError
from nlp.dates import move_date, resolve_date
from nlp.quantities import find_quantities
from nlp.registry import load_registry, mint_id

MINERS = [
    "MARA",
    "RIOT",
    "CLSK",
    "CORZ",
    "HUT",
    "IREN",
    "WULF",
    "CIFR",
    "BITF",
    "HIVE",
    "BTDR",
    "APLD",
    "BTBT",
    "GLXY",
    "ARBK",
    "GREE",
    "SDIG",
]


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def test_registry_holds_the_miners_and_their_counterparties(registry):
    assert len(registry) >= 30
    for ticker in MINERS:
        assert registry.by_ticker(ticker) is not None, ticker
    for name in ["CoreWeave", "Microsoft", "Google", "Amazon Web Services", "Fluidstack", "Nvidia", "Bitmain"]:
        assert registry.link(name) is not None, name


def test_former_names_link_and_carry_dates(registry):
    mara = registry.get("mara")
    assert [f.name for f in mara.former_names] == ["Marathon Patent Group", "Marathon Digital Holdings"]
    assert mara.former_names[-1].end.startswith("2024")
    for old, new in [
        ("Marathon Patent Group", "mara"),
        ("Riot Blockchain", "riot-platforms"),
        ("Iris Energy", "iren"),
        ("Hut 8 Mining Corp.", "hut-8"),
    ]:
        assert registry.link(old).id == new


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("$1.5bn", 1.5e9, "USD"),
        ("$1.5 billion", 1.5e9, "USD"),
        ("US$1,500 million", 1.5e9, "USD"),
        ("1,500 BTC", 1500, "BTC"),
        ("200 megawatts", 200, "MW"),
        ("0.2 GW", 200, "MW"),
        ("21.2 EH/s", 21.2, "EH/s"),
        ("21,200 PH/s", 21.2, "EH/s"),
        ("about 8%", 8, "%"),
        ("66,560 bitcoin miners", 66560, "units"),
    ],
)
def test_quantities_are_normalised(text, value, unit):
    (q,) = find_quantities(text)
    assert (q.value, q.unit) == (pytest.approx(value), unit)
    assert text[q.start : q.end]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("last month", "2024-03-05", "2024-02"),
        ("in January", "2024-03-05", "2024-01"),
        ("in November", "2024-03-05", "2023-11"),
        ("March 4, 2024", None, "2024-03-04"),
        ("last year", "2025-01-02", "2024"),
        ("next week", None, None),
    ],
)
def test_dates_resolve_against_publication(text, published, expected):
    assert resolve_date(text, published) == expected


def test_minted_ids_are_stable_and_drop_legal_suffixes():
    assert mint_id("GRIID Infrastructure Inc.") == mint_id("GRIID Infrastructure") == "griid-infrastructure"


def test_fiscal_year_ends_are_months(registry, tmp_path):
    assert (registry.get("cleanspark").fiscal_year_end, registry.get("iren").fiscal_year_end) == (9, 6)
    assert registry.get("mara").fiscal_year_end == 12  # empty: December
    bad = tmp_path / "companies.csv"
    header = "id,name,aliases,ticker,exchange,wikidata,cik,former_names,category,hq,fiscal_year_end\n"
    bad.write_text(header + "acme,Acme,,,,,,,miner,,June\n")
    with pytest.raises(RegistryError, match="companies.csv:2: fiscal_year_end must be a month number 1-12, not 'June'"):
        load_registry(bad)
    (tmp_path / "old.csv").write_text(header.replace(",fiscal_year_end", "") + "acme,Acme,,,,,,,miner,\n")
    assert load_registry(tmp_path / "old.csv").get("acme").fiscal_year_end == 12  # the column is optional


@pytest.mark.parametrize(
    ("text", "published", "planned", "expected"),
    [
        ("on March 4", "2025-03-10", False, "2025-03-04"),  # this month counts for a done move
        ("earlier in March", "2025-03-20", False, "2025-03"),
        ("on December 31", "2025-01-10", False, "2024-12-31"),
        ("at the end of the year", "2025-01-10", False, "2024"),  # done by January: last year's end
        ("by the end of the year", "2025-01-10", True, "2025"),
        ("in June", "2025-05-16", True, "2025-06"),  # a planned month is the next one
        ("by the end of the first quarter of 2024", "2023-11-14", True, "2024-03"),
        ("during the first quarter", "2025-05-07", False, "2025"),  # a quarter is its year
        ("last week", "2025-03-03", False, "2025-02"),
        ("by the end of this year", "2024-09-04", False, "2024"),  # named: no year back
        ("between November 11 and November 17", "2024-11-18", False, "2024-11"),
        ("in the three months ended December 31", "2025-02-27", False, "2024"),
        ("in late May", "2025-06-10", False, "2025-05"),
        ("two weeks ago", "2025-06-10", False, "2025-05"),
        ("three days ago", "2025-06-10", False, "2025-06-07"),
        ("next Monday", "2025-06-10", True, "2025-06-16"),
        ("on 3 June", "2025-06-10", False, "2025-06-03"),
        ("on July 1", "2025-06-10", True, "2025-07-01"),  # a planned day is that day
        ("next quarter", "2025-06-10", True, "2025"),
        ("in the second half", "2025-06-10", True, "2025"),
        ("last summer", "2025-06-10", False, "2024"),  # not begun this year: last year's
        ("in the fall", "2025-06-10", True, "2025"),
        ("yesterday", "2025-06-10", False, "2025-06-09"),
    ],
)
def test_move_dates_are_as_precise_as_the_phrase(text, published, planned, expected):
    assert move_date(text, published, planned) == expected
