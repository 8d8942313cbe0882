"""The command line: `python -m indexer build | harvest | search | inspect | eval | info | decisions |
followups | meetings | meeting | case | serve | alerts`.

Library errors (`ArchiveError`) become one-line messages and exit status 1 here,
and only here.
"""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from indexer.config import DEFAULT_ARCHIVE_DIR, DEFAULT_INDEX_DIR
from indexer.errors import ArchiveError

INDEX_OPTION = click.option(
    "--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_INDEX_DIR, show_default=True, help="Index directory.",
)


def user_errors(command):
    """Turn library errors into one line on stderr and exit status 1 (control characters of a
    file name or value in it shown escaped, so it stays one line)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ArchiveError as exc:
            from indexer.present.terminal import shown

            raise click.ClickException(shown(str(exc))) from None

    return wrapper


def _date_range(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """--from and --to checked (YYYY-MM-DD), earliest first as the app takes them; a note on
    stderr says when they were given the other way round."""
    from indexer.records import Filters

    checked = Filters(date_from=date_from, date_to=date_to)
    if (checked.date_from, checked.date_to) != (date_from, date_to):
        click.echo(f"note: --from {date_from} is after --to {date_to}; showing {checked.date_from} "
                   f"to {checked.date_to}", err=True)
    return checked.date_from, checked.date_to


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """A searchable archive of meeting records with semantic search."""


@main.command()
@click.argument("archive_dir", required=False, default=DEFAULT_ARCHIVE_DIR,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@INDEX_OPTION
@click.option("--model", default=None, help="Embedding model: hub id or local directory "
              "(default: the index's own, else intfloat/multilingual-e5-small).")
@click.option("--rebuild", is_flag=True, help="Discard the index and build it anew.")
@click.option("--cluster", "cluster_address", default=None,
              help='Read and embed on a Ray cluster: "local", "auto" or HOST:PORT (needs the [cluster] extra).')
@click.option("--workers", type=click.IntRange(1), default=None, help="Embedding workers on the cluster.")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
              help="Where the model embeds: cuda runs in fp16; auto takes a GPU when there is one.")
@user_errors
def build(archive_dir: Path, index_dir: Path, model: str | None, rebuild: bool, cluster_address: str | None,
          workers: int | None, device: str) -> None:
    """Index (incrementally) the meeting records in ARCHIVE_DIR (default: archive/)."""
    if workers is not None and cluster_address is None:
        raise click.UsageError("--workers needs --cluster")
    if device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise click.UsageError("--device cuda: this machine has no usable GPU; use --device cpu")
    from tqdm import tqdm

    from indexer.build.run import build as run_build

    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            unit = "paragraph" if stage == "embed" else "file"
            bar = bars[stage] = tqdm(total=total, desc=stage, unit=unit, leave=False, file=sys.stderr)
        bar.n = done
        bar.refresh()

    try:
        if cluster_address is None:
            report = run_build(archive_dir, index_dir, model=model, rebuild=rebuild, progress=progress,
                               device=None if device == "auto" else device)
        else:
            from indexer.build.cluster import Cluster  # Ray is imported only for a cluster build

            with Cluster(cluster_address, model=model, workers=workers) as cluster:
                report = run_build(archive_dir, index_dir, model=model, rebuild=rebuild, progress=progress,
                                   cluster=cluster)
    finally:
        for bar in bars.values():
            bar.close()  # also before an error: its line is not written behind a bar
    from indexer.present.terminal import shown

    click.echo(shown(report.summary()))
    _collect_for_follows(index_dir)
    given = len(report.indexed) + len(report.unchanged) + len(report.skipped)
    if given and not report.indexed and not report.unchanged:
        sys.exit(1)  # nothing it was given could be indexed


@main.command()
@click.argument("portal")
@click.option("--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_ARCHIVE_DIR, show_default=True,
              help="The archive: the portal's files go to ARCHIVE/<portal host>/.")
@INDEX_OPTION
@click.option("--since", default=None, help="Only meetings on or after this date (YYYY-MM-DD).")
@click.option("--committee", "committees", multiple=True,
              help="Only this committee: its name on the portal or its folder name (repeatable).")
@click.option("--attachments", is_flag=True, help="Also fetch the PDFs of the meetings' open items.")
@click.option("--no-build", is_flag=True, help="Only fetch: leave the index as it is.")
@click.option("--rate", type=click.FloatRange(0), default=2.0, show_default=True,
              help="At most this many requests a second (0: no limit).")
@click.option("--retries", type=click.IntRange(0, 20), default=4, show_default=True,
              help="Retries of a request after a timeout, a connection error, 5xx or 429.")
@click.option("--recheck-all", is_flag=True, help="Ask for every meeting again (saved only when it changed).")
@user_errors
def harvest(portal: str, archive_dir: Path, index_dir: Path, since: str | None, committees: tuple[str, ...],
            attachments: bool, no_build: bool, rate: float, retries: int, recheck_all: bool) -> None:
    """Fetch the meetings of a FirstAgenda Publication portal (PORTAL: its address, e.g.
    https://dagsordener.greve.dk) into the archive, then update the index incrementally."""
    from tqdm import tqdm

    from indexer.present.terminal import shown
    from indexer.sources.harvest import harvest as run_harvest

    units = {"meetings": "meeting", "pdfs": "PDF", "embed": "paragraph"}
    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit=units.get(stage, "file"), leave=False,
                                     file=sys.stderr)
        bar.n = done
        bar.refresh()

    def close_bars() -> None:
        for bar in bars.values():
            bar.close()  # also before an error: its line is not written behind a bar
        bars.clear()

    try:
        report = run_harvest(portal, archive_dir, since=since, committees=committees, attachments=attachments,
                             rate=rate, retries=retries, recheck_all=recheck_all, progress=progress)
    finally:
        close_bars()
    click.echo(shown(report.summary()))
    if not no_build:
        from indexer.build.run import build as run_build

        try:
            built = run_build(archive_dir, index_dir, progress=progress)
        finally:
            close_bars()
        click.echo(shown(built.summary()))
        _collect_for_follows(index_dir)
    if report.failed and not report.fetched and not report.unchanged:
        sys.exit(1)  # not one meeting could be fetched


class QueryCommand(click.Command):
    """A command whose arguments are free text: a word that starts with "-" ("-husleje") is
    a query, not an option, unless it is one of the command's own options."""

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
            elif not arg.startswith("--") and takes_value.get(arg[:2]):  # "-k5"
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
@click.option("--type", "doc_types", multiple=True, help="Only this document type (repeatable).")
@click.option("--document", "documents", multiple=True, help="Only this document path (repeatable).")
@click.option("--from", "date_from", default=None, help="Meetings on or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Meetings on or before this date (YYYY-MM-DD).")
@user_errors
def search(queries, index_dir, k, offset, all_results, as_json, mode, bodies, doc_types, documents,
           date_from, date_to) -> None:
    """Search the index. QUERY '-' reads queries from standard input, one per line.
    Words starting with "-" are searched too: `search -husleje`."""
    from indexer import present
    from indexer.records import Filters
    from indexer.search.archive import Archive

    filters = Filters(tuple(bodies), tuple(doc_types), tuple(documents), *_date_range(date_from, date_to))
    archive = Archive.open(index_dir)
    if list(queries) == ["-"]:
        queries = (line.rstrip("\n") for line in sys.stdin)
    for query in queries:
        results = archive.search(query, k=None if all_results else k, offset=offset, mode=mode, filters=filters)
        if as_json:
            click.echo(json.dumps({"query": query, "results": [h.to_json() for h in results],
                                   "total": results.total, "closest": [h.to_json() for h in results.closest]},
                                  ensure_ascii=False))
        else:
            click.echo("\n".join([click.style(f"» {present.shown(query)}", bold=True),
                                   *present.result_lines(results)]))


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_ARCHIVE_DIR, show_default=True,
              help="The archive FILE belongs to (its catalog rows apply).")
@user_errors
def inspect(file: Path, archive_dir: Path) -> None:
    """Print FILE's paragraphs with page, heading, speaker and metadata."""
    from dataclasses import replace

    from indexer.ingest.pipeline import format_inspection, ingest_file
    from indexer.ingest.catalog import load_catalog
    from indexer.present.terminal import shown

    inside = archive_dir.is_dir() and file.resolve().is_relative_to(archive_dir.resolve())
    root = archive_dir if inside else None
    record, paragraphs = ingest_file(file, root=root, catalog=load_catalog(root) if root else None)
    # The file's name (and what was read from it) escaped for the terminal, each on its own line.
    named = replace(record, **{name: shown(value) for name, value in vars(record).items() if isinstance(value, str)})
    click.echo("\n".join(shown(line) for line in format_inspection(named, paragraphs).split("\n")), nl=False)


@main.command("eval")
@INDEX_OPTION
@click.option("--queries", "queries_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Labelled queries (default: benchmarks/queries/queries.json).")
@click.option("--part", type=click.Choice(["heldout", "tuning", "all"]), default="heldout", show_default=True,
              help="Which labelled queries: report on held-out ones; tune on the tuning part only.")
@click.option("--mode", "modes", multiple=True, type=click.Choice(["dense", "lexical", "hybrid"]),
              help="Retrieval mode (repeatable; default: all three).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@user_errors
def evaluate(index_dir: Path, queries_file: Path | None, part: str, modes: tuple[str, ...], as_json: bool) -> None:
    """Recall@5, MRR@10, nDCG@10 and hit@5 of dense, lexical and hybrid retrieval."""
    from indexer.search.evaluate import DEFAULT_QUERIES, MODES, evaluate_modes, format_table, load_queries
    from indexer.search.archive import Archive

    queries = load_queries(queries_file or DEFAULT_QUERIES, part=part)  # a bad file is said before the index loads
    results = evaluate_modes(Archive.open(index_dir), queries, modes=modes or MODES)
    click.echo(json.dumps(results, indent=2) if as_json else format_table(results))


@main.command()
@INDEX_OPTION
@user_errors
def info(index_dir: Path) -> None:
    """Show the index's manifest and its last build report."""
    from indexer.store.manifest import Manifest
    from indexer.store import REPORT_NAME

    manifest = Manifest.read(index_dir)
    click.echo(json.dumps(manifest.to_dict(), indent=2, ensure_ascii=False))
    report = index_dir / REPORT_NAME
    if report.exists():
        click.echo(report.read_text(encoding="utf-8"))


# -- decisions, follow-ups, meetings ----------------------------------------------------------
_BODY = click.option("--body", "bodies", multiple=True, help="Only this body (repeatable).")
_FROM = click.option("--from", "date_from", default=None, help="Meetings on or after this date (YYYY-MM-DD).")
_TO = click.option("--to", "date_to", default=None, help="Meetings on or before this date (YYYY-MM-DD).")
_DOCUMENT = click.option("--document", default=None, help="Only this document path.")
_QUERY = click.option("--query", default=None, help="Search within these paragraphs only (free text).")
_JSON = click.option("--json", "as_json", is_flag=True, help="One JSON object (see README).")


@main.command()
@INDEX_OPTION
@_BODY
@_FROM
@_TO
@click.option("--outcome", default=None, help="approved, rejected, postponed, noted, sent_on or unknown.")
@_QUERY
@_DOCUMENT
@_JSON
@user_errors
def decisions(index_dir: Path, bodies, date_from, date_to, outcome, query, document, as_json) -> None:
    """List the decisions the records state, by meeting date."""
    from indexer.search.archive import Archive

    from indexer import present

    date_from, date_to = _date_range(date_from, date_to)
    found = Archive.open(index_dir).decisions(bodies or None, date_from, date_to, outcome, query, document)
    if as_json:
        click.echo(json.dumps({"decisions": [d.to_json() for d in found], "total": len(found)}, ensure_ascii=False))
        return
    for d in found:
        click.echo(present.decision_line(d))
    click.echo(f"{len(found)} decisions")


@main.group(invoke_without_command=True)
@INDEX_OPTION
@click.option("--status", default="open", show_default=True, help="open, done, dismissed or all.")
@_BODY
@_FROM
@_TO
@_QUERY
@_DOCUMENT
@click.option("--links", "with_links", is_flag=True,
              help="Look up where each was taken up again (loads the search model).")
@_JSON
@click.option("--export", "export", type=click.Choice(["md", "csv"]), default=None,
              help="Print a checklist with exact citations (Markdown or CSV), links included.")
@click.pass_context
@user_errors
def followups(ctx: click.Context, index_dir: Path, status, bodies, date_from, date_to, query, document,
              with_links, as_json, export) -> None:
    """List promises of later action with their status; `followups mark ID done` marks one."""
    if ctx.invoked_subcommand is not None:
        return
    from datetime import datetime

    from indexer.search.archive import Archive

    from indexer import present

    date_from, date_to = _date_range(date_from, date_to)
    archive = Archive.open(index_dir)
    found = archive.follow_ups(bodies or None, date_from, date_to, status, query, document,
                               links=with_links or export is not None)
    if export:
        entries = [present.FollowUpEntry(t.follow_up, t.status, t.links or (),
                                         {"title": t.title, "case_number": t.case_number}) for t in found]
        wording = present.Wording()
        made_at = datetime.now().strftime("%Y-%m-%d %H:%M")
        if export == "md":
            click.echo(present.follow_ups_markdown(entries, wording.checklist, made_at, wording), nl=False)
        else:
            click.echo(present.follow_ups_csv(entries, wording.checklist, made_at, wording), nl=False)
        return
    if as_json:
        click.echo(json.dumps({"follow_ups": [t.to_json() for t in found], "total": len(found)},
                              ensure_ascii=False))
        return
    from indexer.minutes.followups import describe

    for t in found:
        click.echo(present.follow_up_line(t.follow_up, t.status))
        if t.links is not None:
            click.echo(present.shown(f"    {describe(t.follow_up, t.links)}"))
    click.echo(f"{len(found)} follow-ups")


def _parent_index(ctx: click.Context, index_dir: Path | None) -> Path:
    return index_dir or ctx.parent.params["index_dir"]


@followups.command("mark")
@click.argument("follow_up_id", metavar="ID")
@click.argument("status", metavar="done|dismissed|open")
@click.option("--note", default=None, help="Why (kept with the mark).")
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Index directory (default: the followups command's).")
@click.pass_context
@user_errors
def mark(ctx: click.Context, follow_up_id: str, status: str, note: str | None, index_dir: Path | None) -> None:
    """Mark follow-up ID done or dismissed (open: remove the mark). Marks survive rebuilds."""
    from indexer.search.archive import Archive

    tracked = Archive.open(_parent_index(ctx, index_dir)).mark_follow_up(follow_up_id, status, note=note)
    click.echo(f"{tracked.follow_up.id}: {tracked.status}")


@followups.command("unmark")
@click.argument("follow_up_id", metavar="ID")
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Index directory (default: the followups command's).")
@click.pass_context
@user_errors
def unmark(ctx: click.Context, follow_up_id: str, index_dir: Path | None) -> None:
    """Remove the mark of follow-up ID (it reads open again)."""
    from indexer.search.archive import Archive

    tracked = Archive.open(_parent_index(ctx, index_dir)).mark_follow_up(follow_up_id, "open")
    click.echo(f"{tracked.follow_up.id}: {tracked.status}")


@main.command()
@INDEX_OPTION
@_JSON
@user_errors
def meetings(index_dir: Path, as_json: bool) -> None:
    """List the meetings in the index, newest first."""
    from indexer import present
    from indexer.search.archive import Archive

    found = Archive.open(index_dir).meetings()
    if as_json:
        click.echo(json.dumps({"meetings": [m.to_json() for m in found], "total": len(found)}, ensure_ascii=False))
        return
    for m in found:
        click.echo(present.meeting_ref_line(m))


@main.command()
@click.argument("document", required=False)
@INDEX_OPTION
@click.option("--body", default=None, help="The meeting's body (with --date).")
@click.option("--date", "date", default=None, help="The meeting's date, YYYY-MM-DD (with --body).")
@_JSON
@user_errors
def meeting(document: str | None, index_dir: Path, body: str | None, date: str | None, as_json: bool) -> None:
    """A whole meeting: the one DOCUMENT (an archive path) belongs to, or --body and --date."""
    from dataclasses import asdict

    from indexer import present
    from indexer.errors import InvalidInput
    from indexer.search.archive import Archive

    if (document is None) == (date is None):
        raise InvalidInput("give a document path, or --body and --date")
    archive = Archive.open(index_dir)
    found = archive.meeting_of(document) if document else archive.meeting(body, date)
    if found is None:
        raise InvalidInput(f"no meeting of {document!r} in the index" if document
                           else f"no meeting of {body!r} on {date} in the index")
    if as_json:
        click.echo(json.dumps(asdict(found), ensure_ascii=False))
        return
    for line in present.meeting_lines(found):
        click.echo(line)


# -- the HTTP API, follows and e-mail digests ---------------------------------------------------------
@main.command("case")
@click.argument("case_number", metavar="NUMBER")
@INDEX_OPTION
@_JSON
@user_errors
def case(case_number: str, index_dir: Path, as_json: bool) -> None:
    """A case's trail: every meeting that treated case NUMBER, in date order, with each decision."""
    from indexer import present
    from indexer.search.archive import Archive

    steps = Archive.open(index_dir).case_trail(case_number)
    if as_json:
        click.echo(json.dumps({"case_number": case_number, "steps": [s.to_json() for s in steps],
                               "total": len(steps)}, ensure_ascii=False))
        return
    for line in present.case_lines(case_number, steps):
        click.echo(line)


def _collect_for_follows(index_dir: Path) -> None:
    """After a build: what is new for each follow, once (nothing to do, and no line, without follows)."""
    from indexer.alerts.collect import collect
    from indexer.alerts.follows import list_follows
    from indexer.errors import IndexMissing
    from indexer.search.archive import Archive

    try:
        if not list_follows(index_dir):
            return
        click.echo(collect(Archive.open(index_dir)).summary())
    except IndexMissing:
        return  # the build made no index: nothing can be new
    except ArchiveError as exc:  # the build itself succeeded; `alerts send` collects again
        click.echo(f"what is new for follows was not collected: {exc}", err=True)


@main.command()
@INDEX_OPTION
@click.option("--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_ARCHIVE_DIR, show_default=True, help="Where uploads go and updates read from.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@user_errors
def serve(index_dir: Path, archive_dir: Path, host: str, port: int) -> None:
    """Serve the HTTP JSON API (OpenAPI docs at /docs). Settings: INDEXER_READER_TOKEN,
    INDEXER_ADMIN_PASSWORD_HASH, INDEXER_APP_URL, INDEXER_API_URL (see README, "HTTP API")."""
    from indexer.api.server import serve as run

    run(index_dir, archive_dir=archive_dir, host=host, port=port)


@main.group()
def alerts() -> None:
    """Saved searches and follows: collect what is new, send the e-mail digests."""


@alerts.command("collect")
@INDEX_OPTION
@user_errors
def alerts_collect(index_dir: Path) -> None:
    """Record what is new for each follow since its last check (running it twice adds nothing)."""
    from indexer.alerts.collect import collect
    from indexer.search.archive import Archive

    click.echo(collect(Archive.open(index_dir)).summary())


@alerts.command("send")
@INDEX_OPTION
@user_errors
def alerts_send(index_dir: Path) -> None:
    """Collect, then send each person their digest (one per period) over SMTP (INDEXER_SMTP_*).
    Exits 1 when a digest could not be sent: it stays pending for the next run."""
    from indexer.alerts import Links, SmtpSettings, collect, send_digests
    from indexer.search.archive import Archive

    settings = SmtpSettings.from_env()
    click.echo(collect(Archive.open(index_dir)).summary())
    report = send_digests(index_dir, settings, Links.from_env())
    click.echo(report.summary())
    if report.pending:
        sys.exit(1)


@alerts.command("list")
@INDEX_OPTION
@_JSON
@user_errors
def alerts_list(index_dir: Path, as_json: bool) -> None:
    """Every follow: what it follows, for whom, how often, when it was last checked."""
    from indexer.alerts.follows import describe_follow, follow_json, list_follows

    found = list_follows(index_dir)
    if as_json:
        click.echo(json.dumps({"follows": [follow_json(f) for f in found], "total": len(found)}, ensure_ascii=False))
        return
    for f in found:
        click.echo(f"{f.id}  {f.email}  {f.frequency}  {describe_follow(f)}  checked {f.checked_at[:16]}"
                   + (f"  PROBLEM: {f.problem}" if f.problem else ""))
    click.echo(f"{len(found)} follows")
