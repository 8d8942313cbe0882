"""What the app says in few words: filter options with their counts, a count of one in the singular."""
from ui.filters import _label


def test_a_filter_option_shows_its_count_and_marks_a_lower_bound():
    assert _label("Folketinget", 91) == "Folketinget (91)"
    assert _label("Folketinget", 91, complete=False) == "Folketinget (91+)"
    assert _label("Folketinget", None, complete=False) == "Folketinget"
    assert _label("Byråd", 0, complete=False) == "Byråd"  # none in a pool cut short: no "(0+)"
    assert _label("Byråd", 0) == "Byråd (0)"


def test_a_count_of_one_is_said_in_the_singular():
    from ui.strings import TEXT, text

    assert text("da", "people_attended", n=1) == "Til stede ved 1 møde"
    assert text("da", "people_attended", n=3) == "Til stede ved 3 møder"
    assert text("en", "people_missed", n=1) == "Absent from 1 meeting"
    assert all(key.removesuffix("_one") in strings for strings in TEXT.values() for key in strings)


def test_a_report_opens_as_a_whole_document_and_minutes_as_a_whole_meeting():
    from ui.cards import whole_key

    assert whole_key("referat") == whole_key("forhandlinger") == whole_key(None) == "whole_meeting_for"
    assert whole_key("rapport") == whole_key("brev") == whole_key("notat") == "whole_document_for"


def test_a_conference_programme_opens_as_a_whole_document_as_its_page_reads_in_sections():
    from ui.cards import whole_key
    from ui.minutes import MEETING_RECORDS

    assert whole_key("program") == whole_key("årsrapport") == "whole_document_for"
    assert "program" not in MEETING_RECORDS and whole_key("dagsordenspunkt") == "whole_meeting_for"


def test_every_action_the_audit_log_records_has_words_in_both_languages():
    import re
    from pathlib import Path

    from ui.strings import TEXT

    root = Path(__file__).resolve().parents[1]
    recorded = set()
    for path in [*root.glob("indexer/**/*.py"), *root.glob("ui/*.py")]:
        recorded |= set(re.findall(r"\b(?:record|audit)\([^,()]*?,?\s*\"([a-z_]+)\"", path.read_text(encoding="utf-8")))
    assert {"follow", "confirm", "login"} <= recorded
    for language in ("da", "en"):
        assert {a for a in recorded if f"action_{a}" not in TEXT[language]} == set(), language


def test_every_reason_a_file_is_skipped_for_is_worded_in_both_languages():
    from indexer.errors import REASONS
    from ui.strings import TEXT

    for language, strings in TEXT.items():
        assert [code for code in REASONS if f"reason_{code}" not in strings] == [], language


def test_a_reading_librarys_english_message_is_said_in_danish_or_marked_as_its_technical_message():
    from ui.strings import library_detail

    assert library_detail("da", "Stream has ended unexpectedly") == "filen slutter før tid"
    assert library_detail("da", "JSON ends early: truncated download?") == \
        "teknisk besked: JSON ends early: truncated download?"
    assert library_detail("en", "Stream has ended unexpectedly") == "Stream has ended unexpectedly"
