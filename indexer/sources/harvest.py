"""Harvest a FirstAgenda Publication portal into the archive: its meetings as the API returns them.

In:  a portal's address ("https://dagsordener.greve.dk") and the archive folder.
Out: `ARCHIVE/<portal host>/<committee slug>/<YYYY-MM-DD>_<meeting id>.json`, each meeting's
     response byte for byte as `GET {portal}/api/agenda/dagsorden/{meeting id}` returned it,
     and with `attachments` its PDFs beside it (`<YYYY-MM-DD>_<meeting id>/<document id>.pdf`:
     the items' own text as PDF and their attachments, `GET {portal}/Vis/Pdf/bilag/{id}`);
     a `HarvestReport`. The archive stays the source of truth: the ordinary build reads these
     files (`indexer.sources.firstagenda`) and a rebuild needs no network.

Which meetings are fetched: those the committee list (`GET {portal}/api/agenda/udvalgsliste`)
names that were never saved, whose entry in the list changed, or whose date lies within
`recheck_days` (an agenda becomes minutes or gets a supplement, minutes are corrected); an
agenda older than that until one harvest after its window still found an agenda (a meeting
never held, a question file: not asked for again on every harvest); every one with
`recheck_all`. A fetched meeting
replaces the saved file only when its bytes differ (sha256). The others count as unchanged
without a request: a harvest of 288 meetings older than `recheck_days` of which none changed costs one
request (the committee list).

Saving is atomic and checked first: the response must be a FirstAgenda meeting the build can
read (JSON, `Dagsordenpunkter`, a committee and a date, the id asked for), written to a
hidden temporary file, synced, then renamed over the old one. A response that is malformed,
empty, a web page instead of JSON, still cut short after its retries, or an error status after
its retries is reported with the meeting's name and not saved; nothing already saved is lost. A meeting published without agenda items (announced,
not yet written) is not saved and is asked for again next time.

Politeness and robustness: one httpx client with a timeout and a user agent; at most `rate`
requests a second; timeouts, connection errors, a connection closed mid-body, an answer that
ends early (shorter than its Content-Length; without one, JSON left open or a PDF without its
`%%EOF`), 5xx and 429 are retried with exponential backoff (tenacity), a Retry-After header honoured (up to
`max_wait`); a portal that wants a session cookie gets one visit to
`/Home/AnonymousAuthentication` when it answers with a web page or 401/403. The state
(`ARCHIVE/<host>/.harvest.json`: per meeting its file, sha256, kind, list entry) is written
atomically after every meeting, so a harvest killed midway resumes where it stopped; a lost
or damaged state costs requests, never files (a fetched meeting is compared with the file
on disk). Hidden files are not records: the build never reads the state or a temporary file.

PDFs (`attachments`): those the saved meetings' open items name and that are not on disk yet
(a document id's PDF never changes); a closed item's files are never asked for. The build
indexes an attachment as its meeting's (`indexer.sources.export_role`) and leaves the items'
own PDFs out (their text is the meeting's). A PDF that a changed meeting no longer names is removed.

Nothing is printed here: progress goes to `progress(stage, done, total)` (stages "meetings",
"pdfs"), the outcome to the returned `HarvestReport`.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit


from indexer.errors import InvalidInput, UnreadableFile
from indexer.records import checked_date
from indexer.sources import firstagenda
from indexer.sources.harvest_state import STATE_NAME, HarvestState, locked, sha256_of, write_atomically
from indexer.sources.portal import Gave, HarvestError, Portal, Refused, Throttle
from indexer.text import counted

__all__ = ["STATE_NAME", "Failure", "HarvestError", "HarvestInterrupted", "HarvestReport", "Throttle", "committee_slug", "harvest",
           "portal_address"]

LIST_PATH = "/api/agenda/udvalgsliste"
MEETING_PATH = "/api/agenda/dagsorden/{id}"
PDF_PATH = "/Vis/Pdf/bilag/{id}"
MAX_LIST_BYTES = 50_000_000
MAX_PDF_BYTES = 500_000_000
_SHOWN_FAILURES = 5
_ID = re.compile(r"[0-9A-Za-z-]{1,100}")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Failure:
    """What could not be fetched (a meeting, or one of its PDFs) and why, in one line."""

    what: str
    reason: str

    @property
    def line(self) -> str:
        return f"{self.what}: {self.reason}"


# Meetings in a row the portal gives up on (after each one's retries) before a harvest stops asking.
PORTAL_DOWN_AFTER = 5


@dataclass
class HarvestReport:
    """The outcome of one harvest. Paths are archive paths (relative to the archive folder)."""

    portal: str
    folder: str  # the portal's folder in the archive ("dagsordener.greve.dk")
    listed: int = 0  # meetings the committee list names (after --since and --committee)
    new: list[str] = field(default_factory=list)  # meetings saved for the first time
    changed: list[str] = field(default_factory=list)  # saved meetings replaced by a changed response
    unchanged: int = 0  # fetched with the same bytes, or settled and not asked for
    failed: list[Failure] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)  # listed, but no agenda items yet
    pdfs: list[str] = field(default_factory=list)  # PDFs saved
    pdfs_failed: list[Failure] = field(default_factory=list)
    requests: int = 0
    retries: int = 0
    seconds: float = 0.0
    # Meetings not asked for: the portal gave up on so many in a row that it is down (its last reason)
    not_asked: int = 0
    down: str | None = None
    # Saved meetings the portal no longer lists (withdrawn, or moved out of its list): kept, and said
    withdrawn: list[str] = field(default_factory=list)

    @property
    def fetched(self) -> list[str]:
        return self.new + self.changed

    def summary(self) -> str:
        """"9 new meetings, 3 replaced, 276 unchanged, 1 failed; 40 PDFs fetched in 61.0s: …" (replaced: a
        saved meeting whose answer changed, an agenda that became minutes)."""
        parts = [(f"{counted(len(self.new), 'new meeting')}, {len(self.changed)} replaced, "
                  f"{self.unchanged} unchanged, {len(self.failed)} failed")]
        if self.unpublished:
            parts.append(f", {len(self.unpublished)} without agenda items yet")
        if self.pdfs or self.pdfs_failed:
            parts.append(f"; {counted(len(self.pdfs), 'PDF')} fetched"
                         + (f", {len(self.pdfs_failed)} failed" if self.pdfs_failed else ""))
        if self.retries:
            parts.append(f"; {counted(self.retries, 'request')} retried")
        parts.append(f" in {self.seconds:.1f}s")
        if self.withdrawn:
            parts.append(f"; {counted(len(self.withdrawn), 'saved meeting')} no longer listed by the portal (kept)")
        if self.not_asked:
            parts.append(f"; stopped: the portal failed {PORTAL_DOWN_AFTER} meetings in a row ({self.down}), "
                         f"{counted(self.not_asked, 'meeting')} not asked for (the next harvest asks for them)")
        failures = self.failed + self.pdfs_failed
        if failures:
            shown = [f.line for f in failures[:_SHOWN_FAILURES]]
            if len(failures) > _SHOWN_FAILURES:
                shown.append(f"… and {len(failures) - _SHOWN_FAILURES} more (in {self.folder}/{STATE_NAME})")
            # after the time, ": …" reads as the failures; after another clause it would read as that clause's
            parts.append(("; failed: " if self.withdrawn or self.not_asked else ": ") + "; ".join(shown))
        return "".join(parts)

    def to_json(self) -> dict:
        return {"portal": self.portal, "folder": self.folder, "listed": self.listed, "new": self.new,
                "changed": self.changed, "unchanged": self.unchanged,
                "failed": [{"what": f.what, "reason": f.reason} for f in self.failed],
                "unpublished": self.unpublished, "pdfs": self.pdfs,
                "pdfs_failed": [{"what": f.what, "reason": f.reason} for f in self.pdfs_failed],
                "requests": self.requests, "retries": self.retries, "seconds": round(self.seconds, 3),
                "not_asked": self.not_asked, "down": self.down, "withdrawn": self.withdrawn}


class HarvestInterrupted(KeyboardInterrupt):
    """A harvest stopped by Ctrl-C (SIGINT), with its report of what it had saved by then."""

    def __init__(self, report: HarvestReport | None = None) -> None:
        super().__init__()
        self.report = report  # None: stopped before it began

    def message(self) -> str:
        """One line that says only what is true: what this harvest saved, and where the next goes on."""
        meetings = len(self.report.fetched) if self.report else 0
        pdfs = len(self.report.pdfs) if self.report else 0
        if not meetings and not pdfs:
            return "Stopped: this harvest saved nothing new; the next harvest goes on from there."
        saved = " and ".join(p for p in (counted(meetings, "meeting") if meetings else "",
                                         counted(pdfs, "PDF") if pdfs else "") if p)
        return f"Stopped: this harvest saved {saved} (not indexed yet); the next harvest goes on from there."


# -- what the portal lists -------------------------------------------------------------------------
@dataclass(frozen=True)
class _Listed:
    id: str
    committee: str
    date: str | None  # the meeting's local date, as the list gives it
    fingerprint: str  # sha256 of the list's entry: a changed entry means a changed meeting

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.committee or "meeting", self.date, f"({self.id})") if p)


def _listed_meetings(data: object) -> list[_Listed]:
    """Every meeting of the committee list, once (a committee may sit in two election periods)."""
    if not isinstance(data, dict) or not isinstance(data.get("Udvalg"), (dict, list)):
        raise ValueError("no 'Udvalg' in the answer")
    groups = data["Udvalg"]
    committees = [c for group in (groups.values() if isinstance(groups, dict) else [groups])
                  if isinstance(group, list) for c in group if isinstance(c, dict)]
    found: dict[str, _Listed] = {}
    for committee in committees:
        name = _text(committee.get("Navn")).lstrip(". ")
        for entry in committee.get("Moeder") or []:
            if not isinstance(entry, dict) or not _text(entry.get("Id")):
                continue
            start = firstagenda.local_start(entry.get("Dato") or entry.get("MeetingBeginUtc"))
            fingerprint = hashlib.sha256(json.dumps(entry, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
            meeting_id = _text(entry["Id"])
            found.setdefault(meeting_id, _Listed(meeting_id, name, start.date().isoformat() if start else None,
                                                 fingerprint))
    return list(found.values())


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def committee_slug(name: str) -> str:
    """The committee's folder name: "Klima-, Teknik- og Miljøudvalget" → "klima-teknik-og-miljoeudvalget"
    (Danish letters spelt out as Greve's own folders spell them)."""
    text = name.strip().lstrip(". ").lower()
    for letter, spelt in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(letter, spelt)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-") or "udvalg"


# -- the harvest -----------------------------------------------------------------------------------
def portal_address(url: str) -> tuple[str, str]:
    """The portal's base address without a trailing slash, and its host (the archive folder)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"not a portal address: {url!r} (an http(s) address such as https://dagsordener.greve.dk)")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}", parts.hostname.lower()


def harvest(portal: str, archive_dir: str | Path, *, since: str | date | None = None,
            committees: tuple[str, ...] | list[str] = (), attachments: bool = False, rate: float = 2.0,
            retries: int = 4, backoff: float = 1.0, max_wait: float = 120.0, timeout: float = 30.0,
            recheck_days: int = 90, recheck_all: bool = False, progress: Progress | None = None,
            sleep: Callable[[float], None] = time.sleep, today: date | None = None) -> HarvestReport:
    """Bring the archive's copy of a FirstAgenda Publication portal up to date (see the module
    docstring for what is fetched, how, and where it is saved).

    Args:
        portal: the portal's address, e.g. "https://dagsordener.greve.dk".
        archive_dir: the archive folder; the portal's files go to its folder `<host>/`.
        since: only meetings on or after this date (YYYY-MM-DD).
        committees: only these committees (names as the portal writes them, or their folder names).
        attachments: also fetch the PDFs the meetings name (open items only).
        rate: at most this many requests a second.
        retries: retries of a request after a timeout, a connection error, 5xx or 429.
        backoff: the first retry's wait in seconds, doubled each time (at most `max_wait`).
        max_wait: the longest wait between tries, a Retry-After included.
        timeout: seconds to wait for the portal (connect, and between bytes).
        recheck_days: minutes of meetings this recent are asked for again (they get corrected).
        recheck_all: ask for every meeting again (each is still saved only when it changed).
        progress: called as progress(stage, done, total) with stages "meetings" and "pdfs",
            after each meeting's state is saved (an exception from it stops the harvest there;
            the next harvest resumes).
        sleep: how to wait (tests pass one that records instead).
        today: the date recheck_days counts from (default: today).

    Returns:
        A HarvestReport.

    Raises:
        InvalidInput: a bad address, date or committee name.
        HarvestError: the committee list cannot be fetched or read, the archive cannot be
            written, or another harvest of the portal is running.
    """
    started = time.monotonic()
    base, host = portal_address(portal)
    since_date = _since(since)
    archive_dir = Path(archive_dir)
    folder = archive_dir / host
    report = HarvestReport(portal=base, folder=host)
    with _portal_folder(folder), locked(folder):
        _remove_leftovers(folder)
        state = HarvestState(folder, base)
        client = Portal(base, rate=rate, retries=retries, backoff=backoff, max_wait=max_wait,
                         timeout=timeout, sleep=sleep, report=report)
        try:
            every = _committee_list(client)
            listed = _narrow(every, since_date, committees, base)
            report.listed = len(listed)
            report.withdrawn = [] if committees else _withdrawn(state, every, since_date)
            today = today or date.today()
            asked = [m for m in listed if recheck_all or _due(m, state, folder, today, recheck_days)]
            report.unchanged += len(listed) - len(asked)
            # Newest first: what was decided last week matters before what was decided in 2019.
            asked.sort(key=lambda m: (m.date or "9999", m.id), reverse=True)
            state.data["failures"] = {k: v for k, v in state.failures.items()
                                      if k not in {m.id for m in asked}}
            _report_progress(progress, "meetings", 0, len(asked))
            in_a_row = 0  # meetings the portal gave up on after their retries, one after the other
            for done, meeting in enumerate(asked, 1):
                gave = _harvest_meeting(client, meeting, folder, state, report, archive_dir, today)
                _save_state(state)
                _report_progress(progress, "meetings", done, len(asked))
                in_a_row = in_a_row + 1 if gave else 0
                if in_a_row >= PORTAL_DOWN_AFTER and done < len(asked):
                    # a portal that is down is not asked for every meeting, each with its retries (hours)
                    report.not_asked, report.down = len(asked) - done, report.failed[-1].reason
                    break
            if attachments:
                _harvest_pdfs(client, listed, folder, state, report, archive_dir, progress)
                _save_state(state)
        except KeyboardInterrupt:
            # Ctrl-C: what was saved stays (each meeting's file and state are written whole);
            # the caller says so, and the next harvest goes on from there.
            with contextlib.suppress(HarvestError):
                _save_state(state)
            raise HarvestInterrupted(report) from None
        finally:
            client.close()
            report.seconds = time.monotonic() - started
    return report


@contextlib.contextmanager
def _portal_folder(folder: Path):
    """The portal's folder, made where missing; one this harvest made and left empty (the portal
    down, a wrong address) is removed again."""
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HarvestError(f"cannot write the archive folder {folder}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty


def _report_progress(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


def _save_state(state: HarvestState) -> None:
    try:
        state.save()
    except OSError as exc:
        raise HarvestError(f"cannot write {state.path}: {exc.strerror or exc}") from None


def _since(since: str | date | None) -> date | None:
    if since is None or isinstance(since, date):
        return since
    # the one date check the other commands use: YYYY-MM-DD only (not 20230101 or 2023-W01-1)
    return date.fromisoformat(checked_date(since.strip(), "--since"))


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of a harvest that was killed (none is running: the lock is held)."""
    for part in folder.rglob(".*.part"):
        with contextlib.suppress(OSError):
            part.unlink()


def _committee_list(client: Portal) -> list[_Listed]:
    """The meetings the portal lists; one visit to its anonymous login when it answers with a
    web page or 401/403 (it wants a session cookie), then asked again."""
    where = client.base + LIST_PATH
    for attempt in range(2):
        try:
            response = client.get(LIST_PATH, limit=MAX_LIST_BYTES, whole=_json_whole)
        except (Gave, Refused) as exc:
            raise HarvestError(f"{where}: the committee list could not be fetched: {exc}") from None
        looks_like_page = response.content.lstrip()[:1] == b"<"
        if (response.status_code in (401, 403) or looks_like_page) and attempt == 0 and not client.authenticated:
            client.authenticate()
            continue
        break
    if response.status_code != 200:
        raise HarvestError(f"{where}: HTTP {response.status_code}: is {client.base} a FirstAgenda Publication portal?")
    if looks_like_page:
        raise HarvestError(f"{where} answered with a web page, not the committee list: "
                           f"is {client.base} a FirstAgenda Publication portal?")
    try:
        data = json.loads(response.content.decode("utf-8-sig"))
        if isinstance(data, str):  # encoded twice, as some proxies return it
            data = json.loads(data)
        return _listed_meetings(data)
    except (UnicodeDecodeError, ValueError) as exc:
        reason = str(exc).split(":")[0] if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise HarvestError(f"{where}: not a committee list ({reason})") from None


def _withdrawn(state: HarvestState, listed: list[_Listed], since: date | None) -> list[str]:
    """The saved meetings (their paths in the portal's folder) the committee list no longer names, of
    `since` on: a meeting the portal withdrew is kept in the archive, and the harvest says so."""
    named = {m.id for m in listed}
    return sorted(saved["path"] for mid, saved in state.meetings.items()
                  if mid not in named and saved.get("path")
                  and (since is None or (saved.get("date") or "") >= since.isoformat()))


def _narrow(listed: list[_Listed], since: date | None, committees, base: str) -> list[_Listed]:
    if committees:
        wanted = {committee_slug(c): c for c in committees}
        known = {committee_slug(m.committee) for m in listed}
        unknown = [given for slug, given in wanted.items() if slug not in known]
        if unknown:
            names = sorted({m.committee for m in listed if m.committee})
            raise InvalidInput(f"no committee {unknown[0]!r} on {base}; it lists: {', '.join(names) or 'none'}")
        listed = [m for m in listed if committee_slug(m.committee) in wanted]
    if since is not None:
        listed = [m for m in listed if m.date is None or m.date >= since.isoformat()]
    return listed


def _due(meeting: _Listed, state: HarvestState, folder: Path, today: date, recheck_days: int) -> bool:
    """Whether to ask for a meeting again (see the module docstring); the rest is settled."""
    saved = state.meetings.get(meeting.id)
    if not saved or not (folder / saved.get("path", "")).is_file():
        return True
    if saved.get("listed") != meeting.fingerprint:
        return True
    day = saved.get("date") or meeting.date
    try:
        closes = date.fromisoformat(day) + timedelta(days=recheck_days)  # the end of its window
    except (TypeError, ValueError):
        return True
    if closes >= today:
        return True  # recent: an agenda becomes minutes, minutes are corrected
    if saved.get("doc_type") == "referat":
        return False
    # An agenda past its window (a meeting never held, a question file): asked for until a
    # harvest after the window closed still found an agenda; a harvest paused over the
    # window (no check since) still catches the minutes that came meanwhile.
    return (saved.get("fetched_on") or "") <= closes.isoformat()


def _harvest_meeting(client: Portal, listed: _Listed, folder: Path, state: HarvestState,
                     report: HarvestReport, archive_dir: Path, today: date) -> bool:
    """Fetch one meeting, check it, save it when it is new or changed; a failure is reported. Whether
    the portal gave up on it after its retries (down, busy, or out of reach)."""
    def failed(reason: str) -> bool:
        report.failed.append(Failure(listed.label, reason))
        state.failures[listed.id] = f"{listed.label}: {reason}"
        return False

    if not _ID.fullmatch(listed.id):
        return failed("not a usable meeting id")
    path = MEETING_PATH.format(id=listed.id)
    name = f"{listed.date or 'meeting'}_{listed.id}.json"
    for attempt in range(2):
        try:
            response = client.get(path, limit=firstagenda.MAX_FILE_BYTES, whole=_json_whole)
        except Gave as exc:
            return not failed(str(exc))
        except Refused as exc:
            return failed(str(exc))
        page = response.content.lstrip()[:1] == b"<"
        if (page or response.status_code in (401, 403)) and attempt == 0 and not client.authenticated:
            client.authenticate()  # the session may have lapsed: one visit, then asked again
            continue
        break
    if response.status_code != 200:
        return failed(f"HTTP {response.status_code}")
    raw = response.content
    if not raw.strip():
        return failed("the portal answered with nothing (an empty answer)")
    try:
        meeting = firstagenda.read_response(raw, name)
    except UnreadableFile as exc:
        if _without_items(raw):
            report.unpublished.append(listed.label)
            return None
        # the reason without the file name (no file was written) and without "corrupt file:"
        reason = str(exc.params.get("detail") or exc.reason)
        return failed(reason.replace(f" ({name})", "").replace(f"({name})", "").replace(f" in {name}", "").strip())
    answered = _answered_id(raw)
    if answered.lower() != listed.id.lower():
        return failed(f"the portal answered with another meeting ({answered or 'no id'})")
    relative = f"{committee_slug(meeting.body or listed.committee)}/{meeting.meeting_date}_{listed.id}.json"
    target = folder / relative
    digest = hashlib.sha256(raw).hexdigest()
    saved = state.meetings.get(listed.id) or {}
    previous = folder / saved["path"] if saved.get("path") else None
    archive_path = (target.relative_to(archive_dir)).as_posix()
    try:
        if sha256_of(target) == digest:
            report.unchanged += 1
        else:
            existed = target.exists() or (previous is not None and previous.is_file())
            write_atomically(target, raw, check=lambda part: _check_saved(part, digest, name))
            (report.changed if existed else report.new).append(archive_path)
        if previous is not None and previous != target:
            _moved(previous, target)  # the meeting moved to another date
        _drop_stale_pdfs(target, raw)
    except OSError as exc:
        raise HarvestError(f"cannot write {target}: {exc.strerror or exc}") from None
    state.meetings[listed.id] = {"path": relative, "sha256": digest, "doc_type": meeting.doc_type,
                                 "date": meeting.meeting_date, "committee": meeting.body,
                                 "listed": listed.fingerprint, "fetched_on": today.isoformat(),
                                 "checked": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    state.failures.pop(listed.id, None)
    return False


def _check_saved(part: Path, digest: str, name: str) -> None:
    """The temporary file holds what was received and reads as a meeting, before it replaces anything."""
    if sha256_of(part) != digest:
        raise OSError(f"{part} does not hold what was written")
    firstagenda.read_response(part.read_bytes(), name)


def _json_whole(raw: bytes) -> bool:
    """False for JSON that stops short of its end (a string or an object left open): a body cut
    off by a closed connection that no Content-Length could tell; anything else counts as whole
    (a web page or malformed JSON is not mended by asking again)."""
    try:
        text = raw.decode("utf-8-sig").strip()
    except UnicodeDecodeError as exc:
        return exc.start >= len(raw) - 3  # a character cut in two at the end
    if not text or text[0] not in "{[\"":
        return True
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return not (exc.msg.startswith("Unterminated string") or exc.pos >= len(text) - 1)
    return True


def _pdf_whole(path: Path) -> bool:
    """False for a PDF without its closing `%%EOF` (asked only of a body sent without
    Content-Length: the connection may have closed mid-file); anything not a PDF counts as whole
    (it is refused as such)."""
    with open(path, "rb") as handle:
        if not handle.read(1024).lstrip().startswith(b"%PDF-"):
            return True
        handle.seek(max(0, path.stat().st_size - 4096))
        return b"%%EOF" in handle.read()


def _without_items(raw: bytes) -> bool:
    """A meeting the portal announces before its agenda is written: `Dagsordenpunkter` empty."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and data.get("Dagsordenpunkter") in ([], None) and "Dagsordenpunkter" in data


def _answered_id(raw: bytes) -> str:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
        if isinstance(data, str):
            data = json.loads(data)
    except (UnicodeDecodeError, ValueError):
        return ""
    return _text(data.get("Id")) if isinstance(data, dict) else ""


def _moved(previous: Path, target: Path) -> None:
    """A meeting saved under another date: its old file goes, its PDFs move with it."""
    old_pdfs, new_pdfs = firstagenda.pdf_folder(previous), firstagenda.pdf_folder(target)
    if old_pdfs.is_dir() and not new_pdfs.exists():
        os.replace(old_pdfs, new_pdfs)
    with contextlib.suppress(FileNotFoundError):
        previous.unlink()


def _drop_stale_pdfs(target: Path, raw: bytes) -> None:
    """PDFs a changed meeting no longer names (an attachment withdrawn) leave its folder."""
    pdfs = firstagenda.pdf_folder(target)
    if not pdfs.is_dir():
        return
    try:
        named = set(firstagenda.pdf_documents(json.loads(raw.decode("utf-8-sig"))))
    except (UnicodeDecodeError, ValueError, AttributeError):
        return
    for pdf in pdfs.glob("*.pdf"):
        if _ID.fullmatch(pdf.stem) and pdf.stem not in named:
            pdf.unlink()


def _harvest_pdfs(client: Portal, listed: list[_Listed], folder: Path, state: HarvestState,
                  report: HarvestReport, archive_dir: Path, progress: Progress | None) -> None:
    """The PDFs the saved meetings name that are not on disk yet (from the saved files: no
    request for a meeting). A PDF never changes under its id: one on disk is never fetched again."""
    wanted: list[tuple[str, str, Path]] = []
    for meeting in listed:
        saved = state.meetings.get(meeting.id)
        if not saved:
            continue
        path = folder / saved["path"]
        try:
            documents = firstagenda.pdf_documents(json.loads(path.read_bytes().decode("utf-8-sig")))
        except (OSError, UnicodeDecodeError, ValueError, AttributeError):
            continue
        for document, role in documents.items():
            target = firstagenda.pdf_folder(path) / f"{document}.pdf"
            if not target.is_file():
                kind = "attachment" if role == "attachment" else "item PDF"
                wanted.append((f"{meeting.label}, {kind} {document}", document, target))
    _report_progress(progress, "pdfs", 0, len(wanted))
    for done, (what, document, target) in enumerate(wanted, 1):
        part = target.with_name(f".{target.name}.part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            client.download(PDF_PATH.format(id=document), part, MAX_PDF_BYTES, whole=_pdf_whole)
            with open(part, "rb") as handle:
                head = handle.read(1024).lstrip()
            if not head.startswith(b"%PDF-"):
                raise Refused("the portal answered with a web page, not a PDF" if head[:1] == b"<"
                               else "not a PDF")
            os.replace(part, target)
            report.pdfs.append(target.relative_to(archive_dir).as_posix())
        except (Gave, Refused) as exc:
            report.pdfs_failed.append(Failure(what, str(exc)))
        except OSError as exc:
            raise HarvestError(f"cannot write {target}: {exc.strerror or exc}") from None
        finally:
            with contextlib.suppress(OSError):
                part.unlink()
        _report_progress(progress, "pdfs", done, len(wanted))
