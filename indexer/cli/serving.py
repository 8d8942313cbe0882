"""Commands that serve and alert: `serve` (the HTTP API) and `alerts collect | send | list | follow | unfollow`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from indexer.cli.common import _BODY, _FROM, _JSON, _TO, INDEX_OPTION, _date_range, audit, main, user_errors
from indexer.cli.searching import QueryCommand
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
    from indexer.roles import configured_hash, hash_problem

    problem = hash_problem(configured_hash())
    if problem:  # the secretariat could never log in, and every try would count as a failed login
        raise click.UsageError(problem)
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
    """Every follow: what it follows (in the follow's own language), for whom, how often, when it
    was last checked; PENDING: its address has not confirmed it yet (made through the API without
    the secretariat's password; gone after 7 days unconfirmed)."""
    from indexer import present
    from indexer.alerts import Links
    from indexer.alerts.follows import alert_store, describe_follows, follow_json, list_follows
    from indexer.alerts.tokens import follow_addresses, signing_key

    found = list_follows(index_dir)
    if as_json:  # with each follow's feed and unsubscribe link, as the API's POST /follows answers them
        key, links = signing_key(index_dir), Links.from_env()
        click.echo(json.dumps({"follows": [dict(follow_json(f), **follow_addresses(key, f, links)) for f in found],
                               "total": len(found)}, ensure_ascii=False))
        return
    with alert_store(index_dir) as store:
        described = {}
        for language in {f.language for f in found}:
            mine = [f for f in found if f.language == language]
            described.update(describe_follows(store, mine, language))
    for f in found:
        state = (f"PENDING since {present.readers_minute(f.created_at)} (not confirmed by its address)" if f.pending
                 else f"checked {present.readers_minute(f.checked_at)}")
        click.echo(f"{f.id}  {f.email}  {f.frequency}  {described[f.id]}  {state}"
                   + (f"  PROBLEM: {f.problem}" if f.problem else ""))
    pending = sum(f.pending for f in found)
    click.echo(f"{len(found)} follow{'' if len(found) == 1 else 's'}" + (f", {pending} pending" if pending else ""))


@alerts.command("follow", cls=QueryCommand)  # a search's TARGET may leave a word out: "husleje -rente"
@click.argument("email")
@click.argument("kind", type=click.Choice(("search", "case", "body", "document")))
@click.argument("target")
@INDEX_OPTION
@click.option("--frequency", type=click.Choice(("weekly", "daily")), default="weekly", show_default=True,
              help="How often the digest comes.")
@click.option("--language", type=click.Choice(("da", "en")), default="da", show_default=True,
              help="The language of the digests.")
@_BODY
@click.option("--type", "doc_types", multiple=True, help="Only this document type (repeatable; a search only).")
@_FROM
@_TO
@click.option("--mode", type=click.Choice(("hybrid", "dense", "lexical")), default="hybrid", show_default=True,
              help="Retrieval mode (a search only).")
@_JSON
@user_errors
def alerts_follow(email: str, kind: str, target: str, index_dir: Path, frequency: str, language: str,
                  bodies: tuple[str, ...], doc_types: tuple[str, ...], date_from: str | None, date_to: str | None,
                  mode: str, as_json: bool) -> None:
    """Make EMAIL follow a search (TARGET: its words), a case (its number), a body (its name) or a
    document's follow-ups (its archive path). Only what comes after is news to it. Made by the
    secretariat, it needs no confirmation from the address (one waiting for it is confirmed).
    Following the same thing again stores nothing and says so. --body, --type, --from, --to and --mode narrow a
    search only."""
    from indexer.alerts import Links
    from indexer.alerts.follows import FollowRequest, describe_follow, follow_json, save_follow
    from indexer.alerts.tokens import follow_addresses, signing_key
    from indexer.search.archive import Archive

    filters = {"bodies": list(bodies), "doc_types": list(doc_types)}
    filters["date_from"], filters["date_to"] = _date_range(date_from, date_to)
    if kind != "search" and (any(filters.values()) or mode != "hybrid"):
        raise click.UsageError("--body, --type, --from, --to and --mode narrow a search only")
    request = (FollowRequest(kind, email, frequency, query=target, filters=filters, mode=mode, language=language)
               if kind == "search" else FollowRequest(kind, email, frequency, target=target, language=language))
    saved = save_follow(Archive.open(index_dir), request)
    follow = saved.follow
    if saved.new:
        audit(index_dir, "follow", target=str(follow.id), detail=f"{follow.kind} {follow.frequency}")
    # the feed and unsubscribe link, so the secretariat can hand them on (INDEXER_API_URL: the API's address)
    addresses = follow_addresses(signing_key(index_dir), follow, Links.from_env())
    if as_json:
        click.echo(json.dumps(dict(follow_json(follow), new=saved.new, unused_words=list(saved.unused), **addresses),
                              ensure_ascii=False))
        return
    said = "follows" if saved.new else "already follows"
    click.echo(f"{follow.id}  {follow.email} {said} {describe_follow(follow, language=follow.language)}, "
               f"{follow.frequency}")
    if saved.unused:
        click.echo(f"note: the records so far never use {' or '.join(map(repr, saved.unused))}: "
                   "the follow tells when they do")
    if "feed" in addresses:
        click.echo(f"feed: {addresses['feed']}")
    click.echo(f"unsubscribe: {addresses['unsubscribe']}")


@alerts.command("unfollow")
@click.argument("follow_ids", nargs=-1, required=True, type=int)
@INDEX_OPTION
@user_errors
def alerts_unfollow(follow_ids: tuple[int, ...], index_dir: Path) -> None:
    """Remove the follows FOLLOW_IDS (as `alerts list` numbers them) and what was found for them
    and not sent yet. Exits 1 when one of them does not exist (the others are removed)."""
    from indexer.alerts.follows import remove_follows

    missing = []
    for follow_id in dict.fromkeys(follow_ids):
        if remove_follows(index_dir, [follow_id]):
            audit(index_dir, "unfollow", target=str(follow_id))
            click.echo(f"removed follow {follow_id}")
        else:
            missing.append(follow_id)
    if missing:
        raise click.ClickException(f"no follow {', '.join(map(str, missing))}")
