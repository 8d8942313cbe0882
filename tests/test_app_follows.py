"""Following in the app (a search, a case, a body), stopping from a digest's link, and the
secretariat's door: every follow, the audit log of who changed what, throttled logins.

Streamlit AppTest on the small hashed index of `test_app` (no model); its fixtures are reused.
"""
from __future__ import annotations

import logging
import re
import shutil


from indexer import roles
from indexer.alerts.audit import entries, record
from indexer.alerts.follows import FollowRequest, add_follow, list_follows, save_follow
from indexer.alerts.tokens import email_token, follow_token, signing_key
from indexer.build.run import build
from indexer.search.archive import Archive

from .test_app import (EMBEDDER, MEETING, PASSWORD, SNOW, app, app_setup, built, dirs, goto, no_errors,  # noqa: F401
                       open_page, own_dirs, search, secretariat, wait_for_build)

CASE = "21-016078"
BALLERUP_BODY = "Sundheds- og Forebyggelsesudvalget"


def fill_follow(at, kind: str, email: str, frequency: str = "Ugentligt", *, check: bool = True):
    """Fill the follow form of `kind` ("search", "case", "body") and submit it."""
    at.text_input(key=f"follow_{kind}_email").set_value(email)
    radio = next(r for r in at.radio if r.key.startswith(f"follow_{kind}_frequency_"))
    radio.set_value(frequency)
    at.button(key=f"follow_{kind}_save").click()
    return no_errors(at.run()) if check else at.run()


def plain(markdown: str) -> str:
    """Markdown as read: its backslash escapes undone, and the unseen word joiners that keep an address text."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def table(at, column: str):
    """The dataframe shown with this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def opened(index) -> Archive:
    return Archive.open(index, embedder=EMBEDDER)


def actions(index) -> list[tuple]:
    return [(e.action, e.who, e.target) for e in entries(index, 1000)]


# -- following ---------------------------------------------------------------------------------------
def test_a_search_is_followed_with_its_filters_mode_and_frequency(own_dirs):
    _, index = own_dirs
    at = search(app(mode="lexical"), "huslejestigninger")
    at.multiselect(key="organ").set_value(["Dialogforum"]).run()
    assert [e.label for e in at.expander if e.label == "Følg denne søgning"]
    at = fill_follow(at, "search", "ikke en adresse", check=False)
    assert at.error[0].value == "Det er ikke en e-mailadresse." and list_follows(index) == []
    at.text_input(key="follow_search_email").set_value("Anna@Example.DK")
    at.radio(key="follow_search_frequency_da").set_value("Dagligt")
    at.button(key="follow_search_save").click()
    at = no_errors(at.run())
    said = plain(at.info[0].value)
    assert "søgningen »huslejestigninger« (Dialogforum)" in said and "højst én gang om dagen" in said
    assert "anna@example.dk" in said  # one address, whatever its case (stored folded)
    assert "\u2060" not in at.info[0].value  # the reader's own address, copied from the page, is unbroken
    [made] = list_follows(index)
    assert (made.kind, made.query, made.filters, made.mode, made.email, made.frequency) == (
        "search", "huslejestigninger", {"bodies": ["Dialogforum"]}, "lexical", "anna@example.dk", "daily")
    # anyone's follow waits until its address confirms it, as the API's: nothing is sent before; with no mail server
    # the confirmation waits for the archive's next sending, and the page says so, not that it was sent
    assert made.pending and said.startswith("Arkivet sender anna@example.dk en e-mail, næste gang det sender e-mails")
    assert ("follow", "public", str(made.id)) in actions(index)


def test_a_follow_whose_confirmation_the_mail_server_took_says_check_your_mail(own_dirs, monkeypatch):
    import ui.follow

    monkeypatch.setattr(ui.follow, "_ask_to_confirm", lambda follow: True)
    at = fill_follow(search(app(mode="lexical"), "huslejestigninger"), "search", "anna@example.dk")
    assert plain(at.info[0].value).startswith("Se din e-mail: vi har bedt anna@example.dk bekræfte")


def test_a_search_that_finds_nothing_yet_can_be_followed_in_english(own_dirs):
    _, index = own_dirs
    at = search(app(mode="lexical", lang="en"), "vindmøller ved kysten")
    assert [e.label for e in at.expander if e.label == "Follow this search"]
    at = fill_follow(at, "search", "anna@example.dk", "Weekly")
    # the last: "No good match" stands first, under the search field
    assert "the search “vindmøller ved kysten”" in plain(at.info[-1].value)
    assert [(f.query, f.frequency) for f in list_follows(index)] == [("vindmøller ved kysten", "weekly")]


def test_a_follow_made_on_the_english_screen_gets_english_digests_and_on_the_danish_one_danish(own_dirs):
    _, index = own_dirs
    fill_follow(search(app(mode="lexical", lang="en"), "vindmøller ved kysten"), "search", "anna@example.dk",
                "Weekly")
    fill_follow(open_page("sag", sag=CASE), "case", "jens@example.dk")
    assert [(f.email, f.language) for f in list_follows(index)] == [("anna@example.dk", "en"),
                                                                  ("jens@example.dk", "da")]


def test_a_case_is_followed_from_its_page(own_dirs):
    _, index = own_dirs
    at = open_page("sag", sag=CASE)
    at = fill_follow(at, "case", "jens@example.dk")
    assert f"sag {CASE}" in plain(at.info[0].value)
    assert [(f.kind, f.target, f.frequency) for f in list_follows(index)] == [("case", CASE, "weekly")]


def test_a_body_and_a_case_offer_their_feed_where_the_api_says_where_readers_reach_it(own_dirs, monkeypatch):
    assert not [c for c in open_page("sag", sag=CASE).caption if "feedlæser" in c.value]  # no API: no dead link
    monkeypatch.setenv("INDEXER_API_URL", "https://arkiv.example.dk/api")
    [case] = [c.value for c in open_page("sag", sag=CASE).caption if "feedlæser" in c.value]
    assert case == f"Eller følg med i en feedlæser: [Atom-feed](https://arkiv.example.dk/api/feeds/case/{CASE}.atom)"
    [body] = [c.value for c in open_page("moede", moede=MEETING).caption if "feedlæser" in c.value]
    assert "https://arkiv.example.dk/api/feeds/body/" in body and body.endswith(".atom)")


def test_a_body_is_followed_from_its_meeting(own_dirs):
    _, index = own_dirs
    at = open_page("moede", moede=MEETING)
    assert any(plain(e.label) == f"Følg udvalget: {BALLERUP_BODY}" for e in at.expander)
    at = fill_follow(at, "body", "jens@example.dk", "Dagligt")
    assert f"udvalget {BALLERUP_BODY}" in plain(at.info[0].value)
    assert [(f.kind, f.target, f.frequency) for f in list_follows(index)] == [("body", BALLERUP_BODY, "daily")]


def test_one_address_cannot_follow_without_end(own_dirs, monkeypatch):
    import ui.follow

    _, index = own_dirs
    monkeypatch.setattr(ui.follow, "MAX_FOLLOWS_PER_ADDRESS", 1)
    add_follow(opened(index), FollowRequest("body", "jens@example.dk", target=BALLERUP_BODY))
    at = open_page("sag", sag=CASE)
    at = fill_follow(at, "case", "jens@example.dk", check=False)
    assert at.error[0].value == "Denne adresse følger allerede så meget, som én adresse kan."
    assert len(list_follows(index)) == 1


def test_a_fourth_unconfirmed_follow_of_one_address_is_refused_saying_why(own_dirs, secretariat):
    _, index = own_dirs
    for query in ("husleje", "parkering", "skoler"):
        save_follow(opened(index), FollowRequest("search", "anna@example.dk", query=query), confirmed=False)
    at = fill_follow(search(app(mode="lexical"), "huslejestigninger"), "search", "anna@example.dk", check=False)
    assert at.error[0].value.startswith("Denne adresse har allerede overvågninger, der venter på at blive bekræftet")
    assert len(list_follows(index)) == 3
    admin = table(no_errors(log_in_as(app(), "mette")), "E-mail")
    assert list(admin["Status"]) == ["afventer bekræftelse"] * 3  # the secretariat sees which wait


def test_a_follow_made_in_the_app_is_audited_as_pending_in_the_apis_words(own_dirs, secretariat):
    from indexer.alerts.audit import follow_detail

    _, index = own_dirs
    fill_follow(open_page("sag", sag=CASE), "case", "jens@example.dk")
    at = goto(no_errors(log_in_as(app(mode="lexical"), "mette")), "")
    fill_follow(search(at, "huslejestigninger"), "search", "anna@example.dk")
    pending, active = list_follows(index)
    logged = {e.target: e.detail for e in entries(index) if e.action == "follow"}
    assert logged == {str(pending.id): "case weekly pending", str(active.id): "search weekly"}
    assert logged[str(pending.id)] == follow_detail(pending)  # what the API writes


def test_following_the_same_search_twice_says_it_is_followed_already_and_stores_one(own_dirs):
    _, index = own_dirs
    at = search(app(mode="lexical", lang="en"), "public toilets")
    at = fill_follow(at, "search", "anna@example.dk", "Weekly")
    assert "to follow the search “public toilets”" in plain(at.info[-1].value)
    at = fill_follow(at, "search", "Anna@example.dk", "Daily")
    assert not at.success
    said = plain(at.info[-1].value)  # asked already: the mail sent then confirms it, and no new one is sent
    assert said.startswith("You have already asked to follow the search “public toilets” (at most once a week)")
    assert said.endswith("No new one is sent.")
    assert [(f.query, f.frequency) for f in list_follows(index)] == [("public toilets", "weekly")]
    assert [a for a in actions(index) if a[0] == "follow"] == [("follow", "public", str(list_follows(index)[0].id))]


def test_following_the_same_case_twice_says_so_in_danish(own_dirs):
    _, index = own_dirs
    at = fill_follow(open_page("sag", sag=CASE), "case", "jens@example.dk")
    at = fill_follow(at, "case", "jens@example.dk", "Dagligt")
    # asked already: the mail sent then confirms it, and nothing is stored twice
    assert plain(at.info[0].value).startswith("Du har allerede bedt om at følge") and not at.success
    assert f"sag {CASE} (højst én gang om ugen)" in plain(at.info[0].value)
    assert [(f.kind, f.target, f.frequency) for f in list_follows(index)] == [("case", CASE, "weekly")]


# -- stopping from a digest's link ------------------------------------------------------------------------
def test_the_digests_link_opens_the_app_which_stops_the_follow_on_a_click(own_dirs):
    _, index = own_dirs
    archive = opened(index)
    kept = add_follow(archive, FollowRequest("body", "anna@example.dk", target="Dialogforum"))
    stopped = add_follow(archive, FollowRequest("case", "anna@example.dk", target=CASE))
    token = follow_token(signing_key(index), stopped.id)
    at = no_errors(app(afmeld=token))
    page = plain(" ".join(m.value for m in at.markdown))
    assert "Stop e-mails fra mødearkivet" in page and f"sag {CASE}" in page and "Dialogforum" not in page
    assert len(list_follows(index)) == 2  # opening the link stops nothing: mail scanners open links too
    at.button(key="unsubscribe").click()
    at = no_errors(at.run())
    assert at.success[0].value == "Du får ikke flere e-mails om dette fra mødearkivet."
    assert [f.id for f in list_follows(index)] == [kept.id]
    assert not [b for b in at.button if b.key == "unsubscribe"]
    assert ("unsubscribe", "link", None) in actions(index)
    again = no_errors(app(afmeld=token))  # a second click is not an error
    assert any("allerede slået fra" in i.value for i in again.info)


def test_the_link_for_a_whole_address_stops_all_of_it_and_a_forged_one_nothing(own_dirs):
    _, index = own_dirs
    archive = opened(index)
    add_follow(archive, FollowRequest("body", "anna@example.dk", target="Dialogforum"))
    add_follow(archive, FollowRequest("case", "anna@example.dk", target=CASE))
    other = add_follow(archive, FollowRequest("case", "bo@example.dk", target=CASE))
    token = email_token(signing_key(index), "anna@example.dk")
    forged = no_errors(app(afmeld=token[:-3] + "AAA"))
    assert forged.warning[0].value.startswith("Linket til at stoppe e-mails er ikke gyldigt")
    assert len(list_follows(index)) == 3
    at = no_errors(app(afmeld=token, lang="en"))
    assert "The link stops e-mails to anna@example.dk about:" in plain(" ".join(m.value for m in at.markdown))
    at.button(key="unsubscribe").click()
    at = no_errors(at.run())
    assert at.success[0].value.startswith("You will get no more e-mails")
    assert [f.id for f in list_follows(index)] == [other.id]


def test_the_digests_link_of_an_english_follow_opens_the_app_in_english_unless_the_link_says_otherwise(own_dirs):
    _, index = own_dirs
    made = add_follow(opened(index), FollowRequest("case", "anna@example.dk", target=CASE, language="en"))
    token = follow_token(signing_key(index), made.id)
    at = no_errors(app(afmeld=token))
    page = plain(" ".join(m.value for m in at.markdown))
    assert "Stop e-mails from the meeting archive" in page and f"case {CASE}" in page  # as the API's page
    assert at.button(key="unsubscribe").label == "Stop these e-mails"
    danish = plain(" ".join(m.value for m in no_errors(app(afmeld=token, lang="da")).markdown))
    assert "Stop e-mails fra mødearkivet" in danish


# -- the secretariat ---------------------------------------------------------------------------------------
def log_in_as(at, name: str | None = None, password: str = PASSWORD):
    at = goto(at, "sekretariat")
    at.text_input(key="password").set_value(password)
    if name is not None:
        at.text_input(key="login_name").set_value(name)
    at.button[0].click()
    return at.run()


def test_the_secretariat_sees_every_follow_and_removes_one(own_dirs, secretariat):
    _, index = own_dirs
    archive = opened(index)
    first = add_follow(archive, FollowRequest("search", "anna@example.dk", "daily", query="husleje",
                                              filters={"bodies": ["Dialogforum"]}))
    second = add_follow(archive, FollowRequest("case", "bo@example.dk", target=CASE))
    at = no_errors(log_in_as(app(), "mette"))
    follows = table(at, "E-mail")
    assert list(follows["E-mail"]) == ["anna@example.dk", "bo@example.dk"]
    assert list(follows["Status"]) == ["aktiv", "aktiv"]  # made by the secretariat
    assert list(follows["Følger"]) == ["søgningen »husleje« (Dialogforum)", f"sag {CASE}"]
    assert list(follows["Hyppighed"]) == ["Dagligt", "Ugentligt"]
    at.text_input(key="follows_filter").set_value("bo@").run()
    assert list(table(at, "E-mail")["E-mail"]) == ["bo@example.dk"]
    at.text_input(key="follows_filter").set_value("").run()
    at.multiselect(key="follows_remove").set_value([first.id]).run()
    at.button(key="follows_remove_button").click()
    at = no_errors(at.run())
    assert at.success[0].value == "1 overvågning(er) fjernet."
    assert [f.id for f in list_follows(index)] == [second.id]
    assert list(table(at, "E-mail")["E-mail"]) == ["bo@example.dk"]
    assert ("unfollow", "mette", str(first.id)) in actions(index)


def test_a_follow_stores_what_is_followed_and_each_screen_words_it_in_its_own_language(own_dirs, secretariat):
    _, index = own_dirs
    fill_follow(search(app(mode="lexical", lang="en"), "public toilets"), "search", "anna@example.dk", "Weekly")
    [made] = list_follows(index)
    assert (made.query, made.filters) == ("public toilets", {})  # no words in either language are kept
    english = no_errors(log_in_as(app(lang="en"), "mette"))
    assert list(table(english, "E-mail")["Follows"]) == ["the search “public toilets”"]
    danish = no_errors(log_in_as(app(), "mette"))
    assert list(table(danish, "E-mail")["Følger"]) == ["søgningen »public toilets«"]


def test_the_secretariats_follow_made_in_the_app_is_active_at_once(own_dirs, secretariat):
    _, index = own_dirs
    at = goto(no_errors(log_in_as(app(mode="lexical"), "mette")), "")
    at = fill_follow(search(at, "huslejestigninger"), "search", "anna@example.dk")
    [made] = list_follows(index)
    assert not made.pending and plain(at.success[0].value).startswith("Du følger nu søgningen »huslejestigninger«")


def test_readers_never_see_the_follows_or_the_log(dirs, secretariat):
    at = goto(app(), "sekretariat")
    assert not at.dataframe and "password" in [w.key for w in at.text_input]


def test_the_secretariats_actions_are_audited_and_shown_with_the_apis(own_dirs, secretariat):
    archive_dir, index = own_dirs
    record(index, "mark_follow_up", who="jens", client="203.0.113.7", target="fu-x", detail="done")  # through the API
    at = no_errors(log_in_as(app(), "mette"))
    at.file_uploader[0].set_value([("snerydning.txt", SNOW, "text/plain")]).run()
    at = wait_for_build(at.button(key="upload_save").click().run(), index)
    at = goto(at, "arkiv")
    at.selectbox(key="read_doc").set_value("pdfs/handicap.pdf").run()
    inputs = {i.label: i for i in at.text_input}
    inputs["Organ"].set_value("Tilgængelighedsrådet")
    next(b for b in at.button if b.label.startswith("Gem i kataloget")).click()
    at = wait_for_build(at.run(), index)
    at = goto(at, "beslutninger")
    at.segmented_control(key="d_view").set_value("follow_ups").run()
    done = next(b for b in at.button if b.key and b.key.startswith("done_"))
    follow_up_id = done.key.removeprefix("done_")
    done.click().run()
    assert opened(index).follow_up(follow_up_id).mark.marked_by == "mette"
    logged = actions(index)
    for entry in [("login", "mette", "secretariat"), ("upload", "mette", "uploads/snerydning.txt"),
                  ("correct", "mette", "pdfs/handicap.pdf"), ("mark_follow_up", "mette", follow_up_id),
                  ("mark_follow_up", "jens", "fu-x")]:
        assert entry in logged, entry
    at = goto(at, "sekretariat")
    log = table(at, "Handling")
    rows = list(zip(log["Hvem"], log["Handling"], log["Hvad"]))
    assert rows[0] == ("mette", "markerede en opfølgning", follow_up_id)  # newest first
    assert ("mette", "uploadede", "uploads/snerydning.txt") in rows and ("mette", "rettede oplysninger",
                                                                        "pdfs/handicap.pdf") in rows
    assert ("jens", "markerede en opfølgning", "fu-x") in rows and "203.0.113.7" in list(log["Hvorfra"])
    assert "body=Tilgængelighedsrådet" in " ".join(log["Detaljer"])
    assert ("mette", "sekretariatet") in [(who, what) for who, what in zip(log["Hvem"], log["Hvad"])]  # her login


def test_failed_logins_are_throttled_logged_and_audited(own_dirs, secretariat, monkeypatch, caplog):
    import ui.manage

    _, index = own_dirs
    now = [1000.0]
    throttle = roles.LoginThrottle(delay=1, max_delay=8, lockout_after=3, lockout_seconds=900, clock=lambda: now[0])
    monkeypatch.setattr(ui.manage, "login_throttle", lambda: throttle)
    checked = []
    real = roles.verify_password
    monkeypatch.setattr(roles, "verify_password", lambda p, h: checked.append(p) or real(p, h))

    def attempt(at, password):
        at.text_input(key="password").set_value(password)
        at.button[0].click()
        return at.run()

    with caplog.at_level(logging.WARNING, logger="indexer.app"):
        at = log_in_as(app(), "gæst", "forkert-1")
        assert at.error[0].value == "Forkert adgangskode."
        at = attempt(at, PASSWORD)  # at once: refused unchecked, even the right password
        assert at.error[0].value == "For mange forkerte forsøg herfra. Prøv igen om 1 sekunder."
        assert checked == ["forkert-1"] and not at.file_uploader
        now[0] += 1
        at = attempt(at, "forkert-2")
        assert at.error[0].value == "Forkert adgangskode."
        assert "Næste forsøg kan tidligst ske om 2 sekunder." in [c.value for c in at.caption]
        now[0] += 2
        at = attempt(at, "forkert-3")  # the third in a row: locked out
        now[0] += 600
        at = attempt(at, PASSWORD)
        assert at.error[0].value == "For mange forkerte forsøg herfra. Prøv igen om 300 sekunder."
        now[0] += 300
        at = no_errors(attempt(at, PASSWORD))
        assert at.file_uploader  # in
    assert "failed secretariat login in the app from local" in caplog.text and "forkert" not in caplog.text
    failed = [e for e in entries(index) if e.action == "login_failed" and e.who == "gæst"]
    assert [e.detail for e in reversed(failed)] == ["1 in a row", "2 in a row", "3 in a row"]
    assert {e.client for e in failed} == {"local"}


# -- duplicates: said at once, never "waiting" -------------------------------------------------------------
def test_a_duplicate_upload_is_refused_at_once_and_a_skipped_copy_is_not_waiting(own_dirs, secretariat):
    archive_dir, index = own_dirs
    original = "minutes/000_e9b7192dbc8b80a1.txt"
    at = no_errors(log_in_as(app()))
    at.file_uploader[0].set_value([("kopi.txt", (archive_dir / original).read_bytes(), "text/plain")]).run()
    at.button(key="upload_save").click().run()
    assert at.error[0].value == f"kopi.txt blev ikke gemt: samme indhold som {original}"
    assert not list((archive_dir / "uploads").glob("*.txt"))
    (archive_dir / "andet").mkdir()  # a copy put in the folder by hand: the build skips it as a duplicate
    shutil.copy(archive_dir / original, archive_dir / "andet" / "kopi.txt")
    report = build(archive_dir, index, embedder=EMBEDDER)
    assert [(s.path, s.code) for s in report.skipped] == [("andet/kopi.txt", "duplicate")]
    at = goto(at, "arkiv")
    assert "Ingen filer venter på at blive indekseret." in [c.value for c in at.caption]
    assert not [e for e in at.expander if e.label.startswith("Filer der venter")]
    skipped = next(e for e in at.expander if e.label == "Filer der ikke bliver indekseret (1)")
    assert f"`andet/kopi.txt`: samme indhold som {original}" in plain(skipped.markdown[0].value)


def test_an_update_started_in_the_app_collects_what_is_new_for_follows(own_dirs, secretariat):
    from indexer.alerts.follows import alert_store

    _, index = own_dirs
    follow = add_follow(opened(index), FollowRequest("search", "anna@example.dk", query="snerydning", mode="lexical"))
    at = no_errors(log_in_as(app()))
    at.file_uploader[0].set_value([("snerydning.txt", SNOW, "text/plain")]).run()
    wait_for_build(at.button(key="upload_save").click().run(), index)
    with alert_store(index) as store:
        found = store.matches(follow.id)
    assert found and {m.payload["document"] for m in found} == {"uploads/snerydning.txt"}


def test_the_logs_moments_are_on_danish_time_as_the_archive_page_says_them_whatever_the_servers_zone(monkeypatch):
    import time

    from ui.follow import _when

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert _when("2026-06-01T10:00:00+00:00") == "2026-06-01 12:00"  # summer time: UTC+2
        assert _when("2026-12-05T21:19:00") == "2026-12-05 22:19"  # the store's UTC without its zone
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_logs_english_words_read_in_the_readers_language():
    from ui.follow import _known_word

    assert _known_word("who", "link") == "et link i en e-mail" and _known_word("client", "command line") == "kommandolinjen"
    assert _known_word("who", "mette") == "mette" and _known_word("client", "203.0.113.7") == "203.0.113.7"
    assert _known_word("who", None) == "—"


def test_the_audit_log_tells_failed_logins_in_the_readers_language():
    from ui.follow import _detail

    assert _detail("3 in a row") == "3 i træk"  # the app's default language
    assert _detail("fra 127.0.0.1") == "fra 127.0.0.1" and _detail(None) == ""
