"""Watch rules: which new moves in the store someone asked to hear about.

Rules are ``[[rule]]`` tables in a TOML file (``data/watch-rules.toml``)::

    [[rule]]
    name = "MARA peers pivot into AI"
    peer_of = "mara"            # the actor is in MARA's peer group (named query peer-group)
    type = "StrategicPivot"
    sector = "AI"

    [[rule]]
    name = "big bitcoin sales"
    type = "AssetSale"
    asset = "Bitcoin"
    above = ["1000 BTC", "100000000 USD"]   # an amount at least one of these

Each condition takes one value or a list (any of them will do); a move matches a
rule when it meets all of the rule's conditions. ``company`` and ``peer_of`` are
registry ids (``core-scientific``) or company IRIs; ``type``, ``sector``,
``asset`` and ``modality`` are taxonomy names (:data:`nlp.types.MOVE_TYPES`,
:data:`~nlp.types.SECTORS`, :data:`~nlp.types.ASSETS`,
:data:`~nlp.types.MODALITIES`); ``modality`` defaults to asserted and planned,
so speculation matches only a rule that asks for it; ``above`` holds thresholds
``"VALUE UNIT"`` in a unit of :data:`~nlp.types.UNITS`. A misspelt field or a
value outside these lists is a one-line :class:`~minekg.errors.QueryError`
naming the rule and the field.

:func:`matches` finds the moves of articles published on or after a date that
match a rule. One query (the date bound as a term) reads those articles' moves;
the rules are applied to that table in Python, and a ``peer_of`` company's peers
come from the named query ``peer-group`` (the company bound as a term).

>>> from graph.store import Store
>>> from nlp.registry import load_registry
>>> from nlp.types import Amount, Article, CompanyRef, Evidence, Extraction, Move
>>> store = Store(None)
>>> store.write_ontology()
>>> store.write_registry(load_registry())
>>> riot = CompanyRef("riot-platforms", "Riot Platforms", "RIOT")
>>> text = "Riot sold 1,500 BTC and pivots to AI."
>>> sale = Move("AssetSale", riot, Evidence(text, 0, 37), asset="Bitcoin", amount=Amount(1500, "BTC"))
>>> pivot = Move("StrategicPivot", riot, Evidence(text, 0, 37), sector="AI")
>>> store.write_extraction(Extraction(Article("a1", text, published="2025-03-02"), moves=[sale, pivot]))
>>> rules = parse_rules({"rule": [
...     {"name": "MARA peers into AI", "peer_of": "mara", "type": "StrategicPivot", "sector": "AI"},
...     {"name": "big sales", "type": "AssetSale", "above": ["1000 BTC", "100000000 USD"]},
... ]})
>>> found = matches(store, rules, since="2025-01-01")
>>> found[["rule", "published", "name", "type", "amount", "unit"]].values.tolist()
[['MARA peers into AI', '2025-03-02', 'Riot Platforms', 'StrategicPivot', None, None],
 ['big sales', '2025-03-02', 'Riot Platforms', 'AssetSale', Decimal('1500'), 'BTC']]
>>> len(matches(store, rules, since="2025-03-03"))
0
>>> parse_rules({"rule": [{"name": "typo", "sectr": "AI"}]})
Traceback (most recent call last):
...
minekg.errors.QueryError: rule 'typo': unknown field 'sectr' (fields: name, company, ...)
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
from rdflib import Literal
from rdflib.namespace import XSD

from graph import named
from graph.store import Store
from minekg.errors import QueryError
from nlp.types import ASSETS, MODALITIES, MOVE_TYPES, SECTORS, UNITS

__all__ = [
    "COLUMNS",
    "DEFAULT_RULES",
    "Rule",
    "Threshold",
    "load_rules",
    "matches",
    "newest_published",
    "parse_rules",
]

DEFAULT_RULES = Path(__file__).resolve().parents[1] / "data" / "watch-rules.toml"
COLUMNS = [
    "rule",
    "published",
    "company",
    "name",
    "type",
    "sector",
    "asset",
    "amount",
    "unit",
    "modality",
    "article",
    "title",
    "sentence",
    "move",
]
FIELDS = ("name", "company", "peer_of", "type", "sector", "asset", "modality", "above")
DEFAULT_MODALITIES = ("asserted", "planned")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# The moves of the articles published on or after ?since (bound; projected, so Oxigraph
# substitutes it). The articles in a subquery first, as changes-since.rq does: their moves are
# then looked up from each article, not joined with every move of the store.
_MOVES = """
SELECT ?since ?published ?article ?title ?move ?company ?name ?class ?mod ?sector ?asset ?amount ?unit ?sentence
WHERE {
  {
    SELECT ?since ?article ?published
    WHERE { ?article dcterms:date ?published . FILTER(STR(?published) >= STR(?since)) }
  }
  ?move prov:wasDerivedFrom ?article ; mkg:actor ?company ; a ?class ; mkg:modality ?mod ; mkg:evidence ?evidence .
  ?evidence mkg:sentence ?sentence .
  FILTER(STRSTARTS(STR(?class), STR(mkg:)))
  OPTIONAL { ?company schema:name ?name }
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?move mkg:sector ?sector }
  OPTIONAL { ?move mkg:asset ?asset }
  OPTIONAL {
    ?move mkg:amount ?amountNode
    OPTIONAL { ?amountNode schema:value ?amount }
    OPTIONAL { ?amountNode schema:unitText ?unit }
  }
}
"""


@dataclass(frozen=True)
class Threshold:
    """The least amount a move must have, in one unit: ``Threshold.parse("1000 BTC")``."""

    value: Decimal
    unit: str

    @classmethod
    def parse(cls, text: str) -> Threshold:
        """
        >>> Threshold.parse("100000000 USD")
        Threshold(value=Decimal('100000000'), unit='USD')
        >>> Threshold.parse("1,000 bitcoin")
        Traceback (most recent call last):
        ...
        ValueError: not a threshold such as '1000 BTC' (VALUE UNIT, units: USD, BTC, MW, EH/s, J/TH, %, units)
        """
        number, _, unit = text.strip().rpartition(" ")
        try:
            value = Decimal(number.strip().replace(",", "").replace("_", ""))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or unit not in UNITS:
            raise ValueError(f"not a threshold such as '1000 BTC' (VALUE UNIT, units: {', '.join(UNITS)})")
        return cls(value, unit)

    def reached_by(self, amount, unit) -> bool:
        return unit == self.unit and amount is not None and not pd.isna(amount) and Decimal(str(amount)) >= self.value


@dataclass(frozen=True)
class Rule:
    """One watch rule; an empty condition allows anything."""

    name: str
    company: tuple[str, ...] = ()  # company IRIs
    peer_of: tuple[str, ...] = ()  # company IRIs
    type: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()
    asset: tuple[str, ...] = ()
    modality: tuple[str, ...] = DEFAULT_MODALITIES
    above: tuple[Threshold, ...] = ()


def _shown(value) -> str:
    text = value if isinstance(value, str) else str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _values(where: str, key: str, value) -> tuple[str, ...]:
    """A condition's values: one non-empty string or a non-empty list of them."""
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, str) and item.strip() for item in items):
        raise QueryError(f"{where}: {key} must be a non-empty text or a list of them, not {_shown(value)}")
    return tuple(item.strip() for item in items)


def _company(where: str, key: str, value: str) -> str:
    try:
        return str(named.Param(key, "company", None).convert(value))
    except QueryError:
        raise QueryError(f"{where}: {key} {_shown(value)} is not a registry id or a valid IRI") from None


def _rule(table, index: int) -> Rule:
    where = f"rule {index}"
    if not isinstance(table, dict):
        raise QueryError(f"{where}: not a table; write each rule as [[rule]] with key = value lines")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise QueryError(f'{where}: needs a name (name = "...")')
    name = name.strip()
    where = f"rule {name!r}"
    unknown = [key for key in table if key not in FIELDS]
    if unknown:
        raise QueryError(f"{where}: unknown field {unknown[0]!r} (fields: {', '.join(FIELDS)})")
    fields: dict[str, tuple] = {}
    for key, choices, what in (
        ("type", MOVE_TYPES, "a move type"),
        ("sector", SECTORS, "a sector"),
        ("asset", ASSETS, "an asset"),
        ("modality", MODALITIES, "a modality"),
    ):
        if key in table:
            values = _values(where, key, table[key])
            for value in values:
                if value not in choices:
                    raise QueryError(f"{where}: {key} {_shown(value)} is not {what} (one of {', '.join(choices)})")
            fields[key] = values
    for key in ("company", "peer_of"):
        if key in table:
            fields[key] = tuple(_company(where, key, value) for value in _values(where, key, table[key]))
    if "above" in table:
        thresholds = []
        for value in _values(where, "above", table["above"]):
            try:
                thresholds.append(Threshold.parse(value))
            except ValueError as exc:
                raise QueryError(f"{where}: above {_shown(value)} is {exc}") from None
        fields["above"] = tuple(thresholds)
    return Rule(name, **fields)


def parse_rules(data: dict) -> list[Rule]:
    """The rules of a parsed TOML document ``{"rule": [{...}, ...]}``; QueryError names a bad rule and field."""
    unknown = [key for key in data if key != "rule"]
    if unknown:
        raise QueryError(f"unknown top-level key {unknown[0]!r}: write each rule as a [[rule]] table")
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        raise QueryError("'rule' must be an array of tables: write each rule as [[rule]]")
    rules = [_rule(table, index) for index, table in enumerate(tables, start=1)]
    seen: set[str] = set()
    for rule in rules:
        if rule.name in seen:
            raise QueryError(f"rule {rule.name!r}: two rules have this name")
        seen.add(rule.name)
    return rules


def load_rules(path: str | Path = DEFAULT_RULES) -> list[Rule]:
    """The rules of a TOML file; errors name the file, the rule and the field."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise QueryError(f"{path}: not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise QueryError(f"{path}: not UTF-8 text") from None
    try:
        return parse_rules(data)
    except QueryError as exc:
        raise QueryError(f"{path}: {exc}") from None


def _since(value: str) -> Literal:
    try:
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise ValueError
        return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
    except ValueError:
        raise QueryError(f"since: {_shown(value)} is not a date (YYYY-MM-DD)") from None


def _moves(store: Store, since: str) -> pd.DataFrame:
    """Every move of the articles published on or after ``since``, one row each."""
    frame = store.query(_MOVES, {"since": _since(since)})
    if frame.empty:
        return pd.DataFrame(columns=[c for c in COLUMNS if c != "rule"])
    frame["type"] = frame["class"].str.rpartition("#")[2]
    frame = frame[frame["type"].isin(MOVE_TYPES)].copy()
    frame["modality"] = frame["mod"].str.rpartition("/")[2]
    for column in ("sector", "asset"):
        frame[column] = frame[column].map(lambda iri: iri.rpartition("/")[2] if isinstance(iri, str) else None)
    # a company minted in two articles may carry two names: keep the first, one row per move
    frame = frame.sort_values(["move", "name"], na_position="last").drop_duplicates("move")
    return frame[[c for c in COLUMNS if c != "rule"]]


def newest_published(store: Store) -> str | None:
    """The publication date of the store's newest article (YYYY-MM-DD), None without a dated article.

    >>> newest_published(Store(None)) is None
    True
    """
    frame = store.query(
        "SELECT (MAX(STR(?published)) AS ?newest) WHERE { ?article a mkg:Article ; dcterms:date ?published }"
    )
    newest = frame["newest"].iloc[0] if len(frame) else None
    return newest if isinstance(newest, str) and _ISO_DATE.fullmatch(newest) else None


def _peers(store: Store, company: str) -> set[str]:
    return set(named.run(store, "peer-group", company=company)["peer"])


def matches(store: Store, rules: list[Rule], since: str) -> pd.DataFrame:
    """Every (rule, move) where a move from an article published on or after ``since`` meets a rule.

    One row per match with :data:`COLUMNS`, newest article first, then by rule; an empty
    DataFrame with those columns when nothing matches.
    """
    moves = _moves(store, since)
    peers = {company: _peers(store, company) for rule in rules for company in rule.peer_of}
    found = []
    for rule in rules:
        keep = moves["modality"].isin(rule.modality)
        for column in ("company", "type", "sector", "asset"):
            allowed = getattr(rule, column)
            if allowed:
                keep &= moves[column].isin(allowed)
        if rule.peer_of:
            keep &= moves["company"].isin(set().union(*(peers[company] for company in rule.peer_of)))
        if rule.above:
            keep &= pd.Series(
                [
                    any(threshold.reached_by(amount, unit) for threshold in rule.above)
                    for amount, unit in zip(moves["amount"], moves["unit"], strict=True)
                ],
                index=moves.index,
                dtype=bool,
            )
        found.append(moves[keep].assign(rule=rule.name))
    frame = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=COLUMNS)
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    order = {rule.name: index for index, rule in enumerate(rules)}
    frame["_order"] = frame["rule"].map(order)
    frame = frame.sort_values(
        ["published", "_order", "article", "name", "type", "move"],
        ascending=[False, True, True, True, True, True],
        na_position="last",
    )
    frame = frame[COLUMNS].reset_index(drop=True)
    return frame.astype(object).where(frame.notna(), None)
