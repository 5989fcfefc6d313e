"""The company registry: canonical names, aliases, tickers and identifiers.

The registry is ``data/companies.csv``; :func:`load_registry` reads it and
:class:`Registry` links a name as written in an article to a company.

>>> reg = load_registry()
>>> reg.link("Marathon Digital Holdings, Inc.").id
'mara'
>>> reg.link("NASDAQ: RIOT").ticker
'RIOT'
>>> reg.link("Acme Widgets Ltd") is None
True
>>> reg.link("Core Scientfic").id, reg.link("Clean Spark").id
('core-scientific', 'cleanspark')
>>> normalise_name("The Hut 8 Corp.")
'hut 8'
>>> mint_id("Acme Widgets, Ltd.")
'acme-widgets'
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from minekg.errors import RegistryError

DEFAULT_REGISTRY = Path(__file__).resolve().parents[1] / "data" / "companies.csv"
FUZZY_CUTOFF = 90  # rapidfuzz ratio, 0-100
FUZZY_MIN_LENGTH = 6  # shorter names only link exactly
CATEGORIES = ("miner", "datacenter", "ai-cloud", "hyperscaler", "hardware", "investor", "energy", "exchange", "other")
_COLUMNS = ("id", "name", "aliases", "ticker", "exchange", "wikidata", "cik", "former_names", "category", "hq")
_LEGAL = re.compile(
    r"\b(inc|incorporated|corp|corporation|co|company|ltd|limited|llc|plc|ag|sa|nv|lp|holdings?)\b\.?",
)
_EXCHANGE_PREFIX = re.compile(r"^\s*\$?(?:(?:nasdaq|nyse|tsx|tsxv|lse|asx|otc|hkex|nyse american)\s*:\s*)?\$?", re.I)


@dataclass(frozen=True)
class FormerName:
    name: str
    start: str | None
    end: str | None


@dataclass(frozen=True)
class Company:
    id: str
    name: str
    aliases: tuple[str, ...]
    ticker: str | None
    exchange: str | None
    wikidata: str | None
    cik: str | None
    former_names: tuple[FormerName, ...]
    category: str
    hq: str | None
    fiscal_year_end: int = 12  # the month its fiscal year ends: "fiscal third quarter" is a calendar quarter

    def names(self) -> tuple[str, ...]:
        """Every written form of the company: name, aliases and former names."""
        return (self.name, *self.aliases, *(f.name for f in self.former_names))


def normalise_name(name: str) -> str:
    """Lower-case a company name and drop possessives, legal suffixes and punctuation."""
    text = name.strip().lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"^the\s+", "", text)
    text = _LEGAL.sub(" ", text)
    text = re.sub(r"[^\w\s&-]", " ", text)
    return " ".join(text.split())


def mint_id(name: str) -> str:
    """A stable id for an organisation that is not in the registry."""
    slug = re.sub(r"[^a-z0-9]+", "-", normalise_name(name)).strip("-")
    return slug or "unnamed"


class Registry:
    """Companies by id, with lookup by any written form or ticker."""

    def __init__(self, companies: list[Company]):
        self.companies = {c.id: c for c in companies}
        self._by_name: dict[str, Company] = {}
        self._by_ticker: dict[str, Company] = {}
        for company in companies:
            for written in company.names():
                key = normalise_name(written)
                if key:
                    self._by_name.setdefault(key, company)
            if company.ticker:
                self._by_ticker[company.ticker] = company
        self._fuzzy_keys = [k for k in self._by_name if len(k) >= FUZZY_MIN_LENGTH]

    def __iter__(self):
        return iter(self.companies.values())

    def __len__(self) -> int:
        return len(self.companies)

    def get(self, company_id: str) -> Company | None:
        return self.companies.get(company_id)

    def by_ticker(self, ticker: str) -> Company | None:
        return self._by_ticker.get(ticker)

    def link(self, written: str) -> Company | None:
        """The company a written name or ticker refers to, or None.

        Exact forms first, then near misses (typos, spacing) of longer names.
        """
        bare = _EXCHANGE_PREFIX.sub("", written, count=1).strip()
        key = normalise_name(written)
        found = self._by_ticker.get(bare) or self._by_name.get(key)
        if found is None and len(key) >= FUZZY_MIN_LENGTH:
            best = process.extractOne(key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            found = self._by_name[best[0]] if best else None
        return found


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def _former(cell: str, where: str) -> tuple[FormerName, ...]:
    out = []
    for entry in _split(cell):
        parts = [p.strip() for p in entry.split("|")]
        if len(parts) != 3 or not parts[0]:
            raise RegistryError(f"{where}: former name {entry!r} is not 'Name|FROM|TO'")
        out.append(FormerName(parts[0], parts[1] or None, parts[2] or None))
    return tuple(out)


def _month(value: str | None, where: str) -> int:
    """The optional ``fiscal_year_end`` column: a month number, December when empty."""
    value = (value or "").strip()
    if not value:
        return 12
    if not value.isdigit() or not 1 <= int(value) <= 12:
        raise RegistryError(f"{where}: fiscal_year_end must be a month number 1-12, not {value!r}")
    return int(value)


def load_registry(path: str | Path = DEFAULT_REGISTRY) -> Registry:
    """Read the registry CSV; a malformed row raises :class:`RegistryError`."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = set(_COLUMNS) - set(reader.fieldnames or ())
            if missing:
                raise RegistryError(f"{path}: missing columns {', '.join(sorted(missing))}")
            companies = []
            for line, row in enumerate(reader, start=2):
                where = f"{path.name}:{line}"
                if not row["id"] or not row["name"]:
                    raise RegistryError(f"{where}: id and name are required")
                if row["category"] not in CATEGORIES:
                    raise RegistryError(f"{where}: unknown category {row['category']!r}")
                companies.append(
                    Company(
                        id=row["id"].strip(),
                        name=row["name"].strip(),
                        aliases=_split(row["aliases"]),
                        ticker=row["ticker"].strip() or None,
                        exchange=row["exchange"].strip() or None,
                        wikidata=row["wikidata"].strip() or None,
                        cik=row["cik"].strip() or None,
                        former_names=_former(row["former_names"], where),
                        category=row["category"],
                        hq=row["hq"].strip() or None,
                        fiscal_year_end=_month(row.get("fiscal_year_end"), where),
                    )
                )
    except OSError as exc:
        raise RegistryError(f"cannot read the company registry {path}: {exc.strerror}") from None
    return Registry(companies)
