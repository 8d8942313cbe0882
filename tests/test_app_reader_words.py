"""The reader's own words on the Danish and English screens: Streamlit's menu in Danish, the
timeline's data in the reader's words, numbers and moments as the reader writes them, exports and
citations in the reader's language, follow-up notes that fit their status, checklists named after
what they hold, a case page that helps with a mistyped number, and a meetings list narrowed to a body.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import streamlit

from ui import strings

from .test_app import app, cards, goto, no_errors, open_expander, search, select_period, summary  # noqa: F401
from .test_app_meeting_pages import deferred_files
from .test_app import app_setup, built, dirs, own_dirs, secretariat  # noqa: F401 (fixtures)
from .test_app import follow_up_cards, log_in

# The entries of Streamlit's ⋮ menu and its version line, as the installed frontend words them.
MENU = ("Print", "Record screen", "Stop recording", "Cancel recording", "Rerun", "Auto rerun", "Clear cache",
        "Clear caches", "About", "Get help", "Report a bug", "System", "Light", "Dark", "Made with Streamlit v",
        "Copy version to clipboard", "Copied", "Select all")  # the last: atop every multiselect's list


# -- 1. Streamlit's menu -----------------------------------------------------------------------------------
def test_streamlits_menu_reads_danish_on_the_danish_screen():
    bundle = "".join(path.read_text(encoding="utf-8", errors="ignore") for path in
                     (Path(streamlit.__file__).parent / "static" / "static" / "js").glob("*.js"))
    assert all(f"`{word}`" in bundle for word in MENU), [word for word in MENU if f"`{word}`" not in bundle]
    assert not [word for word in MENU if word not in strings.FRONTEND_DA]
    danish = list(strings.FRONTEND_DA.values())
    assert len(danish) == len(set(danish))  # the English screen takes each Danish word back
    english = strings.frontend_words("en")
    assert english["Udskriv"] == "Print" and english["Lavet med Streamlit v"] == "Made with Streamlit v"



def test_the_uploaders_words_read_danish_on_the_danish_screen():
    bundle = "".join(path.read_text(encoding="utf-8", errors="ignore") for path in
                     (Path(streamlit.__file__).parent / "static" / "static" / "js").glob("*.js"))
    assert "`Upload`" in bundle and " per file`" in bundle  # as the installed frontend words them
    assert strings.FRONTEND_DA["Upload"] == "Vælg fil" and strings.FRONTEND_DA["{} per file"] == "{} pr. fil"


# -- 2. the timeline's data --------------------------------------------------------------------------------
def timeline_spec(at) -> dict:
    return json.loads(at.get("vega_lite_chart")[0].proto.spec)


def test_the_timelines_data_carries_the_readers_words_and_its_brush_still_sets_the_period(dirs):
    at = search(app(mode="lexical"), "Folketinget")
    encoding = timeline_spec(at)["encoding"]
    fields = {encoding[channel]["field"] for channel in ("x", "y", "size")}
    fields |= {tip["field"] for tip in encoding["tooltip"]}
    assert fields == {"Mødedato", "Organ", "Afsnit", "Dokumenter"}  # the headers "Vis data" shows
    at = no_errors(select_period(at, 1559347200000, 1561852800000, field=encoding["x"]["field"]))
    assert str(at.date_input(key="fra").value) == "2019-06-01" and str(at.date_input(key="til").value) == "2019-06-30"
    english = search(app(mode="lexical", lang="en"), "Folketinget")
    assert timeline_spec(english)["encoding"]["x"]["field"] == "Meeting date"


# -- 3. numbers and moments --------------------------------------------------------------------------------
def test_counts_and_decimals_are_written_as_the_reader_writes_them():
    assert strings.text("da", "dec_count", n=2505) == "2.505 beslutninger"
    assert strings.text("en", "dec_count", n=2505) == "2,505 decisions"
    assert strings.text("da", "dec_count", n=1) == "1 beslutning"  # the singular still found
    assert strings.text("da", "results", total="1.200+", query="x", first=1, last=10,
                        seconds=0.0712).endswith("(0,07 s)")
    assert strings.text("en", "results_one", query="x", seconds=0.0712).endswith("(0.07 s)")


def test_the_search_time_has_a_decimal_comma_on_the_danish_screen(dirs):
    assert re.search(r"\(\d+,\d\d s\)$", summary(search(app(mode="lexical"), "Folketinget")))
    assert re.search(r"\(\d+\.\d\d s\)$", summary(search(app(mode="lexical", lang="en"), "Folketinget")))


def test_the_archive_page_says_when_the_index_was_built_as_a_long_date_on_danish_time(dirs):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from indexer import present

    built = json.loads((dirs[1] / "manifest.json").read_text(encoding="utf-8"))["built_at"]  # UTC
    local = datetime.fromisoformat(built).astimezone(ZoneInfo("Europe/Copenhagen"))
    day, hours, minutes = local.date().isoformat(), f"{local.hour:02d}", f"{local.minute:02d}"
    assert local.utcoffset().total_seconds() in (3600, 7200)

    danish = goto(app(), "arkiv").markdown[0].value
    assert danish.endswith(f"bygget {present.long_date(day, strings.WORDING['da'])} kl. {hours}.{minutes}"), danish
    english = goto(app(lang="en"), "arkiv").markdown[0].value
    assert english.endswith(f"built {present.long_date(day, strings.WORDING['en'])}, {hours}:{minutes}"), english


# -- 4. exports and citations in the reader's language -------------------------------------------------
def exported_rows(made: dict, language: str = "da") -> list[list[str]]:
    """The rows of results in the search's CSV export (after its header lines), split as Excel in the
    reader's language splits them (";" in Danish, "," in English)."""
    data = next(call for name, call in made.items() if name and name.endswith(".csv"))()
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";" if language == "da" else ","))
    return lines[lines.index([]) + 2:]


@pytest.mark.parametrize("language, said, not_said", [("en", "proceedings", "forhandlinger"),
                                                      ("da", "forhandlinger", "proceedings")])
def test_the_csv_export_names_the_document_type_as_the_cards_do(dirs, monkeypatch, language, said, not_said):
    made = deferred_files(monkeypatch)
    no_errors(app(q="Folketinget", mode="lexical", **({"lang": "en"} if language == "en" else {})))
    types = {row[4] for row in exported_rows(made, language)}
    assert said in types and not_said not in types, types


def test_the_citation_writes_the_meeting_date_as_the_card_does(dirs):
    english = open_expander(search(app(mode="lexical", lang="en"), "Folketinget"), "ctx_")
    citation = english.code[0].value
    assert re.search(r"^Folketinget, \d{1,2} [A-Z][a-z]+ \d{4}, ", citation), citation
    assert not re.search(r"\d{4}-\d\d-\d\d", citation.split("(file:")[0]), citation
    danish = open_expander(search(app(mode="lexical"), "Folketinget"), "ctx_")
    assert re.search(r"^Folketinget, \d{1,2}\. [a-zæøå]+ \d{4}, ", danish.code[0].value), danish.code[0].value


# -- 5. what "open" means, said over open follow-ups only ---------------------------------------------------
OPEN_NOTE = "Åben: sekretariatet har ikke markeret den som udført eller afvist."


def test_the_note_on_open_follow_ups_is_not_said_over_done_ones(own_dirs, secretariat):
    at = goto(log_in(app()), "beslutninger")
    at.segmented_control(key="d_view").set_value("follow_ups").run()
    assert any(c.value.startswith(OPEN_NOTE) for c in at.caption)
    # what an overdue mark is measured against: the archive's latest meeting, named
    assert any(re.search(r"Frist overskredet: fristen faldt før arkivets seneste møde \(\d{1,2}\. [a-zæøå]+ \d{4}\)",
                         c.value) for c in at.caption), [c.value for c in at.caption]
    next(b for b in at.button if b.key and b.key.startswith("done_")).click().run()
    at.segmented_control(key="d_status").set_value("done").run()
    assert len(follow_up_cards(no_errors(at))) == 1
    captions = [c.value for c in at.caption]
    assert not [c for c in captions if "Åben:" in c] and any("»Taget op igen«" in c for c in captions), captions


# -- 6. the checklist's file named after what it holds ------------------------------------------------------
def test_a_checklists_file_name_spells_the_body_and_day_in_ascii():
    from ui.common import file_slug

    assert file_slug("Sundheds- og Ældreudvalget", "2026-12-05") == "sundheds-og-aeldreudvalget-2026-12-05"
    assert file_slug("Børne- og Skoleudvalget", "Plan-, Miljø/Klima", "2026-12-05") == \
        "boerne-og-skoleudvalget-plan-miljoe-klima-2026-12-05"
    assert file_slug(None, "2026-12-05") == "2026-12-05"
