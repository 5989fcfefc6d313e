"""Named SPARQL queries: ``graph/queries/*.rq`` files with a header.

A header names the query and its parameters::

    # title: Strategic pivots into a sector
    # description: ...
    # param: sector sector AI        (name, type, default)

Parameter values are turned into RDF terms and bound with ``initBindings``;
they are never formatted into the query text.

>>> query = load("pivots")
>>> query.title, [p.name for p in query.params]
('Strategic pivots into a sector', ['sector', 'modality'])
>>> query.bindings({"sector": "HPC"})["sector"]
rdflib.term.URIRef('https://w3id.org/minekg/taxonomy/sector/HPC')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph.store import Store
from graph.triples import company_iri
from graph.vocab import ID, MKG, MODALITY, SECTOR, TREND
from minekg.errors import QueryError

QUERY_DIR = Path(__file__).resolve().parent / "queries"


def _date(value: str) -> Literal:
    return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)


def _company(value: str) -> URIRef:
    """A company by registry id (``mara``) or full IRI."""
    return URIRef(value) if value.startswith(str(ID)) else company_iri(value)


_CONVERTERS = {
    "company": _company,
    "sector": lambda v: SECTOR[v],
    "trend": lambda v: TREND[v],
    "modality": lambda v: MODALITY[v],
    "movetype": lambda v: MKG[v],
    "string": Literal,
    "integer": lambda v: Literal(int(v)),
    "date": _date,
}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str

    def bindings(self, values: dict[str, str]) -> dict[str, URIRef | Literal]:
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter {', '.join(sorted(unknown))}")
        out = {}
        for param in self.params:
            value = values.get(param.name, param.default)
            if value is None:
                raise QueryError(f"query {self.name!r} needs --param {param.name}=...")
            try:
                out[param.name] = _CONVERTERS[param.type](value)
            except (ValueError, AttributeError) as exc:
                raise QueryError(f"parameter {param.name}={value!r} is not a valid {param.type}: {exc}") from None
        return out

    def run(self, store: Store, **values: str) -> pd.DataFrame:
        return store.query(self.text, self.bindings(values))


def _parse(path: Path) -> NamedQuery:
    header: dict[str, str] = {}
    params = []
    for line in path.read_text(encoding="utf-8").splitlines():
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
    return NamedQuery(
        path.stem,
        header.get("title", path.stem),
        header.get("description", ""),
        tuple(params),
        path.read_text(encoding="utf-8"),
    )


def available() -> list[NamedQuery]:
    return [_parse(p) for p in sorted(QUERY_DIR.glob("*.rq"))]


def load(name: str) -> NamedQuery:
    path = QUERY_DIR / f"{name}.rq"
    if not path.is_file():
        names = ", ".join(q.name for q in available())
        raise QueryError(f"no named query {name!r}; available: {names}")
    return _parse(path)


def run(store: Store, name: str, **values: str) -> pd.DataFrame:
    """Run a named query with its parameters, as a DataFrame."""
    return load(name).run(store, **values)
