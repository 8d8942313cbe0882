"""After a build: an opened `Archive` and the time in; per follow, what is new since its last
check recorded in `follow_matches` out (a `CollectReport`).

New means: in documents whose content a collect run saw for the first time after the
follow's last check (run numbers, see `indexer.store.follows`). A document is *fresh* to a
follow when its path too was first seen after the check; otherwise it replaces a version of
itself the follow may have seen (a corrected meeting, an agenda at the same path that became
minutes), and only what that path never held before the check is news in it: its paragraphs
whose text (case and spacing aside) is new there, marked `changed` (a correction is told as one), and its
decisions not stated there before (`alert_texts`, noted per path by `Store.register_documents`). Per kind:
- search: the paragraphs of new documents that the saved search finds (above its floor), in a
  replacing document only the new paragraphs;
- body: each meeting of the body with fresh records, and the new decisions (a replacing
  document's meeting is not new again; an agenda that became minutes brings its decisions);
- case: fresh documents of the case (or agenda items of it in fresh minutes), and their
  decisions; in a replacing document the agenda items of the case with new paragraphs, and
  new decisions;
- document: its follow-ups marked done/dismissed since, and later (new) paragraphs taking them
  up again.

Idempotent: a match is stored once per follow (by a key made from its words), and a second
run sees no document as new, so running it twice adds nothing. A follow whose body, case or
document is no longer indexed is reported (once to its owner, as a "problem" match) and the
run goes on. A follow still waiting for its address to confirm it (`indexer.alerts.confirm`)
is not checked.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from indexer.alerts.citations import (
    decision_payload,
    document_payload,
    follow_up_payload,
    hit_payload,
    meeting_payload,
    text_key,
)
from indexer.alerts.entries import item_text, with_copies
from indexer.alerts.follows import ArchiveNames, alert_store, expire_pending, follow_problem, saved_filters, utc_now
from indexer.errors import ArchiveError
from indexer.ingest.bodies import round_step
from indexer.store.follows import Follow, decision_key, paragraph_key

Match = tuple[str, str, dict]  # (kind, key, payload)


@dataclass
class CollectReport:
    """What one collect run did."""

    run: int = 0
    checked: int = 0
    added: dict[int, int] = field(default_factory=dict)  # follow id -> matches added
    problems: list[tuple[int, str]] = field(default_factory=list)  # (follow id, why)

    def summary(self) -> str:
        text = f"collect run {self.run}: {self.checked} follows checked, {sum(self.added.values())} new matches"
        return text + "".join(f"\n  follow {fid}: {why}" for fid, why in self.problems)


def collect(archive, now: datetime | str | None = None) -> CollectReport:
    """Record, per follow, what is new since its last check (see the module's docstring)."""
    at = utc_now(now)
    report = CollectReport()
    with alert_store(archive.index_dir) as store:
        with store.writing():
            report.run = run = store.next_collect_run()
            store.register_documents(run)
            expire_pending(store, at)
        with store.reading():
            # a pending follow waits for its address: once confirmed, what came since it was made is new to it
            follows = [f for f in store.follows() if not f.pending]
            first_runs = store.first_runs()
        if not follows:
            return report
        records = {d["path"]: d for d in archive.documents()}
        names = ArchiveNames.of(archive, store)
        texts: dict[str, dict[str, int]] = {}  # path -> its text keys' first runs, read once per run
        for follow in follows:
            new = [p for p, first in first_runs.items() if first > follow.checked_run and p in records]
            for path in new:
                if path not in texts:
                    with store.reading():
                        texts[path] = store.text_runs(path)
            news = _News(follow.checked_run, first_runs, texts)
            problem = follow_problem(follow, names)
            try:
                matches = [] if problem else _matches(archive, follow, sorted(new), records, news)
            except ArchiveError as exc:  # e.g. the model cannot be loaded: try again next run
                report.problems.append((follow.id, str(exc)))
                continue
            if problem:
                report.problems.append((follow.id, problem))
                matches = [("problem", text_key(problem), {"kind": "problem", "text": problem})]
            with store.writing():
                added = store.add_matches(follow.id, matches, at)
                store.set_checked(follow.id, at, run, problem)
            report.checked += 1
            if added:
                report.added[follow.id] = added
    return report


@dataclass(frozen=True)
class _News:
    """What is new to one follow (checked up to run `since`) in a document whose content is new."""

    since: int
    first_runs: dict[str, int]  # path -> the run that first saw its content
    texts: dict[str, dict[str, int]]  # path -> text key -> the run that first saw it at that path

    def fresh(self, path: str) -> bool:
        """The path itself was first seen after the check (not a new version of a known document)."""
        return self.texts.get(path, {}).get("", self.first_runs[path]) > self.since

    def _new(self, path: str, key: str) -> bool:
        # a text not noted (noted only when its content was): as new as its document's content
        return self.texts.get(path, {}).get(key, self.first_runs[path]) > self.since

    def paragraph(self, path: str, text: str) -> bool:
        return self._new(path, paragraph_key(text))

    def marked(self, payload: dict) -> dict:
        """A paragraph's payload, marked `changed` where its document replaces a version of itself: new words in
        a corrected meeting are told as a correction, not as a new find."""
        return {**payload, "changed": True} if not self.fresh(payload["document"]) else payload

    def decision(self, decision) -> bool:
        return self._new(decision.document, decision_key(decision.item_number, decision.text))


def _matches(archive, follow: Follow, new: list[str], records: dict[str, dict], news: _News) -> list[Match]:
    if follow.kind == "search":
        return _search_matches(archive, follow, new, records, news)
    if follow.kind == "body":
        return _body_matches(archive, follow, [p for p in new if records[p].get("body") == follow.target],
                             records, news)
    if follow.kind == "case":
        return _case_matches(archive, follow, new, records, news)
    return _document_matches(archive, follow, new, news)


def _search_matches(archive, follow: Follow, new: list[str], records: dict[str, dict], news: _News) -> list[Match]:
    filters = saved_filters(follow.filters)
    wanted = [p for p in new if filters.admits(records[p].get("body"), records[p].get("doc_type"), p,
                                               records[p].get("meeting_date"))]
    if not wanted:
        return []
    results = archive.search(follow.query, k=None, mode=follow.mode or "hybrid",
                             filters=replace(filters, documents=tuple(wanted)))
    found = [(text_key(hit.text), hit_payload(hit)) for hit in results.hits if news.paragraph(hit.document, hit.text)]
    # each cited by its earliest new copy, naming the others: alike in every language and in the feed
    cited = with_copies(archive, [payload for _, payload in found], records, set(wanted))
    return [("paragraph", key, news.marked(payload)) for (key, _), payload in zip(found, cited)]


def _decision_matches(archive, documents: list[str], records: dict[str, dict], news: _News) -> list[Match]:
    return [("decision", text_key(d.body, d.meeting_date, d.item_number, d.text),
             decision_payload(d, records.get(path)))
            for path in documents for d in archive.decisions(document=path) if news.decision(d)]


def _body_matches(archive, follow: Follow, new: list[str], records: dict[str, dict], news: _News) -> list[Match]:
    # A meeting with fresh records (the agenda, later the minutes): one match per fresh set of
    # records; a new version of a record already seen brings only its new decisions.
    meetings: dict[tuple, list[str]] = {}
    for path in (p for p in new if news.fresh(p)):
        date = records[path].get("meeting_date")
        meetings.setdefault((date, path if date is None else None), []).append(path)
    matches: list[Match] = []
    for (date, _), paths in meetings.items():
        meeting = archive.meeting_of(paths[0])
        if meeting is not None:
            matches.append(("meeting", text_key(follow.target, date, *sorted(paths)),
                            meeting_payload(meeting, records, paths)))
    return matches + _decision_matches(archive, new, records, news)


def _case_matches(archive, follow: Follow, new: list[str], records: dict[str, dict], news: _News) -> list[Match]:
    matches: list[Match] = []
    documents: list[str] = []
    # in the case trail's order: by meeting date, on one day committee → Økonomiudvalg → Byråd
    new = sorted(new, key=lambda path: (records[path].get("meeting_date") or "9999",
                                        round_step(records[path].get("body")), path))
    for path in new:
        record = records[path]
        fresh = news.fresh(path)
        if fresh and record.get("case_number") == follow.target:
            opening = next((h.text for h in archive.document(path) if h.text.strip()), "")
            matches.append(("document", text_key(record.get("content_hash") or path),
                            document_payload(record, opening)))
            documents.append(path)
            continue
        # Minutes of many cases: the agenda items of this case (where paragraphs carry their item's case number).
        # A new version of a document of the case: its items with new paragraphs, like minutes'.
        items: dict[str | None, list] = {}
        of_case: set[str | None] = set()
        for hit in archive.document(path):
            if hit.case_number == follow.target:
                of_case.add(hit.item_number)
                if fresh or news.paragraph(path, hit.text):
                    items.setdefault(hit.item_number, []).append(hit)
        # one match per item, shown by its text (not the item's heading, nor its decision, which the digest
        # adds as the decision: not its words twice)
        stated = archive.decisions(document=path) if of_case else []
        decided = {d.paragraph_id for d in stated}
        matches += [("paragraph", text_key(hit.text), news.marked(hit_payload(hit)))
                    for hit in (item_text([h for h in found if h.id not in decided] or found) for found in items.values())]
        if of_case:
            decisions = [d for d in stated
                         if (d.item_number in of_case or record.get("case_number") == follow.target)
                         and news.decision(d)]
            matches += [("decision", text_key(d.body, d.meeting_date, d.item_number, d.text),
                         decision_payload(d, record)) for d in decisions]
    return matches + _decision_matches(archive, documents, records, news)


def _document_matches(archive, follow: Follow, new: list[str], news: _News) -> list[Match]:
    tracked = archive.follow_ups(document=follow.target, status=None)
    since = _time(follow.checked_at)
    matches: list[Match] = []
    for t in tracked:
        if t.mark is not None and _time(t.mark.marked_at) > since:
            matches.append(("follow_up", text_key(t.follow_up.id, t.status, t.mark.marked_at), follow_up_payload(t)))
    later = set(new) - {follow.target}
    # a later paragraph can only take a promise up again in a document new since the check; a promise the
    # secretariat has closed (done, dismissed) is news no more, and each open one is told where it came back
    # first (as the follow-up list says it), not at each later item like it
    open_ones = [t for t in tracked if t.status == "open"]
    if later and open_ones:
        for t, links in zip(open_ones, archive.follow_ups_links(open_ones)):
            link = links[0] if links else None
            if link is not None and link.document in later and news.paragraph(link.document, link.text):
                matches.append(("follow_up_link", text_key(t.follow_up.id, link.text), follow_up_payload(t, link=link)))
    return matches


def _time(value: str) -> datetime:
    """An ISO time as an aware datetime (a time without zone is UTC, as the store writes them)."""
    return datetime.fromisoformat(utc_now(value))
