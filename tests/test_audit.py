"""The audit log shared by the API and the app (indexer/alerts/audit.py), and reading what an
unsubscribe link names before stopping it (indexer/alerts/tokens.token_follows)."""
from __future__ import annotations

import logging

from indexer.alerts.audit import entries, record
from indexer.alerts.follows import FollowRequest, add_follow, list_follows
from indexer.alerts.tokens import email_token, follow_token, signing_key, token_follows, unsubscribe

from .test_alerts import built, opened


def test_entries_are_kept_newest_first_and_survive_a_rebuild(tmp_path):
    from indexer.build.run import build

    from .fakes import HashEmbedder

    archive_dir, index_dir = built(tmp_path)
    assert record(index_dir, "upload", who="mette", client="10.0.0.7", target="uploads/a.txt", detail="12 bytes")
    assert record(index_dir, "correct", who="jens", client="local", target="minutes/b.txt", detail="x" * 2000)
    build(archive_dir, index_dir, embedder=HashEmbedder(), rebuild=True)
    found = entries(index_dir)
    assert [(e.action, e.who, e.client, e.target) for e in found] == [
        ("correct", "jens", "local", "minutes/b.txt"), ("upload", "mette", "10.0.0.7", "uploads/a.txt")]
    assert len(found[0].detail) == 500 and found[0].at.endswith("+00:00")
    assert [e.action for e in entries(index_dir, limit=1)] == ["correct"]


def test_without_an_index_the_log_line_is_the_record(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="indexer.audit"):
        assert not record(tmp_path / "none", "login_failed", who=None, client="10.0.0.9", target="secretariat")
    assert "audit: login_failed secretariat by None from 10.0.0.9" in caplog.text
    assert entries(tmp_path / "none") == []


def test_a_link_names_its_follows_before_anything_is_stopped(tmp_path):
    _, index_dir = built(tmp_path)
    archive = opened(index_dir)
    one = add_follow(archive, FollowRequest("body", "anna@example.dk", target="Socialudvalget"))
    two = add_follow(archive, FollowRequest("search", "anna@example.dk", query="husleje", mode="lexical"))
    key = signing_key(index_dir)
    assert [f.id for f in token_follows(index_dir, follow_token(key, one.id))] == [one.id]
    assert [f.id for f in token_follows(index_dir, email_token(key, "anna@example.dk"))] == [one.id, two.id]
    assert token_follows(index_dir, follow_token(b"another key", one.id)) is None
    assert token_follows(index_dir, "nonsense") is None
    assert len(list_follows(index_dir)) == 2  # reading stops nothing
    assert unsubscribe(index_dir, follow_token(key, one.id)) == 1
    assert token_follows(index_dir, follow_token(key, one.id)) == []  # already gone: said, not an error


def test_a_mark_made_on_the_command_line_is_audited_by_the_os_user_as_the_app_s_and_the_api_s(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from indexer.cli import main

    monkeypatch.setattr("getpass.getuser", lambda: "jens")
    _, index_dir = built(tmp_path)
    promise = opened(index_dir).follow_ups(status=None)[0].follow_up.id
    run = CliRunner().invoke(main, ["followups", "--index", str(index_dir), "mark", promise, "done",
                                    "--note", "svar sendt"])
    assert run.exit_code == 0, run.output
    assert opened(index_dir).follow_up(promise).mark.marked_by == "jens"
    assert CliRunner().invoke(main, ["followups", "--index", str(index_dir), "unmark", promise]).exit_code == 0
    assert [(e.action, e.who, e.client, e.target, e.detail) for e in entries(index_dir)] == [
        ("mark_follow_up", "jens", "command line", promise, "open"),
        ("mark_follow_up", "jens", "command line", promise, "done: svar sendt")]
    refused = CliRunner().invoke(main, ["followups", "--index", str(index_dir), "mark", "fu-unknown", "done"])
    assert refused.exit_code == 1 and len(entries(index_dir)) == 2  # what was not marked is not logged
