"""The HTTP API (indexer/api) with FastAPI's TestClient on a small index built with the hashing
embedder (no model: searches use lexical mode). The CLI's JSON is the reference for shapes.
"""
from __future__ import annotations

import base64
import dataclasses
import json
import logging
import shutil
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from indexer import roles
from indexer.alerts import Links
from indexer.alerts.follows import alert_store, list_follows
from indexer.api import ApiSettings, create_app
from indexer.api.security import LoginThrottle

from .fakes import HashEmbedder
from .test_alerts import LATER, add_later, built, opened, parts, smtp  # noqa: F401 - smtp: a fixture

PASSWORD = "sekretariatets-kode"
HASH = roles.hash_password(PASSWORD, iterations=1000)  # few iterations: tests, not attackers
LINKS = Links(app_url="https://arkiv.example.dk", api_url="https://api.example.dk",
              documents_url="https://dokumenter.example.dk/")
MINUTES = "socialudvalget/2019-05-02-referat.txt"


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> tuple[Path, Path]:
    """(archive, index) with both builds done, for the tests that change nothing."""
    archive_dir, index_dir = built(tmp_path_factory.mktemp("api"))
    add_later(archive_dir, index_dir)
    return archive_dir, index_dir


@pytest.fixture
def own(tmp_path, built_copy) -> tuple[Path, Path]:
    """A private (archive, index) after the first build, for tests that write: a copy of one built
    once a session."""
    built_copy("alerts-first", built, tmp_path)
    return tmp_path / "archive", tmp_path / "index"


def client_for(index_dir: Path, archive_dir: Path | None = None, *, address: str = "203.0.113.7",
               **settings) -> TestClient:
    values = {"admin_hash": HASH, "reader_token": None, "read_only": False, "links": LINKS}
    values.update(settings)
    app = create_app(ApiSettings(index_dir=index_dir, archive_dir=archive_dir, **values), embedder=HashEmbedder())
    return TestClient(app, client=(address, 50000))


def basic(password: str, user: str = "mette") -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def cli_json(index_dir: Path, *args: str) -> dict:
    from indexer.cli import main

    result = CliRunner().invoke(main, [*args, "--index", str(index_dir), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output.splitlines()[0])


# -- reading -----------------------------------------------------------------------------------------
def test_search_answers_with_the_fields_and_results_of_search_json(shared):
    _, index_dir = shared
    api = client_for(index_dir).get("/search", params={"q": "huslejestigninger", "mode": "lexical", "k": 5})
    assert api.status_code == 200
    cli = cli_json(index_dir, "search", "huslejestigninger", "--mode", "lexical", "-k", "5")
    body = api.json()
    assert {k: body[k] for k in cli} == cli  # every field of the CLI's contract, the same values
    assert body["total"] >= 4 and set(body["results"][0]) >= {"id", "score", "text", "document", "title", "body",
                                                               "date", "page", "item_number", "case_number"}


def test_search_leaves_out_the_results_holding_a_minus_word_as_the_command_line_does(shared):
    _, index_dir = shared
    api = client_for(index_dir)
    plain = api.get("/search", params={"q": "huslejestigninger", "mode": "lexical", "k": 50}).json()
    found = api.get("/search", params={"q": "huslejestigninger -oversigten", "mode": "lexical", "k": 50}).json()
    assert any("oversigt" in h["text"].lower() for h in plain["results"])
    assert found["results"] and not any("oversigt" in h["text"].lower() for h in found["results"])
    assert found["excluded"] == ["oversigten"] and found["total"] < plain["total"] and not found["operators_ignored"]
    cli = cli_json(index_dir, "search", "huslejestigninger -oversigten", "--mode", "lexical", "-k", "50")
    assert {k: found[k] for k in cli} == cli
    alone = api.get("/search", params={"q": "-huslejestigninger"})
    assert alone.status_code == 200 and alone.json()["total"] == 0 and alone.json()["suggestions"] == ["only_excluded"]


def test_search_applies_every_filter_and_pages(shared):
    _, index_dir = shared
    api = client_for(index_dir)
    everything = api.get("/search", params={"q": "huslejestigninger", "mode": "lexical", "k": 50}).json()
    assert {"Dialogforum", "Socialudvalget"} <= {h["body"] for h in everything["results"]}
    social = api.get("/search", params={"q": "huslejestigninger", "mode": "lexical", "k": 50,
                                        "body": "Socialudvalget", "from": "2019-06-01", "to": "2019-06-30"}).json()
    assert social["results"]
    assert {(h["body"], h["date"]) for h in social["results"]} == {("Socialudvalget", "2019-06-06")}
    typed = api.get("/search", params=[("q", "huslejestigninger"), ("mode", "lexical"), ("type", "notat"),
                                       ("document", "sager/2019-0001-notat.txt"),
                                       ("document", "dialogforum/2019-03-01-referat.txt")]).json()
    assert [h["document"] for h in typed["results"]] == ["sager/2019-0001-notat.txt"]
    # the type by the English name the English pages show it by
    memo = api.get("/search", params=[("q", "huslejestigninger"), ("mode", "lexical"), ("type", "memo")]).json()
    assert memo["results"] and {h["doc_type"] for h in memo["results"]} == {"notat"}
    page = api.get("/search", params={"q": "huslejestigninger", "mode": "lexical", "k": 2, "offset": 2}).json()
    assert [h["id"] for h in page["results"]] == [h["id"] for h in everything["results"][2:4]]
    assert page["total"] == everything["total"] and page["offset"] == 2


@pytest.mark.parametrize("params, parameter", [
    ({"q": "husleje", "from": "2019-13-01"}, "from"),
    ({"q": "husleje", "to": "i går"}, "to"),
    ({"q": "husleje", "mode": "fuzzy"}, "mode"),
    ({"q": "husleje", "k": 0}, "k"),
    ({"q": "husleje", "offset": -1}, "offset"),
    ({}, "q"),
])
def test_an_invalid_parameter_is_refused_with_422_naming_it(shared, params, parameter):
    response = client_for(shared[1]).get("/search", params=params)
    assert response.status_code == 422
    assert response.json()["message"].startswith(f"invalid {parameter}:")
    assert response.json()["detail"][0]["loc"][-1] == parameter


@pytest.mark.parametrize("path, params", [
    ("/search", {"q": "husleje", "body": "Finansudvalget"}),
    ("/search", {"q": "husleje", "type": "kontrakt"}),
    ("/decisions", {"body": "Finansudvalget"}),
    ("/followups", {"body": "Finansudvalget"}),
])
def test_a_filter_value_the_archive_does_not_hold_is_422_naming_it_and_the_known_ones(shared, path, params):
    response = client_for(shared[1]).get(path, params=params)
    message = response.json()["message"]
    assert response.status_code == 422
    value = params.get("body") or params["type"]
    assert f"{value!r}" in message
    assert ("Socialudvalget" if "body" in params else "referat") in message.split("the archive has:")[1]


@pytest.mark.parametrize("path, params, unknown, meant", [
    ("/decisions", {"q": "husleje"}, "q", "query"),  # /search's name for the words
    ("/followups", {"q": "husleje"}, "q", "query"),
    ("/search", {"q": "husleje", "organ": "Socialudvalget"}, "organ", "body"),  # the app's address's name
    ("/search", {"q": "husleje", "boddy": "Socialudvalget"}, "boddy", "body"),
    ("/meetings", {"sort": "newest"}, "sort", None),
])
def test_a_parameter_the_endpoint_does_not_take_is_422_naming_it_not_the_whole_list(shared, path, params, unknown,
                                                                                      meant):
    message = one_line_error(client_for(shared[1]).get(path, params=params), 422)
    assert message.startswith(f"unknown parameter {unknown!r}") and f"({path} takes: " in message
    assert (f"did you mean {meant!r}?" in message) if meant else "did you mean" not in message


@pytest.mark.parametrize("path, params", [
    ("/decisions", {}), ("/followups", {"status": "all"}), ("/search", {"q": "huslejestigninger", "mode": "lexical"}),
])
def test_a_body_typed_in_another_case_is_the_archives_body(shared, path, params):
    api = client_for(shared[1])
    spelled = api.get(path, params={**params, "body": "Socialudvalget"}).json()
    typed = api.get(path, params={**params, "body": "socialUDVALGET "})
    assert typed.status_code == 200 and typed.json()["total"] == spelled["total"] > 0


def test_a_date_range_ending_before_it_starts_is_refused(shared):
    response = client_for(shared[1]).get("/decisions", params={"from": "2019-07-01", "to": "2019-06-01"})
    assert response.status_code == 422 and "after" in response.json()["detail"]


def test_a_query_over_2000_characters_is_refused_not_cut(shared):
    api = client_for(shared[1])
    response = api.get("/search", params={"q": "husleje " * 300})
    assert response.status_code == 422 and response.json()["message"].startswith("invalid q:")
    assert "2000" in response.json()["message"]
    assert api.get("/decisions", params={"query": "x" * 2001}).status_code == 422


@pytest.mark.parametrize("q", ["", "   "])
def test_an_empty_query_is_422_saying_so_not_200_with_no_results(shared, q):
    response = client_for(shared[1]).get("/search", params={"q": q})
    assert one_line_error(response, 422) == "invalid q: the query is empty; give words to search for"


def test_unknown_paths_and_ids_are_404(shared):
    api = client_for(shared[1])
    assert api.get("/nowhere").status_code == 404
    assert api.get("/paragraphs/0000000000000000-00000").status_code == 404
    assert api.get("/documents/no/such.pdf").status_code == 404
    assert api.get("/followups/fu-unknown").status_code == 404
    assert api.get("/meeting", params={"body": "Socialudvalget", "date": "1999-01-01"}).status_code == 404


def test_documents_paragraphs_and_context_come_from_the_index(shared):
    _, index_dir = shared
    api = client_for(index_dir)
    documents = api.get("/documents").json()
    assert documents["total"] == 6 and MINUTES in {d["path"] for d in documents["documents"]}
    whole = api.get(f"/documents/{MINUTES}").json()
    assert whole["total"] == len(whole["paragraphs"]) > 3
    middle = whole["paragraphs"][2]
    one = api.get(f"/paragraphs/{middle['id']}", params={"before": 1, "after": 1}).json()
    assert one["paragraph"] == middle
    assert [p["id"] for p in one["context"]] == [p["id"] for p in whole["paragraphs"][1:4]]


def test_meetings_decisions_and_follow_ups_have_the_cli_shapes(shared):
    _, index_dir = shared
    api = client_for(index_dir)
    meetings = api.get("/meetings").json()
    assert {k: meetings[k] for k in ("meetings", "total")} == cli_json(index_dir, "meetings")
    decisions = api.get("/decisions", params={"body": "Socialudvalget"}).json()
    assert {k: decisions[k] for k in ("decisions", "total")} == cli_json(index_dir, "decisions", "--body",
                                                                         "Socialudvalget")
    every = api.get("/followups", params={"status": "all", "fold": "false"}).json()
    assert {k: every[k] for k in ("follow_ups", "total")} == cli_json(index_dir, "followups", "--status", "all")
    meeting = api.get("/meeting", params={"body": "Socialudvalget", "date": "2019-06-06"}).json()
    assert meeting == cli_json(index_dir, "meeting", "--body", "Socialudvalget", "--date", "2019-06-06")
    assert [item["title"] for item in meeting["items"]][:1] == ["Oversigt over huslejer på bostederne (2019-0001)"]
    promise = api.get("/followups").json()["follow_ups"][0]
    assert api.get(f"/followups/{promise['id']}").json() == promise


def test_a_case_answers_its_trail_as_case_json_and_is_listed_in_the_index(shared):
    _, index_dir = shared
    api = client_for(index_dir)
    trail = api.get("/cases/2019-0001")
    assert trail.status_code == 200
    assert trail.json() == cli_json(index_dir, "case", "2019-0001")
    assert trail.json()["total"] >= 1 and trail.json()["steps"][0]["body"] == "Socialudvalget"
    assert "/cases/{number}" in api.get("/").json()["read"]


def test_an_unknown_case_is_404_and_a_malformed_one_422_each_naming_it(shared):
    api = client_for(shared[1])
    missing = api.get("/cases/1999-9999")
    assert missing.status_code == 404 and "1999-9999" in missing.json()["detail"]
    malformed = api.get("/cases/not a case!")
    assert malformed.status_code == 422 and "not a case!" in malformed.json()["detail"]


def test_a_search_for_a_case_number_the_archive_holds_names_the_cases_address(shared):
    api = client_for(shared[1])
    plain = api.get("/search", params={"q": "huslejestigninger", "mode": "lexical"}).json()
    assert "case" not in plain
    for_case = api.get("/search", params={"q": " 2019-0001 ", "mode": "lexical"}).json()
    assert for_case["case"] == "/cases/2019-0001"
    assert api.get("/cases/2019-0001").status_code == 200
    assert "case" not in api.get("/search", params={"q": "1999-9999", "mode": "lexical"}).json()


@pytest.mark.parametrize("path, field", [("/decisions", "decisions"), ("/followups", "follow_ups"),
                                         ("/documents", "documents")])
def test_list_endpoints_page_with_limit_and_offset_and_count_every_entry_in_total(shared, path, field):
    api = client_for(shared[1])
    params = {"status": "all"} if path == "/followups" else {}
    whole = api.get(path, params=params).json()
    assert whole["total"] == len(whole[field]) >= 2 and (whole["offset"], whole["limit"]) == (0, 100)
    page = api.get(path, params={**params, "limit": 1, "offset": 1}).json()
    assert page[field] == whole[field][1:2]
    assert (page["total"], page["offset"], page["limit"]) == (whole["total"], 1, 1)
    assert api.get(path, params={**params, "offset": whole["total"]}).json()[field] == []


@pytest.mark.parametrize("params, parameter", [({"limit": 0}, "limit"), ({"limit": 1001}, "limit"),
                                               ({"offset": -1}, "offset")])
def test_a_page_size_or_offset_out_of_range_is_422_naming_it(shared, params, parameter):
    for path in ("/decisions", "/followups", "/documents"):
        response = client_for(shared[1]).get(path, params=params)
        assert response.status_code == 422 and response.json()["message"].startswith(f"invalid {parameter}:")


def test_meetings_and_people_page_like_every_list_and_an_unknown_document_filter_is_422(shared):
    api = client_for(shared[1])
    every = api.get("/meetings").json()
    assert every["total"] == len(every["meetings"]) > 1 and every["limit"] is None  # whole, as before
    page = api.get("/meetings", params={"limit": 1, "offset": 1}).json()
    assert page["meetings"] == every["meetings"][1:2] and page["total"] == every["total"]
    for path, params in (("/meetings", {"limit": -1}), ("/people", {"limit": 0}), ("/people", {"offset": -1})):
        refused = api.get(path, params=params)
        assert refused.status_code == 422 and refused.json()["message"].startswith(f"invalid {list(params)[0]}")
    for path, params in (("/search", {"q": "husleje", "document": "nope.pdf"}), ("/decisions", {"document": "nope.pdf"}),
                         ("/followups", {"document": "nope.pdf"})):
        refused = api.get(path, params=params)
        assert refused.status_code == 422 and refused.json()["message"].startswith("unknown document 'nope.pdf'")
    assert api.get("/search", params={"q": "husleje", "document": MINUTES, "mode": "lexical"}).status_code == 200


def test_follow_ups_fold_the_same_promise_as_its_case_moves_on_in_the_api_and_the_command_line(tmp_path):
    """Greve's promise stands in the committee's minutes and again in Økonomiudvalget's: one entry."""
    from indexer.build import build

    from .firstagenda import write_meeting

    item = ("22-000010", "Skoleveje", [("Beslutning", "Anbefales. Administrationen vender tilbage med en plan "
                                                     "for skolevejene i marts 2023.")])
    write_meeting(tmp_path / "archive", "Plan- og Tryghedsudvalget", "2022-10-03", [item])
    write_meeting(tmp_path / "archive", "Økonomiudvalget", "2022-10-24", [item])
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    api = client_for(tmp_path / "index")
    folded = api.get("/followups", params={"status": "all"}).json()
    every = api.get("/followups", params={"status": "all", "fold": "false"}).json()
    assert folded["total"] < every["total"]
    [promise] = [f for f in folded["follow_ups"] if f.get("repeated")]
    assert promise["repeated"][0]["body"] == "Økonomiudvalget"
    assert not any(f.get("repeated") for f in every["follow_ups"])
    from click.testing import CliRunner

    from indexer.cli import main

    for flags, expected in (([], folded), (["--every"], every)):
        printed = CliRunner().invoke(main, ["followups", "--index", str(tmp_path / "index"), "--status", "all",
                                            "--json", *flags])
        assert json.loads(printed.output)["total"] == expected["total"], printed.output


def test_the_api_reads_only_the_index_not_the_archive_folder(shared, tmp_path):
    """Nothing is served from files on disk: with the archive folder gone, everything still answers."""
    index_copy = tmp_path / "index"
    shutil.copytree(shared[1], index_copy)
    api = client_for(index_copy, tmp_path / "gone")
    assert api.get(f"/documents/{MINUTES}").status_code == 200
    assert api.get("/search", params={"q": "huslejestigninger", "mode": "lexical"}).json()["total"] > 0
    assert api.get("/documents/../../etc/passwd").status_code == 404
    assert api.get("/documents/%2e%2e/%2e%2e/etc/passwd").status_code == 404


def test_openapi_documents_every_endpoint(shared):
    api = client_for(shared[1])
    assert api.get("/docs").status_code == 200
    paths = api.get("/openapi.json").json()["paths"]
    assert {"/search", "/documents", "/documents/{path}", "/paragraphs/{paragraph_id}", "/meetings", "/meeting",
            "/decisions", "/followups", "/followups/{follow_up_id}/mark", "/uploads", "/updates", "/follows",
            "/unsubscribe/{token}", "/feeds/search/{token}.atom", "/feeds/body/{name}.atom",
            "/feeds/case/{number}.atom"} <= set(paths)


def test_no_index_yet_is_503_without_server_paths(tmp_path):
    response = client_for(tmp_path / "secret-server-path").get("/search", params={"q": "husleje"})
    assert response.status_code == 503 and "secret-server-path" not in response.text


# -- errors: one shape ------------------------------------------------------------------------------
def one_line_error(response, status: int) -> str:
    """The error's `message`, after checking the one shape every error has."""
    body = response.json()
    assert response.status_code == status and set(body) == {"message", "detail"}, body
    assert isinstance(body["message"], str) and "\n" not in body["message"] and body["message"]
    return body["message"]


def test_every_error_has_a_one_line_message_and_the_detail_it_always_had(shared):
    api = client_for(shared[1], reader_token="lesetoken")
    assert api.get("/nowhere").json()["detail"] == "Not Found" and "/nowhere" in one_line_error(
        api.get("/nowhere"), 404)
    refused = api.get("/meetings")
    assert "reader token" in one_line_error(refused, 401) and refused.headers["www-authenticate"]
    bearer = {"Authorization": "Bearer lesetoken"}
    missing = api.get("/cases/1999-9999", headers=bearer)
    assert "1999-9999" in one_line_error(missing, 404) and missing.json()["detail"] == missing.json()["message"]
    backwards = api.get("/decisions", params={"from": "2019-07-01", "to": "2019-06-01"}, headers=bearer)
    assert "after" in one_line_error(backwards, 422)
    invalid = api.get("/search", params={"q": "husleje", "k": 0}, headers=bearer)
    assert one_line_error(invalid, 422).startswith("invalid k:") and invalid.json()["detail"][0]["loc"][-1] == "k"
    assert "larger than" in one_line_error(api.post("/follows", content=b"x" * 70_000, headers=bearer), 413)


def test_a_date_not_written_yyyy_mm_dd_is_named_with_the_form_to_use(shared):
    response = client_for(shared[1]).get("/decisions", params={"from": "20230101"})
    assert "from: use YYYY-MM-DD, not '20230101'" in one_line_error(response, 422)


def test_a_date_written_yyyy_mm_dd_that_does_not_exist_is_named_as_no_calendar_date(shared):
    response = client_for(shared[1]).get("/meeting", params={"body": "Socialudvalget", "date": "2022-02-30"})
    assert one_line_error(response, 422) == (
        "invalid date: '2022-02-30' is not a calendar date (February 2022 has 28 days)")


def test_a_body_that_is_not_json_says_so_plainly(shared):
    api = client_for(shared[1])
    broken = api.post("/follows", content=b'{"kind": "case",', headers={"content-type": "application/json"})
    assert one_line_error(broken, 422).startswith("the request body is not valid JSON: ")
    untyped = api.post("/follows", content=json.dumps({"kind": "case", "email": "a@example.dk",
                                                        "target": "2019-0001"}).encode(),
                       headers={"content-type": "text/plain"})
    assert "Content-Type: application/json" in one_line_error(untyped, 422)


def test_a_misspelled_field_of_a_follow_is_refused_naming_it(shared):
    api = client_for(shared[1])
    response = api.post("/follows", json={"kind": "case", "email": "a@example.dk", "target": "2019-0001",
                                          "frequncy": "daily"})
    assert "'frequncy'" in one_line_error(response, 422)
    nested = api.post("/follows", json={"kind": "search", "email": "a@example.dk", "query": "husleje",
                                        "filters": {"body": ["Socialudvalget"]}})
    assert "filters.body" in one_line_error(nested, 422)


def test_filters_or_a_mode_on_a_case_or_body_follow_are_refused_not_dropped(shared):
    api = client_for(shared[1])
    for asked in ({"filters": {"bodies": ["Socialudvalget"]}}, {"mode": "lexical"}):
        response = api.post("/follows", json={"kind": "case", "email": "a@example.dk", "target": "2019-0001", **asked})
        assert "narrow a search only, not a case follow" in one_line_error(response, 422)


# -- limits ------------------------------------------------------------------------------------------
def test_a_huge_body_is_refused_with_413(shared):
    api = client_for(shared[1])
    huge = json.dumps({"kind": "search", "email": "a@example.dk", "query": "x" * 200_000})
    assert api.post("/follows", content=huge, headers={"content-type": "application/json"}).status_code == 413

    def chunks():  # no Content-Length: counted while it streams in
        for _ in range(100):
            yield b"x" * 10_000

    assert api.post("/follows", content=chunks(), headers={"content-type": "application/json"}).status_code == 413
    assert api.post("/uploads", params={"name": "a.txt"}, content=b"x" * 1000,
                    headers={"content-length": str(60 * 1024 * 1024)}).status_code == 413


# -- who may do what ---------------------------------------------------------------------------------
def test_a_reader_token_closes_reading_when_configured(shared):
    api = client_for(shared[1], reader_token="token-1")
    refused = api.get("/documents")
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Basic")
    assert client_for(shared[1], reader_token="token-1", address="192.0.2.9").get(
        "/documents", headers={"Authorization": "Bearer forkert"}).status_code == 401
    assert api.get("/documents", headers={"Authorization": "Bearer token-1"}).status_code == 200
    assert api.get("/feeds/body/Socialudvalget.atom", headers=basic("token-1", "feedreader")).status_code == 200
    assert api.get("/documents", headers=basic(PASSWORD)).status_code == 200  # the secretariat reads too
    assert api.get("/unsubscribe/nonsense").status_code == 404  # the link is its own credential: not 401
    assert client_for(shared[1]).get("/documents").status_code == 200  # open without a token


def test_marking_a_follow_up_needs_the_password_and_is_audited(own):
    _, index_dir = own
    api = client_for(index_dir, login_delay=0.05)
    promise = api.get("/followups").json()["follow_ups"][0]["id"]
    mark = {"status": "done", "note": "oversigten er modtaget"}
    assert api.post(f"/followups/{promise}/mark", json=mark).status_code == 401
    assert api.post(f"/followups/{promise}/mark", json=mark, headers=basic("forkert")).status_code == 401
    assert api.get(f"/followups/{promise}").json()["status"] == "open"
    time.sleep(0.1)  # the failed login's delay
    done = api.post(f"/followups/{promise}/mark", json=mark, headers=basic(PASSWORD))
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert opened(index_dir).follow_up(promise).mark.marked_by == "mette"
    assert api.post(f"/followups/{promise}/mark", json={"status": "closed"},
                    headers={"Authorization": f"Bearer {PASSWORD}"}).status_code == 422
    assert api.post("/followups/fu-unknown/mark", json=mark, headers=basic(PASSWORD)).status_code == 404
    entries = api.get("/audit", headers=basic(PASSWORD)).json()["entries"]
    actions = [(e["action"], e["who"], e["client"], e["target"]) for e in entries]
    assert ("mark_follow_up", "mette", "203.0.113.7", promise) in actions
    assert ("login_failed", "mette", "203.0.113.7", "secretariat") in actions
    assert all(e["at"] for e in entries)


def test_a_write_to_an_index_that_cannot_be_written_is_a_409_saying_so(own, monkeypatch):
    from indexer.errors import IndexUnwritable
    from indexer.search.archive import Archive

    _, index_dir = own
    api = client_for(index_dir)
    promise = api.get("/followups").json()["follow_ups"][0]["id"]

    def read_only_index(*args, **kwargs):
        raise IndexUnwritable(f"index in {index_dir} is read-only: it can be searched, not changed")

    monkeypatch.setattr(Archive, "mark_follow_up", read_only_index)
    refused = api.post(f"/followups/{promise}/mark", json={"status": "done"}, headers=basic(PASSWORD))
    message = one_line_error(refused, 409)
    assert "it can be searched, not changed" in message and str(index_dir) not in message  # no server path


def test_writes_are_refused_without_a_configured_password_or_when_read_only(own):
    _, index_dir = own
    for api in (client_for(index_dir, admin_hash=None), client_for(index_dir, read_only=True)):
        assert api.post("/updates", headers=basic(PASSWORD)).status_code == 403
        assert api.get("/documents").status_code == 200


def test_failed_logins_are_throttled_per_client_and_logged(own, caplog):
    _, index_dir = own
    api = client_for(index_dir, address="198.51.100.1", login_delay=30)
    other = TestClient(api.app, client=("198.51.100.2", 50000))
    with caplog.at_level(logging.WARNING, logger="indexer.api"):
        assert api.get("/audit", headers=basic("gæt-1")).status_code == 401
        throttled = api.get("/audit", headers=basic(PASSWORD))  # even the right password waits
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) >= 29
    assert other.get("/audit", headers=basic(PASSWORD)).status_code == 200  # another client is not held
    assert "failed secretariat login from 198.51.100.1" in caplog.text and "gæt-1" not in caplog.text


def test_the_throttle_doubles_the_wait_and_locks_out_after_n_failures():
    now = [0.0]
    throttle = LoginThrottle(delay=1, max_delay=8, lockout_after=6, lockout_seconds=900, clock=lambda: now[0])
    waits = [throttle.failed("a")[1] for _ in range(6)]
    assert waits == [1, 2, 4, 8, 8, 900]
    assert throttle.wait("a") == 900 and throttle.wait("b") == 0
    now[0] = 901
    assert throttle.wait("a") == 0
    throttle.succeeded("a")
    assert throttle.failed("a") == (1, 1)


def test_an_upload_and_an_update_index_the_file_and_collect_for_follows(own):
    from indexer.build.jobs import REGISTRY

    archive_dir, index_dir = own
    api = client_for(index_dir, archive_dir)
    follow = api.post("/follows", json={"kind": "search", "email": "anna@example.dk", "frequency": "daily",
                                        "query": "legepladser", "mode": "lexical"}, headers=basic(PASSWORD))
    assert follow.status_code == 201 and follow.json()["status"] == "active"  # the secretariat's: no confirming
    assert follow.json()["unused_words"] == []  # a small archive's unused words are no sign (`vocabulary`)
    text = LATER["socialudvalget/2019-06-06-referat.txt"].encode()
    assert api.post("/uploads", params={"name": "juni.txt"}, content=text).status_code == 401
    saved = api.post("/uploads", params={"name": "../../juni.txt"}, content=text, headers=basic(PASSWORD))
    assert saved.status_code == 201 and saved.json()["document"] == "uploads/juni.txt"
    assert (archive_dir / "uploads" / "juni.txt").read_bytes() == text
    refused = api.post("/uploads", params={"name": "virus.exe"}, content=b"MZ...", headers=basic(PASSWORD))
    assert refused.status_code == 422 and "not supported" in refused.json()["detail"]
    again = api.post("/uploads", params={"name": "juni-igen.txt"}, content=text, headers=basic(PASSWORD))
    assert again.status_code == 422 and "same content as uploads/juni.txt" in again.json()["detail"]  # at once
    assert not (archive_dir / "uploads" / "juni-igen.txt").exists()
    started = api.post("/updates", headers=basic(PASSWORD))
    assert started.status_code == 202 and started.json()["state"] == "running"
    job = REGISTRY.wait(index_dir, timeout=60)
    assert job.state == "done", job.error
    assert api.get("/updates").json()["state"] == "done"
    assert "uploads/juni.txt" in {d["path"] for d in api.get("/documents").json()["documents"]}
    with alert_store(index_dir) as store:  # the update collected what is new for the follow
        found = store.matches(follow.json()["id"])
    assert found and {m.payload["document"] for m in found} == {"uploads/juni.txt"}


def test_uploads_of_one_name_at_the_same_moment_are_all_kept_and_audited(own):
    from concurrent.futures import ThreadPoolExecutor

    archive_dir, index_dir = own
    api = client_for(index_dir, archive_dir)
    texts = [f"Referat fra Ældrerådet\n\nÆldrerådet drøftede punkt {n} om fortove og cykelstier.\n".encode()
             for n in range(8)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda text: api.post("/uploads", params={"name": "referat.txt"}, content=text,
                                                      headers=basic(PASSWORD, "jens")), texts))
    assert [a.status_code for a in answers] == [201] * 8
    names = [a.json()["document"] for a in answers]
    assert len(set(names)) == 8 and all((archive_dir / n).read_bytes() == t for n, t in zip(names, texts))
    logged = api.get("/audit", headers=basic(PASSWORD)).json()["entries"]
    assert sorted(e["target"] for e in logged if e["action"] == "upload") == sorted(names)
    assert {e["who"] for e in logged if e["action"] == "upload"} == {"jens"}


# -- follows, unsubscribing, feeds -------------------------------------------------------------------
def test_a_follow_made_through_the_api_can_be_stopped_by_its_link(own):
    _, index_dir = own
    api = client_for(index_dir)
    made = api.post("/follows", json={"kind": "body", "email": "Anna@Example.DK", "frequency": "weekly",
                                      "target": "Socialudvalget"})
    assert made.status_code == 201
    body = made.json()
    assert (body["email"], body["feed"]) == ("anna@example.dk", "https://api.example.dk/feeds/body/Socialudvalget.atom")
    token = body["unsubscribe"].rsplit("/", 1)[1]
    assert body["unsubscribe"].startswith("https://api.example.dk/unsubscribe/")
    flipped = "A" if token[-5] != "A" else "B"  # a changed signature, whatever it was
    assert api.get("/unsubscribe/" + token[:-5] + flipped + token[-4:]).status_code == 404
    stopped = api.post(f"/unsubscribe/{token}", headers={"Accept": "text/html"})
    assert stopped.status_code == 200 and "ikke flere e-mails" in stopped.text
    assert list_follows(index_dir) == []
    assert api.post(f"/unsubscribe/{token}").json() == {"removed": 0}  # a second click is not an error
    assert "ikke mere at stoppe" in api.get(f"/unsubscribe/{token}").text
    assert api.post("/follows", json={"kind": "body", "email": "anna@example.dk",
                                      "target": "Økonomiudvalget"}).status_code == 422
    assert api.post("/follows", json={"kind": "search", "email": "not an address",
                                      "query": "husleje"}).status_code == 422
    assert api.post("/follows", json={"kind": "search", "email": "anna@example.dk", "query": "husleje",
                                      "filters": {"date_from": "2019-13-45"}}).status_code == 422
    compact = api.post("/follows", json={"kind": "search", "email": "anna@example.dk", "query": "husleje",
                                         "filters": {"date_from": "20230101"}})  # said as the query parameters say it
    assert compact.status_code == 422 and "date from '20230101' is not a date; use YYYY-MM-DD" in compact.text
    assert api.get("/follows").status_code == 401  # addresses are the secretariat's to see


def _confirm_link(message) -> str:
    """The confirmation link in a mail asking to confirm (its path on the API)."""
    text = parts(message)[0]
    link = next(word for word in text.split() if word.startswith("https://api.example.dk/confirm/"))
    return link.removeprefix("https://api.example.dk")


def test_a_follow_made_by_anyone_is_pending_until_its_address_confirms_it_by_the_mailed_link(own, smtp):
    from indexer.alerts import collect, send_digests

    archive_dir, index_dir = own
    inbox, mail = smtp
    api = client_for(index_dir, smtp=mail)
    search = {"kind": "search", "email": "anna@example.dk", "query": "huslejestigninger", "mode": "lexical",
              "frequency": "daily"}
    made = api.post("/follows", json=search)
    assert made.status_code == 201 and made.json()["status"] == "pending"
    [asked] = inbox.messages  # one mail, in the follow's language, with the link that confirms
    assert asked["To"] == "anna@example.dk" and asked["Subject"].startswith("Mødearkivet: Bekræft")
    assert "Søgning »huslejestigninger«" in parts(asked)[0] and "7 dage" in parts(asked)[0]
    link = _confirm_link(asked)
    add_later(archive_dir, index_dir)
    collect(opened(index_dir))
    assert send_digests(index_dir, mail, LINKS).sent == [] and len(inbox.messages) == 1  # no digest unconfirmed
    for _ in range(2):  # a mail scanner opens the link, then the reader: opening confirms nothing
        page = api.get(link)
        assert page.status_code == 200 and '<form method="post">' in page.text and "Bekræft</button>" in page.text
    assert [f.pending for f in list_follows(index_dir)] == [True]
    done = api.post(link, headers={"Accept": "text/html"})
    assert done.status_code == 200 and "Tak. Du får nu e-mails dagligt" in done.text
    assert [f.pending for f in list_follows(index_dir)] == [False]
    assert api.post(link).json()["now"] is False  # a second click is not an error
    again = api.post("/follows", json={**search, "email": "Anna@Example.DK"})  # confirmed: one follow, no new mail
    assert again.status_code == 200 and again.json()["status"] == "active" and len(inbox.messages) == 1
    collect(opened(index_dir))  # confirmed: what came since it was made is news to it
    assert len(send_digests(index_dir, mail, LINKS).sent) == 1 and len(inbox.messages) == 2
    assert any(e["action"] == "confirm" for e in api.get("/audit", headers=basic(PASSWORD)).json()["entries"])


def test_a_follow_never_confirmed_expires_after_7_days_and_its_link_says_so(own):
    from indexer.alerts import FollowRequest, save_follow
    from indexer.alerts.tokens import confirm_token, signing_key

    _, index_dir = own
    long_ago = datetime.now(timezone.utc) - timedelta(days=8)
    old = save_follow(opened(index_dir), FollowRequest("case", "anna@example.dk", target="2019-0001"), long_ago,
                      confirmed=False).follow
    fresh = save_follow(opened(index_dir), FollowRequest("case", "bo@example.dk", target="2019-0001"),
                        confirmed=False).follow
    assert [f.id for f in list_follows(index_dir)] == [fresh.id]  # the old one is not listed: it is gone
    api = client_for(index_dir)
    link = f"/confirm/{confirm_token(signing_key(index_dir), old.id)}"
    assert "ikke bekræftet i tide" in api.get(link).text
    assert api.post(link).status_code == 404 and list_follows(index_dir)[0].pending


def test_one_address_waits_for_at_most_three_follows_so_a_stranger_cannot_fill_its_inbox(own, smtp):
    _, index_dir = own
    inbox, mail = smtp
    api = client_for(index_dir, smtp=mail)
    for query in ("husleje", "parkering", "skoler"):
        assert api.post("/follows", json={"kind": "search", "email": "anna@example.dk", "query": query}
                        ).status_code == 201
    fourth = api.post("/follows", json={"kind": "search", "email": "anna@example.dk", "query": "budget"})
    assert fourth.status_code == 422 and "3 follows waiting" in fourth.json()["detail"]
    assert len(inbox.messages) == 3 and len(list_follows(index_dir)) == 3
    made = api.post("/follows", json={"kind": "search", "email": "anna@example.dk", "query": "budget"},
                    headers=basic(PASSWORD))  # the secretariat's follow asks nobody
    assert made.status_code == 201 and len(inbox.messages) == 3


def test_the_secretariats_follow_through_the_api_is_active_at_once_and_asks_nobody(own, smtp):
    _, index_dir = own
    inbox, mail = smtp
    api = client_for(index_dir, smtp=mail)
    case = {"kind": "case", "email": "anna@example.dk", "target": "2019-0001"}
    wrong = client_for(index_dir, smtp=mail, address="198.51.100.9").post("/follows", json=case,
                                                                          headers=basic("forkert"))
    assert wrong.status_code == 401 and list_follows(index_dir) == []  # a wrong password is a failed login
    made = api.post("/follows", json=case, headers=basic(PASSWORD))
    assert made.status_code == 201 and made.json()["status"] == "active" and inbox.messages == []
    # where writing is off, the password makes no follow the secretariat's
    read_only = client_for(index_dir, smtp=mail, read_only=True)
    pending = read_only.post("/follows", json={**case, "email": "bo@example.dk"}, headers=basic(PASSWORD))
    assert pending.json()["status"] == "pending" and [m["To"] for m in inbox.messages] == ["bo@example.dk"]


def test_an_english_follow_is_asked_to_confirm_in_english_and_a_mail_not_taken_is_sent_by_alerts_send(own, smtp):
    from indexer.alerts import send_digests

    _, index_dir = own
    inbox, mail = smtp
    down = client_for(index_dir, smtp=dataclasses.replace(mail, port=1))  # the mail server cannot be reached
    made = down.post("/follows", json={"kind": "body", "email": "anna@example.dk", "target": "Socialudvalget",
                                       "language": "en"})
    assert made.status_code == 201 and made.json()["status"] == "pending" and inbox.messages == []
    assert send_digests(index_dir, mail, LINKS).confirmations == 1
    [asked] = inbox.messages
    assert asked["Subject"] == "Meeting archive: Confirm: Body: Socialudvalget" and asked["Content-Language"] == "en"
    assert "Nothing is sent until you confirm" in parts(asked)[0]
    page = client_for(index_dir).get(_confirm_link(asked)).text
    assert '<html lang="en">' in page and "Confirm</button>" in page
    assert send_digests(index_dir, mail, LINKS).confirmations == 0 and len(inbox.messages) == 1  # once


def test_links_point_to_the_address_serve_listens_at_unless_INDEXER_API_URL_says(own, monkeypatch):
    import uvicorn

    from indexer.api.server import serve

    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(app))
    monkeypatch.delenv("INDEXER_API_URL", raising=False)
    serve(own[1], port=8765)
    serve(own[1], host="::1", port=8766)
    monkeypatch.setenv("INDEXER_API_URL", "https://api.kommune.dk/")
    serve(own[1], port=8765)
    assert [app.state.services.settings.links.api_url for app in served] == [
        "http://127.0.0.1:8765", "http://[::1]:8766", "https://api.kommune.dk"]
    api = TestClient(served[0], client=("203.0.113.7", 50000))
    made = api.post("/follows", json={"kind": "body", "email": "anna@example.dk", "target": "Socialudvalget"}).json()
    assert made["feed"].startswith("http://127.0.0.1:8765/feeds/body/")
    assert made["unsubscribe"].startswith("http://127.0.0.1:8765/unsubscribe/")


def test_an_invalid_link_opened_in_a_browser_is_a_small_danish_page(own):
    api = client_for(own[1])
    for path in ("/unsubscribe/not-a-token", "/confirm/not-a-token"):
        page = api.get(path)
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
        assert '<html lang="da">' in page.text and "Dette link er ikke gyldigt" in page.text
        button = api.post(path, headers={"Accept": "text/html"})
        assert button.status_code == 404 and "Dette link er ikke gyldigt" in button.text
        assert api.post(path).json()["message"] == "this link is not valid"  # a program reads JSON


def test_reading_every_follow_is_not_called_writing_and_a_document_never_held_is_not_no_longer_held(own):
    api = client_for(own[1], admin_hash=None)
    refused = api.get("/follows")
    assert refused.status_code == 403 and "writing" not in refused.json()["message"]
    assert "no secretariat password is set" in refused.json()["message"]
    read_only = client_for(own[1], read_only=True)  # reading is no write: the secretariat may still
    assert read_only.get("/follows", headers=basic(PASSWORD)).status_code == 200
    never = api.post("/follows", json={"kind": "document", "email": "anna@example.dk", "target": "../../etc/passwd"})
    assert never.status_code == 422
    assert never.json()["message"] == "the archive holds no document '../../etc/passwd'"


def test_a_follow_through_the_api_keeps_the_language_its_digests_are_written_in(own):
    _, index_dir = own
    api = client_for(index_dir)
    case = {"kind": "case", "email": "anna@example.dk", "target": "2019-0001"}
    bad = api.post("/follows", json={**case, "language": "de"})
    assert bad.status_code == 422 and "language" in json.dumps(bad.json()) and list_follows(index_dir) == []
    made = api.post("/follows", json={**case, "language": "en"})
    assert made.status_code == 201 and made.json()["language"] == "en"
    again = api.post("/follows", json={**case, "language": "da"})  # what it has, as it is
    assert again.status_code == 200 and again.json()["language"] == "en"
    body = api.post("/follows", json={"kind": "body", "email": "anna@example.dk", "target": "Socialudvalget"})
    assert body.json()["language"] == "da"  # Danish unless asked
    assert [f.language for f in list_follows(index_dir)] == ["en", "da"]
    schema = api.get("/openapi.json").json()["components"]["schemas"]["FollowBody"]["properties"]["language"]
    assert schema["enum"] == ["da", "en"] and "digest" in schema["description"]


def test_following_again_through_the_api_answers_200_with_the_follow_the_address_has(own):
    _, index_dir = own
    api = client_for(index_dir, max_follows_per_address=2)
    search = {"kind": "search", "email": "anna@example.dk", "query": "public toilets", "frequency": "weekly",
              "filters": {"bodies": ["Socialudvalget", "Dialogforum"]}}
    made = api.post("/follows", json=search)
    assert made.status_code == 201
    again = api.post("/follows", json={**search, "email": "Anna@example.dk", "query": "Public  toilets",
                                       "frequency": "daily", "filters": {"bodies": ["Dialogforum", "Socialudvalget"]}})
    assert again.status_code == 200 and again.json() == made.json()  # its feed and unsubscribe links too
    case = {"kind": "case", "email": "anna@example.dk", "target": "2019-0001"}
    assert api.post("/follows", json=case).status_code == 201
    assert api.post("/follows", json=case).status_code == 200  # at the ceiling: what it has is no more
    assert api.post("/follows", json={**case, "kind": "body", "target": "Socialudvalget"}).status_code == 422
    assert [(f.kind, f.frequency) for f in list_follows(index_dir)] == [("search", "weekly"), ("case", "weekly")]
    logged = api.get("/audit", headers=basic(PASSWORD)).json()["entries"]
    assert len([e for e in logged if e["action"] == "follow"]) == 2  # only what was made is written down


def test_opening_an_unsubscribe_link_only_asks_and_its_button_posts_to_stop(own):
    from indexer.alerts.tokens import email_token, signing_key

    _, index_dir = own
    api = client_for(index_dir)
    for follow in ({"kind": "document", "target": "socialudvalget/2019-05-02-referat.txt"},
                   {"kind": "search", "query": "husleje <b>", "mode": "lexical"}):
        assert api.post("/follows", json={"email": "anna@example.dk", **follow}).status_code == 201
    token = email_token(signing_key(index_dir), "anna@example.dk")
    for _ in range(2):  # a link scanner opens it, then the reader does
        page = api.get(f"/unsubscribe/{token}")
        assert page.status_code == 200 and '<form method="post">' in page.text
        assert "Opfølgning på Referat Socialudvalget 2. maj 2019 (Socialudvalget, 2. maj 2019)" in page.text
        assert "Søgning »husleje &lt;b&gt;«" in page.text  # the query is data: escaped
        assert "anna@example.dk" in page.text and len(list_follows(index_dir)) == 2
    one_click = api.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert one_click.json() == {"removed": 2} and list_follows(index_dir) == []


def test_an_english_follows_unsubscribe_page_and_feed_are_in_english(own):
    from indexer.alerts.tokens import follow_token, signing_key

    _, index_dir = own
    api = client_for(index_dir)
    made = api.post("/follows", json={"kind": "search", "email": "anna@example.dk", "query": "huslejestigninger",
                                      "mode": "lexical", "language": "en"}).json()
    danish = api.post("/follows", json={"kind": "case", "email": "anna@example.dk", "target": "2019-0001"}).json()
    feed = feedparser.parse(api.get(made["feed"].removeprefix("https://api.example.dk")).content)
    assert feed.feed.title == "Meeting archive: Search “huslejestigninger”" and feed.feed.language == "en"
    token = follow_token(signing_key(index_dir), made["id"])
    page = api.get(f"/unsubscribe/{token}").text
    assert '<html lang="en">' in page and "This link stops e-mails to anna@example.dk about:" in page
    assert "<li>Search “huslejestigninger”</li>" in page and "Stop e-mails</button>" in page
    stopped = api.post(f"/unsubscribe/{token}", headers={"Accept": "text/html"}).text
    assert "no more e-mails about this" in stopped
    # the link as sent (`unsubscribe` of its follow) stays English once the follow is gone
    link = made["unsubscribe"].removeprefix("https://api.example.dk")
    assert link.endswith("?language=en") and "the follow is already off" in api.get(link).text
    assert "the follow is already off" in api.post(link, headers={"Accept": "text/html"}).text
    danish_page = api.get(f"/unsubscribe/{follow_token(signing_key(index_dir), danish['id'])}").text
    assert '<html lang="da">' in danish_page and "<li>Sag 2019-0001</li>" in danish_page


def test_a_saved_searchs_feed_address_cannot_be_guessed_from_its_id(own):
    from indexer.alerts.tokens import follow_token, signing_key

    _, index_dir = own
    api = client_for(index_dir)
    follows = [api.post("/follows", json={"kind": "search", "email": email, "query": "huslejestigninger",
                                          "mode": "lexical"}).json() for email in ("anna@example.dk", "bo@example.dk")]
    for follow in follows:
        assert str(follow["id"]) not in follow["feed"].rsplit("/", 1)[1].split(".")[0]
        assert api.get(follow["feed"].removeprefix("https://api.example.dk")).status_code == 200
        assert api.get(f"/feeds/search/{follow['id']}.atom").status_code == 404  # counting ids finds nothing
    # an unsubscribe token of the same follow is no feed address (nor the other way round)
    unsubscribe = follow_token(signing_key(index_dir), follows[0]["id"])
    assert api.get(f"/feeds/search/{unsubscribe}.atom").status_code == 404
    feed = follows[0]["feed"].rsplit("/", 1)[1].removesuffix(".atom")
    assert api.post(f"/unsubscribe/{feed}").status_code == 404 and len(list_follows(index_dir)) == 2


def test_feeds_are_served_as_atom_and_unknown_names_are_404(shared):
    _, index_dir = shared
    api = client_for(index_dir)
    follow = api.post("/follows", json={"kind": "search", "email": "anna@example.dk", "query": "huslejestigninger",
                                        "mode": "lexical", "filters": {"bodies": ["Socialudvalget"]}}).json()
    search_path = follow["feed"].removeprefix("https://api.example.dk")
    for path in (search_path, "/feeds/body/Socialudvalget.atom", "/feeds/case/2019-0001.atom"):
        response = api.get(path)
        assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
        parsed = feedparser.parse(response.content)
        # a saved search's feed holds its news: none yet, and it says since when it looks
        assert not parsed.bozo and (parsed.feed.subtitle.startswith("Nye fund siden") if path == search_path
                                    else parsed.entries), path
        assert parsed.feed.links[0].href == "https://api.example.dk" + path.replace(" ", "%20")
    for path in ("/feeds/search/999.atom", "/feeds/body/Økonomiudvalget.atom", "/feeds/case/1999-9999.atom"):
        assert api.get(path).status_code == 404
    not_a_case = api.get("/feeds/case/hello.atom")  # as /cases/hello says it
    assert (not_a_case.status_code, not_a_case.json()["detail"]) == (422, "not a case number: 'hello'")
    english = feedparser.parse(api.get("/feeds/case/2019-0001.atom?language=en").content)
    assert english.feed.title == "Meeting archive: Case 2019-0001"
    assert english.feed.link.endswith("/sag?sag=2019-0001&lang=en")  # the app's English case page
    assert api.get("/feeds/body/Socialudvalget.atom?language=fr").status_code == 422
    with alert_store(index_dir) as store, store.writing():
        store.delete_follows([follow["id"]])


def test_the_feed_of_a_body_the_archive_does_not_hold_is_404_naming_the_body_it_may_mean(shared):
    response = client_for(shared[1]).get("/feeds/body/Socialudvalg.atom")
    assert one_line_error(response, 404).startswith("unknown body 'Socialudvalg'; did you mean 'Socialudvalget'?")


def test_a_meeting_not_held_that_day_is_404_naming_the_body_the_date_and_its_nearest_meetings(shared):
    from indexer.cli import main

    said = "no meeting of 'Socialudvalget' on 2019-05-03 in the index; its nearest meeting"
    response = client_for(shared[1]).get("/meeting", params={"body": "Socialudvalget", "date": "2019-05-03"})
    message = one_line_error(response, 404)
    assert message.startswith(said) and "2019-05-02" in message
    cli = CliRunner().invoke(main, ["meeting", "--body", "Socialudvalget", "--date", "2019-05-03",
                                    "--index", str(shared[1])])
    assert cli.exit_code == 1 and f"Error: {message}" in cli.output


def test_python_m_indexer_serve_answers_over_http(shared, tmp_path):
    import os
    import subprocess
    import sys

    import httpx

    from .test_alerts import free_port

    port = free_port()
    env = {**os.environ, "INDEXER_READER_TOKEN": "token-1"}
    server = subprocess.Popen([sys.executable, "-m", "indexer", "serve", "--index", str(shared[1]), "--archive",
                               str(tmp_path), "--port", str(port)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/search", params={"q": "huslejestigninger",
                                     "mode": "lexical"}, headers={"Authorization": "Bearer token-1"}, timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, server.stdout.read().decode()
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["total"] > 0
        assert httpx.get(f"http://127.0.0.1:{port}/search", params={"q": "x"}).status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_search_answers_with_the_same_object_as_the_command_line_facets_and_timeline_included(shared):
    from click.testing import CliRunner

    from indexer.cli import main

    answer = client_for(shared[1]).get("/search", params={"q": "huslejestigninger", "mode": "lexical"}).json()
    printed = CliRunner().invoke(main, ["search", "huslejestigninger", "--index", str(shared[1]), "--mode", "lexical",
                                        "--json"])
    assert json.loads(printed.output) == answer
    assert sum(answer["facets"]["bodies"].values()) >= answer["total"] > 0
    assert sum(row["count"] for row in answer["timeline"]) <= answer["total"]
    assert {"date", "body", "count", "titles"} <= set(answer["timeline"][0])


def test_a_page_of_follow_ups_with_links_has_the_links_each_one_has_alone(tmp_path):
    from .test_alerts import KeywordEmbedder

    embedder = KeywordEmbedder()  # the June meeting's "oversigt over huslejerne" takes the May promise up
    archive_dir, index_dir = built(tmp_path, embedder)
    add_later(archive_dir, index_dir, embedder)
    values = {"admin_hash": HASH, "reader_token": None, "read_only": False, "links": LINKS}
    api = TestClient(create_app(ApiSettings(index_dir=index_dir, **values), embedder=embedder))
    page = api.get("/followups", params={"status": "all", "links": "true"}).json()["follow_ups"]
    assert page and all("links" in promise for promise in page)
    for promise in page:
        alone = api.get(f"/followups/{promise['id']}", params={"links": "true"}).json()
        assert promise["links"] == alone["links"]
    assert any(promise["links"] for promise in page)


def test_a_refused_query_over_the_length_is_not_sent_back_whole(shared):
    from indexer.api.read import MAX_QUERY_CHARS

    response = client_for(shared[1]).get("/search", params={"q": "x" * (MAX_QUERY_CHARS + 400)})
    assert response.status_code == 422 and len(response.text) < 2_000
    assert response.json()["detail"][0]["input"].endswith("…")


@pytest.mark.parametrize("path, params", [("/search", {"q": "husleje", "from": "x" * 2_400}),
                                          ("/decisions", {"to": "x" * 2_400})])
def test_a_refused_date_over_the_length_is_not_repeated_whole(shared, path, params):
    message = one_line_error(client_for(shared[1]).get(path, params=params), 422)
    assert len(message) < 200 and "…" in message


def test_a_body_or_case_named_with_a_slash_has_a_feed_at_the_address_its_link_gives(tmp_path):
    from indexer.build.run import build

    from .firstagenda import write_meeting

    body = "Spørgsmål / Svar til Byrådet 2022-2025"  # as Greve's portal names its questions to the council
    write_meeting(tmp_path / "archive", body, "2023-03-06", [("15/1234", "Spørgsmål om cykelstier",
                                                                [("Beslutning", "Besvaret.")])])
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    api = client_for(tmp_path / "index")
    for kind, name in (("body", body), ("case", "15/1234")):  # a case number as some systems write it
        answer = api.get(LINKS.feed(kind, name).removeprefix(LINKS.api_url))
        assert answer.status_code == 200, (kind, answer.text)
        assert feedparser.parse(answer.text).entries, kind
    assert api.get("/feeds/body/Nobody%2Fhere.atom").status_code == 404


def test_a_promise_marked_in_one_bodys_list_is_marked_in_the_list_of_every_body_it_stands_in(tmp_path):
    """The same status case sent to two committees: marked done in one's list, the other's shows it done too."""
    from indexer import Archive
    from indexer.build import build

    from .firstagenda import write_meeting

    item = ("20-010677K", "Tryghed i Greve Nord - status", [("Sagsbeskrivelse", "Forslaget forelægges udvalget i "
                                                                                "oktober eller november 2022.")])
    write_meeting(tmp_path / "archive", "Social- og Handicapudvalget", "2022-05-30", [item])
    write_meeting(tmp_path / "archive", "Sundheds- og Omsorgsudvalget", "2022-05-30", [item])
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    opened = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    try:
        [first] = opened.follow_ups(body="Social- og Handicapudvalget", fold=True)
        opened.mark_follow_up(first.follow_up.id, "done", note="kom i november")
        for body in ("Social- og Handicapudvalget", "Sundheds- og Omsorgsudvalget"):
            assert opened.follow_ups(body=body, fold=True) == []  # open: none
            [done] = opened.follow_ups(body=body, status="done", fold=True)
            assert done.mark.note == "kom i november"
        # unfolded, each copy is its own
        assert len(opened.follow_ups(body="Sundheds- og Omsorgsudvalget")) == 1
    finally:
        opened.close()
