"""People: per attendee or speaker the meetings attended and missed (a meeting system's attendee list,
or the minutes' "Til stede" / "Afbud"), the votes cast where members are named, the proposals made and
what they said; names matched exactly (whitespace aside), a party suffix "(V)" kept apart. The rules,
then `Archive.people` / `Archive.person` on a small hashed index, the command line and the API
(the app page: test_app_people.py)."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from indexer import present
from indexer.build.run import build
from indexer.cli import main
from indexer.errors import InvalidInput
from indexer.minutes.people import Name, meeting_attendance, proposals_in, same_person, split_name, votes_cast
from indexer.records import Decision, Paragraph, Record, Vote
from indexer.search.archive import Archive

from .fakes import HashEmbedder
from .firstagenda import write_meeting
from .paths import SAMPLE_FOLKETINGET


# -- names -------------------------------------------------------------------------------------
@pytest.mark.parametrize("written, name", [
    ("Mehmet Zeki Dogru (Ø)", Name("Mehmet Zeki Dogru", "Ø")),
    ("Liselott Blixt (UP-1)", Name("Liselott Blixt", "UP-1")),
    ("Lolan Ottesen (A) - formand", Name("Lolan Ottesen", "A", "formand")),
    ("Mette Jensen (A, formand)", Name("Mette Jensen", "A", "formand")),
    ("Carl Berg (Fraværende)", Name("Carl Berg", None, "Fraværende")),
    ("  Anne   Marie\tLyduch ", Name("Anne Marie Lyduch")),
    ("(F)", Name("", "F")),
])
def test_a_written_name_is_split_from_its_party_and_role(written, name):
    assert split_name(written) == name


def test_names_are_matched_exactly_whitespace_and_party_aside():
    assert same_person("Liselott  Blixt (UP)", "Liselott Blixt")
    assert not same_person("Hans-Jørgen Kirstein", "Hans Jørgen Kirstein")
    assert not same_person("liselott blixt", "Liselott Blixt") and not same_person("", "")


@pytest.mark.parametrize("written", ["V", "(Ø)", "Enhedslisten", "Det Konservative Folkeparti", "Forligsparterne",
                                     "Socialistisk Folkeparti"])
def test_a_party_is_no_person(written):
    assert not split_name(written).is_person


# -- what a meeting says ----------------------------------------------------------------------------
def test_a_meeting_systems_attendee_list_gives_present_and_absent_once_per_person():
    outline = {"attendees": [{"name": "Anne Hansen", "role": None, "absent": False, "note": None},
                             {"name": "Bo Jensen (V)", "role": None, "absent": False, "note": "Fraværende under punkt 3"},
                             {"name": "Carl Berg", "role": "C", "absent": True, "note": "Afbud"}]}
    minutes = Record(path="m.json", content_hash="ab" * 32, body="Socialudvalget", meeting_date="2022-03-01",
                     doc_type="referat", meeting=outline)
    agenda = Record(path="a.json", content_hash="cd" * 32, body="Socialudvalget", meeting_date="2022-03-01",
                    doc_type="dagsorden", meeting={"attendees": outline["attendees"][:1]})
    found = {p.name: p for p in meeting_attendance([agenda, minutes], {})}
    assert set(found) == {"Anne Hansen", "Bo Jensen", "Carl Berg"}  # the minutes' list, not the agenda's
    assert found["Bo Jensen"].present and found["Bo Jensen"].party == "V"
    assert found["Bo Jensen"].note == "Fraværende under punkt 3"
    assert not found["Carl Berg"].present and found["Carl Berg"].party == "C" and found["Carl Berg"].note == "Afbud"
    assert found["Anne Hansen"].document == "m.json" and found["Anne Hansen"].date == "2022-03-01"


def test_minutes_read_from_text_give_til_stede_and_afbud():
    record = Record(path="m.txt", content_hash="ef" * 32, body="Sundhedsudvalget", meeting_date="2012-12-04")
    text = "Referat\nTil stede:\nLolan Ottesen (A) - formand\nBirte Kramhøft (F)\nAfbud: Karl Vilhelm Nielsen (V)\nSekretær"
    found = meeting_attendance([record], {"m.txt": [Paragraph(id="m-0", document="m.txt", position=0, text=text)]})
    assert [(p.name, p.party, p.present, p.note) for p in found] == [
        ("Lolan Ottesen", "A", True, "formand"), ("Birte Kramhøft", "F", True, None),
        ("Karl Vilhelm Nielsen", "V", False, None)]


def test_votes_name_members_and_parties_apart():
    decision = Decision(id="d1", document="by.json", body="Byrådet", meeting_date="2022-05-23", item_number="4",
                        item_title="Salg af grund", text="…", outcome="approved", paragraph_id="p-1",
                        votes=[Vote("for", ["A", "V", "Mehmet Zeki Dogru (Ø)"]),
                               Vote("against", ["Liselott Blixt (UP)"], remark="da prisen er for lav")],
                        case_number="22-000200")
    votes = votes_cast([decision])
    assert [(v.name, v.party, v.position) for v in votes] == [("Mehmet Zeki Dogru", "Ø", "for"),
                                                             ("Liselott Blixt", "UP", "against")]
    assert votes[1].remark == "da prisen er for lav" and votes[1].case_number == "22-000200"
    assert votes[1].as_written == "Liselott Blixt (UP)" and votes[1].item_number == "4"


@pytest.mark.parametrize("text, proposer, names, what", [
    ("Forslag fra Mehmet Zeki Dogru (Ø) om en ny cykelsti blev forkastet.", "Mehmet Zeki Dogru (Ø)",
     ("Mehmet Zeki Dogru",), "en ny cykelsti blev forkastet"),
    ("Liselott Blixt (UP) stillede forslag om, at sagen udsættes.", "Liselott Blixt (UP)", ("Liselott Blixt",),
     "at sagen udsættes"),
    ("(Ø) fremsatte følgende forslag til beslutning: Byrådet vedtager et mål.", "(Ø)", (), "Byrådet vedtager et mål"),
    ("Ændringsforslag fra Enhedslisten og SF om flere pædagoger.", "Enhedslisten og SF", (), "flere pædagoger"),
])
def test_proposals_name_who_made_them(text, proposer, names, what):
    found = proposals_in(Paragraph(id="p-1", document="x.txt", position=0, text=text, item_number="3"),
                         "Byrådet", "2022-05-23")
    assert [(p.proposer, p.names, p.what) for p in found] == [(proposer, names, what)]
    assert found[0].item_number == "3" and found[0].date == "2022-05-23"


@pytest.mark.parametrize("text", ["Baggrunden var et forslag fra Regeringen om tryghedsvagter.",
                                  "Administrationen foreslår, at sagen godkendes.",
                                  "Forslag fra administrationen om besparelser."])
def test_an_authority_or_the_administration_is_no_proposer(text):
    assert proposals_in(Paragraph(id="p-1", document="x.txt", position=0, text=text)) == []


# -- in a built index ---------------------------------------------------------------------------------
BY = "Byrådet"
MINUTES = ("Referat af møde i Ældrerådet\n\nTil stede: Anne Hansen (A) - formand, Bo Jensen (V)\n\n"
           "Afbud: Mehmet Zeki Dogru (Ø)\n\nPunkt 1. Bustider\n\nRådet drøftede bustiderne.\n")
DECISION = ("Godkendt. For stemte: (A), (V) og Mehmet Zeki Dogru (Ø). Imod stemte: Liselott Blixt (UP). "
            "Liselott Blixt (UP) stillede forslag om, at salget udsættes. Forslaget blev forkastet.")
SITTING = "folketinget-2019-06-20-1200.txt"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("people")
    archive = root / "archive"
    write_meeting(archive / "by", BY, "2022-05-23", [("22-000200", "Salg af grund", [("Beslutning", DECISION)])],
                  attendees=["Mehmet Zeki Dogru", "Liselott Blixt"], absent=["Hans-Jørgen Kirstein"])
    write_meeting(archive / "by", BY, "2022-06-20", [("22-000201", "Ny cykelsti", [("Beslutning", "Godkendt.")])],
                  attendees=["Liselott Blixt", "Hans Jørgen Kirstein"], absent=["Mehmet Zeki Dogru"])
    (archive / "aeldreraad.txt").write_text(MINUTES, encoding="utf-8")
    shutil.copy(SAMPLE_FOLKETINGET / SITTING, archive / SITTING)
    (archive / "catalog.csv").write_text(
        "path,title,body,meeting_date,doc_type,case_number,document_date,attachment_to\n"
        "aeldreraad.txt,Referat Ældrerådet,Ældrerådet,2022-04-04,referat,,,\n", encoding="utf-8")
    build(archive, root / "index", embedder=HashEmbedder())
    return root / "index"


@pytest.fixture(scope="module")
def archive(index_dir):
    return Archive.open(index_dir, embedder=HashEmbedder())


def test_everyone_named_is_listed_once_with_what_the_records_say(archive):
    people = {p.name: p for p in archive.people()}
    mehmet = people["Mehmet Zeki Dogru"]
    assert (len(mehmet.attended), len(mehmet.missed), len(mehmet.votes)) == (1, 2, 1)
    assert mehmet.parties == ["Ø"] and set(mehmet.bodies) == {BY, "Ældrerådet"}
    assert [p.date for p in mehmet.missed] == ["2022-04-04", "2022-06-20"]  # text minutes' Afbud, then the portal's
    assert people["Anne Hansen"].attended[0].note == "formand"
    assert "Hans-Jørgen Kirstein" in people and "Hans Jørgen Kirstein" in people  # two ways of writing, two names
    assert "Bertel Haarder" in people and people["Bertel Haarder"].spoke > 0  # a speaker of the sitting
    assert not {"A", "V", "(Ø)", "Ø"} & set(people)
    assert [p.name for p in archive.people()] == sorted(people, key=lambda n: (n.casefold(), n))


def test_a_person_has_votes_proposals_and_what_they_said(archive):
    lise = archive.person("Liselott  Blixt (UP)")
    assert lise.name == "Liselott Blixt" and len(lise.attended) == 2 and not lise.missed
    assert [(v.position, v.item_title, v.case_number) for v in lise.votes] == [("against", "Salg af grund", "22-000200")]
    assert [p.what for p in lise.proposals] == ["at salget udsættes"]
    assert lise.statements == []
    bertel = archive.person("Bertel Haarder")
    assert bertel.statements and all(s.document == SITTING for s in bertel.statements)
    assert "Mødet er åbnet" in bertel.statements[0].text and bertel.statements[0].party == "V"
    assert bertel.to_json()["statements"] == len(bertel.statements) == bertel.spoke


def test_an_unknown_or_bad_name_is_none_or_refused(archive):
    assert archive.person("Nobody Here") is None
    assert archive.person("liselott blixt") is None  # exact: not by case
    with pytest.raises(InvalidInput):
        archive.person("   ")
    with pytest.raises(InvalidInput):
        archive.person("x" * 300)


def test_person_lines_read_counts_and_each_list(archive):
    lines = present.person_lines(archive.person("Mehmet Zeki Dogru"))
    assert lines[0] == "Mehmet Zeki Dogru (Ø)"
    assert lines[1] == "1 møder, 2 fravær, 1 stemmer, 0 forslag, 0 indlæg"
    assert "Fraværende ved 2 møder:" in lines and "  Ældrerådet, 4. april 2022" in lines
    assert any(line.startswith("  For — Byrådet, 23. maj 2022, punkt 1 Salg af grund (godkendt)") for line in lines)


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_cli_people_and_person(index_dir):
    listed = cli("people", "--index", index_dir)
    assert listed.exit_code == 0 and "Liselott Blixt (UP) — 2 møder, 0 fravær, 1 stemmer, 1 forslag" in listed.output
    data = json.loads(cli("people", "--index", index_dir, "--json").output)
    assert data["total"] == len(data["people"]) and {"name", "attended", "missed", "votes"} <= set(data["people"][0])
    one = json.loads(cli("person", "Mehmet", "Zeki", "Dogru", "--index", index_dir, "--json").output)
    assert one["name"] == "Mehmet Zeki Dogru" and len(one["missed_meetings"]) == 2
    assert one["votes_cast"][0]["position"] == "for" and one["attended_meetings"][0]["body"] == BY
    missing = cli("person", "Nobody", "--index", index_dir)
    assert missing.exit_code == 1 and missing.output.count("\n") == 1 and "Nobody" in missing.output


def test_api_people_and_one_person(index_dir):
    from fastapi.testclient import TestClient

    from indexer.api import ApiSettings, create_app

    client = TestClient(create_app(ApiSettings(index_dir=index_dir, archive_dir=index_dir.parent / "archive"),
                                   embedder=HashEmbedder()))
    listed = client.get("/people").json()
    assert listed["total"] >= 6 and any(p["name"] == "Anne Hansen" for p in listed["people"])
    one = client.get("/people/Liselott Blixt (UP)")
    assert one.status_code == 200 and one.json()["proposals_made"][0]["what"] == "at salget udsættes"
    assert client.get("/people/Nobody").status_code == 404
    assert client.get("/people/" + "x" * 300).status_code == 422
