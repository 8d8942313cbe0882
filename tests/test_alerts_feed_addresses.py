"""The secretariat can find the feed of a follow it made: `alerts follow` prints it (and the
unsubscribe link), `alerts list --json` and `GET /follows` hold them as `POST /follows` answers them."""
from __future__ import annotations

import json

from click.testing import CliRunner

from indexer.cli import main

from .test_alerts import ADDRESS, built
from .test_api import PASSWORD, basic, client_for


def test_a_follow_made_by_the_secretariat_shows_its_feed_everywhere_the_secretariat_looks(tmp_path, monkeypatch):
    _, index_dir = built(tmp_path)
    monkeypatch.setenv("INDEXER_API_URL", "https://api.example.dk")
    run = lambda *args: CliRunner().invoke(main, ["alerts", *args, "--index", str(index_dir)])  # noqa: E731
    made = run("follow", ADDRESS, "body", "Dialogforum")
    assert made.exit_code == 0
    assert "feed: https://api.example.dk/feeds/body/Dialogforum.atom" in made.output
    assert "unsubscribe: https://api.example.dk/unsubscribe/" in made.output
    search = json.loads(run("follow", ADDRESS, "search", "huslejestigninger", "--json").output)
    assert search["feed"].startswith("https://api.example.dk/feeds/search/") and search["unsubscribe"]
    listed = json.loads(run("list", "--json").output)["follows"]
    assert [f["feed"] for f in listed] == ["https://api.example.dk/feeds/body/Dialogforum.atom", search["feed"]]
    api = client_for(index_dir)
    posted = api.post("/follows", json={"kind": "case", "email": "bo@example.dk", "target": "2019-0001"},
                      headers=basic(PASSWORD))
    assert posted.status_code == 201
    shown = api.get("/follows", headers=basic(PASSWORD)).json()["follows"]
    assert shown[-1]["feed"] == posted.json()["feed"] and shown[-1]["unsubscribe"] == posted.json()["unsubscribe"]
    assert [f["feed"].rsplit("/", 1)[-1] for f in shown[:2]] == [f["feed"].rsplit("/", 1)[-1] for f in listed]
    assert api.get("/follows").status_code in (401, 403)  # still the secretariat's view only
