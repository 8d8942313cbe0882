"""The command line's parsing, without an index: dash queries, one-line errors, help."""
from __future__ import annotations

import sys
import types

import pytest
from click.testing import CliRunner

from indexer.cli import main


@pytest.fixture
def searched(monkeypatch):
    """Run `search` with the archive replaced by a recorder of what was asked."""
    asked: list[dict] = []

    class Recorder:
        @classmethod
        def open(cls, index_dir):
            return cls()

        def search(self, query, **options):
            from indexer.search.query import Query
            from indexer.search.results import SearchResults, count_facets

            asked.append({"query": query, **options})
            return SearchResults(Query.analyse(query), [], 0, count_facets([]), [])

        def known_case(self, text):
            return None

        def check_filters(self, filters, *, lists):
            return filters

    monkeypatch.setattr("indexer.search.archive.Archive", Recorder)
    return asked


@pytest.mark.parametrize("args, queries, k", [
    (["-husleje"], ["-husleje"], 10),
    (["-k", "3", "-husleje"], ["-husleje"], 3),
    (["-husleje", "-k", "3"], ["-husleje"], 3),
    (["-k3", "-h-x"], ["-h-x"], 3),
    (["--", "-k"], ["-k"], 10),
    (["rent", "-personale", "--json"], ["rent", "-personale"], 10),
    (["husleje -kommune", "-kommune husleje", "-k2"], ["husleje -kommune", "-kommune husleje"], 2),  # not "-k ommune"
])
def test_words_starting_with_a_dash_are_queries(searched, args, queries, k):
    result = CliRunner().invoke(main, ["search", *args])
    assert result.exit_code == 0, result.output
    assert [a["query"] for a in searched] == queries and {a["k"] for a in searched} == {k}


def test_all_results_ask_for_every_result(searched):
    CliRunner().invoke(main, ["search", "--all", "husleje"])
    assert searched[0]["k"] is None


def test_nothing_found_is_said(searched):
    result = CliRunner().invoke(main, ["search", "xyzzyqwerty flumbo"])
    assert "no results" in result.output


@pytest.mark.parametrize("queries", [[""], ["   "], ["husleje", ""]])
def test_an_empty_query_is_refused_as_bad_input_not_answered_with_no_results(searched, queries):
    result = CliRunner().invoke(main, ["search", *queries])
    assert result.exit_code == 2 and searched == []
    assert result.output == "Error: the query is empty; give words to search for\n"


@pytest.mark.parametrize("args, named", [
    (["search", "x", "-k", "0"], "'-k': 0 "),
    (["search", "x", "--mode", "fuzzy"], "'fuzzy'"),
    (["search"], "QUERIES"),
    (["meetings", "--form", "2022-01-01"], "--form"),
    (["serach", "x"], "'serach'"),
    (["alerts", "list", "--bogus"], "--bogus"),
    (["search", "x", "-k", "1\n2"], "'1\\n2'"),  # a control character shown escaped: still one line
])
def test_clicks_own_usage_errors_are_one_line_naming_the_value_exit_2(args, named):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ") and named in result.output, \
        result.output


def test_a_command_given_nothing_still_shows_its_help():
    for args in ([], ["alerts"]):
        assert CliRunner().invoke(main, args).output.startswith("Usage: ")


def test_cli_errors_are_one_line(tmp_path):
    result = CliRunner().invoke(main, ["search", "--index", str(tmp_path / "none"), "x"])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "python -m indexer build" in result.output


@pytest.mark.parametrize("command", ["build", "search", "inspect", "eval", "info", "decisions", "followups",
                                     "meetings", "meeting", "adapt", "model"])
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_help_is_still_help():
    assert "Usage" in CliRunner().invoke(main, ["search", "-h"]).output


def test_eval_reports_the_held_out_part_unless_told(monkeypatch):
    asked = {}
    monkeypatch.setattr("indexer.search.archive.Archive.open", classmethod(lambda cls, index_dir: "archive"))
    monkeypatch.setattr("indexer.search.evaluate.load_queries", lambda path, part: asked.setdefault("part", part) and [])
    monkeypatch.setattr("indexer.search.evaluate.evaluate_modes",
                        lambda archive, queries, modes: asked.setdefault("modes", tuple(modes)) and {})
    monkeypatch.setattr("indexer.search.evaluate.format_table", lambda results: "table")
    assert CliRunner().invoke(main, ["eval"]).output == "table\n"
    assert asked == {"part": "heldout", "modes": ("dense", "lexical", "hybrid")}
    asked.clear()
    CliRunner().invoke(main, ["eval", "--part", "tuning", "--mode", "dense"])
    assert asked == {"part": "tuning", "modes": ("dense",)}


def test_build_device_reaches_the_embedder(monkeypatch, tmp_path):
    asked = {}
    monkeypatch.setattr("indexer.build.run.build", lambda *args, **kwargs: asked.update(kwargs) or _Report())
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--index", str(tmp_path / "i"), "--device", "cpu"])
    assert result.exit_code == 0, result.output
    assert asked["device"] == "cpu"


def test_build_on_a_gpu_that_is_missing_is_one_line(monkeypatch, tmp_path):
    # torch as the command sees it on a machine without a GPU (importing the real one takes seconds)
    no_gpu = types.ModuleType("torch")
    no_gpu.cuda = types.SimpleNamespace(is_available=lambda: False)
    monkeypatch.setitem(sys.modules, "torch", no_gpu)
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--index", str(tmp_path / "i"), "--device", "cuda"])
    assert result.exit_code == 2
    assert "no usable GPU" in result.output and "Traceback" not in result.output


def test_a_build_stopped_with_ctrl_c_says_that_the_next_build_goes_on(monkeypatch, tmp_path):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("indexer.build.run.build", interrupted)
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--index", str(tmp_path / "i")])
    assert result.exit_code == 130 and "Aborted" not in result.output
    # stopped before the build began: nothing new was saved (tests/test_build_interrupted_message.py)
    assert result.stderr.strip().startswith("Stopped: nothing new was saved")


class _Report:
    indexed, unchanged, skipped = ["a.txt"], [], []

    def summary(self) -> str:
        return "1 indexed"


def test_the_meeting_and_case_commands_name_item_0_as_the_opening_not_punkt_0(monkeypatch):
    """A sitting's item 0 ("Punkt 0. Punkt 0" in the parliament's data) reads as the app reads it:
    "indledning"; a title that only repeats the number is no title ("punkt 3", not "punkt 3  Punkt 3")."""
    from indexer.minutes.meetings import ItemView, MeetingView
    from indexer.records import Decision
    from indexer.search.cases import CaseStep

    sitting = "folketinget/folketinget-2015-07-03-1300.txt"
    opened = Decision(id="d-1", document=sitting, paragraph_id="p-1", body="Folketinget", meeting_date="2015-07-03",
                      item_number="0", item_title="Punkt 0", outcome="approved", text="Mødet er åbnet.", page=None)
    items = [ItemView("0", "Punkt 0", sitting, None, "p-1", decisions=[opened]),
             ItemView("2", "Tilgængelighed", sitting, None, "p-2"), ItemView("3", "Punkt 3", sitting, None, "p-3")]

    class Stub:
        @classmethod
        def open(cls, index_dir):
            return cls()

        def meeting_of(self, document):
            return MeetingView("Folketinget", "2015-07-03", [sitting], items)

        def case_trail(self, number):
            return [CaseStep(number, "Folketinget", "2015-07-03", sitting, None, "0", "Punkt 0", "p-1",
                             decision=opened)]

        def decisions(self, *args, **options):
            return [opened]

        def follow_up_statuses(self, documents):
            return {}

        def check_filters(self, filters, *, lists):
            return filters

        def read_with_older_rules(self):
            return 0

    monkeypatch.setattr("indexer.search.archive.Archive", Stub)
    for command in (["meeting", sitting], ["case", "15-000001"], ["decisions"]):
        result = CliRunner().invoke(main, [*command, "--index", "index"])
        assert result.exit_code == 0, result.output
        assert "indledning" in result.output and "punkt 0" not in result.output.lower(), result.output
    lines = CliRunner().invoke(main, ["meeting", sitting, "--index", "index"]).output.splitlines()
    assert lines[1:] == ["indledning", "    decision [approved]: Mødet er åbnet.", "punkt 2  Tilgængelighed",
                         "punkt 3"]
