"""When a promise is due, and the follow-up list as the secretariat keeps it: the open ones first,
oldest first, an overdue one marked (its deadline passed), in the list, its JSON and its exports."""
from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from click.testing import CliRunner

from indexer import present
from indexer.build.run import build
from indexer.cli import main
from indexer.minutes.deadlines import deadline_date, due_date, named_day
from indexer.search.archive import Archive

from .fakes import HashEmbedder
from .firstagenda import write_meeting


@pytest.mark.parametrize("deadline, due", [
    ("den 12. december 2022", "2022-12-12"),
    ("på mødet den 30. maj 2023", "2023-05-30"),
    ("den 10. august", "2023-08-10"),  # said in November 2022: next August
    ("8/1-2024", "2024-01-08"),
    ("i oktober", "2023-10-31"),
    ("i august måned", "2023-08-31"),
    ("i november", "2022-11-30"),  # the meeting's own month
    ("primo september", "2023-09-10"),
    ("medio juni 2023", "2023-06-20"),
    ("ultimo oktober 2015", "2015-10-31"),
    ("i første kvartal 2024", "2024-03-31"),
    ("i 1. kvartal", "2023-03-31"),
    ("i fjerde kvartal 2022", "2022-12-31"),
    ("i foråret", "2023-06-30"),
    ("i efteråret 2022", "2022-12-31"),
    ("i sommer 2023", "2023-08-31"),
    ("inden sommerferien", "2023-06-30"),
    ("efter sommerferien", "2023-09-30"),
    ("i starten af 2023", "2023-03-31"),
    ("primo 2024", "2024-03-31"),
    ("medio 2024", "2024-07-31"),
    ("ultimo 2023", "2023-12-31"),
    ("i slutningen af 2022", "2022-12-31"),
    ("i løbet af 2023", "2023-12-31"),
    ("i 2024", "2024-12-31"),
    ("til næste år", "2023-12-31"),
    ("på næste møde", "2022-12-06"),
    ("på førstkommende møde", "2022-12-06"),
])
def test_a_deadline_as_written_falls_due_on_its_last_day(deadline, due):
    assert due_date(deadline, "2022-11-15", next_meeting="2022-12-06") == due


@pytest.mark.parametrize("deadline", [None, "", "på et kommende møde", "når ansøgningerne er behandlet",
                                      "inden udgangen af det", "hurtigst muligt"])
def test_a_deadline_that_names_no_time_is_never_due(deadline):
    assert due_date(deadline, "2022-11-15", next_meeting="2022-12-06") is None


def test_next_meeting_without_a_known_next_meeting_and_a_month_without_a_date_are_not_guessed():
    assert due_date("på næste møde", "2022-11-15") is None
    assert due_date("i oktober", None) is None and due_date("i oktober 2023", None) == "2023-10-31"


# -- the list ---------------------------------------------------------------------------------
BODY = "Socialudvalget"
LATE = "Administrationen vender tilbage med en plan for busruterne i marts 2022."
EARLY = "Administrationen vender tilbage med en status på ventelisterne i oktober 2030."
NEXT = "Administrationen vender tilbage med en opgørelse af udgifterne på næste møde."


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("deadlines")
    write_meeting(root / "archive", BODY, "2022-01-10", [
        ("22-000001", "Busruter", [("Beslutning", f"Godkendt. {LATE}")]),
        ("22-000002", "Udgifter", [("Beslutning", f"Godkendt. {NEXT}")])])
    write_meeting(root / "archive", BODY, "2022-02-07", [
        ("22-000003", "Ventelister", [("Beslutning", f"Godkendt. {EARLY}")])])
    write_meeting(root / "archive", BODY, "2022-06-13", [("22-000009", "Andet", [("Beslutning", "Godkendt.")])])
    build(root / "archive", root / "index", embedder=HashEmbedder())
    return Archive.open(root / "index", embedder=HashEmbedder())


def by_text(found):
    return {t.follow_up.text: t for t in found}


def test_open_follow_ups_come_first_and_oldest_first_with_overdue_ones_marked(archive, tmp_path):
    found = archive.follow_ups(today="2023-01-01")
    assert [t.follow_up.text for t in found] == [LATE, NEXT, EARLY]
    marks = by_text(found)
    assert (marks[LATE].due, marks[LATE].overdue) == ("2022-03-31", True)
    assert (marks[NEXT].due, marks[NEXT].overdue) == ("2022-02-07", True)  # the body's next meeting
    assert (marks[EARLY].due, marks[EARLY].overdue) == ("2030-10-31", False)
    assert not by_text(archive.follow_ups(today="2022-03-01"))[LATE].overdue
    assert marks[LATE].to_json()["overdue"] is True and marks[LATE].to_json()["due"] == "2022-03-31"



def test_a_deadline_after_the_archives_last_meeting_is_not_called_overdue(archive):
    # the last meeting indexed is 13 June 2022: whether October 2030's status came, the archive cannot tell
    marks = by_text(archive.follow_ups(today="2031-01-01"))
    assert (marks[EARLY].due, marks[EARLY].overdue) == ("2030-10-31", False)
    assert marks[LATE].overdue


def test_a_follow_up_marked_done_is_never_overdue_and_comes_after_the_open_ones(tmp_path, archive):
    import shutil

    shutil.copytree(archive.index_dir, tmp_path / "index")
    mine = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    late = by_text(mine.follow_ups())[LATE].follow_up.id
    mine.mark_follow_up(late, "done")
    found = mine.follow_ups(status=None, today="2023-01-01")
    assert [t.follow_up.text for t in found] == [NEXT, EARLY, LATE]
    assert not found[-1].overdue and found[-1].status == "done"


def test_the_checklist_exports_say_which_are_overdue(archive):
    entries = [present.FollowUpEntry(t.follow_up, t.status, (), {"title": t.title, "case_number": t.case_number},
                                     t.overdue, due=t.due) for t in archive.follow_ups(today="2023-01-01")]
    text = present.follow_ups_markdown(entries, "Åbne opfølgninger", "2023-01-01 10:00")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert boxes[0].endswith("frist: i marts 2022 (frist overskredet)") and not boxes[2].endswith("overskredet)")
    # each box's source line ends with the follow-up's id, to mark it from the checklist (`followups mark ID done`)
    sources = [line for line in text.splitlines() if line.startswith("  Kilde: ")]
    assert [line.rsplit(" · ", 1)[1] for line in sources] == [entry.follow_up.id for entry in entries]
    english = present.follow_ups_markdown(entries, "Open", "x", words=present.FOLLOW_UP_WORDS["en"])
    assert "(deadline passed)" in english
    rows = list(csv.reader(io.StringIO(present.follow_ups_csv(entries, "t", "x").decode("utf-8-sig")), delimiter=";"))
    statuses = [row[7] for row in rows[5:]]
    assert statuses == ["åben (frist overskredet)", "åben (frist overskredet)", "åben"]
    assert rows[5][6] == "2022-03-31"  # the day it fell due, to sort by ("i marts 2022")
    assert [row[12] for row in rows[5:]] == ["22-000001", "22-000002", "22-000003"]  # each item's own case


def test_taken_up_is_not_overdue_once_its_links_are_looked_up_even_when_it_came_back_late(archive):
    # The list is made without links; the card and the checklist look them up and must agree.
    from indexer.records import FollowUpLink

    tracked = by_text(archive.follow_ups(today="2023-01-01"))[LATE]
    assert tracked.overdue and tracked.due == "2022-03-31"

    def link(day, rule="case"):
        return FollowUpLink(tracked.follow_up.id, "p", "m.json", BODY, day, 0.9, "Busruter", True, rule=rule)

    assert not tracked.overdue_with([link("2022-03-14")])
    # "taget op igen 9. januar 2023 · senest 31. oktober 2022 · frist overskredet": it came back, late
    assert not tracked.overdue_with([link("2022-06-13")]) and tracked.overdue_with([])
    assert tracked.overdue_with([link("2022-03-14", rule="similar")])  # a lead to check, not a fact


def test_an_overdue_one_with_a_similar_later_item_beside_it_is_overdue_unless_that_item_took_it_up(archive):
    from indexer.records import FollowUpLink

    tracked = by_text(archive.follow_ups(today="2023-01-01"))[LATE]
    lead = FollowUpLink(tracked.follow_up.id, "p", "m.json", BODY, "2022-03-14", 0.9, "Busruter", True, rule="similar")
    entry = present.FollowUpEntry(tracked.follow_up, "open", [lead], None, tracked.overdue_with([lead]))
    [box] = [line for line in present.follow_ups_markdown([entry], "t", "x").splitlines() if line.startswith("- [ ]")]
    assert box.endswith("(frist overskredet, medmindre det lignende punkt tog det op)")
    english = present.follow_ups_markdown([entry], "t", "x", words=present.FOLLOW_UP_WORDS["en"])
    assert "(deadline passed, unless the similar item took it up)" in english
    row = list(csv.reader(io.StringIO(present.follow_ups_csv([entry], "t", "x").decode("utf-8-sig")), delimiter=";"))[5]
    assert row[7] == "åben (frist overskredet, medmindre det lignende punkt tog det op)"
    alone = present.follow_ups_markdown([present.FollowUpEntry(tracked.follow_up, "open", [], None, True)], "t", "x")
    assert "(frist overskredet)\n" in alone  # nothing beside it: overdue, plainly
    # the similar item came by the deadline (14 March, due 31 March): said so, as a secretary would want to know
    in_time = present.FollowUpEntry(tracked.follow_up, "open", [lead], None, True, due=tracked.due)
    [box] = [line for line in present.follow_ups_markdown([in_time], "t", "x").splitlines() if line.startswith("- [ ]")]
    assert box.endswith("(et lignende punkt kom inden fristen; frist overskredet, medmindre det tog det op)")
    late_lead = replace(lead, date="2022-06-13")
    assert present.overdue_label([late_lead], due=tracked.due) == "frist overskredet, medmindre det lignende punkt tog det op"


def test_the_command_line_marks_overdue_ones(archive):
    result = CliRunner().invoke(main, ["followups", "--index", str(archive.index_dir)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "busruterne" in line or "ventelisterne" in line]
    # in the command line's English, as the rest of the line
    assert "[deadline passed: due 2022-03-31]" in lines[0] and "deadline passed" not in lines[1]


def test_the_command_lines_links_say_when_the_case_came_back_where_nothing_took_the_promise_up(tmp_path):
    write_meeting(tmp_path / "archive", BODY, "2022-01-10", [("22-000001", "Busruter", [("Beslutning", f"Godkendt. {LATE}")])])
    write_meeting(tmp_path / "archive", BODY, "2022-02-10", [("22-000001", "Lokalplan for skovområdet",
                                                             [("Beslutning", "Godkendt.")])])
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    result = CliRunner().invoke(main, ["followups", "--index", str(tmp_path / "index"), "--links"])
    assert result.exit_code == 0, result.output
    # as the app's card and the checklist say it: whether that took it up, the reader judges
    assert ("— nothing found since\n    the case was on an agenda again on 10 February 2022 (Socialudvalget, item 1)\n"
            in result.output)


def test_an_index_read_by_older_rules_says_so_until_it_is_built_again(tmp_path):
    from indexer.store import Store

    write_meeting(tmp_path / "archive", BODY, "2022-01-10", [("22-000001", "Busruter", [("Beslutning", f"Godkendt. {LATE}")])])
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    store = Store.open(tmp_path / "index")
    try:
        [document] = [d["path"] for d in store.documents()]
        with store.writing():  # as an index built before the rules changed holds it
            store.add_extraction(document, [], [], "older rules")
    finally:
        store.close()
    result = CliRunner().invoke(main, ["followups", "--index", str(tmp_path / "index")])
    assert result.exit_code == 0 and "0 follow-ups" in result.stdout
    assert "decisions and follow-ups in 1 of the index's documents were read by older rules" in result.stderr
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    result = CliRunner().invoke(main, ["followups", "--index", str(tmp_path / "index")])
    assert "1 follow-up\n" in result.stdout and not result.stderr


@pytest.mark.parametrize("deadline, said, due", [
    ("på næste ordinære møde", "2024-02-05", "2024-03-04"),  # the body's next meeting
    ("på kommende Kultur- og Fritidsudvalgsmøde", "2024-02-05", "2024-03-04"),
    ("i første halvår af 2023", "2022-11-01", "2023-06-30"),
    ("i starten af det nye år", "2023-09-01", "2024-03-31"),
])
def test_a_deadline_the_promise_rules_read_is_due_too(deadline, said, due):
    assert due_date(deadline, said, next_meeting="2024-03-04") == due


# -- one reader: the promise rules and the due dates read a deadline the same way ---------------------
@pytest.mark.parametrize("deadline, said, due", [
    ("i løbet af 4. kvartal 2023", "2023-05-01", "2023-12-31"),
    ("til august eller september 2022", "2022-03-01", "2022-09-30"),  # of two months, the later
    ("i august og september", "2022-03-01", "2022-09-30"),
    ("omkring årsskiftet", "2023-09-01", "2024-01-31"),
    ("inden årsskiftet", "2023-09-14", "2023-12-31"),  # before it, not around it
    ("før årsskiftet", "2023-09-14", "2023-12-31"),
    ("Jan/feb 2024", "2023-05-22", "2024-02-29"),  # a timetable's two months abbreviated: the later
    ("sep.-okt. 2023", "2023-05-22", "2023-10-31"),
    ("Okt. 2022", "2022-02-28", "2022-10-31"),  # one month abbreviated, as a timetable's line opens
    # a year's budget is adopted in October the year before; a budget follow-up runs in its own year
    ("i forbindelse med budget 2024-27", "2023-02-08", "2023-10-31"),
    ("budgetforhandlingerne 2024-2027", "2023-02-08", "2023-10-31"),
    ("budgetopfølgning 2023", "2023-02-08", "2023-12-31"),
    ("sept. 2023", "2023-02-01", "2023-09-30"),
    ("senest 1. juli 2024", "2023-05-01", "2024-07-01"),
    ("i 2. halvår", "2023-09-01", "2023-12-31"),  # a half-year without a year: the next one from the meeting
    ("i første halvår", "2023-09-01", "2024-06-30"),
    ("den 12.januar", "2022-11-14", "2023-01-12"),  # no space after the day's point
    ("8.1.2024", "2023-11-01", "2024-01-08"),  # a numeric date is that day, not its month's end
    ("i sommeren 2022", "2022-10-12", "2022-08-31"),
    ("vinteren 2023", "2023-05-01", "2024-02-29"),
    ("efter nytår", "2023-10-01", "2024-01-31"),
    ("inden budget 2024", "2023-05-01", "2023-10-31"),  # a year's budget: adopted in October the year before
])
def test_one_reader_reads_every_form_either_reader_read(deadline, said, due):
    assert str(deadline_date(deadline, said)) == due
    assert due_date(deadline, said) == due


def test_a_day_without_a_year_just_gone_by_is_past_and_one_further_back_is_next_years():
    assert due_date("på mødet den 3. oktober", "2022-10-10") == "2022-10-03"  # the last meeting, a week before
    assert due_date("den 10. august", "2022-11-15") == "2023-08-10"  # three months and more back: next August
    assert due_date("den 10. januar", "2022-12-05") == "2023-01-10"


def test_a_day_named_wins_over_the_next_meeting():
    assert due_date("på næste møde den 12. december 2022", "2022-11-15", next_meeting="2022-12-06") == "2022-12-12"


def test_the_promise_rules_read_deadlines_with_the_same_reader():
    from indexer.minutes import deadlines, promises

    assert promises.deadline_date is deadlines.deadline_date
    assert promises._is_past("i sommeren 2022", "2022-10-12") and not promises._is_past("i foråret", "2022-10-12")


def test_a_promise_repeated_as_its_case_goes_on_is_listed_once_with_where_it_came_again(tmp_path):
    promise = "Administrationen vender tilbage med en plan for skolevejene i marts 2023."
    item = ("22-000010", "Skoleveje", [("Beslutning", f"Anbefales. {promise}")])
    write_meeting(tmp_path / "archive", "Plan- og Tryghedsudvalget", "2022-10-03", [item])
    write_meeting(tmp_path / "archive", "Økonomiudvalget", "2022-10-24", [item])
    write_meeting(tmp_path / "archive", "Byrådet", "2022-10-31",
                  [item, ("22-000011", "Andet", [("Beslutning", f"Godkendt. {promise}")])])  # another case
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    archive = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    assert len(archive.follow_ups()) == 4
    folded = archive.follow_ups(fold=True)
    assert [(t.follow_up.body, t.follow_up.case_number) for t in folded] == [
        ("Plan- og Tryghedsudvalget", "22-000010"), ("Byrådet", "22-000011")]
    assert [(fu.body, fu.meeting_date) for fu in folded[0].repeated] == [("Økonomiudvalget", "2022-10-24"),
                                                                         ("Byrådet", "2022-10-31")]
    from click.testing import CliRunner

    from indexer.cli import main

    listed = CliRunner().invoke(main, ["followups", "--index", str(tmp_path / "index")]).output
    assert "    the same promise as the case went on: Økonomiudvalget 24 October 2022; Byrådet 31 October 2022" in listed


def _promised_twice(tmp_path, promise: str) -> Archive:
    """An archive where `promise` stands in one case's item at the committee, then at the Økonomiudvalg."""
    item = ("22-000010", "Skoleveje", [("Beslutning", f"Anbefales. {promise}")])
    write_meeting(tmp_path / "archive", "Plan- og Tryghedsudvalget", "2022-10-03", [item])
    write_meeting(tmp_path / "archive", "Økonomiudvalget", "2022-10-24", [item])
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    return Archive.open(tmp_path / "index", embedder=HashEmbedder())


def test_a_follow_up_search_finds_a_promise_by_its_words_in_every_meeting_it_stands_in(tmp_path):
    # the same text in the committee's and the Økonomiudvalg's minutes is one search result, "also in" the other
    archive = _promised_twice(tmp_path, "Administrationen vil ugentligt orientere byrådet om progression i arbejdet "
                                        "via kommunaldirektøren.")
    found = archive.follow_ups(query="ugentligt orientere byrådet om progression", mode="lexical")
    assert sorted(t.follow_up.body for t in found) == ["Plan- og Tryghedsudvalget", "Økonomiudvalget"]


def test_a_promise_repeated_with_other_quotation_marks_is_the_same_promise():
    # case 23-010728: "Marts 2025: Forslag til ’rammelokalplan’ …" at the committee, with "…" at the Økonomiudvalg
    from indexer.records import FollowUp
    from indexer.search.minutes import fold_repeats
    from indexer.store import TrackedFollowUp

    def promised(body: str, day: str, text: str) -> TrackedFollowUp:
        return TrackedFollowUp(FollowUp(id=f"fu-{day}", document=f"{day}.json", body=body, meeting_date=day,
                                        item_number="3", item_title="Rammelokalplan", text=text, who=None, what=text,
                                        deadline="Marts 2025", paragraph_id=f"p-{day}", case_number="23-010728"),
                               "open")

    [entry] = fold_repeats([promised("Plan- og Tryghedsudvalget", "2023-11-14",
                                     "Marts 2025: Forslag til ’rammelokalplan’ i høring."),
                            promised("Økonomiudvalget", "2023-11-27", "Marts 2025: Forslag til \"rammelokalplan\" i høring.")])
    assert [fu.body for fu in entry.repeated] == ["Økonomiudvalget"]


def test_marking_a_folded_promise_marks_it_wherever_its_case_went(tmp_path):
    # marking the entry brought its Økonomiudvalg copy back as a new open entry (807 → 808 entries)
    archive = _promised_twice(tmp_path, "Administrationen vender tilbage med en plan for skolevejene i marts 2023.")
    [entry] = archive.follow_ups(fold=True)
    archive.mark_follow_up(entry.follow_up.id, "done", note="planen kom")
    assert archive.follow_ups(fold=True) == []  # nothing open any more
    [done] = archive.follow_ups(status="done", fold=True)
    assert done.follow_up.id == entry.follow_up.id and [fu.body for fu in done.repeated] == ["Økonomiudvalget"]
    assert len(archive.follow_ups(status=None, fold=True)) == 1
    # the Økonomiudvalg's meeting shows the promise done, as its list does
    assert set(archive.follow_up_statuses([done.repeated[0].document]).values()) == {"done"}
    # marked where it came again instead: the entry the list shows takes that mark
    archive.mark_follow_up(entry.follow_up.id, "open")
    archive.mark_follow_up(entry.repeated[0].id, "dismissed")
    [dismissed] = archive.follow_ups(status="dismissed", fold=True)
    assert dismissed.follow_up.id == entry.follow_up.id and dismissed.mark.status == "dismissed"
    assert len(archive.follow_ups(status=None, fold=False)) == 2  # --every lists each copy with its own mark


@pytest.mark.parametrize("text, said, deadline, due", [
    ("Administrationen vil fremlægge opdateret kapacitetsanalyse politisk i maj/juni, der vurderer behovet.",
     "2022-03-28", "i maj/juni", "2022-06-30"),
    ("Udkastet forventes forelagt udvalget i slutningen af 2022/starten af 2023.", "2022-03-21",
     "i slutningen af 2022/starten af 2023", "2023-03-31"),
    ("En afdækning forventes fremlagt politisk ultimo 2022/primo 2023.", "2022-05-01", "ultimo 2022/primo 2023",
     "2023-03-31"),
    ("Politisk behandling forventes at ske på Byrådets møde i februar/ marts 2023.", "2022-10-01",
     "i februar/ marts 2023", "2023-03-31"),
])
def test_of_two_times_offered_after_a_slash_the_later_is_when_a_promise_is_due(text, said, deadline, due):
    from indexer.minutes.promises import deadline_of

    assert deadline_of(text, said) == deadline and due_date(deadline, said) == due


@pytest.mark.parametrize("text, said, deadline, due", [
    # a range: met until its end, whose year is the range's ("medio november" alone fell due on 20 November)
    ("Høringen sker fra medio november til medio december 2023.", "2023-11-14", "medio december 2023", "2023-12-20"),
    # the political treatment to follow is when it comes back, whenever it is said (not "medio november" 2024)
    ("Dette sker forventeligt fra medio november til medio december 2023, med efterfølgende politisk behandling i "
     "foråret 2024.", "2023-12-11", "i foråret 2024", "2024-06-30"),
])
def test_a_range_is_met_until_its_end_and_a_political_treatment_to_follow_is_when_it_comes_back(text, said, deadline,
                                                                                               due):
    from indexer.minutes.promises import deadline_of

    assert deadline_of(text, said) == deadline and due_date(deadline, said) == due


def test_a_slash_inside_a_date_or_between_years_offers_no_second_time():
    assert due_date("den 8/1-2024", "2023-10-01") == "2024-01-08"
    assert due_date("august/september 2023", "2023-09-14") == "2023-09-30"  # August has September's year


def test_of_two_months_a_promise_names_the_later_is_its_deadline():
    from indexer.minutes.promises import deadline_of

    deadline = deadline_of("Forslaget forelægges udvalget i oktober eller november 2022.", "2022-05-30")
    assert deadline == "i oktober eller november 2022" and due_date(deadline, "2022-05-30") == "2022-11-30"


def test_a_copy_of_the_same_meeting_is_folded_without_being_named_as_where_the_case_came_again(tmp_path):
    promise = "Administrationen vender tilbage med en plan for skolevejene i marts 2023."
    item = ("22-000010", "Skoleveje", [("Beslutning", f"Anbefales. {promise}")])
    write_meeting(tmp_path / "archive", "Plan- og Tryghedsudvalget", "2022-10-03", [item])
    write_meeting(tmp_path / "archive" / "punkter", "Plan- og Tryghedsudvalget", "2022-10-03",  # the item again
                  [item, ("22-000012", "Andet", [("Beslutning", "Godkendt.")])])
    write_meeting(tmp_path / "archive", "Økonomiudvalget", "2022-10-24", [item])
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    [folded] = Archive.open(tmp_path / "index", embedder=HashEmbedder()).follow_ups(fold=True)
    assert [(fu.body, fu.meeting_date) for fu in folded.repeated] == [("Økonomiudvalget", "2022-10-24")]


@pytest.mark.parametrize("deadline, said, day", [
    ("den 21. november 2023", "2023-11-14", "2023-11-21"),
    ("på næste møde den 12. december", "2022-11-28", "2022-12-12"),
    ("8/1-2024", "2023-12-12", "2024-01-08"),
    ("i november 2023", "2023-11-14", None),  # a month: its last day is a deadline, not a day named
    ("i 2. kvartal", "2023-03-01", None),
    (None, "2023-03-01", None),
])
def test_the_day_a_deadline_names(deadline, said, day):
    assert named_day(deadline, said) == day


def test_the_next_meeting_of_the_body_a_deadline_names_is_its_due_date():
    from indexer.records import FollowUp
    from indexer.search.minutes import _mark_overdue
    from indexer.store import TrackedFollowUp

    def tracked(deadline: str) -> TrackedFollowUp:
        return TrackedFollowUp(FollowUp(id="fu", document="sbu.json", body="Skoleudvalget", meeting_date="2022-04-26",
                                        item_number="3", item_title="Skolestruktur", text="…", who=None, what="…",
                                        deadline=deadline, paragraph_id="p"), "open")

    meetings = {"Skoleudvalget": ["2022-04-26", "2022-05-24"], "Økonomiudvalget": ["2022-04-27", "2022-05-09"],
                "Byråd 2022-2025": ["2022-05-16"]}
    found = [tracked("på førstkommende møde i Økonomiudvalget"), tracked("på næste møde"),
             tracked("på byrådets næste møde"), tracked("inden skolestart")]
    _mark_overdue(found, meetings, "2022-06-01", [[] for _ in found])
    assert [t.due for t in found] == ["2022-04-27", "2022-05-24", "2022-05-16", None]


def test_a_month_written_with_maaned_keeps_the_year_after_it():
    from indexer.minutes.promises import deadline_of

    deadline = deadline_of("Sagen forelægges udvalget i februar måned 2022.", "2021-11-01")
    assert deadline == "i februar måned 2022" and due_date(deadline, "2021-11-01") == "2022-02-28"
