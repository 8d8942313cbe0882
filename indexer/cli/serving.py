"""Commands that serve and alert: `serve` (the HTTP API) and `alerts collect | send | list`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from indexer.cli.common import _JSON, INDEX_OPTION, main, user_errors
from indexer.config import DEFAULT_ARCHIVE_DIR


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
