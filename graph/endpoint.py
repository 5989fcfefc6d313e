"""A SPARQL 1.1 Protocol endpoint over the store (``minekg serve``), safe by default.

The HTTP side is a Starlette app (:func:`create_app`); queries run in a pebble
process pool, so a query that runs too long is stopped by killing its worker
(Oxigraph has no query timeout of its own) while the other workers go on.

Safety, before anything runs:

* read-only unless started with ``allow_update`` and a bearer token;
* every query and update is parsed with rdflib's SPARQL parser and its algebra
  walked: ``SERVICE`` and ``LOAD`` are refused (both make Oxigraph fetch a URL
  with its own HTTP client, which would turn the endpoint into a proxy), and so
  are ``FROM`` / ``FROM NAMED`` / ``USING`` / ``WITH`` naming a graph outside
  ``https://w3id.org/minekg/``; a text rdflib cannot parse is refused too;
* at most ``max_rows`` solutions or triples come back, and a capped answer says so.

>>> check_query("SELECT ?name WHERE { ?c schema:name ?name }").form
'SELECT'
>>> check_query("SELECT * WHERE { OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }")
Traceback (most recent call last):
...
graph.endpoint.Refused: SERVICE is not allowed: it would make the server fetch http://127.0.0.1:9/
>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "SELECT")
('application/sparql-results+xml', 'xml')
>>> negotiate("text/turtle", "ASK") is None
True
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hmac
import itertools
import json
import multiprocessing
import signal
import socket
from collections.abc import Callable, Iterable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate, traverse
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result

from graph.vocab import PREFIXES
from minekg.errors import MinekgError, QueryError, StoreError

__all__ = [
    "DEFAULT_PORT",
    "MINEKG_NS",
    "Checked",
    "Refused",
    "Settings",
    "check_query",
    "check_update",
    "create_app",
    "negotiate",
    "serve",
]

MINEKG_NS = "https://w3id.org/minekg/"
DEFAULT_PORT = 7878
CAPPED_HEADER = "X-Minekg-Capped"
MAX_BODY = 1_000_000  # bytes of a POSTed query or form
MAX_URL = 256 * 1024  # bytes of a request line and headers (h11's own default is 16 KiB)
MIN_TOKEN = 16

# What each kind of query can be answered as: (media type, format), the server's preference first.
SOLUTION_TYPES = (
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
)
GRAPH_TYPES = (
    ("text/turtle", "turtle"),
    ("application/n-triples", "ntriples"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdfxml"),
    ("application/x-turtle", "turtle"),
    ("application/turtle", "turtle"),
    ("text/plain", "ntriples"),
    ("application/json", "jsonld"),
)
OFFERS = {"SELECT": SOLUTION_TYPES, "ASK": SOLUTION_TYPES, "CONSTRUCT": GRAPH_TYPES, "DESCRIBE": GRAPH_TYPES}
RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


class Refused(MinekgError):
    """A request the endpoint answers with an HTTP error; ``status`` is the code."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


# --------------------------------------------------------------------------------------------------
# checking queries before they run
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Checked:
    """What :func:`check_query` learnt: the query form and whether it names its own dataset."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    dataset: bool  # FROM / FROM NAMED given


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _nodes(tree) -> list[CompValue]:
    """Every node of an rdflib parse tree or algebra, however deep (subqueries, EXISTS, OPTIONAL...).

    Read a node's keys with ``in`` and ``[]`` (or attributes): ``CompValue.get(key)``
    answers the key itself when it is missing.
    """
    found: list[CompValue] = []

    def visit(node):
        if isinstance(node, CompValue):
            found.append(node)
        return None  # keep walking

    traverse(tree, visitPre=visit)
    return found


def _refuse_fetches(nodes: Iterable[CompValue]) -> None:
    for node in nodes:
        if node.name == "ServiceGraphPattern":
            raise Refused(f"SERVICE is not allowed: it would make the server fetch {node.term}")
        if node.name == "Load":
            raise Refused(f"LOAD is not allowed: it would make the server fetch {node.iri}")


def _graph_iri(iri, clause: str) -> None:
    if not isinstance(iri, URIRef) or not str(iri).startswith(MINEKG_NS):
        raise Refused(f"{clause} {iri} is not allowed: only graphs under {MINEKG_NS} can be named")


def _parse(parser, translate, text: str):
    try:
        parsed = parser(text)
        _refuse_fetches(_nodes(parsed))  # on the parse tree, then again on the algebra
        translated = translate(parsed, initNs=PREFIXES)
    except Refused:
        raise
    except RecursionError:
        raise Refused("invalid SPARQL: the query is nested too deeply") from None
    except Exception as exc:  # pyparsing's ParseException, rdflib's "Unknown namespace prefix"...
        raise Refused(f"invalid SPARQL: {_one_line(exc)}") from None
    nodes = _nodes(translated.algebra)
    _refuse_fetches(nodes)
    return translated, nodes


def check_query(text: str) -> Checked:
    """Parse a query with rdflib and refuse what would reach outside the store.

    Raises :class:`Refused` (status 400) for a text rdflib cannot parse, any
    ``SERVICE`` (wherever it is nested, with an IRI, a prefixed name or a
    variable) and ``FROM`` / ``FROM NAMED`` outside the minekg namespace. The
    prefixes of :data:`graph.vocab.PREFIXES` are predeclared.

    >>> check_query("ASK FROM <https://w3id.org/minekg/id/graph/registry> { ?s ?p ?o }")
    Checked(form='ASK', dataset=True)
    >>> check_query("SELECT * FROM <http://example.org/g> { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    graph.endpoint.Refused: FROM http://example.org/g is not allowed: only graphs under ... can be named
    """
    translated, nodes = _parse(parseQuery, translateQuery, text)
    dataset = False
    for node in nodes:
        if node.name == "DatasetClause":
            dataset = True
            if "default" in node:
                _graph_iri(node["default"], "FROM")
            else:
                _graph_iri(node.named, "FROM NAMED")
    return Checked(_FORMS[translated.algebra.name], dataset)


def check_update(text: str) -> None:
    """Parse an update with rdflib and refuse ``LOAD``, ``SERVICE`` and foreign ``WITH`` / ``USING`` graphs.

    >>> check_update("INSERT DATA { <https://w3id.org/minekg/id/x> rdfs:label 'x' }")
    >>> check_update("LOAD <http://example.org/data.ttl>")
    Traceback (most recent call last):
    ...
    graph.endpoint.Refused: LOAD is not allowed: it would make the server fetch http://example.org/data.ttl
    """
    _translated, nodes = _parse(parseUpdate, translateUpdate, text)
    for node in nodes:
        if node.name == "Modify" and "withClause" in node:
            _graph_iri(node["withClause"], "WITH")
        elif node.name == "UsingClause":
            if "default" in node:
                _graph_iri(node["default"], "USING")
            else:
                _graph_iri(node.named, "USING NAMED")


# --------------------------------------------------------------------------------------------------
# content negotiation
# --------------------------------------------------------------------------------------------------
def _ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *params = part.split(";")
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        if media.strip():
            ranges.append((media.strip().lower(), quality))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """The quality the most specific matching range gives ``media_type`` (0 when none matches)."""
    kind = media_type.split("/")[0]
    best_specificity, quality = 0, 0.0
    for media, q in ranges:
        specificity = 3 if media == media_type else 2 if media == f"{kind}/*" else 1 if media == "*/*" else 0
        if specificity > best_specificity:
            best_specificity, quality = specificity, q
    return quality


def negotiate(accept: str | None, form: str) -> tuple[str, str] | None:
    """The (media type, format) to answer a ``form`` query with, or None when ``accept`` allows none.

    No Accept header (or ``*/*``) gets SPARQL JSON results for SELECT and ASK,
    Turtle for CONSTRUCT and DESCRIBE; ties go to the server's order.

    >>> negotiate(None, "CONSTRUCT")
    ('text/turtle', 'turtle')
    >>> negotiate("application/sparql-results+json,application/json;q=0.9", "SELECT")
    ('application/sparql-results+json', 'json')
    """
    offers = OFFERS[form]
    if not accept or not accept.strip():
        return offers[0]
    ranges = _ranges(accept)
    best, best_quality = None, 0.0
    for offer in offers:
        quality = _quality(offer[0], ranges)
        if quality > best_quality:
            best, best_quality = offer, quality
    return best


def acceptable(form: str) -> str:
    return ", ".join(dict.fromkeys(media for media, _ in OFFERS[form][:4]))


# --------------------------------------------------------------------------------------------------
# the worker side: runs in the pool's processes
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reply:
    """An HTTP answer built in a worker: status, body, media type and the cap when rows were dropped."""

    status: int
    body: bytes
    media_type: str = "text/plain"
    capped: int | None = None

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        return cls(status, (message + "\n").encode("utf-8"))


_STORE: ox.Store | None = None
_OPEN_ERROR: str | None = None


def _init_worker(path: str, read_only: bool) -> None:
    """Open the store once per worker process.

    SIGTERM goes back to its default action: pebble stops a timed-out worker
    with SIGTERM, and a Python-level handler would only run once Oxigraph
    handed control back, i.e. after the runaway query.
    """
    global _STORE, _OPEN_ERROR
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        _STORE = ox.Store.read_only(path) if read_only else ox.Store(path)
    except (OSError, ValueError) as exc:
        _OPEN_ERROR = f"cannot open the store at {path}: {_one_line(exc)}"


def _ping() -> Reply:
    if _STORE is None:
        return Reply.error(503, _OPEN_ERROR or "the store is not open")
    return Reply(200, b"ok\n")


_check_cached = functools.lru_cache(maxsize=64)(check_query)  # named queries come back again and again


def _rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise Refused(f"cannot write {type(term).__name__} terms in query results", status=500)


def _kept(items, max_rows: int) -> tuple[list, bool]:
    """At most the first ``max_rows`` items; True when the cap cut some."""
    kept = list(itertools.islice(items, max_rows + 1))
    capped = len(kept) > max_rows
    del kept[max_rows:]
    return kept, capped


def _solutions_body(solutions: ox.QuerySolutions, fmt: str, max_rows: int) -> tuple[bytes, bool]:
    """The kept solutions written by rdflib's result serializers; True when the cap cut some."""
    variables = solutions.variables
    names = [Variable(v.value) for v in variables]
    rows = []
    kept, capped = _kept(solutions, max_rows)
    for solution in kept:
        rows.append(
            {
                name: _rdflib_term(solution[v])
                for name, v in zip(names, variables, strict=True)
                if solution[v] is not None
            }
        )
    table = Result("SELECT")
    table.vars = names
    table.bindings = rows
    if fmt == "tsv":  # rdflib 7 has a TSV results parser but no serializer: let Oxigraph write TSV
        parsed = ox.parse_query_results(table.serialize(format="json"), format=ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=ox.QueryResultsFormat.TSV), capped
    body = table.serialize(format=fmt)
    if capped and fmt == "json":
        document = json.loads(body)
        document["head"]["link"] = [_capped_link(max_rows)]
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
    elif capped and fmt == "xml":
        # <head> holds only <variable> elements, so its first end tag is the head's; link goes last in it
        body = body.replace(b"</head>", f'<link href="{_capped_link(max_rows)}"/></head>'.encode(), 1)
    return body, capped


def _capped_link(max_rows: int) -> str:
    return f"urn:minekg:capped:{max_rows}"


def _triples_body(triples: ox.QueryTriples, fmt: str, max_rows: int) -> tuple[bytes, bool]:
    kept, capped = _kept(triples, max_rows)
    body = ox.serialize(kept, format=RDF_FORMATS[fmt], prefixes=PREFIXES) or b""
    if capped and fmt in ("turtle", "ntriples"):
        body = f"# capped: only the first {max_rows} triples are here ({CAPPED_HEADER})\n".encode() + body
    return body, capped


def _run_query(text: str, accept: str | None, max_rows: int, substitutions: dict | None = None) -> Reply:
    """Check, negotiate, execute and serialize one query (in a worker)."""
    if _STORE is None:
        return Reply.error(503, _OPEN_ERROR or "the store is not open")
    try:
        checked = check_query(text) if substitutions is None else _check_cached(text)
        chosen = negotiate(accept, checked.form)
        if chosen is None:
            return Reply.error(
                406, f"cannot answer a {checked.form} query as {accept}; acceptable: " + acceptable(checked.form)
            )
        media_type, fmt = chosen
        result = _STORE.query(
            text,
            prefixes=PREFIXES,
            use_default_graph_as_union=not checked.dataset,  # Oxigraph's union would override FROM
            substitutions=substitutions,
        )
        if isinstance(result, ox.QueryBoolean):
            return Reply(200, result.serialize(format=RESULTS_FORMATS[fmt]), media_type)
        if isinstance(result, ox.QuerySolutions):
            body, capped = _solutions_body(result, fmt, max_rows)
        else:
            body, capped = _triples_body(result, fmt, max_rows)
        return Reply(200, body, media_type, max_rows if capped else None)
    except Refused as exc:
        return Reply.error(exc.status, str(exc))
    except SyntaxError as exc:
        return Reply.error(400, f"invalid SPARQL: {_one_line(exc)}")
    except (OSError, RuntimeError, ValueError) as exc:
        return Reply.error(500, f"query failed: {_one_line(exc)}")


def _run_update(text: str) -> Reply:
    """Check and execute one update (in the single read-write worker)."""
    if _STORE is None:
        return Reply.error(503, _OPEN_ERROR or "the store is not open")
    try:
        check_update(text)
        _STORE.update(text, prefixes=PREFIXES)
    except Refused as exc:
        return Reply.error(exc.status, str(exc))
    except SyntaxError as exc:
        return Reply.error(400, f"invalid SPARQL update: {_one_line(exc)}")
    except (OSError, RuntimeError, ValueError) as exc:
        return Reply.error(500, f"update failed: {_one_line(exc)}")
    return Reply(204, b"")


# --------------------------------------------------------------------------------------------------
# the server side
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    """How ``minekg serve`` runs; checked when built."""

    store_path: str | Path
    allow_update: bool = False
    token: str | None = None
    timeout: float = 30.0
    max_rows: int = 10_000
    workers: int | None = None  # 2 read-only, 1 with updates
    cors_origins: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self):
        if self.allow_update and not self.token:
            raise MinekgError("--allow-update needs a bearer token: --token-file PATH or env MINEKG_SERVE_TOKEN")
        if self.allow_update and len(self.token) < MIN_TOKEN:
            raise MinekgError(f"the bearer token is too short: use at least {MIN_TOKEN} characters")
        if self.allow_update and self.workers not in (None, 1):
            raise MinekgError("--allow-update runs one worker (Oxigraph has one writer); drop --workers")
        if self.timeout <= 0 or self.max_rows < 1 or (self.workers is not None and self.workers < 1):
            raise MinekgError("timeout, max rows and workers must be positive")
        if str(self.store_path).startswith(("http://", "https://")):
            raise MinekgError(f"serve needs an embedded store directory, not a SPARQL server ({self.store_path})")
        if not Path(self.store_path).is_dir():
            raise StoreError(f"no store at {self.store_path}; run 'minekg ingest' first or pass --store")

    @property
    def pool_size(self) -> int:
        return 1 if self.allow_update else (self.workers or 2)


class Workers:
    """The pebble process pool that runs queries; a timed-out worker is killed and replaced."""

    def __init__(self, settings: Settings):
        from pebble import ProcessPool

        self.settings = settings
        context = multiprocessing.get_context("forkserver")  # no fork of a threaded server process
        context.set_forkserver_preload(["graph.endpoint"])  # replacement workers start warm
        self.pool = ProcessPool(
            max_workers=settings.pool_size,
            initializer=_init_worker,
            initargs=(str(Path(settings.store_path).resolve()), not settings.allow_update),
            context=context,
        )
        try:
            reply = self.pool.schedule(_ping, timeout=120).result()
        except BaseException:
            self.close()
            raise
        if reply.status != 200:
            self.close()
            raise StoreError(reply.body.decode().strip())

    async def run(self, function: Callable[..., Reply], *args) -> Reply:
        from pebble import ProcessExpired

        try:
            future = self.pool.schedule(function, args=args, timeout=self.settings.timeout)
            return await asyncio.wrap_future(future)
        except FutureTimeout:
            return Reply.error(
                503,
                f"the request ran longer than the {self.settings.timeout:g} s timeout and was stopped; "
                "narrow it (more specific patterns, LIMIT) or ask for a longer --timeout",
            )
        except ProcessExpired as exc:
            return Reply.error(500, f"the query's worker died ({exc}); the query was not completed")
        except RuntimeError as exc:  # the pool is closed or broken (BrokenProcessPool is a RuntimeError)
            return Reply.error(503, f"no query worker available: {_one_line(exc)}")
        except Exception as exc:  # a bug in a worker: still one line for the client
            return Reply.error(500, f"internal error ({type(exc).__name__}: {_one_line(exc)})")

    def close(self) -> None:
        self.pool.stop()
        self.pool.join(10)


def _response(reply: Reply):
    from starlette.responses import Response

    headers = {"Vary": "Accept"}
    if reply.capped is not None:
        headers[CAPPED_HEADER] = str(reply.capped)
    return Response(reply.body, status_code=reply.status, media_type=reply.media_type, headers=headers)


def _error(status: int, message: str, headers: dict | None = None):
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


async def _read_body(request) -> str:
    size, chunks = 0, []
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise Refused(f"request body over {MAX_BODY} bytes", status=413)
        chunks.append(chunk)
    charset = "utf-8"
    for param in request.headers.get("content-type", "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"') or charset
    try:
        return b"".join(chunks).decode(charset)
    except (LookupError, UnicodeError, ValueError) as exc:
        raise Refused(f"cannot decode the request body: {_one_line(exc)}") from None


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in params if key == name]
    if len(values) > 1:
        raise Refused(f"give one '{name}' parameter, not {len(values)}")
    return values[0] if values else None


DATASET_PARAMS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")


async def _protocol_request(request) -> tuple[str, str]:
    """('query' | 'update', text) from a SPARQL 1.1 Protocol request."""
    params = list(request.query_params.multi_items())
    if request.method == "POST":
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type == "application/x-www-form-urlencoded":
            params += parse_qsl(await _read_body(request), keep_blank_values=True)
        elif media_type == "application/sparql-query":
            params.append(("query", await _read_body(request)))
        elif media_type == "application/sparql-update":
            params.append(("update", await _read_body(request)))
        else:
            raise Refused(
                f"unsupported Content-Type {media_type or '(none)'}: use application/x-www-form-urlencoded, "
                "application/sparql-query or application/sparql-update",
                status=415,
            )
    for name in DATASET_PARAMS:
        if _single(params, name) is not None:
            raise Refused(
                f"{name} is not supported: the default graph is the union of all graphs; "
                f"use GRAPH, or FROM / FROM NAMED with graphs under {MINEKG_NS}, in the text"
            )
    query, update = _single(params, "query"), _single(params, "update")
    if query is not None and update is not None:
        raise Refused("give either 'query' or 'update', not both")
    if update is not None:
        if request.method != "POST":
            raise Refused("updates are sent with POST")
        return "update", update
    if query is None:
        raise Refused("missing 'query' parameter (or POST a body of type application/sparql-query)")
    return "query", query


def _authorize(request, settings: Settings):
    """None when the request may update, else the error response (401 no token, 403 wrong token)."""
    if not settings.allow_update:
        return _error(403, "this endpoint is read-only; start it with --allow-update and a token to update")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        challenge = {"WWW-Authenticate": 'Bearer realm="minekg"'}
        return _error(401, "updates need 'Authorization: Bearer <token>'", challenge)
    if not hmac.compare_digest(given.strip().encode("utf-8"), settings.token.encode("utf-8")):
        return _error(403, "wrong bearer token")
    return None


def create_app(settings: Settings, workers: Workers | None = None):
    """The Starlette app of the endpoint; starts its query workers (and fails here if the store cannot open).

    Routes: ``GET|POST /sparql`` (SPARQL 1.1 Protocol), ``GET /queries``,
    ``GET /queries/{name}?param=value``, ``GET /health``.
    """
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from graph import named
    from graph.store import to_oxigraph

    queries = {q.name: q for q in named.available()}  # read once: a new .rq file needs a restart
    pool = workers or Workers(settings)

    async def sparql(request):
        try:
            kind, text = await _protocol_request(request)
            if kind == "update":
                refused = _authorize(request, settings)
                if refused is not None:
                    return refused
                return _response(await pool.run(_run_update, text))
        except Refused as exc:
            return _error(exc.status, str(exc))
        return _response(await pool.run(_run_query, text, request.headers.get("accept"), settings.max_rows))

    def describe(query) -> dict:
        return {
            "name": query.name,
            "title": query.title,
            "description": query.description,
            "params": [{"name": p.name, "type": p.type, "default": p.default} for p in query.params],
            "url": f"/queries/{query.name}",
        }

    async def list_queries(request):
        return JSONResponse([describe(q) for q in queries.values()])

    async def run_named(request):
        name = request.path_params["name"]
        if name not in queries:
            return _error(404, f"no named query {name!r}; GET /queries lists them")
        query = queries[name]
        params = list(request.query_params.multi_items())
        try:
            for key, _ in params:
                _single(params, key)
            values = dict(params)
            substitutions = {ox.Variable(key): to_oxigraph(term) for key, term in query.bindings(values).items()}
            text = query.sparql(values)
        except Refused as exc:
            return _error(exc.status, str(exc))
        except (QueryError, ValueError, TypeError) as exc:
            return _error(400, _one_line(exc))
        accept = request.headers.get("accept")
        reply = await pool.run(_run_query, text, accept, settings.max_rows, substitutions)
        return _response(reply)

    async def health(request):
        return JSONResponse(
            {
                "status": "ok",
                "mode": "read-write" if settings.allow_update else "read-only",
                "timeout": settings.timeout,
                "max_rows": settings.max_rows,
                "workers": settings.pool_size,
            }
        )

    @contextlib.asynccontextmanager
    async def lifespan(app):
        try:
            yield
        finally:
            pool.close()

    middleware = []
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Authorization", "Content-Type"],
                expose_headers=[CAPPED_HEADER],
            )
        )
    app = Starlette(
        routes=[
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", list_queries, methods=["GET"]),
            Route("/queries/{name}", run_named, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.workers = pool
    return app


def serve(settings: Settings, address: str = "127.0.0.1", port: int = DEFAULT_PORT, announce=print) -> None:
    """Bind, start the workers, and serve until interrupted; ``announce`` gets the endpoint's URL.

    The socket is bound first, so a port in use fails at once (a
    :class:`~minekg.errors.MinekgError`) and ``port=0`` picks a free port that
    is announced. Ctrl-C (or SIGTERM) shuts down gracefully and returns.
    """
    import uvicorn

    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    # proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted connections only then, and without
    # it each keep-alive response waits ~40 ms (Nagle against the client's delayed ACK)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((address, port))
            sock.listen(128)
        except OSError as exc:
            raise MinekgError(f"cannot listen on {address}:{port}: {exc.strerror or exc}") from None
        app = create_app(settings)
        host, bound = sock.getsockname()[:2]
        shown = f"[{host}]" if family == socket.AF_INET6 else host
        announce(f"http://{shown}:{bound}/sparql")
        config = uvicorn.Config(
            app,
            http="h11",
            h11_max_incomplete_event_size=MAX_URL,
            lifespan="on",
            timeout_graceful_shutdown=3,
            log_level="info",
        )
        with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises Ctrl-C once it has shut down
            uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
