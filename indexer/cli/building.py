"""Commands that bring the index up to date: `build` (an archive folder) and `harvest` (a
meeting portal, then the build)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from indexer.cli.common import (INDEX_OPTION, StageProgress, StopSignal, audit, collect_for_follows, main,
                                 user_errors)
from indexer.config import DEFAULT_ARCHIVE_DIR


@main.command()
@click.argument("archive_dir", required=False, default=None,
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
    """Index (incrementally) the meeting records in ARCHIVE_DIR (default: the folder the index was
    built from; for a new index, archive/)."""
    archive_dir = archive_dir or _recorded_archive(index_dir)
    if workers is not None and cluster_address is None:
        raise click.UsageError("--workers needs --cluster")
    if device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise click.UsageError("--device cuda: this machine has no usable GPU; use --device cpu")
    from indexer.build.run import build as run_build

    progress = StageProgress("build", {"embed": "paragraph", "links": "follow-up"})
    with StopSignal() as stop:  # SIGTERM (systemd, kill, a cron timeout) stops the build as Ctrl-C does
        try:
            if cluster_address is None:
                report = run_build(archive_dir, index_dir, model=model, rebuild=rebuild, progress=progress,
                                   device=None if device == "auto" else device)
            else:
                from indexer.build.cluster import (
                    Cluster,  # Ray is imported only for a cluster build
                )

                with Cluster(cluster_address, model=model, workers=workers) as cluster:
                    report = run_build(archive_dir, index_dir, model=model, rebuild=rebuild, progress=progress,
                                       cluster=cluster)
        except KeyboardInterrupt as exc:
            _build_stopped(exc, progress, stop)
        finally:
            progress.close()
    from indexer.present.terminal import shown

    click.echo(shown(report.summary()))
    collect_for_follows(index_dir)
    given = len(report.indexed) + len(report.unchanged) + len(report.skipped)
    if given and not report.indexed and not report.unchanged:
        sys.exit(1)  # nothing it was given could be indexed


def _build_stopped(exc: KeyboardInterrupt, progress: StageProgress, stop: StopSignal) -> NoReturn:
    """A build stopped by Ctrl-C or SIGTERM: only what it had committed stays, and it says what (stopped before it
    began, nothing new was saved); exit status 130 after Ctrl-C, 143 after SIGTERM."""
    from indexer.build.report import BuildInterrupted

    progress.close()  # the line is not written behind a bar
    click.echo((exc if isinstance(exc, BuildInterrupted) else BuildInterrupted()).message(), err=True)
    sys.exit(stop.exit_status)


def _harvested(portal: str, archive_dir: Path, *, stop: StopSignal, **options):
    """The harvest's report; stopped (Ctrl-C, SIGTERM), one line of what is true and `stop`'s exit status."""
    from indexer.present.terminal import shown
    from indexer.sources.harvest import HarvestInterrupted
    from indexer.sources.harvest import harvest as run_harvest

    progress = StageProgress("harvest", {"meetings": "meeting", "pdfs": "PDF"})
    try:
        return run_harvest(portal, archive_dir, progress=progress, **options)
    except KeyboardInterrupt as exc:
        progress.close()  # the line is not written behind a bar
        click.echo(shown((exc if isinstance(exc, HarvestInterrupted) else HarvestInterrupted()).message()), err=True)
        sys.exit(stop.exit_status)
    finally:
        progress.close()


def _recorded_archive(index_dir: Path) -> Path:
    """The archive folder of a build given none: the one the index was built from (its manifest's
    `archive_dir`), said in a line first; ./archive for a new index (or one that records none).

    Raises:
        InvalidInput: the recorded folder is gone (the archive moved): the new one must be named.
        click.BadParameter: no index records a folder, and ./archive does not exist.
    """
    from indexer.errors import InvalidInput
    from indexer.present.terminal import shown
    from indexer.store.manifest import built_from

    recorded = built_from(index_dir)
    if recorded is None:
        if not DEFAULT_ARCHIVE_DIR.is_dir():
            raise click.BadParameter(f"Directory '{DEFAULT_ARCHIVE_DIR}' does not exist (name the archive "
                                     "folder: python -m indexer build ARCHIVE_DIR)", param_hint="'[ARCHIVE_DIR]'")
        return DEFAULT_ARCHIVE_DIR
    if not Path(recorded).is_dir():
        raise InvalidInput(f"the folder the index {index_dir} was built from, {recorded}, is gone: name the "
                           f"archive's new folder (`python -m indexer build NEW_FOLDER --index {index_dir}`)")
    click.echo(shown(f"building from {recorded} (the folder this index was built from)"))
    return Path(recorded)


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
    from indexer.present.terminal import shown

    with StopSignal() as stop:  # SIGTERM (a cron job's timeout, systemd) stops it as Ctrl-C does: exit status 143
        report = _harvested(portal, archive_dir, since=since, committees=committees, attachments=attachments,
                            rate=rate, retries=retries, recheck_all=recheck_all, stop=stop)
        click.echo(shown(report.summary()))
        # nothing of the portal in the archive (every meeting failed): no build to tell "no records found" after it
        if not no_build and (report.fetched or report.unchanged):
            from indexer.build.run import build as run_build

            progress = StageProgress("build", {"embed": "paragraph", "links": "follow-up"})
            try:
                built = run_build(archive_dir, index_dir, progress=progress)
            except KeyboardInterrupt as exc:
                _build_stopped(exc, progress, stop)
            finally:
                progress.close()
            click.echo(shown(built.summary()))
            collect_for_follows(index_dir)
    from indexer.store.schema import DB_NAME

    if (index_dir / DB_NAME).exists():  # without an index (--no-build) there is no audit log to write to
        audit(index_dir, "harvest", target=portal, detail=report.summary())
    if report.failed and not report.fetched and not report.unchanged:
        sys.exit(1)  # not one meeting could be fetched
    if report.failed or report.pdfs_failed:
        sys.exit(2)  # some meetings or PDFs could not (the others are in): a scheduled harvest sees it
