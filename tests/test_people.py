"""People: per attendee or speaker the meetings attended and missed (a meeting system's attendee list,
or the minutes' "Til stede" / "Afbud"), the votes cast where members are named, the proposals made and
what they said; names matched whatever their case, hyphens and accents, a party suffix "(V)" kept apart,
and one person's spellings of their name put together where nothing says they are two people. The rules,
then `Archive.people` / `Archive.person` on a small hashed index, the command line and the API
(the app page: test_app_people.py)."""
from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner

from indexer import present
from indexer.build.run import build
from indexer.cli import main
from indexer.errors import InvalidInput
from indexer.minutes.fields import further_decisions, read_field
from indexer.minutes.people.attendance import Presence, item_notes, meeting_attendance
from indexer.minutes.people.gather import gather
from indexer.minutes.people.names import Name, ballot_letter, member_named, name_key, same_person, split_name
from indexer.minutes.people.proposals import proposals_in
from indexer.minutes.people.votes import votes_cast
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
    # an office before the name is a role: "Socialborgmester Jesper Christensen (A)" is Jesper Christensen (A)
    ("Socialborgmester Jesper Christensen (A)", Name("Jesper Christensen", "A", "Socialborgmester")),
    ("Borgmester Pernille Beckmann (V)", Name("Pernille Beckmann", "V", "Borgmester")),
])
def test_a_written_name_is_split_from_its_party_and_role(written, name):
    assert split_name(written) == name


def test_names_are_matched_whatever_their_case_hyphens_accents_and_party():
    assert same_person("Liselott  Blixt (UP)", "Liselott Blixt")
    assert same_person("Hans-Jørgen Kirstein", "hans jørgen kirstein")
    assert same_person("Mehmet Zeki Doğru (Ø)", "MEHMET ZEKI DOGRU")
    assert name_key("Hans-Jørgen Kirstein (UP-2)") == "hans jørgen kirstein"  # ø is a letter, not an accent
    assert not same_person("Maria Witthøft", "Maria Holdt Witthøft") and not same_person("", "")


def _at(name: str, day: str, party: str | None = None, present: bool = True) -> Presence:
    return Presence(name, party, present, "Byrådet", day, f"by-{day}.json")


def _voted(voter: str, decision: str) -> Decision:
    return Decision(id=decision, document=f"{decision}.json", body="Byrådet", meeting_date="2022-05-31",
                    item_number="1", item_title="Budget", text="…", outcome="approved", paragraph_id=f"{decision}-p",
                    votes=[Vote("for", [voter])])


def _people(presences=(), decisions=()) -> dict:
    return gather(presences, votes_cast(decisions), [], [])


def test_spellings_of_one_name_are_one_person_under_the_spelling_most_used():
    people = _people([_at("Linda Heegaard", "2022-01-10", "SF"), _at("Linda Heegaard", "2022-02-07"),
                      _at("Maria Witthøft", "2022-01-10", "A"), _at("Maria Witthøft", "2022-02-07"),
                      _at("Hans-Jørgen Kirstein", "2022-01-10"),
                      _at("Hans Jørgen Kirstein", "2022-02-07"), _at("Hans-Jørgen Kirstein", "2022-03-07")],
                     [_voted("Linda Hegaard (F)", "d1"), _voted("Maria Holdt Witthøft (A)", "d2")])
    assert sorted(people) == ["Hans-Jørgen Kirstein", "Linda Heegaard", "Maria Witthøft"]
    linda = people["Linda Heegaard"]
    assert linda.aliases == ["Linda Hegaard"] and linda.parties == ["SF"]  # SF's letter is F: one party, as first written
    assert (len(linda.attended), len(linda.votes)) == (2, 1)
    assert people["Maria Witthøft"].aliases == ["Maria Holdt Witthøft"]
    kirstein = people["Hans-Jørgen Kirstein"]
    assert kirstein.aliases == ["Hans Jørgen Kirstein"] and [p.date for p in kirstein.attended] == [
        "2022-01-10", "2022-02-07", "2022-03-07"]
    assert linda.summary()["aliases"] == ["Linda Hegaard"]


def test_a_tie_is_shown_under_the_longer_spelling():
    people = _people([_at("Maria Witthøft", "2022-01-10"), _at("Maria Holdt Witthøft", "2022-02-07")])
    assert list(people) == ["Maria Holdt Witthøft"] and people["Maria Holdt Witthøft"].aliases == ["Maria Witthøft"]


@pytest.mark.parametrize("presences, votes, why", [
    ([_at("Anne Jensen", "2022-01-10"), _at("Anne Marie Jensen", "2022-02-07"),
      _at("Anne Kirsten Jensen", "2022-03-07")], [], "two who may be the shorter name"),
    ([_at("Linda Heegaard", "2022-01-10", "SF"), _at("Linda Hegaard", "2022-02-07", "V")], [], "parties differ"),
    ([_at("Linda Heegaard", "2022-01-10"), _at("Linda Hegaard", "2022-01-10")], [], "both at one meeting"),
    ([_at("Linda Heegaard", "2022-01-10", present=False), _at("Linda Hegaard", "2022-01-10")], [],
     "both on one meeting's list"),
    ([], [("Maria Witthøft", "d1"), ("Maria Holdt Witthøft", "d1")], "both voting on one decision"),
    ([_at("Ole Berg", "2022-01-10"), _at("Ole Borg", "2022-02-07")], [], "a last name under 6 letters"),
    ([_at("Bo Hansen", "2022-01-10"), _at("Bo Jensen", "2022-02-07")], [], "two letters apart"),
    ([_at("Bo Nielsen", "2022-01-10"), _at("Bo Nielsson", "2022-02-07"), _at("Bo Nielson", "2022-03-07")], [],
     "a last name one letter from two others"),
    ([_at("Anne Jensen", "2022-01-10"), _at("Marie Jensen", "2022-02-07")], [], "first names differ"),
])
def test_spellings_are_kept_apart_where_the_archive_says_two_people(presences, votes, why):
    decisions = [Decision(id=d, document=f"{d}.json", body="Byrådet", meeting_date="2022-05-31", item_number="1",
                          item_title="Budget", text="…", outcome="approved", paragraph_id=f"{d}-p",
                          votes=[Vote("for", [v for v, dd in votes if dd == d])]) for d in {d for _, d in votes}]
    people = _people(presences, decisions)
    assert len(people) == len({p.name for p in presences} | {v for v, _ in votes}), why
    assert not any(p.aliases for p in people.values()), why


def test_counts_agree_with_their_number_in_danish_and_english():
    from types import SimpleNamespace

    one = SimpleNamespace(attended=[1], missed=[], votes=[1], proposals=[1, 2], spoke=1)
    assert present.person_counts(one) == "1 møde, 0 fravær, 1 stemme, 2 forslag, 1 indlæg"
    assert present.person_counts(one, present.PEOPLE_WORDS["en"]) == \
        "1 meeting, 0 absences, 1 vote, 2 proposals, 1 statement"


def test_an_attendance_note_reads_in_english_in_english_mode():
    from ui.strings import WORDING

    english = WORDING["en"]
    absent = Presence("Anna Berg", "A", False, "Byrådet", "2022-04-25", "b.json", "Fraværende under punkt 1, 2")
    assert present.presence_line(absent, english) == "Byrådet, 25 April 2022 (absent for items 1, 2)"
    assert present.presence_line(absent) == "Byrådet, 25. april 2022 (Fraværende under punkt 1, 2)"
    assert present.attendance_note("Afbud", english) == "sent apologies"
    assert present.attendance_note("A, formand", english) == "A, chair"


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


def test_a_vote_on_a_point_carries_that_points_outcome_not_the_items():
    # Byrådet 2 October 2023, item 12: Ø's budget (point 1a) rejected, the settlement's (1b) approved
    decision = Decision(id="d1", document="by.json", body="Byrådet", meeting_date="2023-10-02", item_number="12",
                        item_title="2. behandling af Budget 2024-27", text="…", outcome="approved", paragraph_id="p-1",
                        votes=[Vote("against", ["Claus Dyremose (C)"], point="1a"),
                               Vote("for", ["Claus Dyremose (C)"], point="1b"),
                               Vote("for", ["Claus Dyremose (C)"], point="7")],
                        points=[{"point": "1a", "outcome": "rejected", "text": "… afviste Byrådet indstillingspunkt 1a"},
                                {"point": "1b", "outcome": "approved", "text": "… godkendte Byrådet indstillingspunkt 1b"}])
    assert [(v.point, v.outcome) for v in votes_cast([decision])] == [("1a", "rejected"), ("1b", "approved"),
                                                                      ("7", "approved")]


@pytest.mark.parametrize("text, proposer, names, what", [
    ("Forslag fra Mehmet Zeki Dogru (Ø) om en ny cykelsti blev forkastet.", "Mehmet Zeki Dogru (Ø)",
     ("Mehmet Zeki Dogru",), "en ny cykelsti blev forkastet"),
    ("Liselott Blixt (UP) stillede forslag om, at sagen udsættes.", "Liselott Blixt (UP)", ("Liselott Blixt",),
     "at sagen udsættes"),
    ("(Ø) fremsatte følgende forslag til beslutning: Byrådet vedtager et mål.", "(Ø)", (), "Byrådet vedtager et mål"),
    ("Ændringsforslag fra Enhedslisten og SF om flere pædagoger.", "Enhedslisten og SF", (), "flere pædagoger"),
    # Greve's wording
    ("Mehmet Zeki Dogru (Ø) stiller forslag om, at alle energispareforslag rulles tilbage.", "Mehmet Zeki Dogru (Ø)",
     ("Mehmet Zeki Dogru",), "at alle energispareforslag rulles tilbage"),
    ("V, D og Liselott Blixt (UP) stiller forslag om, at energispareforslag vedr. saunaen rulles tilbage.",
     "V, D og Liselott Blixt (UP)", ("Liselott Blixt",), "at energispareforslag vedr. saunaen rulles tilbage"),
    ("V og D stiller forslag om at temperaturen hæves til 21 grader.", "V og D", (),
     "at temperaturen hæves til 21 grader"),
    ("Forslag fra Ø: Byrådet vedtager et mål.", "Ø", (), "Byrådet vedtager et mål"),
    ("Initiativretsforslag fra Det Konservative Folkeparti vedr. tilbagerulning af lokalplan 12.50.",
     "Det Konservative Folkeparti", (), "tilbagerulning af lokalplan 12.50"),
    ("Byrådet afviste indstillingspunkt 1a - budgetforslag fremlagt af (Ø).", "(Ø)", (), "budgetforslag"),
    ("Byrådet godkendte indstillingspunkt 1b - budgetforslag og underændringsforslag fremsendt af forligspartierne "
     "(V), (A), Liselott Blixt (UP-1), Hans-Jørgen Kirstein (UP-2) og (F).",
     "(V), (A), Liselott Blixt (UP-1), Hans-Jørgen Kirstein (UP-2) og (F)", ("Liselott Blixt", "Hans-Jørgen Kirstein"),
     "budgetforslag og underændringsforslag"),
    ("- Budgetforslag fra forligsparterne; Venstre, Liselott Blixt (UP1) og Socialistisk Folkeparti (bilag 1)",
     "Venstre, Liselott Blixt (UP1) og Socialistisk Folkeparti", ("Liselott Blixt",), None),
    ("Byrådet sendte initiativretsforslag stillet af Venstre om et bystrategisk råd til behandling i udvalget.",
     "Venstre", (), "et bystrategisk råd til behandling i udvalget"),
])
def test_proposals_name_who_made_them(text, proposer, names, what):
    found = proposals_in(Paragraph(id="p-1", document="x.txt", position=0, text=text, item_number="3"),
                         "Byrådet", "2022-05-23")
    assert [(p.proposer, p.names, p.what) for p in found] == [(proposer, names, what)]
    assert found[0].item_number == "3" and found[0].date == "2022-05-23"


def test_a_proposal_said_to_follow_is_told_with_the_sentence_that_follows():
    # Byrådet, 5 September 2022, item 16: the proposal stands on the line after "… til beslutning:"
    text = ("Imod stemte: (Ø).\n(Ø) fremsatte følgende forslag til beslutning:\nByrådet vedtager et mål om at nedsætte "
            "omgørelsesprocenten til 20 % over en 5-årig periode.\nFor stemte: (Ø)")
    [found] = proposals_in(Paragraph(id="p-1", document="x.json", position=0, text=text, heading="Beslutning"))
    assert found.text.startswith("(Ø) fremsatte følgende forslag til beslutning: Byrådet vedtager et mål")
    assert found.what == "Byrådet vedtager et mål om at nedsætte omgørelsesprocenten til 20 % over en 5-årig periode"


def test_a_proposal_told_in_the_past_in_the_case_description_is_no_proposal_at_this_meeting():
    told = "Venstre stillede forslag om, at sagen sendes til realitetsbehandling i Plan- og Udviklingsudvalget."
    described = Paragraph(id="p-1", document="x.json", position=0, text=told, heading="Sagsbeskrivelse")
    decided = Paragraph(id="p-2", document="x.json", position=1, text=told, heading="Beslutning")
    assert proposals_in(described) == [] and [p.proposer for p in proposals_in(decided)] == ["Venstre"]


@pytest.mark.parametrize("text", ["Baggrunden var et forslag fra Regeringen om tryghedsvagter.",
                                  "Administrationen foreslår, at sagen godkendes.",
                                  "Forslag fra administrationen om besparelser.",
                                  "De fremsatte forslag skal ses som et udtryk for tillid.",
                                  "Administrationen stiller forslag til indsatser i to udvalgssager.",
                                  "Greve Marina har fremsendt forslag fra Greve Marina om en ny havn.",
                                  "Byrådet besluttede at sende initiativretsforslaget fra Venstre til realitetsbehandling."])
def test_an_authority_the_administration_or_a_proposal_made_before_is_no_proposal(text):
    assert proposals_in(Paragraph(id="p-1", document="x.txt", position=0, text=text)) == []


# -- in a built index ---------------------------------------------------------------------------------
BY = "Byrådet"
MINUTES = ("Referat af møde i Ældrerådet\n\nTil stede: Anne Hansen (A) - formand, Bo Jensen (V)\n\n"
           "Afbud: Mehmet Zeki Dogru (Ø)\n\nPunkt 1. Bustider\n\nRådet drøftede bustiderne.\n")
DECISION = ("Godkendt. For stemte: (A), (V), Linda Hegaard (F) og Mehmet Zeki Dogru (Ø). Imod stemte: "
            "Liselott Blixt (UP). Liselott Blixt (UP) stillede forslag om, at salget udsættes. Forslaget blev forkastet.")
# Greve's wording: a member's proposal, then a party's (the party's alone)
CYCLE_PATH = ("Godkendt. Mehmet Zeki Dogru (Ø) stiller forslag om, at cykelstien får lys. "
              "V og D stiller forslag om at cykelstien males rød.")
SITTING = "folketinget-2019-06-20-1200.txt"
# A transcript naming one speaker in two ways
SPOKEN = "folketinget-2019-06-21-1300.txt"
TRANSCRIPT = ("Folketinget – møde 2019-06-21 kl. 13:00\nFolketingstidende, samling 20182, møde nr. 2\n\n"
              "Punkt 1. Bustider\n\nHans-Jørgen Kirstein (UP), Hans-Jørgen Kirstein (UP):\n"
              "Bussen skal køre hver halve time, også om aftenen, så de ældre kan komme hjem fra aftenskolen.\n\n"
              "Bertel Haarder (V), Formanden (Bertel Haarder):\nTak. Den næste taler er ordføreren.\n\n"
              "Hans Jørgen Kirstein (UP), Hans Jørgen Kirstein (UP):\n"
              "Stoppestedet ved skolen skal flyttes, så børnene ikke skal krydse den store vej om morgenen.\n\n"
              "Bertel Haarder (V), Formanden (Bertel Haarder):\nTak. Ordføreren igen.\n\n"
              "Hans-Jørgen Kirstein (UP), Hans-Jørgen Kirstein (UP):\n"
              "Og bussen skal holde ved plejecentret, hvor mange af de ældre bor, hele året rundt.\n")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("people")
    archive = root / "archive"
    write_meeting(archive / "by", BY, "2022-05-23", [("22-000200", "Salg af grund", [("Beslutning", DECISION)])],
                  attendees=["Mehmet Zeki Dogru", "Liselott Blixt", "Linda Heegaard"], absent=["Hans-Jørgen Kirstein"])
    write_meeting(archive / "by", BY, "2022-06-20", [("22-000201", "Ny cykelsti", [("Beslutning", CYCLE_PATH)])],
                  attendees=["Liselott Blixt", "Hans Jørgen Kirstein"], absent=["Mehmet Zeki Dogru"])
    (archive / "aeldreraad.txt").write_text(MINUTES, encoding="utf-8")
    shutil.copy(SAMPLE_FOLKETINGET / SITTING, archive / SITTING)
    (archive / SPOKEN).write_text(TRANSCRIPT, encoding="utf-8")
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
    assert "Hans Jørgen Kirstein" not in people and "Linda Hegaard" not in people  # spellings of one name
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


def test_one_person_under_two_spellings_is_listed_once_with_both(archive):
    people = {p.name: p for p in archive.people()}
    kirstein, linda = people["Hans-Jørgen Kirstein"], people["Linda Heegaard"]
    assert kirstein.aliases == ["Hans Jørgen Kirstein"] and len(kirstein.missed) == 1 and len(kirstein.attended) == 1
    assert kirstein.spoke == 3  # paragraphs under either spelling
    assert linda.aliases == ["Linda Hegaard"] and len(linda.attended) == 1 and linda.votes[0].as_written == \
        "Linda Hegaard (F)"


@pytest.mark.parametrize("written", ["Hans Jørgen Kirstein", "hans-jørgen kirstein", "HANS JØRGEN KIRSTEIN (UP)"])
def test_a_person_is_found_by_any_spelling_with_what_they_said_under_each(archive, written):
    kirstein = archive.person(written)
    assert kirstein.name == "Hans-Jørgen Kirstein" and kirstein.aliases == ["Hans Jørgen Kirstein"]
    said = " ".join(s.text for s in kirstein.statements)
    assert all(text in said for text in ("Bussen skal køre", "Stoppestedet ved skolen", "Og bussen skal holde"))
    assert len(kirstein.statements) == kirstein.spoke


def test_a_name_is_found_whatever_its_case(archive):
    assert archive.person("mehmet zeki dogru").name == "Mehmet Zeki Dogru"
    assert archive.person("linda hegaard").name == "Linda Heegaard"


def test_a_members_proposal_in_greves_wording_is_theirs_and_a_partys_is_nobodys(archive):
    mehmet = archive.person("Mehmet Zeki Dogru")
    assert [(p.proposer, p.what) for p in mehmet.proposals] == [("Mehmet Zeki Dogru (Ø)", "at cykelstien får lys")]
    assert not any("males rød" in p.text for person in archive.people() for p in person.proposals)


def test_an_unknown_or_bad_name_is_none_or_refused(archive):
    assert archive.person("Nobody Here") is None
    with pytest.raises(InvalidInput):
        archive.person("   ")
    with pytest.raises(InvalidInput):
        archive.person("x" * 300)


def test_person_lines_read_counts_and_each_list(archive):
    lines = present.person_lines(archive.person("Mehmet Zeki Dogru"))
    assert lines[0] == "Mehmet Zeki Dogru (Ø)"
    assert lines[1] == "1 møde, 2 fravær, 1 stemme, 1 forslag, 0 indlæg"
    assert "Fraværende ved 2 møder:" in lines and "  Ældrerådet, 4. april 2022" in lines
    assert any(line.startswith("  For — Byrådet, 23. maj 2022, punkt 1 Salg af grund (godkendt)") for line in lines)


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_cli_people_and_person(index_dir):
    listed = cli("people", "--index", index_dir)
    # the command line speaks English, as its other commands do
    assert listed.exit_code == 0 and "Liselott Blixt (UP) — 2 meetings, 0 absences, 1 vote, 1 proposal" in listed.output
    data = json.loads(cli("people", "--index", index_dir, "--json").output)
    assert data["total"] == len(data["people"]) and {"name", "attended", "missed", "votes"} <= set(data["people"][0])
    one = json.loads(cli("person", "Mehmet", "Zeki", "Dogru", "--index", index_dir, "--json").output)
    assert one["name"] == "Mehmet Zeki Dogru" and len(one["missed_meetings"]) == 2
    assert one["votes_cast"][0]["position"] == "for" and one["attended_meetings"][0]["body"] == BY
    kirstein = cli("person", "hans", "jørgen", "kirstein", "--index", index_dir)
    assert kirstein.exit_code == 0 and "Also written: Hans Jørgen Kirstein" in kirstein.output.splitlines()
    missing = cli("person", "Nobody", "--index", index_dir)
    assert missing.exit_code == 1 and missing.output.count("\n") == 1 and "Nobody" in missing.output
    assert "`people` lists them" in missing.output
    first_name = cli("person", "Mehmet", "--index", index_dir)  # part of a name: the people it may mean
    assert first_name.exit_code == 1 and "did you mean 'Mehmet Zeki Dogru'?" in first_name.output
    assert cli("person", "kirst", "--index", index_dir).output.count("Kirstein") == 1  # one person, two spellings


def test_api_people_and_one_person(index_dir):
    from fastapi.testclient import TestClient

    from indexer.api import ApiSettings, create_app

    client = TestClient(create_app(ApiSettings(index_dir=index_dir, archive_dir=index_dir.parent / "archive"),
                                   embedder=HashEmbedder()))
    listed = client.get("/people").json()
    assert listed["total"] >= 6 and any(p["name"] == "Anne Hansen" for p in listed["people"])
    one = client.get("/people/Liselott Blixt (UP)")
    assert one.status_code == 200 and one.json()["proposals_made"][0]["what"] == "at salget udsættes"
    assert client.get("/people/mehmet%20zeki%20dogru").json()["name"] == "Mehmet Zeki Dogru"  # any case
    linda = client.get("/people/Linda Hegaard").json()
    assert linda["name"] == "Linda Heegaard" and linda["aliases"] == ["Linda Hegaard"]
    assert client.get("/people/Nobody").status_code == 404
    mehmet = client.get("/people/Mehmet")  # part of a name: the people it may mean, as on the command line
    assert mehmet.status_code == 404 and "did you mean 'Mehmet Zeki Dogru'?" in mehmet.json()["detail"]
    assert client.get("/people/" + "x" * 300).status_code == 422


def test_a_party_written_several_ways_is_listed_once():
    seen = [Presence("Liselott Blixt", party, True, "Byrådet", f"2023-0{n}-01", "by.json")
            for n, party in enumerate(["UP-1", "UP1", "UP", "UP-1"], start=1)]
    assert gather(seen, [], [], [])["Liselott Blixt"].parties == ["UP-1"]


# -- votes by party letter ----------------------------------------------------------------------------
def _decision(text: str, item: str = "1", day: str = "2022-05-31", body: str = "Byrådet") -> Decision:
    """A decision as the meeting system's field is read: its votes by the decision rules themselves."""
    return Decision(id=f"d-{day}-{item}", document=f"by-{day}.json", body=body, meeting_date=day, item_number=item,
                    item_title=f"Punkt {item}", text=text, outcome="approved", paragraph_id=f"p-{item}",
                    votes=read_field(text).votes)


def _with_party_votes(presences, decisions) -> dict:
    return gather(presences, votes_cast(decisions), [], [], decisions)


def _lines(person) -> list[tuple]:
    return [(v.item_number, v.position, v.by_party) for v in person.party_votes]


EARLIER = "2022-04-04"  # a meeting that names each member with their party
KNOWN = _decision("Godkendt. For stemte Bjarke Abel (A), Kenneth Jerkel (A), Pernille Beckmann (V) og "
                  "Tina Rottbøll (A).", day=EARLIER)


def test_a_partys_vote_counts_for_each_member_present_marked_by_party():
    vote = _decision("Med stemmerne 3 for og 1 imod godkendte Byrådet indstillingen. For stemte: (V), (A). "
                     "Imod stemte: Liselott Blixt (UP-1).")
    people = _with_party_votes(
        [_at(n, EARLIER) for n in ("Bjarke Abel", "Kenneth Jerkel", "Pernille Beckmann", "Tina Rottbøll")]
        + [_at(n, "2022-05-31") for n in ("Bjarke Abel", "Pernille Beckmann", "Liselott Blixt", "Morten Dahlin")]
        + [_at("Kenneth Jerkel", "2022-05-31", present=False)],
        [KNOWN, vote])
    assert _lines(people["Bjarke Abel"]) == [("1", "for", "A")] and _lines(people["Pernille Beckmann"]) == [
        ("1", "for", "V")]
    bjarke = people["Bjarke Abel"].party_votes[0]
    assert bjarke.as_written == "(A)" and bjarke.date == "2022-05-31" and len(people["Bjarke Abel"].votes) == 1
    assert people["Kenneth Jerkel"].party_votes == []  # absent from the meeting
    assert people["Morten Dahlin"].party_votes == []  # his party the records never give
    assert people["Liselott Blixt"].party_votes == [] and [v.position for v in people["Liselott Blixt"].votes] == [
        "against"]  # named, outside the parties
    assert people["Tina Rottbøll"].party_votes == []  # not at that meeting
    # whose votes there are not known, says so rather than seem whole: present, parties voting by letter, no party
    # of his known there; not one named (Liselott Blixt), absent (Kenneth Jerkel) or counted by party
    assert people["Morten Dahlin"].votes_unknown == [("Byrådet", "2022-05-31")]
    assert not any(people[n].votes_unknown for n in ("Liselott Blixt", "Kenneth Jerkel", "Bjarke Abel", "Tina Rottbøll"))
    assert people["Morten Dahlin"].summary()["meetings_votes_unknown"] == 1
    assert "(Stemmer ukendt ved 1 møde, hvor partierne stemte med deres bogstav, og intet referat nævner personens " \
           "parti dér: Byrådet, 31. maj 2022)" in [line.strip() for line in present.person_lines(people["Morten Dahlin"])]
    summary = people["Bjarke Abel"].summary()
    assert (summary["votes"], summary["votes_by_party"]) == (1, 1)
    assert people["Bjarke Abel"].to_json()["party_votes"][0]["by_party"] == "A"


def test_an_items_list_of_attachments_naming_a_proposal_is_no_proposal_made_there():
    # Plan- og Tryghedsudvalget, 26 April 2022, item 3 "Opfølgning på initiativretsforslag om bystrategisk råd"
    listed = Paragraph(id="p-1", document="x.json", position=0, heading="Bilag",
                       text="Bilag: Initiativretsforslag fra Venstre - Nedsættelse af bystrategisk råd")
    assert proposals_in(listed) == []
    assert [p.proposer for p in proposals_in(replace(listed, heading="Beslutning"))] == ["Venstre"]


def test_a_partys_proposal_counts_for_each_member_present_marked_by_party():
    # "V, D og Liselott Blixt (UP) stiller forslag om …" (Økonomiudvalget, 6 March 2023, item 3)
    said = Paragraph(id="p-1", document="by-2022-05-31.json", position=0, item_number="1",
                     text="V, A og Liselott Blixt (UP) stiller forslag om, at salget udsættes.")
    proposals = proposals_in(said, "Byrådet", "2022-05-31")
    people = gather([_at(n, EARLIER) for n in ("Bjarke Abel", "Kenneth Jerkel", "Pernille Beckmann")]
                    + [_at(n, "2022-05-31") for n in ("Bjarke Abel", "Pernille Beckmann", "Liselott Blixt")]
                    + [_at("Kenneth Jerkel", "2022-05-31", present=False)],
                    votes_cast([KNOWN]), proposals, [], [KNOWN])
    assert [p.by_party for p in people["Pernille Beckmann"].party_proposals] == ["V"]
    assert [p.by_party for p in people["Bjarke Abel"].party_proposals] == ["A"]
    assert people["Kenneth Jerkel"].party_proposals == []  # absent from the meeting
    liselott = people["Liselott Blixt"]  # named: her own, once
    assert len(liselott.proposals) == 1 and liselott.party_proposals == []
    assert people["Bjarke Abel"].summary()["proposals_by_party"] == 1
    assert people["Bjarke Abel"].to_json()["party_proposals"][0]["by_party"] == "A"
    lines = present.person_lines(people["Bjarke Abel"])
    assert "1 forslag" in lines[1]
    assert any(line.strip().startswith("(forslag fra (A)) Byrådet, 31. maj 2022, punkt 1") for line in lines)


def test_an_item_naming_a_partys_proposal_twice_names_one_proposal():
    # Byrådet, 6 November 2023, item 9: the item's title, then its text, name Venstre's proposal
    said = [Paragraph(id=f"p-{n}", document="by-2022-05-31.json", position=n, item_number="9", text=text)
            for n, text in enumerate(["Initiativretsforslag fra Venstre vedr. tilbageregulering af temperaturen i "
                                      "kommunale bygninger",
                                      "Sagen indeholder et initiativretsforslag fra Venstre vedr. tilbageregulering af "
                                      "temperaturen i kommunale bygninger."])]
    proposals = [p for paragraph in said for p in proposals_in(paragraph, "Byrådet", "2022-05-31")]
    assert len(proposals) == 2
    people = gather([_at("Pernille Beckmann", EARLIER), _at("Pernille Beckmann", "2022-05-31")],
                    votes_cast([KNOWN]), proposals, [], [KNOWN])
    assert len(people["Pernille Beckmann"].party_proposals) == 1
    # Økonomiudvalget, 25 September 2023, item 2: one party's budget proposal named twice is one; the same parties'
    # budget proposal and sub-amendment are two
    budget = [Paragraph(id=f"b-{n}", document="by-2022-05-31.json", position=n, item_number="2", text=text)
              for n, text in enumerate(["- Budgetforslag fra Venstre (bilag 2)",
                                        "Venstre anbefaler budgetforslag fremsendt af Venstre (1).",
                                        "- Underændringsforslag fra Venstre (bilag 3)"])]
    proposals = [p for paragraph in budget for p in proposals_in(paragraph, "Byrådet", "2022-05-31")]
    assert len(proposals) == 3
    people = gather([_at("Pernille Beckmann", EARLIER), _at("Pernille Beckmann", "2022-05-31")],
                    votes_cast([KNOWN]), proposals, [], [KNOWN])
    assert [p.text for p in people["Pernille Beckmann"].party_proposals] == [
        "- Budgetforslag fra Venstre (bilag 2)", "- Underændringsforslag fra Venstre (bilag 3)"]


def test_a_partys_proposal_counts_for_its_members_present_at_a_later_meeting_of_its_case():
    # the budget's proposals before the Økonomiudvalg, then the Byråd: a member of the Byråd only has them there
    def said(day: str, body: str) -> list:
        return proposals_in(Paragraph(id=f"p-{day}", document=f"{body}-{day}.json", position=0, item_number="2",
                                      case_number="23-000001", text="Budgetforslag fremsendt af forligspartierne (V) "
                                                                    "og (A) om at bygge en ny skole."), body, day)

    proposals = said("2023-09-25", "Økonomiudvalget") + said("2023-10-02", "Byrådet")
    at = [Presence("Bjarke Abel", None, True, "Byrådet", "2023-10-02", "b.json"),
          Presence("Bjarke Abel", None, True, "Byrådet", EARLIER, "k.json")]
    people = gather(at, votes_cast([KNOWN]), proposals, [], [KNOWN])
    [credited] = people["Bjarke Abel"].party_proposals  # cited at the meeting he attended, not the first one
    assert (credited.body, credited.date, credited.document, credited.by_party) == (
        "Byrådet", "2023-10-02", "Byrådet-2023-10-02.json", "A")


def test_a_party_voting_by_its_name_marks_its_members_votes_by_its_letter():
    known = _decision("Godkendt. For stemte Mehmet Zeki Dogru (Ø) og Bjarke Abel (A).", day=EARLIER)
    vote = _decision("Godkendt. For stemte: (A). Imod stemte: Enhedslisten.")
    people = _with_party_votes([_at("Mehmet Zeki Dogru", day) for day in (EARLIER, "2022-05-31")], [known, vote])
    [cast] = people["Mehmet Zeki Dogru"].party_votes
    assert (cast.position, cast.by_party, cast.as_written) == ("against", "Ø", "Enhedslisten")


def test_the_terminal_counts_and_lists_a_members_votes_by_party_marked_as_such():
    from indexer import present

    vote = _decision("Med stemmerne 3 for og 1 imod godkendte Byrådet indstillingen. For stemte: (V), (A).")
    people = _with_party_votes([_at("Bjarke Abel", EARLIER), _at("Bjarke Abel", "2022-05-31")], [KNOWN, vote])
    lines = present.person_lines(people["Bjarke Abel"])
    assert "2 stemmer" in lines[1]  # one named, one by party
    assert any(line.strip().startswith("For (A) — ") for line in lines)
    assert "2 stemmer" in present.people_lines([people["Bjarke Abel"]])[0]


def test_a_member_named_against_while_the_party_votes_for_counts_once_against():
    vote = _decision("Med stemmerne 3 for og 1 imod godkendte Byrådet indstillingen. For stemte (V) og (A). "
                     "Imod stemte Kenneth Jerkel fra (A).")
    people = _with_party_votes([_at(n, d) for n in ("Bjarke Abel", "Kenneth Jerkel") for d in (EARLIER, "2022-05-31")],
                               [KNOWN, vote])
    kenneth = people["Kenneth Jerkel"]
    assert kenneth.party_votes == [] and [(v.date, v.position) for v in kenneth.votes] == [
        (EARLIER, "for"), ("2022-05-31", "against")]
    assert _lines(people["Bjarke Abel"]) == [("1", "for", "A")]


@pytest.mark.parametrize("line", ["For stemte (V) og (A) undtagen Bjarke Abel (A).",
                                  "For stemte (V) og (A) med undtagelse af Bjarke Abel."])
def test_a_member_excepted_from_the_partys_vote_has_only_their_own_line(line):
    vote = _decision(f"Godkendt. {line} Bjarke Abel (A) undlod at stemme.")
    people = _with_party_votes([_at(n, d) for n in ("Bjarke Abel", "Kenneth Jerkel") for d in (EARLIER, "2022-05-31")],
                               [KNOWN, vote])
    bjarke = people["Bjarke Abel"]
    assert bjarke.party_votes == [] and [v.position for v in bjarke.votes if v.date == "2022-05-31"] == ["abstained"]
    assert _lines(people["Kenneth Jerkel"]) == [("1", "for", "A")]  # the rest of the party voted for


def test_no_party_vote_where_the_record_leaves_doubt():
    day = "2022-05-31"
    decisions = [KNOWN,
                 _decision("Godkendt. For stemte (A).", "1", day),
                 _decision("Godkendt. For stemte (A).", "2", day),  # Bjarke Abel away for item 2
                 _decision("Godkendt. For stemte (A). Imod stemte (A).", "3", day),  # the party split, no names
                 _decision("Byrådet erklærede Tina Rottbøll (A) for inhabil. Godkendt. For stemte (A).", "4", day),
                 _decision("Godkendt. For stemte (V) og (A) undtagen (Ø).", "5", day)]  # whose exception?
    people = _with_party_votes(
        [_at(n, EARLIER) for n in ("Bjarke Abel", "Tina Rottbøll")]
        + [Presence("Bjarke Abel", None, True, "Byrådet", day, "by.json", "Fraværende under punkt 2"),
           _at("Tina Rottbøll", day)], decisions)
    assert _lines(people["Bjarke Abel"]) == [("1", "for", "A"), ("4", "for", "A")]
    assert _lines(people["Tina Rottbøll"]) == [("1", "for", "A"), ("2", "for", "A")]


def test_a_member_who_changed_party_votes_with_a_party_only_where_the_records_say_which():
    days = ("2022-02-01", "2022-03-01", "2022-04-01", "2022-05-01", "2022-06-01")
    named = [_decision("Godkendt. Hans-Jørgen Kirstein (D) undlod at stemme.", "9", days[0]),
             _decision("Godkendt. Hans-Jørgen Kirstein (D) undlod at stemme.", "9", days[1]),
             _decision("Godkendt. Hans-Jørgen Kirstein (UP-2) stemte imod.", "9", days[3])]
    by_party = [_decision("Godkendt. For stemte (D) og (V).", "1", day) for day in days]
    people = _with_party_votes([_at("Hans-Jørgen Kirstein", day) for day in days], named + by_party)
    # a member of D until March; April lies between D and the outside group: unknown; UP-2 is no party
    assert [v.date for v in people["Hans-Jørgen Kirstein"].party_votes] == ["2022-02-01", "2022-03-01"]


# Økonomiudvalget, 6 March 2023, item 3: three proposals, each put to the vote, by party letter and by name
THREE_PROPOSALS = (
    "Mehmet Zeki Dogru (Ø) stiller forslag om, at alle energispareforslag rulles tilbage.\n"
    "Mehmet Zeki Dogru (Ø) stemmer for.\nV, D og Liselott Blixt (UP) stemmer imod.\nA og C undlader.\n"
    "V, D og Liselott Blixt (UP) stiller forslag om, at energispareforslag vedr. saunaen i svømmehallen rulles "
    "tilbage således, at saunaen genåbnes.\n"
    "V, D, Liselott Blixt (UP) og Mehmet Zeki Dogru (Ø) stemmer for.\nA og C undlader.\n"
    "A stiller forslag om at lufttemperatur og bassintemperatur i svømmehallen hæves tilbage på normalt niveau.\n"
    "A og Mehmet Zeki Dogru (Ø) stemmer for.\nV, D og Liselott Blixt (UP) stemmer imod.\nC undlader.")
COMMITTEE = {"Pernille Beckmann": "V", "Marc Genning": "V", "Hans-Jørgen Kirstein": "D", "John T. Olsen": "A",
             "Brigitte Klintskov Jerkel": "C", "Mehmet Zeki Dogru": "Ø", "Liselott Blixt": "UP"}


def _committee(day: str, letters: dict) -> Decision:
    """A meeting of the committee naming each member with their party (`letters`)."""
    return _decision("Godkendt. For stemte " + ", ".join(f"{n} ({p})" for n, p in letters.items()) + ".", "9", day,
                     "Økonomiudvalget")


def test_each_proposal_voted_on_gives_each_member_present_their_vote_on_it_named_so():
    day = "2023-03-06"
    decisions = [_committee(EARLIER, COMMITTEE), _decision(THREE_PROPOSALS, "3", day, "Økonomiudvalget")]
    people = _with_party_votes([replace(_at(n, d), body="Økonomiudvalget") for n in COMMITTEE for d in (EARLIER, day)],
                               decisions)
    on = {n: [(v.position, v.by_party, v.proposal_by) for v in (*p.votes, *p.party_votes) if v.date == day]
          for n, p in people.items()}
    first, second, third = "Mehmet Zeki Dogru (Ø)", "V, D, Liselott Blixt (UP)", "A"
    for member in ("Pernille Beckmann", "Marc Genning", "Hans-Jørgen Kirstein"):  # V, D: parties in a list
        party = COMMITTEE[member]
        assert on[member] == [("against", party, first), ("for", party, second), ("against", party, third)]
    assert on["John T. Olsen"] == [("abstained", "A", first), ("abstained", "A", second), ("for", "A", third)]
    assert on["Brigitte Klintskov Jerkel"] == [("abstained", "C", p) for p in (first, second, third)]
    assert on["Mehmet Zeki Dogru"] == [("for", None, p) for p in (first, second, third)]
    lines = [present.vote_line(v) for v in present.with_party(people["Mehmet Zeki Dogru"]).votes if v.date == day]
    assert [line.split(" — ")[0] for line in lines] == [
        "For (forslag fra Mehmet Zeki Dogru (Ø))", "For (forslag fra V, D, Liselott Blixt (UP))", "For (forslag fra A)"]


def test_a_member_who_changed_party_votes_with_the_former_party_where_the_meeting_shows_it_was_theirs():
    day, later = "2023-03-06", "2023-04-17"
    changed = {**COMMITTEE, "Hans-Jørgen Kirstein": "UP-2"}
    decisions = [_committee(EARLIER, COMMITTEE), _committee(later, changed),
                 _decision(THREE_PROPOSALS, "3", day, "Økonomiudvalget")]
    members = [replace(_at(n, d), body="Økonomiudvalget") for n in COMMITTEE for d in (EARLIER, day, later)]
    kirstein = _with_party_votes(members, decisions)["Hans-Jørgen Kirstein"]
    # D voted by its letter, and no one else present could be of D: the member between D and UP-2 was
    assert [(v.position, v.by_party) for v in kirstein.party_votes] == [("against", "D"), ("for", "D"), ("against", "D")]
    # someone present whose party the records never give might have been D's: no vote
    stranger = replace(_at("Ronni Mark Nielsen", day), body="Økonomiudvalget")
    assert _with_party_votes(members + [stranger], decisions)["Hans-Jørgen Kirstein"].party_votes == []


@pytest.mark.parametrize("written, letter", [("A", "A"), ("(Ø)", "Ø"), ("SF", "F"), ("Enhedslisten", "Ø"),
                                             ("UP-1", None), ("UP", None), ("Liselott (UP)", None)])
def test_a_party_is_known_by_its_ballot_letter(written, letter):
    assert ballot_letter(written) == letter


PARTY_VOTE = ("Med stemmerne 2 for og 1 imod afviste Byrådet forslaget. For stemte (A) og (V). "
              "Imod stemte: Liselott Blixt (UP-1).")
OWN_VOTE = "Godkendt. For stemte (V). Imod stemte Bjarke Abel (A)."


@pytest.fixture(scope="module")
def party_votes_index(tmp_path_factory):
    """A byråd voting by party letter, the members' parties named at a committee meeting before."""
    root = tmp_path_factory.mktemp("party-votes")
    archive = root / "archive"
    write_meeting(archive / "oe", "Økonomiudvalget", "2022-02-01",
                  [("22-000100", "Budget", [("Beslutning", "Godkendt. For stemte Pernille Beckmann (V). "
                                                          "Imod stemte Kenneth Jerkel (A).")])],
                  attendees=["Pernille Beckmann", "Kenneth Jerkel"])
    write_meeting(archive / "by", BY, "2022-03-07", [("22-003147", "Skattely", [("Beslutning", PARTY_VOTE)]),
                                                     ("22-003148", "Parkering", [("Beslutning", OWN_VOTE)])],
                  attendees=["Bjarke Abel", "Liselott Blixt", "Pernille Beckmann", "Morten Dahlin"],
                  absent=["Kenneth Jerkel"])
    build(archive, root / "index", embedder=HashEmbedder())
    return root / "index"


def test_an_archive_counts_a_partys_votes_for_its_members_present(party_votes_index):
    archive = Archive.open(party_votes_index, embedder=HashEmbedder())
    people = {p.name: p for p in archive.people()}
    bjarke = people["Bjarke Abel"]
    assert [(v.item_title, v.position) for v in bjarke.votes] == [("Parkering", "against")]
    assert [(v.item_title, v.position, v.by_party) for v in bjarke.party_votes] == [("Skattely", "for", "A")]
    assert [(v.item_title, v.by_party) for v in people["Pernille Beckmann"].party_votes] == [
        ("Skattely", "V"), ("Parkering", "V")]
    assert not people["Kenneth Jerkel"].party_votes and not people["Morten Dahlin"].party_votes
    assert not people["Liselott Blixt"].party_votes and len(people["Liselott Blixt"].votes) == 1
    listed = json.loads(cli("people", "--index", party_votes_index, "--json").output)
    assert {p["name"]: p["votes_by_party"] for p in listed["people"]}["Pernille Beckmann"] == 2
    assert archive.speaking_bodies() == set()  # Greve's minutes name no speakers


@pytest.mark.parametrize("text", [
    # SBSYS, Forretningsudvalget 25 September 2012, item 4's case description: the Regionsråd's meeting
    "Regionsrådet besluttede på sit møde den 21. august under førstebehandlingen af budgetforslaget for 2013 efter "
    "forslag fra Hans Toft (C) følgende: ”Regionsrådet beder regionsformanden om at orientere regionsrådet.”",
    "Byrådet besluttede på mødet den 1. november 2021 at sende initiativretsforslag stillet af Venstre om nedsættelse "
    "af et bystrategisk råd til realitetsbehandling.",
    "Dette er en opfølgning på initiativretsforslag fra Venstre om tilbagerulning af energibesparelser.",
])
def test_a_proposal_told_as_background_of_an_earlier_meeting_is_not_this_meetings(text):
    paragraph = Paragraph(id="p-1", document="x.zip", position=0, text=text, heading="Sagsfremstilling", item_number="4")
    assert proposals_in(paragraph, "Forretningsudvalget", "2012-09-25") == []


def test_the_cases_history_quotes_proposals_made_at_earlier_meetings():
    text = "V og D stiller forslag om at temperaturer på skoleområdet hæves til 21 grader hurtigst muligt."
    history = Paragraph(id="p-1", document="x.json", position=0, text=text, heading="Sagens forløb")
    decision = Paragraph(id="p-2", document="x.json", position=1, text=text, heading="Beslutning")
    assert proposals_in(history) == []
    assert [p.proposer for p in proposals_in(decision)] == ["V og D"]  # the meeting's decision records it


# -- what the items' decisions say of who was there ------------------------------------------------------
MEMBERS = {"Mehmet Zeki Dogru": ["Ø"], "Brigitte Klintskov Jerkel": ["C"], "Hans-Jørgen Kirstein": ["D", "UP-2"],
           "Liselott Blixt": ["O", "UP-1"], "Anne Marie Jensen": ["A"], "Anne Kirsten Jensen": ["V"],
           "Ib Jensen": ["A"]}


@pytest.mark.parametrize("written, member", [
    ("Mehmet Dogru", "Mehmet Zeki Dogru"),  # the middle name left out
    ("Brigtitte Klintskov Jerkel", "Brigitte Klintskov Jerkel"),  # a letter off, the same surname
    ("Brigite Klinskov Jerkel (C)", "Brigitte Klintskov Jerkel"),  # two letters off, in long given names
    ("Hans-Jørgen (UP-2)", "Hans-Jørgen Kirstein"),  # a first name with the party
    ("Liselott (UP)", "Liselott Blixt"),  # "UP": outside the parties, whichever number
    ("Anne Jensen", None),  # Anne Marie or Anne Kirsten: neither
    ("Hans-Jørgen (UP-1)", None), ("Liselott (Ø)", None),  # a first name of another party
    ("Bo Jensen", None),  # "Ib" is two letters off a two-letter name: another person
    ("Brigitte Jerkel Hansen", None), ("Enhedslisten", None), ("Ø", None),
])
def test_a_name_written_short_or_misspelt_is_the_one_member_it_fits(written, member):
    assert member_named(written, MEMBERS) == member


# Byrådet, 2 October 2023: the member away written without his middle name on the first, third and last
# items only, his substitute signing the sheet; his party voting by its letter in between.
AWAY_DAY = "2023-10-02"
AWAY_DECISIONS = [("1", "Dagsorden blev godkendt.\nFraværende: Mehmet Dogru"),
                  ("3", "Programmet blev godkendt.\nFraværende: Mehmet Dogru"),
                  ("12", "Med stemmerne 1 for og 20 imod afviste Byrådet forslaget. For stemte (Ø). "
                         "Imod stemte (V)."),
                  ("14", "Med stemmerne 20 for godkendte Byrådet indstillingen. For stemte (V) og (Ø).\n"
                         "Ikke til stede: Anne Marie Jensen (V)"),
                  ("20", "Fraværende: Mehmet Dogru.\n"
                         "Susanne Pahlmann suppleant for Mehmet godkendte underskriftsarket.")]


def _meeting_with_notes(decided=AWAY_DECISIONS, attendees=("Mehmet Zeki Dogru", "Anne Marie Jensen", "Bo Berg")):
    listed = [{"name": n, "role": None, "absent": False, "note": None} for n in attendees]
    record = Record(path="by.json", content_hash="ab" * 32, body="Byrådet", meeting_date=AWAY_DAY, doc_type="referat",
                    meeting={"attendees": listed})
    paragraphs = [Paragraph(id=f"p-{n}", document="by.json", position=i, text=text, heading="Beslutning",
                            item_number=n) for i, (n, text) in enumerate(decided)]
    decisions = [replace(_decision(text, n, AWAY_DAY), document="by.json") for n, text in decided]
    return meeting_attendance([record], {}, item_notes(paragraphs, decisions)), decisions


def test_a_member_written_away_on_the_first_and_last_items_decided_missed_the_meeting_and_his_substitute_attended():
    found, decisions = _meeting_with_notes()
    by_name = {p.name: p for p in found}
    assert (by_name["Mehmet Zeki Dogru"].present, by_name["Mehmet Zeki Dogru"].note) == (False, "Fraværende")
    assert (by_name["Susanne Pahlmann"].present, by_name["Susanne Pahlmann"].note) == (
        True, "suppleant for Mehmet Zeki Dogru")
    assert (by_name["Anne Marie Jensen"].present, by_name["Anne Marie Jensen"].note) == (
        True, "Fraværende under punkt 14")  # away for one item only
    assert (by_name["Bo Berg"].present, by_name["Bo Berg"].note) == (True, None)
    known = _decision("Godkendt. For stemte Mehmet Zeki Dogru (Ø) og Anne Marie Jensen (V).", day=EARLIER)
    people = _with_party_votes([_at("Mehmet Zeki Dogru", EARLIER), _at("Anne Marie Jensen", EARLIER), *found],
                               [known, *decisions])
    assert people["Mehmet Zeki Dogru"].party_votes == []  # Ø's votes on items 12 and 14 were his substitute's
    # … and are hers: she stood in for a member of Ø, and the records give her no party of her own
    assert _lines(people["Susanne Pahlmann"]) == [("12", "for", "Ø"), ("14", "for", "Ø")]
    assert _lines(people["Anne Marie Jensen"]) == [("12", "against", "V")]  # not item 14, she was away
    assert present.presence_line(by_name["Susanne Pahlmann"], present.ENGLISH).endswith(
        "(substitute for Mehmet Zeki Dogru)")


def test_a_member_written_away_on_some_items_only_was_away_for_those():
    found, _ = _meeting_with_notes(AWAY_DECISIONS[:4])  # not on the last item decided
    mehmet = next(p for p in found if p.name == "Mehmet Zeki Dogru")
    assert (mehmet.present, mehmet.note) == (True, "Fraværende under punkt 1, 3")
    assert not any(p.name == "Susanne Pahlmann" for p in found)  # no decision names a substitute


def test_an_item_ikke_til_stede_misspelt_keeps_the_member_from_her_partys_vote_on_it():
    # Byrådet, 6 November 2023, item 12: "Ikke til stede: Brigtitte Klintskov Jerkel"
    decided = [("2", "Dagsorden blev godkendt."),
               ("12", "Med stemmerne 19 for godkendte Byrådet indstillingen. For stemte (V) og (C).\n"
                      "Ikke til stede: Brigtitte Klintskov Jerkel"),
               ("13", "Godkendt. For stemte (C).")]
    found, decisions = _meeting_with_notes(decided, ("Brigitte Klintskov Jerkel",))
    assert [(p.present, p.note) for p in found] == [(True, "Fraværende under punkt 12")]
    known = _decision("Godkendt. For stemte Brigitte Klintskov Jerkel (C).", day=EARLIER)
    people = _with_party_votes([_at("Brigitte Klintskov Jerkel", EARLIER), *found], [known, *decisions])
    assert _lines(people["Brigitte Klintskov Jerkel"]) == [("13", "for", "C")]


def test_a_vote_naming_a_member_by_first_name_and_party_is_theirs():
    # Byrådet, 2 October 2023, item 18: "For stemte (V), (A), (C), Liselott Blixt (UP-1), Hans-Jørgen (UP-2) og (Ø)"
    vote = _decision("Med stemmerne 20 for og 1 imod godkendte Byrådet indstillingen. For stemte (V), Liselott Blixt "
                     "(UP-1), Hans-Jørgen (UP-2) og (Ø).", "18", AWAY_DAY)
    named = _decision("Godkendt. For stemte Hans-Jørgen Kirstein (UP-2) og Hans-Jørgen Hansen (V).", day=EARLIER)
    people = _with_party_votes([_at(n, d) for n in ("Hans-Jørgen Kirstein", "Hans-Jørgen Hansen", "Liselott Blixt")
                                for d in (EARLIER, AWAY_DAY)], [named, vote])
    kirstein = people["Hans-Jørgen Kirstein"]
    assert [(v.item_number, v.position, v.as_written) for v in kirstein.votes if v.date == AWAY_DAY] == [
        ("18", "for", "Hans-Jørgen (UP-2)")]
    assert [v.item_number for v in people["Hans-Jørgen Hansen"].votes if v.date == AWAY_DAY] == []  # of V: not him


def test_two_votes_on_one_item_say_what_each_was_on():
    # Byrådet, 6 November 2023, item 12: the item's decision, then a further one put to its own vote
    text = ("Med stemmerne 19 for godkendte Byrådet Økonomiudvalgets indstilling. For stemte (V) og (C).\n"
            "(Ø) undlod at tage stilling.\n"
            "Endvidere besluttede Byrådet med stemmerne 12 for og 7 imod, at Klima-, Teknik- og Miljøudvalget skal "
            "arbejde med muligheden for anlæg af cykelsti på Greve Centervej.\nFor stemte (V).\nImod stemte (C).\n"
            "(Ø) undlod at tage stilling.")
    decisions = [replace(_decision(part, "12"), id=f"d-12-{i}") for i, part in enumerate(further_decisions(text))]
    known = _decision("Godkendt. For stemte Mehmet Zeki Dogru (Ø).", day=EARLIER)
    people = _with_party_votes([_at("Mehmet Zeki Dogru", d) for d in (EARLIER, "2022-05-31")], [known, *decisions])
    votes = people["Mehmet Zeki Dogru"].party_votes
    assert [v.motion for v in votes] == [None, "at Klima-, Teknik- og Miljøudvalget skal arbejde med muligheden for "
                                               "anlæg af cykelsti på Greve Centervej"]
    assert [present.vote_line(v).split(" — ")[0] for v in votes] == [
        "Undlod (Ø)",
        "Undlod (Ø) (om: at Klima-, Teknik- og Miljøudvalget skal arbejde med muligheden for anlæg af cykelsti på…)"]
    assert present.vote_line(votes[1], present.ENGLISH).startswith("Abstained (Ø) (on: at Klima-")
    assert votes[1].to_json()["motion"].startswith("at Klima-")  # the API's person JSON says it too


@pytest.fixture(scope="module")
def away_index(tmp_path_factory):
    """Greve's meeting of 2 October 2023 in small: the portal lists everyone present; the decisions say who was not."""
    root = tmp_path_factory.mktemp("away")
    archive = root / "archive"
    write_meeting(archive / "by", BY, "2023-09-04", [("23-000001", "Budget", [(
        "Beslutning", "Godkendt. For stemte Mehmet Zeki Dogru (Ø) og Hans-Jørgen Kirstein (UP-2).")])],
        attendees=["Mehmet Zeki Dogru", "Hans-Jørgen Kirstein"])
    write_meeting(archive / "by", BY, AWAY_DAY, [
        ("23-000002", "Godkendelse af dagsorden",
         [("Beslutning", "Dagsorden blev godkendt. Fraværende: Mehmet Dogru")]),
        ("23-000003", "Strandpark", [("Beslutning", "Med stemmerne 2 for godkendte Byrådet indstillingen. For stemte "
                                                    "Hans-Jørgen (UP-2) og (Ø).")]),
        ("23-000004", "Underskriftsark", [("Beslutning", "Fraværende: Mehmet Dogru. Susanne Pahlmann suppleant for "
                                                         "Mehmet godkendte underskriftsarket.")])],
        attendees=["Mehmet Zeki Dogru", "Hans-Jørgen Kirstein"])
    build(archive, root / "index", embedder=HashEmbedder())
    return root / "index"


def test_an_archive_reads_who_its_decisions_say_was_away_and_who_stood_in(away_index):
    archive = Archive.open(away_index, embedder=HashEmbedder())
    mehmet = archive.person("Mehmet Zeki Dogru")
    assert [p.date for p in mehmet.missed] == [AWAY_DAY] and not mehmet.party_votes
    susanne = archive.person("Susanne Pahlmann")
    assert [(p.date, p.note) for p in susanne.attended] == [(AWAY_DAY, "suppleant for Mehmet Zeki Dogru")]
    # named with no party of her own: the list she stood in for, whose vote she cast
    assert [v.by_party for v in susanne.party_votes] == ["Ø"] and susanne.parties == ["Ø"]
    assert [(v.item_title, v.as_written) for v in archive.person("Hans-Jørgen Kirstein").votes
            if v.date == AWAY_DAY] == [("Strandpark", "Hans-Jørgen (UP-2)")]


def test_votes_are_listed_by_meeting_date_then_item_number_whoever_named_them():
    # Byrådet, 6 November 2023: Liselott's item 12 vote by her first name, her item 22 vote by her full name
    items = [("12", "Med stemmerne 19 for godkendte Byrådet indstillingen. For stemte (V) og Liselott (UP)."),
             ("22", "Med stemmerne 19 for godkendte Byrådet indstillingen. For stemte Liselott Blixt (UP-1)."),
             ("3", "Med stemmerne 19 for godkendte Byrådet indstillingen. For stemte Liselott Blixt (UP-1).")]
    decisions = [_decision(text, item, "2023-11-06") for item, text in items]
    # item 12's further decision, named in full: after the item's own vote, named by first name
    decisions.insert(0, replace(_decision("Endvidere besluttede Byrådet med stemmerne 12 for og 7 imod, at der laves "
                                          "en cykelsti.\nFor stemte Liselott Blixt (UP-1).", "12", "2023-11-06"),
                                id="d-12-further"))
    people = _with_party_votes([_at("Liselott Blixt", "2023-11-06", "UP-1")], decisions)
    liselott = people["Liselott Blixt"]
    assert [(v.item_number, v.motion) for v in liselott.votes] == [
        ("3", None), ("12", None), ("12", "at der laves en cykelsti"), ("22", None)]
    assert [v.decision_id for v in present.with_party(liselott).votes] == [
        v.decision_id for v in liselott.votes]


@pytest.mark.parametrize("text", [
    # Byrådet, 3 October 2022, item 9: the vote, listed with the votes ("For (item 1c)"), not a proposal again
    "Med stemmerne 18 for og 2 imod godkendte Byrådet indstillingspunkt 1c – budgetforslag med underændringsforslag "
    "(indstillingspunkt 2) fremlagt af partierne (V), (A), (C), (D) og Liselott Blixt (UP).",
    "Med stemmerne 1 for og 19 imod afviste Byrådet indstillingspunkt 1a - budgetforslag fremlagt af (Ø).",
])
def test_a_vote_result_naming_whose_proposal_it_was_is_no_proposal(text):
    decision = Paragraph(id="p-1", document="x.json", position=0, text=text, heading="Beslutning", item_number="9")
    assert proposals_in(decision, "Byrådet", "2022-10-03") == []


# The budget going from Økonomiudvalget to Byrådet: the same proposal, word for word, in both items' description.
BUDGET_PROPOSAL = ("- Budgetforslag fra forligsparterne; Venstre, Socialdemokratiet, Liselott Blixt (UP1) og "
                   "Socialistisk Folkeparti (bilag 1)")


def _budget(document: str, body: str, day: str, item: str, case: str | None = "23-000204"):
    paragraph = Paragraph(id=f"{document}-p", document=document, position=0, text=BUDGET_PROPOSAL,
                          heading="Sagsbeskrivelse", item_number=item, item_title="2. behandling af Budget 2024-27",
                          case_number=case)
    return proposals_in(paragraph, body, day)


def test_the_same_proposal_at_the_committee_and_then_the_council_is_listed_once_with_both_meetings():
    council = _budget("by.json", "Byråd 2022-2025", "2023-10-02", "12")
    committee = _budget("oeu.json", "Økonomiudvalget", "2023-09-25", "2")
    next_year = _budget("by-2024.json", "Byråd 2022-2025", "2024-10-07", "9", case="24-000100")  # another case
    liselott = gather([], [], [*council, *committee, *next_year], [])["Liselott Blixt"]
    assert [(p.body, p.date, [(x.body, x.date, x.item_number) for x in p.later]) for p in liselott.proposals] == [
        ("Økonomiudvalget", "2023-09-25", [("Byråd 2022-2025", "2023-10-02", "12")]),
        ("Byråd 2022-2025", "2024-10-07", [])]
    first = liselott.proposals[0]
    # before the text, which a terminal line may shorten
    assert present.proposal_line(first) == (
        "Økonomiudvalget, 25. september 2023, punkt 2 2. behandling af Budget 2024-27 (siden også: Byråd 2022-2025, "
        f"2. oktober 2023, punkt 12): {BUDGET_PROPOSAL}")
    assert present.proposal_line(first, present.ENGLISH).startswith(
        "Økonomiudvalget, 25 September 2023, item 2 2. behandling af Budget 2024-27 (later also: Byråd 2022-2025, "
        "2 October 2023, item 12): - Budgetforslag")
    assert first.to_json()["later"][0]["date"] == "2023-10-02"  # the API's person JSON says it too


def test_the_meeting_view_reads_who_was_away_and_who_stood_in_as_the_person_pages_do(away_index):
    # The portal lists Mehmet Zeki Dogru present on 2 October 2023; the items' decisions write him away on the
    # first and last items and name Susanne Pahlmann his substitute: the meeting says so too, as his page does.
    archive = Archive.open(away_index, embedder=HashEmbedder())
    view = archive.meeting(BY, AWAY_DAY)
    assert (view.attendees, view.absent) == (
        ["Hans-Jørgen Kirstein", "Susanne Pahlmann (suppleant for Mehmet Zeki Dogru)"],
        ["Mehmet Zeki Dogru (Fraværende)"])
    assert archive.meeting_of(view.documents[0]).absent == view.absent
    shown = list(present.meeting_lines(view))
    assert "present: Hans-Jørgen Kirstein, Susanne Pahlmann (suppleant for Mehmet Zeki Dogru)" in shown
    assert "absent: Mehmet Zeki Dogru (Fraværende)" in shown
    said = json.loads(cli("meeting", "--body", BY, "--date", AWAY_DAY, "--index", str(away_index), "--json").output)
    assert said["absent"] == ["Mehmet Zeki Dogru (Fraværende)"]  # the API's /meeting is the same JSON


def test_a_member_no_list_gives_a_party_votes_with_the_party_the_text_names_them_by(tmp_path):
    """Greve's attendee lists give no party; a quoted decision or a leave names "Heidi Serny Jacobsen (A)"."""
    archive = tmp_path / "archive"
    write_meeting(archive / "by", BY, "2022-03-07",
                  [("22-003147", "Skattely", [("Beslutning", "Forkastet. For stemte: (A), (F). Imod stemte: (V).")])],
                  attendees=["Heidi Serny Jacobsen", "Morten Dahlin", "Bjarke Abel"])
    write_meeting(archive / "oe", "Økonomiudvalget", "2022-08-29",
                  [("22-000200", "Budget", [("Sagsbeskrivelse", "Beslutning i Social- og Handicapudvalget den 15. "
                                             "august 2022: Ikke til stede: Heidi Serny Jacobsen (A). Morten "
                                             "Dahlin (V) og Heidi Serny Jacobsen (A) deltog ikke.")])],
                  attendees=["Bjarke Abel"])
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    people = {p.name: p for p in Archive.open(tmp_path / "index", embedder=HashEmbedder()).people()}
    assert people["Heidi Serny Jacobsen"].parties == ["A"]
    assert [(v.item_title, v.position, v.by_party) for v in people["Heidi Serny Jacobsen"].party_votes] == [
        ("Skattely", "for", "A")]
    assert [(v.item_title, v.position, v.by_party) for v in people["Morten Dahlin"].party_votes] == [
        ("Skattely", "against", "V")]
    assert not people["Bjarke Abel"].parties and not people["Bjarke Abel"].party_votes  # never named with one


def test_a_name_with_a_party_after_it_in_the_text_is_a_party_mention():
    from indexer.minutes.people.gather import party_mentions
    from indexer.records import Hit

    hit = Hit("p", 0.0, "… godkendte, at Heidi Serny Jacobsen (A) fik orlov, og at Kenneth Jerkel (A) fortsætter; "
              "Heidi Serny Jacobsen deltog.", "d", None, BY, "2022-10-27", "referat", None, None, None)
    assert party_mentions(["Heidi Serny Jacobsen", "Jerkel", "Bjarke Abel"], [hit]) == [
        ("Heidi Serny Jacobsen", "A", "2022-10-27")]  # one word is no whole name
