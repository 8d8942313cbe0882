"""Decisions and promises in a meeting system's minutes, pinned on Greve Kommune's FirstAgenda
minutes of 2022–2023: the tuning part of benchmarks/data/greve (the 2024 held-out part is never
quoted here). Every text below is copied from a 2022–2023 meeting file."""
from __future__ import annotations

import pytest

from indexer.ingest.pipeline import ingest_file
from indexer.minutes.deadlines import deadline_date
from indexer.minutes.decisions import OUTCOMES, extract_decisions, item_decision
from indexer.minutes.fields import next_body, procedure_bodies, read_field, voters_of
from indexer.minutes.followups import extract_followups, listed_followups, one_entry_per_promise
from indexer.minutes.promises import deadline_of, is_promise
from indexer.records import Paragraph, Record
from tests.paths import DATA

GREVE = DATA / "meeting-systems" / "firstagenda-greve"
GREVE_KFU = GREVE / "2022-01-12_e5c0f0b2-a890-437d-a8c1-9f0965349a4c.json"


def _meeting(*items: tuple[str, list[tuple[str, str]]], body: str = "Byråd 2022-2025",
             date: str = "2023-06-19") -> tuple[Record, list[Paragraph]]:
    """A FirstAgenda meeting as `sources.to_paragraphs` gives it: per item, paragraphs headed by their
    field's name and carrying the item."""
    record = Record(path="greve/m.json", content_hash="9a" * 32, body=body, meeting_date=date,
                    doc_type="referat", file_type="firstagenda")
    paras: list[Paragraph] = []
    for number, fields in items:
        paras.append(Paragraph(id=f"9a-{len(paras):05d}", document=record.path, position=len(paras),
                               text=f"{number}. Punkt", is_heading=True, item_number=number, item_title="Punkt"))
        for heading, text in fields:
            paras.append(Paragraph(id=f"9a-{len(paras):05d}", document=record.path, position=len(paras), text=text,
                                   heading=heading, item_number=number, item_title="Punkt"))
    return record, paras


def _decide(text: str, procedure: str | None = None, body: str = "Byråd 2022-2025"):
    fields = ([("Sagsprocedure", procedure)] if procedure else []) + [("Beslutning", text)]
    [decision] = extract_decisions(*_meeting(("4", fields), body=body))
    return decision


# --- outcomes ---------------------------------------------------------------------------------
OUTCOME_CASES = [
    ("Byrådet godkendte Økonomiudvalgets indstilling.", "approved"),
    ("Godkendt", "approved"),
    ("1. Ansøger 1 tildeles plads ved Greve Svømmehal.\n2. Ansøger 2 tildeles plads ved Greve Gymnasium.", "approved"),
    ("Skole, Børne- og Ungeudvalget indstiller Direktionens forslag godkendt i Økonomiudvalg og Byråd.", "recommended"),
    ("Kultur- og Fritidsudvalget udpegede Anne Marie Lyduch (V) og Charlotte Levin (A) til Idrætsrådet", "approved"),
    ("Følgende justeringer i mødeplanen godkendes:\nMødet den 9. marts afholdes på Mosede Fort med mødestart kl. "
     "16.30.", "approved"),
    ("Godkendt, dog med den ændring at første møder i Skolerådet og Børnerådet placeres i uge 10.", "approved"),
    ("Ikke godkendt, idet udvalget indtil videre ønsker at fastholde kompetencen til at udstede påbud i medfør af "
     "varmeforsyningsloven.\nFor at fremskynde udrulningen af fjernvarme bemyndiges administrationen dog mulighed for "
     "at påbyde Greve Fjernvarme, at medtage områderne 3.1 og 3.2 i næste fase af projektforslag.", "rejected"),
    ("1.-2. Anbefales ikke.", "rejected"),
    ("Status på udviklingen blev taget til efterretning.", "noted"),
    # what was noted named at length between "tog" and "til efterretning"
    ("Byrådet tog administrationens orientering om budgetopfølgning 0 for 2023 til efterretning.", "noted"),
    ("Orienteringen blev taget til efterretning, idet udvalget ønsker løbende afrapportering på handleplanen.", "noted"),
    # "når den er vedtaget" says when, not what was decided
    ("Taget til efterretning\nUdvalget drøftede mulighederne for at afholde et borgermøde om implementering af Social- "
     "og Handicappolitikken, når den er vedtaget.", "noted"),
    ("Sagen blev udsat.", "postponed"),
    ("Sagen blev taget af dagsordenen.", "postponed"),  # not decided at this meeting
    ("Sagen blev taget af dagsorden. dette skyldes, at der mangler svar fra regionen.", "postponed"),
    ("Sagen sendes tilbage jf. punkt 5.", "postponed"),
    ("Økonomiudvalget besluttede af sende sagen tilbage til fornyet behandling i administrationen.", "postponed"),
    ("Sagen sendes tilbage til administrationen med henblik på, at udvalget ønsker formulering af en ønsket effekt, "
     "der handler om repatriering.", "postponed"),
    ("Udvalget undlod at tage stilling.", "sent_on"),
    ("Udvalget undlod at tage stilling til indstillingerne, idet udvalget ønsker en fremlæggelse på Økonomiudvalget "
     "af, hvad de andre boligselskaber har af råderetsbeløb.", "sent_on"),
    ("Med stemmerne 18 for og 1 imod besluttede byrådet at sende forslaget til realitetsbehandling i udvalg.", "sent_on"),
    ("Byrådet besluttede at sende initiativretsforslaget til realitetsbehandling i Klima-, Teknik- og Miljøudvalget.",
     "sent_on"),
    ("1.-4. Anbefales.", "recommended"),
    ("Økonomiudvalget anbefaler overfor Byrådet at Klima-, Teknik- og Miljøudvalgets indstilling godkendes.",
     "recommended"),
    # no disposition stated: unknown, never guessed
    ("Udvalget drøftede deres mål for politikker på beskæftigelses og erhvervsområdet.", "unknown"),
    ("Formanden har siden sidste møde deltaget i følgende arrangementer:\nValdemarsdag 15. juni\nHedebo 70 års "
     "fødselsdag 24. juni", "unknown"),
    ("Afbud: Brigitte Klintskov Jerkel", "unknown"),
    ("Derudover orienteres der om:\nVi har genbesøgt processen med implementeringsworkshops til politikken og de "
     "forventes først gennemført i første kvartal.", "unknown"),
]


@pytest.mark.parametrize("text, outcome", OUTCOME_CASES, ids=[c[0][:40] for c in OUTCOME_CASES])
def test_decision_field_gives_its_outcome(text, outcome):
    assert _decide(text).outcome == outcome


def test_recommended_is_an_outcome():
    assert "recommended" in OUTCOMES


def test_recommendation_names_the_body_it_goes_to():
    decision = _decide("Økonomiudvalget anbefaler overfor Byrådet, at fagudvalgenes indstillinger godkendes.",
                       body="Økonomiudvalget")
    assert (decision.outcome, decision.recommended_to) == ("recommended", "Byrådet")


def test_bare_recommendation_goes_to_the_next_body_of_the_case_procedure():
    decision = _decide("Anbefales.\nFraværende: Lone Mortensen",
                       procedure="Sundheds- og Omsorgsudvalget, Økonomiudvalget og Byrådet.",
                       body="Sundheds- og Omsorgsudvalget")
    assert (decision.outcome, decision.recommended_to) == ("recommended", "Økonomiudvalget")


def test_case_procedure_keeps_compound_committee_names():
    procedure = "Klima-, Teknik- og Miljøudvalget, Økonomiudvalget og Byrådet."
    assert procedure_bodies(procedure) == ["Klima-, Teknik- og Miljøudvalget", "Økonomiudvalget", "Byrådet"]
    assert next_body(procedure, "Klima-, Teknik- og Miljøudvalget") == "Økonomiudvalget"
    assert next_body(procedure, "Byråd 2022-2025") is None  # the last body recommends to no one


PROCEDURE = "Klima-, Teknik- og Miljøudvalget, Skole-, Børne-, og Ungeudvalget, Økonomiudvalget og Byrådet."


def _recommended_to(history: str) -> str | None:
    fields = [("Sagsprocedure", PROCEDURE), ("Beslutning", "1.-4. anbefales."), ("Sagens forløb", history)]
    [decision] = extract_decisions(*_meeting(("4", fields), body="Klima-, Teknik- og Miljøudvalget",
                                             date="2023-10-12"))
    return decision.recommended_to


def test_a_recommendation_goes_to_the_next_body_that_has_not_had_the_case_this_round():
    # Klima-, Teknik- og Miljøudvalget, 12 October 2023, item 4: the Skole-, Børne- og Ungeudvalg had it two days before
    assert _recommended_to("10-10-2023 Skole-, Børne- og Ungeudvalget 5. Orienteringen blev taget til efterretning.") \
        == "Økonomiudvalget"
    assert _recommended_to("") == "Skole-, Børne- og Ungeudvalget"
    # a treatment of an earlier round, or told for a later day, is not this round's
    assert _recommended_to("10-01-2023 Skole-, Børne- og Ungeudvalget 5. Godkendt.") == "Skole-, Børne- og Ungeudvalget"
    assert _recommended_to("13-10-2023 Skole-, Børne- og Ungeudvalget 5. Anbefales.") == "Skole-, Børne- og Ungeudvalget"
    # the same day: the other committee had it that morning (the meeting's own line counts for nothing)
    assert _recommended_to("12-10-2023 Klima-, Teknik- og Miljøudvalget 4. 1.-4. anbefales. 12-10-2023 Skole-, Børne- "
                           "og Ungeudvalget 5. Anbefales.") == "Økonomiudvalget"
    # sent back by the Økonomiudvalg after the committee had it: a new round, the next body as the procedure says
    assert _recommended_to("20-09-2023 Klima-, Teknik- og Miljøudvalget 1.-3. anbefales 27-09-2023 Skole-, Børne- og "
                           "Ungeudvalget 2. Anbefales. 02-10-2023 Økonomiudvalget Økonomiudvalget besluttede at sende "
                           "sagen tilbage til udvalget.") == "Skole-, Børne- og Ungeudvalget"


def test_mixed_item_keeps_the_main_outcome_and_each_point():
    decision = _decide("1. godkendes.\n2. godkendes ikke, idet udvalget ønsker at fastholde maksimal "
                       "bebyggelsesprocent på 45 og maksimale etageantal på 2 som i gældende kommuneplanrammen for "
                       "Industrilunden.\n3.-4. godkendes.")
    assert decision.outcome == "approved"
    assert [(p["point"], p["outcome"]) for p in decision.points] == [
        ("1.", "approved"), ("2.", "rejected"), ("3.-4.", "approved")]
    from indexer.present.minutes import decision_label
    from indexer.present.wording import ENGLISH

    # the card says the point decided otherwise (a secretary read "godkendt" for an item partly rejected)
    assert decision_label(decision) == "godkendt (punkt 2: forkastet)"
    assert decision_label(decision, ENGLISH) == "approved (point 2: rejected)"


def test_one_decision_per_item_and_the_case_history_is_not_read():
    record, paras = _meeting(
        ("5", [("Sagens forløb", "Anbefales, idet der skal udarbejdes et bruttoanlægsforslag for en "
                                 "trafiksikkerhedsanalyse af området inkl. krydset Tune Parkvej/Nørregade"),
               ("Beslutning", "Byrådet godkendte Økonomiudvalgets indstilling.")]),
        ("6", [("Sagens forløb", "Godkendt.")]),
    )
    decisions = extract_decisions(record, paras)
    assert [(d.item_number, d.outcome) for d in decisions] == [("5", "approved")]


# --- votes, counts, remarks -------------------------------------------------------------------
def _votes(decision) -> list[tuple[str, list[str]]]:
    return [(v.position, v.voters) for v in decision.votes]


def test_council_vote_with_counts_parties_and_members():
    decision = _decide("Med stemmerne 19 for og 1 imod godkendte Byrådet Økonomiudvalgets indstilling.\n"
                       "For stemte (V), (A), (M), Liselott Blixt (UP-1) og (F).\n"
                       "(Ø) undlod at tage stilling.\n"
                       "Ikke til stede: Brigitte Klintskov Jerkel")
    assert decision.outcome == "approved"
    assert (decision.votes_for, decision.votes_against) == (19, 1)
    assert _votes(decision) == [("for", ["V", "A", "M", "Liselott Blixt (UP-1)", "F"]), ("abstained", ["Ø"])]


def test_no_one_against_is_zero_and_unanimous_is_not_claimed_over_abstentions():
    decision = _decide("Med stemmerne 18 for og ingen imod godkendte Byrådet Økonomiudvalgets indstilling.\n"
                       "For stemte (V), (A), (C), Liselott Blixt (UP-1) og Hans-Jørgen Kirstein (UP-2).\n"
                       "(F) og (Ø) undlod at tage stilling.")
    assert (decision.votes_for, decision.votes_against) == (18, 0)
    assert _votes(decision)[-1] == ("abstained", ["F", "Ø"])
    assert not decision.unanimous
    said = _decide("Godkendt enstemmigt.")
    assert said.unanimous and not _decide("Med stemmerne 12 for og 3 imod godkendt.").unanimous


def test_an_abstention_misspelt_udlod_is_still_an_abstention():
    # Greve, Byrådet 12 December 2022, item 43
    decision = _decide("Med stemmerne 18 for godkendte byrådet Økonomiudvalgets indstilling.\n"
                       "For stemte: (V), (A), (C), (D), (Ø) og Liselott Blixt (UP).\n(F) udlod at tage stilling.")
    assert _votes(decision)[-1] == ("abstained", ["F"])


def test_vote_remark_stays_with_the_vote_not_the_decision():
    decision = _decide("Med stemmerne 16 for og 4 imod godkendte Byrådet Økonomiudvalgets indstilling.\n"
                       "For stemte: (V), (A), (D) og Liselott Blixt (UP).\n"
                       "Imod stemte: (C), (F) og (Ø) med bemærkning om, at der ønskes udarbejdet et udvidelsesforslag.")
    against = decision.votes[-1]
    assert (against.position, against.voters) == ("against", ["C", "F", "Ø"])
    assert against.remark == "at der ønskes udarbejdet et udvidelsesforslag"
    assert decision.remarks == []


def test_party_remark_on_its_own_line_joins_that_partys_vote():
    decision = _decide("Med stemmerne 18 for og 2 imod godkendte Byrådet Økonomiudvalgets indstilling.\n"
                       "For stemte: (V), (A), (C), (D) og Liselott Blixt (UP).\n"
                       "Imod stemte: (F) og (Ø).\n"
                       "(Ø) med bemærkning om, ”at Enhedslisten ikke vil begrænse Greve borgerens demokratiske ret til "
                       "at demonstrere deres utilfredsheder om byrådets beslutninger”.")
    assert _votes(decision)[1:] == [("against", ["F"]), ("against", ["Ø"])]
    assert decision.votes[-1].remark.startswith("at Enhedslisten ikke vil begrænse")


def test_member_voting_against_with_a_reason():
    decision = _decide("Økonomiudvalget anbefaler overfor Byrådet, at Kultur- og Fritidsudvalgets indstilling "
                       "godkendes.\nMehmet Zeki Dogru (Ø) stemte imod, da Greve Pigegarde ikke indgår i partiets "
                       "budgetforslag.", body="Økonomiudvalget")
    assert _votes(decision) == [("against", ["Mehmet Zeki Dogru (Ø)"])]
    assert decision.votes[0].remark == "da Greve Pigegarde ikke indgår i partiets budgetforslag"


def test_a_recommending_bodys_no_reads_not_recommended_not_rejected():
    from indexer.present.minutes import decision_label
    from indexer.present.wording import ENGLISH

    decision = _decide("Økonomiudvalget anbefaler overfor Byrådet at\n1. anbefales\n2. anbefales\n4. anbefales ikke.")
    assert decision.outcome == "recommended" and ("4.", "rejected") in [(p["point"], p["outcome"]) for p in decision.points]
    assert decision_label(decision) == "anbefalet (punkt 4: ikke anbefalet)"
    assert decision_label(decision, ENGLISH) == "recommended (point 4: not recommended)"
    assert decision_label(_decide("1. Anbefales ikke.\n2. Anbefales ikke.")) == "ikke anbefalet"
    assert decision_label(_decide("Godkendes ikke.")) == "forkastet"  # a deciding body's no stays a rejection


def test_a_point_number_typed_without_its_space_still_names_its_point():
    decision = _decide("1) Anbefales, idet udvalget ønsker en sag om kompetenceudvikling.\n2)Anbefales.")
    assert [(p["point"], p["outcome"]) for p in decision.points] == [("1", "recommended"), ("2", "recommended")]
    decision = _decide("1.Orienteringen blev taget til efterretning.\n2.Godkendt\n3.Godkendt")
    assert [(p["point"], p["outcome"]) for p in decision.points] == [
        ("1.", "noted"), ("2.", "approved"), ("3.", "approved")]


def test_budget_votes_keep_the_point_they_were_cast_on():
    decision = _decide(
        "Med stemmerne 1 for og 20 imod afviste Byrådet indstillingspunkt 1a - budgetforslag fremlagt af (Ø).\n"
        "For stemte (Ø).\n"
        "Imod stemte (V), (A), (C), Liselott Blixt (UP-1), Hans-Jørgen Kirstein (UP-2) og (F).\n"
        "Med stemmerne 20 for og 1 imod godkendte Byrådet indstillingspunkt 1b - budgetforslag og "
        "underændringsforslag fremsendt af forligspartierne (V), (A), (C), Liselott Blixt (UP-1), "
        "Hans-Jørgen Kirstein (UP-2) og (F).\n"
        "For stemte (V), (A), (C), Liselott Blixt (UP-1), Hans-Jørgen Kirstein (UP-2) og (F).\n"
        "Imod stemte (Ø).\n"
        "Byrådet godkendte indstillingspunkt 5, 6, 7, 8, 10, 11, 12, 13 og 14.")
    assert decision.outcome == "approved"  # the adopted budget, not the rejected alternative
    assert (decision.votes_for, decision.votes_against) == (20, 1)
    assert [(v.position, v.point) for v in decision.votes] == [
        ("for", "1a"), ("against", "1a"), ("for", "1b"), ("against", "1b")]


def test_citizens_proposal_sent_on_with_wishes_as_votes():
    decision = _decide("Med stemmerne 18 for og 1 imod besluttede byrådet at sende forslaget til realitetsbehandling "
                       "i udvalg.\n(V), (A), (C), (D), (Ø), (F) og Liselott Blixt (UP) ønskede at sende forslaget til "
                       "realitetsbehandling.")
    assert decision.outcome == "sent_on" and (decision.votes_for, decision.votes_against) == (18, 1)
    assert _votes(decision) == [("for", ["V", "A", "C", "D", "Ø", "F", "Liselott Blixt (UP)"])]


def test_a_proposal_not_sent_on_counts_its_votes_on_the_proposal():
    decision = _decide("Med stemmerne 13 for og 7 imod besluttede Byrådet, at forslaget ikke sendes til "
                       "realitetsbehandling i udvalg.\n(V), (C), (D) og Liselott Blixt (UP) ønskede ikke at sende "
                       "forslaget til realitetsbehandling\n(A), (F) og (Ø) ønskede at sende forslaget til "
                       "realitetsbehandling.")
    # 13 voted for not sending it: the proposal had 7 votes, its 13 opponents are the ones against
    assert decision.outcome == "rejected" and (decision.votes_for, decision.votes_against) == (7, 13)
    assert _votes(decision) == [("against", ["V", "C", "D", "Liselott Blixt (UP)"]), ("for", ["A", "F", "Ø"])]


def test_decision_remark_after_med_bemaerkning_om():
    decision = _decide("Med stemmer 19 for og 1 imod godkendte Byrådet administrationens indstillingspunkt 1 med "
                       "bemærkning om, at den fælles overordnede vision bærer navnet ”Naturligvis Greve - gennem "
                       "helhedssyn og fællesskaber”.")
    assert decision.remarks == ["at den fælles overordnede vision bærer navnet ”Naturligvis Greve - gennem "
                                "helhedssyn og fællesskaber”."]


def test_the_points_a_vote_names_end_before_the_next_word():
    decision = _decide("Med stemmerne 1 for og 20 imod afviste Byrådet indstillingspunkt 1a.\nFor stemte (Ø).\n"
                       "Med stemmerne 20 for og 1 imod godkendte Byrådet indstillingspunkt 3, 4 og 9.\n"
                       "For stemte (V), (A) og (F).\nImod stemte (Ø).")
    assert [v.point for v in decision.votes] == ["1a", "3, 4 og 9", "3, 4 og 9"]  # not "3, 4 o"
    assert read_field("Indstillingspunkt 1 godkendes.").points[0].point == "1"  # not "1 g"


def test_a_point_the_voters_remark_names_is_not_the_point_they_voted_on():
    decision = _decide("Med stemmerne 18 for og 2 imod godkendte Byrådet Økonomiudvalgets indstilling.\n"
                       "For stemte (V), (A), (D), Liselott Blixt (UP), (Ø) og (F).\n"
                       "Imod stemte (C) med bemærkning om at administrationens indstillingspunkt 2 anbefales.")
    against = decision.votes[-1]
    assert (against.voters, against.point) == (["C"], None)  # against the whole recommendation
    assert against.remark == "at administrationens indstillingspunkt 2 anbefales"
    reason = _decide("Godkendt.\n(Ø) stemte imod punkt 3, da partiet ikke kan støtte en udvidelse.").votes[0]
    assert (reason.point, reason.remark) == ("3", "da partiet ikke kan støtte en udvidelse")


def test_a_vote_on_a_numbered_point_of_the_recommendation_keeps_the_point():
    decision = _decide("Byrådet godkendte Økonomiudvalgets indstilling.\n"
                       "(F) og (Ø) kunne ikke tiltræde indstilling 2 med bemærkning om, at de to parter bør høres.")
    assert [(v.position, v.voters, v.point) for v in decision.votes] == [("against", ["F", "Ø"], "2")]
    assert read_field("Byrådet godkendte administrationens indstilling 1.-3.").points[0].point == "1.-3"


def test_votes_after_a_point_put_to_its_own_counted_vote_are_on_that_point():
    decision = _decide("Byrådet godkendte administrationens indstillingspunkter 1-5.\n"
                       "Med stemmerne 18 for og 2 imod godkendte Byrådet yderligere administrationens "
                       "indstillingspunkt 6 med bemærkning om, at foranalysen af Tune Skole alene skal indeholde et "
                       "scenarie.\nFor stemte: (V), (A), (D), Liselott Blixt (UP), (Ø) og (F).\nImod stemte: (C).")
    assert [p["point"] for p in decision.points] == ["1-5", "6"]  # "indstillingspunkter" names points too
    assert [(v.position, v.point) for v in decision.votes] == [("for", "6"), ("against", "6")]
    # without a count of its own, an abstention after the last of several points is the item's
    item = _decide("Økonomiudvalget anbefaler overfor Byrådet at administrationens indstillingspunkt 1 godkendes.\n"
                   "Yderligere anbefaler Økonomiudvalget overfor Byrådet at administrationens indstillingspunkt 2 "
                   "godkendes.\nBrigitte Klintskov Jerkel (C) undlod at tage stilling.")
    assert [(v.position, v.point) for v in item.votes] == [("abstained", None)]


def test_one_vote_list_after_points_decided_by_the_same_count_is_on_each_of_them():
    # Byrådet, 23 May 2022, item 17: point 1, then points 2 and 3, each "19 for og 1 imod", then one vote list
    decision = _decide("Med stemmer 19 for og 1 imod godkendte Byrådet administrationens indstillingspunkt 1 med "
                       "bemærkning om, at den fælles overordnede vision bærer navnet ”Naturligvis Greve”.\n"
                       "Yderligere godkendte Byrådet med stemmerne 19 for og 1 imod administrationens "
                       "indstillingspunkt 2 og 3.\nFor stemte: (V), (D), Liselott Blixt (UP), (A) og (C).\n"
                       "Imod stemte: (Ø).\n(F) undlod at tage stilling.")
    assert [(v.position, v.point) for v in decision.votes] == [
        ("for", "1, 2 og 3"), ("against", "1, 2 og 3"), ("abstained", "1, 2 og 3")]
    # another count before: its point was voted on apart, and its votes are not listed
    apart = _decide("Med stemmerne 15 for og 5 imod godkendte Byrådet indstillingspunkt 1.\n"
                    "Med stemmerne 19 for og 1 imod godkendte Byrådet indstillingspunkt 2.\nImod stemte: (Ø).")
    assert [(v.position, v.point) for v in apart.votes] == [("against", "2")]


def test_a_remark_is_not_cut_at_an_abbreviation():
    decision = _decide("Plan- og Tryghedsudvalget godkendte indstillingen med bemærkning om, at masterne skal være "
                       "mellem 15 til maks. 22 meter høje.")
    assert decision.remarks == ["at masterne skal være mellem 15 til maks. 22 meter høje."]


def test_votes_on_another_proposal_are_on_it_not_on_the_items_decision():
    decision = _decide("Med stemmerne 20 for og 1 imod godkendte Byrådet Økonomiudvalgets indstilling.\n"
                       "For stemte: (V), (A), (C), (D), Liselott Blixt (UP) og (F).\nImod stemte: (Ø).\n"
                       "(Ø) fremsatte følgende forslag til beslutning:\n"
                       "Byrådet vedtager et mål om at nedsætte omgørelsesprocenten til 20 % over en 5-årig periode.\n"
                       "For stemte: (Ø)\nImod stemte: (V), (A), (C), (D) og Liselott Blixt (UP)\n"
                       "(F) undlod at tage stilling.")
    assert decision.outcome == "approved" and (decision.votes_for, decision.votes_against) == (20, 1)
    assert [(v.position, v.voters, v.proposal_by) for v in decision.votes] == [
        ("for", ["V", "A", "C", "D", "Liselott Blixt (UP)", "F"], None), ("against", ["Ø"], None),
        ("for", ["Ø"], "Ø"), ("against", ["V", "A", "C", "D", "Liselott Blixt (UP)"], "Ø"), ("abstained", ["F"], "Ø")]
    several = _decide("Mehmet Zeki Dogru (Ø) stiller forslag om, at alle energispareforslag rulles tilbage.\n"
                      "Mehmet Zeki Dogru (Ø) stemmer for.\nV, D og Liselott Blixt (UP) stemmer imod.\n"
                      "A stiller forslag om at lufttemperaturen i svømmehallen hæves.\nA stemmer for.\nV stemmer imod.")
    assert [(v.position, v.proposal_by) for v in several.votes] == [
        ("for", "Mehmet Zeki Dogru (Ø)"), ("against", "Mehmet Zeki Dogru (Ø)"), ("for", "A"), ("against", "A")]


def test_a_further_decision_put_to_its_own_vote_is_a_decision_of_its_own():
    text = ("Med stemmerne 19 for godkendte Byrådet Økonomiudvalgets indstilling. For stemte (V), (A), (C), (M), "
            "Liselott (UP) og (F).\n(Ø) undlod at tage stilling.\n"
            "Endvidere besluttede Byrådet med stemmerne 12 for og 7 imod, at Klima-, Teknik- og Miljøudvalget skal "
            "arbejde med muligheden for anlæg af cykelsti på Greve Centervej på strækningen Skovbo Allé mod Greve "
            "Landevej med henblik på at kunne træffe beslutning om dette, når der sker udlodning af selskabet.\n"
            "For stemte (V), (M), Liselott Blixt (UP-1) og (F).\n"
            "Imod stemte (A) og (C) med bemærkning om \"at vi ønsker flere trafiksikkerhedsprojektet belyst\"\n"
            "(Ø) undlod at tage stilling.")
    own, further = extract_decisions(*_meeting(("12", [("Beslutning", text)])))
    # (A) and (C) voted for the item and against the cycle path: never both on one decision
    assert (own.outcome, own.votes_for, own.votes_against) == ("approved", 19, None)
    assert _votes(own) == [("for", ["V", "A", "C", "M", "Liselott (UP)", "F"]), ("abstained", ["Ø"])]
    assert (further.outcome, further.votes_for, further.votes_against) == ("approved", 12, 7)
    assert _votes(further) == [("for", ["V", "M", "Liselott Blixt (UP-1)", "F"]), ("against", ["A", "C"]),
                               ("abstained", ["Ø"])]
    assert further.text.startswith("Endvidere besluttede Byrådet") and own.id != further.id
    assert item_decision([own, further]) is own  # the item's decision in the meeting view and the case trail


def test_a_further_decision_without_its_own_vote_or_on_points_stays_with_the_item():
    [noted] = extract_decisions(*_meeting(("3", [("Beslutning", (
        "Økonomiudvalget tog orienteringen til efterretning. Yderligere besluttede udvalget at mødet den 13. juni "
        "2022 rykkes til et eftermiddagsmøde med start fra kl. 16.00."))])))
    assert noted.outcome == "noted"
    [points] = extract_decisions(*_meeting(("17", [("Beslutning", (
        "Med stemmer 19 for og 1 imod godkendte Byrådet administrationens indstillingspunkt 1.\n"
        "Yderligere godkendte Byrådet med stemmerne 19 for og 1 imod administrationens indstillingspunkt 2 og 3.\n"
        "For stemte: (V), (D).\nImod stemte: (Ø)."))])))
    assert points.outcome == "approved" and _votes(points) == [("for", ["V", "D"]), ("against", ["Ø"])]


@pytest.mark.parametrize("names, voters", [
    ("(V), (A), (M), Liselott Blixt (UP-1) og (F)", ["V", "A", "M", "Liselott Blixt (UP-1)", "F"]),
    ("(C) og Kenneth Jerkel fra (A)", ["C", "Kenneth Jerkel (A)"]),
    ("Pernille Beckmann (V), Marc Genning (V) Hans-Jørgen Kirstein (D)",
     ["Pernille Beckmann (V)", "Marc Genning (V)", "Hans-Jørgen Kirstein (D)"]),
    ("V, D og Liselott Blixt (UP)", ["V", "D", "Liselott Blixt (UP)"]),
    ("ingen", []),
])
def test_voter_lists(names, voters):
    assert voters_of(names) == voters


def test_names_listed_one_a_line_after_the_vote_label():
    reading = read_field("For stemte:\nAnne Marie Lyduch (V)\nPer Lund Sørensen (V)\nCharlotte Levin (A)\n"
                         "Kultur- og Fritidsudvalget erklærede Per Lund Sørensen (V) for inhabil i punktets behandling.")
    assert [(v.position, v.voters) for v in reading.votes] == [
        ("for", ["Anne Marie Lyduch (V)", "Per Lund Sørensen (V)", "Charlotte Levin (A)"])]


@pytest.mark.parametrize("line, votes", [
    ("A stemmer for og V stemmer imod.", [("for", ["A"]), ("against", ["V"])]),
    ("V stemmer for og A undlader.", [("for", ["V"]), ("abstained", ["A"])]),
    ("A stemmer for, V og D stemmer imod og C undlader.", [("for", ["A"]), ("against", ["V", "D"]), ("abstained", ["C"])]),
    ("(V), (A) og (C) stemte for, mens (Ø) stemte imod.", [("for", ["V", "A", "C"]), ("against", ["Ø"])]),
    ("(Ø) og (F) stemte imod indstillingen.", [("against", ["Ø", "F"])]),  # one vote: "og" joins its voters
])
def test_several_votes_in_one_sentence_are_read_apart(line, votes):
    assert [(v.position, v.voters) for v in read_field(line).votes] == votes


def test_following_the_administrations_recommendation_is_a_vote_for_it():
    decision = _decide("Byrådet godkendte Økonomiudvalgets indstilling med bemærkning om at Økonomiudvalget får "
                       "forelagt resultatet af forhandlingerne med lodsejer.\n"
                       "(A) og (Ø) følger administrationens indstilling.\n"
                       "(F) undlod at tage stilling.")
    assert decision.outcome == "approved"
    assert _votes(decision) == [("for", ["A", "Ø"]), ("abstained", ["F"])]
    # not for what was approved (the Økonomiudvalg's recommendation): for the administration's
    assert [v.proposal_by for v in decision.votes] == ["administrationen", None]
    vote = read_field("Økonomiudvalget anbefaler overfor Byrådet at Plan- og Tryghedsudvalgets indstilling godkendes.\n"
                      "Brigitte Klintskov Jerkel (C) følger administrationens indstillingspunkt 2.").votes[0]
    assert (vote.position, vote.voters, vote.point, vote.proposal_by) == (
        "for", ["Brigitte Klintskov Jerkel (C)"], "2", "administrationen")


def test_members_recommending_the_administrations_recommendation_the_committee_did_not_vote_for_it():
    # Økonomiudvalget 28 March 2022, item 15: two members' dissent stood unread on the case's trail
    decision = read_field("Økonomiudvalget anbefaler overfor byrådet, at ungdomsboligerne på sigt anvendes til at løse "
                          "kapacitetsudfordringen.\nJohn T. Olsen (A) og Brigitte Klintskov Jerkel (C) anbefaler overfor "
                          "byrådet at administrationens indstilling godkendes.\nMehmet Zeki Dogru (Ø) stemte imod.")
    assert [(v.position, v.voters, v.proposal_by) for v in decision.votes] == [
        ("for", ["John T. Olsen (A)", "Brigitte Klintskov Jerkel (C)"], "administrationen"),
        ("against", ["Mehmet Zeki Dogru (Ø)"], None)]
    # their own line is no sign that the committee approved it (Økonomiudvalget 28 February 2022, item 16)
    [vote] = read_field("Økonomiudvalget anbefaler overfor Byrådet at Klima-, Teknik- og Miljøudvalgets indstilling "
                        "godkendes.\nMehmet Zeki Dogru (Ø) anbefaler administrationens indstilling.").votes
    assert (vote.position, vote.proposal_by) == ("for", "administrationen")
    # at a deciding body it says what they support beside the votes they cast (Byrådet 20 June 2022, item 13)
    decided = read_field("Med stemmerne 11 for og 9 imod godkendte Byrådet Økonomiudvalgets indstilling.\n"
                         "For stemte: (V) og (D).\nImod stemte: (A) og (C).\n"
                         "(A) og (C) anbefaler administrationens indstillingspunkter 3 og 4.")
    assert [(v.position, v.voters) for v in decided.votes] == [("for", ["V", "D"]), ("against", ["A", "C"])]


def test_votes_under_a_point_that_other_points_follow_are_on_that_point():
    # Klima-, Teknik- og Miljøudvalget 21 March 2022, item 7: the vote was on point 1 only
    decision = read_field("1. Udvalget anbefalede basispakken 1.1 – 1.7 af de listede tiltag\n"
                          "For stemte: Claus Dyremose (C), Claus Jensen (V) og Bjarke Abel (A).\n"
                          "Imod stemte: Torben Hoffmann (V) idet han ønsker den fulde pakke.\n"
                          "Hans-Jørgen Kirstein (D) undlod at tage stilling.\n2.-3. Anbefales.")
    assert decision.outcome == "recommended"
    assert [(v.position, v.point) for v in decision.votes] == [("for", "1"), ("against", "1"), ("abstained", "1")]
    # after the last point, as far as the record says, on the item
    last = read_field("1. Anbefales.\n2. Anbefales.\nClaus Dyremose (C) undlod at tage stilling.")
    assert [v.point for v in last.votes] == [None]
    # the administration's advice is no decision of the body's
    assert read_field("Administrationen anbefalede at tage kontakt til brugerrådet.").outcome == "unknown"


def test_an_abstention_on_points_named_by_their_numbers_alone_is_on_them():
    # Klima-, Teknik- og Miljøudvalget 16 November 2023, item 13
    [vote] = read_field("1. Anbefales ikke\n2. Anbefales fortsat fastholdt\n3. Anbefales\n"
                        "(A) og (C) undlader på 1) og 3)").votes
    assert (vote.position, vote.voters, vote.point) == ("abstained", ["A", "C"], "1 og 3")


def test_a_remark_goes_on_in_the_sentences_that_carry_it_on():
    # Økonomiudvalget 27 November 2023, item 14: the remark's point was in its second sentence
    decision = read_field("Økonomiudvalget anbefaler overfor Byrådet, at administrationens indstilling godkendes med "
                          "bemærkning om, at det fremgår at administrationen har beslutningskraft til at yde tilskud. "
                          "Dette er en fejl og skal rettes til at Byrådet beslutter.\nDerudover skal bilag rettes.\n"
                          "Der tilrettes frem mod Byrådsmøde.")
    assert decision.remarks == ["at det fremgår at administrationen har beslutningskraft til at yde tilskud. Dette er en "
                                "fejl og skal rettes til at Byrådet beslutter. Derudover skal bilag rettes."]
    # a sentence of its own after a decision without a remark is no remark
    assert read_field("Godkendt.\nDerudover skal bilag rettes.").remarks == []


def test_votes_for_and_against_the_administrations_recommendation_the_committee_would_not_recommend_are_on_it():
    # Klima-, Teknik- og Miljøudvalget 14 February 2022, item 7: the majority voted against the administration's
    decision = read_field("1. Anbefales.\n2. Administrationens indstilling kan ikke anbefales.\n"
                          "For administrationens indstilling stemte: Bjarke Abel (A)\n"
                          "Imod administrationens indstilling stemte: Hans-Jørgen Kirstein (D), Torben Hoffmann (V) og "
                          "Claus Jensen (V).\nClaus Dyremose (C) undlod at tage stilling.")
    assert [(v.position, v.proposal_by) for v in decision.votes] == [
        ("for", "administrationen"), ("against", "administrationen"), ("abstained", None)]
    approved = read_field("Administrationens indstilling godkendt.\nImod administrationens indstilling stemte: (V)")
    assert approved.votes[0].proposal_by is None  # where it was approved, a vote on it is on the decision


def test_following_the_administrations_recommendation_where_it_was_approved_is_a_vote_for_the_decision():
    [vote] = read_field("Udvalget godkendte administrationens indstilling.\n(A) følger administrationens indstilling.").votes
    assert (vote.position, vote.voters, vote.proposal_by) == ("for", ["A"], None)


def test_a_vote_for_the_administrations_recommendation_reads_so_in_both_languages():
    from indexer.present.minutes import vote_on
    from indexer.present.wording import ENGLISH

    assert vote_on(None, "administrationen") == " (administrationens indstilling)"
    assert vote_on("2", "administrationen", ENGLISH) == " (point 2) (the administration's recommendation)"


# Økonomiudvalget, 27 February 2023, item 16 "Forhøjelse af råderetsbeløb"
DISQUALIFICATION_VOTED = (
    "John T. Olsen (A) spurgte Økonomiudvalget om han var inhabil i sagens behandling, da han er ansat som "
    "inspektør i Greve Boligselskab.\nØkonomiudvalget stemte om John T. Olsen kunne deltage i sagens behandling.\n"
    "For stemte:\nPernille Beckmann (V), Marc Genning (V), Liselott Blixt (UP), Hans-Jørgen Kirstein (D), "
    "Brigitte Klintskov Jerkel (C), John T. Olsen (A) og Mehmet Zeki Dogru (Ø)\nImod stemte: ingen\n"
    "Økonomiudvalgets erklærede, at John T. Olsen (A) kan deltage i sagens behandling.\n"
    "Økonomiudvalget anbefaler overfor Byrådet, at Plan- og Tryghedsudvalgets indstillinger godkendes.\n"
    "John T. Olsen (A) og Mehmet Zeki Dogru (Ø) stemte for administrationen indstilling.\n"
    "Brigitte Klintskov Jerkel (C) undlod at tage stilling.")


def test_a_vote_on_a_members_disqualification_is_marked_so_not_read_as_a_vote_on_the_item():
    decision = _decide(DISQUALIFICATION_VOTED)
    assert decision.outcome == "recommended"
    assert [(v.position, len(v.voters), v.proposal_by) for v in decision.votes] == [
        ("for", 7, "deltagelse"),  # for John T. Olsen taking part, as voted on: not the recommendation
        ("for", 2, "administrationen"),  # "stemte for administrationen indstilling", not the committee's
        ("abstained", 1, None)]  # after the body's answer: on the item again
    # "… erklærede Per Lund Sørensen (V) for inhabil …" (Kultur- og Fritidsudvalget, 12 January 2022, item 8)
    named = _decide("Per Lund Sørensen (V) spurgte, om Per Lund Sørensen (V) er inhabil i punktets behandling da Per "
                    "Lund Sørensen (V) er formand for fodboldklubben.\nFor stemte:\nAnne Marie Lyduch (V)\n"
                    "Charlotte Levin (A)\nKultur- og Fritidsudvalget erklærede Per Lund Sørensen (V) for inhabil i "
                    "punktets behandling.\nPer Lund Sørensen (V) forlod herefter lokalet.\n2. Godkendt.\n"
                    "Charlotte Levin (A) stemte imod.")
    assert [(v.position, v.proposal_by) for v in named.votes] == [("for", "inhabilitet"), ("against", None)]
    # asked whether she was disqualified, voted on whether she could take part: against her taking part
    # (Sundheds- og Omsorgsudvalget, 13 November 2023, item 4)
    barred = _decide("Charlotte Levin (A) spurgte udvalget, om hun var inhabil i sagens behandling.\nUdvalget stemte om "
                     "Charlotte Levin kunne deltage i sagens behandling.\nFor stemte:\nImod stemte: Liselott Blixt (UP), "
                     "Simon Østergaard (V)\nUdvalget erklærede, at Charlotte Levin (A) ikke kan deltage i sagens "
                     "behandling.\nAd 1) godkendes")
    assert [(v.position, v.proposal_by) for v in barred.votes] == [("against", "deltagelse")]


def test_a_vote_on_a_members_disqualification_reads_so_in_both_languages():
    from indexer.present.minutes import vote_on, votes_line
    from indexer.present.wording import ENGLISH

    assert vote_on(None, "inhabilitet") == " (om inhabilitet)"
    assert vote_on(None, "inhabilitet", ENGLISH) == " (on a member's disqualification)"
    assert vote_on(None, "deltagelse", ENGLISH) == " (on a member taking part)"
    assert votes_line(_decide(DISQUALIFICATION_VOTED)).startswith(
        "For (om deltagelse i sagen): Pernille Beckmann (V), Marc Genning (V), ")


def test_a_vote_for_the_administrations_point_the_committee_would_not_recommend_is_for_the_administrations():
    # Økonomiudvalget, 13 June 2022, item 10
    vote = read_field("2. Økonomiudvalget kan, overfor Byrådet, ikke anbefale at der udarbejdes et udvidelsesforslag "
                      "vedrørende bygningssyn og vedligeholdelsesrapport.\n"
                      "John T. Olsen (A) stemte for administrationens indstillingspunkt 2.").votes[0]
    assert (vote.position, vote.point, vote.proposal_by) == ("for", "2", "administrationen")
    # against the administration's point where the council approved the Økonomiudvalg's recommendation (Byråd,
    # 23 May 2022, item 12), or the administration's own (Byråd, 21 March 2022, item 3): against the item's point
    against = read_field("Byrådet godkendte Økonomiudvalgets indstilling.\n"
                         "(Ø) og (F) stemte imod administrationens indstillingspunkt 2.").votes[0]
    assert (against.position, against.point, against.proposal_by) == ("against", "2", None)
    approved = read_field("Administrationens indstilling blev godkendt.\n(Ø) følger administrationens indstilling.")
    assert approved.votes[0].proposal_by is None


def test_a_partys_wish_voted_on_at_once_is_its_proposal():
    # Klima-, Teknik- og Miljøudvalget, 6 March 2023, item 3
    decision = _decide("Udvalget indstiller, at tiltaget omkring saunaen i svømmehallen rulles tilbage således at "
                       "saunaen genåbnes.\nA ønsker at lufttemperatur og bassintemperatur også hæves tilbage på "
                       "normalt niveau.\nA stemmer for, V og D stemmer imod og C undlader.\n"
                       "V og D stiller forslag om at temperaturer på skoleområdet hæves til 21 grader hurtigst muligt.\n"
                       "V og D stemmer for. A og C undlader.")
    assert [(v.position, v.voters, v.proposal_by) for v in decision.votes] == [
        ("for", ["A"], "A"), ("against", ["V", "D"], "A"), ("abstained", ["C"], "A"),
        ("for", ["V", "D"], "V, D"), ("abstained", ["A", "C"], "V, D")]
    # a wish its makers do not vote for at once is a remark, and the vote the item's; a body's wish is its decision
    remark = read_field("Godkendt.\n(A) ønsker, at sagen genoptages.\nFor stemte: (V) og (C).\nImod stemte: (A).")
    assert [v.proposal_by for v in remark.votes] == [None, None]
    body = read_field("Økonomiudvalget ønsker frem mod Byrådsmødet et notat om engangsbevillingen.\n"
                      "Brigitte Klintskov Jerkel (C) undlod at tage stilling.")
    assert [v.proposal_by for v in body.votes] == [None]


def test_a_quoted_remark_ending_in_a_full_stop_keeps_its_closing_quote():
    # Byråd, 11 December 2023, item 10: the quote closes after the full stop
    decision = _decide("Administrationens indstilling blev ikke godkendt idet der ikke kunne opnås enighed jf. "
                       "styrelsesloven §8\nFor stemte (V), (C), (M), Liselott Blixt (UP-1), (Ø) og (F).\n"
                       "Imod stemte (A) med bemærkning om, at \"vi mener at alle byrådsmedlemmer skal stilles lige i "
                       "forhold til fravær og at årsagen til flytningen ikke er konkret begrundet.\"")
    assert decision.votes[-1].remark == ('at "vi mener at alle byrådsmedlemmer skal stilles lige i forhold til '
                                         'fravær og at årsagen til flytningen ikke er konkret begrundet."')


def test_vote_label_doubled_in_the_minutes_keeps_every_voter():
    reading = read_field("For stemte stemte (V), (A), (C), (M), (F) og Liselott Blixt (UP-1).")
    assert [(v.position, v.voters) for v in reading.votes] == [
        ("for", ["V", "A", "C", "M", "F", "Liselott Blixt (UP-1)"])]


def test_empty_vote_label_does_not_take_the_next_vote_line():
    reading = read_field("Udvalget stemte om Charlotte Levin kunne deltage i sagens behandling.\n"
                         "For stemte:\n"
                         "Imod stemte: Liselott Blixt (UP), Simon Østergaard (V), Lone Mortensen (V)")
    assert [(v.position, v.voters) for v in reading.votes] == [
        ("against", ["Liselott Blixt (UP)", "Simon Østergaard (V)", "Lone Mortensen (V)"])]


def test_a_real_greve_meeting_end_to_end():
    record, paras = ingest_file(GREVE_KFU, GREVE)
    found = extract_decisions(record, paras)
    decisions = {d.item_number: d for d in found}
    assert len(found) == len(decisions) == 12  # one per item with a decision (item 2 has none)
    assert decisions["7"].outcome == "approved"  # "… udpegede Anne Marie Lyduch (V) og Charlotte Levin (A) …"
    assert decisions["13"].outcome == "noted"
    assert decisions["8"].outcome == "approved" and len(decisions["8"].votes[0].voters) == 5


# --- promises ---------------------------------------------------------------------------------
def _promises(text: str, section: str = "Beslutning", date: str = "2023-03-13"):
    record, paras = _meeting(("4", [(section, text)]), body="Sundheds- og Omsorgsudvalget", date=date)
    return extract_followups(record, paras)


PROMISES = [
    # (section, meeting date, sentence, who, requested by, deadline)
    # the administration asked to look into something, and a theme meeting decided for later
    ("Beslutning", "2023-06-12", "Økonomiudvalget ønsker, at administrationen undersøger mulighederne for den beskrevne "
     "model i forslaget fra bestyrelsen på Greve Kulturbase og beregner om der vil være økonomiske synergier frem mod "
     "budget.", "administrationen", "Økonomiudvalget", None),
    ("Beslutning", "2023-11-27", "Orienteringerne blev taget til efterretning og Økonomiudvalget besluttede at der "
     "afholdes temamøde før Byrådsmødet i januar 2024 vedrørende Styrelseslov, administrationsgrundlag og "
     "delegationsplan.", None, "Økonomiudvalget", "i januar 2024"),
    ("Beslutning", "2023-10-09", "Udvalget ønsker på et kommende møde en orientering om betydningen af tillæg for "
     "fastholdelse af medarbejdere.", None, "Udvalget", "på et kommende møde"),
    ("Beslutning", "2022-02-07", "Orienteringen blev taget til efterretning med bemærkning om, at udvalget ønsker at "
     "blive orienteret på næste møde.", None, "Udvalget", "på næste møde"),
    ("Beslutning", "2023-03-13", "Udvalget ønsker en sag om udskrivelse fra privathospitaler og kommunikation til "
     "kommunerne.", None, "Udvalget", None),
    ("Beslutning", "2023-05-24", "Godkendt med en bemærkning om, at udvalget ønsker forelagt en sag, hvor rammerne for "
     "partnerskaber kan drøftes samt at 2024 bevillingen til Tune IF finansieres fra næste års idrætspulje.", None,
     "Udvalget", None),
    ("Beslutning", "2022-08-16", "Målene skal fremlægges på næste runde af politikarbejdet.", None, None,
     "på næste runde"),
    ("Sagsbeskrivelse", "2022-09-12", "Administrationen vender tilbage med en indstilling når der skal frigives "
     "rådighedsbeløb fra 2023 og frem.", "Administrationen", None, "når der skal frigives rådighedsbeløb fra 2023 og frem"),
    ("Sagsbeskrivelse", "2022-04-26", "Oplæg til tryghedskampagne fremlægges for udvalget på et kommende udvalgsmøde.",
     None, None, "på et kommende udvalgsmøde"),
    ("Sagsbeskrivelse", "2023-05-23", "Der fremlægges en særskilt sag herom.", None, None, None),
    ("Sagsbeskrivelse", "2022-11-16", "Ny driftstilskudsaftale til Greve Pigegarde og Greve Harmoniorkester forelægges "
     "først i første kvartal 2023 på grund af resurser.", None, None, "i første kvartal 2023"),
    ("Sagsbeskrivelse", "2022-11-28", "I marts fremlægges regnskab 2022.", None, None, "I marts"),
    # a conditional promise is a promise here; who is the administration, never "Derfor"
    ("Sagsbeskrivelse", "2022-09-12", "Derfor må administrationen vende tilbage, hvis en eventuel udmøntning ikke kan "
     "lade sig gøre indenfor de eksisterende ressourcer på fagområderne.", "administrationen", None, None),
    # a centre named in full, "&" and commas with it, not "Center for Sundhed"
    ("Sagsbeskrivelse", "2022-08-15", "Center for Sundhed & Pleje vil fremlægge en sag for udvalget i efteråret 2022.",
     "Center for Sundhed & Pleje", None, "i efteråret 2022"),
    ("Sagsbeskrivelse", "2022-08-15", "Center for Politik, Organisation & Borgerbetjening vil fremlægge en sag for "
     "udvalget i efteråret 2022.", "Center for Politik, Organisation & Borgerbetjening", None, "i efteråret 2022"),
    # a timetable's line names the committee by its whole name, not "Ungeudvalget"
    ("Tidsplan", "2023-11-14", "Sag om nyt kommissorium for Børne- og Skolerådet - beslutning efter høring | "
     "Skole-, Børne- og Ungeudvalget | 6. februar 2024", "Skole-, Børne- og Ungeudvalget", None, "6. februar 2024"),
]


@pytest.mark.parametrize("section, date, sentence, who, requested, deadline", PROMISES,
                         ids=[p[2][:40] for p in PROMISES])
def test_greve_promise_with_who_request_and_deadline(section, date, sentence, who, requested, deadline):
    [follow_up] = _promises(sentence, section, date)
    assert (follow_up.who, follow_up.requested_by, follow_up.deadline) == (who, requested, deadline)
    assert follow_up.section == section and follow_up.item_number == "4"


LOOK_ALIKES = [
    # what a body asked for at an earlier meeting, however many words stand between "har" and what it did
    ("Sagsbeskrivelse", "2022-05-09", "Byrådet har på deres møde den 4. april 2022 protokolleret, at der ønskes afholdt "
     "et ekstraordinært temamøde om Budget 2023-26."),
    # the item's own procedure
    ("Sagsbeskrivelse", "2022-09-12", "Aktuelt er der tre ledige boliger i boligfællesskabet, og sagen forelægges nu "
     "for både Sundheds- og Omsorgsudvalget og Social- og Handicapudvalget, da begge udvalg har ansvaret for dele af "
     "sagen og dele af økonomien."),
    ("Resume", "2022-03-09", "I sagen forelægges oversigt over Greve Kommunes udgifter på kulturområdet i 2021 betalt "
     "under budgetrammen for Kultur og Fritid."),
    ("Økonomiske konsekvenser", "2022-06-08", "De bevillingsmæssige konsekvenser af budgetopfølgning 1 fremlægges i "
     "efterfølgende sag Budgetopfølgning 1 2022, bevillingssag."),
    ("Indstilling", "2023-08-15", "3. at det besluttes, om arbejdet med de tre nye vejadgangen ved Jerismosestien, "
     "Niels Pedersensvej Syd og Niels Pedersensvej Nord skal genoptages."),
    ("Tidsplan", "2023-11-27", "Den administrative evaluering af budgetprocessen for 2024-27 indgår i grundlaget for "
     "udarbejdelsen af tidsplanen for budgetprocessen for 2025-28, som forelægges for Økonomiudvalget den 27. "
     "november og for Byrådet den 11. december 2023."),
    ("Sagsbeskrivelse", "2022-06-20", "Sker der ændringer i den mellem læggende tid, forelægges dette for Byrådet som "
     "skal godkende nye medlemmer og suppleanter."),
    # asked, decided or put off before
    ("Resume", "2023-05-22", "På Økonomiudvalgets møde den 9. maj besluttede udvalget at der frem mod Byrådets møde "
     "skulle fremlægges et redigeret forslag til vision."),
    ("Resume", "2023-03-27", "På mødet i økonomiudvalget den 23. januar 2023 blev administrationen bedt om at "
     "undersøge, om det er muligt at give medlemmer af byrådet psykologhjælp."),
    ("Resume", "2022-02-07", "Punktet er udsat fra udvalgsmødet den 10. januar 2022."),
    # the case's history
    ("Sagens forløb", "2022-10-03", "Anbefales, idet der skal udarbejdes et bruttoanlægsforslag for en "
     "trafiksikkerhedsanalyse af området inkl. krydset Tune Parkvej/Nørregade"),
    # general: a wish without a return to a body, a party's wish, statistics
    ("Beslutning", "2023-02-06", "Udvalget ønsker en inkluderende proces, hvor både medarbejdere udvalg og andre "
     "aktører bliver inddraget."),
    ("Beslutning", "2023-04-24", "(Ø) stemte imod med bemærkning om, at \"Enhedslisten ønsker en handlingsplan\"."),
    ("Sagsbeskrivelse", "2022-11-28", "Herudover forskydes udbetalingen af grundkapitalindskud på 8,7 mio. kr. til 40 "
     "ældreboliger, da skema C er udsat til 2023."),
    ("Lovgrundlag", "2022-09-12", "Ifølge § 79 b i retssikkerhedsloven skal Danmarkskortet behandles på et møde i "
     "kommunalbestyrelsen inden udgangen af det år, hvor Danmarkskortet offentliggøres."),
]


@pytest.mark.parametrize("section, date, sentence", LOOK_ALIKES, ids=[p[2][:40] for p in LOOK_ALIKES])
def test_greve_look_alikes_are_not_promises(section, date, sentence):
    assert _promises(sentence, section, date) == []


def test_a_time_that_has_passed_at_the_meeting_is_no_deadline_nor_promise():
    sentence = "Analysen fremlægges for fagudvalg og byråd i foråret 2023."
    assert [f.deadline for f in _promises(sentence, "Sagsbeskrivelse", "2023-01-10")] == ["i foråret 2023"]
    assert _promises(sentence, "Sagsbeskrivelse", "2024-01-15") == []  # quoted a year later: an old plan
    assert deadline_of("Forvaltningen vender tilbage med en oversigt i 2021.", "2022-05-02") is None


def test_meeting_system_text_keeps_only_what_comes_back_to_a_body():
    # in a debate transcript these would be read as commitments; in a case's text they are duties
    assert not is_promise("Kommunalbestyrelser skal udarbejde et beredskab til forebyggelse, tidlig opsporing og "
                          "behandling af sager om overgreb mod børn og unge.", "Sagsbeskrivelse", "2022-05-02",
                          meeting_system=True)
    assert not is_promise("Fotodokumentation på arealets stand efter arrangement skal fremsendes til Greve Kommune "
                          "senest 7 dage efter afholdt arrangement.", "Sagsbeskrivelse", "2022-05-02",
                          meeting_system=True)


# --- promises without the old cue words (Greve tuning, read sentence by sentence) ---------------
def _ms_promise(section: str, date: str, sentence: str) -> bool:
    return is_promise(sentence, section, date, meeting_system=True)


LATER_FORMS = [
    # a later case named as such, with or without a time
    ("Sagsbeskrivelse", "2022-03-21", "En nærmere vurdering af konsekvenserne for pasningsgarantien vil indgå i en "
     "kommende sag i fagudvalget."),
    ("Sagsbeskrivelse", "2023-02-08", "Der udarbejdes en særskilt politisk sag for forslag om trappemodellen."),
    ("Tidsplan", "2023-11-14", "Den endelige tidsplan aftales helt præcist med We Do Democracy og indgår i "
     "næstkommende sag."),
    # a case promised without a time
    ("Tidsplan", "2023-08-14", "Med baggrund i vurderingen, vil administrationen fremlægge en sag for Sundheds- og "
     "Omsorgsudvalget, Økonomiudvalget samt Byrådet, med anbefalinger til opfølgende beslutninger vedrørende "
     "plejeboligkapaciteten i Greve Kommune."),
    # the administration's next step in the present tense, marked as after this meeting or as a later draft
    ("Sagsbeskrivelse", "2023-01-09", "På baggrund af drøftelserne på dette møde, tilretter administrationen "
     "politikken og præsenterer udvalget for 2. udkast."),
    ("Sagsbeskrivelse", "2023-01-09", "Administrationen samler op på høringssvar og forelægger 3. udkast af Vækst- og "
     "Erhvervspolitik 2023-2026."),
    ("Resume", "2023-10-23", "Når Byrådet har godkendt ejendomsstrategien, udarbejder administrationen et forslag til "
     "en handlingsplan for indsatser for de kommende to år."),
    ("Tidsplan", "2023-10-23", "Administrationen forventer herefter at fremlægge et forslag til handleplan for de "
     "kommende to år, i løbet af første kvartal 2024."),
    ("Sagsbeskrivelse", "2023-10-23", "Om et år vil den første evaluering af implementeringen blive forelagt med "
     "angivelse af, hvordan det går med implementeringen af handlingerne."),
    # a body kept informed, periodically or once more
    ("Sagsbeskrivelse", "2022-10-11", "Administrationen vil løbende holde udvalget orienteret om den videre udvikling "
     "i sagen."),
    ("Indstilling", "2023-11-14", "- At udvalget orienteres én gang årligt om udmøntningen af midlerne."),
    ("Sagsbeskrivelse", "2022-08-15", "Relevante fagudvalg vil blive orienteret yderligere herom."),
    # a timetable's line after this cycle
    ("Tidsplan", "2023-11-14", "Sag om nyt kommissorium for Børne- og Skolerådet - beslutning efter høring | "
     "Økonomiudvalget | 28. februar 2024"),
    ("Tidsplan", "2023-09-14", "Ultimo 2023: Forventes fremlæggelse af sag"),
    # in the body's own decision: a budget proposal to prepare, a case ordered, an extra meeting called
    ("Beslutning", "2023-05-22", "Udvalget anbefaler at der udarbejdes et udvidelsesforslag."),
    ("Beslutning", "2023-10-23", "Derudover bestilte Økonomiudvalget en sag om kommunens brug af advokatbistand."),
    ("Beslutning", "2023-11-14", "Udvalget besluttede at indkalde til et ekstraordinært udvalgsmøde den 21. november "
     "2023, hvor dagsordenspunkterne 7-12 behandles."),
    # a body asking another body to take a matter up, and a task prepared for a body's later approval
    ("Beslutning", "2023-11-27", "Herudover ønsker Økonomiudvalget, at Plan- og Tryghedsudvalget drøfter tiltag for "
     "mere trygge rammer for ophold."),
    ("Beslutning", "2022-01-12", "- at administrationen skal udarbejde konkrete retningslinjer for tildeling af "
     "tilskud til handicapområdet, som skal godkendes af Kultur- og Fritidsudvalget"),
]


@pytest.mark.parametrize("section, date, sentence", LATER_FORMS, ids=[p[2][:40] for p in LATER_FORMS])
def test_later_cases_next_steps_orientations_and_timetable_lines_are_promises(section, date, sentence):
    assert _ms_promise(section, date, sentence)


LATER_LOOK_ALIKES = [
    # this meeting: its own day, its own month's meeting
    ("Sagsbeskrivelse", "2023-11-14", "Investering i fysiske rammer behandles i en særskilt sag på dagsordenen på "
     "Skole-, Børne- og Ungeudvalgets møde den 14. november 2023."),
    ("Sagsbeskrivelse", "2022-09-13", "5. | Tune Vandværk | B (forbundet med grundsalg) | Kommende | "
     "Igangsættelsessag forelægges PTU på september-mødet"),
    ("Resume", "2023-02-08", "Årsrapporten er godkendt af I/S Strandparkens bestyrelse den 31. marts 2022, men "
     "forelægges udvalget sammen med den kommende budget for 2023."),
    # a date something takes effect from; the councils' approval in the same cycle
    ("Sagsbeskrivelse", "2023-10-23", "For at være klar med beregningen til opkrævningen pr. 1. januar 2024 "
     "fremlægges forslag til en kvadratmeterpris ud fra det forventede budget."),
    ("Tidsplan", "2023-09-14", "- Strandparkskommunernes samlede input til anlægslov forelægges parallelt i byrådene "
     "med henblik på godkendelse august/september 2023."),
    # for others, or a practice described
    ("Beslutning", "2023-11-14", "Udvalget ønsker desuden, at medlemmerne af støjrådet får tilbagemeldinger om status "
     "på støjhandleplanen."),
    ("Sagsbeskrivelse", "2023-11-14", "Efter orienteringen af Skole-, Børne- og Ungeudvalget vil administrationen "
     "orientere de private pasningsordninger om ændringen."),
    ("Sagsbeskrivelse", "2023-10-23", "Udbuddet vurderes dog som kritisk i forhold til muligheden for afvikling af den "
     "kommunale kernedrift, hvorfor Byrådet løbende orienteres om status i udbuddet."),
    ("Fremstilling", "2023-08-14", "Sundheds- og Omsorgsudvalget orienteres årligt om antallet af visiterede borgere, "
     "der står på venteliste til en pleje- eller ældrebolig."),
    ("Sagsbeskrivelse", "2023-11-15", "Dette arbejde påbegyndes primo 2024 og sker med involvering af faglige "
     "organisationer, ledelse og medarbejdere og behandles ligeledes formelt i MED-systemet."),
    # refused, or a case only referred to
    ("Beslutning", "2022-05-23", "Udvalget ønsker ikke, at der udarbejdes et udvidelsesforslag, men at området følges "
     "tæt."),
    ("Sagsbeskrivelse", "2022-05-23", "Som beskrevet i separat indstilling om Ladestanderstrategi er der et lovkrav om, "
     "at kommunen inden 2025 skal etablere mindst ét ladeudtag."),
]


@pytest.mark.parametrize("section, date, sentence", LATER_LOOK_ALIKES, ids=[p[2][:40] for p in LATER_LOOK_ALIKES])
def test_this_meetings_cases_effective_dates_practices_and_refusals_are_not_promises(section, date, sentence):
    assert not _ms_promise(section, date, sentence)


# --- more forms (Greve tuning, a second batch of meetings read sentence by sentence: pool "read2") ---------
MORE_LATER_FORMS = [
    # a body's request: feedback, a decision it is to take later, a possibility looked into, a policy to prepare
    ("Beslutning", "2023-11-21", "Godkendt med bemærkning om, at udvalget ønsker en tilbagemelding efter hver runde af "
     "administrativ udmøntning."),
    ("Beslutning", "2022-05-23", "Kan ikke anbefales med bemærkning om, at der ønskes at tage stilling til muligheden, "
     "når behovet er aktuelt."),
    ("Beslutning", "2022-04-04", "Dette med en bemærkning om, at udvalget ønsker, at der afsøges mulighed for at "
     "ukrainske voksne der kommer til kommunen, kan opnå beskæftigelse i dagtilbud og skoler."),
    ("Beslutning", "2022-05-31", "Udvalget ønsker, at der igen udarbejdes en Integrations- og Hjemsendelsespolitik."),
    ("Beslutning", "2022-06-13", "Økonomiudvalget besluttede at få en sag på kommende udvalgsmøde med behandling af "
     "forretningsorden og regulativ for spørgetid."),
    ("Beslutning", "2022-05-31", "Men udvalget bakker op om, at der fremlægges en sag for Beskæftigelses- og "
     "Erhvervsudvalget, med alternative handlemuligheder for målgruppen."),
    # in the decision: a budget proposal without an article, a request sent on to the budget talks
    ("Beslutning", "2022-06-13", "Økonomiudvalget anbefaler overfor Byrådet, at der udarbejdes udvidelsesforslag for en "
     "fuld overdragelse af vedligeholdelsesansvaret til Tune- og Karlslunde Idrætsforening."),
    ("Beslutning", "2023-08-28", "Taget til efterretning med bemærkning om at henvendelsen oversendes til "
     "budgetforhandlingerne."),
    # periodic presentations and reports, a numbered Indstilling point
    ("Sagsbeskrivelse", "2023-04-24", "Administrationen vil over for Beskæftigelses- og Erhvervsudvalget løbende "
     "præsentere handleplaner for, hvordan Greve Kommune i samspil med relevante aktører vil arbejde med at udmønte "
     "politikken og opnå de ønskede effekter for virksomhederne."),
    ("Indstilling", "2022-04-25", "2) at der afrapporteres én gang årligt på de registrerede sagsbehandlingstider"),
    ("Indstilling", "2023-04-24", "at udvalget træffer beslutning om, at sagen fremover forelægges én gang om året i "
     "stedet for hvert halve år."),
    # the future tense alone says "later"; conditional ones count
    ("Sagsbeskrivelse", "2022-06-13", "I tryghedsvandringen vil der være fokus på at registrere særligt utrygge områder, "
     "og forslag til forbedringer vil som tidligere nævnt blive forelagt Plan- og Tryghedsudvalget."),
    ("Kommunikation", "2022-09-14", "Hvis der er konkrete tilfælde, hvor tiltagene ikke kan gennemføres, vil dette "
     "blive behandlet politisk."),
    ("Sagsbeskrivelse", "2023-11-16", "Hvis energipriserne ændrer sig væsentlig, vil administrationen indstille til "
     "fornyet politisk behandling."),
    ("Økonomiske konsekvenser", "2023-11-15", "Hvis I/S Hedeland fremsender ønsker om igangsættelse af initiativer som "
     "har økonomisk konsekvens for Greve Kommune vil Byrådet blive orienteret."),
    ("Øvrige konsekvenser", "2023-11-16", "Hvis Byrådet vælger at opstarte en sag om fælleskommunal kystbeskyttelse "
     "efter kystbeskyttelsesloven, vil der ved næste politiske behandling indgå en indstilling om tildeling af flere "
     "ressourcer i administrationen."),
    # a case promised in a few more words; a later case; money to be asked for; a later meeting told
    ("Beslutning", "2022-06-13", "Der skal fremlægges konkret sag om godkendelse af låneomlægning, kommunegaranti og "
     "deponering til politisk godkendelse."),
    ("Sagsbeskrivelse", "2023-11-16", "Støjindsats | Budget 2024-27 | NY Der skal fremlægges en sag mhp. en nærmere "
     "præcisering af de opgaver, der skal igangsættes."),
    ("Sagsbeskrivelse", "2022-06-13", "Herefter kan Klima-, Teknik- og Miljøudvalget i en efterfølgende sag med oplæg "
     "fra konsulenten, beslutte det nærmere indhold i foranalysen."),
    ("Sagsbeskrivelse", "2023-08-28", "Sagen planlægges forelagt i efteråret 2023."),
    ("Økonomiske konsekvenser", "2023-08-28", "Administrationen vil anmode om midler til genhusning når lokationen er "
     "politisk godkendt."),
    ("Sagsbeskrivelse", "2023-11-16", "Administrationen vil orientere om det endelige høringssvar på Klima- og Teknik "
     "Udvalgets møde den 15. januar 2024."),
    ("Sagsbeskrivelse", "2022-03-14", "Administrationen vil i forbindelse med budgetprocessen for 2023-26 komme med "
     "forslag til tilpasning af hjemmesygeplejens budgetramme med henblik på at imødegå det pres på opgaverne, som "
     "opleves i dag."),
    # a relative clause naming the matter by its past does not make the sentence a report
    ("Sagsbeskrivelse", "2022-06-13", "Administrationen arbejder målrettet på de budgetanalyser, som blev besluttet på "
     "Byrådets møde den 23. maj 2022 og som vil blive fremlagt på temamødet den 10. august 2022."),
]


@pytest.mark.parametrize("section, date, sentence", MORE_LATER_FORMS, ids=[p[2][:40] for p in MORE_LATER_FORMS])
def test_requests_periodic_reports_future_tense_and_conditional_returns_are_promises(section, date, sentence):
    assert _ms_promise(section, date, sentence)


MORE_LOOK_ALIKES = [
    # what a committee may ask for; a change to this case on its way; what this case (in its Indstilling) answers
    ("Sagsbeskrivelse", "2023-04-24", "Det enkelte fagudvalg har mulighed for at pege på områder, som ønskes yderligere "
     "beskrevet med henblik på at identificere politiske handlemuligheder ind i budgetprocessen."),
    ("Beslutning", "2023-04-24", "Anbefales med en bemærkning om, at udvalget ønsker indført en sætning frem mod "
     "behandlingen i byrådet om, at det skal være attraktivt at besøge Greve Kommune"),
    ("Indstilling", "2023-11-16", "De nuværende energipriser ønskes belyst, og der skal indgå et estimat på, hvad en "
     "evt. merudgift vil udgøre."),
    # earlier papers quoted or reported; a time in the meeting's own month
    ("Sagsbeskrivelse", "2022-05-31", "Det foreslås, at sagen fremlægges for udvalget i foråret 2022, men henblik på at "
     "indgå i årets budgetforhandlinger.”"),
    ("Sagsbeskrivelse", "2023-08-28", "Det fremgår af begge sager, at administrationen vil fremlægge en ny sag med "
     "bevilling af stikvej og stiadgang samt finansiering fra salgsprovenuet."),
    ("Sagsbeskrivelse", "2023-08-28", "Administrationen fremlægger særskilt sag om forbedringer af tunneller på Klima-, "
     "Teknik- og Miljø-udvalgets møde i august 2023."),
    ("Sagsbeskrivelse", "2023-08-28", "Fagudvalgene vil få mødekalenderen forelagt på udvalgenes møder i august 2023."),
    # others than a political body; duties by law, statutes or practice
    ("Sagsbeskrivelse", "2023-08-28", "Administrationen forventer at forelægge et oplæg til drøftelse på det fælles "
     "styringsdialogmøde i september."),
    ("Beslutning", "2023-10-11", "Orienteringen blev taget til efterretning, idet udvalget ønsker, at der indføres et "
     "krav om tilbagemelding fra foreningerne om deltagerantal."),
    ("Sagsbeskrivelse", "2022-04-25", "Når en sag behandles, så er administrationen forpligtet til, at en sag er "
     "tilstrækkeligt oplyst."),
    ("Resume", "2022-06-13", "ErhvervsCentret Greve skal årligt udarbejde en årsberetning, der forelægges byrådet i "
     "Greve Kommune."),
    ("Sagsbeskrivelse", "2023-02-06", "Det står i loven om social service, at Sundheds- og Omsorgsudvalget en gang om "
     "året skal orienteres om magtanvendelser."),
    # a party's own position in the vote
    ("Beslutning", "2022-06-20", "(A) støttede, at der udarbejdes udvidelsesforslag for en fuld overdragelse af "
     "vedligeholdelsesansvaret til Tune- og Karslunde Idrætsforening men ønskede samtidig at følge administrationens "
     "indstillingspunkt 2 (at der udarbejdes udvidelsesforslag vedr. bygningssyn og udarbejdelse af en "
     "vedligeholdelsesrapport for de næste 10 år)."),
]


@pytest.mark.parametrize("section, date, sentence", MORE_LOOK_ALIKES, ids=[p[2][:40] for p in MORE_LOOK_ALIKES])
def test_possible_wishes_case_changes_quotes_own_month_meetings_and_duties_are_not_promises(section, date, sentence):
    assert not _ms_promise(section, date, sentence)


FRESH_LATER_FORMS = [
    # a conditional return with "så", and a body named between the verb and the case
    ("Sagsbeskrivelse", "2022-08-15", "Hvis tilbuddet ikke bliver lukket ned i forbindelse med besparelserne, så vil "
     "administrationen forelægge Sundheds- og Omsorgsudvalget en sag om tilpasning af målgruppen."),
    # a season with its year and no "i"
    ("Sagsbeskrivelse", "2023-03-20", "Analyse af vedligehold af de kommunale bygninger, som fremlægges efteråret 2023"),
    # a later theme meeting of the council within the routing days is no step of this case's routing
    ("Sagsbeskrivelse", "2023-06-12", "Der arbejdes videre med uddybninger, som kort fremlægges som en del af "
     "budgettemamødet i Byrådet den 19. juni 2023."),
    # the body receiving a case or an orientation
    ("Sagsbeskrivelse", "2023-03-13", "Når bekendtgørelsen er udstedt, vil udvalget få en orienteringssag om de nye regler."),
    # a point of a request listed under "Udvalget ønsker" in the decision
    ("Beslutning", "2022-09-12", "- at få en sag der kan belyse, hvad det vil koste at udvide ordningen til alle skoler"),
    # a political decision to come, a plan to be adopted at a time to come
    ("Kommunikation", "2022-06-02", "Når strategien er udarbejdet, kan der træffes politisk beslutning om, hvilken model "
     "der skal arbejdes videre med."),
    ("Tidsplan", "2022-04-28", "Varmeplanen forventes endelig vedtaget i andet kvartal 2023."),
    # a body committing itself
    ("Sagsbeskrivelse", "2023-11-28", "Byrådet forpligter sig til at behandle anbefalingerne i de relevante fagudvalg."),
    # a document the body asks for comes back to it
    ("Beslutning", "2023-08-28", "Økonomiudvalget ønsker en håndbog om håndtering af gaver til byrådsmedlemmer."),
    # a budget proposal to be prepared, as a point of the Indstilling
    ("Indstilling", "2023-06-19", "2. at der udarbejdes et bruttoanlægsforslag til budget 2024-27 til finansiering af det "
     "valgte scenarie"),
    # the body asking to be heard; a case coming, said as a fact
    ("Beslutning", "2023-04-24", "Udvalget ønsker at blive hørt tidligere om ændringer."),
    ("Beslutning", "2022-06-01", "Der kommer en samlet sag om Villa Sitka efter sommerferien."),
    ("Beslutning", "2023-09-13", "Sag til Kultur- og Fritidsudvalget om lokaletilskud angående blandt andet Sydkystens "
     "Karateklub er under udarbejdelse."),
]


@pytest.mark.parametrize("section, date, sentence", FRESH_LATER_FORMS, ids=[p[2][:40] for p in FRESH_LATER_FORMS])
def test_conditional_returns_seasons_bodies_receiving_listed_requests_and_later_decisions_are_promises(
        section, date, sentence):
    assert _ms_promise(section, date, sentence)


FRESH_LOOK_ALIKES = [
    # a meeting arranged for others brings nothing back to the body (as the labels read it)
    ("Beslutning", "2023-11-16", "Udvalget ønsker desuden, at der indkaldes til et borgermøde, hvor borgerne der bor langs "
     "stranden kan få information om, hvordan de kan arbejde med kystbeskyttelse."),
    ("Sagsbeskrivelse", "2023-03-01", "Lokalplanen er under udarbejdelse."),
    # the region's timetable quoted in a case
    ("Tidsplan", "2023-04-24", "- Den 25. september 2023 – Møde i Sundhedssamarbejdsudvalget: Sundhedssamarbejdsudvalget "
     "præsenteres for udkast til Sundhedsaftale med indarbejdede høringssvar."),
    ("Tidsplan", "2023-04-24", "- Den 18. december 2023: Sundhedssamarbejdsudvalget drøfter en plan for opfølgning og "
     "implementering af den nye Sundhedsaftale 2024-2027."),
    # this case on its way to the council in the same cycle: material added before the council treats it
    ("Beslutning", "2022-05-09", "Frem mod byrådsmødet skal administrationen fremlægge et redigeret forslag til vision."),
    ("Beslutning", "2022-01-24", "Udvalget ønsker et notat til Byrådet med nærmere forklaring på, hvorfor Byrådet skal "
     "godkende taksterne."),
    # a discussion asked of an advisory council, not of a political body
    ("Beslutning", "2023-05-23", "Udvalget ønsker en drøftelse i Skolerådet af brugen af mobiltelefoner i skoletiden."),
    # outside the decision, a case sent back reports an earlier meeting
    ("Supplerende sagsfremstilling", "2022-01-17", "Udvalget sendte sagen tilbage til administrationen med henblik på at "
     "udarbejde et notat om principperne for værdiansættelsen."),
    # people going back to their country
    ("Sagsbeskrivelse", "2022-05-31", "Der er usikkerhed om, hvor mange flygtninge der vender tilbage til hjemlandet igen "
     "og i givet fald hvornår."),
    # a plan adopted earlier, a decision to be taken by others
    ("Sagsbeskrivelse", "2023-03-20", "Affaldsplanen blev endelig vedtaget i første kvartal 2022."),
]


@pytest.mark.parametrize("section, date, sentence", FRESH_LOOK_ALIKES, ids=[p[2][:40] for p in FRESH_LOOK_ALIKES])
def test_material_for_this_case_advisory_councils_earlier_send_backs_and_going_home_are_not_promises(
        section, date, sentence):
    assert not _ms_promise(section, date, sentence)


FRESH4_LATER_FORMS = [
    # a wish in a remark, said in the passive after "om"
    ("Beslutning", "2023-04-26", "Udvalget tog orienteringen til efterretning med bemærkning om der ønskes en sag om "
     "lokaletilskud til foreningen."),
    # a plan sent out for its hearing comes back for its final adoption
    ("Sagsbeskrivelse", "2023-05-25", "Administrationen indstiller, at forslaget til planen sendes i otte ugers høring, "
     "inden den fremlægges til endelig behandling."),
    # a centre of the administration named as the one presenting, at a time to come
    ("Tidsplan", "2023-02-27", "Center for Politik, Organisation & Borgerbetjening fremlægger en ny opgørelse i 1. kvartal "
     "2024"),
    # the administration's next step said with the verb first, and the body it goes to
    ("Sagsbeskrivelse", "2022-05-31", "På baggrund af input fra borgerne udarbejder administrationen et forslag til Klima-, "
     "Teknik- og Miljøudvalget til prioritering af indsatser."),
    # a budget proposal to be prepared: in the active, or recommended in the description
    ("Indstilling", "2023-04-27", "at administrationen udarbejder et bruttoanlægsforslag til Budget 2024-2027 om "
     "modernisering af belysningen."),
    ("Sagsbeskrivelse", "2023-01-10", "Derfor anbefales det, at der i budgetforslag 2024-27 udarbejdes et "
     "bruttoanlægsforslag til flere pladser."),
    # sent on to its second reading
    ("Beslutning", "2023-09-04", "Byrådet videresendte budgettet til 2. behandling med bemærkning om, at der er indgået "
     "budgetforlig."),
    # the administration asked to look at a possibility
    ("Beslutning", "2023-04-27", "Udvalget ønsker, at administrationen i forbindelse med renoveringen ser på muligheden for "
     "at flytte SFO'en."),
    # a timetable's abbreviated month
    ("Tidsplan", "2022-02-28", "Okt. 2022 Udbudsmateriale fremlægges til politisk beslutning"),
]


@pytest.mark.parametrize("section, date, sentence", FRESH4_LATER_FORMS, ids=[p[2][:40] for p in FRESH4_LATER_FORMS])
def test_remarks_wishes_hearings_named_centres_budget_proposals_and_second_readings_are_promises(section, date, sentence):
    assert _ms_promise(section, date, sentence)


FRESH4_LOOK_ALIKES = [
    # meetings with the staff's MED committee asked for
    ("Beslutning", "2022-01-24", "Økonomiudvalget drøftede udvalgets årsplan og bad om at få tilføjet møder med Hoved-MED, "
     "herunder et temamøde om rekruttering."),
    # a possibility, not a recommendation
    ("Sagsbeskrivelse", "2023-01-10", "I den videre proces kan det også besluttes, at der udarbejdes bruttoanlægsforslag "
     "til et kommende budget."),
    # this case put to its final adoption
    ("Sagsbeskrivelse", "2023-03-01", "Hermed fremlægges planen til endelig godkendelse."),
    # a task list's day of origin is no time to come, and a passed abbreviated month no promise
    ("Tidsplan", "2023-11-16", "Okt. 2023 Udbudsmateriale fremlægges til politisk beslutning"),
    # the question put to the body now, not a proposal to be prepared
    ("Indstilling", "2023-05-08", "1. beslutter, om der skal udarbejdes et bruttoanlægsforslag til budgetforhandlingerne "
     "2024-2027 vedr. fremrykning af udbygningen"),
    ("Indstilling", "2023-06-12", "2. at der træffes beslutning om, hvorvidt der skal udarbejdes et udvidelsesforslag til "
     "budget."),
]


@pytest.mark.parametrize("section, date, sentence", FRESH4_LOOK_ALIKES, ids=[p[2][:40] for p in FRESH4_LOOK_ALIKES])
def test_meetings_with_staff_committees_possibilities_and_passed_timetable_months_are_not_promises(section, date, sentence):
    assert not _ms_promise(section, date, sentence)


FRESH5_LATER_FORMS = [
    # the administration will present it, the verb first, what it presents named ("beslutningsoplæg")
    ("Sagsbeskrivelse", "2022-02-28", "Op mod et kommende valg vil administrationen forelægge beslutningsoplæg for Byrådet "
     "angående vederlagets størrelse."),
    # periodic: "tre gange årligt", "hver vinter", "på de samme møder, som …", approved as a point
    ("Indstilling", "2023-01-09", "- Godkender at status på handleplanen forelægges udvalget tre gange årligt"),
    ("Sagsbeskrivelse", "2023-01-09", "Det foreslås, at statussagerne forelægges på de samme møder, som udvalget behandler "
     "Budgetopfølgning 1, 2 og 3."),
    ("Sagsbeskrivelse", "2023-02-09", "Fremdriften i implementeringen skal monitoreres og fremlægges politisk hver vinter."),
    # before what is decided is put to work
    ("Tidsplan", "2022-01-24", "Kodeks fremlægges til beslutning inden implementering af den tekniske løsning."),
    # a budget proposal the administration is to prepare
    ("Sagsbeskrivelse", "2022-05-31", "Dette vil medføre, at administrationen udarbejder et forslag til budget 2023 om at "
     "afsætte midler til en undersøgelse."),
    # in a decision, the administration's task brought to the body for its information
    ("Beslutning", "2023-03-15", "Administrationen fremfinder senest eksisterende oversigt til orientering for udvalget."),
]


@pytest.mark.parametrize("section, date, sentence", FRESH5_LATER_FORMS, ids=[p[2][:40] for p in FRESH5_LATER_FORMS])
def test_presentations_promised_periodic_reports_and_budget_proposals_to_prepare_are_promises(section, date, sentence):
    assert _ms_promise(section, date, sentence)


FRESH5_LOOK_ALIKES = [
    # a power a rule of procedure gives, and results presented at a place to those there (a secretary's walk)
    ("Sagsbeskrivelse", "2022-08-17", "Ændret til: Formanden eller fire rådsmedlemmer kan indkalde til ekstraordinært møde "
     "med formuleret dagsorden og indstilling til drøftelse og beslutning."),
    ("Sagsbeskrivelse", "2023-03-13", "Resultaterne vil blive præsenteret på Strandcentret plejecenter i Hundige."),
    # the question put to the body, however many words stand between
    ("Indstilling", "2022-06-01", "at det besluttes, om der til budgetprocessen skal for 2023-26 skal udarbejdes et "
     "udvidelsesforslag vedrørende vedligeholdelsen."),
    # … or the body named as the one to decide it (Økonomiudvalget 28 March 2022, item 21: a secretary's walk)
    ("Indstilling", "2022-03-28", "2. at udvalget beslutter, om sagen skal rejses til Økonomiudvalget og Byrådet med "
     "henblik på, at der udarbejdes et bruttoanlægsforslag til budgetforhandlingerne 2023-2026."),
    # this case sent on with the wish for a budget proposal: its procedure
    ("Økonomiske konsekvenser", "2022-04-28", "Udvalget skal da løfte sagen til Økonomiudvalget og Byrådet med ønske om, at "
     "administrationen udarbejder et udvidelsesforslag til de kommende budgetforhandlinger."),
]


@pytest.mark.parametrize("section, date, sentence", FRESH5_LOOK_ALIKES, ids=[p[2][:40] for p in FRESH5_LOOK_ALIKES])
def test_questions_put_to_the_body_and_a_case_sent_on_with_a_wish_are_not_promises(section, date, sentence):
    assert not _ms_promise(section, date, sentence)


FRESH6_LATER_FORMS = [
    # the body's own task for the administration, after what it decides now
    ("Beslutning", "2023-03-14", "Udvalget anbefaler, at boligerne ikke tælles med i programmet, men at administrationen i "
     "stedet fremlægger betydningen for skoleprognosen."),
    # told afterwards, the sentence's last word
    ("Tidsplan", "2022-03-28", "Fagudvalgene orienteres efterfølgende."),
    # a theme meeting with a body to come
    ("Sagsbeskrivelse", "2022-11-16", "Herefter afholdes et temamøde med Kultur- og Fritidsudvalget om foreningens årsrapport."),
    ("Tidsplan", "2023-06-12", "Der er planlagt temadrøftelse med Byrådet den 9. august, hvor budgetforslaget bliver "
     "præsenteret."),
    # dealt with again by the councils, in the future tense
    ("Supplerende sagsfremstilling", "2023-02-07", "Efter dialogen med nabokommunerne vil forslaget blive behandlet i alle "
     "Byråd igen."),
    # an estimate to be presented later
    ("Sagsbeskrivelse", "2023-05-25", "Registreringen fortsætter med henblik på senere at fremlægge et bedre bud på "
     "udgifterne."),
]


@pytest.mark.parametrize("section, date, sentence", FRESH6_LATER_FORMS, ids=[p[2][:40] for p in FRESH6_LATER_FORMS])
def test_tasks_set_by_a_decision_theme_meetings_to_come_and_later_orientations_are_promises(section, date, sentence):
    assert _ms_promise(section, date, sentence)


FRESH6_LOOK_ALIKES = [
    # this case sent on, afterwards; an orientation and a theme meeting that were
    ("Sagsbeskrivelse", "2023-05-25", "Sagen forelægges Økonomiudvalget og Byrådet efterfølgende."),
    ("Sagsbeskrivelse", "2023-05-25", "Udvalget blev orienteret efterfølgende."),
    ("Sagsbeskrivelse", "2023-05-25", "Der blev afholdt et temamøde med Byrådet den 9. maj."),
]


@pytest.mark.parametrize("section, date, sentence", FRESH6_LOOK_ALIKES, ids=[p[2][:40] for p in FRESH6_LOOK_ALIKES])
def test_this_case_sent_on_afterwards_and_meetings_held_are_not_promises(section, date, sentence):
    assert not _ms_promise(section, date, sentence)


FRESH2_LATER_FORMS = [
    # the verb before the administration after an adverbial
    ("Tidsplan", "2023-11-27", "Efter høringen forelægger administrationen i andet kvartal 2024 en sag om den videre "
     "finansiering af projektet."),
    # the administration's task for a later meeting, in the present tense
    ("Beslutning", "2023-02-06", "Det blev aftalt, at administrationen til næste møde udarbejder et forslag til "
     "udvalgets studietur."),
    # the administration's commitment to present an analysis, with no time named
    ("Sagsbeskrivelse", "2023-03-27", "Administrationen vil på baggrund af den nye prognose fremlægge en opdateret analyse "
     "af kapacitetsbehovet på dagtilbudsområdet."),
    # a matter put to a budget round to come ("ifm." for "i forbindelse med")
    ("Økonomiske konsekvenser", "2022-02-08", "Behovet for et større driftstilskud afventer den endelige løsning og "
     "drøftes ifm. budget 2024-2027."),
    # a point of a request listed under "Udvalget ønsker" as a bare noun phrase
    ("Beslutning", "2022-09-12", "en sag om hvilke tilbud borgerne kan få, når de står i en akut situation"),
    # a periodic report named "hvert halve år"
    ("Beslutning", "2023-08-14", "at status på ordningen fortsat forelægges udvalget hvert halve år"),
    # "allerede besluttede" is an adjective, not an earlier decision reported
    ("Sagsbeskrivelse", "2023-11-27", "Administrationen indstiller, at fortsættelsen af allerede besluttede analyser "
     "godkendes, og at foreløbig status fremlægges i februar/marts 2024."),
    # a season with its year, without the article
    ("Sagsbeskrivelse", "2023-04-27", "Sag om tryghedsskabende indsatser fremlægges omkring sommer 2023"),
    # "Ifølge tidsplanen" is a plan, not a standing rule
    ("Sagsbeskrivelse", "2023-10-09", "Ifølge tidsplanen skal sagen forelægges for udvalget og efterfølgende for Byrådet i "
     "januar 2024."),
    # a timetable line naming a body's step
    ("Tidsplan", "2022-08-15", "Januar 2023: Kultur- og Fritidsudvalget godkender den nye politik."),
]


@pytest.mark.parametrize("section, date, sentence", FRESH2_LATER_FORMS, ids=[p[2][:40] for p in FRESH2_LATER_FORMS])
def test_inverted_verbs_tasks_for_a_later_meeting_budget_rounds_listed_points_and_body_steps_are_promises(
        section, date, sentence):
    assert _ms_promise(section, date, sentence)


FRESH2_LOOK_ALIKES = [
    # a matter shelved, with a possible resumption
    ("Beslutning", "2022-10-10", "at udvalget henlægger sagen og henviser til at den kan genoptages i forbindelse med "
     "næste års budgetproces"),
    # the staff's MED committees are not a political body
    ("Kommunikation", "2023-05-15", "Yderligere ønsker til budgetmaterialet skal fremlægges for HovedMED til information "
     "og drøftelse i forbindelse med budget 2024-27."),
    # the administration presenting at this meeting
    ("Resume", "2023-03-20", "Administrationen vil på mødet fremlægge et oplæg om temaer og tiltag til drøftelse."),
]


@pytest.mark.parametrize("section, date, sentence", FRESH2_LOOK_ALIKES, ids=[p[2][:40] for p in FRESH2_LOOK_ALIKES])
def test_shelved_matters_staff_committees_and_this_meetings_presentations_are_not_promises(section, date, sentence):
    assert not _ms_promise(section, date, sentence)


def test_a_season_with_its_year_is_the_deadline():
    assert deadline_of("Analyse af vedligehold som fremlægges sommeren 2023", "2023-03-20") == "sommeren 2023"
    assert deadline_of("Udvalget kan forvente at blive præsenteret for et idéoplæg til Varmeforsyningsplanen til "
                       "efteråret 2022.", "2022-03-21") == "til efteråret 2022"


def test_a_proposal_to_a_years_budget_is_due_when_that_budget_is_adopted_and_the_moneys_year_is_no_deadline():
    from indexer.minutes.deadlines import deadline_date

    # Sundheds- og Omsorgsudvalget 10 January 2022: a secretary read "frist: ingen"
    said = deadline_of("Der udarbejdes et bruttoanlægsforslag til budget 2023 – 2026.", "2022-01-10")
    assert said == "til budget 2023 – 2026" and deadline_date(said, "2022-01-10").isoformat() == "2022-10-31"
    # "i 2024" is the year of the committee's money, not when the case comes
    assert deadline_of("Udvalget ønsker en sag, hvor udvalget kan lave en prioritering af udvalgets midler i 2024.",
                       "2023-05-22") is None
    assert deadline_of("Sagen fremlægges i 2024.", "2023-05-22") == "i 2024"


def test_senest_as_the_latest_is_no_deadline():
    assert deadline_of("Administrationen fremfinder senest eksisterende oversigt til orientering for udvalget.") is None
    assert deadline_of("Sagen fremlægges senest 1. marts 2023.", "2022-11-01") == "senest 1. marts 2023"


def test_a_timetable_lines_own_month_is_its_deadline_not_the_years_it_names():
    # Greve, Klima-, Teknik- og Miljøudvalget 13 October 2022, item 8
    assert deadline_of("November: Klima-, Teknik- og Miljøudvalget forelægges forslag til delmål for CO2-reduktionen "
                       "i 2025, 2030 og 2035.", "2022-10-13") == "November"


def test_a_month_end_in_the_meetings_own_month_is_still_to_come():
    # said on 14 November: "ultimo november" is after this meeting (an extra meeting called)
    assert _ms_promise("Sagsbeskrivelse", "2023-11-14", "Da der er behov for at igangsætte rekrutteringen af borgere "
                       "til borgersamlingen ultimo november, indstiller administrationen, at Plan- og Tryghedsudvalget "
                       "mødes til et ekstraordinært møde ultimo november for at beslutte borgersamlingens kerneopgave og "
                       "arbejdsspørgsmål samt den invitation, som byrådet er afsender af, der sendes ud til alle borgere "
                       "over 16 år via e-Boks.")


@pytest.mark.parametrize("text, deadline", [
    ("På kommende Kultur- og Fritidsudvalgsmøde præsenteres procesplan for inddragelse af interessenter.",
     "På kommende Kultur- og Fritidsudvalgsmøde"),
    ("Sagen forelægges på næste Skole-, Børne- og Ungeudvalgsmøde.", "på næste Skole-, Børne- og Ungeudvalgsmøde"),
])
def test_a_deadline_names_a_committees_meeting_in_full(text, deadline):
    assert deadline_of(text) == deadline


@pytest.mark.parametrize("text, meeting_date, deadline, due", [
    ("Administrationen forelægger en sag om dette i første halvår af 2023.", "2022-11-01",
     "i første halvår af 2023", "2023-06-30"),
    ("Administrationen vil i løbet af 4. kvartal 2023 fremlægge en politisk sag.", "2023-05-01",
     "i løbet af 4. kvartal 2023", "2023-12-31"),
    ("Forslag til affaldsplanen forventes, at kunne forelægges udvalget til august eller september 2022.", "2022-03-01",
     "til august eller september 2022", "2022-09-30"),
    ("Der vil blive forelagt en sag om driftstilskudsaftalen i starten af det nye år.", "2023-09-01",
     "i starten af det nye år", "2024-03-31"),
    ("Skole-, Børne- og Ungeudvalget vil månedligt blive orienteret om fremdriften.", "2023-01-01", "månedligt", None),
])
def test_a_deadline_is_read_with_the_last_day_it_can_mean(text, meeting_date, deadline, due):
    found = deadline_of(text, meeting_date)
    assert found == deadline
    assert str(deadline_date(found, meeting_date)) == str(due)


@pytest.mark.parametrize("text, deadline", [
    ("Sagen genoptages på næste ordinære møde.", "på næste ordinære møde"),
    ("Sagen forelægges igen, når de økonomiske, planmæssige og juridiske forhold er afklaret, jævnfør sagsbeskrivelsen.",
     "når de økonomiske, planmæssige og juridiske forhold er afklaret"),
    ("Danmarkskortet offentliggøres senest 1. juli 2024 og præsenteres derefter for fagudvalgene.", "senest 1. juli 2024"),
])
def test_a_deadline_is_kept_whole(text, deadline):
    assert deadline_of(text, "2023-05-01") == deadline


# --- a third batch (Greve tuning, 48 meetings never labelled before, read sentence by sentence: pool "read3") -------
def test_a_body_asks_for_a_case_description_a_new_treatment_or_a_stance_taken_later():
    assert _ms_promise("Beslutning", "2022-11-17", "Udvalget ønsker en sagsfremstilling, der belyser en anslået udgift til "
                       "en renovering af Tune Skole Lunden, inden der vælges proces.")
    assert _ms_promise("Beslutning", "2022-12-12", "Udvalget ønsker genbehandling ultimo marts 2023.")
    assert _ms_promise("Beslutning", "2022-12-12", "Udvalget ønsker at der tages løbende stilling.")


def test_a_body_asks_for_a_plan_or_a_local_plan_supplement_to_be_prepared():
    assert _ms_promise("Beslutning", "2022-08-18", "Udvalget ønsker, at der hurtigst muligt udarbejdes en varmeplan, så "
                       "forbrugerne ved, hvad de kan forvente sig.")
    assert _ms_promise("Beslutning", "2023-03-14", "Udvalget ønsker, at der udarbejdes et juridisk gældende "
                       "lokalplantillæg, der begrænser byggerier fra i dag 2 plan (eller mere) til maksimalt 1½ plan.")
    # without "at": the request that started Social- og Handicappolitik 2023-26
    assert _ms_promise("Beslutning", "2022-05-30", "Udvalget ønsker der bliver udarbejdet en politik på social- og "
                       "handicapområdet med inddragelse af handicaprådet og medarbejdere.")


def test_a_council_whose_request_the_decision_records_asks_too():
    assert _ms_promise("Beslutning", "2023-03-15", "Idrætsrådet ønsker orientering om grøn kontrakt.")


def test_a_draft_for_this_case_before_the_councils_treatment_is_its_own_procedure():
    assert not _ms_promise("Beslutning", "2022-01-17", "Udvalget kan ikke følge indstillingen, men ønsker, at der "
                           "udarbejdes et udkast til høringssvar frem mod behandlingen i Byrådet.")


@pytest.mark.parametrize("section, date, sentence", [
    ("Økonomiske konsekvenser", "2022-03-28", "Eventuelt mer- eller mindreforbrug, vil dette blive forelagt i forbindelse "
     "med budgetopfølgning 3."),
    ("Sagsbeskrivelse", "2022-08-15", "Administrationen fremlægger et beslutningsforslag i forbindelse med budget 2023 om "
     "nedlukning af de uvisiterede tilbud eller nedlukning af det ene tilbud ."),
    ("Sagsbeskrivelse", "2023-05-15", "Byrådet har bestilt en status på udviklingen på energiområdet som forelægges efter "
     "sommerferien."),
    ("Tidsplan", "2023-04-17", "Efter revisionens gennemgang, fremlægges årsregnskabet sammen med revisionens beretning "
     "til godkendelse i Økonomiudvalget og Byrådet."),
], ids=["budget follow-up", "budget year", "after the summer break", "after the audit"])
def test_a_matter_presented_with_a_budget_round_after_the_summer_break_or_after_a_step_on_the_way(section, date, sentence):
    assert _ms_promise(section, date, sentence)


def test_ongoing_and_yearly_words_do_not_undo_a_matter_presented_later():
    assert _ms_promise("Indstilling", "2023-03-06", "Disse evt. flytninger vil blive fremlagt i forbindelse med de løbende "
                       "budgetopfølgninger eller i forbindelse med budgetforhandlingerne til 2024-27.")
    assert _ms_promise("Økonomiske konsekvenser", "2023-06-19", "Administrationen er i gang med at finde løsninger på dette "
                       "og vil fremlægge en særskilt sag, hvor eventuelle økonomiske konsekvenser også vil indgå.")
    assert _ms_promise("Tidsplan", "2022-08-15", "Den årlige sag om det sociale danmarkskort behandles i efteråret 2022.")


def test_a_case_prepared_for_a_coming_meeting_is_a_promise():
    assert _ms_promise("Sagsfremstilling", "2022-09-13", "På baggrund af drøftelsen udarbejdes en sag til kommende møde, "
                       "hvor udvalget kan træffe formel beslutning om kommende aktiviteter.")
    assert _ms_promise("Beslutning", "2023-03-14", "1.-2. godkendt med bemærkning om, at der til kommende møde udarbejdes "
                       "en sag til Skole, Børne – og Ungeudvalget, hvor proces og indhold for skolernes tilbagemelding "
                       "om udviklingen beskrives.")


def test_a_matter_expected_dealt_with_or_put_on_the_agenda_of_a_coming_meeting_is_a_promise():
    assert _ms_promise("Tidsplan", "2022-01-17", "Dette er forudsat, at der gives dispensation til lokalplanen. som "
                       "forventes behandlet på et kommende møde i Klima-, Teknik- og Miljøudvalget.")
    assert _ms_promise("Beslutning", "2022-03-14", "Udvalget besluttede under punktet, at der på et kommende møde optages "
                       "følgende sager på dagsordenen, gerne med politiske handlemuligheder;")


def test_a_body_to_be_informed_later_or_to_deal_with_a_case_later_is_a_promise():
    assert _ms_promise("Sagsbeskrivelse", "2022-04-25", "Beskæftigelses- og Erhvervsudvalget vil på det kommende møde i "
                       "udvalget blive orienteret om Klima-, Teknik- og Miljøudvalgets behandling af sagen.")
    assert _ms_promise("Sagsprocedure", "2023-05-22", "Sundheds- og Omsorgsudvalget orienteres om de indkommende forslag "
                       "til navn på Sundhedshuset på mødet den 11. september 2023.")
    assert _ms_promise("Tidsplan", "2023-10-10", "Opfølgningen på de ønskede effekter vil tilgå Plan- og "
                       "Tryghedsudvalget, gennem løbende orienteringspunkter på udvalgsmøderne.")
    assert _ms_promise("Sagsbeskrivelse", "2023-03-14", "Byrådet skal den 19. juni 2023 behandle en sag om videre proces "
                       "for Tune Skole.")
    # the meeting's own day is this meeting
    assert not _ms_promise("Sagsbeskrivelse", "2023-10-10", "Der henledes opmærksomhed på, at udvalget på mødet den 10. "
                           "oktober 2023 ligeledes skal behandle en sag om, at Greve Kommune indgår partnerskab.")


def test_the_administration_following_up_at_a_time_to_come_is_a_promise():
    assert _ms_promise("Økonomiske konsekvenser", "2023-03-06", "Administrationen følger ultimo 2023 op på årets forbrug, "
                       "og en evt. mindreudgift indgår i Budgetopfølgning 3.")


def test_more_words_may_stand_between_the_modal_and_the_presentation():
    assert _ms_promise("Sagsbeskrivelse", "2023-03-14", "Administrationen vil derfor frem mod Byrådets budgettemamøde om "
                       "anlæg den 15. maj 2023 fremlægge en samlet risikoanalyse for rækkefølgeplanen.")
    assert _ms_promise("Tidsplan", "2022-01-17", "Opstår der ændringer af væsentlig karakter, der ændrer projektet, vil "
                       "projektet blive stoppet/udskudt og blive fremlagt for udvalget igen.")


def test_the_matter_of_a_case_promised_is_not_this_case():
    assert _ms_promise("Sagsbeskrivelse", "2023-02-09", "Administrationen vil fremlægge en sag, forventeligt på næste "
                       "udvalgsmøde i marts, om handlemulighederne i sagen.")


def test_a_timetable_line_headed_by_a_season_or_a_year_is_a_promise():
    for line in ("Efterår 2023: Der fremlægges sag om etablering af pavilloner til genhusning af Tune Skole Lunden.",
                 "2024: Der fremlægges oplæg til helhedsplan for fremtidig brug af Lunden"):
        assert _ms_promise("Tidsplan", "2023-06-19", line)


def test_a_decision_that_puts_the_case_off_without_a_time_is_a_promise():
    assert _ms_promise("Beslutning", "2022-01-10", "Sagen blev udsat.")
    assert not _ms_promise("Resume", "2022-01-10", "Sagen blev udsat.")


def test_a_numbered_new_case_on_this_agenda_and_coming_sector_plans_are_not_later_cases():
    assert not _ms_promise("Beslutning", "2022-09-05", "Byrådet godkendte dagsordenen for byrådsmødet med bemærkning om at "
                           "ny sag nr. 34 - ansøgning om orlov - optages på dagsordenen.")
    assert not _ms_promise("Indstilling", "2022-08-18", "Der fremlægges et oplæg til drøftelse i Klima-, Teknik- og "
                           "Miljøudvalget for at realisere udvalgets politiske målsætninger igennem eksisterende "
                           "politikker og strategier og/eller kommende sektorplaner.")


@pytest.mark.parametrize("text, meeting_date, deadline", [
    ("Eventuelt mer- eller mindreforbrug, vil blive forelagt i forbindelse med en budgetopfølgning.", "2022-08-29",
     "i forbindelse med en budgetopfølgning"),
    ("Der vil derfor blive udarbejdet sager til politisk behandling frem mod næste års budgetproces.", "2022-08-16",
     "frem mod næste års budgetproces"),
    ("De involverede fagudvalg forelægges en sag om prioritering af velfærdsområder på september møderne.", "2022-08-15",
     "på september møderne"),
    ("Følgende planer forventes at blive præsenteret inden for de næste par år: Affaldsplan, Spildevandsplan.",
     "2022-08-18", "inden for de næste par år"),
    ("Hvis dette er tilfældet, vil administrationen hurtigst muligt fremlægge en sag for udvalget.", "2023-02-09",
     "hurtigst muligt"),
    ("Administrationen vil på et senere tidspunkt forelægge en sag for udvalget.", "2023-03-14", "på et senere tidspunkt"),
    ("Administrationen forventer, at der vil blive fremlagt en sag for udvalget inden årsskiftet.", "2023-09-12",
     "inden årsskiftet"),
    ("Strandparkskommunernes samlede input forelægges parallelt i byrådene med henblik på godkendelse februar/marts 2023.",
     "2023-01-16", "februar/marts 2023"),
    ("Efterår 2023: Der fremlægges sag om etablering af pavilloner.", "2023-06-19", "Efterår 2023"),
    ("April 2023 – KTMU forelægges muligheden for overtagelse af toiletbygninger.", "2023-02-09", "April 2023"),
    ("Der fremlægges sager herom i takt med at der er behov herfor.", "2022-09-13", "i takt med at der er behov herfor"),
    ("Når der kommer en mere konkret udmøntning af aftalen, vil der blive fremlagt en sag om emnet til politisk "
     "behandling.", "2023-01-16", "Når der kommer en mere konkret udmøntning af aftalen"),
    # the time nearest the presenting verb, not one earlier in the sentence
    ("I august og september pågår arbejdet med Budgetopfølgning 2, der behandles i Byråd og udvalg i oktober.",
     "2023-06-12", "i oktober"),
    ("Kapacitetsanalysen forventes at være færdig medio 2023, og forelægges efterfølgende til politisk behandling efter "
     "sommerferien 2023.", "2023-03-13", "efter sommerferien 2023"),
])
def test_more_deadlines_as_written(text, meeting_date, deadline):
    assert deadline_of(text, meeting_date) == deadline


def test_a_decisions_text_leaves_out_who_was_absent():
    record = Record(path="m.json", content_hash="ab" * 32, body="Økonomiudvalget", meeting_date="2023-03-06")
    paragraphs = [
        Paragraph(id="p1", document="m.json", position=0, text="Godkendt.", heading="Beslutning", item_number="4",
                  item_title="Budget"),
        Paragraph(id="p2", document="m.json", position=1, text="Afbud: Morten Dahlin, Heidi Serny Jacobsen",
                  heading="Beslutning", item_number="4", item_title="Budget"),
    ]
    [decision] = extract_decisions(record, paragraphs)
    assert (decision.text, decision.outcome) == ("Godkendt.", "approved")


def test_the_sentence_on_the_proposal_is_the_items_decision_whatever_else_was_decided_beside_it():
    reading = read_field("Økonomiudvalget anbefaler overfor Byrådet at administrationens indstilling godkendes med "
                         "bemærkning om energiforbruget.\nØkonomiudvalget besluttede, at administrationen udarbejder et "
                         "notat om svømmehallen.\nØkonomiudvalget besluttede, at administrationen udarbejder en sag om "
                         "vejbelysning.")
    assert reading.outcome == "recommended"
    numbered = read_field("1. Anbefales.\n2. Administrationens indstilling kan ikke anbefales.")
    assert numbered.outcome == "recommended"  # numbered points are each decided on their own


def test_a_remark_quoting_the_voters_keeps_both_quotation_marks():
    decision = _decide("Med stemmerne 17 for og 2 imod godkendte Byrådet Økonomiudvalgets indstilling.\n"
                       "For stemte: (V), (A), (C) og (F).\n"
                       'Imod stemte: (Ø) med bemærkning om, at "Enhedslisten ønsker en handlingsplan".')
    assert decision.votes[-1].remark == 'at "Enhedslisten ønsker en handlingsplan"'


def test_the_body_recommended_to_is_named_with_a_capital():
    decision = _decide("Økonomiudvalget anbefaler overfor byrådet, at indstillingen godkendes.")
    assert (decision.outcome, decision.recommended_to) == ("recommended", "Byrådet")


def test_an_amounts_unit_ends_a_sentence_before_a_capital_so_the_promise_after_it_stands_alone():
    from indexer.minutes.items import sentences

    text = ("Budgettet er i forbindelse med Budgetopfølgning 0 reduceret med 25.000 kr. Administrationen følger "
            "ultimo 2023 op på årets forbrug. Det koster 5 mio. kr. til Greve Kommune.")
    found = [s.text for s in sentences(Paragraph(id="p", document="d", position=0, text=text))]
    assert found[1] == "Administrationen følger ultimo 2023 op på årets forbrug."
    assert found[2] == "Det koster 5 mio. kr. til Greve Kommune."  # "mio. kr." goes on


def test_a_condition_as_deadline_goes_on_past_a_numbers_thousands_point():
    from indexer.minutes.promises import deadline_of

    said = deadline_of("- at sagen forelægges Byrådet igen, når udlændingemyndighederne revurderer fordelingsmodellen "
                       "efter 3 måneder eller ved 10.000 meddelte opholdstilladelser.", "2022-03-28")
    assert said.endswith("ved 10.000 meddelte opholdstilladelser")


def test_each_party_against_on_a_line_of_its_own_with_its_remark_is_a_vote_of_its_own():
    decision = _decide("Med stemmerne 17 for og 2 imod godkendte byrådet Økonomiudvalgets indstilling.\n"
                       "For stemte: (V), (A), (C), (D) og Liselott Blixt (UP).\n"
                       "Imod stemte:\n"
                       "(F) med bemærkning om, ”at SF stemmer imod. Vi er bange for et indtægtstab.”\n"
                       "(Ø) med bemærkning om, ”at Enhedslisten vil være sikker på, at sauna ikke lukkes.”")
    against = [(v.voters, v.remark) for v in decision.votes if v.position == "against"]
    assert against == [(["F"], "at SF stemmer imod. Vi er bange for et indtægtstab."),
                       (["Ø"], "at Enhedslisten vil være sikker på, at sauna ikke lukkes.")]


def test_a_quote_inside_a_quoted_remark_does_not_end_it():
    decision = _decide("Godkendt.\nImod stemte: (F) med bemærkning om, ”at vi fremfor “altid” at bygge nyt ser "
                       "et efterslæb. Derudover mener vi ikke, at grunden skal inddrages.”")
    assert decision.votes[-1].remark.endswith("Derudover mener vi ikke, at grunden skal inddrages.")


def test_a_next_meeting_deadline_keeps_the_body_whose_meeting_it_is():
    said = deadline_of("- at der fremlægges en sag på førstkommende møde i Økonomiudvalget med fastsættelse af "
                       "taksterne", "2022-04-26")
    assert said == "på førstkommende møde i Økonomiudvalget"


# --- a secretariat's check of Social- og Handicapudvalget's and Klima-, Teknik- og Miljøudvalget's follow-ups ------
def test_a_line_that_stops_mid_sentence_goes_on_on_the_next():
    from indexer.minutes.items import sentences

    text = ("3. Anbefales\nUdvalget ønsker supplerende materiale omkring Hoved-MED’s udtalelse i forhold til den sænkede "
            "temperatur samt\nhvordan finansieringen af merforbruget foregår frem mod behandlingen på ØU og BYR\n"
            "(A) og (C) undlader på 1) og 3)")
    found = [s.text for s in sentences(Paragraph(id="p", document="d", position=0, text=text))]
    assert found[-2] == ("Udvalget ønsker supplerende materiale omkring Hoved-MED’s udtalelse i forhold til den sænkede "
                         "temperatur samt hvordan finansieringen af merforbruget foregår frem mod behandlingen på ØU og BYR")
    # a list's points stay lines of their own
    listed = "Udvalget ønsker følgende belyst og\na. økonomien\nb. tidsplanen"
    assert len(sentences(Paragraph(id="p", document="d", position=0, text=listed))) == 3
    # read whole, the request is material for this case before its treatment in ØU and the council: its procedure
    assert _promises(text, "Beslutning", "2023-11-16") == []


@pytest.mark.parametrize("text, meeting_date, deadline, due", [
    # the days a forum lasts are no deadline: the case asked for has none
    ("Herudover ønsker udvalget en sag på dagsorden, hvor udvalget samler op på erfaringerne fra KL’s Social- og "
     "Sundhedspolitiske Forum i dagene 11.-12.maj 2023.", "2023-03-13", None, None),
    # "d." for "den", the day without its point
    ("- Klima-, Teknik- og Miljøudvalget orienteres om valg af leverandør, d. 17 november 2022 .", "2022-03-21",
     "d. 17 november 2022", "2022-11-17"),
    # a month's meeting in one word
    ("På oktobermødet vil administrationen fremlægge en sag med status på lanceringen.", "2023-08-17",
     "På oktobermødet", "2023-10-31"),
    # two times, one for each status: the later
    ("Udvalget vil få fremlagt status på finansierede anlægsprojekter i 2. og 3. budgetopfølgning som ligger i "
     "henholdsvis oktober 2022 og januar 2023 for fagudvalgene.", "2022-02-14",
     "i henholdsvis oktober 2022 og januar 2023", "2023-01-31"),
    # a timetable's line behind a list's mark
    ("- September 2022: Social- og Handicapudvalget godkender procesplan for inddragelse af Handicaprådet.",
     "2022-08-15", "September 2022", "2022-09-30"),
    ("- Marts 2023: Byråd godkender reviderende/nye politikker", "2022-08-15", "Marts 2023", "2023-03-31"),
])
def test_event_days_one_word_month_meetings_respective_times_and_marked_timetable_lines(text, meeting_date, deadline,
                                                                                         due):
    found = deadline_of(text, meeting_date)
    assert found == deadline
    assert str(deadline_date(found, meeting_date)) == str(due)


def test_the_end_of_the_year_a_clause_names_is_not_cut_off():
    assert deadline_of("Kommunalbestyrelsen skal behandle Danmarkskortet inden udgangen af det år, hvor det "
                       "offentliggøres.") == "inden udgangen af det år"


@pytest.mark.parametrize("section, date, sentence", [
    # a duty by law, opened "I henhold til" as "Ifølge"
    ("Lovgrundlag", "2022-08-15", "I henhold til samme lovs § 79 b skal Danmarkskortet behandles på et møde i "
     "kommunalbestyrelsen inden udgangen af det år, hvor Danmarkskortet offentliggøres."),
    # what this case brings
    ("Resume", "2022-03-21", "Med sagen orienteres udvalget om de sektorplaner, som de kan forvente at blive præsenteret "
     "for i de kommende 1-1½ år."),
    # a later case named as what the money is for, not announced
    ("Sagsbeskrivelse", "2022-06-02", "Midlerne vil reducere i den samlede anlægsudgift til den kommende sag om "
     "Fodboldhuset, dog for et mindre beløb end de 850 t. kr. | 850"),
    ("Sagsbeskrivelse", "2022-01-31", "Dette sker med henblik på at klæde det enkelte Byrådsmedlem bedst muligt på i "
     "forhold til de kommende sager i løbet af året om budget, budgetopfølgning, regnskab mv."),
])
def test_duties_by_law_this_cases_orientation_and_a_later_case_only_referred_to_are_not_promises(section, date,
                                                                                                 sentence):
    assert not _ms_promise(section, date, sentence)


def test_a_later_case_announced_is_still_a_promise():
    assert _ms_promise("Sagsbeskrivelse", "2022-03-21", "En nærmere vurdering af konsekvenserne vil indgå i en "
                       "kommende sag i fagudvalget.")
    assert _ms_promise("Beslutning", "2023-04-24", "Udvalget ønsker en beskrivelse af målgruppen og reglerne for §97 i "
                       "serviceloven vedr. ledsagerordningen.")  # a paragraph named is no duty by law


def test_a_body_informed_in_a_periodic_report_to_come_is_a_promise():
    [follow_up] = _promises("Udvalget orienteres i en halvårlig status om antallet af henvendelser og effekten af "
                            "henvendelserne.", "Sagsbeskrivelse", "2022-05-30")
    assert follow_up.deadline == "halvårlig"
    # this orientation described is not
    assert not _ms_promise("Fremstilling", "2023-10-09", "Sundheds- og Omsorgsudvalget orienteres årligt om antallet "
                           "af visiterede borgere, der står på venteliste til en pleje- eller ældrebolig.")


def test_a_promise_that_introduces_a_list_carries_the_listed_points():
    text = ("- Taget til efterretning\n- Udvalget ønsker at få følgende områder yderligere beskrevet:\n"
            "- Området for hjælpemidler, med henblik på effektivisering af driften.\n"
            "- Udfoldelse af velfærdsteknologiske muligheder, herunder f.eks. digital bostøtte.\n"
            "- Dagtilbudsområdet (Serviceloven).")
    [follow_up] = _promises(text, "Beslutning", "2023-04-24")
    assert follow_up.text == "- Udvalget ønsker at få følgende områder yderligere beskrevet:"
    assert follow_up.what.endswith("beskrevet: Området for hjælpemidler, med henblik på effektivisering af driften; "
                                   "Udfoldelse af velfærdsteknologiske muligheder, herunder f.eks. digital bostøtte; "
                                   "Dagtilbudsområdet (Serviceloven)")
    agenda = ("Udvalget besluttede under punktet, at der på et kommende møde optages følgende sager på dagsordenen, gerne "
              "med politiske handlemuligheder;\n- Der forelægges en sag om sagsbehandlingstider\n"
              "Orienteringen blev taget til efterretning.")
    # points that promise themselves are each listed, with the intro's deadline, and the intro is not
    [point] = _promises(agenda, "Beslutning", "2022-03-14")
    assert point.text == "- Der forelægges en sag om sagsbehandlingstider" and point.deadline == "på et kommende møde"
    # where only some do, the intro carries the others
    mixed = agenda.replace("\nOrienteringen", "\n- Overgangen fra barn til voksen\nOrienteringen")
    intro, point = _promises(mixed, "Beslutning", "2022-03-14")
    assert intro.what.endswith("handlemuligheder: Overgangen fra barn til voksen") and point.deadline == intro.deadline


def test_a_promise_that_names_its_matter_by_herom_says_it_with_the_sentence_before():
    # Kultur- og Fritidsudvalget 15 March 2023, the chairman's orientation: a secretary read "Udvalget ønsker en sag
    # fremlagt herom" with nothing to say what about
    record, paras = _meeting(("9", [
        ("Beslutning", "Forespørgsel om frie midler under lokaletilskud kan omprioriteres."),
        ("Beslutning", "Udvalget ønsker en sag fremlagt herom.")]), date="2023-03-15")
    [follow_up] = extract_followups(record, paras)
    assert follow_up.text == "Udvalget ønsker en sag fremlagt herom."
    assert follow_up.what.startswith("Forespørgsel om frie midler under lokaletilskud kan omprioriteres: Udvalget ønsker")
    # another item's last sentence is not what it refers to
    record, paras = _meeting(("8", [("Beslutning", "Forespørgsel om frie midler.")]),
                             ("9", [("Beslutning", "Udvalget ønsker en sag fremlagt herom.")]))
    assert not extract_followups(record, paras)[0].what.startswith("Forespørgsel")


def test_a_promise_that_says_only_who_hears_of_it_and_when_says_it_with_the_sentence_before():
    # Økonomiudvalget 28 March 2022, the annual accounts' timetable: "Fagudvalgene orienteres efterfølgende." alone
    record, paras = _meeting(("12", [
        ("Tidsplan", "Efter revisionens gennemgang fremlægges årsregnskabet til politisk godkendelse."),
        ("Tidsplan", "Fagudvalgene orienteres efterfølgende.")]), date="2022-03-28")
    said = {follow_up.text: follow_up.what for follow_up in extract_followups(record, paras)}
    assert said["Fagudvalgene orienteres efterfølgende."] == ("Efter revisionens gennemgang fremlægges årsregnskabet til "
                                                             "politisk godkendelse: Fagudvalgene orienteres efterfølgende")


def test_a_promise_whose_subject_is_dette_says_it_with_the_sentence_before():
    # Kultur- og Fritidsudvalget 15 November 2023: "Dette adresseres i en selvstændig sag" alone says nothing of what
    record, paras = _meeting(("4", [
        ("Sagsbeskrivelse", "Idrætsrådet og Fritidsrådet nedlægges, og der etableres et samlet råd for folkeoplysning."),
        ("Sagsbeskrivelse", "Dette vil blive forelagt til beslutning i en selvstændig sag.")]), date="2023-11-15")
    [follow_up] = extract_followups(record, paras)
    assert follow_up.what.startswith("Idrætsrådet og Fritidsrådet nedlægges, og der etableres et samlet råd for "
                                     "folkeoplysning: Dette vil blive forelagt")


def test_the_points_under_a_bodys_bare_request_are_that_bodys_requests():
    # Social- og Handicapudvalget 12 September 2022: "Udvalget ønsker" over its points; a secretary read "ikke angivet"
    record, paras = _meeting(("7", [("Beslutning", "Udvalget ønsker\n- at få en sag der kan belyse hvad det vil koste at "
                                                  "gennemføre en trivselsundersøgelse\n- en sag om hvilke tilbud der "
                                                  "træder i kraft i en akut situation\nAfbud: Anne Marie Lyduch")]),
                             date="2022-09-12")
    asked = extract_followups(record, paras)
    assert len(asked) == 2 and {f.requested_by for f in asked} == {"Udvalget"}
    # and a body's decision to send a matter on is its own: "Byrådet besluttede at sende sagen tilbage …"
    record, paras = _meeting(("7", [("Beslutning", "Byrådet besluttede at sende sagen tilbage til fornyet behandling i "
                                                  "Økonomiudvalget.")]), date="2022-11-07")
    assert [f.requested_by for f in extract_followups(record, paras)] == ["Byrådet"]


def test_a_promise_carries_a_list_that_stands_in_the_next_block_of_its_field():
    record, paras = _meeting(("4", [
        ("Beslutning", "Udvalget ønsker at få forelagt en sag om Greve 10. klasse med udgangspunkt i data:"),
        ("Beslutning", "- Hvor mange elever vælger Greve Kommunes tilbud?\n- Andre relevante data."),
        ("Sagsprocedure", "- Skole-, Børne- og Ungeudvalget.")]), date="2023-02-07")
    [follow_up] = extract_followups(record, paras)
    assert follow_up.what.endswith("i data: Hvor mange elever vælger Greve Kommunes tilbud?; Andre relevante data")
    # another item's list is not this promise's
    record, paras = _meeting(("4", [("Beslutning", follow_up.text)]), ("5", [("Beslutning", "- Andre relevante data.")]))
    assert extract_followups(record, paras)[0].what.endswith("i data:")


def test_a_promise_carries_short_unmarked_lines_under_it_but_not_a_sections_title():
    # Økonomiudvalget 29 August 2022, item 2: the timetable's points are lines without marks
    record, paras = _meeting(("2", [("Tidsplan", (
        "Frem mod kontraktperiodens opstart i juli 2024, kan der forventes følgende politisk behandling i forbindelse "
        "med sagen:\nQ4 2022: Behandling af udbuddets genstand, herunder udbudsform.\n"
        "Q3 2023: Evaluering af tilbud / godkendelse af valg af leverandør."))]), date="2022-08-29")
    [follow_up] = extract_followups(record, paras)
    assert follow_up.what.endswith("i forbindelse med sagen: Q4 2022: Behandling af udbuddets genstand, herunder "
                                   "udbudsform; Q3 2023: Evaluering af tilbud / godkendelse af valg af leverandør")
    # one short line over a long account is the first section's title: the list is not guessed from it
    record, paras = _meeting(("2", [("Sagsbeskrivelse", (
        "Udvalget kan i det kommende ca. 1-1½ år forventes at blive præsenteret for følgende planer:\n"
        "Risikostyringsplan for stormflod 2021-2027\n" + "Udvalget for Teknik- og Miljø vedtog planen. " * 5))]),
        date="2022-03-21")
    assert extract_followups(record, paras)[0].what.endswith("følgende planer:")


def test_points_listed_under_each_body_s_label_are_one_point_per_body():
    record, paras = _meeting(("8", [
        ("Beslutning", "Økonomiudvalget ønsker følgende områder yderligere belyses:"),
        ("Beslutning", "Klima-, Teknik- og Miljøudvalget:\n- Vedligeholdelsespuljen\n- Teknisk Service\n"
                       "Sundheds og Omsorgsudvalget:\n- Hjemmepleje"),
        ("Beslutning", "Social og Handicapudvalget:\n- Merudgifter og tabt arbejdsfortjeneste\nAfbud: Liselott Blixt")]),
        date="2023-05-08")
    [follow_up] = extract_followups(record, paras)
    assert follow_up.what.endswith(
        "belyses: Klima-, Teknik- og Miljøudvalget: Vedligeholdelsespuljen, Teknisk Service; "
        "Sundheds og Omsorgsudvalget: Hjemmepleje; Social og Handicapudvalget: Merudgifter og tabt arbejdsfortjeneste")


# --- the secretariat's check of recommendations, remarks and bodies recommended to (2023) ---------------------------
@pytest.mark.parametrize("procedure, bodies", [
    # the source's own spellings of one body: each a whole name, never "Miljøudvalget" or "Teknik- og Miljøudvalget"
    ("Klima-, Teknik og Miljøudvalget, Økonomiudvalget og Byrådet",
     ["Klima-, Teknik- og Miljøudvalget", "Økonomiudvalget", "Byrådet"]),
    ("Klima, Teknik- og Miljøudvalget, Økonomiudvalg og Byråd",
     ["Klima-, Teknik- og Miljøudvalget", "Økonomiudvalget", "Byrådet"]),
    ("Plan, og Tryghedsudvalget, Økonomiudvalget og Byrådet.", ["Plan- og Tryghedsudvalget", "Økonomiudvalget", "Byrådet"]),
    ("Sundheds- og Omsorgsudvalget, Social- og Handicapudvalget, Skole- Børne og Ungeudvalget, Økonomiudvalget og Byrådet.",
     ["Sundheds- og Omsorgsudvalget", "Social- og Handicapudvalget", "Skole-, Børne- og Ungeudvalget", "Økonomiudvalget",
      "Byrådet"]),
    # a comma left out between two names
    ("Beskæftigelses- og Erhvervsudvalget Økonomiudvalget og Byrådet.",
     ["Beskæftigelses- og Erhvervsudvalget", "Økonomiudvalget", "Byrådet"]),
    ("Økonomiudvalget (hele byrådet er inviteret)", ["Økonomiudvalget"]),
])
def test_a_case_procedure_names_whole_bodies_however_the_source_spells_them(procedure, bodies):
    assert procedure_bodies(procedure) == bodies


def test_a_bare_recommendation_goes_to_the_body_after_the_committee_in_a_procedure_spelt_otherwise():
    decision = _decide("1.-3. anbefales", procedure="Klima-, Teknik og Miljøudvalget, Økonomiudvalget og Byrådet",
                       body="Klima-, Teknik- og Miljøudvalget")
    assert (decision.outcome, decision.recommended_to) == ("recommended", "Økonomiudvalget")
    decision = _decide("Anbefales.", procedure="Plan og Tryghedsudvalget, Økonomiudvalg og Byråd",
                       body="Plan- og Tryghedsudvalget")
    assert decision.recommended_to == "Økonomiudvalget"
    assert next_body("Sundhed- og Omsorgsudvalget, Social- og Handicapudvalget, Økonomiudvalget og Byrådet.",
                     "Sundheds- og Omsorgsudvalget") == "Social- og Handicapudvalget"  # "Sundhed-" is "Sundheds-"


def test_a_decision_to_send_a_matter_for_treatment_in_another_body_is_sent_on():
    decision = _decide("Byrådet besluttede at sende mødekalender for Byrådet og Økonomiudvalget i 2024 til behandling "
                       "i Økonomiudvalget.")
    assert decision.outcome == "sent_on"
    assert _decide("Byrådet besluttede at sende sagen tilbage til fornyet behandling i Økonomiudvalget.").outcome \
        == "postponed"


def test_a_remark_that_stops_at_at_goes_on_in_the_lines_listed_after_it():
    decision = _decide("Økonomiudvalget anbefaler overfor Byrådet, at Plan- og Tryghedsudvalgets indstilling godkendes "
                       "med bemærkning om, at Økonomiudvalget ønsker, at\n"
                       "- der som en del af budgetlægningen for budget 2024-27 afholdes et møde med råd og nævn.\n"
                       "- borgermøde om økonomi berammet til den 8. august 2023 suppleres med et webinar.\n"
                       "Afbud: Marc Genning (V)", body="Økonomiudvalget")
    assert decision.remarks == ["at Økonomiudvalget ønsker, at - der som en del af budgetlægningen for budget 2024-27 "
                                "afholdes et møde med råd og nævn. - borgermøde om økonomi berammet til den 8. august "
                                "2023 suppleres med et webinar."]
    # "med den bemærkning at" and nothing more: the lines listed are the remarks
    decision = _decide("Udvalget godkendte 2.udkast med den bemærkning at\n"
                       "under overskriften ”Aktiv borgerinddragelse” ændres formuleringen\n"
                       "under overskriften ”Helhedsorienterede indsatser” indsættes ønskede effekter")
    assert decision.remarks == ["under overskriften ”Aktiv borgerinddragelse” ændres formuleringen",
                                "under overskriften ”Helhedsorienterede indsatser” indsættes ønskede effekter"]


def test_a_partys_remark_quoted_over_two_lines_is_one_remark():
    decision = _decide("Med stemmerne 19 for og 2 imod godkendte Byrådet Økonomiudvalgets indstilling.\n"
                       "For stemte (V), (A), (C), Liselott Blixt (UP-1) og Hans-Jørgen Kirstein (UP-2)\n"
                       "Imod stemte (Ø) og (F). (F) med bemærkning om, at ”vi anerkender de gode kriterier. Det kan "
                       "være langtidssygmelding pga. stress, ulykke, være voldsramt eller lign.\n"
                       "Vi ønsker ikke kommunen har 100% anvisningsret.\"")
    assert decision.votes[-1].voters == ["F"]
    assert decision.votes[-1].remark.endswith("eller lign. Vi ønsker ikke kommunen har 100% anvisningsret.\"")


def test_a_remark_introduced_by_the_definite_bemaerkningen_keeps_its_first_words():
    decision = _decide("Med stemmerne 20 for og 1 imod godkendte Byrådet Økonomiudvalgets indstilling.\n"
                       "For stemte (V), (A), (C), Liselott Blixt (UP-1), Hans-Jørgen (UP-2) og (Ø).\n"
                       "(F) stemte imod med bemærkningen om, at SF \"ikke ønsker at ophæve §3 naturbeskyttet "
                       "områder (Greve strandeng).\"")
    assert decision.votes[-1].remark == "at SF \"ikke ønsker at ophæve §3 naturbeskyttet områder (Greve strandeng).\""


def test_a_votes_reasons_in_the_sentences_after_it_are_its_remark():
    decision = _decide(
        "Med stemmerne 20 for og 1 imod godkendte Byrådet indstillingspunkt 3, 4 og 9.\n"
        "For stemte (V), (A), (C), Liselott Blixt (UP-1), Hans-Jørgen Kirstein (UP-2) og (F).\n"
        "Imod stemte Ø. For så vidt angår indstillingspunkt 3 og 9 \"med begrundelse i at vores budgetforslag "
        "indeholder en højere skattestigning\". For så vidt angår indstillingspunkt 4 med begrundelse i, at \"vi "
        "ikke ønsker en reducering af grundskylden\".\n"
        "Byrådet godkendte indstillingspunkt 5, 6, 7 og 8.")
    against = decision.votes[-1]
    assert (against.position, against.voters) == ("against", ["Ø"])
    assert against.remark == ("For så vidt angår indstillingspunkt 3 og 9 \"med begrundelse i at vores budgetforslag "
                              "indeholder en højere skattestigning\" | For så vidt angår indstillingspunkt 4 med "
                              "begrundelse i, at \"vi ikke ønsker en reducering af grundskylden\"")
    # a reason that stops at "at" goes on in the line after it
    decision = _decide("3-14. Økonomiudvalget anbefaler overfor Byrådet at administrations indstilling godkendes.\n"
                       "Enhedslisten stemte imod punkt 3 og 9 med begrundelse i at\n"
                       "Budgetforslaget indeholder en højere skattestigning.", body="Økonomiudvalget")
    assert decision.votes[-1].remark == "at Budgetforslaget indeholder en højere skattestigning."


# --- a recommendation's questions and rejected points, history, one promise in several fields, the body's remark -----
def test_a_recommendation_point_asking_the_body_to_decide_is_no_promise():
    assert not _ms_promise("Indstilling", "2022-06-01", "- at det besluttes, om der til budgetprocessen for 2023-26 skal "
                           "udarbejdes et udvidelsesforslag vedrørende udarbejdelsen af en vedligeholdelsesrapport for "
                           "Greve Idræts- og Fritidscenter.")


def test_a_recommendation_point_the_decision_does_not_recommend_is_no_follow_up():
    record, paras = _meeting(("6", [
        ("Beslutning", "1. Anbefales at der udarbejdes et udvidelsesforslag til budgetprocessen for 2023-26.\n"
                       "2. Anbefales ikke.\n3. Anbefales."),
        ("Indstilling", "Administrationen indstiller\n- at der udarbejdes et udvidelsesforslag til budgetprocessen for "
                        "2023-26 vedrørende overdragelse af det fulde ansvar for vedligeholdelse\n- at der udarbejdes et "
                        "udvidelsesforslag vedrørende bygningssyn og en vedligeholdelsesrapport\n- at orienteringen "
                        "tages til efterretning")]), body="Kultur- og Fritidsudvalget", date="2022-06-01")
    texts = [f.text for f in extract_followups(record, paras)]
    assert not any("bygningssyn" in t for t in texts)  # point 2: "Anbefales ikke."
    assert any(t.startswith("Anbefales at der udarbejdes") for t in texts)  # point 1, recommended


def test_a_second_wish_of_the_same_body_in_one_sentence_is_its_request():
    text = ("Udvalget ønsker på baggrund af høringssvarene i højere grad at fastholde den eksisterende kommuneplan, som "
            "ikke muliggør etagebyggeri, og ønsker derfor at invitere udvikler til en drøftelse af dette på et kommende "
            "udvalgsmøde.")
    assert _ms_promise("Beslutning", "2022-04-26", text)
    assert not _ms_promise("Beslutning", "2022-04-26", "Udvalget ønsker at fastholde kommuneplanen, og ønsker ikke "
                           "etagebyggeri.")


def test_a_recommendation_point_the_body_says_it_does_not_want_is_no_follow_up():
    record, paras = _meeting(("6", [
        ("Beslutning", "1. Taget til efterretning\n2. Udvalget ønsker ikke at der udarbejdes et udvidelsesforslag."),
        ("Indstilling", "Administrationen indstiller\n- at orienteringen tages til efterretning\n- at Beskæftigelses- og "
                        "Erhvervsudvalget træffer beslutning om, at der skal udarbejdes et udvidelsesforslag på et "
                        "årsværk i 2024")]), body="Beskæftigelses- og Erhvervsudvalget", date="2023-05-22")
    assert not [f.text for f in extract_followups(record, paras) if "udvidelsesforslag" in f.text]


def test_a_promise_an_item_states_twice_is_listed_once():
    # Greve, Sundheds- og Omsorgsudvalget 10 January 2022, item 9; Skole-, Børne- og Ungeudvalget 8 February 2022, item 7
    record, paras = _meeting(("9", [
        ("Beslutning", "1) Anbefales, idet udvalget på et senere møde ønsker en sag der belyser kompetenceudvikling på "
                       "området.\n2)Anbefales, idet udvalget på et senere møde ønsker en sag der belyser "
                       "kompetenceudvikling på området."),
        ("Sagsbeskrivelse", "På et kommende møde følges op vedrørende tilsyn på området."),
        ("Indstilling", "På et kommende møde følges op vedrørende tilsyn på området.")]),
        ("10", [("Sagsbeskrivelse", "På et kommende møde følges op vedrørende tilsyn på området.")]),
        body="Sundheds- og Omsorgsudvalget", date="2022-01-10")
    found = [(f.item_number, f.text) for f in extract_followups(record, paras)]
    assert sorted(n for n, text in found if "tilsyn" in text) == ["10", "9"]  # another item's own promise stays
    assert len([text for n, text in found if "kompetenceudvikling" in text]) == 1


def test_a_case_put_forward_for_the_reason_told_before_it_is_this_case_not_a_promise():
    # Greve, Klima-, Teknik- og Miljøudvalget 25 May 2023, item 14, copied into its item 13 of 16 November 2023
    for day in ("2023-05-25", "2023-11-16"):
        assert not _ms_promise("Sagsbeskrivelse", day, "Der fremlægges derfor en sag til beslutning inden sommerferien.")


def test_a_case_sent_back_before_it_is_decided_comes_back_and_another_items_recommendation_does_not():
    # Greve, Klima-, Teknik- og Miljøudvalget 2 June 2022, items 26 and 16
    assert _ms_promise("Beslutning", "2022-06-02", "Sagen sendes tilbage til administrationen med henblik på en "
                       "partshøring, inden der træffes beslutning i sagen.")
    assert not _ms_promise("Økonomiske konsekvenser", "2022-06-02", "Dertil kommer at der i separat indstilling om "
                           "Klimapulje foreslås afsat 0,2 mio. kr. til pilotprojekt om bygningsautomatik.")


def test_an_earlier_meetings_decision_told_in_the_resume_is_history():
    assert not _ms_promise("Resume", "2023-10-09", "Sundheds- og Omsorgsudvalget tog orienteringen til efterretning med "
                           "bemærkning om at få forelagt en sag om, hvad Greve Kommune gør for at fastholde medarbejdere "
                           "på ældreområdet.")


def test_one_promise_said_in_several_fields_of_an_item_is_one_entry_the_best_cited():
    record, paras = _meeting(("3", [
        ("Indstilling", "- at der fremlægges en sag på førstkommende møde i Økonomiudvalget med fastsættelse af de "
                        "fremadrettede takster"),
        ("Sagsbeskrivelse", "Endelig skal det bemærkes, at der fremlægges en særskilt sag på førstkommende møde i "
                            "Økonomiudvalget med fastsættelse af de fremadrettede takster.\nAdministrationen vender "
                            "tilbage til udvalgene i efteråret 2022 med orientering om plan for genudbud."),
        ("Tidsplan", "Administrationen vender i efteråret 2022 tilbage til udvalgene med ny tidsplan."),
        ("Kommunikation", "Hvis administrationen vurderer at budgettet ikke kan holdes, vender administrationen tilbage "
                          "med en anbefaling om videre proces.")]), body="Skole-, Børne- og Ungeudvalget", date="2022-04-26")
    found = [(f.section, f.text[:30]) for f in one_entry_per_promise(extract_followups(record, paras))]
    assert found == [("Indstilling", "- at der fremlægges en sag på "),
                     ("Sagsbeskrivelse", "Administrationen vender tilbag"),
                     ("Kommunikation", "Hvis administrationen vurderer")]  # a different return stays
    # what an index lists (the benchmark counts every sentence: `extract_followups`)
    assert [(f.section, f.text[:30]) for f in listed_followups(record, paras)] == found
    assert len(extract_followups(record, paras)) == 5


@pytest.mark.parametrize("sentence, asked_by", [
    ("1.-2. godkendt med bemærkning om, at der til kommende møde udarbejdes en sag til Skole, Børne – og Ungeudvalget, "
     "hvor proces og indhold for skolernes tilbagemelding om udviklingen beskrives.", "Skole-, Børne- og Ungeudvalget"),
    ("Anbefales at der udarbejdes et udvidelsesforslag til budgetprocessen for 2023-26 vedrørende overdragelse af det "
     "fulde ansvar for vedligeholdelse til Karlslunde Idrætsforening.", "Skole-, Børne- og Ungeudvalget"),
    ("Økonomiudvalget anbefaler overfor Byrådet at der udarbejdes udvidelsesforslag til budget 2023-2026 om øget "
     "mobilitet til erhvervsområdet.", "Økonomiudvalget"),
])
def test_a_remark_or_recommendation_asking_for_a_case_in_a_bodys_decision_is_the_bodys_request(sentence, asked_by):
    record, paras = _meeting(("4", [("Beslutning", sentence)]), body="Skole-, Børne- og Ungeudvalget", date="2023-03-14")
    [follow_up] = extract_followups(record, paras)
    assert follow_up.promiser() == asked_by


def test_a_case_to_come_where_a_stance_is_to_be_taken_is_still_a_promise():
    assert _ms_promise("Sagsbeskrivelse", "2022-08-15", "Der forelægges en sag i efteråret, hvor der kan tages stilling "
                       "til, hvorvidt der skal justeres i den procentsats af almene boliger, der anvises.")


# --- third fresh tuning batch: later steps, decision points, conditions, sent on for treatment ------------------------
@pytest.mark.parametrize("section, date, sentence", [
    # after a budget follow-up named
    ("Tidsplan", "2022-10-13", "Der fremlægges en ny status for anlægsprojekterne efter 3. budgetopfølgning."),
    # a step after this one's ("hvorpå", "hvorefter")
    ("Tidsplan", "2023-02-09", "Efter udvalgets behandling vil eventuelle rettelser blive indarbejdet, hvorpå plan og "
     "tiltagsliste fremlægges i fagudvalg og Byråd."),
    ("Øvrige forhold", "2023-04-26", "De præcise ændringer af retningslinjer samt kommissorium foretages af "
     "administrationen i samarbejde med Fritidsrådet og Idrætsrådet, hvorefter de forelægges Kultur- og Fritidsudvalget."),
    # planned, or aimed at, with accounts presented
    ("Sagsbeskrivelse", "2023-04-27", "Pt. planlagt at fremlægge sag i efteråret 2023"),
    ("Sagsbeskrivelse", "2022-11-28", "Administrationen er påbegyndt arbejdet med BO0, med sigte på allerede i januar at "
     "kunne fremlægge et forventet regnskab for 2023 og en handleplan."),
    # bodies informed all through the process to come
    ("Kommunikation", "2023-02-27", "Økonomiudvalget og Byrådet orienteres løbende igennem processen."),
    # a point: the administration presents a proposal; a matter to come for political treatment in a decision
    ("Indstilling", "2023-11-27", "direktionen fremlægger et forslag til Budget 2025-28 indenfor de beskrevne rammer"),
    ("Beslutning", "2022-05-09", "at forslaget til motorikprojekt fremlægges til politisk behandling i de relevante "
     "fagudvalg, Økonomiudvalget og Byrådet inden igangsættelse"),
    # a perfect in the condition for when it comes is not done before
    ("Økonomiske konsekvenser", "2023-03-13", "Administrationen fremlægger de økonomiske konsekvenser for Greve Kommune, "
     "når KOMBIT har udarbejdet sagslister, og de økonomiske konsekvenser er beregnet."),
    # "skulle" opening a condition, the administration's verb first, for a decision to come
    ("Sagsbeskrivelse", "2022-02-14", "Administrationen vil for så vidt muligt undgå at ekspropriere, men skulle en "
     "ekspropriation komme på tale, vil administrationen fremlægge de konkrete forhold til beslutning."),
    # a proposal sent on for treatment in a committee
    ("Beslutning", "2023-05-15", "Byrådet besluttede at sende initiativretsforslaget til realitetsbehandling i Klima-, "
     "Teknik- og Miljøudvalget."),
])
def test_later_steps_decision_points_conditions_and_proposals_sent_on_are_promises(section, date, sentence):
    assert _ms_promise(section, date, sentence)


@pytest.mark.parametrize("section, date, sentence", [
    # presented to a school, not to a political body
    ("Indstilling", "2022-03-21", "4. at skolekampagnen, der arbejder med trafikal adfærd, udarbejdes i 2022, og "
     "delelementer præsenteres for skolen i 2022, mens den overordnede kampagne på vejene udskydes et år."),
    # not sent on, or a party's proposal told
    ("Beslutning", "2022-03-07", "Med stemmerne 11 for og 8 imod besluttede byrådet ikke at sende forslaget til "
     "realitetsbehandling."),
    ("Sagsbeskrivelse", "2022-04-26", "Venstre stillede forslag om, at sagen sendes til realitetsbehandling i Plan- og "
     "Udviklingsudvalget, hvor følgende blandt andet drøftes:"),
    # a practice described; what was decided before ("skulle" reporting it)
    ("Sagsbeskrivelse", "2022-08-15", "Udvalget besluttede, at der hver tredje måned skulle forelægges en orientering om "
     "udviklingen, hvorfor udvalget løbende orienteres."),
    # this case's point for political treatment
    ("Beslutning", "2022-05-09", "at sagen fremlægges til politisk behandling i Økonomiudvalget og Byrådet"),
])
def test_others_presented_to_proposals_not_sent_on_and_this_cases_treatment_are_not_promises(section, date, sentence):
    assert not _ms_promise(section, date, sentence)


def test_a_decision_field_with_counts_after_the_voters_reads_voters_and_counts():
    reading = read_field("Anbefales over for Byrådet.\nFor stemte: A og F (12)\nImod stemte: V og Ø (7)")
    assert (reading.outcome, reading.recommended_to) == ("recommended", "Byrådet")
    assert [(v.position, v.voters, v.count) for v in reading.votes] == [("for", ["A", "F"], 12),
                                                                         ("against", ["V", "Ø"], 7)]
    assert (reading.votes_for, reading.votes_against) == (12, 7)


def test_a_remark_opened_by_a_comma_is_the_numbered_lines_after_it():
    # "Godkendes med bemærkning om, " then "1) at Broklubben …": the remark was ","
    from indexer.minutes.fields import read_field

    reading = read_field("Godkendes med bemærkning om,\n1) at Broklubben for ældre døve bevilges 20.000 kr. og\n"
                         "2) at de resterende midler kan tildeles til nyetablerede foreninger.")
    assert reading.outcome == "approved" and reading.remarks == [
        "at Broklubben for ældre døve bevilges 20.000 kr. og", "at de resterende midler kan tildeles til nyetablerede foreninger."]


def test_a_votes_reason_without_a_comma_before_it_is_its_remark_not_part_of_the_name():
    decision = _decide("Anbefales.\nFor stemte: Claus Dyremose (C), Claus Jensen (V) og Bjarke Abel (A)\n"
                       "Imod stemte: Torben Hoffmann (V) idet han ønsker den fulde pakke\n"
                       "Undlod at stemme: Hans-Jørgen Kirstein (D)")
    against = next(v for v in decision.votes if v.position == "against")
    assert against.voters == ["Torben Hoffmann (V)"] and against.remark == "idet han ønsker den fulde pakke"


def test_a_remark_said_as_a_sentence_of_its_own_is_kept():
    decision = _decide("Med stemmerne 14 for og 5 imod godkendte Byrådet budgettet.\n"
                       "Derudover bemærker forligspartierne, at budgetforliget implementeres hurtigst muligt.")
    assert decision.remarks == ["Derudover bemærker forligspartierne, at budgetforliget implementeres hurtigst muligt."]


def test_a_timetable_lines_abbreviated_month_and_an_extra_meeting_are_deadlines():
    assert deadline_of("Okt. 2022 Udbudsmateriale fremlægges til politisk beslutning", "2022-02-28") == "Okt. 2022"
    assert deadline_of("Udvalget ønsker et ekstraordinært møde om vandværket.", "2023-01-10") == "et ekstraordinært møde"
    assert deadline_of("Udvalget ønsker et temamøde om analyserne, så de kan drøftes inden den egentlige "
                       "budgetforhandling.", "2022-05-09") == "inden den egentlige budgetforhandling"
    # with the day named, the day
    assert deadline_of("- at udvalget mødes til et ekstraordinært møde den 28. november 2023 kl. 16 for at drøfte planen",
                       "2023-11-14") == "den 28. november 2023"


def test_a_point_that_puts_the_matter_off_is_postponed_though_dog_ends_its_main_clause():
    reading = read_field("1. Udvalget ønsker en sagsfremstilling om udgiften.\n2. Anbefales ikke.\n3. Anbefales ikke.\n"
                         "4. Sagen skal dog afvente til der er klarhed over den videre proces.")
    assert reading.outcome == "rejected"
    assert [(p.point, p.outcome) for p in reading.points] == [("2.", "rejected"), ("3.", "rejected"), ("4.", "postponed")]
