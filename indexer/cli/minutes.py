"""Commands on what the minutes state: `decisions`, `followups` (and `mark`, `unmark`),
`meetings`, `meeting`, `case`, `people`, `person`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from indexer.cli.common import (
    _BODY,
    _DOCUMENT,
    _FROM,
    _JSON,
    _QUERY,
    _TO,
    DOCUMENTS_LISTED,
    INDEX_OPTION,
    _checked_query,
    _date_range,
    audit,
    main,
    os_user,
    user_errors,
)
from indexer.text import counted


def _in_danish_too(pairs: str, *more: tuple[str, str]):
    """An option's callback taking the app's Danish word for a value as well as the value ("godkendt" for approved,
    "åben" for open): `pairs` names the (value, Danish word) pairs of `present.Wording`."""
    def value(_ctx, _param, given: str | None) -> str | None:
        from indexer.present import Wording

        danish = {word.casefold(): code for code, word in (*getattr(Wording(), pairs), *more)}
        return danish.get(" ".join(given.split()).casefold(), given) if given else given
    return value


@main.command()
@INDEX_OPTION
@_BODY
@_FROM
@_TO
@click.option("--outcome", default=None, callback=_in_danish_too("outcomes", ("unknown", "ukendt")),
              help="approved, rejected, postponed, noted, recommended, sent_on or unknown (or the app's Danish words: "
                   "godkendt, forkastet, udsat …).")
@_QUERY
@_DOCUMENT
@_JSON
@user_errors
def decisions(index_dir: Path, bodies, date_from, date_to, outcome, query, document, as_json) -> None:
    """List the decisions the records state, by meeting date (with --query, best match first)."""
    from indexer import present

    date_from, date_to = _date_range(date_from, date_to)
    query = _checked_query(query)
    archive, bodies = _with_filters(index_dir, bodies, document)
    found = archive.decisions(bodies or None, date_from, date_to, outcome, query, document)
    if as_json:
        click.echo(json.dumps({"decisions": [d.to_json() for d in found], "total": len(found)}, ensure_ascii=False))
        return
    for d in found:
        click.echo(present.decision_line(d))
    click.echo(counted(len(found), "decision") + (", best match first" if query and len(found) > 1 else ""))


@main.group(invoke_without_command=True)
@INDEX_OPTION
@click.option("--status", default="open", show_default=True, callback=_in_danish_too("statuses", ("all", "alle")),
              help="open, done, dismissed or all (or åben, udført, afvist, alle).")
@_BODY
@_FROM
@_TO
@_QUERY
@_DOCUMENT
@click.option("--links", "with_links", is_flag=True,
              help="Say where each was taken up again (as the last build found it; on an index built "
                   "before that was kept, looked up now, with the search model).")
@_JSON
@click.option("--export", "export", type=click.Choice(["md", "csv"]), default=None,
              help="Print a checklist with exact citations (Markdown or CSV), links included.")
@click.option("--language", type=click.Choice(["da", "en"]), default="da", show_default=True,
              help="The checklist's language (--export), as the app's Danish or English screen exports it.")
@click.option("--fold/--every", default=True, show_default=True,
              help="The same promise as its case goes on to the next body as one entry (its 'repeated'), "
                   "as the app and the API list them; --every lists each one.")
@click.pass_context
@user_errors
def followups(ctx: click.Context, index_dir: Path, status, bodies, date_from, date_to, query, document,
              with_links, as_json, export, language, fold) -> None:
    """List promises of later action with their status, the open ones first, oldest first, overdue
    ones marked; `followups mark ID done` marks one."""
    if ctx.invoked_subcommand is not None:
        return
    from indexer import present

    date_from, date_to = _date_range(date_from, date_to)
    query = _checked_query(query)
    archive, bodies = _with_filters(index_dir, bodies, document)
    found = archive.follow_ups(bodies or None, date_from, date_to, status, query, document,
                               links=with_links or export is not None, fold=fold)
    if export:
        entries = [present.checklist_entry(t, t.links or [], None if t.links else archive.case_back(t.follow_up))
                   for t in found]
        wording = present.ENGLISH if language == "en" else present.Wording()
        late = present.FOLLOW_UP_WORDS[language]
        made_at = present.readers_stamp()  # as the app's download says it
        title = present.checklist_title(wording, bodies, date_from, date_to, query, None if status == "all" else status)
        if export == "md":
            click.echo(present.follow_ups_markdown(entries, title, made_at, wording, late), nl=False)
        else:
            click.echo(present.follow_ups_csv(entries, title, made_at, wording, late), nl=False)
        return
    if as_json:
        click.echo(json.dumps({"follow_ups": [t.to_json() for t in found], "total": len(found)},
                              ensure_ascii=False))
        return
    from indexer.minutes.takeups import describe

    words = present.FOLLOW_UP_WORDS["en"]  # the command line speaks English
    for t in found:
        late = f" [{present.overdue_label(archive.links_known(t), words, t.due)}: {words.due} {t.due}]" if t.overdue else ""
        click.echo(present.follow_up_line(t.follow_up, t.status) + late)
        if t.links is not None:
            click.echo(present.shown(f"    {describe(t.follow_up, t.links)}"))
            if not t.links and (back := archive.case_back(t.follow_up)):  # as the app's card and the export say it
                click.echo(present.shown(f"    {present.case_back_words(back, present.ENGLISH)}"))
            if len(t.links) > 1:
                click.echo(present.shown(f"    {present.ENGLISH.other_places}: "
                                         f"{present.other_places(t.links, present.ENGLISH)}"))
        if t.repeated:
            click.echo(present.shown(f"    {present.ENGLISH.promised_again}: "
                                     f"{present.promised_again(t.repeated, present.ENGLISH)}"))
        if t.mark is not None:  # who marked it, when, and the note kept with it
            by = f" by {t.mark.marked_by}" if t.mark.marked_by else ""
            note = f": {t.mark.note}" if t.mark.note else ""
            click.echo(present.shown(f"    marked {t.status}{by} on {present.readers_day(t.mark.marked_at)}{note}"))
    click.echo(counted(len(found), "follow-up"))


def _opened(index_dir: Path):
    """The archive, with a note on standard error where its decisions and follow-ups were read by older
    rules than this program's (shown as those rules read them until the index is built again)."""
    from indexer.search.archive import Archive

    archive = Archive.open(index_dir)
    older = archive.read_with_older_rules()
    if older:
        click.echo(f"note: the decisions and follow-ups in {older} of the index's documents were read by older rules; "
                   f"`python -m indexer build ARCHIVE --index {index_dir}` reads them again "
                   "(nothing is embedded again)", err=True)
    return archive


def _with_filters(index_dir: Path, bodies, document: str | None = None):
    """The archive and the bodies as it names them, once it holds the bodies and the document asked for (said as
    the API says it)."""
    from indexer.records import Filters

    archive = _opened(index_dir)
    known = archive.check_filters(Filters(tuple(bodies), documents=(document,) if document else ()),
                                  lists=DOCUMENTS_LISTED)
    return archive, list(known.bodies)


def _parent_index(ctx: click.Context, index_dir: Path | None) -> Path:
    return index_dir or ctx.parent.params["index_dir"]


@followups.command("mark")
@click.argument("follow_up_id", metavar="ID")
@click.argument("status", metavar="done|dismissed|open", callback=_in_danish_too("statuses"))
@click.option("--note", default=None, help="Why (kept with the mark).")
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Index directory (default: the followups command's).")
@click.pass_context
@user_errors
def mark(ctx: click.Context, follow_up_id: str, status: str, note: str | None, index_dir: Path | None) -> None:
    """Mark follow-up ID done or dismissed (open: remove the mark). Marks survive rebuilds; each
    is written to the audit log, by the OS user."""
    _mark(_parent_index(ctx, index_dir), follow_up_id, status, note)


@followups.command("unmark")
@click.argument("follow_up_id", metavar="ID")
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Index directory (default: the followups command's).")
@click.pass_context
@user_errors
def unmark(ctx: click.Context, follow_up_id: str, index_dir: Path | None) -> None:
    """Remove the mark of follow-up ID (it reads open again)."""
    _mark(_parent_index(ctx, index_dir), follow_up_id, "open")


def _mark(index_dir: Path, follow_up_id: str, status: str, note: str | None = None) -> None:
    """Mark a follow-up by the OS user and log it as the app and the API log theirs."""
    tracked = _opened(index_dir).mark_follow_up(follow_up_id, status, note=note, by=os_user())
    audit(index_dir, "mark_follow_up", target=tracked.follow_up.id, detail=status + (f": {note}" if note else ""))
    click.echo(f"{tracked.follow_up.id}: {tracked.status}")


@main.command()
@INDEX_OPTION
@_JSON
@user_errors
def meetings(index_dir: Path, as_json: bool) -> None:
    """List the meetings in the index, newest first."""
    from indexer import present

    found = _opened(index_dir).meetings()
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

    if (document is None) == (date is None):
        raise InvalidInput("give a document path, or --body and --date")
    archive, named = _with_filters(index_dir, [body] if body and not document else [])
    body = named[0] if named else body
    found = archive.meeting_of(document) if document else archive.meeting(body, date)
    if found is None:
        raise InvalidInput(f"no meeting of {document!r} in the index" if document else archive.no_meeting(body, date))
    statuses = archive.follow_up_statuses([*found.documents, *found.attachments])  # marks, as the app's page shows them
    if as_json:
        data = asdict(found)
        for promise in [f for item in data["items"] for f in item["follow_ups"]] + data["unplaced_follow_ups"]:
            promise["status"] = statuses.get(promise["id"], "open")
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    for line in present.meeting_lines(found, statuses):
        click.echo(line)


@main.command("case")
@click.argument("case_number", metavar="NUMBER")
@INDEX_OPTION
@_JSON
@user_errors
def case(case_number: str, index_dir: Path, as_json: bool) -> None:
    """A case's trail: every meeting that treated case NUMBER, in date order, with each decision."""
    from indexer import present
    from indexer.errors import InvalidInput
    from indexer.search.cases import case_number_of, trail_json

    number = case_number_of(case_number)
    if number is None:  # as the API's 422
        raise InvalidInput(f"not a case number: {case_number[:60]!r} (a case number has digits, e.g. 23-008635)")
    opened = _opened(index_dir)
    steps = opened.case_trail(number)
    if as_json:
        click.echo(json.dumps(trail_json(number, steps), ensure_ascii=False))
    else:
        for line in present.case_lines(number, steps, () if steps else opened.similar_cases(number)):
            click.echo(line)
    if not steps:
        sys.exit(1)  # as the API's 404: a script sees that the archive holds no such case


@main.command("people")
@INDEX_OPTION
@_JSON
@user_errors
def people(index_dir: Path, as_json: bool) -> None:
    """List every person the records name (attendees, speakers, voting members, proposers), by name."""
    from indexer import present

    found = _opened(index_dir).people()
    if as_json:
        click.echo(json.dumps({"people": [p.summary() for p in found], "total": len(found)}, ensure_ascii=False))
        return
    for line in present.people_lines(found, present.PEOPLE_WORDS["en"]):  # the command line speaks English
        click.echo(present.shown(line))


@main.command("person")
@click.argument("name", nargs=-1, required=True)
@INDEX_OPTION
@_JSON
@user_errors
def person(name: tuple[str, ...], index_dir: Path, as_json: bool) -> None:
    """One person: meetings attended and missed, votes cast, proposals made, what they said.

    NAME is matched exactly (spaces aside); a party suffix such as "(V)" is set apart."""
    from indexer import present
    from indexer.errors import InvalidInput

    wanted = " ".join(name)
    archive = _opened(index_dir)
    found = archive.person(wanted)
    if found is None:
        raise InvalidInput(archive.no_such_person(wanted, "`people`"))
    if as_json:
        click.echo(json.dumps(found.to_json(), ensure_ascii=False))
        return
    for line in present.person_lines(found, present.ENGLISH, present.PEOPLE_WORDS["en"]):
        click.echo(present.shown(line))
