"""A meeting system's ordered lists keep their numbers ("1. at …"), as a decision names a
recommendation's points by them; a follow-up's mark survives its list item being numbered."""
from __future__ import annotations

from indexer.build.run import build
from indexer.search.archive import Archive
from indexer.sources.html import html_to_text

from .fakes import HashEmbedder
from .firstagenda import write_meeting


def test_ordered_list_items_are_numbered_as_their_list_shows_them():
    html = ('<p>Administrationen indstiller,</p><ol><li>at planen godkendes</li><li><p>at der følges op</p>'
            '<ul><li>punkt uden nummer</li></ul></li></ol>'
            '<ol start="3" style="list-style-type: lower-alpha;"><li>c-punktet</li></ol>'
            '<ol><li>1. nummereret i teksten</li></ol><ul><li>punkt</li></ul>')
    assert html_to_text(html) == ("Administrationen indstiller,\n\n1. at planen godkendes\n2. at der følges op\n"
                                  "- punkt uden nummer\nc. c-punktet\n- 1. nummereret i teksten\n- punkt")


def test_a_decision_names_the_numbered_points_of_an_ordered_list():
    text = html_to_text("<ol><li>Godkendt.</li><li>Anbefales.</li></ol>")
    assert text == "1. Godkendt.\n2. Anbefales."


PROMISE = "Administrationen vender tilbage med en plan for skolevejene i juni 2023"


def _meeting(folder, listed: str):
    recommendation = f"<{listed}><li>at orienteringen tages til efterretning</li><li>{PROMISE}</li></{listed}>"
    write_meeting(folder, "Skole-, Børne- og Ungeudvalget", "2023-02-07",
                  [("23-001234", "Trafiksikre skoleveje", [("Indstilling", recommendation),
                                                            ("Beslutning", "Godkendt.")])])


def test_a_follow_ups_mark_survives_its_list_item_being_numbered(tmp_path):
    archive_dir, index_dir = tmp_path / "archive", tmp_path / "index"
    _meeting(archive_dir, "ul")
    build(archive_dir, index_dir, embedder=HashEmbedder())
    archive = Archive.open(index_dir, embedder=HashEmbedder())
    [before] = [t for t in archive.follow_ups(status=None) if PROMISE in t.follow_up.text]
    assert before.follow_up.text.startswith("- ")
    archive.mark_follow_up(before.follow_up.id, "done", note="plan vedtaget")
    archive.close()

    _meeting(archive_dir, "ol")  # the same meeting, its recommendation's points numbered
    build(archive_dir, index_dir, embedder=HashEmbedder())
    archive = Archive.open(index_dir, embedder=HashEmbedder())
    [after] = [t for t in archive.follow_ups(status=None) if PROMISE in t.follow_up.text]
    assert not after.follow_up.text.startswith("- ") and after.follow_up.id != before.follow_up.id
    assert (after.status, after.mark.note) == ("done", "plan vedtaget")
    archive.close()


def test_the_command_line_shows_a_decisions_numbered_points_apart(tmp_path):
    from click.testing import CliRunner

    from indexer.cli import main

    archive_dir, index_dir = tmp_path / "archive", tmp_path / "index"
    write_meeting(archive_dir, "Skole-, Børne- og Ungeudvalget", "2023-02-07",
                  [("23-001234", "Trafiksikre skoleveje", [("Beslutning", "<ol><li>Godkendt.</li><li>Anbefales.</li></ol>")])])
    build(archive_dir, index_dir, embedder=HashEmbedder())
    shown = CliRunner().invoke(main, ["meeting", "--index", str(index_dir), "--body", "Skole-, Børne- og Ungeudvalget",
                                      "--date", "2023-02-07"]).output
    assert "1. Godkendt. / 2. Anbefales." in shown, shown
