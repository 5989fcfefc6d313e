"""Named SPARQL queries: ``graph/queries/*.rq`` files with a header.

A header names the query and its parameters::

    # title: Strategic pivots into a sector
    # description: ...
    # param: sector sector AI        (name, type, default)

Parameter values are turned into RDF terms and bound with ``initBindings``;
they are never formatted into the query text. Every bound parameter is a
variable of the query's top-level SELECT: Oxigraph substitutes only projected
variables. Some parameters are only compared in a FILTER (``days``, ``since``),
so a remote server needs them bound before the WHERE clause is evaluated (a
``VALUES`` block first in it), not joined afterwards by a trailing ``VALUES``.
A ``limit`` parameter is not bound: SPARQL cannot bind a LIMIT. The query
text holds one ``LIMIT`` clause with the parameter's default, and the value,
checked to be a positive integer, replaces that number; a query puts its LIMIT
where it saves work, such as a subquery picking the newest moves before their
details are looked up.

Each type turns text into a term, or fails with one line naming the parameter:
``company`` (a registry id or an IRI), ``move`` (a move's hash or IRI),
``sector``, ``trend``, ``modality``, ``movetype``, ``metric`` (a taxonomy term),
``string``, ``integer``, ``date`` (YYYY-MM-DD) and ``limit`` (a positive integer).

>>> query = load("pivots")
>>> query.title, [p.name for p in query.params]
('Strategic pivots into a sector', ['sector', 'modality'])
>>> query.bindings({"sector": "HPC"})["sector"]
rdflib.term.URIRef('https://w3id.org/minekg/taxonomy/sector/HPC')
>>> load("followers").bindings({"days": "abc"})
Traceback (most recent call last):
...
minekg.errors.QueryError: --param days: 'abc' is not an integer
>>> load("metric-series").bindings({"metric": "Hashrate"})["metric"]
rdflib.term.URIRef('https://w3id.org/minekg/taxonomy/metric/Hashrate')
>>> load("metric-series").bindings({"metric": "hashrate"})
Traceback (most recent call last):
...
minekg.errors.QueryError: --param metric: 'hashrate' is not a valid metric (one of BitcoinHeld, ..., Utilisation)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pandas as pd
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph.store import Store
from graph.triples import company_iri
from graph.vocab import ID, METRIC, MKG, MODALITY, SECTOR, TREND, terms
from minekg.errors import QueryError
from nlp.types import METRICS, MODALITIES, MOVE_TYPES, SECTORS

QUERY_DIR = Path(__file__).resolve().parent / "queries"
TRENDS = tuple(sorted(terms(TREND) - {"Trends"}))
# What an IRI may not contain (RFC 3987): spaces, controls, <>"{}|\^`.
_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The largest integer a parameter may be (xsd:integer is unbounded; servers are not).
_MAX_INT = 2**63 - 1
_MAX_LIMIT = 10**9
_LIMIT = re.compile(r"\bLIMIT\s+[0-9]+\b")  # upper case: a header line may say "limit 10"


class BadValue(ValueError):
    """A parameter value its type does not accept; the message completes "'value' is ..."."""


def _text(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadValue("not valid text (it holds a lone surrogate)") from None
    return value


def _iri(value: str) -> URIRef:
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) or _NOT_IRI.search(_text(value)):
        raise BadValue("not a valid IRI")
    return URIRef(value)


def _in(choices: tuple[str, ...], what: str, namespace) -> Callable[[str], URIRef]:
    def convert(value: str) -> URIRef:
        if value not in choices:
            raise BadValue(f"not a valid {what} (one of {', '.join(choices)})")
        return namespace[value]

    return convert


def _company(value: str) -> URIRef:
    """A company by registry id (``mara``) or full IRI; any other text is quoted into an id."""
    if value.startswith(("http://", "https://")):
        return _iri(value)
    return company_iri(_text(value))


def _move(value: str) -> URIRef:
    """A move by full IRI or by the hash that ends it."""
    if value.startswith(("http://", "https://")):
        return _iri(value)
    return ID[f"move/{quote(_text(value), safe='-._~')}"]


def _integer(value: str) -> Literal:
    try:
        number = int(value.strip())
    except ValueError:
        raise BadValue("not an integer") from None
    if abs(number) > _MAX_INT:
        raise BadValue("not an integer a SPARQL server can hold")
    return Literal(number)


def _limit(value: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        number = 0
    if not 1 <= number <= _MAX_LIMIT:
        raise BadValue(f"not an integer from 1 to {_MAX_LIMIT:,}")
    return number


def _date(value: str) -> Literal:
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError
        return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
    except ValueError:
        raise BadValue("not a date (YYYY-MM-DD)") from None


def _string(value: str) -> Literal:
    return Literal(_text(value))


_CONVERTERS: dict[str, Callable[[str], object]] = {
    "company": _company,
    "move": _move,
    "sector": _in(SECTORS, "sector", SECTOR),
    "trend": _in(TRENDS, "trend", TREND),
    "modality": _in(MODALITIES, "modality", MODALITY),
    "movetype": _in(MOVE_TYPES, "move type", MKG),
    "metric": _in(tuple(METRICS), "metric", METRIC),
    "string": _string,
    "integer": _integer,
    "date": _date,
    "limit": _limit,
}


def _shown(value: str) -> str:
    """A value as an error message quotes it: on one line, and short."""
    return repr(value if len(value) <= 60 else value[:57] + "...")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None

    def convert(self, value: str):
        try:
            return _CONVERTERS[self.type](value)
        except BadValue as exc:
            raise QueryError(f"--param {self.name}: {_shown(value)} is {exc}") from None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str

    def _values(self, values: dict[str, str]) -> dict[str, object]:
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter {', '.join(sorted(unknown))}")
        out = {}
        for param in self.params:
            value = values.get(param.name, param.default)
            if value is None:
                raise QueryError(f"query {self.name!r} needs --param {param.name}=...")
            out[param.name] = param.convert(value)
        return out

    def bindings(self, values: dict[str, str]) -> dict[str, URIRef | Literal]:
        """The RDF term bound to each parameter (a ``limit`` is not bound: see :meth:`sparql`)."""
        converted = self._values(values)
        return {p.name: converted[p.name] for p in self.params if p.type != "limit"}

    def sparql(self, values: dict[str, str]) -> str:
        """The query text with its ``LIMIT`` set from the ``limit`` parameter, if it has one.

        >>> "LIMIT 3" in load("bitcoin-sales").sparql({"limit": "3"})
        True
        """
        converted = self._values(values)
        limit = next((converted[p.name] for p in self.params if p.type == "limit"), None)
        return self.text if limit is None else _LIMIT.sub(f"LIMIT {limit:d}", self.text)

    def run(self, store: Store, /, **values: str) -> pd.DataFrame:
        return store.query(self.sparql(values), self.bindings(values))


def _parse(path: Path) -> NamedQuery:
    header: dict[str, str] = {}
    params = []
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].strip().partition(":")
        if key == "param":
            name, kind, *default = value.split()
            if kind not in _CONVERTERS:
                raise QueryError(f"{path.name}: parameter {name} has unknown type {kind}")
            params.append(Param(name, kind, default[0] if default else None))
        else:
            header[key] = value.strip()
    limits = [p for p in params if p.type == "limit"]
    if limits and (len(limits) > 1 or [m.group() for m in _LIMIT.finditer(text)] != [f"LIMIT {limits[0].default}"]):
        raise QueryError(f"{path.name}: a limit parameter needs exactly one 'LIMIT <its default>' in the query")
    return NamedQuery(path.stem, header.get("title", path.stem), header.get("description", ""), tuple(params), text)


def available() -> list[NamedQuery]:
    return [_parse(p) for p in sorted(QUERY_DIR.glob("*.rq"))]


def load(name: str) -> NamedQuery:
    path = QUERY_DIR / f"{name}.rq"
    if not re.fullmatch(r"[a-z0-9-]+", name) or not path.is_file():
        names = ", ".join(q.name for q in available())
        raise QueryError(f"no named query {name!r}; available: {names}")
    return _parse(path)


def run(store: Store, name: str, /, **values: str) -> pd.DataFrame:
    """Run a named query with its parameters, as a DataFrame."""
    return load(name).run(store, **values)
