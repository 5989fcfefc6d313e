"""The embedded Oxigraph store on disk, read through rdflib and SPARQL.

Writes use pyoxigraph's transactional paths: a graph is parsed by Oxigraph's
own N-Triples parser inside one ``load`` call, so a failed write adds nothing.

>>> from nlp.types import Article, Extraction
>>> store = Store(None)  # in memory
>>> store.write_extraction(Extraction(Article("a1", "text", title="T")))
>>> store.query("SELECT ?t WHERE { ?a dcterms:title ?t }").to_dict("records")
[{'t': 'T'}]
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO

import pandas as pd
import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier

from graph.triples import REGISTRY_GRAPH, article_iri, extraction_triples, registry_triples, same_story_triples
from graph.vocab import ID, ONTOLOGY_DIR, PREFIXES
from minekg.errors import QueryError, StoreError
from nlp.registry import Registry
from nlp.types import Article, Extraction

ONTOLOGY_GRAPH = ID["graph/ontology"]
DEFAULT_STORE = Path(os.environ.get("MINEKG_STORE", ".minekg/store"))
EXPORT_FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}


def ontology_graph() -> Graph:
    """``ontology/minekg.ttl`` and ``ontology/taxonomy.ttl`` in one graph."""
    graph = Graph()
    for name in ("minekg.ttl", "taxonomy.ttl"):
        graph.parse(ONTOLOGY_DIR / name, format="turtle")
    return graph


def _open_read_only(path: Path, attempts: int = 5) -> ox.Store:
    """A read-only handle; a reader opening while a writer compacts can miss a file the compaction just
    removed (Oxigraph raises RuntimeError), so it tries again a few times before giving up."""
    for attempt in range(attempts - 1):
        try:
            return ox.Store.read_only(str(path))
        except RuntimeError:
            time.sleep(0.2 * (attempt + 1))
    return ox.Store.read_only(str(path))  # the last attempt's error is the caller's


class Store:
    """A minekg graph store: one named graph per article plus the registry graph."""

    def __init__(self, path: str | Path | None = DEFAULT_STORE, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._ox = ox.Store()
            elif read_only:
                self._ox = _open_read_only(self.path)
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._ox = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from None
        except RuntimeError as exc:  # a reader opening while a writer compacts can miss a file it removed
            raise StoreError(f"cannot open the store at {self.path} (being written? try again): {exc}") from None
        self.dataset = Dataset(store=OxigraphStore(store=self._ox), default_union=True)

    # --- writing -------------------------------------------------------
    def replace_graph(self, name: URIRef, graph: Iterable[tuple]) -> None:
        """Make the named graph ``name`` hold exactly ``graph``'s triples (an rdflib Graph or any iterable).

        Every term is converted (and so checked by Oxigraph) before the store is touched, so bad
        data raises :class:`StoreError` and leaves the old graph in place; the new triples go in
        with one transactional ``extend``.
        """
        target = self._ox_graph(name)
        try:
            quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target) for s, p, o in graph]
        except (ValueError, TypeError) as exc:
            raise StoreError(f"cannot write graph {name}: {exc}") from None
        try:
            self._ox.remove_graph(target)
            self._ox.extend(quads)
        except OSError as exc:
            raise StoreError(f"cannot write graph {name}: {exc}") from None

    @staticmethod
    def _ox_graph(name: URIRef) -> ox.NamedNode:
        return ox.NamedNode(str(name))

    def write_extraction(self, extraction: Extraction) -> None:
        self.replace_graph(article_iri(extraction.article.id), extraction_triples(extraction))

    def write_same_story(self, article: Article, original_id: str) -> None:
        self.replace_graph(article_iri(article.id), same_story_triples(article, original_id))

    def write_registry(self, registry: Registry) -> None:
        self.replace_graph(REGISTRY_GRAPH, registry_triples(registry))

    def write_ontology(self) -> None:
        """Load the ontology and taxonomy, so queries can use class hierarchy and labels."""
        self.replace_graph(ONTOLOGY_GRAPH, ontology_graph())

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and every fact extracted from it; False if absent."""
        name = self._ox_graph(article_iri(article_id))
        if not self._ox.contains_named_graph(name):
            return False
        self._ox.remove_graph(name)
        return True

    def flush(self) -> None:
        self._ox.flush()

    def optimize(self) -> None:
        """Compact the store's files after a bulk write: reads get faster (about 15% at 1M triples)."""
        try:
            self._ox.optimize()
        except OSError as exc:
            raise StoreError(f"cannot optimize the store: {exc}") from None

    # --- reading -------------------------------------------------------
    def result(self, sparql: str, bindings: dict[str, Identifier] | None = None) -> Result:
        """Run a SPARQL query; values are bound as terms, never pasted into the text."""
        try:
            return self.dataset.query(sparql, initNs=PREFIXES, initBindings=bindings or {})
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {' '.join(str(exc).split())}") from None
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    def query(self, sparql: str, bindings: dict[str, Identifier] | None = None) -> pd.DataFrame:
        """A SELECT query's solutions as a DataFrame of plain Python values.

        Runs on pyoxigraph directly (values bound as its ``substitutions``) and turns its terms into
        plain values without building rdflib terms, which cost more than many queries do.
        """
        try:
            substitutions = {ox.Variable(name): to_oxigraph(term) for name, term in (bindings or {}).items()}
            result = self._ox.query(
                sparql, prefixes=_PREFIX_IRIS, substitutions=substitutions, use_default_graph_as_union=True
            )
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {' '.join(str(exc).split())}") from None
        except (OSError, RuntimeError, TypeError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from None
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only SELECT queries return a table; use export or ASK/CONSTRUCT via result()")
        columns = [variable.value for variable in result.variables]
        try:
            rows = [[plain_value(value) for value in solution] for solution in result]
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None
        return pd.DataFrame(rows, columns=columns)

    def __len__(self) -> int:
        return len(self._ox)

    def named_graphs(self) -> list[str]:
        return [g.value for g in self._ox.named_graphs()]

    def stats(self) -> dict[str, int]:
        counts = self.query(
            """SELECT
                 (COUNT(DISTINCT ?article) AS ?articles)
                 (COUNT(DISTINCT ?move) AS ?moves)
                 (COUNT(DISTINCT ?company) AS ?companies)
               WHERE {
                 { ?article a mkg:Article } UNION { ?move a ?t . ?t rdfs:subClassOf* mkg:Move }
                 UNION { ?move mkg:actor ?x } UNION { ?company a mkg:Company }
               }"""
        ).iloc[0]
        return {
            "quads": len(self),
            "graphs": len(self.named_graphs()),
            "articles": int(counts["articles"]),
            "moves": int(counts["moves"]),
            "companies": int(counts["companies"]),
        }

    def export(self, fmt: str, output: IO[bytes]) -> None:
        """Write the whole store; formats without named graphs get their union."""
        rdf_format = EXPORT_FORMATS[fmt]
        if rdf_format.supports_datasets:
            self._ox.dump(output, format=rdf_format)
        else:
            triples = self._ox.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
            ox.serialize(triples, output, format=rdf_format, prefixes=PREFIXES)

    def union_graph(self) -> Graph:
        """An in-memory rdflib copy of the union of every graph (for SHACL validation)."""
        triples = self._ox.query("CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def open_store(spec: str | Path | None = DEFAULT_STORE, read_only: bool = False) -> Store:
    """The store ``spec`` names: a SPARQL 1.1 server for an ``http(s)://`` URL, else the embedded store there.

    A server's SPARQL Update and Graph Store endpoints and its credentials come from the
    environment: ``MINEKG_STORE_UPDATE_URL`` (default: the query URL), ``MINEKG_STORE_GSP_URL``
    (Virtuoso: ``http://HOST:8890/sparql-graph-crud``), ``MINEKG_STORE_USER`` and
    ``MINEKG_STORE_PASSWORD``. See :mod:`graph.remote`.

    >>> open_store("no/such/store", read_only=True)
    Traceback (most recent call last):
    ...
    minekg.errors.StoreError: no store at no/such/store; run 'minekg ingest' first or pass --store
    """
    if spec is None:
        return Store(None)
    text = str(spec)
    if text.lower().startswith(("http://", "https://")):
        from graph.remote import RemoteStore

        user = os.environ.get("MINEKG_STORE_USER")
        return RemoteStore(
            text,
            update_url=os.environ.get("MINEKG_STORE_UPDATE_URL") or None,
            gsp_url=os.environ.get("MINEKG_STORE_GSP_URL") or None,
            auth=(user, os.environ.get("MINEKG_STORE_PASSWORD", "")) if user else None,
            read_only=read_only,
        )
    if read_only and not Path(text).exists():
        raise StoreError(f"no store at {text}; run 'minekg ingest' first or pass --store")
    return Store(text, read_only=read_only)


def to_oxigraph(term):
    """The pyoxigraph term for an rdflib term; Oxigraph rejects what is not valid RDF."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


_NUMBERS = {str(XSD.decimal): Decimal, str(XSD.double): float, str(XSD.float): float} | {
    str(datatype): int for datatype in (XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger)
}
_BOOLEAN = str(XSD.boolean)
_PREFIX_IRIS = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def plain_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None):
    """A Python value for a DataFrame cell: numbers as numbers, everything else as text.

    Dates stay ISO strings ("2024", "2024-03", "2024-03-05"), so a column of
    mixed precision is one type.
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        number = _NUMBERS.get(datatype)
        if number is not None:
            try:
                return number(term.value)
            except (ValueError, ArithmeticError):
                return term.value  # an ill-typed literal keeps its text
        if datatype == _BOOLEAN:
            return term.value in ("true", "1")
    return term.value
