"""Harvesting a FirstAgenda Publication portal (`indexer.sources.harvest`, `python -m indexer harvest`).

A local HTTP server on 127.0.0.1 replays real Greve Kommune responses (tests/data/meeting-systems/
greve-portal/, saved from `GET /api/agenda/dagsorden/{id}`), with faults injected per request:
a 503, a 429 with Retry-After, a timeout, a body cut short, an HTML page, malformed JSON.
Waits between tries are recorded, not slept (`sleep=`), so the suite stays fast.
"""
from __future__ import annotations

import functools
import json
import re
import threading
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from indexer.errors import InvalidInput
from indexer.sources import export_role, read_meeting
from indexer.sources.firstagenda import pdf_documents
from indexer.sources.harvest import STATE_NAME, HarvestError, Throttle, committee_slug, harvest

from .paths import DATA

GREVE = DATA / "meeting-systems" / "greve-portal"
HOST = "127.0.0.1"
KLIMA = "73503c0b-13dd-4398-a637-4e92c506216b"  # Klima-, Teknik- og Miljøudvalget 2022-12-12
KULTUR = "2eb73dc3-feb7-4cf5-afe6-ce61ff93d53a"  # Kultur- og Fritidsudvalget 2023-03-06
OEKONOMI = "ae9cc25c-8e34-4e3b-b0d4-bd047a6926dd"  # Økonomiudvalget 2023-04-17 (a closed item)
PLAN = "77b82caa-e1ae-416a-b15b-4fb5b2e66685"  # Plan- og Tryghedsudvalget 2023-08-23 (4 attachments)
LOGIN_PAGE = b"<!DOCTYPE html><html><head><title>Log ind</title></head><body>Log ind</body></html>"


def _saved_files() -> dict[str, Path]:
    return {path.stem.split("_", 1)[1]: path for path in sorted(GREVE.rglob("*.json"))}


class FakePortal:
    """A FirstAgenda Publication portal on 127.0.0.1 serving the saved Greve responses.

    `faults[path]` is a queue of faults for the next requests of `path` (then it answers
    normally); `always[path]` a fault for every request of it. Every request's path is logged."""

    def __init__(self) -> None:
        self.meetings: dict[str, bytes] = {mid: path.read_bytes() for mid, path in _saved_files().items()}
        self.pdfs: dict[str, bytes] = {}
        self.faults: dict[str, list] = defaultdict(list)
        self.always: dict[str, object] = {}
        self.requests: list[str] = []
        self.want_cookie = False
        self.release = threading.Event()
        self.url = ""

    def committee_list(self) -> dict:
        """The portal's committee list is not captured in the Greve data: it is built here from
        the meeting responses, in the shape FirstAgenda Publication portals answer
        `/api/agenda/udvalgsliste` with (committees grouped by election period, meetings inlined)."""
        committees: dict[str, dict] = {}
        for mid, raw in self.meetings.items():
            data = json.loads(raw)
            committee = committees.setdefault(data["Udvalg"]["Id"], {
                "Id": data["Udvalg"]["Id"], "Navn": data["Udvalg"]["Navn"], "Moeder": []})
            committee["Moeder"].append({"Id": mid, "Dato": data["Moede"]["Dato"],
                                        "MeetingBeginUtc": data["Moede"]["MeetingBeginUtc"],
                                        "Navn": data["Moede"]["Navn"], "Sted": data["Moede"]["Sted"]})
        return {"Udvalg": {"Udvalg 2022-2025": list(committees.values())}}

    def meeting_path(self, mid: str) -> str:
        return f"/api/agenda/dagsorden/{mid}"

    def meeting_requests(self) -> list[str]:
        return [p for p in self.requests if p.startswith("/api/agenda/dagsorden/")]

    def pdf_requests(self) -> list[str]:
        return [p for p in self.requests if p.startswith("/Vis/Pdf/bilag/")]


def _handler(portal: FakePortal):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes, content_type: str = "application/json; charset=utf-8",
                  headers: dict | None = None, length: int | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if length is not False:
                self.send_header("Content-Length", str(len(body) if length is None else length))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # the stdlib's name
            path = self.path
            portal.requests.append(path)
            if path.startswith("/Home/AnonymousAuthentication"):
                return self._send(200, b"<html>ok</html>", "text/html", {"Set-Cookie": "anon=1; Path=/"})
            if portal.want_cookie and "anon=1" not in (self.headers.get("Cookie") or ""):
                return self._send(200, LOGIN_PAGE, "text/html; charset=utf-8")
            body = self._body(path)
            fault = portal.faults[path].pop(0) if portal.faults.get(path) else portal.always.get(path)
            try:
                self._answer(fault, body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout): nothing to answer

        def _body(self, path: str) -> bytes | None:
            if path == "/api/agenda/udvalgsliste":
                return json.dumps(portal.committee_list(), ensure_ascii=False).encode()
            if path.startswith("/api/agenda/dagsorden/"):
                return portal.meetings.get(path.rsplit("/", 1)[1])
            if path.startswith("/Vis/Pdf/bilag/"):
                return portal.pdfs.get(path.rsplit("/", 1)[1], b"%PDF-1.4\n% a test PDF\n%%EOF\n")
            return None

        def _answer(self, fault, body: bytes | None) -> None:
            kind, *args = fault if isinstance(fault, tuple) else (fault,)
            if kind is None:
                if body is None:
                    return self._send(404, b"not found", "text/plain")
                return self._send(200, body, "application/pdf" if body.startswith(b"%PDF") else
                                  "application/json; charset=utf-8")
            if kind == "404":
                return self._send(404, b"Not Found", "text/plain")
            if kind == "503":
                return self._send(503, b"Service Unavailable", "text/plain")
            if kind == "429":
                return self._send(429, b"Too Many Requests", "text/plain", {"Retry-After": str(args[0])})
            if kind == "sleep":  # answer nothing until the client has given up
                portal.release.wait(args[0])
                return None
            if kind == "truncate":  # Content-Length says the whole body, half of it comes, the connection closes
                return self._send(200, body[: len(body) // 2], length=len(body))
            if kind == "cut":  # no Content-Length: the body ends where the connection closes, half-way
                return self._send(200, body[: len(body) // 2], length=False)
            if kind == "html":
                return self._send(200, LOGIN_PAGE, "text/html; charset=utf-8")
            if kind == "malformed":
                return self._send(200, body.replace(b'"Udvalg":', b'"Udvalg" ', 1))
            if kind == "body":
                return self._send(200, args[0])
            raise AssertionError(kind)

    return Handler


@pytest.fixture(scope="module", autouse=True)
def one_tls_context():
    """Each harvest opens an httpx client, and each client reads the system's certificates into a
    TLS context of its own (some 17 ms) that the portal here, on plain http, never uses: the first
    context made for given settings serves every later client."""
    from httpx._transports import default

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(default, "create_ssl_context", functools.cache(default.create_ssl_context))
        yield


@pytest.fixture
def portal():
    fake = FakePortal()
    server = ThreadingHTTPServer((HOST, 0), _handler(fake))
    server.daemon_threads = True
    server.block_on_close = False
    fake.url = f"http://{HOST}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield fake
    fake.release.set()
    server.shutdown()
    server.server_close()


class Waits(list):
    """A `sleep` that records how long it was asked to wait, and returns at once."""

    def __call__(self, seconds: float) -> None:
        self.append(round(seconds, 3))


def run(portal: FakePortal, archive: Path, **options):
    """A harvest with the test's settings: no rate limit, waits recorded (1 s, 2 s, 4 s …)."""
    options.setdefault("rate", 0)
    options.setdefault("timeout", 5)
    waits = options.setdefault("sleep", Waits())
    report = harvest(portal.url, archive, **options)
    return report, waits


def saved(archive: Path, mid: str) -> list[Path]:
    return sorted((archive / HOST).rglob(f"*_{mid}.json"))


def state_of(archive: Path) -> dict:
    return json.loads((archive / HOST / STATE_NAME).read_text(encoding="utf-8"))


# -- the normal course ---------------------------------------------------------------------------------
def test_first_harvest_saves_every_response_byte_for_byte_in_the_portal_layout(portal, tmp_path):
    report, _ = run(portal, tmp_path)
    expected = {f"{HOST}/{path.relative_to(GREVE).as_posix()}" for path in _saved_files().values()}
    assert set(report.new) == expected and not report.changed and not report.failed
    for mid, path in _saved_files().items():
        target = tmp_path / HOST / path.relative_to(GREVE)
        assert target.read_bytes() == path.read_bytes()
        assert read_meeting(target).source_id == mid
    assert portal.requests[0] == "/api/agenda/udvalgsliste"
    assert sorted(portal.meeting_requests()) == sorted(portal.meeting_path(m) for m in portal.meetings)
    state = state_of(tmp_path)["meetings"]
    assert state[OEKONOMI]["path"] == f"oekonomiudvalget/2023-04-17_{OEKONOMI}.json"
    assert state[OEKONOMI]["doc_type"] == "referat"
    assert report.summary().startswith("4 new meetings, 0 replaced, 0 unchanged, 0 failed in ")
    assert not list((tmp_path / HOST).rglob("*.part"))


def test_second_harvest_asks_for_no_meeting_and_changes_nothing(portal, tmp_path):
    run(portal, tmp_path)
    times = {p: p.stat().st_mtime_ns for p in (tmp_path / HOST).rglob("*.json")}
    portal.requests.clear()
    report, _ = run(portal, tmp_path)
    assert portal.requests == ["/api/agenda/udvalgsliste"]  # settled minutes are not asked for
    assert report.fetched == [] and report.unchanged == 4
    assert report.summary().startswith("0 new meetings, 0 replaced, 4 unchanged, 0 failed")
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / HOST).rglob("*.json")} == times


def test_a_saved_meeting_the_portal_no_longer_lists_is_kept_and_said(portal, tmp_path):
    run(portal, tmp_path)
    withdrawn = portal.meetings.pop(OEKONOMI)
    report, _ = run(portal, tmp_path)
    assert saved(tmp_path, OEKONOMI) and len(report.withdrawn) == 1 and OEKONOMI in report.withdrawn[0]
    assert "; 1 saved meeting no longer listed by the portal (kept)" in report.summary()
    portal.meetings[OEKONOMI] = withdrawn
    assert not run(portal, tmp_path)[0].withdrawn


def test_recheck_all_compares_contents_and_keeps_unchanged_files(portal, tmp_path):
    run(portal, tmp_path)
    files = {p: p.stat().st_mtime_ns for p in (tmp_path / HOST).rglob("*_*.json")}
    portal.requests.clear()
    report, _ = run(portal, tmp_path, recheck_all=True)
    assert len(portal.meeting_requests()) == 4
    assert report.unchanged == 4 and report.fetched == []
    assert {p: p.stat().st_mtime_ns for p in files} == files  # the same bytes are not written again


def test_recent_minutes_are_asked_for_again(portal, tmp_path):
    from datetime import date

    run(portal, tmp_path)
    portal.requests.clear()
    # 30 days after Plan- og Tryghedsudvalget's meeting of 2023-08-23: only it is recent enough.
    report, _ = run(portal, tmp_path, today=date(2023, 9, 22), recheck_days=90)
    assert portal.meeting_requests() == [portal.meeting_path(PLAN)]
    assert report.unchanged == 4


def _as_agenda(portal: FakePortal, mid: str) -> bytes:
    """Serve meeting `mid` as its agenda (not held yet); its minutes returned."""
    minutes = portal.meetings[mid]
    agenda = json.loads(minutes)
    agenda["Moede"]["Afsluttet"] = False
    portal.meetings[mid] = json.dumps(agenda, ensure_ascii=False, indent=2).encode()
    return minutes


def test_agenda_that_becomes_minutes_is_fetched_again_and_replaces_the_file(portal, tmp_path):
    from datetime import date

    minutes = _as_agenda(portal, KULTUR)
    run(portal, tmp_path, today=date(2023, 3, 1))  # the agenda of the meeting of 2023-03-06
    [path] = saved(tmp_path, KULTUR)
    assert read_meeting(path).doc_type == "dagsorden"
    assert state_of(tmp_path)["meetings"][KULTUR]["doc_type"] == "dagsorden"

    portal.requests.clear()
    portal.meetings[KULTUR] = minutes  # the meeting is held: the portal now gives the minutes
    report, _ = run(portal, tmp_path)
    assert portal.meeting_requests() == [portal.meeting_path(KULTUR)]  # an agenda is asked for again
    assert report.changed == [path.relative_to(tmp_path).as_posix()] and report.new == []
    assert path.read_bytes() == minutes and read_meeting(path).doc_type == "referat"
    assert report.summary().startswith("0 new meetings, 1 replaced, 3 unchanged, 0 failed")

    portal.requests.clear()
    run(portal, tmp_path)
    assert portal.meeting_requests() == []  # minutes now: settled


def test_an_agenda_that_stays_one_past_its_window_is_settled_until_its_list_entry_changes(portal, tmp_path):
    from datetime import date

    _as_agenda(portal, KULTUR)  # a meeting of 2023-03-06 never held (or a question file): an agenda forever
    run(portal, tmp_path, today=date(2023, 3, 1))
    portal.requests.clear()
    run(portal, tmp_path, today=date(2023, 5, 1))  # within its 90 days: it may still become minutes
    assert portal.meeting_path(KULTUR) in portal.meeting_requests()
    portal.requests.clear()
    # The harvest paused over the end of its window: asked for once more (the minutes may have come) …
    run(portal, tmp_path, today=date(2023, 12, 1))
    assert portal.meeting_requests() == [portal.meeting_path(KULTUR)]
    portal.requests.clear()
    report, _ = run(portal, tmp_path, today=date(2023, 12, 2))  # … then it is settled
    assert portal.meeting_requests() == [] and report.unchanged == 4
    run(portal, tmp_path)
    assert portal.meeting_requests() == []

    moved = json.loads(portal.meetings[KULTUR])  # its entry in the committee list changes: asked for again
    moved["Moede"]["Sted"] = "Rådhuset, lokale 2"
    portal.meetings[KULTUR] = json.dumps(moved, ensure_ascii=False).encode()
    run(portal, tmp_path)
    assert portal.meeting_requests() == [portal.meeting_path(KULTUR)]


def test_a_changed_list_entry_fetches_the_meeting_and_a_moved_meeting_moves_its_file(portal, tmp_path):
    run(portal, tmp_path)
    [old] = saved(tmp_path, KLIMA)
    moved = json.loads(portal.meetings[KLIMA])
    moved["Moede"]["Dato"] = moved["Moede"]["MeetingBeginUtc"] = "2022-12-13T15:00:00+01:00"
    portal.meetings[KLIMA] = json.dumps(moved, ensure_ascii=False, indent=2).encode()
    portal.requests.clear()
    report, _ = run(portal, tmp_path)
    assert portal.meeting_requests() == [portal.meeting_path(KLIMA)]
    [new] = saved(tmp_path, KLIMA)
    assert new.name == f"2022-12-13_{KLIMA}.json" and not old.exists()
    assert report.changed == [new.relative_to(tmp_path).as_posix()]


# -- faults ------------------------------------------------------------------------------------------
def test_503_then_success_is_retried_with_exponential_backoff(portal, tmp_path):
    portal.faults[portal.meeting_path(KULTUR)] = ["503", "503"]
    report, waits = run(portal, tmp_path, backoff=0.5)
    assert portal.meeting_requests().count(portal.meeting_path(KULTUR)) == 3
    assert waits == [0.5, 1.0] and report.retries == 2
    assert saved(tmp_path, KULTUR) and not report.failed
    assert "2 requests retried" in report.summary()


def test_429_waits_as_long_as_retry_after_says(portal, tmp_path):
    portal.faults["/api/agenda/udvalgsliste"] = [("429", 7)]
    portal.faults[portal.meeting_path(PLAN)] = [("429", 500)]
    report, waits = run(portal, tmp_path, max_wait=60)
    assert waits == [7, 60]  # Retry-After honoured, up to max_wait
    assert report.retries == 2 and len(report.new) == 4


def test_retry_after_as_an_http_date():
    from datetime import datetime, timezone

    from indexer.sources.portal import _retry_after

    now = datetime(2024, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert _retry_after("Fri, 01 Mar 2024 12:00:30 GMT", lambda: now) == 30
    assert _retry_after("120", lambda: now) == 120 and _retry_after("soon", lambda: now) is None


@pytest.mark.parametrize("fault", ["cut", "truncate"])
def test_a_body_that_ends_early_is_retried_with_or_without_content_length(portal, tmp_path, fault):
    portal.faults[portal.meeting_path(OEKONOMI)] = [fault]
    report, waits = run(portal, tmp_path)
    assert portal.meeting_requests().count(portal.meeting_path(OEKONOMI)) == 2
    assert report.retries == 1 and waits == [1.0] and "; 1 request retried in " in report.summary()
    assert saved(tmp_path, OEKONOMI) and not report.failed


def test_a_pdf_cut_off_without_content_length_is_retried(portal, tmp_path):
    run(portal, tmp_path)
    document = next(iter(pdf_documents(json.loads(portal.meetings[PLAN]))))
    portal.faults[f"/Vis/Pdf/bilag/{document}"] = ["cut"]
    report, waits = run(portal, tmp_path, attachments=True)
    assert portal.pdf_requests().count(f"/Vis/Pdf/bilag/{document}") == 2 and waits == [1.0]
    [meeting] = saved(tmp_path, PLAN)
    assert (meeting.with_suffix("") / f"{document}.pdf").read_bytes().endswith(b"%%EOF\n") and not report.pdfs_failed


def test_a_timeout_is_retried(portal, tmp_path):
    portal.faults[portal.meeting_path(OEKONOMI)] = [("sleep", 3)]
    report, waits = run(portal, tmp_path, timeout=0.3)
    assert portal.meeting_requests().count(portal.meeting_path(OEKONOMI)) == 2
    assert report.retries == 1 and waits == [1.0]
    assert saved(tmp_path, OEKONOMI) and not report.failed


def test_retries_give_up_and_report_the_meeting(portal, tmp_path):
    portal.always[portal.meeting_path(OEKONOMI)] = "503"
    report, waits = run(portal, tmp_path, retries=3)
    assert waits == [1.0, 2.0, 4.0]
    assert [f.line for f in report.failed] == [f"Økonomiudvalget 2023-04-17 ({OEKONOMI}): HTTP 503 (4 tries)"]
    assert not saved(tmp_path, OEKONOMI) and len(report.new) == 3


def test_a_portal_down_for_meeting_after_meeting_is_not_asked_for_the_rest(portal, tmp_path, monkeypatch):
    from indexer.sources import harvest as harvesting

    monkeypatch.setattr(harvesting, "PORTAL_DOWN_AFTER", 2)
    for mid in portal.meetings:
        portal.always[portal.meeting_path(mid)] = "503"
    report, _ = run(portal, tmp_path, retries=1)
    # two meetings given up on in a row: the other two are not asked for, and the next harvest asks for them
    assert len(report.failed) == 2 and report.not_asked == 2 and len(portal.meeting_requests()) == 4
    assert "stopped: the portal failed 2 meetings in a row (HTTP 503 (2 tries)), 2 meetings not asked for" \
        in report.summary()
    # the meetings that failed are listed as failed, not as the ones not asked for
    assert "(the next harvest asks for them); failed: " in report.summary()
    portal.always.clear()
    again, _ = run(portal, tmp_path)
    assert len(again.new) == 4 and not again.failed and not again.not_asked


BAD_ANSWERS = [
    ("truncate", "half-fetched"),  # Content-Length larger than the body: retried, then reported
    ("cut", "the answer ended early (truncated download?) (5 tries)"),  # no Content-Length, the body stops half-way
    ("html", "the portal answered with an HTML page, not JSON"),
    ("malformed", "malformed JSON at line"),
    (("body", b"  "), "the portal answered with nothing (an empty answer)"),  # no file named: none was written
    (("body", b'{"Id": "' + OEKONOMI.encode() + b'", "Udvalg": {"Navn": "x"}}'), "no 'Dagsordenpunkter'"),
    (("body", (GREVE / "kultur-og-fritidsudvalget" / f"2023-03-06_{KULTUR}.json").read_bytes()),
     "the portal answered with another meeting"),
]


@pytest.mark.parametrize(("fault", "reason"), BAD_ANSWERS, ids=lambda v: v if isinstance(v, str) else v[0])
def test_a_bad_answer_is_reported_naming_the_meeting_and_not_saved(portal, tmp_path, fault, reason):
    portal.always[portal.meeting_path(OEKONOMI)] = fault
    report, _ = run(portal, tmp_path)
    [failure] = report.failed
    assert failure.what == f"Økonomiudvalget 2023-04-17 ({OEKONOMI})"
    assert reason in failure.reason and "\n" not in failure.line
    assert ".json" not in failure.reason and "corrupt file" not in failure.reason  # a response, not a file
    assert ", 1 failed" in report.summary()
    assert report.summary().endswith(f"s: Økonomiudvalget 2023-04-17 ({OEKONOMI}): {failure.reason}")
    assert not saved(tmp_path, OEKONOMI) and len(report.new) == 3  # the good ones are saved
    assert not list((tmp_path / HOST).rglob("*.part"))
    state = state_of(tmp_path)
    assert OEKONOMI not in state["meetings"] and reason in state["failures"][OEKONOMI]

    portal.always.clear()  # the portal recovers: the next harvest fetches it
    portal.requests.clear()
    report, _ = run(portal, tmp_path)
    assert portal.meeting_requests() == [portal.meeting_path(OEKONOMI)]
    assert len(report.new) == 1 and saved(tmp_path, OEKONOMI) and not state_of(tmp_path)["failures"]


@pytest.mark.parametrize("fault", ["cut", "html", "malformed", "503", "truncate"])
def test_a_bad_answer_never_overwrites_a_saved_meeting(portal, tmp_path, fault):
    run(portal, tmp_path)
    [path] = saved(tmp_path, PLAN)
    before = path.read_bytes()
    portal.always[portal.meeting_path(PLAN)] = fault
    report, _ = run(portal, tmp_path, recheck_all=True)
    assert path.read_bytes() == before and [f.what for f in report.failed] == [
        f"Plan- og Tryghedsudvalget 2023-08-23 ({PLAN})"]
    assert state_of(tmp_path)["meetings"][PLAN]["sha256"]  # still known as saved


def test_a_meeting_without_agenda_items_yet_is_not_saved_and_asked_for_again(portal, tmp_path):
    announced = json.loads(portal.meetings[PLAN])
    announced["Dagsordenpunkter"] = []
    portal.meetings[PLAN] = json.dumps(announced).encode()
    report, _ = run(portal, tmp_path)
    assert report.unpublished == [f"Plan- og Tryghedsudvalget 2023-08-23 ({PLAN})"] and not report.failed
    assert not saved(tmp_path, PLAN) and "1 without agenda items yet" in report.summary()
    portal.requests.clear()
    run(portal, tmp_path)
    assert portal.meeting_requests() == [portal.meeting_path(PLAN)]


def test_a_harvest_killed_midway_resumes_where_it_stopped(portal, tmp_path):
    class Killed(Exception):
        pass

    def kill_after_two(stage: str, done: int, total: int) -> None:
        if stage == "meetings" and done == 2:
            raise Killed

    with pytest.raises(Killed):
        run(portal, tmp_path, progress=kill_after_two)
    first = portal.meeting_requests()
    assert len(first) == 2
    assert set(state_of(tmp_path)["meetings"]) == {p.rsplit("/", 1)[1] for p in first}
    leftover = tmp_path / HOST / "plan-og-tryghedsudvalget" / f".2023-08-23_{PLAN}.json.part"
    leftover.parent.mkdir(parents=True, exist_ok=True)
    leftover.write_bytes(b'{"Dagsordenpunk')  # what a kill mid-write leaves: hidden, never a record

    portal.requests.clear()
    report, _ = run(portal, tmp_path)
    assert sorted(portal.meeting_requests()) == sorted(set(map(portal.meeting_path, portal.meetings)) - set(first))
    assert len(report.new) == 2 and report.unchanged == 2
    assert not leftover.exists() and len(list((tmp_path / HOST).rglob("*_*.json"))) == 4


def test_a_lost_state_costs_requests_not_files(portal, tmp_path):
    run(portal, tmp_path)
    (tmp_path / HOST / STATE_NAME).write_text("{not json", encoding="utf-8")
    report, _ = run(portal, tmp_path)
    assert len(portal.meeting_requests()) == 8 and report.unchanged == 4 and report.fetched == []
    assert set(state_of(tmp_path)["meetings"]) == set(portal.meetings)


def test_a_portal_that_wants_a_session_cookie_gets_one_visit_to_its_login(portal, tmp_path):
    portal.want_cookie = True
    report, _ = run(portal, tmp_path)
    assert len(report.new) == 4
    assert [p for p in portal.requests if p.startswith("/Home/")] == [
        "/Home/AnonymousAuthentication?callback=" + portal.url.replace(":", "%3A").replace("/", "%2F") + "%2F"]


# -- narrowing ---------------------------------------------------------------------------------------
def test_since_and_committee_narrow_the_harvest(portal, tmp_path):
    report, _ = run(portal, tmp_path / "a", since="2023-04-01")
    assert report.listed == 2 and {p.rsplit("_", 1)[1][:-5] for p in report.new} == {OEKONOMI, PLAN}
    report, _ = run(portal, tmp_path / "b", committees=["økonomiudvalget"])
    assert [p.rsplit("_", 1)[1][:-5] for p in report.new] == [OEKONOMI]
    report, _ = run(portal, tmp_path / "c", committees=["Klima-, Teknik- og Miljøudvalget", "plan-og-tryghedsudvalget"])
    assert report.listed == 2


def test_wrong_input_and_an_unusable_portal_are_one_line_errors(portal, tmp_path):
    with pytest.raises(InvalidInput, match="no committee 'Teknikudvalget' on .*; it lists: Klima-, Teknik"):
        run(portal, tmp_path, committees=["Teknikudvalget"])
    for wrong in ("1/1/2023", "20230101", "2023-W01-1"):  # refused as `search --from` refuses them
        with pytest.raises(InvalidInput, match=f"--since '{wrong}' is not a date; use YYYY-MM-DD"):
            run(portal, tmp_path, since=wrong)
    with pytest.raises(InvalidInput, match=r"--since '2023-02-30' is not a calendar date \(February 2023 has 28 days\)"):
        run(portal, tmp_path, since="2023-02-30")
    with pytest.raises(InvalidInput, match="not a portal address"):
        harvest("dagsordener.greve.dk", tmp_path)
    portal.always["/api/agenda/udvalgsliste"] = "html"
    with pytest.raises(HarvestError, match="answered with a web page, not the committee list"):
        run(portal, tmp_path)
    portal.always["/api/agenda/udvalgsliste"] = "503"
    with pytest.raises(HarvestError, match=r"the committee list could not be fetched: HTTP 503 \(2 tries\)"):
        run(portal, tmp_path, retries=1)
    with pytest.raises(HarvestError, match="could not be fetched: cannot connect"):
        harvest("http://127.0.0.1:9", tmp_path, retries=0, rate=0)


def test_a_second_harvest_of_the_same_portal_is_refused_while_one_runs(portal, tmp_path):
    caught = []

    def start_another(stage: str, done: int, total: int) -> None:
        if done == 1 and not caught:
            with pytest.raises(HarvestError, match="another harvest of 127.0.0.1 is running") as info:
                run(portal, tmp_path)
            caught.append(info)

    run(portal, tmp_path, progress=start_another)
    assert caught


def test_no_lock_file_is_left_behind_and_a_failed_first_harvest_leaves_no_folder(portal, tmp_path):
    portal.always["/api/agenda/udvalgsliste"] = "404"
    with pytest.raises(HarvestError, match="HTTP 404"):
        run(portal, tmp_path)
    assert not (tmp_path / HOST).exists()  # nothing was saved: no folder, no .harvest.lock
    portal.always.clear()
    run(portal, tmp_path)
    assert not (tmp_path / HOST / ".harvest.lock").exists() and (tmp_path / HOST / STATE_NAME).is_file()
    portal.always["/api/agenda/udvalgsliste"] = "503"
    with pytest.raises(HarvestError):
        run(portal, tmp_path, retries=0)
    assert not (tmp_path / HOST / ".harvest.lock").exists() and (tmp_path / HOST / STATE_NAME).is_file()


# -- PDFs --------------------------------------------------------------------------------------------
def test_attachments_are_saved_beside_their_meeting_and_fetched_once(portal, tmp_path):
    documents = {mid: pdf_documents(json.loads(raw)) for mid, raw in portal.meetings.items()}
    first_attachment = next(d for d, role in documents[PLAN].items() if role == "attachment")
    portal.always[f"/Vis/Pdf/bilag/{first_attachment}"] = "html"
    report, _ = run(portal, tmp_path, attachments=True)
    wanted = {d for docs in documents.values() for d in docs}
    assert {p.rsplit("/", 1)[1] for p in portal.pdf_requests()} == wanted  # a closed item's files: never asked for
    assert len(report.pdfs) == len(wanted) - 1
    [failure] = report.pdfs_failed
    assert failure.line == (f"Plan- og Tryghedsudvalget 2023-08-23 ({PLAN}), attachment {first_attachment}: "
                            "the portal answered with a web page, not a PDF")
    [meeting] = saved(tmp_path, PLAN)
    folder = meeting.with_suffix("")
    for document, role in documents[PLAN].items():
        pdf = folder / f"{document}.pdf"
        if document == first_attachment:
            assert not pdf.exists()
            continue
        assert pdf.read_bytes().startswith(b"%PDF-")
        assert export_role(pdf) == (meeting, role)  # the build indexes attachments, not the items' own PDFs

    portal.always.clear()
    portal.requests.clear()
    report, _ = run(portal, tmp_path, attachments=True)
    assert portal.pdf_requests() == [f"/Vis/Pdf/bilag/{first_attachment}"]  # only the one missing
    assert portal.meeting_requests() == [] and len(report.pdfs) == 1


# -- pieces ------------------------------------------------------------------------------------------
def test_throttle_spaces_requests_by_one_over_the_rate():
    now = [0.0]
    waits = []

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 3))
        now[0] += seconds

    throttle = Throttle(4, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        throttle.wait()
    now[0] += 1.0  # a pause longer than the interval: no wait
    throttle.wait()
    assert waits == [0.25, 0.25]


def test_the_rate_limit_holds_against_the_server(portal, tmp_path):
    import time

    started = time.monotonic()
    harvest(portal.url, tmp_path, rate=20)  # 5 requests: 4 intervals of 50 ms at least
    assert time.monotonic() - started >= 0.2


def test_committee_folder_names_spell_danish_letters_as_greve_does():
    assert committee_slug("Klima-, Teknik- og Miljøudvalget") == "klima-teknik-og-miljoeudvalget"
    assert committee_slug("Byråd 2022-2025") == "byraad-2022-2025"
    assert committee_slug("Spørgsmål/svar til byrådet 2022-2025") == "spoergsmaal-svar-til-byraadet-2022-2025"
    assert committee_slug(".Økonomiudvalget") == "oekonomiudvalget"
    assert committee_slug("../..") == "udvalg"


# -- the command line, and the build after it ------------------------------------------------------------
@pytest.fixture
def hashing_build(monkeypatch):
    """The CLI's build with the hashing embedder (tests/fakes.py): no model is loaded."""
    from indexer.build import run as build_module

    from .fakes import HashEmbedder

    monkeypatch.setattr(build_module, "build", functools.partial(build_module.build, embedder=HashEmbedder()))


def test_cli_harvests_then_builds_and_a_rebuild_needs_no_network(portal, tmp_path, hashing_build):
    from click.testing import CliRunner
    from reportlab.pdfgen import canvas

    from indexer.cli import main
    from indexer.search.archive import Archive

    from .fakes import HashEmbedder

    for raw in portal.meetings.values():  # real PDFs for the attachments, so the build reads them
        for document in pdf_documents(json.loads(raw)):
            pdf = tmp_path / f"{document}.pdf"
            page = canvas.Canvas(str(pdf))
            page.drawString(60, 760, f"Bilag {document[:8]}: lokalplan, høringssvar og indsigelser.")
            page.save()
            portal.pdfs[document] = pdf.read_bytes()
    archive, index = tmp_path / "archive", tmp_path / "index"
    args = ["harvest", portal.url, "--archive", str(archive), "--index", str(index), "--attachments", "--rate", "0"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()  # the progress bars go to stderr
    roles = [role for raw in portal.meetings.values() for role in pdf_documents(json.loads(raw)).values()]
    attachments = roles.count("attachment")
    assert lines[0].startswith(f"4 new meetings, 0 replaced, 0 unchanged, 0 failed; {len(roles)} PDFs fetched in ")
    assert lines[-1].startswith(f"{4 + attachments} indexed, 0 unchanged")  # the items' own PDFs are not indexed

    meetings = Archive.open(index, embedder=HashEmbedder())
    found = meetings.meeting_of(f"{HOST}/oekonomiudvalget/2023-04-17_{OEKONOMI}.json")
    assert found is not None and found.body == "Økonomiudvalget" and found.system == "firstagenda"
    plan = meetings.meeting_of(f"{HOST}/plan-og-tryghedsudvalget/2023-08-23_{PLAN}.json")
    plan_attachments = {d for d, role in pdf_documents(json.loads(portal.meetings[PLAN])).items() if role == "attachment"}
    assert {Path(a).stem for a in plan.attachments} == plan_attachments  # linked to their meeting
    from indexer.alerts.audit import entries

    assert [e.action for e in entries(index)][:1] == ["harvest"]  # with an index, the harvest is in its audit log

    portal.requests.clear()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert portal.requests == ["/api/agenda/udvalgsliste"]
    assert result.stdout.strip().splitlines()[-1].startswith(f"0 indexed, {4 + attachments} unchanged")


def test_a_harvest_writing_to_a_log_says_now_and_then_where_it_is_and_so_does_its_build(portal, tmp_path,
                                                                                        hashing_build, monkeypatch):
    from click.testing import CliRunner

    from indexer.build import progress
    from indexer.cli import main

    monkeypatch.setattr(progress, "LOG_EVERY", 0.0)  # a line at every step, not every 30 seconds
    result = CliRunner().invoke(main, ["harvest", portal.url, "--archive", str(tmp_path / "a"), "--index",
                                       str(tmp_path / "i"), "--rate", "0"])
    assert result.exit_code == 0, result.output
    logged = result.stderr.splitlines()
    assert any(re.fullmatch(r"harvest: asked for \d of 4 meetings \(\d+s\)", line) for line in logged), logged
    assert any(line.startswith("build: ") for line in logged), logged


def test_cli_exits_2_when_some_meetings_failed_and_keeps_the_others(portal, tmp_path, hashing_build):
    from click.testing import CliRunner

    from indexer.cli import main

    portal.always[portal.meeting_path(OEKONOMI)] = "500"
    result = CliRunner().invoke(main, ["harvest", portal.url, "--archive", str(tmp_path / "a"),
                                       "--no-build", "--rate", "0", "--retries", "0"])
    assert result.exit_code == 2, result.output  # a scheduled run sees that something failed
    assert result.stdout.startswith("3 new meetings, 0 replaced, 0 unchanged, 1 failed in ")
    assert not saved(tmp_path / "a", OEKONOMI) and len(list((tmp_path / "a" / HOST).rglob("*_*.json"))) == 3


def test_cli_a_harvest_where_every_meeting_failed_ends_on_its_own_line_not_a_builds_error(portal, tmp_path,
                                                                                          hashing_build):
    from click.testing import CliRunner

    from indexer.cli import main

    for mid in portal.meetings:
        portal.always[portal.meeting_path(mid)] = "500"
    result = CliRunner().invoke(main, ["harvest", portal.url, "--archive", str(tmp_path / "a"), "--index",
                                       str(tmp_path / "i"), "--rate", "0", "--retries", "0"])
    assert result.exit_code == 1 and "4 failed" in result.stdout
    assert "no records found" not in result.output and not (tmp_path / "i").exists()


def test_cli_no_build_and_errors_are_one_line(portal, tmp_path, hashing_build, caplog):
    from click.testing import CliRunner

    from indexer.cli import main

    index = tmp_path / "index"
    result = CliRunner().invoke(main, ["harvest", portal.url, "--archive", str(tmp_path / "a"),
                                       "--index", str(index), "--no-build", "--rate", "0",
                                       "--committee", "Økonomiudvalget", "--since", "2023-01-01"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 new meeting, 0 replaced, 0 unchanged, 0 failed in ")
    assert not index.exists()
    assert not [r for r in caplog.records if "audit" in r.getMessage()]  # no index: no audit entry to fail to write
    result = CliRunner().invoke(main, ["harvest", "http://127.0.0.1:9", "--archive", str(tmp_path / "a"),
                                       "--no-build", "--retries", "0"])
    assert result.exit_code == 1
    assert result.stdout == "" and result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: http://127.0.0.1:9/api/agenda/udvalgsliste: the committee list could not")


def test_cli_exits_2_when_some_attachments_failed(portal, tmp_path, hashing_build):
    from click.testing import CliRunner

    from indexer.cli import main

    documents = pdf_documents(json.loads(portal.meetings[PLAN]))
    first, second = [d for d, role in documents.items() if role == "attachment"][:2]
    portal.always[f"/Vis/Pdf/bilag/{first}"] = "html"
    portal.always[f"/Vis/Pdf/bilag/{second}"] = "truncate"
    result = CliRunner().invoke(main, ["harvest", portal.url, "--archive", str(tmp_path / "a"), "--attachments",
                                       "--no-build", "--rate", "0", "--retries", "0"])
    assert result.exit_code == 2, result.output  # every meeting came in, but not every PDF: a cron job sees it
    assert ", 2 failed" in result.stdout and f"attachment {first}: " in result.stdout
    assert len(list((tmp_path / "a" / HOST).rglob("*_*.json"))) == 4


def test_ctrl_c_says_what_this_harvest_saved_and_the_next_goes_on_from_there(portal, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from indexer.cli import main
    from indexer.sources import harvest as harvest_module

    fetch = harvest_module._harvest_meeting
    calls = []

    def ctrl_c_at_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return fetch(*args, **kwargs)

    monkeypatch.setattr(harvest_module, "_harvest_meeting", ctrl_c_at_the_third)
    args = ["harvest", portal.url, "--archive", str(tmp_path / "a"), "--no-build", "--rate", "0"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 130, result.output  # as `build` answers Ctrl-C
    assert result.stderr == "Stopped: this harvest saved 2 meetings (not indexed yet); the next harvest goes on from there.\n"
    assert "Aborted" not in result.output and len(state_of(tmp_path / "a")["meetings"]) == 2

    monkeypatch.setattr(harvest_module, "_harvest_meeting", fetch)
    portal.requests.clear()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and len(portal.meeting_requests()) == 2  # it goes on from there


def test_cli_a_harvest_stopped_by_sigterm_says_what_it_kept_and_exits_143(portal, tmp_path, hashing_build, monkeypatch):
    import os
    import signal

    from click.testing import CliRunner

    from indexer.cli import main
    from indexer.sources import harvest as harvesting

    fetch = harvesting.harvest

    def stopped_midway(*args, progress=None, **options):  # a cron job's timeout while the portal answers
        def killed(stage, done, total):
            if done:
                os.kill(os.getpid(), signal.SIGTERM)
        return fetch(*args, progress=killed, **options)

    monkeypatch.setattr(harvesting, "harvest", stopped_midway)
    before = signal.getsignal(signal.SIGTERM)
    result = CliRunner().invoke(main, ["harvest", portal.url, "--archive", str(tmp_path / "a"), "--index",
                                       str(tmp_path / "i"), "--rate", "0"])
    assert result.exit_code == 143, result.output  # as a shell reports a process SIGTERM ended; Ctrl-C: 130
    assert "Traceback" not in result.output and result.stderr.strip(), result.output
    assert signal.getsignal(signal.SIGTERM) == before  # the previous handler is back
