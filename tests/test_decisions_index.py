"""Decisions and follow-ups in a built index: stored with their document and replaced with
it; marks that survive incremental builds, changed files and --rebuild; "taken up again"
links; search within decisions or follow-ups; the meeting view; the checklist export and
the CLI. Indexes are built with the hashing embedder: no model is loaded."""
from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from dataclasses import replace

import numpy as np
import pytest
from click.testing import CliRunner

from indexer import present
from indexer.build.run import build
from indexer.ingest.catalog import load_catalog
from indexer.cli import main
from indexer.minutes.decisions import extract_decisions
from indexer.errors import InvalidInput
from indexer.minutes.followups import extract_followups
from indexer.minutes.takeups import describe
from indexer.ingest.pipeline import ingest_file
from indexer.records import Filters
from indexer.search.archive import Archive
from indexer.store import Store

from .fakes import DIMENSION, HashEmbedder, hashed_vector
from .paths import SAMPLE_ARCHIVE

DIALOGFORUM = "minutes/000_e9b7192dbc8b80a1.txt"
SOCIALUDVALGET = "minutes/002_c6494850ffb86ef0.txt"
FOLKETINGET = "folketinget-2015-07-02-1200.txt"
# A promise in the Socialudvalget minutes, and its sentence as written there.
PROMISE = "vil Socialforvaltningen udarbejde en"


def copy_archive(root):
    for name in (DIALOGFORUM, SOCIALUDVALGET):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE_ARCHIVE / name, root / name)
    shutil.copy(SAMPLE_ARCHIVE / "folketinget" / FOLKETINGET, root / FOLKETINGET)
    shutil.copy(SAMPLE_ARCHIVE / "catalog.csv", root / "catalog.csv")
    return root


@pytest.fixture
def decisions_archive(tmp_path):
    """Minutes with decisions and promises: Dialogforum, Socialudvalget, a parliament sitting, the catalog."""
    return copy_archive(tmp_path / "archive")


@pytest.fixture(scope="module")
def shared_index(tmp_path_factory):
    """One index for the tests that change neither files nor marks."""
    root = tmp_path_factory.mktemp("shared")
    build(copy_archive(root / "archive"), root / "index", embedder=HashEmbedder())
    return root / "index"


@pytest.fixture
def index_dir(tmp_path):
    return tmp_path / "index"


def run_build(decisions_archive, index_dir, embedder=None, **options):
    return build(decisions_archive, index_dir, embedder=embedder or HashEmbedder(), **options)


@pytest.fixture
def first_build(decisions_archive, index_dir, built_copy):
    """`decisions_archive` built into `index_dir`: a copy of both as built once a session."""
    shutil.rmtree(decisions_archive)
    built_copy("decisions", lambda root: run_build(copy_archive(root / "archive"), root / "index"),
               decisions_archive.parent)


def opened(index_dir, embedder=None) -> Archive:
    return Archive.open(index_dir, embedder=embedder or HashEmbedder())


def extracted(decisions_archive, name):
    record, paragraphs = ingest_file(decisions_archive / name, root=decisions_archive, catalog=load_catalog(decisions_archive))
    record.path = name
    for paragraph in paragraphs:
        paragraph.document = name
    return extract_decisions(record, paragraphs), extract_followups(record, paragraphs)


def promise_of(archive: Archive, fragment: str = PROMISE):
    return next(t for t in archive.follow_ups(status=None) if fragment in t.follow_up.text)


def test_decisions_and_follow_ups_are_stored_with_their_document(decisions_archive, index_dir):
    report = run_build(decisions_archive, index_dir)
    archive = opened(index_dir)
    for name in (DIALOGFORUM, SOCIALUDVALGET, FOLKETINGET):
        decisions, follow_ups = extracted(decisions_archive, name)
        assert archive.decisions(document=name) == decisions
        assert [t.follow_up for t in archive.follow_ups(document=name, status="all")] == follow_ups
    assert report.decisions == len(archive.decisions()) > 0
    assert report.follow_ups == len(archive.follow_ups(status=None)) > 0
    assert {t.status for t in archive.follow_ups(status=None)} == {"open"}
    tracked = promise_of(archive)
    assert tracked.title == "Udvikling af aktivitets- og samværstilbud til københavnere med psykiske lidelser"
    assert tracked.case_number == "2015-0135051"


def test_a_changed_file_replaces_its_rows_and_keeps_the_marks_of_unchanged_promises(decisions_archive, index_dir,
                                                                                    first_build):
    archive = opened(index_dir)
    before = promise_of(archive)
    archive.mark_follow_up(before.follow_up.id, "done", note="plan received")
    decisions_before = archive.decisions(document=SOCIALUDVALGET)
    archive.close()

    path = decisions_archive / SOCIALUDVALGET
    path.write_text(path.read_text(encoding="utf-8")
                    + "\n\nForvaltningen vender tilbage med en oversigt over ventelisterne.\n", encoding="utf-8")
    report = run_build(decisions_archive, index_dir)
    assert report.indexed == [SOCIALUDVALGET]
    archive = opened(index_dir)
    after = promise_of(archive)
    assert after.follow_up.id == before.follow_up.id
    assert (after.status, after.mark.note) == ("done", "plan received")
    added = promise_of(archive, "oversigt over ventelisterne")
    assert added.status == "open"
    # decisions are replaced, not added to: same statements, new ids (the content changed)
    decisions_after = archive.decisions(document=SOCIALUDVALGET)
    assert [d.text for d in decisions_after] == [d.text for d in decisions_before]
    assert {d.id for d in decisions_after}.isdisjoint({d.id for d in decisions_before})
    assert len(archive.follow_ups(status=None, document=SOCIALUDVALGET)) == \
        len(extracted(decisions_archive, SOCIALUDVALGET)[1])


def test_marks_survive_incremental_builds_and_rebuilds(decisions_archive, index_dir, first_build):
    archive = opened(index_dir)
    promise = promise_of(archive).follow_up.id
    archive.mark_follow_up(promise, "dismissed")
    archive.close()
    for options in ({}, {"rebuild": True}):
        run_build(decisions_archive, index_dir, **options)
        archive = opened(index_dir)
        assert archive.follow_up(promise).status == "dismissed", options
        assert promise not in {t.follow_up.id for t in archive.follow_ups()}  # default: open only
        archive.close()


def test_a_mark_follows_its_minutes_filed_in_another_folder(decisions_archive, index_dir, first_build):
    archive = opened(index_dir)
    promise = promise_of(archive).follow_up.id
    archive.mark_follow_up(promise, "done", note="klaret")
    archive.close()
    (decisions_archive / "filed").mkdir()
    (decisions_archive / SOCIALUDVALGET).rename(decisions_archive / "filed" / "socialudvalget.txt")
    run_build(decisions_archive, index_dir)
    archive = opened(index_dir)
    moved = promise_of(archive)
    assert moved.follow_up.document == "filed/socialudvalget.txt" and moved.follow_up.id != promise
    assert (moved.status, moved.mark.note) == ("done", "klaret")
    # the other follow-ups of the minutes stay open, and the mark is there to return with the file
    assert all(t.status == "open" for t in archive.follow_ups(status=None, document="filed/socialudvalget.txt")
               if t.follow_up.id != moved.follow_up.id)
    assert archive.follow_up_marks()[promise].status == "done"
    # the id an older checklist printed is no longer one, and marking by it says which one it is now
    with pytest.raises(InvalidInput, match=f"it is now {moved.follow_up.id!r}"):
        archive.mark_follow_up(promise, "dismissed")
    archive.close()


def test_a_mark_whose_promise_leaves_the_index_waits_for_it_to_return(decisions_archive, index_dir, first_build):
    archive = opened(index_dir)
    promise = promise_of(archive).follow_up.id
    archive.mark_follow_up(promise, "done")
    archive.close()

    path = decisions_archive / SOCIALUDVALGET
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(PROMISE, "vil Socialforvaltningen udarbejde et udkast til en"), encoding="utf-8")
    run_build(decisions_archive, index_dir)
    archive = opened(index_dir)
    assert archive.follow_up(promise) is None  # reworded: a new promise, open
    assert promise_of(archive, "udkast til en").status == "open"
    assert archive.follow_up_marks()[promise].status == "done"  # kept, orphaned
    archive.close()

    path.unlink()
    run_build(decisions_archive, index_dir)
    archive = opened(index_dir)
    assert archive.follow_ups(status=None, document=SOCIALUDVALGET) == []
    assert archive.decisions(document=SOCIALUDVALGET) == []
    archive.close()

    path.write_text(original, encoding="utf-8")
    run_build(decisions_archive, index_dir)
    assert opened(index_dir).follow_up(promise).status == "done"


def test_an_index_from_before_extraction_is_filled_on_its_next_build_without_embedding(decisions_archive, index_dir,
                                                                                       first_build):
    archive = opened(index_dir)
    decisions, follow_ups = archive.decisions(), archive.follow_ups(status=None)
    archive.close()
    with sqlite3.connect(index_dir / "archive.sqlite") as conn:  # what an older index lacks
        for table in ("decisions", "follow_ups", "extracted", "follow_up_marks"):
            conn.execute(f"DROP TABLE {table}")
    archive = opened(index_dir)
    assert archive.decisions() == [] and archive.follow_ups() == []
    archive.close()
    embedder = HashEmbedder()
    report = run_build(decisions_archive, index_dir, embedder)
    assert embedder.passages == 0 and report.indexed == []
    archive = opened(index_dir)
    assert archive.decisions() == decisions
    assert [t.follow_up for t in archive.follow_ups(status=None)] == [t.follow_up for t in follow_ups]


def test_new_extraction_rules_extract_again_on_the_next_build_without_embedding(decisions_archive, index_dir,
                                                                                  first_build, monkeypatch):
    import indexer.build.run as run

    with sqlite3.connect(index_dir / "archive.sqlite") as conn:  # as an upgrade finds it: no rules recorded
        conn.execute("ALTER TABLE extracted DROP COLUMN rules")
        conn.execute("UPDATE follow_ups SET what = 'stale' WHERE 1")
    archive = opened(index_dir)
    assert {t.follow_up.what for t in archive.follow_ups(status=None)} == {"stale"}
    archive.close()
    embedder = HashEmbedder()
    report = run_build(decisions_archive, index_dir, embedder)
    assert embedder.passages == 0 and report.indexed == []
    archive = opened(index_dir)
    assert "stale" not in {t.follow_up.what for t in archive.follow_ups(status=None)}
    archive.close()
    with sqlite3.connect(index_dir / "archive.sqlite") as conn:
        conn.execute("UPDATE follow_ups SET what = 'stale' WHERE 1")
    run_build(decisions_archive, index_dir)  # the same rules: nothing extracted again
    assert {t.follow_up.what for t in opened(index_dir).follow_ups(status=None)} == {"stale"}
    monkeypatch.setattr(run, "RULES_VERSION", "other rules")
    run_build(decisions_archive, index_dir)
    assert "stale" not in {t.follow_up.what for t in opened(index_dir).follow_ups(status=None)}


def test_the_meeting_view_keeps_the_minutes_order_and_the_stored_ids(shared_index):
    archive = opened(shared_index)
    meeting = archive.meeting_of(DIALOGFORUM)
    # in reading order: Dialogforum's items, then its joint meeting's with Socialudvalget, numbered from 1 again
    numbers = [int(item.number) for item in meeting.items]
    again = next(i for i in range(1, len(numbers)) if numbers[i] < numbers[i - 1])
    assert numbers[:again] == sorted(numbers[:again]) and numbers[again:] == sorted(numbers[again:])
    assert numbers[again] == 1 and len(numbers[:again]) >= 5
    stored = [t.follow_up.id for t in archive.follow_ups(status=None, document=DIALOGFORUM)]
    shown = [f.id for item in meeting.items for f in item.follow_ups] + [f.id for f in meeting.unplaced_follow_ups]
    assert sorted(shown) == sorted(stored)
    listed = archive.meetings()
    assert [m.date for m in listed] == ["2015-07-02", None, None]
    assert listed[0].documents == (FOLKETINGET,) and listed[0].decisions == len(archive.decisions(document=FOLKETINGET))
    assert archive.meeting("Folketinget", "2015-07-02").documents == [FOLKETINGET]
    assert archive.meeting("Folketinget", "1999-01-01") is None and archive.meeting_of("nowhere.txt") is None


def test_search_within_decisions_or_follow_ups_returns_only_those(shared_index):
    index_dir = shared_index
    archive = opened(index_dir)
    found = archive.decisions(query="vedtaget", mode="lexical")
    assert found and all(d in archive.decisions() for d in found)
    # those whose own words hold it first, then those of the items whose text holds it
    holding = ["vedtag" in archive.paragraph(d.paragraph_id).text.lower() for d in found]
    assert holding[0] and holding == sorted(holding, reverse=True)
    # a word of the minutes that no decision paragraph holds: the decisions of its agenda item
    about = archive.decisions(query="præsentationsrunde", mode="lexical")
    items = {(h.document, h.item_title) for h in archive.search("præsentationsrunde", mode="lexical", k=None).hits}
    assert all((d.document, d.item_title) in items for d in about)
    promises = archive.follow_ups(query="forelagt", status=None, mode="lexical")
    assert promises and all("forelagt" in archive.paragraph(t.follow_up.paragraph_id).text for t in promises)
    with _store(index_dir) as store:
        kept = set(store.ids_matching(Filters(kind="decisions")))
        decision_paragraphs = {d.paragraph_id for d in archive.decisions()}
        assert {h.id for h in store.hits(list(kept)).values()} == decision_paragraphs


class _store:
    def __init__(self, index_dir):
        self.store = Store.open(index_dir)

    def __enter__(self) -> Store:
        return self.store

    def __exit__(self, *exc) -> None:
        self.store.close()


class KeywordEmbedder(HashEmbedder):
    """Texts about rent on residential homes embed alike; any other text by its hash."""

    def _vector(self, text: str) -> np.ndarray:
        if "huslej" in text.lower() and "bosted" in text.lower():
            vector = np.zeros(DIMENSION, dtype=np.float32)
            vector[0] = 1.0
            return vector
        return hashed_vector(text)

    def embed_passages(self, texts, **_options) -> np.ndarray:
        self.passages += len(texts)
        return np.stack([self._vector(t) for t in texts]) if len(texts) else np.zeros((0, DIMENSION), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


def test_a_promise_links_to_its_own_bodys_later_meeting_first_then_any_body_first_in_time(tmp_path):
    root = tmp_path / "archive"
    root.mkdir()
    texts = {
        "before.txt": ("Socialudvalget", "2019-01-10", "Huslejen på bostederne blev nævnt kort."),
        "promise.txt": ("Socialudvalget", "2019-03-07",
                        "Forvaltningen vender tilbage med en oversigt over huslejen på bostederne."),
        "other.txt": ("Borgerrepræsentationen", "2019-05-02", "Huslejen på bostederne blev drøftet i salen."),
        "later.txt": ("Socialudvalget", "2019-08-27", "Oversigten over huslejen på bostederne blev fremlagt."),
        "unrelated.txt": ("Socialudvalget", "2019-09-01", "Budgettet for cykelstier blev godkendt."),
    }
    rows = ["path,title,body,meeting_date,doc_type,case_number,document_date,attachment_to"]
    for name, (body, date, text) in texts.items():
        (root / name).write_text(f"Referat\n\n{text}\n", encoding="utf-8")
        rows.append(f"{name},Referat {name},{body},{date},referat,,,")
    (root / "catalog.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    embedder = KeywordEmbedder()
    build(root, tmp_path / "index", embedder=embedder)
    archive = Archive.open(tmp_path / "index", embedder=embedder)
    tracked = archive.follow_ups(links=True)
    assert len(tracked) == 1
    links = tracked[0].links
    # the promising body's own most similar later meeting first (SAME_BODY_FLOOR), then any body's by date
    assert [link.document for link in links] == ["later.txt", "other.txt"]
    assert links[0].same_body and not links[1].same_body
    assert describe(tracked[0].follow_up, links).endswith(f" on 2019-08-27 (later.txt, {links[0].paragraph_id})")
    assert ("possibly" in describe(tracked[0].follow_up, links)) == links[0].lead
    assert archive.follow_up_links(tracked[0].follow_up.id) == links


def test_marking_rejects_unknown_ids_and_statuses(decisions_archive, index_dir, first_build):
    archive = opened(index_dir)
    promise = promise_of(archive).follow_up.id
    with pytest.raises(InvalidInput, match="no follow-up with id 'fu-nope'"):
        archive.mark_follow_up("fu-nope", "done")
    with pytest.raises(InvalidInput, match="unknown status 'finished'"):
        archive.mark_follow_up(promise, "finished")
    with pytest.raises(InvalidInput, match="unknown status 'all'"):
        archive.mark_follow_up(promise, "all")
    with pytest.raises(InvalidInput, match="unknown outcome"):
        archive.decisions(outcome="won")
    assert archive.follow_up_marks() == {}
    assert archive.mark_follow_up(promise, "done").status == "done"
    assert archive.mark_follow_up(promise, "open").status == "open" and archive.follow_up_marks() == {}


# -- the command line --------------------------------------------------------------------------
def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_the_command_lines_decision_and_follow_up_lines_cite_the_items_title_and_case_number():
    # a journalist quoting "punkt 7  recommended  1. Anbefales." could not tell which item it was
    from indexer.present.terminal import decision_line, follow_up_line
    from indexer.records import Decision, FollowUp

    decision = Decision(id="d", document="ptu/2022-08-16.json", body="Plan- og Tryghedsudvalget",
                        meeting_date="2022-08-16", item_number="7", item_title="Placeringsforslag for Lunas Ark",
                        text="1. Anbefales.", outcome="recommended", paragraph_id="p", case_number="22-001739")
    assert decision_line(decision) == ("2022-08-16  Plan- og Tryghedsudvalget  punkt 7  Placeringsforslag for Lunas "
                                       "Ark · sag 22-001739  recommended  1. Anbefales.  [ptu/2022-08-16.json]")
    promise = FollowUp(id="fu-1", document="ptu/2022-08-16.json", body="Plan- og Tryghedsudvalget",
                       meeting_date="2022-08-16", item_number="7", item_title="Placeringsforslag for Lunas Ark",
                       text="Administrationen vender tilbage med en plan.", who="administrationen",
                       what="vender tilbage med en plan", deadline=None,
                       paragraph_id="p", case_number="22-001739")
    assert "punkt 7  Placeringsforslag for Lunas Ark · sag 22-001739  administrationen:" in follow_up_line(promise, "open")
    assert "  punkt 7  recommended  " in decision_line(replace(decision, item_title=None, case_number=None))


def test_cli_lists_marks_and_prints_json(decisions_archive, index_dir, first_build):
    archive = opened(index_dir)
    promise = promise_of(archive).follow_up.id

    listed = json.loads(cli("decisions", "--index", index_dir, "--json").output)
    assert listed == {"decisions": [d.to_json() for d in archive.decisions()], "total": len(archive.decisions())}
    only = json.loads(cli("decisions", "--index", index_dir, "--body", "Folketinget", "--json").output)
    assert only["total"] >= 1 and {d["body"] for d in only["decisions"]} == {"Folketinget"}

    result = cli("followups", "--index", index_dir, "mark", promise, "done", "--note", "plan received")
    assert result.exit_code == 0 and result.output == f"{promise}: done\n"
    done = json.loads(cli("followups", "--index", index_dir, "--status", "done", "--json").output)
    assert done["total"] == 1
    assert (done["follow_ups"][0]["id"], done["follow_ups"][0]["status"], done["follow_ups"][0]["note"]) == \
        (promise, "done", "plan received")
    still_open = json.loads(cli("followups", "--index", index_dir, "--json").output)
    assert promise not in {f["id"] for f in still_open["follow_ups"]}
    assert still_open["total"] == len(archive.follow_ups(status=None)) - 1
    assert cli("followups", "--index", index_dir, "unmark", promise).output == f"{promise}: open\n"

    meetings = json.loads(cli("meetings", "--index", index_dir, "--json").output)
    assert meetings["total"] == 3 and meetings["meetings"][0]["date"] == "2015-07-02"
    meeting = json.loads(cli("meeting", SOCIALUDVALGET, "--index", index_dir, "--json").output)
    assert meeting["documents"] == [SOCIALUDVALGET] and meeting["items"][0]["number"] == "3"
    assert promise in {f["id"] for item in meeting["items"] for f in item["follow_ups"]}
    # a mark shows in the meeting's view too, as on the app's meeting page
    cli("followups", "--index", index_dir, "mark", promise, "dismissed")
    meeting = json.loads(cli("meeting", SOCIALUDVALGET, "--index", index_dir, "--json").output)
    assert {f["id"]: f["status"] for item in meeting["items"] for f in item["follow_ups"]}[promise] == "dismissed"
    assert f"follow-up {promise} [dismissed]: " in cli("meeting", SOCIALUDVALGET, "--index", index_dir).output


def test_the_command_line_takes_the_apps_danish_words_for_a_status_or_an_outcome(shared_index):
    index_dir = shared_index
    for args, danish in ((["decisions", "--outcome", "approved"], ["decisions", "--outcome", "Godkendt"]),
                         (["decisions", "--outcome", "noted"], ["decisions", "--outcome", "taget til efterretning"]),
                         (["followups", "--status", "all"], ["followups", "--status", "alle"]),
                         (["followups", "--status", "open"], ["followups", "--status", "åben"])):
        said = cli(args[0], "--index", index_dir, *args[1:], "--json")
        assert said.exit_code == 0 and (json.loads(said.output)["total"] > 0 or args[-1] == "noted"), args
        assert cli(danish[0], "--index", index_dir, *danish[1:], "--json").output == said.output, danish
    promise = promise_of(opened(index_dir)).follow_up.id
    try:
        assert cli("followups", "--index", index_dir, "mark", promise, "udført").output == f"{promise}: done\n"
    finally:
        cli("followups", "--index", index_dir, "unmark", promise)


@pytest.mark.parametrize("args, message", [
    (["followups", "--status", "finished"], "unknown status 'finished'"),
    (["followups", "mark", "fu-nope", "done"], "no follow-up with id 'fu-nope'"),
    (["followups", "mark", "PROMISE", "finished"], "unknown status 'finished'"),
    (["decisions", "--outcome", "won"], "unknown outcome 'won'"),
    (["decisions", "--from", "2015-13-01"], "is not a calendar date"),
    (["meeting"], "give a document path, or --body and --date"),
    (["meeting", "nowhere.txt"], "no meeting of 'nowhere.txt'"),
])
def test_cli_bad_input_is_one_line(shared_index, args, message):
    index_dir = shared_index
    promise = promise_of(opened(index_dir)).follow_up.id
    args = [promise if a == "PROMISE" else a for a in args]
    result = cli(args[0], "--index", index_dir, *args[1:])
    assert result.exit_code == 1, result.output
    assert result.output.count("\n") == 1 and message in result.output


def test_the_checklist_export_cites_each_open_promise_exactly(decisions_archive, index_dir, first_build):
    archive = opened(index_dir)
    done = promise_of(archive)
    archive.mark_follow_up(done.follow_up.id, "done")
    open_ones = archive.follow_ups()
    assert open_ones

    markdown = cli("followups", "--index", index_dir, "--export", "md").output
    boxes = [line for line in markdown.splitlines() if line.startswith("- [")]
    assert len(boxes) == len(open_ones) and all(line.startswith("- [ ] ") for line in boxes)
    sources = [line for line in markdown.splitlines() if line.startswith("  Kilde: ")]
    for tracked in open_ones:  # as the secretariat cites: body, long date, title, item; no file path
        fu = tracked.follow_up
        day = present.long_date(fu.meeting_date) or "udateret"
        assert any(line.startswith(f"  Kilde: {fu.body}, {day}, {tracked.title}, punkt {fu.item_number}")
                   for line in sources), fu
    assert not any(tracked.follow_up.document in line for tracked in open_ones for line in sources)
    # the one marked done is not on the checklist
    assert done.follow_up.id not in {t.follow_up.id for t in open_ones}
    assert not any(" ".join(done.follow_up.what.split()) in " ".join(line.split()) for line in boxes)

    raw = CliRunner().invoke(main, ["followups", "--index", str(index_dir), "--export", "csv"]).stdout_bytes
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "id")
    table = [dict(zip(rows[header], row)) for row in rows[header + 1:]]
    assert [row["id"] for row in table] == [t.follow_up.id for t in open_ones]
    for row, tracked in zip(table, open_ones):
        assert row["organ"] == tracked.follow_up.body and row["punkt"] == (tracked.follow_up.item_number or "")
        assert tracked.title in row["kildehenvisning"] and row["afsnits-id"] == tracked.follow_up.paragraph_id
    body = open_ones[0].follow_up.body  # a body's checklist says whose it is, as the app's does
    titled = CliRunner().invoke(main, ["followups", "--index", str(index_dir), "--body", body, "--export", "csv"])
    assert titled.stdout_bytes.decode("utf-8-sig").splitlines()[0] == f"Åbne opfølgninger · {body}"
    # in English, as the app's English screen exports it
    english = cli("followups", "--index", index_dir, "--export", "md", "--language", "en").output
    assert "  Source: " in english and "  Kilde: " not in english
    assert len([line for line in english.splitlines() if line.startswith("- [ ] ")]) == len(open_ones)


def test_an_extractor_failure_indexes_the_document_and_extracts_it_on_the_next_build(
        decisions_archive, index_dir, monkeypatch):
    def broken(record, paragraphs):
        raise ValueError("a rule tripped")

    monkeypatch.setattr("indexer.build.run.listed_followups", broken)
    report = run_build(decisions_archive, index_dir)
    assert len(report.indexed) == 3 and report.decisions == report.follow_ups == 0
    monkeypatch.undo()
    embedder = HashEmbedder()
    report = run_build(decisions_archive, index_dir, embedder)
    assert embedder.passages == 0 and report.follow_ups == len(opened(index_dir).follow_ups(status=None)) > 0


def test_a_decision_search_finds_the_decisions_of_the_items_whose_title_it_names(tmp_path):
    # "Anbefales." says nothing of Lunas Ark; its agenda item's title does.
    from .firstagenda import write_meeting

    item = ("23-000001", "Lunas Ark - ny placering", [("Beslutning", "Anbefales.")])
    write_meeting(tmp_path / "archive", "Økonomiudvalget", "2023-01-09",
                  [item, ("23-000002", "Budgetopfølgning", [("Beslutning", "Godkendt.")])])
    write_meeting(tmp_path / "archive", "Byrådet", "2023-01-30",
                  [("23-000001", "Lunas Ark - ny placering", [("Beslutning", "Godkendt.")])])
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    archive = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    found = archive.decisions(query="Lunas ark")
    assert sorted((d.body, d.outcome) for d in found) == [("Byrådet", "approved"), ("Økonomiudvalget", "recommended")]
    # by its title, every word of the query, not one
    assert not [d for d in archive.decisions(query="Lunas ark budget") if "Lunas" in d.item_title]


def test_a_decision_search_lists_each_cases_decisions_together_as_the_case_went(tmp_path):
    # "Villa Sitka": the Byråd's decision stood eighth, after another case's; on one day committee → ØU → Byråd
    from .firstagenda import write_meeting

    def item(case: str, title: str, decided: str) -> tuple:
        return (case, title, [("Sagsbeskrivelse", f"Sagen om {title} forelægges."), ("Beslutning", decided)])

    write_meeting(tmp_path / "archive" / "by", "Byrådet", "2022-12-12",
                  [item("22-000001", "Villa Sitka, afklaring", "Byrådet godkendte Økonomiudvalgets indstilling.")])
    write_meeting(tmp_path / "archive" / "ku", "Kultur- og Fritidsudvalget", "2022-12-12",
                  [item("22-000001", "Villa Sitka, afklaring", "Anbefales.")], at="08:00")
    write_meeting(tmp_path / "archive" / "oe", "Økonomiudvalget", "2022-12-12",
                  [item("22-000001", "Villa Sitka, afklaring", "Anbefales.")], at="12:00")
    write_meeting(tmp_path / "archive" / "ku", "Kultur- og Fritidsudvalget", "2023-05-24",
                  [item("23-000002", "Status på Villa Sitka", "Godkendt.")])
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    found = Archive.open(tmp_path / "index", embedder=HashEmbedder()).decisions(query="Villa Sitka", mode="lexical")
    steps = [(d.case_number, d.body) for d in found]
    first = [step for step in steps if step[0] == "22-000001"]
    assert first == [("22-000001", "Kultur- og Fritidsudvalget"), ("22-000001", "Økonomiudvalget"),
                     ("22-000001", "Byrådet")]
    at = steps.index(first[0])
    assert steps[at:at + 3] == first  # together


def test_a_decision_search_on_a_matter_finds_the_decisions_of_the_items_that_discuss_it(tmp_path):
    # "Anbefales." and the item's title say nothing of rent; the item's text does
    from .firstagenda import write_meeting

    rent = ("23-007223", "Plejecentre - rengøring", [
        ("Sagsbeskrivelse", "Beboerne på plejecentrene får huslejestigninger, når rengøringen lægges over i lejen."),
        ("Beslutning", "Anbefales.")])
    write_meeting(tmp_path / "archive", "Økonomiudvalget", "2023-08-28",
                  [rent, ("23-000002", "Budgetopfølgning", [("Beslutning", "Godkendt.")])])
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    archive = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    found = archive.decisions(query="huslejestigninger", mode="lexical")
    assert [(d.item_title, d.text) for d in found] == [("Plejecentre - rengøring", "Anbefales.")]


def test_a_meeting_counts_and_lists_a_decision_its_item_pdf_states_again_once(tmp_path):
    from .paths import sample_copy

    archive = sample_copy(tmp_path / "archive", ["pdfs/ballerup_sfu_referat_2012-12-04.pdf",
                                                 "pdfs/ballerup_sfu_2012-12-04_punkt02_bygningsvedligeholdelse.pdf"])
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    opened = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    try:
        [meeting] = opened.meetings()
        stated = opened.decisions(body="Sundheds- og Forebyggelsesudvalget")
        # the minutes' 8; item 2's again in its own PDF is the minutes' (they state every item)
        assert meeting.decisions == 8 == len(stated) == len({d.item_number for d in stated})
        assert {d.document for d in stated} == {"pdfs/ballerup_sfu_referat_2012-12-04.pdf"}
    finally:
        opened.close()


def test_a_marks_note_reaches_the_exports_and_the_command_lines_list(decisions_archive, index_dir, first_build):
    # notes kept with marks ('Løst; 2,5 årsværk bevilget "jf." BO3') were in the JSON only
    archive = opened(index_dir)
    promise = promise_of(archive).follow_up.id
    note = 'Løst; 2,5 årsværk bevilget "jf." BO3'
    archive.mark_follow_up(promise, "done", note=note, by="Søs Ærø")
    day = archive.follow_up(promise).mark.marked_at
    from indexer.present.moments import readers_day

    raw = CliRunner().invoke(main, ["followups", "--index", str(index_dir), "--status", "all", "--export", "csv"])
    rows = list(csv.reader(io.StringIO(raw.stdout_bytes.decode("utf-8-sig")), delimiter=";"))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "id")
    [row] = [dict(zip(rows[header], r)) for r in rows[header + 1:] if r[0] == promise]
    assert (row["note"], row["markeret af"], row["markeret"]) == (note, "Søs Ærø", readers_day(day))
    markdown = cli("followups", "--index", index_dir, "--status", "all", "--export", "md").output
    assert f"  Note: {note}" in markdown and "markeret udført " in markdown and "Søs Ærø" in markdown
    assert markdown.startswith("# Opfølgninger\n")  # every status, not "Åbne opfølgninger"
    done = cli("followups", "--index", index_dir, "--status", "done", "--export", "md").output
    assert done.startswith("# Opfølgninger (udført)\n")
    listed = cli("followups", "--index", index_dir, "--status", "done").output
    assert f"marked done by Søs Ærø on {readers_day(day)}: {note}" in listed
    [shown] = json.loads(cli("followups", "--index", index_dir, "--status", "done", "--json").output)["follow_ups"]
    assert (shown["note"], shown["marked_by"]) == (note, "Søs Ærø")


def test_an_item_title_names_a_matter_when_it_holds_every_word_of_it():
    from indexer.search.minutes import titles_naming

    names = titles_naming("om Klub Havana")
    assert names("Klub Havana - frigivelse af anlægsmidler")
    assert not names("Orientering fra formanden/gensidig orientering")
    assert not names("Klubtilbud i Greve")  # one word of two
    assert not titles_naming("Klub Havana")(None) and not titles_naming("om")("Klub Havana")  # nothing to name


def test_a_questions_matter_is_searched_in_the_questions_language(shared_index, monkeypatch):
    from indexer.search.query import Query, decision_matter, question_language

    # "What did the committee decide about the waste plan?": "waste plan" alone read as Danish found local plans
    question = "What did the committee decide about the waste plan?"
    assert (decision_matter(question), question_language(question)) == ("waste plan", "en")
    assert Query.analyse("waste plan", language="en").translations  # read as English: its Danish words searched too
    archive = opened(shared_index)
    searched = []
    original = archive.search
    monkeypatch.setattr(archive, "search", lambda query, **kw: searched.append(query) or original(query, **kw))
    archive.decisions(query="waste plan", language="en")
    assert searched and all(isinstance(q, Query) and q.language == "en" for q in searched)
    searched.clear()
    archive.decisions(query="affaldsplanen")  # no language given: the words as typed, their language told from them
    assert "affaldsplanen" in searched
    archive.close()


def test_a_decision_search_puts_the_items_named_by_the_query_before_those_that_mention_it(tmp_path):
    from .firstagenda import write_meeting

    write_meeting(tmp_path / "archive", "Økonomiudvalget", "2023-01-09", [
        ("23-000009", "Huskeliste og orientering", [("Beslutning", "Udvalget ønsker en orientering om Lunas Ark.")]),
        ("23-000001", "Lunas Ark - ny placering", [("Beslutning", "Anbefales.")])])
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    archive = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    found = archive.decisions(query="Lunas Ark", mode="lexical")
    assert [d.item_title for d in found] == ["Lunas Ark - ny placering", "Huskeliste og orientering"]
