"""What every command shares: the command group, the index option, the filter options, the
audit log's entry for a write, and the one place where library errors (`ArchiveError`) become
one line on stderr and exit status 1.
"""
from __future__ import annotations

import contextlib
import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from indexer.config import DEFAULT_INDEX_DIR
from indexer.errors import ArchiveError

if TYPE_CHECKING:
    from tqdm import tqdm

# The shape a progress bar takes on a terminal that reports none (see `progress_bar`).
FALLBACK_COLUMNS, FALLBACK_ROWS = 80, 24

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


AUDIT_CLIENT = "command line"  # where a write came from, in the audit log beside the app's and the API's


def os_user() -> str | None:
    """Who runs the command: the OS user (None where the system cannot tell, e.g. a container's
    user without a name: a write is never refused for that)."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def audit(index_dir: Path, action: str, *, target: str | None = None, detail: str | None = None) -> None:
    """Record a write made from the command line in the audit log the app and the API write
    (`/audit`, the app's Sekretariat page): who is the OS user."""
    from indexer.alerts.audit import record

    record(index_dir, action, who=os_user(), client=AUDIT_CLIENT, target=target, detail=detail)


def _date_range(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """--from and --to checked (YYYY-MM-DD).

    Raises:
        InvalidInput: a bad date, or --from later than --to (refused as the API refuses it:
            a range typed the wrong way round is a slip, not a question to answer).
    """
    from indexer.errors import InvalidInput
    from indexer.records import Filters

    checked = Filters(date_from=date_from, date_to=date_to)
    if (checked.date_from, checked.date_to) != (date_from, date_to):
        raise InvalidInput(f"--from {date_from} is after --to {date_to}: give the earlier date as --from")
    return checked.date_from, checked.date_to


def _checked_query(query: str | None) -> str | None:
    """A query (or --query) as the API takes it: one longer than the API's limit is refused, not
    cut (as the app caps what can be typed).

    Raises:
        InvalidInput: a query over MAX_QUERY_CHARS characters.
    """
    from indexer.errors import InvalidInput
    from indexer.search.query import MAX_QUERY_CHARS

    if query is not None and len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(f"the query is {len(query):,} characters long; at most {MAX_QUERY_CHARS:,} are searched")
    return query


# Where the command line lists the archive's document paths, for a --document it does not hold.
DOCUMENTS_LISTED = "`meetings --json`"

_BODY = click.option("--body", "bodies", multiple=True, help="Only this body (repeatable).")
_FROM = click.option("--from", "date_from", default=None, help="Meetings on or after this date (YYYY-MM-DD).")
_TO = click.option("--to", "date_to", default=None, help="Meetings on or before this date (YYYY-MM-DD).")
_DOCUMENT = click.option("--document", default=None, help="Only this document path.")
_QUERY = click.option("--query", default=None, help="Search within these paragraphs only (free text).")
_JSON = click.option("--json", "as_json", is_flag=True, help="One JSON object (see README).")


class _UsageLine(click.ClickException):
    """A usage error as one line ("Error: Invalid value for '-k': 0 …"), exit status 2 as Click gives it."""

    exit_code = 2


@contextlib.contextmanager
def _usage_in_one_line():
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:
        raise  # a command given nothing shows its help, as before
    except click.UsageError as exc:
        from indexer.present.terminal import shown

        # Click's usage line and "Try … --help" hint bury the error; every other error is one line
        raise _UsageLine(shown(exc.format_message())) from None


class OneLineGroup(click.Group):
    """The command group whose usage errors, for every command and subcommand (parsed inside its
    `invoke`), are one line naming the value, as library errors are (`user_errors`)."""

    def make_context(self, *args, **kwargs) -> click.Context:
        with _usage_in_one_line():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        with _usage_in_one_line():
            return super().invoke(ctx)


@click.group(cls=OneLineGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """A searchable archive of meeting records with semantic search."""


def _reports_no_size(stream: TextIO) -> bool:
    """Whether `stream` is a terminal that reports a size of 0×0: a pseudo-terminal opened by
    `script`, an IDE or a program (`pty.openpty`) whose size nobody set."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, OSError, ValueError):  # no terminal (a log file, a pipe): tqdm draws nothing
        return False
    return not (size.columns and size.lines)


def progress_bar(stage: str, total: int, unit: str) -> "tqdm":
    """A progress bar on stderr for one stage of a build or a harvest: drawn on a terminal, not
    written into a log file. On a terminal of size 0×0 tqdm would read -1 rows and draw nothing at
    all, so there the bar gets a shape of its own."""
    from tqdm import tqdm

    shape = {"ncols": FALLBACK_COLUMNS, "nrows": FALLBACK_ROWS} if _reports_no_size(sys.stderr) else {}
    return tqdm(total=total, desc=stage, unit=unit, leave=False, file=sys.stderr, disable=None, **shape)


class StageProgress:
    """A build's or a harvest's `Progress` on stderr: a bar per stage on a terminal, and where stderr is
    no terminal (a scheduled run writing to a log, where tqdm draws nothing) a line now and then
    (`LogProgress`, named `name`). `close()` ends the bars, also before an error line."""

    def __init__(self, name: str, units: dict[str, str]) -> None:
        from indexer.build.progress import LogProgress

        self.units, self.bars = units, {}
        self.logged = None if sys.stderr.isatty() else LogProgress(sys.stderr, name=name)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.logged is not None:
            self.logged(stage, done, total)
            return
        bar = self.bars.get(stage)
        if bar is None:
            bar = self.bars[stage] = progress_bar(stage, total, self.units.get(stage, "file"))
        bar.n = done
        bar.refresh()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()  # its line is not written behind a bar
        self.bars.clear()


# The exit status of a build or a harvest stopped by SIGTERM, as a shell reports a process the signal
# ended (128 + 15): a supervisor (systemd, a cron wrapper) sees it was stopped, not that it failed
# on its own or was stopped by a person (Ctrl-C: 130).
TERMINATED = 143
INTERRUPTED = 130


class StopSignal:
    """While in use (`with StopSignal() as stop:`), SIGTERM (systemd stopping a service, `kill`, a
    cron job's timeout) stops the command as Ctrl-C does: KeyboardInterrupt is raised where the
    command is, so it keeps what it committed and says so; `stop.exit_status` is then 143 (130
    after Ctrl-C). Further SIGTERMs are ignored while the command tidies up. The previous handler
    is put back after. Outside the main thread (where Python takes no handlers) it does nothing."""

    def __init__(self) -> None:
        self.terminated = False
        self._previous = None

    @property
    def exit_status(self) -> int:
        return TERMINATED if self.terminated else INTERRUPTED

    def _stop(self, signum, frame) -> None:
        import signal

        if self.terminated:
            return
        self.terminated = True
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one stop; the tidying up is not cut short
        raise KeyboardInterrupt

    def __enter__(self) -> "StopSignal":
        import signal

        try:
            self._previous = signal.signal(signal.SIGTERM, self._stop)
        except ValueError:  # not the main thread
            self._previous = None
        return self

    def __exit__(self, *exc) -> None:
        import signal

        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)


def collect_for_follows(index_dir: Path) -> None:
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
