"""The ``minekg`` command: a thin face over the library.

Library errors (:class:`~minekg.errors.MinekgError`) become one line on
stderr and exit code 1; there is never a traceback.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from pathlib import Path

import click

from minekg.errors import MinekgError
from minekg.parallel import MAX_DEFAULT_WORKERS, default_workers

APP = Path(__file__).resolve().parents[1] / "app.py"


def _one_line_errors(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except click.ClickException:
            raise  # already one line for the user (usage errors included)
        except MinekgError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly, and flush nothing more
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError as exc:  # a file the user named cannot be read or written
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None
        except KeyboardInterrupt:
            raise click.ClickException("interrupted; run the same command again to resume") from None
        except Exception as exc:  # a bug: still one line; MINEKG_DEBUG=1 shows the traceback
            if os.environ.get("MINEKG_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error ({type(exc).__name__}: {exc}); rerun with MINEKG_DEBUG=1 and report it"
            ) from None

    return wrapper


def store_option(func):
    return click.option(
        "--store",
        "store_path",
        envvar="MINEKG_STORE",
        default=".minekg/store",
        show_default=True,
        type=click.Path(file_okay=False),
        help="Directory of the embedded Oxigraph store (env MINEKG_STORE).",
    )(func)


def split_option(default: str, help: str):
    """``--split``: which half of the gold set a command reads (``all``: both)."""
    return click.option(
        "--split", type=click.Choice(["tune", "test", "all"]), default=default, show_default=True, help=help
    )


def output_options(func):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="Output format.",
    )(func)


def _open_store(path: str, read_only: bool = False):
    """The embedded store in a directory, or a SPARQL server for an http(s) URL (graph.store.open_store)."""
    from graph.store import open_store

    return open_store(path, read_only=read_only)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")


def _markdown(frame) -> str:
    """A GitHub Markdown table; cell text is escaped, so ``|``, markup and HTML show as typed.

    >>> import pandas as pd
    >>> print(_markdown(pd.DataFrame([{"rule": "a|b", "sentence": "<b>sold</b>\\n1 BTC", "amount": None}])))
    | rule | sentence | amount |
    | --- | --- | --- |
    | a\\|b | \\<b\\>sold\\</b\\> 1 BTC |  |
    """

    import pandas as pd

    def cell(value) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))

    lines = [
        "| " + " | ".join(cell(column) for column in frame.columns) + " |",
        "| " + " | ".join("---" for _ in frame.columns) + " |",
    ]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def _print_frame(frame, fmt: str) -> None:
    if fmt == "markdown":
        click.echo(_markdown(frame))
    elif fmt == "csv":  # cells a spreadsheet would run as formulas are defused
        from graph.export import spreadsheet_frame

        click.echo(spreadsheet_frame(frame).to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(frame.to_dict("records"), default=str, ensure_ascii=False, indent=1))
    elif frame.empty:
        click.echo("(no results)")
    else:
        import pandas as pd

        with pd.option_context("display.max_colwidth", 80, "display.width", 200):
            click.echo(frame.to_string(index=False))


@click.group()
@click.version_option(package_name="minekg")
def cli():
    """minekg: a knowledge graph of bitcoin-mining-industry strategy.

    Example:

        minekg ingest data/articles && minekg query --name pivots
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "text", "html", "warc", "feed"]),
    help="Read every file as this format [default: by extension].",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    help="Processes for the NLP stage, beside the writer (0: parse in the writer's process) "
    f"[default: one per core, at most {MAX_DEFAULT_WORKERS}].",
)
@click.option("--cluster", metavar="tcp://HOST:8786", help="Run the NLP stage on this Dask scheduler.")
@click.option(
    "--no-prefilter", is_flag=True, help="Parse every article, even those naming no company or industry term."
)
@click.option(
    "--resume/--no-resume",
    default=True,
    show_default=True,
    help="Skip articles a previous run of the same store already handled (the default).",
)
@click.option(
    "--rejects", type=click.Path(dir_okay=False), help="Where rejected records go [default: beside the store]."
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@_one_line_errors
def ingest(paths, store_path, fmt, workers, cluster, no_prefilter, resume, rejects, quiet):
    """Extract articles into the store: JSONL (.gz, .zst), CSV, text, HTML, WARC, RSS/Atom, or directories.

    Re-ingesting an article replaces exactly its facts; exact duplicates are skipped, near
    duplicates linked to their story, irrelevant articles listed without parsing, and bad records
    skipped with a one-line reason and written to the rejects file. An interrupted run resumes
    when run again.

    Example:

        minekg ingest data/articles --store .minekg/store
        minekg ingest dump.warc.gz --workers 2
        minekg ingest news.jsonl.zst --cluster tcp://10.0.0.5:8786
    """
    from minekg.ingest import checkpoint_path
    from minekg.ingest import ingest as run_ingest

    store = _open_store(store_path)
    if not resume and os.path.exists(checkpoint_path(store)):
        os.remove(checkpoint_path(store))
    beside = Path(checkpoint_path(store)).parent  # beside the store; .minekg/ for a SPARQL server
    rejects_path = Path(rejects) if rejects else beside / "rejects.jsonl"
    progress = not quiet and sys.stderr.isatty() and not os.environ.get("CI")
    summary = run_ingest(
        paths,
        store,
        rejects_path=rejects_path,
        irrelevant_path=beside / "irrelevant.jsonl",
        progress=progress,
        format=fmt,
        prefilter=not no_prefilter,
        workers=default_workers() if workers is None else workers,
        cluster=cluster,
    )
    for line in summary.lines():
        click.echo(line, err=True)
    if (
        summary.read
        and summary.ingested
        + summary.already_ingested
        + summary.duplicates
        + summary.near_duplicates
        + summary.irrelevant
        == 0
    ):
        raise click.ClickException("nothing was ingested")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_one_line_errors
def extract(paths):
    """Print one JSON object of extracted facts per article; no store is used.

    Example:

        minekg extract ../shared/seed/mara-ai-pivot.txt | head -c 600
    """
    from minekg import sources
    from minekg.errors import BadRecord
    from nlp.extract import Extractor

    skipped = 0

    def articles():
        nonlocal skipped
        for item in sources.read(paths):
            if isinstance(item, BadRecord):
                skipped += 1
                click.echo(f"skipped {item}", err=True)
            else:
                yield item

    for extraction in Extractor().extract_many(articles()):
        click.echo(json.dumps(extraction.to_dict(), ensure_ascii=False))
    if skipped:
        click.echo(f"{skipped} record(s) skipped", err=True)


@cli.command()
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from a .rq file.")
@click.option("--name", help="Run a named query from graph/queries (see --list).")
@click.option("--param", multiple=True, metavar="KEY=VALUE", help="A named query's parameter, bound as a term.")
@click.option("--list", "list_names", is_flag=True, help="List the named queries and their parameters.")
@store_option
@output_options
@_one_line_errors
def query(sparql, query_file, name, param, list_names, store_path, fmt):
    """Run a SPARQL SELECT query (text, --file or --name) against the store.

    Prefixes mkg:, schema:, prov:, dcterms:, skos:, rdfs:, sector:, trend:,
    modality:, asset: and category: are predeclared.

    Example:

        minekg query --name pivots --param sector=AI --format csv
        minekg query "SELECT ?name WHERE { ?c a mkg:Company ; schema:name ?name } LIMIT 5"
    """
    from graph import named

    if list_names:
        for q in named.available():
            params = " ".join(f"{p.name}={p.default or '...'}" for p in q.params)
            click.echo(f"{q.name}: {q.title}" + (f"  [{params}]" if params else ""))
        return
    given = [x for x in (sparql, query_file, name) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of SPARQL text, --file or --name")
    if sparql and sparql in {q.name for q in named.available()}:
        raise click.UsageError(f"{sparql!r} is a named query: run it with --name {sparql}")
    values = {}
    for item in param:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.UsageError(f"--param {item!r} is not KEY=VALUE")
        values[key] = value
    if values and not name:
        raise click.UsageError("--param goes with --name")
    store = _open_store(store_path, read_only=True)
    if name:
        frame = named.run(store, name, **values)
    else:
        frame = store.query(query_file.read() if query_file else sparql)
    _print_frame(frame, fmt)


@cli.command()
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(exists=True, dir_okay=False),
    required=True,
    help="TOML file of [[rule]] tables, e.g. data/watch-rules.toml (see graph/watch.py).",
)
@click.option("--since", metavar="YYYY-MM-DD", help="Articles published on or after this date [default: 7 days ago].")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="Output format (markdown: a GitHub table).",
)
@store_option
@_one_line_errors
def watch(rules_path, since, fmt, store_path):
    """Print the moves of articles published since a date that match the watch rules.

    One row per rule and move, newest article first. With no match, stdout stays
    empty (json: []), "no matches since DATE" goes to stderr, and the exit code is
    still 0: an error (a bad rule, no store) is the only non-zero exit.

    Example:

    \b
        minekg watch --rules data/watch-rules.toml --since 2024-06-01 --format markdown
        # crontab: every Monday at 7, cron mails what the last 7 days matched
        0 7 * * 1  cd /srv/minekg && .venv/bin/minekg watch --rules data/watch-rules.toml
    """
    from datetime import date, timedelta

    from graph import watch as watching

    rules = watching.load_rules(rules_path)
    since = since or (date.today() - timedelta(days=7)).isoformat()
    found = watching.matches(_open_store(store_path, read_only=True), rules, since)
    if found.empty:
        click.echo(f"no matches since {since}", err=True)
        if fmt == "json":
            click.echo("[]")
    else:
        _print_frame(found.fillna("") if fmt == "table" else found, fmt)


@cli.command()
@click.argument("article_ids", nargs=-1, required=True, metavar="ARTICLE_ID...")
@store_option
@_one_line_errors
def delete(article_ids, store_path):
    """Remove articles and every fact extracted from them; consolidated moves, tallies and
    follows-suit links follow. Ingesting an article again parses it again.

    Example:

        minekg delete 2022-07-miners-sell-bitcoin-in-june
    """
    from minekg.ingest import delete as delete_articles

    missing = delete_articles(article_ids, _open_store(store_path))
    click.echo(f"deleted {len(article_ids) - len(missing)} of {len(article_ids)} articles", err=True)
    if missing:
        raise click.ClickException(f"not in the store: {', '.join(missing)}")


@cli.command()
@store_option
@output_options
@_one_line_errors
def stats(store_path, fmt):
    """Count quads, graphs, articles, moves and companies in the store.

    Example:

        minekg stats --format json
    """
    import pandas as pd

    counts = _open_store(store_path, read_only=True).stats()
    _print_frame(pd.DataFrame([counts]), fmt)


@cli.command()
@store_option
@output_options
@_one_line_errors
def analyse(store_path, fmt):
    """Rank the companies of the company graph: degree, betweenness, PageRank, community.

    Two companies are linked by each counterparty move between them, each article mentioning
    both, each trend both have moves in, and a similar mix of moves (graph/analytics.py).

    Example:

        minekg analyse --format csv > companies.csv
    """
    from graph.analytics import analyse as analyse_store

    _print_frame(analyse_store(_open_store(store_path, read_only=True)).companies, fmt)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "nquads", "trig", "jsonld", "ntriples", "graphml", "gexf", "csv"]),
    default="trig",
    show_default=True,
    help="RDF format (turtle and ntriples merge the graphs); graphml or gexf: companies, moves, "
    "articles and trends as a network (Gephi); csv: one row per move with its source.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="File to write [default: stdout].")
@store_option
@_one_line_errors
def export(fmt, output, store_path):
    """Write the whole graph in an RDF format, as a network for Gephi, or the moves as CSV.

    CSV cells that a spreadsheet would run as a formula (starting with =, +, -, @)
    get a leading apostrophe.

    Example:

    \b
        minekg export --format nquads -o minekg.nq
        minekg export --format gexf -o minekg.gexf
        minekg export --format csv -o moves.csv
    """
    from graph.export import WRITERS

    store = _open_store(store_path, read_only=True)

    def write(handle):
        if fmt in WRITERS:
            WRITERS[fmt](store, handle)
        else:
            store.export(fmt, handle)

    if output:
        with open(output, "wb") as handle:
            write(handle)
    else:
        write(sys.stdout.buffer)


@cli.command()
@store_option
@_one_line_errors
def validate(store_path):
    """Check the store against the SHACL shapes; exit 1 on any violation.

    Example:

        minekg validate
    """
    from graph.validate import validate as run_validate

    report = run_validate(_open_store(store_path, read_only=True))
    if not report.conforms:
        lines = report.text.splitlines()
        click.echo("\n".join(lines[:40] + ([f"... {len(lines) - 40} more lines"] if len(lines) > 40 else [])), err=True)
        raise click.ClickException(f"{report.violations} SHACL violation(s)")
    click.echo("conforms: 0 violations")


@cli.command(name="eval")
@click.argument("paths", nargs=-1, required=True)
@split_option("test", "Which part of the gold set to score.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--errors", is_flag=True, help="Also list every missed, extra or wrong move.")
@click.option(
    "--predictions",
    type=click.Path(exists=True, dir_okay=False),
    help="Score these moves (JSON lines: a second annotator's, or minekg extract output) instead of running "
    "minekg, on the gold articles they cover.",
)
@_one_line_errors
def evaluate(paths, split, fmt, errors, predictions):
    """Score extraction against gold annotations: P/R/F1 per move type, argument accuracy.

    Moves match on type and actor; arguments are scored on matched moves
    (amounts within 1%). Tune on --split tune, report --split test.

    Example:

        minekg eval data/gold --split test

    and a second annotator scored against the gold:

        minekg eval data/gold --split tune --predictions data/agreement/second-annotator.jsonl
    """
    from minekg.evaluate import evaluate as run_eval
    from minekg.evaluate import format_report, load_gold, load_predictions

    records = load_gold(paths, None if split == "all" else split)
    scores = run_eval(records, predictions=load_predictions(predictions) if predictions else None)
    report = scores.report()
    click.echo(json.dumps(report, indent=1) if fmt == "json" else format_report(report))
    if errors:
        for article_id, what, got, want in scores.errors:
            click.echo(f"{article_id}\t{what}\t{got}\t{want}", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@split_option("tune", "Which part of the gold set to fit on.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Weights file to write [default: the one minekg reads, nlp/confidence.json].",
)
@_one_line_errors
def calibrate(paths, split, output):
    """Fit move confidence on gold annotations: how often moves like each one were right.

    Prints precision at each confidence threshold, cross-validated by holding out one gold
    file at a time, then writes the weights. Needs scikit-learn (pip install 'minekg[calibrate]').

    Example:

        minekg calibrate data/gold --split tune
    """
    from importlib.resources import files

    from minekg.calibrate import cross_validated, examples, fit, precision_at, write
    from minekg.evaluate import load_gold
    from nlp.confidence import WEIGHTS_FILE

    split = None if split == "all" else split
    rows = examples(load_gold(paths, split))
    weights = fit(rows)
    click.echo(f"{len(rows)} predicted moves, {sum(right for *_, right in rows)} right")
    click.echo("precision at confidence >= threshold, each gold file scored by a fit without it:")
    for t, (p, n) in precision_at(cross_validated(rows)).items():
        click.echo(f"  >= {t}: " + (f"{p:.2f} ({n})" if p is not None else "no moves"))
    path = output or str(files("nlp").joinpath(WEIGHTS_FILE))
    write(weights, path, split, len(rows))
    click.echo(f"wrote {path}")


@cli.command()
@store_option
@click.option("--address", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconds a query may run; then it is stopped and answered 503.",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Most solutions or triples returned; a capped answer says so (X-Minekg-Capped).",
)
@click.option(
    "--workers", type=click.IntRange(1, 64), help="Query processes [default: 2; always 1 with --allow-update]."
)
@click.option(
    "--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN", help="Allow this browser origin (repeat)."
)
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update from clients sending the bearer token.")
@click.option(
    "--token-file",
    type=click.Path(exists=True, dir_okay=False),
    help="File holding the bearer token for updates [default: env MINEKG_SERVE_TOKEN].",
)
@_one_line_errors
def serve(store_path, address, port, timeout, max_rows, workers, cors_origins, allow_update, token_file):
    """Serve the store as a SPARQL 1.1 Protocol endpoint at /sparql (read-only by default).

    Named queries are at /queries and /queries/NAME?param=value, the status at
    /health. SERVICE, LOAD and FROM/USING/WITH outside the minekg namespace are
    refused. Do not serve a store that an ingest is writing (without
    --allow-update the store is opened read-only).

    Example:

    \b
        minekg serve --port 7878
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' 127.0.0.1:7878/sparql
        MINEKG_SERVE_TOKEN=$(cat token) minekg serve --allow-update
    """
    from graph import endpoint

    token = Path(token_file).read_text(encoding="utf-8").strip() if token_file else None
    settings = endpoint.Settings(
        store_path,
        allow_update=allow_update,
        token=token or os.environ.get("MINEKG_SERVE_TOKEN", "").strip() or None,
        timeout=timeout,
        max_rows=max_rows,
        workers=workers,
        cors_origins=tuple(cors_origins),
    )
    mode = "read-write, updates with the token" if allow_update else "read-only"
    endpoint.serve(
        settings, address, port, announce=lambda url: click.echo(f"SPARQL endpoint on {url} ({mode})", err=True)
    )


@cli.command()
@store_option
@click.option("--port", default=8501, show_default=True, help="Port of the explorer.")
@click.option("--address", default="127.0.0.1", show_default=True, help="Address to listen on.")
@_one_line_errors
def explore(store_path, port, address):
    """Start the Streamlit explorer on the store.

    Example:

        minekg explore --port 8501
    """
    _open_store(store_path, read_only=True)  # fail early, in one line, without a store
    env = dict(os.environ, MINEKG_STORE=str(Path(store_path).resolve()))
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    click.echo(f"explorer on http://{address}:{port}", err=True)
    os.execve(sys.executable, command, env)  # become the server: signals reach it directly
