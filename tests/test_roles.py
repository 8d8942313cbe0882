"""The secretariat's password: a salted hash in the settings, checked in constant time."""
from __future__ import annotations

from indexer import roles


def test_a_hash_matches_its_password_and_nothing_else():
    stored = roles.hash_password("rødgrød med fløde", iterations=1000)
    assert roles.verify_password("rødgrød med fløde", stored)
    assert not roles.verify_password("rødgrød med flode", stored)
    assert not roles.verify_password("", stored)


def test_each_hash_has_its_own_salt():
    assert roles.hash_password("same", iterations=1000) != roles.hash_password("same", iterations=1000)


def test_missing_or_malformed_hashes_match_nothing():
    for stored in (None, "", "plain-password", "md5$1$a$b", "pbkdf2_sha256$x$y$z", "pbkdf2_sha256$10$!!$??"):
        assert not roles.verify_password("plain-password", stored)


def test_the_environment_wins_over_secrets():
    assert roles.configured_hash({"admin_password_hash": "a"}, {}) == "a"
    assert roles.configured_hash({"admin_password_hash": "a"}, {roles.ENV_VAR: "b"}) == "b"
    assert roles.configured_hash({}, {}) is None and roles.configured_hash(None, {roles.ENV_VAR: " "}) is None


def test_the_helper_prints_a_hash_that_verifies(monkeypatch, capsys):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "sekretariatet-2026")
    assert roles.main([]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert roles.verify_password("sekretariatet-2026", line.split('"')[1])
