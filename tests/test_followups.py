"""Follow-up extraction (promises of later action, not their look-alikes) and linking a
promise to the later paragraphs that take it up again."""
from __future__ import annotations

from dataclasses import replace

import pytest

from indexer.minutes.followups import FollowUp, deadline_of, extract_followups, is_promise
from indexer.minutes.takeups import (NEAR_BEST, SAME_BODY_FLOOR, SIMILAR_FLOOR, SPLIT_FLOOR, WORD_BONUS, describe,
                                     link_by_case, link_follow_up, take_ups, umbrella_case)
from indexer.ingest.pipeline import ingest_file
from indexer.records import Hit, Paragraph, Record
from tests.paths import SAMPLE_FOLKETINGET, SAMPLE_MINUTES

PROMISES = [
    # (sentence, who, deadline)
    ("Eva svarer, at forvaltningen gerne vil se nærmere på sagen.", "forvaltningen", None),
    ("Eva svarer, at der følges op på huslejestigninger på Dialogforums næste møde.", "Eva", "på Dialogforums næste møde"),
    ("Forvaltningen vender tilbage med en oversigt inden sommerferien.", "Forvaltningen", "inden sommerferien"),
    ("Socialforvaltningen vil undersøge sagen og forelægge resultatet i 2. kvartal 2019.", "Socialforvaltningen",
     "i 2. kvartal 2019"),
    ("Forvaltningen udarbejder en oversigt over tilbuddene til næste møde.", "Forvaltningen", "til næste møde"),
    ("Sagen forelægges udvalget igen på det kommende møde.", None, "på det kommende møde"),
    ("Mia svarer, at Socialudvalget på et kommende møde skal drøfte, hvordan man inddrager parter.",
     "Socialudvalget", "på et kommende møde"),
    ("Materialet sendes rundt til medlemmerne.", None, None),
    ("Skitseprojekt vil blive forelagt i fagudvalgene i februar måned.", None, "i februar måned"),
    ("Jamen lad mig få givet et skriftligt svar, så jeg er helt præcis på det.", "Astrid Krag", None),
    ("The administration will come back to the committee by the next meeting.", None, "by the next meeting"),
    # passive and expected forms, an organisation taking on a task, a minister sending material
    ("Vil blive drøftet på mødet den 27/2-15.", None, "på mødet den 27/2-15"),
    ("Opsamlingen forventes sendt til Socialudvalget efter sommerferien.", None, "efter sommerferien"),
    ("I 2015 forventes bl.a. følgende at blive drøftet:", None, "I 2015"),
    ("Kvalitetsstandarden er revideret og vil snarligt være klar til politisk godkendelse.", None, None),
    ("Så vil jeg gerne oversende noget i forhold til tidsgrænser.", None, None),
    ("Ministeriet har oplyst, at man ved senere produktion af materialet vil overveje nærmere, hvordan det skal se ud.",
     "Ministeriet", None),
    ("De sidstnævnte puljer søges selvstændigt frigivet primo 2013.", None, "primo 2013"),
]

LOOK_ALIKES = [
    "Det er vigtigt at følge op på, hvordan borgerne oplever tilbuddene.",
    "Kan forvaltningen undersøge, hvorfor ventetiden er så lang?",
    "Hvis udvalget ønsker det, vil forvaltningen undersøge sagen nærmere.",
    "Såfremt Socialudvalget godkender denne indstilling vil Socialforvaltningen invitere relevante parter.",
    "Forvaltningen har derfor udarbejdet en oversigt over forskellige behandlingstilbud.",
    "Oversigten blev delt rundt på mødet.",
    "Selve den forventede effekt vil hun komme ind på senere i oplægget.",
    "Jeg håber også, at regeringen vil se på det tiltag.",
    "Så lad os også følge op på det der.",
    "Folketingets næste møde afholdes i morgen, fredag den 3. juli 2015, kl. 11.00.",
    "Skulle det blive nødvendigt at indkalde Folketinget til yderligere møder, vil meddelelse blive tilstillet "
    "medlemmerne skriftligt.",
    "Jeg vil gerne vende tilbage til skatteministerens pointe fra tidligere.",
    "Det fremgår af et skriftligt svar, jeg har fået, at reglerne er uændrede.",
    # standing duties, practice, ability, demands on others, a meeting's own programme, a document's content
    "Netværksgrupperne skal årligt udarbejde en årsrapport som beskriver netværksgruppens arbejde.",
    "Kvalitetsstandarden skal revideres mindst hvert andet år.",
    "Alle forløb afsluttes med en samtale, hvor der følges op på forløbet.",
    "Indsatsen har medvirket til, at de hurtigere kan vende tilbage til arbejdsmarkedet.",
    "De skal have et bedre helbred, så de vil vende tilbage til arbejdsmarkedet.",
    "• Kommunerne skal udarbejde styringsanalyser og nøgletal.",
    "Regeringen skal tage initiativ til, at der etableres nationale mål for danskernes folkesundhed.",
    "På mødet vil KL præsentere udspillet, og der vil blive præsenteret et oplæg til fokusområder.",
    "Udspillet rummer også forslag, ligesom der vil blive præsenteret forslag til nye styringsmodeller.",
    "Det har ministeriet allerede oversendt til udvalget.",
]


# A speaker committing themselves in a debate: (sentence, the paragraph's speaker, who, deadline)
DEBATE_PROMISES = [
    ("Det vil vi tage op igen, når vi mødes efter sommerferien.", "Karsten Lauritzen", "Karsten Lauritzen",
     "efter sommerferien"),
    ("Vi skal nok sørge for at processere dem så hurtigt som overhovedet muligt.", "Karsten Lauritzen",
     "Karsten Lauritzen", None),
    ("Jeg vil gerne vende tilbage med et skriftligt svar inden andenbehandlingen.", "Astrid Krag", "Astrid Krag",
     "inden andenbehandlingen"),
    ("Det vil jeg se på.", "Astrid Krag", "Astrid Krag", None),
    # the government named as the subject is who promised, whoever says it
    ("Regeringen vil fremsætte et lovforslag til efteråret.", "Inger Støjberg", "Regeringen", "til efteråret"),
    # a request the speaker made commits the speaker, not the ministry asked
    ("Jeg har bedt ministeriet om at undersøge sagen og vende tilbage til udvalget.", "Astrid Krag", "Astrid Krag",
     None),
    ("SF vil selvsagt komme med nogle rigtig gode forslag til finansieringen.", "Lisbeth Bech Poulsen",
     "Lisbeth Bech Poulsen", None),
    ("Vi har aftalt at tage det med i forhandlingerne om anden del af stramningerne.", "Naser Khader",
     "Naser Khader", None),
    ("Jeg har ikke flere bemærkninger nu, men vil naturligvis besvare eventuelle spørgsmål i udvalget.",
     "Jørn Neergaard Larsen", "Jørn Neergaard Larsen", None),
    ("Men jeg kan love og forsikre om, at inden vi når til andenbehandlingen, vil der ligge høringssvar.",
     "Karsten Lauritzen", "Karsten Lauritzen", "inden vi når til andenbehandlingen"),
    ("Og jeg vil da gerne drøfte med Enhedslisten, hvordan vi kan samarbejde, og det gør jeg i næste uge.",
     "Karsten Lauritzen", "Karsten Lauritzen", "i næste uge"),
    ("Jeg glæder mig til at invitere partierne til forhandling her i efteråret.", "Karsten Lauritzen",
     "Karsten Lauritzen", "her i efteråret"),
    ("Det vil vi følge tæt.", None, None, None),  # a record without speakers cannot say who
]

DEBATE_LOOK_ALIKES = [
    "Det er vigtigt at følge op på det her.",  # said in general
    "Vi har fulgt op på sagen i udvalget.",  # done
    "Vi har lovet danskerne, at vi vil fremsætte et lovforslag.",  # promised before
    "Vi gav i valgkampen et løfte om, at vi som regering vil fremsætte lovforslag, og det løfte indfrier vi i dag.",
    "Vi vil ikke tage det op igen.",  # a refusal
    "Jeg vil gerne spørge ministeren, om regeringen vil undersøge sagen.",  # a question, asked
    "Vil ministeren vende tilbage til udvalget med et svar?",
    "Det kan vi tale om, og hvis ministeren ønsker det, vil vi drøfte det.",  # a condition mid-sentence
    "Jeg håber, at regeringen vil fremsætte et lovforslag.",  # a wish
    "Man har bedt regeringen om at kigge på de ting.",  # others asked
    "I forhold til økonomien regner vi med, at det er noget, der vil blive taget op senere.",  # hedged
    "Vi vil sende flere afviste asylansøgere hjem.",  # a policy, not an action towards the chamber
    "Vi skal se på vores medmennesker som ressourcer.",
    "Det er det, vi skal forhandle om.",
    "Vi vil også gerne kvittere for den aftale, som ministeren har været med til at forhandle på plads.",
    "Jeg vil egentlig gerne følge op på hr. Knuths spørgsmål til ordføreren.",  # talk in the debate
    "Det ligger i den politiske aftale, at de relevante lovændringer skal fremsættes i folketingsåret 2019-20.",
    "Lovforslaget er vedtaget og vil blive sendt til statsministeren.",  # the chair's formula
    "Vi vil gerne invitere jer til dialogmøde om sundhedsudspillet.",  # a letter's own invitation
    # saying something is no promise of what is said
    "Jeg vil gerne sige, at udvalget mødes hver måned.",
    "Jeg vil gerne understrege, at kommunerne skal undersøge sagen.",
    "Vi vil gerne takke ministeren for at fremlægge lovforslaget.",
    "Vi skal nok få en god debat i dag.",  # "skal nok" about the debate, no action
    "Jeg skal nok lade være med at gentage mig selv.",
    # a referral decided is a decision ("sent on"), not a promise
    "Indstillingen oversendes til Økonomiudvalget.",
    "Sagen fremsendes til byrådet med udvalgets anbefaling.",
]

def _record(meeting_date: str = "2018-06-11") -> Record:
    return Record(path="minutes/x.txt", content_hash="cd" * 32, body="Dialogforum", meeting_date=meeting_date)


def _paragraph(text: str, speaker: str | None = None, heading: str | None = "3. Drøftelse") -> Paragraph:
    return Paragraph(id="cdcd-00000", document="minutes/x.txt", position=0, text=text, heading=heading,
                     speaker=speaker)


@pytest.mark.parametrize("sentence, who, deadline", PROMISES, ids=[p[0][:40] for p in PROMISES])
def test_promise_gives_who_and_deadline(sentence, who, deadline):
    speaker = "Astrid Krag" if sentence.startswith("Jamen") else None
    # the excerpts come from minutes of 2012-2019: a meeting before all their deadlines (a deadline
    # that had passed at the meeting is none: test_deadline_passed_at_the_meeting_is_none)
    [follow_up] = extract_followups(_record("2012-06-11"), [_paragraph(sentence, speaker)])
    assert (follow_up.who, follow_up.deadline) == (who, deadline)
    assert follow_up.body == "Dialogforum" and follow_up.meeting_date == "2012-06-11"
    assert follow_up.item_number == "3" and follow_up.paragraph_id == "cdcd-00000"


@pytest.mark.parametrize("sentence", LOOK_ALIKES, ids=[s[:40] for s in LOOK_ALIKES])
def test_look_alikes_are_not_promises(sentence):
    assert not is_promise(sentence)
    assert extract_followups(_record(), [_paragraph(sentence)]) == []



@pytest.mark.parametrize("sentence, speaker, who, deadline", DEBATE_PROMISES,
                         ids=[p[0][:40] for p in DEBATE_PROMISES])
def test_debate_promise_gives_speaker_and_deadline(sentence, speaker, who, deadline):
    [follow_up] = extract_followups(_record(), [_paragraph(sentence, speaker, heading=None)])
    assert (follow_up.who, follow_up.deadline) == (who, deadline)
    assert follow_up.text == sentence


@pytest.mark.parametrize("sentence", DEBATE_LOOK_ALIKES, ids=[s[:40] for s in DEBATE_LOOK_ALIKES])
def test_debate_look_alikes_are_not_promises(sentence):
    assert not is_promise(sentence)
    assert extract_followups(_record(), [_paragraph(sentence, "Karsten Lauritzen", heading=None)]) == []

def test_what_drops_the_reporting_clause():
    [follow_up] = extract_followups(_record(), [_paragraph("Eva svarer, at forvaltningen gerne vil se nærmere på sagen.")])
    assert follow_up.what == "forvaltningen gerne vil se nærmere på sagen"


@pytest.mark.parametrize("text, deadline", [
    ("Sagen forelægges igen inden sommerferien.", "inden sommerferien"),
    ("Status forelægges ultimo oktober 2015.", "ultimo oktober 2015"),
    ("Procesplanen fremsendes i starten af august 2015.", "i starten af august 2015"),
    ("Udvalget får forelagt sagen på mødet den 2. december 2015.", "på mødet den 2. december 2015"),
    ("Forvaltningen vender tilbage.", None),
    ("Vil blive drøftet på mødet den 27/2-15.", "på mødet den 27/2-15"),
    ("Opsamlingen forventes sendt til udvalget efter sommerferien.", "efter sommerferien"),
    ("Puljerne søges frigivet primo 2013.", "primo 2013"),
    ("Behovet for driftstilskud drøftes ifm. budget 2024-2027.", "ifm. budget 2024-2027"),
])
def test_deadline_as_written(text, deadline):
    assert deadline_of(text) == deadline


def test_promise_id_survives_resegmentation():
    one = extract_followups(_record(), [_paragraph("Indledning. Forvaltningen vender tilbage med en oversigt.")])
    two = extract_followups(_record(), [
        _paragraph("Indledning."),
        Paragraph(id="cdcd-00001", document="minutes/x.txt", position=1,
                  text="Forvaltningen vender tilbage med en oversigt.", heading="3. Drøftelse"),
    ])
    assert one[0].id == two[0].id


def test_dialogforum_minutes_promises_in_order():
    record, paras = ingest_file(SAMPLE_MINUTES / "000_e9b7192dbc8b80a1.txt", SAMPLE_MINUTES.parent)
    texts = [f.text for f in extract_followups(record, paras)]
    assert len(texts) == 6
    assert "sekretariatet for Dialogforum noteret" in texts[0]  # item 7, before the joint meeting
    assert texts[1] == "Eva svarer, at forvaltningen gerne vil se nærmere på sagen."
    assert not any("udarbejdet en oversigt" in t or "delt rundt" in t for t in texts)



def test_minister_promise_in_a_sitting_names_the_minister():
    record, paras = ingest_file(SAMPLE_FOLKETINGET / "folketinget-2015-08-26-1300.txt", SAMPLE_FOLKETINGET.parent)
    follow_ups = extract_followups(record, paras)
    [bill] = [f for f in follow_ups if "vil vi forhandle en ny, forbedret grønnere boligjobordning" in f.text]
    assert bill.who == "Karsten Lauritzen" and bill.meeting_date == "2015-08-26"
    assert not any(f.text.startswith("Lovforslaget er vedtaget") for f in follow_ups)

# --- linking -----------------------------------------------------------------

def _promise(body: str = "Dialogforum", date: str | None = "2018-06-11") -> FollowUp:
    return FollowUp(id="f1", document="minutes/x.txt", body=body, meeting_date=date, item_number="3",
                    item_title=None, text="Eva svarer, at forvaltningen ser på huslejestigningerne.",
                    who="forvaltningen", what="forvaltningen ser på huslejestigningerne", deadline=None,
                    paragraph_id="cdcd-00000")


ON_MATTER = "Forvaltningen har set på huslejestigningerne på bostederne."


def _hit(pid: str, score: float, date: str | None, body: str, document: str | None = None,
         text: str = ON_MATTER) -> Hit:
    return Hit(id=pid, score=score, text=text, document=document or f"doc-{pid}.txt", title=None,
               body=body, date=date, doc_type="referat", page=None, heading=None, speaker=None)


CANDIDATES = [
    _hit("earlier", 0.95, "2018-03-07", "Dialogforum"),
    _hit("same-doc", 0.99, "2018-06-11", "Dialogforum", document="minutes/x.txt"),
    _hit("other-body", 0.93, "2018-09-01", "Socialudvalget"),
    _hit("same-body", 0.87, "2018-08-27", "Dialogforum"),
    _hit("weak", 0.70, "2018-11-19", "Dialogforum"),
    _hit("undated", 0.96, None, "Dialogforum"),
    # below the same body's floor (SAME_BODY_FLOOR), so it needs the matter words it lacks
    _hit("other-matter", 0.88, "2018-07-02", "Dialogforum", text="Forvaltningen fremlagde budgettet for cykelstier."),
]


def test_later_paragraphs_on_the_promises_matter_are_linked_first_in_time():
    asked: list[tuple[str, int]] = []

    def similar(text: str, k: int) -> list[Hit]:
        asked.append((text, k))
        return CANDIDATES

    links = link_follow_up(_promise(), similar, threshold=0.85)
    assert [link.paragraph_id for link in links] == ["same-body", "other-body"]  # by date; one matter word is not enough
    assert links[0].same_body and not links[1].same_body
    assert asked == [("forvaltningen ser på huslejestigningerne", 200)]
    # by similarity alone: a lead; the same case at a later meeting: a fact
    assert describe(_promise(), links).endswith(" — possibly taken up again (a similar item) on 2018-08-27 "
                                                "(doc-same-body.txt, same-body)")
    assert describe(_promise(), [replace(links[0], rule="case")]).endswith(" — taken up again on 2018-08-27 "
                                                                          "(doc-same-body.txt, same-body)")
    rare_only = link_follow_up(_promise(), similar, threshold=0.85, matter_words={"huslejestigning"})
    assert rare_only == []  # the paragraphs share one of the promise's rare words, and two are needed
    assert [link.paragraph_id for link in link_follow_up(_promise(), similar, threshold=0.85, min_words=1,
                                                         matter_words={"huslejestigning"})] == ["same-body", "other-body"]


def test_the_same_body_comes_first_among_items_of_one_day():
    day = [_hit("other", 0.95, "2018-08-27", "Socialudvalget"), _hit("own", 0.88, "2018-08-27", "Dialogforum")]
    assert [link.paragraph_id for link in link_follow_up(_promise(), lambda text, k: day)] == ["own", "other"]


def test_the_bodies_a_case_goes_to_take_nothing_up():
    # "Plan- og Tryghedsudvalget, Økonomiudvalget og Byrådet." under "Sagsprocedure": the route of any case, no matter
    routing = replace(CANDIDATES[3], heading="Sagsprocedure")
    assert link_follow_up(_promise(), lambda text, k: [routing], threshold=0.85) == []
    assert [link.paragraph_id for link in link_follow_up(_promise(), lambda text, k: [CANDIDATES[3]],
                                                         threshold=0.85)] == ["same-body"]


def test_nothing_found_since_when_no_candidate_is_later_and_similar():
    links = link_follow_up(_promise(), lambda text, k: CANDIDATES[:2] + CANDIDATES[4:5], threshold=0.85)
    assert links == []
    assert describe(_promise(), links) == "promised on 2018-06-11 by forvaltningen — nothing found since"


def test_a_request_of_the_committee_is_promised_by_its_body_on_every_line():
    asked = replace(_promise(body="Økonomiudvalget"), who=None, requested_by="Udvalget",
                    text="Udvalget ønsker status på dette inden budgetforhandlingerne.")
    assert asked.promiser() == "Økonomiudvalget"
    assert describe(asked, []) == "promised on 2018-06-11 by Økonomiudvalget — nothing found since"
    assert replace(asked, requested_by=None).promiser() is None
    # the council in its own minutes, as the archive files it, on every line alike
    council = replace(asked, body="Byråd 2022-2025", requested_by="Byrådet")
    assert council.promiser() == "Byråd 2022-2025"
    assert replace(council, body="Økonomiudvalget").promiser() == "Byrådet"  # the council named elsewhere


def test_undated_promise_has_no_later_paragraphs():
    assert link_follow_up(_promise(date=None), lambda text, k: CANDIDATES, threshold=0.0) == []


def test_a_later_reading_of_the_same_bill_comes_first_below_the_floor():
    promise = FollowUp(id="f2", document="folketinget/a.txt", body="Folketinget", meeting_date="2015-07-03",
                       item_number="4", item_title="1. behandling af L 5: Om genindførelse af BoligJobordningen.",
                       text="Og SF vil komme med forslag til at finansiere den her ordning.", who="Lisbeth Bech Poulsen",
                       what="Og SF vil komme med forslag til at finansiere den her ordning", deadline=None,
                       paragraph_id="a-00001")

    def hit(pid: str, score: float, date: str, body: str, item_title: str) -> Hit:
        return replace(_hit(pid, score, date, body), item_title=item_title)

    third_reading = "3. behandling af L 5: Om genindførelse af boligjobordningen."
    candidates = [
        replace(hit("other-matter", 0.91, "2015-08-26", "Folketinget", "3. behandling af L 2: Om indførelse af en "
                    "integrationsydelse."), text="Forslag til at finansiere ordningen."),
        hit("same-bill", 0.86, "2015-08-26", "Folketinget", third_reading),
        hit("same-bill-earlier", 0.95, "2015-07-02", "Folketinget", third_reading),
        hit("same-bill-weak", 0.70, "2015-08-26", "Folketinget", third_reading),
    ]
    asked: list[tuple[str, int]] = []

    def similar(text: str, k: int) -> list[Hit]:
        asked.append((text, k))
        return candidates

    links = link_follow_up(promise, similar)
    assert [(link.paragraph_id, link.same_matter) for link in links] == [("same-bill", True), ("other-matter", False)]
    # the later reading is looked for by what was promised alone (its paragraphs are embedded with the
    # bill's title, so a query with the title finds all of them), the rest by the item's title too
    # (what was promised is the whole sentence: searched as written, with its full stop)
    assert asked == [(promise.text, 30), (f"{promise.item_title}\n{promise.text}", 200)]
    # without the same-matter rule the later reading counts by its words like any other paragraph
    # (from a floor its cosine reaches)
    assert [(link.paragraph_id, link.same_matter) for link in link_follow_up(
        promise, lambda text, k: candidates, matter_threshold=None, threshold=0.86)] == \
        [("other-matter", False), ("same-bill", False)]


def test_the_promising_bodys_most_similar_later_item_takes_it_up_without_rare_words():
    # most requests come back to the body that made them under a new title: its own most similar
    # later item counts from SAME_BODY_FLOOR alone; another body's item needs the matter words too
    own = replace(_hit("own", SAME_BODY_FLOOR, "2018-09-03", "Dialogforum", text="Status på bostederne."),
                  item_number="4", item_title="Bostederne")
    other = replace(own, id="other", document="doc-other.txt", body="Socialudvalget", score=0.97)
    links = link_follow_up(_promise(), lambda text, k: [own, other], matter_words={"huslejestigning"})
    assert [link.paragraph_id for link in links] == ["own"]
    weaker = replace(own, score=SAME_BODY_FLOOR - 0.02)
    assert link_follow_up(_promise(), lambda text, k: [weaker], matter_words={"huslejestigning"}) == []


def test_of_the_promising_bodys_items_near_the_most_similar_the_first_in_time_comes_first():
    best = replace(_hit("full-case", 0.93, "2018-10-01", "Dialogforum", text="Sagen om bostederne."),
                   item_number="5", item_title="Bosteder")
    near = replace(best, id="orientation", document="doc-orientation.txt", date="2018-09-03", score=0.93 - NEAR_BEST / 2,
                   item_title="Huskeliste og orientering fra administrationen")
    far = replace(best, id="early", document="doc-early.txt", date="2018-08-01", score=0.93 - 3 * NEAR_BEST)
    links = link_follow_up(_promise(), lambda text, k: [best, near, far], matter_words=set())
    assert [link.paragraph_id for link in links][:1] == ["orientation"]


def test_a_later_paragraph_telling_the_promise_again_with_its_meetings_day_takes_it_up_below_every_floor():
    # Greve, Sundheds- og Omsorgsudvalget: "Udvalget ønsker en sag om ældreboliger …" (13 March 2023) came back on
    # 24 April under a title of its own, its text citing the request and its day
    told = replace(_hit("told", 0.80, "2018-09-03", "Socialudvalget", text="Dialogforum bad den 11. juni 2018 om, at "
                        "forvaltningen ser på huslejestigningerne, og forvaltningen fremlægger her sin gennemgang."),
                   item_number="4", item_title="Gennemgang af boliger")
    later = replace(_hit("similar", 0.95, "2018-10-01", "Dialogforum"), item_number="2", item_title="Huslejen")
    links = link_follow_up(_promise(), lambda text, k: [later, told])
    assert [link.paragraph_id for link in links][:1] == ["told"]
    # the day of another year is not the promise's meeting
    other_year = replace(told, text=told.text.replace("2018", "2017"))
    assert "told" not in [link.paragraph_id for link in link_follow_up(_promise(), lambda text, k: [later, other_year])]


def test_a_matter_put_off_is_taken_up_where_a_later_item_tells_its_title_and_day_again():
    # Greve, Klima-, Teknik- og Miljøudvalget 2 June 2022, item 31, back on 18 August 2022, item 3, under another number
    put_off = replace(_promise(date="2022-06-02"), item_title="Beslutning om inddragelse i kommende politikproces",
                      text="Sagen blev udsat til næste udvalgsmøde.", what="Sagen blev udsat til næste udvalgsmøde")
    told = replace(_hit("told", 0.80, "2022-08-18", "Dialogforum", text="På udvalgets møde den 2. juni 2022 blev sag om "
                        "'Beslutning af inddragelse i kommende politikproces' udskudt."),
                   item_number="3", item_title="Drøftelse af inddragelse")
    assert [link.paragraph_id for link in link_follow_up(put_off, lambda text, k: [told])] == ["told"]
    # a promise of something else in that item is not told again by the item's title
    other = replace(put_off, text="Udvalget ønsker en orientering om borgerpaneler.", what="en orientering om borgerpaneler")
    assert link_follow_up(other, lambda text, k: [told]) == []


def test_the_chairs_round_and_the_agenda_approval_never_take_a_promise_up():
    for title in ("Orientering fra formanden/gensidig orientering", "Godkendelse af dagsorden", "Underskriftsark"):
        hit = replace(_hit("round", 0.97, "2018-09-03", "Dialogforum"), item_number="9", item_title=title)
        assert link_follow_up(_promise(), lambda text, k: [hit]) == [], title


# --- taken up again: a case number over several matters, the same round, rare words --------------

def _case_promise(**values) -> FollowUp:
    base = {"id": "fu-c", "document": "sou/2022-11-14.json", "body": "Sundhedsudvalget", "meeting_date": "2022-11-14",
            "item_number": "9", "item_title": "Opfølgning på tiltag til energibesparelser",
            "text": "Der fremlægges en separat sag om vejbelysning for Teknikudvalget.", "who": None,
            "what": "Der fremlægges en separat sag om vejbelysning for Teknikudvalget", "deadline": None,
            "paragraph_id": "p-9", "case_number": "22-011409"}
    return FollowUp(**{**base, **values})


def _case_item(body: str, day: str, number: str, title: str, text: str = "", position: int = 0) -> Hit:
    document = f"{body[:3].lower()}/{day}.json"
    return Hit(id=f"{document}-{number}", score=0.0, text=text or title, document=document, title=None, body=body,
               date=day, doc_type="referat", page=None, heading=None, speaker=None, position=position,
               item_number=number, item_title=title, case_number="22-011409")


def test_a_later_item_of_another_matter_under_the_same_case_number_does_not_take_it_up():
    # the case number is an umbrella: the swimming pool's energy measures are not the promised case
    pool = _case_item("Byrådet", "2022-12-12", "17", "Videreførsel af energitiltag i Greve Svømmehal")
    lighting = _case_item("Teknikudvalget", "2023-02-09", "13", "Reduktion af energi til vejbelysning")
    assert link_by_case(_case_promise(), [pool]) is None
    assert link_by_case(_case_promise(), [pool, lighting]).paragraph_id == lighting.id  # a rare word of the promise
    follow_up = _case_item("Sundhedsudvalget", "2023-05-22", "4", "Opfølgning på energibesparelser - status")
    assert link_by_case(_case_promise(), [pool, follow_up]).paragraph_id == follow_up.id  # title words in common
    # with other rare matter words given, a title naming what was promised (a case on vejbelysning) still counts
    assert link_by_case(_case_promise(), [pool, lighting], matter_words={"busrut"}).paragraph_id == lighting.id
    assert link_by_case(_case_promise(), [pool], matter_words={"busrut"}) is None


def test_a_later_item_of_the_case_that_tells_the_promise_again_with_its_meetings_day_takes_it_up():
    # Greve, Byrådet 6 March 2023, item 29, and Klima-, Teknik- og Miljøudvalget 25 May 2023, item 14: the
    # umbrella case's later item shares no title word and no rare word, but restates the promise and its day
    fu = _case_promise(body="Byrådet", meeting_date="2023-03-06", item_title="Videreførsel af energitiltag på Greve "
                       "Svømmehal", text="Endelig besluttede byrådet, at administrationen i god tid inden næste "
                       "vintersæson skal fremlægge en sag om alle energisparetiltag.",
                       what="en sag om alle energisparetiltag")
    told = ("Byrådet besluttede den 6. marts 2023 (pkt. 29), at administrationen i god tid inden næste varmesæson "
            "skulle fremlægge en sag om kommende energitiltag.")
    later = _case_item("Teknikudvalget", "2023-05-25", "14", "Opfølgning på energibesparelser - efterår 2023")
    texts = {(later.document, "14"): f"Resume\n{told}"}
    assert link_by_case(fu, [later], matter_words={"energisparetiltag"}) is None
    assert link_by_case(fu, [later], matter_words={"energisparetiltag"}, item_texts=texts).paragraph_id == later.id
    # the meeting's day named for another of its matters, or another year's 6 March, does not tell it
    for other in ("Udvalget behandlede den 6. marts 2023 tre scenarier for modtagelse af flygtninge i dagtilbud.",
                  told.replace("6. marts 2023", "6. marts 2022")):
        assert link_by_case(fu, [later], matter_words={"energisparetiltag"},
                            item_texts={(later.document, "14"): other}) is None


def test_the_same_rounds_item_forwarded_beside_a_later_one_is_not_the_take_up():
    title = "Budget 2023-26 - Finansieringsbehov, muligheder og forberedelse til forhandling"
    fu = _case_promise(body="Socialudvalget", item_title=title, meeting_date="2022-08-15",
                       text="Udvalget ønsker en drøftelse af procentsatsen.", what="en drøftelse af procentsatsen")
    forwarded = _case_item("Økonomiudvalget", "2022-08-29", "8", title, position=80)
    reading = _case_item("Økonomiudvalget", "2022-08-29", "3", "Budget 2023-26 - 1. behandling", position=30)
    assert link_by_case(fu, [forwarded, reading]).paragraph_id == reading.id


def test_of_the_case_items_at_one_meeting_the_one_nearest_the_promises_title_takes_it_up():
    fu = _case_promise(item_title="Udsættelse af udbud af idrætsfaciliteter ved Karlslunde Idrætscenter",
                       text="Administrationen vender tilbage med en plan for genudbud.",
                       what="Administrationen vender tilbage med en plan for genudbud")
    agreement = _case_item("Skoleudvalget", "2023-04-25", "4", "Samarbejdsaftale med Karlslunde Idrætsforening",
                           position=10)
    tender = _case_item("Skoleudvalget", "2023-04-25", "5", "Fremrykning af udbygning af idrætsfaciliteter ved "
                        "Karlslunde Idrætscenter", position=20)
    assert link_by_case(fu, [agreement, tender]).paragraph_id == tender.id


def test_of_the_case_items_at_one_meeting_the_one_titled_by_what_was_promised_comes_before_the_promises_title_again():
    # "… fremlægges en sag med forslag til håndtering på kort sigt", said under "Prognose …": the next month's
    # "Forslag til håndtering …", not that month's "Prognose …" again
    fu = _case_promise(item_title="Prognose for dagtilbudsområdet 2022",
                       text="at der på et kommende møde fremlægges en sag med forslag til håndtering på kort sigt",
                       what="at der på et kommende møde fremlægges en sag med forslag til håndtering på kort sigt")
    again = _case_item("Sundhedsudvalget", "2022-12-12", "3", "Prognose for dagtilbudsområdet 2022", position=10)
    proposal = _case_item("Sundhedsudvalget", "2022-12-12", "4", "Forslag til håndtering af kapacitetsudfordring",
                          position=20)
    assert link_by_case(fu, [again, proposal]).paragraph_id == proposal.id


def test_an_item_titled_by_its_matter_on_the_day_a_promise_names_takes_it_up_under_another_case_number():
    # "Tune Skole, … som forventes fremlagt i Byrådet den 19. juni 2023", said under the schools' ten-year plan: the
    # council's "Renovering af Tune Skole" that day, before the plan's own next item in August
    text = "Tune Skole, der er ved at blive udarbejdet revideret foranalyse på, som forventes fremlagt i Byrådet den 19. juni 2023."
    fu = _case_promise(item_title="Opdatering af ti-årsplan for bygningsoptimering af skoler", meeting_date="2023-04-25",
                       text=text, what=text, deadline="den 19. juni 2023")
    tune = replace(_hit("tune", SIMILAR_FLOOR - 0.05, "2023-06-19", "Byrådet", text="Renovering af Tune Skole."),
                   item_number="12", item_title="Renovering af Tune Skole", case_number="23-000001")
    other = replace(tune, id="other", document="doc-other.txt", item_title="Renovering af Strandskolen")
    plan = _case_item("Sundhedsudvalget", "2023-08-14", "5", "Opdatering af ti-årsplan for bygningsoptimering af skoler")
    assert [link.paragraph_id for link in take_ups(fu, [plan], lambda text, k: [tune], matter_words=set())][:1] == ["tune"]
    assert "other" not in [link.paragraph_id for link in take_ups(fu, [plan], lambda text, k: [other], matter_words=set())]


def test_a_similar_item_half_a_year_before_the_time_a_promise_names_is_not_its_take_up():
    # "… at der i foråret 2024 fremlægges en sag med status på implementeringen", said in January 2023
    fu = replace(_promise(date="2023-01-10"), deadline="i foråret 2024")
    early = replace(_hit("early", 0.95, "2023-03-14", "Dialogforum", text="Sagen om bostederne."),
                    item_number="2", item_title="Bosteder")
    assert take_ups(fu, [], lambda text, k: [early], matter_words=set()) == []
    in_time = replace(early, id="in-time", document="doc-in-time.txt", date="2024-03-11")
    assert [link.paragraph_id for link in take_ups(fu, [], lambda text, k: [in_time], matter_words=set())] == ["in-time"]


def test_a_promise_naming_a_meetings_day_is_taken_up_at_that_meeting_first():
    # "Udsættes til ekstraordinært møde i Sundhedsudvalget den 21. november 2022": the case's item there,
    # not another body's item under the same number two days before; a standing item too
    fu = _case_promise(deadline="den 21. november 2022", item_title="Orientering fra formanden/gensidig orientering",
                       text="Udsættes til ekstraordinært møde i Sundhedsudvalget den 21. november 2022.",
                       what="Udsættes til ekstraordinært møde i Sundhedsudvalget den 21. november 2022")
    other_body = _case_item("Teknikudvalget", "2022-11-19", "14", "Orientering om vejbelysning")
    that_day = _case_item("Sundhedsudvalget", "2022-11-21", "5", "Orientering fra formanden/gensidig orientering")
    assert link_by_case(fu, [other_body, that_day]).paragraph_id == that_day.id
    assert link_by_case(fu, [other_body]) is None  # a standing item: no other item under its number counts
    in_a_month = replace(fu, deadline="i november 2022")  # a month, not a day: the rules as before
    assert link_by_case(in_a_month, [other_body, that_day]) is None


def test_a_day_named_without_a_body_is_met_by_the_cases_first_item_that_day_at_any_body():
    # said in a committee that did not meet that day: "… på ekstraordinært møde den 12. december 2022"
    fu = _case_promise(deadline="den 12. december 2022", item_title="Opfølgning på tiltag til energibesparelser",
                       text="Der fremlægges en separat sag på ekstraordinært møde den 12. december 2022.",
                       what="Der fremlægges en separat sag på ekstraordinært møde den 12. december 2022")
    title = "Videreførsel af energitiltag i Greve Svømmehal"
    council = _case_item("Byrådet", "2022-12-12", "17", title)
    committee = _case_item("Teknikudvalget", "2022-12-12", "2", title)
    later = _case_item("Teknikudvalget", "2023-05-25", "14", "Opfølgning på energibesparelser - efterår 2023")
    assert link_by_case(fu, [council, committee, later]).paragraph_id == committee.id  # the round's first


def test_each_case_item_of_the_promises_meeting_is_forwarded_in_the_same_cycle():
    # the committee treated accounts, budget and a grant under one number; each goes on to the
    # Økonomiudvalg (one with "på" for "til", one with other spacing) and that is not a take-up
    fu = _case_promise(body="Kulturudvalget", document="kul/2023-02-08.json", meeting_date="2023-02-08",
                       item_number="7", item_title="Strandparken IS - engangsbevilling til budget 2023",
                       case_number="22-009769", text="Der udarbejdes en særskilt sag om trappemodellen.",
                       what="Der udarbejdes en særskilt sag om trappemodellen")
    own_meeting = [_case_item("Kulturudvalget", "2023-02-08", "5", "Strandparken I/S - regnskab for 2021")]
    forwarded = [_case_item("Økonomiudvalget", "2023-02-27", "17", "Strandparken I/S - regnskab for 2021"),
                 _case_item("Økonomiudvalget", "2023-02-27", "19", "Strandparken IS - engangsbevilling på budget 2023"),
                 _case_item("Byrådet", "2023-03-06", "25", "Strandparken I/S-regnskab for 2021")]
    assert link_by_case(fu, own_meeting + forwarded) is None


def test_the_promises_own_item_at_another_body_in_the_same_round_is_not_a_take_up():
    fu = replace(_promise(body="Planudvalget"), item_title="Dialogmøde om politikudvikling")
    round_ = replace(_hit("round", 0.97, "2018-06-12", "Kulturudvalget"), item_number="3",
                     item_title="Dialogmøde om politikudvikling")
    assert link_follow_up(fu, lambda text, k: [round_]) == []
    months = replace(round_, id="later", document="doc-later.txt", date="2018-10-01")  # a later round
    assert [link.paragraph_id for link in link_follow_up(fu, lambda text, k: [round_, months])] == ["later"]


def test_the_promising_bodys_item_without_a_shared_word_needs_the_floor_each_word_lowers_it():
    # a huskeliste of another matter reaches 0.90-0.92 with none of the promise's words
    plain = replace(_hit("plain", SAME_BODY_FLOOR - 0.01, "2018-09-03", "Dialogforum", text="Status på bostederne."),
                    item_number="4", item_title="Huskeliste og orientering fra administrationen")
    assert link_follow_up(_promise(), lambda text, k: [plain], matter_words={"huslejestigning"}) == []
    one_word = replace(plain, text="Status på huslejestigningerne.", score=SAME_BODY_FLOOR - WORD_BONUS)
    assert [link.paragraph_id for link in link_follow_up(_promise(), lambda text, k: [one_word],
                                                         matter_words={"huslejestigning"})] == ["plain"]


def test_another_bodys_item_needs_two_rare_words_from_the_similar_floor():
    two_words = replace(_hit("other", SIMILAR_FLOOR, "2018-09-03", "Socialudvalget"), item_number="2",
                        item_title="Bosteder")
    words = {"huslejestigning", "forvaltning"}
    assert [link.paragraph_id for link in link_follow_up(_promise(), lambda text, k: [two_words],
                                                         matter_words=words)] == ["other"]
    below = replace(two_words, score=SIMILAR_FLOOR - 0.01)
    assert link_follow_up(_promise(), lambda text, k: [below], matter_words=words) == []


def test_of_the_case_items_of_one_day_the_promising_bodys_comes_first():
    # the committee's second draft and the other committee's hearing of it on the same day
    fu = _case_promise(body="Sundhedsudvalget", item_title="1. udkast til Sundhedspolitik 2023-2026",
                       text="Administrationen præsenterer Sundhedsudvalget for 2. udkast.",
                       what="Administrationen præsenterer Sundhedsudvalget for 2. udkast", meeting_date="2023-01-09")
    title = "Sundhedspolitik 2023-2026, 2. udkast til udsendelse i høring"
    other = _case_item("Socialudvalget", "2023-02-06", "4", title)
    own = _case_item("Sundhedsudvalget", "2023-02-06", "2", title)
    assert other.document < own.document
    assert link_by_case(fu, [other, own]).paragraph_id == own.id


def _split_hit(score: float, title: str, day: str = "2022-11-17", number: str = "13",
               document: str = "tek/2022-11-17.json") -> Hit:
    return replace(_case_item("Teknikudvalget", day, number, title), id=f"{document}-{number}", document=document,
                   score=score, case_number="22-013939")


def test_a_matter_split_off_the_case_beside_its_later_item_takes_it_up_first():
    # the promised case on street lighting comes under a number of its own, next to the forwarded
    # energy case on the same agenda, before the case's own next item
    forwarded = _case_item("Teknikudvalget", "2022-11-17", "12", "Opfølgning på tiltag til energibesparelser")
    next_round = _case_item("Teknikudvalget", "2023-05-25", "14", "Opfølgning på energibesparelser - efterår 2023")
    lighting = _split_hit(SPLIT_FLOOR + 0.01, "Reduktion af energi til vejbelysning")
    # (the matter words: "separat" of what was promised, "energibespar" of its item's title)
    words = {"separat", "energibespar"}
    links = take_ups(_case_promise(), [forwarded, next_round], lambda text, k: [lighting], matter_words=words)
    assert [(link.paragraph_id, link.rule) for link in links] == [(lighting.id, "split"), (next_round.id, "case")]
    assert links[0].lead and not links[1].lead  # beside the case's item by similarity: a lead to check
    # below the floor, without a word of what was promised in its title, or not beside a case item: not split off
    for other in (replace(lighting, score=SPLIT_FLOOR - 0.01),
                  replace(lighting, item_title="Proces for velfærdsaftaler"),
                  replace(lighting, item_number="15")):
        links = take_ups(_case_promise(), [forwarded, next_round], lambda text, k, other=other: [other],
                         matter_words=words)
        assert [link.paragraph_id for link in links][:1] == [next_round.id]


def test_a_word_of_the_body_the_promise_names_does_not_make_an_item_beside_the_case_split_off():
    # "… på Klima-, Teknik- og Miljø-udvalgets møde" shares "miljø" with "havmiljøet", not its matter
    forwarded = _case_item("Klima-, Teknik- og Miljøudvalget", "2022-11-17", "12", "Tryghed i Greve Nord")
    fu = _case_promise(text="Der fremlægges en separat sag om tunneller på Klima-, Teknik- og Miljø-udvalgets møde.",
                       what="Der fremlægges en separat sag om tunneller på Klima-, Teknik- og Miljø-udvalgets møde")
    sea = replace(_split_hit(SPLIT_FLOOR + 0.01, "Bedre beskyttelse af havmiljøet i Køge Bugt"),
                  body="Klima-, Teknik- og Miljøudvalget", document=forwarded.document)
    assert "split" not in [link.rule for link in take_ups(fu, [forwarded], lambda text, k: [sea], matter_words={"separat"})]
    tunnels = replace(sea, item_title="Tryghed i tunneller i Greve Nord")  # a word of its matter: split off
    assert "split" in [link.rule for link in take_ups(fu, [forwarded], lambda text, k: [tunnels], matter_words={"separat"})]


def test_an_item_of_the_promises_own_meeting_forwarded_with_it_is_not_split_off():
    # the committee's block of items goes on together: the item beside the forwarded one was on the
    # promise's own agenda too
    forwarded = _case_item("Teknikudvalget", "2022-11-17", "12", "Opfølgning på tiltag til energibesparelser")
    lighting = _split_hit(SPLIT_FLOOR + 0.01, "Reduktion af energi til vejbelysning")
    on_own_agenda = replace(lighting, id="own-agenda", document=_case_promise().document, date="2022-11-14",
                            item_number="10")
    links = take_ups(_case_promise(), [forwarded], lambda text, k: [lighting, on_own_agenda],
                     matter_words={"separat"})
    assert "split" not in [link.rule for link in links]


def test_a_body_the_promise_names_counts_as_the_promising_bodys_own():
    fu = replace(_promise(), text="Afrapporteringen forelægges for Planudvalget i oktober eller november.",
                 what="Afrapporteringen forelægges for Planudvalget i oktober eller november")
    named = replace(_hit("named", SAME_BODY_FLOOR, "2018-10-02", "Planudvalget", text="Afrapportering."),
                    item_number="3", item_title="Tryghedsvandring")
    assert [link.paragraph_id for link in link_follow_up(fu, lambda text, k: [named], matter_words=set())] == ["named"]
    unnamed = replace(named, id="unnamed", body="Socialudvalget")
    assert link_follow_up(fu, lambda text, k: [unnamed], matter_words=set()) == []


def test_the_named_body_before_the_case_item_at_another_body_comes_first():
    fu = _case_promise(body="Økonomiudvalget", item_title="Tryghed - halvårsstatus",
                       text="Det fremgår af afrapporteringen, der forelægges for Planudvalget i oktober.",
                       what="Det fremgår af afrapporteringen, der forelægges for Planudvalget i oktober",
                       meeting_date="2022-06-13")
    status = _case_item("Beskæftigelsesudvalget", "2022-11-14", "6", "Tryghed - helårsstatus")
    report = replace(_hit("report", 0.95, "2022-10-11", "Planudvalget", text="Afrapportering fra tryghedsvandringen."),
                     item_number="3", item_title="Tryghedsvandring", case_number="22-006222")
    links = take_ups(fu, [status], lambda text, k: [report], matter_words=set())
    assert [link.paragraph_id for link in links] == ["report", status.id]


def test_for_the_finance_committee_any_bodys_most_similar_item_counts_as_its_own():
    committee = replace(_hit("committee", SAME_BODY_FLOOR, "2018-09-03", "Skoleudvalget", text="Status."),
                        item_number="3", item_title="Implementering af loven")
    assert [link.paragraph_id for link in link_follow_up(_promise(body="Økonomiudvalget"), lambda text, k: [committee],
                                                         matter_words=set())] == ["committee"]
    assert link_follow_up(_promise(body="Dialogforum"), lambda text, k: [committee], matter_words=set()) == []


def test_a_linked_item_is_taken_where_its_round_began():
    # the council's item is the end of a round that began at a committee (same title, same case number)
    council = replace(_hit("council", 0.95, "2018-09-24", "Dialogforum", text="Tilbagemelding."), item_number="20",
                      item_title="Første tilbagemelding til borgersamlingen", case_number="22-005894")
    committee = replace(council, id="committee", document="doc-committee.txt", date="2018-09-03",
                        body="Planudvalget", score=0.85, item_number="9")
    links = link_follow_up(_promise(), lambda text, k: [council, committee], matter_words=set())
    assert [link.paragraph_id for link in links][:1] == ["committee"]
    # one title under another case number is a parallel item (every committee's own dialogue meeting)
    parallel = replace(committee, case_number="22-009176")
    links = link_follow_up(_promise(), lambda text, k: [council, parallel], matter_words=set())
    assert [link.paragraph_id for link in links][:1] == ["council"]


# Promises an outside organisation makes, read as promises but not the municipality's follow-up
OUTSIDE_PROMISES = [
    "Derfor vil KL også evaluere processen.",
    "Derfor vil KL tage initiativ til, at der udvikles nationale kliniske retningslinjer.",
    "KL vil derfor sætte sig i spidsen for at udvikle en kommunal telemedicinsk strategi.",
    "KKR Hovedstaden vil vende tilbage med en plan i marts.",
    "Derfor vil KKR også evaluere processen.",
    "Regionen vil fremlægge en plan for sundhedshuset i 2024.",
    "Region Hovedstaden vil vende tilbage med en plan i marts.",
]


@pytest.mark.parametrize("sentence", OUTSIDE_PROMISES, ids=[s[:40] for s in OUTSIDE_PROMISES])
def test_a_promise_by_an_outside_organisation_is_not_the_municipalitys_follow_up(sentence):
    assert is_promise(sentence)
    assert extract_followups(_record("2012-06-11"), [_paragraph(sentence)]) == []


# (doc_type, attachment_to, body, where the body was read) → whether its promises are the meeting's
DOCUMENT_KINDS = [
    ("referat", None, "Sundheds- og Forebyggelsesudvalget", "header", True),
    ("dagsordenspunkt", None, "Sundheds- og Forebyggelsesudvalget", "text", True),
    ("forhandlinger", None, "Folketinget", "catalog", True),
    ("notat", "pdfs/referat.pdf", "Social, Sundhed og Beskæftigelse", "title page", True),  # the administration's bilag
    ("bilag", None, "Center for Ejendomme", "catalog", True),
    (None, "pdfs/referat.pdf", None, None, False),  # an attachment whose writer is not known: not read
    ("bilag", "pdfs/referat.pdf", "KL", "title page", False),  # KL's letter sent with an item
    ("brev", None, "KL", "catalog", False),
    ("rapport", None, "Center for Sundhed", "catalog", False),  # a report is no meeting's promise, whoever wrote it
    (None, None, "KKR Hovedstaden", "header", False),  # KKR's invitation, no catalog row
    (None, None, "Dialogforum", None, True),  # minutes of no known kind
]


@pytest.mark.parametrize(("doc_type", "attachment_to", "body", "source", "read"), DOCUMENT_KINDS,
                         ids=[f"{c[0]}-{c[2]}" for c in DOCUMENT_KINDS])
def test_promises_are_read_from_the_meetings_own_record_by_its_kind_first(doc_type, attachment_to, body, source, read):
    record = Record(path="pdfs/x.pdf", content_hash="cd" * 32, body=body, meeting_date="2012-12-04",
                    doc_type=doc_type, attachment_to=attachment_to, sources={"body": source} if source else {})
    promise = "Skitseprojekt vil blive forelagt i fagudvalgene i februar måned."
    assert bool(extract_followups(record, [_paragraph(promise)])) == read


def test_the_shared_pdfs_without_a_catalog_give_no_follow_up_of_kl_or_kkr():
    from tests.paths import SAMPLE_ARCHIVE
    folder = SAMPLE_ARCHIVE / "pdfs"  # read as its own archive: no catalog row says what a file is
    for name in ("ballerup_kmb_it_udvalg_bilag_kl_monopolbrud_2013.pdf", "kkr_hovedstaden_invitation_dialogmoede.pdf",
                 "kl_det_naere_sundhedsvaesen_rapport_2012.pdf"):
        assert extract_followups(*ingest_file(folder / name, folder)) == [], name
    referat = ingest_file(folder / "ballerup_sfu_referat_2012-12-04.pdf", folder)
    assert len(extract_followups(*referat)) == 4


def test_a_promise_naming_the_recurring_matter_it_comes_with_is_taken_up_at_the_bodys_next_item_of_it():
    fu = replace(_promise(body="Sundheds- og Omsorgsudvalget", date="2023-03-13"),
                 text="Der vil blive aflagt status på handleplanerne i forbindelse med Budgetopfølgning 2 for 2023.",
                 deadline="i forbindelse med Budgetopfølgning 2")

    def item(pid, date, body, title):
        return replace(_hit(pid, 0.0, date, body, text=title), item_number="12", item_title=title)

    later = [item("other-body", "2023-09-25", "Økonomiudvalget", "Budgetopfølgning 2 (2023) Økonomiudvalget"),
             item("not-it", "2023-05-08", "Sundheds- og Omsorgsudvalget", "Budgetopfølgning 20 år efter"),
             item("bo2", "2023-10-09", "Sundheds- og Omsorgsudvalget", "Budgetopfølgning 2 (2023) Sundheds- og "
                  "Omsorgsudvalget"),
             item("bo2-again", "2024-10-07", "Sundheds- og Omsorgsudvalget", "Budgetopfølgning 2 (2024)")]
    [link] = take_ups(fu, [], lambda text, k: [], matter_words=set(), occasion_items=later)
    assert (link.paragraph_id, link.rule, link.lead) == ("bo2", "occasion", True)
    # a similar item found otherwise goes first; an occasion without a number names no item's title
    found = _hit("found", 0.97, "2023-06-12", "Sundheds- og Omsorgsudvalget")
    assert take_ups(fu, [], lambda text, k: [found], matter_words=set(), occasion_items=later)[0].paragraph_id == "found"
    assert take_ups(replace(fu, deadline="i forbindelse med byggesagen"), [], lambda text, k: [], matter_words=set(),
                    occasion_items=later) == []


def test_a_case_number_a_body_files_many_matters_under_says_nothing_of_which_came_back():
    # Sundheds- og Omsorgsudvalget's 23-001975: "Resultaterne vil blive præsenteret på Strandcentret plejecenter" was
    # "taken up again" by the next item under the number, a presentation of another care home
    titles = ["Oplæg om Træningsenheden", "Status på kvalitetsprogrammet I Sikre Hænder",
              "Oplæg om Nældebjerg plejecenter", "Drøftelse af visitationskriterier for ældreboliger",
              "Planlægning af dialogmøde med frivillige foreninger", "Værdighedspolitik 2023-2026"]
    umbrella = [_case_item("Sundhedsudvalget", f"2023-0{3 + i // 2}-1{i}", str(i + 2), title)
                for i, title in enumerate(titles)]
    fu = _case_promise(meeting_date="2023-03-10", item_title=titles[1], item_number="3",
                       text="Resultaterne vil blive præsenteret på Strandcentret plejecenter i Hundige.",
                       what="Resultaterne vil blive præsenteret på Strandcentret plejecenter i Hundige")
    assert umbrella_case(umbrella)
    assert take_ups(fu, umbrella, lambda text, k: [], matter_words=set()) == []
    # a round's items share their title's words: a case, not an umbrella
    rounds = [_case_item(body, "2023-10-09", "4", f"Budgetopfølgning 2 (2023) {body}")
              for body in ("Sundhedsudvalget", "Skoleudvalget", "Teknikudvalget", "Kulturudvalget", "Socialudvalget")]
    assert not umbrella_case(rounds)


def test_a_promise_under_a_chapters_first_subheading_cites_the_chapter_not_the_one_before():
    # "5. Netværksgruppens arbejde i 2015" is joined to "5.1 Organisering" under it: the item is 5, not 3
    record, paragraphs = ingest_file(SAMPLE_MINUTES / "003_27f82d4ab2ec9f88.txt")
    found = extract_followups(record, paragraphs)
    assert found and {(f.item_number, f.item_title) for f in found} == {("5", "Netværksgruppens arbejde i 2015")}


def test_a_recommendations_two_points_are_two_promises_each_with_its_own_deadline():
    record, paragraphs = ingest_file(SAMPLE_MINUTES / "002_c6494850ffb86ef0.txt")
    deadlines = {f.deadline for f in extract_followups(record, paragraphs) if "Socialudvalget" in f.what}
    assert {"i starten af august 2015", "ultimo oktober 2015"} <= deadlines
