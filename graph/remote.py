"""A minekg store on a SPARQL 1.1 server (Virtuoso, Fuseki, Oxigraph server, GraphDB...).

:class:`RemoteStore` has the interface of the embedded :class:`~graph.store.Store` and talks
standard protocols only:

- reads: the SPARQL 1.1 Protocol. The prefixes of :data:`graph.vocab.PREFIXES` are declared in
  front of every query, and bound values become a ``VALUES`` block of terms opening the query's
  WHERE group, where they constrain the pattern as the embedded store's substitutions do (BIND
  clauses there instead give Virtuoso 7.2 wrong answers when a subquery follows; but Virtuoso
  refuses a VALUES constant over about 8 KB: SR478, a one-line QueryError). Terms
  are written and checked by Oxigraph in their N-Triples form (IRIs validated; quotes,
  backslashes and line breaks escaped), never pasted as raw text. The whole query is then parsed
  by rdflib, so a syntax error is caught here and an update can never be slipped in through the
  query endpoint (Virtuoso executes updates sent there); rdflib also reads the results.

  Not rdflib's ``SPARQLStore``, which appends the bindings as a trailing ``VALUES``: Virtuoso 7.2
  joins a trailing ``VALUES`` after projection (``SQ200: No column`` unless the variable is
  selected; a FILTER never sees it; an empty WHERE gives no row), and the ``n3()`` it writes
  terms with leaves the closing quotes of a multi-line string ending in a backslash and a quote
  unescaped.
- writes: the SPARQL 1.1 Graph Store HTTP Protocol when a GSP URL is given (one ``PUT`` of
  N-Triples replaces a named graph), else SPARQL 1.1 Update (``DROP SILENT GRAPH`` then
  ``INSERT DATA`` in chunks).

httpx carries the HTTP; an unreachable server or an error status becomes a one-line
:class:`~minekg.errors.StoreError` or :class:`~minekg.errors.QueryError` naming the URL.

The server's default graph must be the union of its named graphs, as minekg's queries read
the union (Virtuoso does this for queries without ``FROM``; Fuseki needs
``tdb2:unionDefaultGraph true``, Oxigraph server ``--union-default-graph``). Counts, listings
and exports cover minekg's own graphs, those named under ``https://w3id.org/minekg/id/``: a
server may hold other data (Virtuoso keeps system graphs of its own).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from io import BytesIO
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import httpx
import pandas as pd
import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.query import Result
from rdflib.term import Identifier

from graph.store import EXPORT_FORMATS, Store, plain_value, to_oxigraph
from graph.triples import article_iri
from graph.vocab import ID, PREFIXES
from minekg.errors import QueryError, StoreError

MINEKG_GRAPHS = str(ID)  # every graph minekg writes is named under this namespace
PAGE = 5000  # rows per request when reading everything (servers cap result sizes)
INSERT_CHUNK = 500  # triples per INSERT DATA: Virtuoso compiles each update to SQL of bounded size
ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples;q=0.8, text/turtle;q=0.7, application/rdf+xml;q=0.5"
)
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
PROLOGUE = "".join(f"PREFIX {prefix}: {ox.NamedNode(str(iri))}\n" for prefix, iri in PREFIXES.items())
# What the scan for the WHERE group steps over whole: comments, strings, IRIs and words (names,
# variables, keywords), so that a brace or "WHERE" inside one of them is never taken for syntax.
_TOKEN = re.compile(
    r"""\#[^\n]*
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''
    | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
    | <[^<>"{}|^`\\\x00-\x20]*>
    | [?$]?[A-Za-z_][\w.:-]*""",
    re.VERBOSE | re.DOTALL,
)
_OURS = f"FILTER(STRSTARTS(STR(?g), {ox.Literal(MINEKG_GRAPHS)}))"


def default_checkpoint(url: str) -> Path:
    """Where ingest keeps its resume checkpoint for a server: ``.minekg/remote-HOST-PORT-HASH.ingest.sqlite``.

    >>> default_checkpoint("http://127.0.0.1:8890/sparql").name
    'remote-127.0.0.1-8890-20d20046.ingest.sqlite'
    """
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    digest = hashlib.sha1(url.encode()).hexdigest()[:8]  # two datasets on one server keep two checkpoints
    return Path(".minekg") / f"remote-{parts.hostname}-{port}-{digest}.ingest.sqlite"


def _sparql_term(term: Identifier) -> str:
    """A bound value as SPARQL text: its N-Triples form, written and checked by Oxigraph."""
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be bound in a query sent to a server")
    try:
        return str(to_oxigraph(term))
    except (ValueError, TypeError) as exc:
        raise QueryError(f"cannot bind {str(term)[:80]!r}: {exc}") from None


def _where_groups(query: str) -> list[int]:
    """Where the query's WHERE group and its subqueries' WHERE groups open: the index after each ``{``.

    A subquery's group is found after its ``WHERE`` keyword (minekg's queries always write it).

    >>> q = 'SELECT ?x # a { brace\\nWHERE { ?x ?p "{" }'
    >>> [q[at:] for at in _where_groups(q)]
    [' ?x ?p "{" }']
    >>> q = "CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }"
    >>> [q[at:] for at in _where_groups(q)]
    [' ?s ?p ?o }']
    >>> q = "SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } LIMIT 1 } ?x ?q ?z } VALUES ?x { <a:b> }"
    >>> [q[at:at + 12] for at in _where_groups(q)]
    [' { SELECT ?x', ' ?x ?p ?o } ']
    """
    depth, where, braces, pos = 0, False, 0, 0
    after_where = False  # the last token inside the top-level group was WHERE
    found: list[int] = []
    while pos < len(query):
        token = _TOKEN.match(query, pos)
        if token:
            word = token.group().upper()
            where = where or (depth == 0 and word == "WHERE")
            after_where = depth > 0 and word == "WHERE"
            braces += word == "CONSTRUCT"  # a CONSTRUCT's template is the first group, its pattern the second
            pos = token.end()
            continue
        char = query[pos]
        if char == "{":
            if depth == 0 and not found and (where or braces == 0):
                found.append(pos + 1)
            elif depth == 0 and not found:
                braces -= 1
            elif depth > 0 and after_where:
                found.append(pos + 1)
            depth += 1
        elif char == "}":
            depth -= 1
        if not char.isspace():
            after_where = False
        pos += 1
    if not found:
        raise QueryError("the query has no WHERE group to bind values in")
    return found


def with_values(query: str, bindings: dict[str, Identifier] | None) -> str:
    """``query`` with ``bindings`` as a VALUES block opening its WHERE group and every subquery's.

    A subquery is evaluated before the group around it, so a parameter it uses must be bound in
    it: this gives a server the values where Oxigraph's substitutions put them.

    >>> from rdflib import Literal
    >>> print(with_values("SELECT ?n WHERE { ?c schema:name ?n }", {"n": Literal('say "hi"')}))
    SELECT ?n WHERE { VALUES (?n) { ("say \\"hi\\"") }
     ?c schema:name ?n }
    """
    if not bindings:
        return query
    for variable in bindings:
        if not _VARIABLE.fullmatch(str(variable)):
            raise QueryError(f"{str(variable)[:80]!r} is not a variable name")
    names = " ".join(f"?{variable}" for variable in bindings)
    terms = " ".join(_sparql_term(term) for term in bindings.values())
    block = f" VALUES ({names}) {{ ({terms}) }}\n"
    for at in reversed(_where_groups(query)):
        query = f"{query[:at]}{block}{query[at:]}"
    return query


def _one_line(text: str, limit: int = 300) -> str:
    line = next((x.strip() for x in text.splitlines() if x.strip()), "")
    return line if len(line) <= limit else line[:limit] + "..."


def _cell(term: Identifier | None):
    """A DataFrame cell for a term from the server: the embedded store's conversion (numbers as numbers)."""
    if term is None:
        return None
    if isinstance(term, BNode):  # the server's own label
        return str(term)
    try:
        return plain_value(to_oxigraph(term))
    except (ValueError, TypeError):  # a datatype or language tag Oxigraph refuses: keep the text
        return str(term)


class _Credentials(httpx.DigestAuth):
    """User and password, sent as the server asks: Digest (Virtuoso's ``-auth`` endpoints) or Basic."""

    def __init__(self, user: str, password: str):
        super().__init__(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._use_basic = False

    def auth_flow(self, request: httpx.Request):
        if self._use_basic:
            yield from self._basic.auth_flow(request)
            return
        digest = super().auth_flow(request)
        response = yield next(digest)
        challenges = response.headers.get_list("www-authenticate")
        if response.status_code == 401 and not any(c.lower().startswith("digest") for c in challenges):
            self._use_basic = True
            yield from self._basic.auth_flow(request)
            return
        try:
            while True:
                response = yield digest.send(response)
        except StopIteration:
            return


class RemoteStore(Store):
    """A minekg graph store on a SPARQL 1.1 server: one named graph per article plus the registry graph.

    ``query_url`` is the SPARQL endpoint; ``update_url`` the SPARQL Update endpoint (default:
    ``query_url``, as on Virtuoso); ``gsp_url`` the Graph Store endpoint (Virtuoso:
    ``/sparql-graph-crud``) for one-request graph replacement. ``auth`` is ``(user, password)``
    or an ``httpx.Auth``. ``checkpoint`` is where ingest keeps its resume state (default:
    :func:`default_checkpoint`). Opening checks that the server answers.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        gsp_url: str | None = None,
        auth: tuple[str, str] | httpx.Auth | None = None,
        read_only: bool = False,
        checkpoint: str | Path | None = None,
        timeout: float = 300.0,
    ):
        self.url = query_url
        self.update_url = update_url or query_url
        self.gsp_url = gsp_url
        self.read_only = read_only
        self.path = None  # no directory: see ``checkpoint``
        self.checkpoint = Path(checkpoint) if checkpoint else default_checkpoint(query_url)
        if isinstance(auth, tuple):
            auth = _Credentials(*auth)
        self._http = httpx.Client(auth=auth, timeout=timeout, headers={"User-Agent": "minekg"})
        self._send_query("ASK {}", StoreError, "opening the store")  # a wrong URL fails here, in one line
        if not read_only:
            self.checkpoint.parent.mkdir(parents=True, exist_ok=True)

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r})"

    def close(self) -> None:
        self._http.close()

    # --- HTTP ----------------------------------------------------------
    def _request(self, method: str, url: str, error: type[Exception], what: str, **kwargs) -> httpx.Response:
        try:
            response = self._http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            reason = _one_line(str(exc)) or type(exc).__name__
            raise StoreError(f"cannot reach the SPARQL server at {url}: {reason}") from None
        if response.status_code >= 400:
            reason = _one_line(response.text) or response.reason_phrase
            hint = " (check MINEKG_STORE_USER and MINEKG_STORE_PASSWORD)" if response.status_code in (401, 403) else ""
            raise error(f"{what} failed at {url}: HTTP {response.status_code} {reason}{hint}")
        return response

    def _send_query(self, text: str, error: type[Exception] = QueryError, what: str = "query") -> Result:
        try:
            parseQuery(text)  # a syntax error or an update never reaches the server
        except Exception as exc:  # pyparsing's ParseException and rdflib's own errors
            raise QueryError(f"invalid SPARQL: {' '.join(str(exc).split())}") from None
        response = self._request("POST", self.url, error, what, data={"query": text}, headers={"Accept": ACCEPT})
        # Virtuoso cuts a result at its ResultSetMaxRows and says so in this header: never silently short
        capped = response.headers.get("X-SPARQL-MaxRows")
        if capped:
            raise QueryError(
                f"the server at {self.url} cut the result at {capped} rows; "
                "add LIMIT/OFFSET or raise its limit (Virtuoso: ResultSetMaxRows)"
            )
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        try:
            result = Result.parse(BytesIO(response.content), content_type=content_type)
        except Exception as exc:  # an unknown content type or a malformed body
            raise QueryError(f"unreadable answer from {self.url} ({content_type}): {_one_line(str(exc))}") from None
        if result.type == "SELECT" and [str(v) for v in result.vars] == ["__ASK_RETVAL"]:
            # Virtuoso answers ASK as a SELECT of one column: a row holding 1 for true, no row for false
            answer = Result("ASK")
            answer.askAnswer = any(int(row[0]) for row in result)
            return answer
        return result

    def _update(self, text: str) -> None:
        self._request("POST", self.update_url, StoreError, "update", data={"update": text})

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.url} was opened read-only")

    # --- writing -------------------------------------------------------
    def replace_graph(self, name: URIRef, graph: Iterable[tuple]) -> None:
        """Make the named graph ``name`` hold exactly ``graph``'s triples.

        Every term is converted (and so checked) by Oxigraph before the server is contacted, so
        bad data raises :class:`StoreError` and leaves the old graph in place. With a GSP URL the
        graph is replaced by one ``PUT``; else by ``DROP SILENT GRAPH`` and ``INSERT DATA``.
        """
        self._writable()
        target = ox.NamedNode(str(name))
        try:
            triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph]
        except (ValueError, TypeError) as exc:
            raise StoreError(f"cannot write graph {name}: {exc}") from None
        if self.gsp_url and triples:
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            self._request(
                "PUT",
                self.gsp_url,
                StoreError,
                f"writing graph {name}",
                params={"graph": str(name)},
                content=body,
                headers={"Content-Type": "application/n-triples; charset=utf-8"},
            )
            return
        self._update(f"DROP SILENT GRAPH {target}")
        for start in range(0, len(triples), INSERT_CHUNK):
            chunk = ox.serialize(triples[start : start + INSERT_CHUNK], format=ox.RdfFormat.N_TRIPLES).decode()
            self._update(f"INSERT DATA {{ GRAPH {target} {{\n{chunk}}} }}")

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and every fact extracted from it; False if absent."""
        self._writable()
        name = ox.NamedNode(str(article_iri(article_id)))
        if not self._send_query(f"ASK {{ GRAPH {name} {{ ?s ?p ?o }} }}").askAnswer:
            return False
        self._update(f"DROP SILENT GRAPH {name}")
        return True

    def flush(self) -> None:
        """Nothing to do: the server commits each request."""

    def optimize(self) -> None:
        """Nothing to do: the server manages its own files."""

    # --- reading -------------------------------------------------------
    def result(self, sparql: str, bindings: dict[str, Identifier] | None = None) -> Result:
        """Run a SPARQL query on the server; values are bound as terms (see :func:`with_values`)."""
        return self._send_query(PROLOGUE + with_values(sparql, bindings))

    def query(self, sparql: str, bindings: dict[str, Identifier] | None = None) -> pd.DataFrame:
        """A SELECT query's solutions as a DataFrame of plain Python values, as the embedded store gives them."""
        result = self.result(sparql, bindings)
        if result.type != "SELECT":
            raise QueryError("only SELECT queries return a table; use export or ASK/CONSTRUCT via result()")
        columns = [str(v) for v in result.vars]
        rows = [[_cell(row[i]) for i in range(len(columns))] for row in result]
        return pd.DataFrame(rows, columns=columns)

    def _rows(self, select: str, order: str) -> Iterator[tuple]:
        """Every solution of ``select``, in pages of :data:`PAGE` rows.

        The ORDER BY sits in a subquery: Virtuoso refuses ORDER BY with LIMIT + OFFSET past its
        MaxSortedTopRows (10,000 by default), but pages over an ordered subquery.
        """
        offset = 0
        while True:
            query = f"SELECT * WHERE {{ {{ {select} ORDER BY {order} }} }} LIMIT {PAGE} OFFSET {offset}"
            page = list(self.result(query))
            yield from page
            if len(page) < PAGE:
                return
            offset += PAGE

    def __len__(self) -> int:
        result = self.result(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}")
        return int(next(iter(result))[0].toPython())

    def named_graphs(self) -> list[str]:
        select = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}"
        return [str(row[0]) for row in self._rows(select, "?g")]

    def _quads(self) -> Iterator[ox.Quad]:
        """Every quad of minekg's graphs; a server's blank node labels become fresh blank nodes."""
        blanks: dict[str, ox.BlankNode] = {}

        def term(node):
            if isinstance(node, BNode):
                return blanks.setdefault(str(node), ox.BlankNode())
            return to_oxigraph(node)

        select = f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}"
        for g, s, p, o in self._rows(select, "?g ?s ?p ?o"):
            yield ox.Quad(term(s), term(p), term(o), ox.NamedNode(str(g)))

    def export(self, fmt: str, output: IO[bytes]) -> None:
        """Write minekg's graphs; formats without named graphs get their union."""
        rdf_format = EXPORT_FORMATS[fmt]
        if rdf_format.supports_datasets:
            ox.serialize(self._quads(), output, format=rdf_format)
        else:
            triples = dict.fromkeys(q.triple for q in self._quads())  # the union: each triple once, in order
            ox.serialize(triples, output, format=rdf_format, prefixes=PREFIXES)

    def union_graph(self) -> Graph:
        """An in-memory rdflib copy of the union of minekg's graphs (for SHACL validation)."""
        triples = dict.fromkeys(q.triple for q in self._quads())
        return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


__all__ = ["RemoteStore", "default_checkpoint"]
