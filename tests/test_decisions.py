"""Decision extraction: the fixed forms of minutes and parliament transcripts, on excerpts
and on the sample archive."""
from __future__ import annotations

import json

import pytest

from indexer.minutes.decisions import Decision, extract_decisions, parse_votes, stable_id
from indexer.ingest.pipeline import ingest_file
from indexer.records import Paragraph, Record
from tests.paths import DATA, SAMPLE_ARCHIVE as ARCHIVE

LABELS = json.loads((DATA / "decisions_labels.json").read_text(encoding="utf-8"))


def _doc(*paragraphs: tuple[str | None, str], doc_type: str = "referat") -> tuple[Record, list[Paragraph]]:
    record = Record(path="x/minutes.txt", content_hash="ab" * 32, body="Socialudvalget",
                    meeting_date="2018-06-11", doc_type=doc_type)
    paras = [Paragraph(id=f"abab-{i:05d}", document=record.path, position=i, text=text, heading=heading)
             for i, (heading, text) in enumerate(paragraphs)]
    return record, paras


def _extract(*paragraphs: tuple[str | None, str], doc_type: str = "referat") -> list[Decision]:
    return extract_decisions(*_doc(*paragraphs, doc_type=doc_type))


# (heading, text) → expected outcomes in order
CASES = [
    # municipal minutes
    (("2. Godkendelse af dagsorden", "Dagsorden blev godkendt uden bemærkninger."), ["approved"]),
    (("BESLUTNING", "Indstillingen blev således godkendt i den ændrede form."), ["approved"]),
    (("BESLUTNING", "Tiltrådt."), ["approved"]),
    (("Beslutning", "Udsat."), ["postponed"]),
    (("Beslutning", "Sagen blev udsat til næste møde."), ["postponed"]),
    (("Beslutning", "Taget til efterretning."), ["noted"]),
    (("Beslutning", "Indstillingen blev ikke godkendt."), ["rejected"]),
    (("Beslutning", "Sagen sendes til Økonomiudvalget."), ["sent_on"]),
    (("Beslutning", "Oversendes til Borgerrepræsentationen."), ["sent_on"]),
    (("3. Takster", "Udvalgets beslutning den 04.12.2012 Punkt 3 Indstilles til godkendelse"), ["sent_on"]),
    (("3. Takster", "Udvalgets beslutning den 04.12.2012 Punkt 3 Indstillingen godkendt"), ["approved"]),
    (("BESLUTNING", "Der blev begæret afstemning om ændringsforslaget, som blev vedtaget enstemmigt."), ["approved"]),
    # a decision section that says nothing recognisable: unknown, never guessed
    (("Beslutning", "Udvalget drøftede sagen længe, og formanden takkede for input fra alle sider."), ["unknown"]),
    # parliament
    (("Punkt 3. 1. behandling af L 6", "Jeg foreslår, at lovforslaget henvises til Skatteudvalget. Hvis ingen gør "
      "indsigelse, betragter jeg det som vedtaget.Det er vedtaget."), ["sent_on"]),
    (("Punkt 4. 3. behandling af L 4", "For stemte 51 (DF, V, LA og KF), imod stemte 49 (S, EL, ALT, RV og SF), "
      "hverken for eller imod stemte 0.Lovforslaget er vedtaget og vil nu blive sendt til statsministeren."), ["approved"]),
    (("Punkt 6. 3. behandling af L 2", "Der stemmes om ændringsforslag nr.5.For stemte 51 (S, EL), imod stemte 56 "
      "(DF, V, LA og KF).Ændringsforslaget er forkastet.Hvis der ikke begæres afstemning, betragter jeg "
      "ændringsforslag nr.2-4 som vedtaget.De er vedtaget."), ["rejected", "approved"]),
]

# minutes of other systems, read as text: the decision headings they use, and the meeting systems' forms
# in them (Greve's wording, from its 2022–2023 minutes)
TEXT_MINUTES = [
    (("Beslutninger", "Anbefales."), ["recommended"]),
    (("Afgørelse", "Godkendt."), ["approved"]),
    (("Byrådets beslutning den 11. juni 2018", "Byrådet godkendte Økonomiudvalgets indstilling."), ["approved"]),
    (("Plan- og Tryghedsudvalgets beslutning", "Udvalget undlod at tage stilling."), ["sent_on"]),
    (("Beslutning", "Økonomiudvalget anbefaler overfor Byrådet, at administrationens indstilling godkendes."),
     ["recommended"]),
    (("Beslutning", "Indstillingen anbefales godkendt."), ["recommended"]),
    (("Beslutning", "Status på udviklingen blev taget til efterretning."), ["noted"]),
]


@pytest.mark.parametrize("paragraph, outcomes", TEXT_MINUTES, ids=[c[0][0][:40] for c in TEXT_MINUTES])
def test_text_minutes_decision_headings_and_forms(paragraph, outcomes):
    assert [d.outcome for d in _extract(paragraph)] == outcomes


def test_text_minutes_recommendation_names_its_recipient_and_counts():
    [decision] = _extract(("Beslutning", "Økonomiudvalget anbefaler overfor Byrådet, at Kultur- og Fritidsudvalgets "
                                         "indstilling godkendes."))
    assert decision.recommended_to == "Byrådet"
    [decision] = _extract(("Beslutning", "Med stemmerne 19 for og 1 imod godkendte Byrådet Økonomiudvalgets "
                                         "indstilling. (Ø) undlod at tage stilling."))
    assert (decision.votes_for, decision.votes_against) == (19, 1)
    assert [(v.position, v.voters) for v in decision.votes] == [("abstained", ["Ø"])]


def test_case_history_quotes_earlier_decisions_that_are_not_this_meetings():
    decisions = _extract(("Sagens forløb", "Indstillingen blev godkendt."),
                         ("Tidligere beslutninger", "Sagen blev udsat."),
                         ("Beslutning", "Taget til efterretning."))
    assert [d.outcome for d in decisions] == ["noted"]


LOOK_ALIKES = [
    ("PROBLEMSTILLING", "Socialudvalget vedtog den 21.januar 2015 følgende fem principper for udviklingen."),
    ("INDSTILLING OG BESLUTNING", "Socialforvaltningen indstiller, at Socialudvalget godkender forslaget."),
    ("Indstilling", "Center for Social indstiller, at A) Evalueringen af rygestopkurser tages til efterretning."),
    ("Bilag", "Beslutningen træffes af Sundheds- og Forebyggelsesudvalget"),
    ("Punkt 6. 3. behandling af L 2", "Så hvis dette lovforslag bliver vedtaget, er det et skridt på vejen."),
    ("Punkt 6. 3. behandling af L 2", "Jeg synes, det er en skam, for der er vedtaget en ordning, som er bedre."),
    ("Punkt 7. 1. behandling af L 2", "De bliver henvist til at leve i op til 7 år på introduktionsydelse."),
    ("Punkt 0. Punkt 0", "Mødet er udsat. (Kl.11:35)."),
]


@pytest.mark.parametrize("paragraph, outcomes", CASES, ids=[c[0][1][:40] for c in CASES])
def test_fixed_forms_give_their_outcome(paragraph, outcomes):
    assert [d.outcome for d in _extract(paragraph)] == outcomes


@pytest.mark.parametrize("paragraph", LOOK_ALIKES, ids=[c[1][:40] for c in LOOK_ALIKES])
def test_look_alikes_are_not_decisions(paragraph):
    assert _extract(paragraph) == []


def test_votes_by_party_are_read_with_counts():
    votes = parse_votes("For stemte 87 (S, DF, V, LA, KF og 1 (SF) (ved en fejl)), imod stemte 15 (EL, ALT og SF), "
                        "hverken for eller imod stemte 0.")
    assert [(v.position, v.count) for v in votes] == [("for", 87), ("against", 15), ("abstained", 0)]
    assert votes[0].voters == ["S", "DF", "V", "LA", "KF", "SF"]
    assert votes[1].voters == ["EL", "ALT", "SF"]


def test_municipal_votes_without_counts():
    [decision] = _extract(("Beslutning", "For stemte: A, B og F. Imod stemte: V. Undlod at stemme: O. "
                                         "Indstillingen blev godkendt."))
    assert decision.outcome == "approved"
    assert [(v.position, v.voters) for v in decision.votes] == [("for", ["A", "B", "F"]), ("against", ["V"]),
                                                                  ("abstained", ["O"])]


def test_party_remark_is_kept_with_the_decision():
    decisions = _extract(
        ("BESLUTNING", "Indstillingen blev godkendt."),
        ("BESLUTNING", "V ønskede tilført beslutningen: ”Venstre finder sagen ubearbejdet.”"),
    )
    assert len(decisions) == 1
    assert decisions[0].remarks == ["V ønskede tilført beslutningen: ”Venstre finder sagen ubearbejdet.”"]


def test_a_remark_after_a_colon_goes_on_to_the_next_paragraph_and_stops_at_who_did_not_take_part():
    [decision] = _extract(
        ("Indstilling", "Sundheds- og Forebyggelsesudvalgets beslutning den 11.06.2018 Punkt 7 Indstillingen godkendt "
                        "med denne bemærkning:"),
        ("Indstilling", "Gruppen af unge i Ballerup Kommune også får adgang til at bruge lokalerne på Solvej 6. "
                        "Følgende deltog ikke i behandlingen af punktet: Anne Hansen (A)"),
    )
    assert decision.remarks == ["Gruppen af unge i Ballerup Kommune også får adgang til at bruge lokalerne på Solvej 6."]


def test_a_remark_quoting_several_paragraphs_goes_on_to_its_closing_quote():
    # Danish opens a quotation with ” too: the remark is not closed by its opening mark
    [decision] = _extract(
        ("BESLUTNING", "Indstillingen blev godkendt."),
        ("BESLUTNING", "C og V afgav protokolbemærkning om:"),
        ("BESLUTNING", "”Venstre og Konservative finder indstillingen ubearbejdet og usikker."),
        ("BESLUTNING", "V og C finder således anledning til at rette kritik af forvaltningen."),
        ("BESLUTNING", "Det er afgørende for den endelige implementering.”"),
        ("BESLUTNING", "Udvalget drøftede derefter næste punkt."),
    )
    [remark] = decision.remarks
    assert remark.startswith("C og V afgav protokolbemærkning om: ”Venstre og Konservative")
    assert remark.endswith("den endelige implementering.”") and "rette kritik" in remark


def test_unanimous_vote_is_marked():
    [decision] = _extract(("Punkt 2. Indstilling", "For stemte 99 (S, DF, V), imod stemte 0, hverken for eller imod "
                                                   "stemte 0.Udvalgets indstilling er enstemmigt vedtaget."))
    assert decision.unanimous and decision.motion == "Udvalgets indstilling"


def test_referral_names_the_committee():
    [decision] = _extract(("Punkt 2. 1. behandling af L 1", "Jeg foreslår, at lovforslaget henvises til "
                                                            "Skatteudvalget.Det er vedtaget."))
    assert decision.outcome == "sent_on" and decision.motion == "lovforslaget henvises til Skatteudvalget"


def test_decision_carries_item_body_date_and_source_paragraph():
    [decision] = _extract(("Punkt 5. 3. behandling af L 1", "Lovforslaget er vedtaget."))
    assert (decision.item_number, decision.item_title) == ("5", "3. behandling af L 1")
    assert (decision.body, decision.meeting_date, decision.paragraph_id) == ("Socialudvalget", "2018-06-11", "abab-00000")


def test_id_depends_on_content_and_sentence_not_on_position():
    first = _extract(("Punkt 5. L 1", "Lovforslaget er vedtaget."))[0]
    record, paras = _doc(("Punkt 5. L 1", "Indledning."), ("Punkt 5. L 1", "Lovforslaget er vedtaget."))
    moved = extract_decisions(record, paras)[0]
    assert first.id == moved.id == stable_id("ab" * 32, "Lovforslaget er vedtaget.")


def test_agenda_item_document_keeps_its_one_item():
    decisions = _extract(
        ("3. Udvikling af tilbud (2015-0135051)", "Indledning."),
        ("1. Igangsættelse af lokale processer", "Tekst om processen."),
        ("BESLUTNING", "Indstillingen blev godkendt."),
        doc_type="dagsordenspunkt",
    )
    assert [(d.item_number, d.outcome) for d in decisions] == [("3", "approved")]


def test_agenda_item_002_decisions_in_order():
    record, paras = ingest_file(ARCHIVE / "minutes" / "002_c6494850ffb86ef0.txt", ARCHIVE)
    decisions = extract_decisions(record, paras)
    assert [(d.motion, d.outcome) for d in decisions] == [
        ("ændringsforslaget", "approved"), ("Ændringsforslaget", "approved"), ("Indstillingen", "approved")]
    assert decisions[0].unanimous
    assert [r.split(" afgav")[0] for r in decisions[-1].remarks] == ["B", "C og V"]
    assert all(d.item_number == "3" for d in decisions)


def test_every_labelled_decision_of_a_sitting_is_found_with_its_outcome():
    document = "folketinget/folketinget-2015-08-26-1300.txt"
    record, paras = ingest_file(ARCHIVE / document, ARCHIVE)
    found = extract_decisions(record, paras)
    labels = [lab for lab in LABELS["labels"] if lab["document"] == document and lab["decision"]]
    assert len(found) == len(labels)
    for lab in labels:
        matches = [d for d in found if d.item_number == lab["item"]
                   and " ".join(lab["snippet"].lower().split()) in " ".join(d.text.lower().split())]
        assert matches and matches[0].outcome == lab["outcome"], lab["snippet"]


def _byraad(meeting_date: str, sections: tuple[tuple[str, str], ...]) -> tuple[list[Decision], list[Decision]]:
    """The decisions of the Byråd's minutes of `meeting_date` holding these (heading, text) sections: as
    paragraphs under their headings, and as one paragraph, as a PDF's lines join them."""
    record = Record(path="x/byraad.txt", content_hash="cd" * 32, body="Byrådet", meeting_date=meeting_date)
    paras = [Paragraph(id=f"cdcd-{i:05d}", document=record.path, position=i, text=text, heading=heading)
             for i, (heading, text) in enumerate(sections)]
    joined = [Paragraph(id="cdcd-00009", document=record.path, position=0, heading="2. Budget",
                        text=" ".join(f"{heading} {text}" for heading, text in sections))]
    return extract_decisions(record, paras), extract_decisions(record, joined)


def test_another_bodys_decision_of_an_earlier_day_is_the_cases_history_not_this_meetings_decision():
    # the Byråd's minutes of 15 January quote the Økonomiudvalg's decision of 8 January above their own
    apart, joined = _byraad("2013-01-15", (
        ("Økonomiudvalgets beslutning den 8. januar 2013", "Sagen sendes videre til Byrådet uden anbefaling."),
        ("Byrådets beslutning den 15. januar 2013", "Godkendt.")))
    assert [(d.outcome, d.text) for d in apart] == [("approved", "Godkendt.")]
    assert [d.outcome for d in joined] == ["approved"]


# Vote lines of minutes read as text (PDF), as a council's and an Økonomiudvalg's minutes print them:
# (the decision section's paragraphs) → the votes (position, voters, count), votes_for, votes_against
VOTES_AFTER_THE_DECISION = [
    (["Indstillingen blev godkendt.", "For stemte: A og F (12)", "Imod stemte: V og Ø (7)"],
     [("for", ["A", "F"], 12), ("against", ["V", "Ø"], 7)], 12, 7),
    (["Indstillingen blev godkendt.\nFor stemte: A og F (12)\nImod stemte: V og Ø (7)"],
     [("for", ["A", "F"], 12), ("against", ["V", "Ø"], 7)], 12, 7),
    (["Indstillingen blev ikke godkendt.", "For stemte: Ø (1) / Imod stemte: A, V og F (18)"],
     [("for", ["Ø"], 1), ("against", ["A", "V", "F"], 18)], 1, 18),
    (["Indstillingen blev godkendt.", "For stemte: (A), (F)", "V stemmer imod."],
     [("for", ["A", "F"], None), ("against", ["V"], None)], None, None),
]


@pytest.mark.parametrize(("lines", "votes", "votes_for", "votes_against"), VOTES_AFTER_THE_DECISION,
                         ids=[" / ".join(c[0])[:50] for c in VOTES_AFTER_THE_DECISION])
def test_vote_lines_after_a_decision_in_minutes_read_as_text_are_its_votes(lines, votes, votes_for, votes_against):
    [decision] = _extract(*[("Byrådets beslutning", line) for line in lines])
    assert [(v.position, v.voters, v.count) for v in decision.votes] == votes
    assert (decision.votes_for, decision.votes_against) == (votes_for, votes_against)
    assert not decision.unanimous


def test_vote_lines_before_a_decision_with_counts_after_the_voters():
    [decision] = _extract(("Beslutning", "For stemte: Ø (1) / Imod stemte: A, V og F (18)"),
                          ("Beslutning", "Forslaget blev forkastet."))
    assert decision.outcome == "rejected"
    assert [(v.position, v.voters, v.count) for v in decision.votes] == [("for", ["Ø"], 1),
                                                                          ("against", ["A", "V", "F"], 18)]
    assert (decision.votes_for, decision.votes_against) == (1, 18)


def test_a_decision_section_of_vote_lines_alone_keeps_its_votes():
    [decision] = _extract(("Beslutning", "For stemte: A og F (12)"), ("Beslutning", "Imod stemte: V og Ø (7)"))
    assert decision.outcome == "unknown"
    assert [(v.position, v.voters) for v in decision.votes] == [("for", ["A", "F"]), ("against", ["V", "Ø"])]


def test_vote_lines_of_a_decision_stated_before_them_are_not_taken_by_the_next_one():
    first, second = _extract(("Beslutning", "Ændringsforslaget blev forkastet."),
                             ("Beslutning", "For stemte: V (7)\nImod stemte: A og F (12)"),
                             ("Beslutning", "For stemte: A og F (12)\nImod stemte: V (7)\nIndstillingen blev godkendt."))
    assert [v.voters for v in first.votes] == [["V"], ["A", "F"]] and first.outcome == "rejected"
    assert [v.voters for v in second.votes] == [["A", "F"], ["V"]] and second.outcome == "approved"


def test_a_recommendation_opening_with_its_verb_names_the_body_it_goes_to():
    [decision] = _extract(("Økonomiudvalgets beslutning", "Anbefales over for Byrådet."))
    assert (decision.outcome, decision.recommended_to) == ("recommended", "Byrådet")


def test_a_decision_headed_beslutning_i_another_body_on_an_earlier_day_is_history_too():
    apart, joined = _byraad("2013-02-19", (
        ("Beslutning i Økonomiudvalget den 12. februar 2013", "Anbefales over for Byrådet."),
        ("Beslutning i Byrådet den 19. februar 2013", "Godkendt.")))
    assert [(d.outcome, d.text) for d in apart] == [("approved", "Godkendt.")]
    assert [(d.outcome, d.text) for d in joined] == [("approved", "Godkendt.")]
