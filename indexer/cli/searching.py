"""Commands that read the index: `search`, `inspect` (one file as ingestion reads it), `eval`,
`info`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from indexer.cli.common import DOCUMENTS_LISTED, INDEX_OPTION, _checked_query, _date_range, main, user_errors
from indexer.config import DEFAULT_ARCHIVE_DIR
from indexer.errors import InvalidInput


class QueryCommand(click.Command):
    """A command whose arguments are free text: a word that starts with "-" ("-husleje", "-kommune") is
    a query (whose minus leaves the word out), not an option, unless it is one of the command's own options
    or a short one joined to its number ("-k5")."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value: dict[str, bool] = {}
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                for name in (*param.opts, *param.secondary_opts):
                    takes_value[name] = not param.is_flag and not param.count
        options, words = [], []
        position = 0
        while position < len(args):
            arg = args[position]
            name = arg.split("=", 1)[0] if arg.startswith("--") else arg
            if arg == "--":
                words += args[position + 1:]
                break
            if name in takes_value:
                options.append(arg)
                if takes_value[name] and "=" not in arg and position + 1 < len(args):
                    position += 1
                    options.append(args[position])
            elif not arg.startswith("--") and takes_value.get(arg[:2]) and arg[2:].isdigit():  # "-k5", not "-kommune"
                options.append(arg)
            else:
                words.append(arg)
            position += 1
        return super().parse_args(ctx, options + ["--"] + words)


@main.command(cls=QueryCommand)
@click.argument("queries", nargs=-1, required=True)
@INDEX_OPTION
@click.option("-k", "k", type=click.IntRange(1, 1000), default=10, show_default=True, help="Results per query.")
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True, help="Results to skip (paging).")
@click.option("--all", "all_results", is_flag=True, help="Every result that passes the relevance floor (exports).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line per query (see README).")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "lexical"]), default="hybrid", show_default=True,
              help="Retrieval mode.")
@click.option("--body", "bodies", multiple=True, help="Only this body (repeatable).")
@click.option("--type", "doc_types", multiple=True, help="Only this document type (repeatable): the archive's name (referat) or its English one (minutes).")
@click.option("--document", "documents", multiple=True, help="Only this document path (repeatable).")
@click.option("--from", "date_from", default=None, help="Meetings on or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Meetings on or before this date (YYYY-MM-DD).")
@user_errors
def search(queries, index_dir, k, offset, all_results, as_json, mode, bodies, doc_types, documents,
           date_from, date_to) -> None:
    """Search the index. Each QUERY is one search (quote one of several words); QUERY '-' reads
    queries from standard input, one per line.

    A minus before a word leaves out the results holding it in their text, heading or agenda item
    (an English word also by its Danish words in the glossary): `search "husleje -rente"`. An
    argument starting with "-" is a query, not an option: `search "-rente husleje"`; one of such
    words alone (`search -husleje`) has nothing to search for and says so. Quotes and AND/OR/NOT
    are not operators: their words are searched."""
    from indexer import present
    from indexer.records import Filters
    from indexer.search.archive import Archive
    from indexer.search.query import EMPTY_QUERY, clean_query

    filters = Filters(tuple(bodies), tuple(doc_types), tuple(documents),
                      *_date_range(date_from, date_to))
    from_stdin = list(queries) == ["-"]
    # From standard input each line as it comes (blank ones skipped), a bad one said with its number
    # while the others are searched; from the command line all are checked before the first is searched.
    if from_stdin:
        lines = enumerate((line.rstrip("\n") for line in sys.stdin), 1)
        queries = ((number, line) for number, line in lines if line.strip())
    else:
        queries = [(None, _checked_query(query)) for query in queries]
        if not all(clean_query(query) for _, query in queries):
            # `search ""` would print "no results": a slip in typing, said as other bad arguments are (exit 2)
            raise click.UsageError(EMPTY_QUERY)
    archive = Archive.open(index_dir)
    filters = archive.check_filters(filters, lists=DOCUMENTS_LISTED)  # a misspelled filter finds nothing: said, as the API says it
    failed = 0
    _say_vectors_waiting(archive, mode, as_json)
    for line, query in queries:
        try:
            results = archive.search(_checked_query(query), k=None if all_results else k, offset=offset, mode=mode,
                                     filters=filters)
        except InvalidInput as exc:
            if line is None:
                raise
            failed += 1
            click.echo(present.shown(f"Error: line {line}: {exc}"), err=True)
            continue
        case = archive.known_case(query)  # a case number searched for: its trail is the answer (as the API says)
        if as_json:
            click.echo(json.dumps({"query": query, **results.to_json(), **({"case": case} if case else {})},
                                  ensure_ascii=False))
        else:
            trail = [f"  case {case}: every meeting that treated it: python -m indexer case {case}"] if case else []
            # a case number alone ("sag 22-011409") searches for nothing: its trail is the whole answer
            lines = present.result_lines(results) if results.query or not case else []
            click.echo("\n".join([click.style(f"» {present.shown(query)}", bold=True), *(present.shown(text) for text in trail),
                                   *lines]))
    if failed:
        raise click.ClickException(f"{failed} of the queries read from standard input {'was' if failed == 1 else 'were'} "
                                   "not searched (above)")


def _say_vectors_waiting(archive, mode: str, as_json: bool) -> None:
    """One line on stderr while paragraphs wait for their vectors (a build stopped, or still embedding):
    meaning-based search covers only part of the archive (JSON says it in `vectors`)."""
    manifest = getattr(archive, "manifest", None)
    if as_json or mode == "lexical" or not getattr(manifest, "pending", 0):
        return
    rest = "are not searched" if mode == "dense" else "are found by their words"  # dense: no words to find them by
    click.echo(f"meaning-based search covers {manifest.embedded:,} of {manifest.paragraphs:,} paragraphs; the rest "
               f"{rest} until `build` finishes", err=True)


def _existing_file(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """FILE exists, or names a file inside a zip ("…/Publication32.zip/Enclosures/1.pdf": an
    attachment there, which the reader checks)."""
    if value.is_file() or any(parent.suffix.lower() == ".zip" and parent.is_file() for parent in value.parents):
        return value
    raise click.BadParameter(f"File '{value}' does not exist.")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), callback=_existing_file)
@click.option("--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_ARCHIVE_DIR, show_default=True,
              help="The archive FILE belongs to (its catalog rows apply).")
@user_errors
def inspect(file: Path, archive_dir: Path) -> None:
    """Print FILE's paragraphs with page, heading, speaker and metadata (FILE may be an
    attachment inside a publication zip: ARCHIVE/Publication32.zip/Enclosures/1.pdf)."""
    from dataclasses import replace

    from indexer.ingest.catalog import load_catalog
    from indexer.ingest.pipeline import format_inspection, ingest_file
    from indexer.present.terminal import shown

    inside = archive_dir.is_dir() and file.resolve().is_relative_to(archive_dir.resolve())
    root = archive_dir if inside else None
    record, paragraphs = ingest_file(file, root=root, catalog=load_catalog(root) if root else None)
    # The file's name (and what was read from it) escaped for the terminal, each on its own line.
    named = replace(record, **{name: shown(value) for name, value in vars(record).items() if isinstance(value, str)})
    click.echo("\n".join(shown(line) for line in format_inspection(named, paragraphs).split("\n")), nl=False)


@main.command("eval")
@INDEX_OPTION
@click.option("--queries", "queries_files", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              multiple=True, help="Labelled queries (repeatable, e.g. also benchmarks/queries/greve.json; "
                                  "default: benchmarks/queries/queries.json).")
@click.option("--collection", "collections", multiple=True,
              help="Only the queries about this collection (repeatable: minutes, folketinget, pdfs, greve …).")
@click.option("--part", type=click.Choice(["heldout", "tuning", "all"]), default="heldout", show_default=True,
              help="Which labelled queries: report on held-out ones; tune on the tuning part only.")
@click.option("--mode", "modes", multiple=True, type=click.Choice(["dense", "lexical", "hybrid"]),
              help="Retrieval mode (repeatable; default: all three).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@user_errors
def evaluate(index_dir: Path, queries_files: tuple[Path, ...], collections: tuple[str, ...], part: str,
             modes: tuple[str, ...], as_json: bool) -> None:
    """Recall@5, MRR@10, nDCG@10 and hit@5 of dense, lexical and hybrid retrieval."""
    from indexer.search.archive import Archive
    from indexer.search.evaluate import (
        DEFAULT_QUERIES,
        MODES,
        evaluate_modes,
        format_table,
        load_queries,
    )

    # A bad file is said before the index loads; results are broken down by collection and language.
    queries = [q for path in (queries_files or (DEFAULT_QUERIES,)) for q in load_queries(path, part=part)
               if not collections or q.collection in collections]
    if collections and not queries:
        raise InvalidInput(f"no {part} queries about {', '.join(collections)}")
    results = evaluate_modes(Archive.open(index_dir), queries, modes=modes or MODES)
    click.echo(json.dumps(results, indent=2) if as_json else format_table(results))


@main.command()
@INDEX_OPTION
@user_errors
def info(index_dir: Path) -> None:
    """Show the index's manifest (what its paragraph counts count, explained) and its last build report:
    every file of the archive indexed, unchanged, skipped (with why) or part of a meeting's record."""
    from indexer.store import REPORT_NAME
    from indexer.store.files import faiss_path
    from indexer.store.manifest import Manifest

    manifest = Manifest.read(index_dir)
    shown = {**manifest.to_dict(), "paragraphs_explained": manifest.paragraphs_explained()}
    click.echo(json.dumps(shown, indent=2, ensure_ascii=False))
    report = index_dir / REPORT_NAME
    if report.exists():
        click.echo(report.read_text(encoding="utf-8"))
    vectors = faiss_path(index_dir, manifest.generation)
    if manifest.generation and not vectors.is_file():  # the counts above are what the store holds, not searchable
        click.echo(f"note: the vector file {vectors.name} is missing: `python -m indexer build --index {index_dir}` "
                   f"writes it again from the stored vectors", err=True)
