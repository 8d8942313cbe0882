"""The secretariat's password: a salted hash in the settings, checked in constant time."""
from __future__ import annotations

import pytest

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


def test_a_login_after_failures_waits_and_is_not_even_checked_meanwhile(monkeypatch):
    """The one throttle the app and the API share: doubling waits, a lockout, no hashing while waiting."""
    stored = roles.hash_password("rigtig-kode", iterations=1000)
    now = [0.0]
    throttle = roles.LoginThrottle(delay=1, max_delay=8, lockout_after=4, lockout_seconds=900, clock=lambda: now[0])
    checked = []
    real = roles.verify_password
    monkeypatch.setattr(roles, "verify_password", lambda password, hash_: checked.append(password) or real(password, hash_))
    first = roles.attempt_login(throttle, "10.0.0.1", "forkert", stored)
    assert (first.ok, first.throttled, first.failures, first.wait) == (False, False, 1, 1)
    too_soon = roles.attempt_login(throttle, "10.0.0.1", "rigtig-kode", stored)  # even the right password waits
    assert not too_soon.ok and too_soon.throttled and too_soon.failures == 1 and checked == ["forkert"]
    assert roles.attempt_login(throttle, "10.0.0.2", "rigtig-kode", stored).ok  # another client is not held
    waits = []
    for _ in range(3):
        now[0] += 1000
        waits.append(roles.attempt_login(throttle, "10.0.0.1", "forkert", stored).wait)
    assert waits == [2, 4, 900]  # the fourth failure in a row locks the client out
    now[0] += 899
    assert roles.attempt_login(throttle, "10.0.0.1", "rigtig-kode", stored).throttled
    now[0] += 2
    assert roles.attempt_login(throttle, "10.0.0.1", "rigtig-kode", stored).ok
    assert throttle.failures("10.0.0.1") == 0 and throttle.wait("10.0.0.1") == 0


def test_the_api_uses_the_same_throttle():
    from indexer.api import security

    assert security.LoginThrottle is roles.LoginThrottle


def test_the_helper_shows_its_help_without_asking_for_a_password(monkeypatch, capsys):
    def asked(prompt=""):
        raise AssertionError("asked for a password")

    monkeypatch.setattr("getpass.getpass", asked)
    with pytest.raises(SystemExit) as stopped:
        roles.main(["--help"])
    assert stopped.value.code == 0 and "salted hash" in capsys.readouterr().out


@pytest.mark.parametrize("value, expected", [("", False), ("0", False), ("false", False), ("No", False), ("off", False),
                                             ("1", True), ("TRUE", True), ("y", True), ("enabled", True), (" yes ", True)])
def test_read_only_means_the_same_to_the_app_and_the_api_and_an_unknown_value_protects(value, expected, monkeypatch):
    from indexer.api.settings import ApiSettings
    from indexer.config import read_only
    from ui.common import read_settings

    monkeypatch.setenv("INDEXER_READ_ONLY", value)
    assert read_only() is expected
    assert ApiSettings.from_env("index").read_only is expected
    assert read_settings([]).read_only is expected


def test_a_malformed_hash_is_told_apart_from_a_wrong_password(monkeypatch):
    from click.testing import CliRunner

    from indexer.cli import main
    from indexer.roles import hash_password, hash_problem

    assert hash_problem(hash_password("en lang adgangskode")) is None and hash_problem(None) is None
    # the README's line in double quotes: the shell replaced "$600000$…" and the rest
    for bad in ("garbage", "pbkdf2_sha25600000+cjoy", "pbkdf2_sha256$x$abc$def", "md5$1$YQ==$YQ=="):
        assert "is not a hash `python -m indexer.roles` made" in hash_problem(bad)
    monkeypatch.setenv("INDEXER_ADMIN_PASSWORD_HASH", "pbkdf2_sha25600000+cjoy")
    result = CliRunner().invoke(main, ["serve", "--index", "nowhere"])
    assert result.exit_code == 2 and "single quotes" in result.output
