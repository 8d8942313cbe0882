"""Where a promise was taken up again, at the scale of years: its agenda item's case number at a
later meeting of any body first (not the same cycle's forwarding to ØU and the Byråd, not a standing
item's number), then similar paragraphs after it; each link names its meeting and agenda item. And
each decision and follow-up cites its own agenda item's case number.

The rules on `Hit`s directly, then a small built index of FirstAgenda meetings (hashing embedder,
no model: similarity finds nothing there, so what is found is found by case number)."""
from __future__ import annotations

import sqlite3
from dataclasses import asdict, replace

import pytest

from indexer import present
from indexer.build.run import build
from indexer.minutes.deadlines import named_day, names_next_meeting
from indexer.minutes.takeups import (content_words, link_by_case, matter_text, period_start, said, standing_case,
                                    standing_title, take_ups)
from indexer.records import FollowUp, FollowUpLink, Hit
from indexer.search.archive import Archive
from indexer.store import TrackedFollowUp

from .fakes import HashEmbedder
from .firstagenda import write_meeting

SU, OEU, BY, KU = "Socialudvalget", "Økonomiudvalget", "Byrådet", "Kulturudvalget"


def promise(**values) -> FollowUp:
    base = dict(id="fu-1", document="su/1.json", body=SU, meeting_date="2022-03-01", item_number="2",
                item_title="Ny skolestruktur", text="Udvalget ønsker en sag om busruter.", who=None,
                what="Udvalget ønsker en sag om busruter", deadline=None, paragraph_id="p-1",
                requested_by="Udvalget", case_number="22-000100")
    return FollowUp(**{**base, **values})


def item(body: str, day: str, number: str, title: str, case: str = "22-000100", position: int = 0) -> Hit:
    document = f"{body[:2].lower()}/{day}.json"
    return Hit(id=f"{document}-{number}", score=0.0, text=title, document=document, title=f"Referat {body} {day}",
               body=body, date=day, doc_type="referat", page=None, heading=None, speaker=None, position=position,
               item_number=number, item_title=title, case_number=case)


def nothing_similar(text: str, k: int) -> list[Hit]:
    return []


# -- the case number rule ----------------------------------------------------------------------
def test_the_same_case_number_at_a_later_meeting_of_another_body_takes_the_promise_up():
    later = item(KU, "2022-06-07", "4", "Busruter til skolerne")
    link = link_by_case(promise(), [item(SU, "2022-03-01", "2", "Ny skolestruktur"), later])
    assert link is not None and link.rule == "case" and link.paragraph_id == later.id
    assert (link.body, link.date, link.document, link.item_number, link.item_title, link.case_number) == \
        (KU, "2022-06-07", later.document, "4", "Busruter til skolerne", "22-000100")
    assert not link.same_body and link.title == later.title


def test_forwarding_to_the_economy_committee_and_the_council_in_the_same_cycle_is_not_taking_it_up():
    cycle = [item(OEU, "2022-03-14", "7", "Ny skolestruktur"), item(BY, "2022-03-28", "12", "Ny skolestruktur")]
    assert link_by_case(promise(), cycle) is None
    back = item(SU, "2022-09-06", "3", "Ny skolestruktur - status")
    assert link_by_case(promise(), cycle + [back]).paragraph_id == back.id


def test_the_same_title_at_another_body_after_the_cycle_has_ended_takes_it_up():
    late = item(OEU, "2022-03-01", "5", "Ny skolestruktur")  # promise day: never later than itself
    months = item(BY, "2022-08-29", "9", "Ny skolestruktur")
    assert link_by_case(promise(), [late, months]).paragraph_id == months.id
    assert link_by_case(promise(), [item(BY, "2022-03-01", "9", "Ny skolestruktur")]) is None


def test_a_round_of_committees_each_step_within_the_cycle_is_forwarding_to_its_end():
    fu = promise(body=OEU, item_title="Budgetopfølgning 3 2022", case_number="22-000028", meeting_date="2022-11-28")
    steps = [item(BY, "2022-12-12", "15", "Budgetopfølgning 3 2022", "22-000028"),
             item(SU, "2023-01-09", "6", "Budgetopfølgning 3 2022, Socialudvalget", "22-000028"),
             item(KU, "2023-01-16", "8", "Budgetopfølgning 3 2022, Kulturudvalget", "22-000028")]
    assert link_by_case(fu, steps) is None  # 16 Jan is 49 days after the promise, 7 after the step before


def test_another_committee_under_a_new_title_within_the_cycle_takes_it_up():
    fu = promise(body="Plan- og Tryghedsudvalget", item_title="Tryghed i Greve Nord - forslag til tryghedsundersøgelse")
    other = item(SU, "2022-03-30", "4", "Tryghed i Greve Nord - Tryghedskampagne")
    assert link_by_case(fu, [other]).paragraph_id == other.id


def test_the_promising_body_at_a_later_meeting_takes_it_up_whatever_the_title():
    again = item(SU, "2022-03-29", "6", "Ny skolestruktur")
    assert link_by_case(promise(), [again]).paragraph_id == again.id


def test_the_first_later_item_counts_and_items_of_one_meeting_in_their_order():
    first, second = item(SU, "2022-05-03", "2", "Busruter", position=10), item(SU, "2022-05-03", "3", "Busruter II", position=40)
    assert link_by_case(promise(), [item(SU, "2022-09-06", "1", "Senere"), second, first]).paragraph_id == first.id


@pytest.mark.parametrize("title", ["Godkendelse af dagsorden", "Huskeliste og orientering fra administrationen",
                                   "Orientering fra formanden/gensidig orientering", "Lukket: Orientering",
                                   "Underskriftsark", "Spørgetid"])
def test_a_standing_items_title_makes_its_case_number_say_nothing(title):
    assert standing_title(title)
    assert link_by_case(promise(item_title=title), [item(SU, "2022-04-05", "9", title)]) is None


def test_a_committees_own_calendar_at_every_meeting_is_standing_by_its_count_not_its_title():
    title = "Kultur- og Fritidsudvalgets mødekalender 2023"
    assert standing_title(title)  # it reads as a standing item
    monthly = [item(KU, f"2023-{m:02d}-01", "9", title, "21-014480") for m in range(2, 8)]
    fu = promise(body=KU, meeting_date="2023-02-01", item_title=title, case_number="21-014480",
                 text="Udvalget ønsker et ekstra møde i juni.", what="Udvalget ønsker et ekstra møde i juni")
    assert standing_case(monthly) and link_by_case(fu, monthly) is None


def test_the_years_meeting_calendar_sent_to_every_body_is_a_case_whose_promises_its_next_item_takes_up():
    # "Mødekalender for Byrådet og Økonomiudvalget i 2024" (Greve 23-005195): the council sends it back,
    # the Økonomiudvalg asks for "et oplæg til behandling i august 2023" and has it on 28 August, then
    # the council and each committee its own "Mødekalender 2024 for …": not a standing item, not "nothing since"
    title = "Mødekalender for Byrådet og Økonomiudvalget i 2024"
    fu = promise(body=OEU, document="øk/2023-06-12.json", meeting_date="2023-06-12", item_number="6", item_title=title,
                 case_number="23-005195",
                 deadline="i august 2023",
                 text="Økonomiudvalget sender sagen tilbage til administrationen, med ønske om et oplæg til "
                      "behandling i august 2023.",
                 what="Økonomiudvalget sender sagen tilbage til administrationen, med ønske om et oplæg til "
                      "behandling i august 2023")
    items = [item(BY, "2023-05-15", "16", title, "23-005195"), item(OEU, "2023-06-12", "6", title, "23-005195"),
             item(OEU, "2023-08-28", "9", title, "23-005195"), item(BY, "2023-09-04", "18", title, "23-005195"),
             item(SU, "2023-09-11", "2", "Mødekalender 2024 for Socialudvalget", "23-005195"),
             item(KU, "2023-09-13", "3", "Mødekalender 2024 for Kulturudvalget", "23-005195")]
    assert not standing_case(items)
    # another matter the search finds that day is a lead behind the case's own item, not before it
    other = Hit(**{**vars(item(OEU, "2023-08-28", "19", "2. Behandling af specialpædagogisk analyse", "23-005134")),
                   "score": 0.93, "text": "Oplæg til behandling af analysen."})
    back = items[2]
    texts = {(back.document, "9"): f"{title}\nAdministrationen fremlægger hermed et nyt oplæg til mødekalenderen."}
    links = take_ups(fu, items, lambda text, k: [other], matter_words={"oplæg"}, item_texts=texts)
    assert [(link.rule, link.date, link.item_number) for link in links][0] == ("case", "2023-08-28", "9")


@pytest.mark.parametrize("title", ["Orientering om årsregnskab 2022 og revisionsberetning", "Ny skolestruktur",
                                   "Tryghed i Greve Nord - Halvårs-status"])
def test_a_matters_title_is_not_a_standing_item(title):
    assert not standing_title(title)


def test_a_case_one_body_treats_at_six_meetings_or_more_is_a_standing_item():
    monthly = [item(SU, f"2022-{m:02d}-01", "9", "Løbende sager") for m in range(2, 8)]
    assert standing_case(monthly) and not standing_case(monthly[:5])
    assert not standing_case(monthly + [item(OEU, "2022-08-08", "3", "Løbende sager")])
    assert link_by_case(promise(item_title="Løbende sager"), monthly) is None


def test_a_shared_title_word_needs_the_promises_own_words_somewhere_in_the_later_item():
    # a case number is an umbrella: "Ny skolestruktur - lærernes arbejdstid" shares the title's common
    # word, but the promise asked about bus routes, which the later item never mentions
    other = item(SU, "2022-09-06", "3", "Ny skolestruktur - lærernes arbejdstid")
    assert link_by_case(promise(), [other], matter_words={"busrut"}) is None
    # where a later paragraph of the item speaks of them, it is on the promise's matter
    texts = {(other.document, other.item_number): "Lærernes arbejdstid.\nBusruterne følger skolestrukturen."}
    assert link_by_case(promise(), [other], matter_words={"busrut"}, item_texts=texts).paragraph_id == other.id
    # a promise without rare words of its own ("Sagen genoptages.") is on its item's matter: the title decides
    vague = promise(text="Sagen genoptages.", what="Sagen genoptages")
    assert link_by_case(vague, [other], matter_words=set()).paragraph_id == other.id


def test_a_promise_of_what_the_coming_cases_will_say_is_taken_up_by_the_cases_next_item_on_its_matter():
    later = item(SU, "2022-04-04", "5", "Opfølgende indstilling om ny skolestruktur")
    costs = promise(text="De økonomiske konsekvenser vil blive beskrevet nærmere i de kommende sager om busruter.",
                    what="De økonomiske konsekvenser vil blive beskrevet nærmere i de kommende sager om busruter",
                    deadline="i de kommende sager")
    assert link_by_case(costs, [later], matter_words={"økonomisk"}).paragraph_id == later.id
    # told otherwise, the same promise needs its own words in the later item, as before
    told = promise(text="De økonomiske konsekvenser vil blive beskrevet nærmere.",
                   what="De økonomiske konsekvenser vil blive beskrevet nærmere")
    assert link_by_case(told, [later], matter_words={"økonomisk"}) is None
    # and the coming case is one on the promise's matter: a later item sharing no title word is not it
    assert link_by_case(costs, [item(SU, "2022-04-04", "6", "Lærernes arbejdstid")], matter_words={"økonomisk"}) is None


def test_a_later_item_of_the_case_that_makes_the_promise_again_in_its_words_has_not_taken_it_up():
    again = item(SU, "2022-05-03", "4", "Ny skolestruktur - efter høring")
    brought = item(SU, "2022-09-06", "3", "Ny skolestruktur - busruter")
    assert link_by_case(promise(), [again, brought], matter_words=set()).paragraph_id == again.id
    restating = {(again.document, again.item_number)}
    assert link_by_case(promise(), [again, brought], matter_words=set(),
                        restating=restating).paragraph_id == brought.id
    assert link_by_case(promise(), [again], matter_words=set(), restating=restating) is None


def test_what_was_promised_named_in_a_later_items_title_under_the_case_number_takes_it_up():
    # Greve's 23-001150: "… skal de udarbejde en handleplan der forelægges det respektive fagudvalg i marts"
    # under "Drifts- og anlægsoverførsler 2022 til 2023"; the committees' "Godkendelse af handleplaner …" share
    # no title word with it, and "handleplan" is too common in the archive to be a rare matter word
    said = ("Som en konsekvens heraf skal de udarbejde en handleplan der forelægges det respektive fagudvalg i marts "
            "måned for at sikre budgetoverholdelse.")
    fu = promise(body=OEU, meeting_date="2023-02-27", item_title="Drifts- og anlægsoverførsler 2022 til 2023",
                 text=said, what=said.rstrip("."), requested_by=None)
    plans = item(SU, "2023-03-13", "4", "Regnskab 2022 - Godkendelse af handleplaner for afvikling af merforbrug")
    rare = content_words("budgetoverholdelse")  # the promise's rare word, which the committees' items never use
    assert link_by_case(fu, [plans], matter_words=rare).paragraph_id == plans.id
    # a step of procedure it names ("1. og 2. behandling") is no word of what was promised
    timing = "Når tidsplanen for 1. og 2. behandling er godkendt, indarbejdes den i den samlede tidsplansag."
    reading = item(OEU, "2023-08-28", "3", "1. behandling af Budget 2024-27")
    assert link_by_case(promise(body=BY, item_title="Tidsplan for budgetprocessen", text=timing,
                                what=timing.rstrip(".")), [reading], matter_words=set()) is None


SUPPLEMENT = "Økonomiudvalget bestilte en supplerende sagsfremstilling med afdækning af den økonomiske konsekvens i forslaget."


def _supplement_case() -> tuple[FollowUp, Hit, Hit, dict]:
    """Greve's 23-005674: the Økonomiudvalg asks for a supplement, the council has it a week later."""
    title = "Regulering af honorar til formand for beboerklagenævn og huslejenævn"
    fu = promise(body=OEU, document="øk/2023-06-12.json", meeting_date="2023-06-12", item_number="4", item_title=title,
                 case_number="23-005674", text=SUPPLEMENT, what=SUPPLEMENT.rstrip("."), requested_by="Økonomiudvalget")
    own, council = item(OEU, "2023-06-12", "4", title, "23-005674"), item(BY, "2023-06-19", "11", title, "23-005674")
    resume = "Honoraret har ikke været reguleret siden 2014."
    texts = {(own.document, "4"): f"{title}\nØkonomiudvalget anbefaler overfor Byrådet, at indstillingen godkendes.\n"
                                  f"{SUPPLEMENT}\n{resume}",
             (council.document, "11"): f"{title}\nByrådet godkendte Økonomiudvalgets indstilling.\n{resume}\n"
                                       f"Sagens forløb: 12-06-2023 Økonomiudvalget\n{SUPPLEMENT}"}
    return fu, own, council, texts


def test_a_forwarded_item_that_brings_what_was_asked_for_takes_the_promise_up():
    fu, own, council, texts = _supplement_case()
    words = {"bestilt", "afdækning", "konsekv", "honorar"}
    # forwarded as it was (the request only quoted in its history) it is the same cycle, not a take-up
    assert link_by_case(fu, [own, council], matter_words=words, item_texts=texts) is None
    # with the supplement written since, the council's item a week later is where it came back
    supplement = ("Økonomiudvalget har bedt om supplerende sagsfremstilling med afdækning af den økonomiske "
                  "konsekvens i forslaget. Den årlige udgift fremskrives med 2,59 pct.")
    answered = {**texts, (council.document, "11"): f"{texts[(council.document, '11')]}\n{supplement}"}
    link = link_by_case(fu, [own, council], matter_words=words, item_texts=answered)
    assert link is not None and (link.rule, link.body, link.item_number) == ("case", BY, "11")
    # the next body's request in the promise's words is asked again, not brought
    assert link_by_case(fu, [own, council], matter_words=words, item_texts=answered, repeated=[supplement]) is None
    # the next body's decision on what was asked for decides on it, it does not bring it (Greve's 22-005816)
    refused = "2. Byrådet kan ikke anbefale en supplerende sagsfremstilling med afdækning af den økonomiske konsekvens."
    decided = {**texts, (council.document, "11"): f"{texts[(council.document, '11')]}\n{refused}"}
    assert link_by_case(fu, [own, council], matter_words=words, item_texts=decided) is None
    # another item of the cycle under a title of the kind is written apart, not since: the same cycle
    grant = item(BY, "2023-06-19", "12", f"{own.item_title}, bevillingssag", "23-005674")
    apart = {**texts, (grant.document, "12"): f"{grant.item_title}\n{supplement}"}
    assert link_by_case(fu, [own, grant], matter_words=words, item_texts=apart) is None


def test_a_case_item_come_before_the_time_the_promise_names_waits_for_the_one_within_it():
    # Greve's 22-002662: survey results promised "i sensommeren/efteråret 2022" came in October; the umbrella's
    # campaign item in May is another matter
    fu = promise(body=SU, meeting_date="2022-04-26", item_title="Tryghed i Greve Nord - forslag til tryghedsundersøgelse",
                 text="Resultaterne vil kunne præsenteres for udvalget i sensommeren/efteråret 2022.",
                 what="resultaterne", deadline="efteråret 2022", case_number="22-002662")
    campaign = item(SU, "2022-05-31", "14", "Tryghed i Greve Nord - Tryghedskampagne", "22-002662")
    survey = item(SU, "2022-10-11", "2", "Tryghed i Greve Nord - Undersøgelse af Tryghed", "22-002662")
    assert period_start("efteråret 2022", "2022-04-26") == "2022-09-01"
    assert link_by_case(fu, [campaign, survey], matter_words=set()).paragraph_id == survey.id
    assert link_by_case(replace(fu, deadline=None), [campaign, survey], matter_words=set()).paragraph_id == campaign.id


def test_no_case_number_or_no_date_links_nothing_by_case():
    later = [item(KU, "2022-06-07", "4", "Busruter")]
    assert link_by_case(promise(case_number=None), later) is None
    assert link_by_case(promise(meeting_date=None), later) is None


def test_the_case_link_comes_first_then_similar_paragraphs_without_the_same_item_twice():
    by_case = item(KU, "2022-06-07", "4", "Busruter til skolerne")
    same_item = Hit(**{**vars(by_case), "id": "ku-other-paragraph", "score": 0.95})
    similar = Hit(**{**vars(item(SU, "2022-04-05", "5", "Skolebusser", case="22-000999")), "score": 0.93,
                     "text": "Busruter efter den nye skolestruktur."})

    def search(text, k):
        return [same_item, similar]

    links = take_ups(promise(), [by_case], search)
    assert [(link.rule, link.paragraph_id) for link in links] == [("case", by_case.id), ("similar", similar.id)]
    assert links[1].item_number == "5" and links[1].item_title == "Skolebusser"


def test_a_similar_item_whose_title_names_what_was_promised_took_it_up_a_fact_not_a_lead():
    # "Ejendomsstrategi 2023 - godkendelse" in the month promised, for "Forslag til 'Ejendomsstrategi 2023'
    # forventes forelagt … i oktober 2023" said under "Greve kommunes bygninger - porteføljeoverblik"
    fu = promise(item_title="Greve kommunes bygninger - porteføljeoverblik", case_number=None,
                 text="Forslag til Ejendomsstrategi 2023 forventes forelagt udvalget i oktober 2023.",
                 what="Forslag til Ejendomsstrategi 2023 forventes forelagt udvalget i oktober 2023")
    named = Hit(**{**vars(item(SU, "2023-10-12", "2", "Ejendomsstrategi 2023 - godkendelse", case="23-000555")),
                   "score": 0.93})
    links = take_ups(fu, [], lambda text, k: [named])
    assert [(link.item_title, link.rule, link.lead) for link in links] == [
        ("Ejendomsstrategi 2023 - godkendelse", "titled", False)]
    # a word of the promise's own item's title is the item's matter: at the promising body, the matter back; at
    # another body, a lead to check
    assert take_ups(replace(fu, item_title="Ejendomsstrategi"), [], lambda text, k: [named])[0].rule == "matter"
    elsewhere = Hit(**{**vars(named), "body": "Kultur- og Fritidsudvalget"})
    assert take_ups(replace(fu, item_title="Ejendomsstrategi"), [], lambda text, k: [elsewhere])[0].rule == "similar"


def test_a_request_repeated_at_a_later_meeting_is_not_its_being_taken_up():
    repeat = Hit(**{**vars(item(SU, "2022-10-04", "16", "Huskeliste")), "score": 0.97,
                    "text": "Udvalget ønsker fortsat en sag om busruter efter den nye skolestruktur."})
    assert take_ups(promise(case_number=None), [], lambda text, k: [repeat]) != []
    assert take_ups(promise(case_number=None), [], lambda text, k: [repeat], requests={repeat.id}) == []


def test_a_postponed_item_under_its_title_at_a_later_meeting_counts_though_what_was_said_does_not_find_it():
    # "Sagen blev udsat.": the item comes back under its own title (a new case number); the search by
    # what was said alone (for a later reading of the same matter) does not find it, the search by the
    # item's title does, and there it counts as the body's own most similar later item: under the promise's own
    # item's title, the same matter back, a fact ("matter"), not a lead
    udsat = promise(item_title="Introduktion til omsorgsområdet", text="Sagen blev udsat.", what="Sagen blev udsat.",
                    case_number=None)
    back = Hit(**{**vars(item(SU, "2022-04-05", "9", "Introduktion til omsorgsområdet", case="22-000777")),
                  "score": 0.90, "text": "Centerchefen giver en introduktion til omsorgsområdet."})

    def search(text, k):
        return [] if text == udsat.what else [back]

    links = take_ups(udsat, [], search, matter_words={"introduktion", "omsorgsområd"})
    assert [(link.rule, link.paragraph_id, link.lead) for link in links] == [("matter", back.id, False)]
    # under another title, or a title of one word (a theme, not a matter), it stays a lead to check
    for own, later in (("Introduktion til omsorgsområdet", "Introduktion til ældreområdet"),
                       ("Omsorgsområdet", "Omsorgsområdet")):
        other = Hit(**{**vars(back), "item_title": later})
        found = take_ups(replace(udsat, item_title=own), [], lambda text, k: [] if text == udsat.what else [other],
                         matter_words={"introduktion", "omsorgsområd"})
        assert [link.rule for link in found] == ["similar"], (own, later)


def test_another_item_of_the_promises_meeting_sent_on_with_it_is_not_its_being_taken_up():
    # the committee's block of items goes on to the next body together: "Busruter - proces" was on the
    # promise's own agenda, so at another body nine days later it is the same round, not a take-up
    sent_on = Hit(**{**vars(item(KU, "2022-03-10", "8", "Busruter - proces", case="22-000555")), "score": 0.95,
                     "text": "Proces for busruter efter den nye skolestruktur."})
    later = Hit(**{**vars(sent_on), "id": "later", "date": "2022-06-10", "document": "ku/2022-06-10.json"})
    words = {"skolestruktur", "busrut"}
    assert [link.paragraph_id for link in take_ups(promise(case_number=None), [], lambda text, k: [sent_on],
                                                   matter_words=words)] == [sent_on.id]
    agenda = {"Ny skolestruktur", "Busruter - proces", "Huskeliste og orientering fra administrationen"}
    assert take_ups(promise(case_number=None), [], lambda text, k: [sent_on], matter_words=words, agenda=agenda) == []
    # after the round (FORWARD_DAYS) the same title is the matter back again
    assert [link.paragraph_id for link in take_ups(promise(case_number=None), [], lambda text, k: [later],
                                                   matter_words=words, agenda=agenda)] == ["later"]
    # a standing item of the agenda is every meeting's, not sent on with the promise's
    huskeliste = Hit(**{**vars(sent_on), "id": "husk", "item_title": "Huskeliste og orientering fra administrationen"})
    assert [link.paragraph_id for link in take_ups(promise(case_number=None), [], lambda text, k: [huskeliste],
                                                   matter_words=words, agenda=agenda)] == ["husk"]


def test_nothing_before_the_day_a_promise_names_takes_it_up():
    # "Næste statussag forelægges … på udvalgsmødet den 8. januar 2024": an item of the body before that
    # day, however similar, is not the promised one; the case's own later item before it is not either
    fu = promise(meeting_date="2023-10-09", deadline="på udvalgsmødet den 8. januar 2024",
                 text="Næste statussag om busruter forelægges på udvalgsmødet den 8. januar 2024.",
                 what="Næste statussag om busruter forelægges på udvalgsmødet den 8. januar 2024")
    before = Hit(**{**vars(item(SU, "2023-11-13", "5", "Busruter - status", case="23-000555")), "score": 0.97,
                    "text": "Status på busruter efter den nye skolestruktur."})
    case_before = item(SU, "2023-12-04", "3", "Ny skolestruktur - busruter")
    words = {"skolestruktur", "busrut", "statussag"}
    assert take_ups(fu, [case_before], lambda text, k: [before], matter_words=words) == []
    on_the_day = Hit(**{**vars(before), "id": "day", "date": "2024-01-08", "document": "su/2024-01-08.json"})
    case_after = item(SU, "2024-02-05", "4", "Ny skolestruktur - busruter")
    links = take_ups(fu, [case_before, case_after], lambda text, k: [before, on_the_day], matter_words=words)
    # the day's item titled by the promised matter ("Busruter - status") before the case's item after that day: a fact
    assert [(link.rule, link.paragraph_id) for link in links] == [("titled", "day"), ("case", case_after.id)]
    # without a day named, the earlier items take it up
    month = promise(meeting_date="2023-10-09", deadline="i januar 2024", text=fu.text, what=fu.what)
    assert [link.paragraph_id for link in take_ups(month, [case_before], lambda text, k: [before],
                                                   matter_words=words)] == [case_before.id, before.id]


def test_a_promise_is_searched_for_by_its_items_title_and_what_was_promised_not_a_standing_title():
    assert matter_text(promise()) == "Ny skolestruktur\nUdvalget ønsker en sag om busruter."
    assert matter_text(promise(item_title="Huskeliste og orientering fra administrationen")) == \
        "Udvalget ønsker en sag om busruter."
    # what was promised is searched as the sentence is written where it is the whole sentence (the
    # paragraphs searched keep their full stops), as the reader gave it where it is part of one
    assert said(promise()) == "Udvalget ønsker en sag om busruter."
    part = promise(text="Formanden oplyste, at udvalget ønsker en sag om busruter.", what="udvalget ønsker en sag om busruter")
    assert said(part) == "udvalget ønsker en sag om busruter"
    assert matter_text(promise(item_title=None)) == "Udvalget ønsker en sag om busruter."
    assert content_words("Udvalget ønsker en orientering om Birkelyparken og 225-timersreglen") >= \
        {"birkelypark", "225", "timersregl"}
    assert not {"og", "om", "en"} & content_words("Udvalget ønsker en orientering om Birkelyparken")


def test_another_bodys_similar_paragraph_needs_two_of_the_promises_rare_words_and_the_cosine_floor():
    # (the promising body's own items count from SAME_BODY_FLOOR without the words: test_followups)
    on_matter = Hit(**{**vars(item(KU, "2022-05-03", "4", "Busruter")), "score": 0.90,
                       "text": "Busruter efter den nye skolestruktur.", "case_number": "22-000999"})
    one_word = Hit(**{**vars(on_matter), "id": "one", "item_number": "5", "text": "Nye busruter.", "item_title": "Trafik"})
    weak = Hit(**{**vars(on_matter), "id": "weak", "item_number": "6", "score": 0.80})
    links = take_ups(promise(), [], lambda text, k: [weak, one_word, on_matter],
                     matter_words={"skolestruktur", "busrut"})
    assert [link.paragraph_id for link in links] == [on_matter.id]


def test_the_cases_own_later_items_are_not_linked_again_by_similarity_once_judged_as_forwarding():
    forwarded = Hit(**{**vars(item(OEU, "2022-03-14", "7", "Ny skolestruktur")), "score": 0.97,
                       "text": "Busruter og ny skolestruktur anbefales."})
    assert take_ups(promise(), [forwarded], lambda text, k: [forwarded]) == []
    # on a standing item the number was not judged, so the later huskeliste may take it up by its words
    standing = promise(item_title="Huskeliste og orientering fra administrationen")
    huskeliste = Hit(**{**vars(forwarded), "body": SU, "item_title": "Huskeliste og orientering fra administrationen",
                        "text": "Status på busruterne, som udvalget ønskede en sag om."})
    assert [link.rule for link in take_ups(standing, [huskeliste], lambda text, k: [huskeliste])] == ["similar"]


# -- how it reads --------------------------------------------------------------------------------
def test_the_follow_up_reads_who_asked_when_and_the_meeting_and_item_it_was_taken_up_at():
    fu = promise(body="Social- og Handicapudvalget", meeting_date="2024-02-06")
    link = FollowUpLink("fu-1", "x-1", "shu/2024-03-27.json", "Social- og Handicapudvalget", "2024-03-27", 1.0,
                        "…", True, item_number="4", item_title="Busruter", rule="case")
    assert present.follow_up_status(fu, [link]) == \
        "lovet 6. februar 2024 af Social- og Handicapudvalget — taget op igen 27. marts 2024, punkt 4"
    assert present.follow_up_status(fu, []) == "lovet 6. februar 2024 af Social- og Handicapudvalget — intet fundet siden"
    elsewhere = FollowUpLink(**{**vars(link), "body": "Økonomiudvalget"})
    assert present.follow_up_status(fu, [elsewhere]).endswith("taget op igen 27. marts 2024, Økonomiudvalget, punkt 4")


def test_a_follow_up_cites_its_own_agenda_items_case_number_before_its_documents():
    citation = present.follow_up_citation(promise(), {"title": "Referat", "case_number": "00-000000"})
    assert "sagsnr. 22-000100" in citation and "00-000000" not in citation
    assert "sagsnr. 00-000000" in present.follow_up_citation(promise(case_number=None), {"case_number": "00-000000"})


# -- in a built index ------------------------------------------------------------------------------
PROMISE = "Udvalget ønsker en sag om busruter til skolerne på et kommende møde."
STANDING_PROMISE = "Udvalget ønsker en orientering om vikardækningen i folkeskolerne."


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("takenup")
    meetings = root / "archive"
    write_meeting(meetings / "su", SU, "2022-03-01", [
        ("21-000001", "Godkendelse af dagsorden", [("Beslutning", "Godkendt.")]),
        ("22-000100", "Ny skolestruktur", [("Indstilling", "Administrationen indstiller, at strukturen godkendes."),
                                           ("Beslutning", f"Godkendt. {PROMISE}")]),
        ("21-000002", "Huskeliste og orientering fra administrationen",
         [("Beslutning", f"Orienteringen blev taget til efterretning. {STANDING_PROMISE}")])])
    write_meeting(meetings / "oeu", OEU, "2022-03-14", [("22-000100", "Ny skolestruktur", [("Beslutning", "Anbefales.")])])
    write_meeting(meetings / "by", BY, "2022-03-28", [("22-000100", "Ny skolestruktur", [("Beslutning", "Godkendt.")])])
    write_meeting(meetings / "su", SU, "2022-04-05", [
        ("21-000001", "Godkendelse af dagsorden", [("Beslutning", "Godkendt.")]),
        ("21-000002", "Huskeliste og orientering fra administrationen", [("Beslutning", "Taget til efterretning.")])])
    write_meeting(meetings / "su", SU, "2022-09-06", [
        ("21-000001", "Godkendelse af dagsorden", [("Beslutning", "Godkendt.")]),
        ("22-000100", "Busruter til skolerne", [("Sagsbeskrivelse", "Administrationen fremlægger forslag til busruter."),
                                                ("Beslutning", "Godkendt.")])])
    build(meetings, root / "index", embedder=HashEmbedder())
    return Archive.open(root / "index", embedder=HashEmbedder())


def tracked(archive, sentence: str) -> TrackedFollowUp:
    return next(t for t in archive.follow_ups(status=None) if t.follow_up.text == sentence)


def test_decisions_and_follow_ups_carry_their_own_agenda_items_case_number(archive):
    decisions = {(d.meeting_date, d.item_number): d.case_number for d in archive.decisions(body=SU)}
    assert decisions[("2022-03-01", "1")] == "21-000001" and decisions[("2022-03-01", "2")] == "22-000100"
    found = tracked(archive, PROMISE)
    assert found.follow_up.case_number == "22-000100" and found.case_number == "22-000100"
    assert found.to_json()["case_number"] == "22-000100"


def test_a_promise_is_linked_to_its_case_at_a_later_meeting_past_the_cycles_forwarding(archive):
    links = archive.follow_up_links(tracked(archive, PROMISE))
    assert links and links[0].rule == "case"
    first = links[0]
    assert (first.body, first.date, first.item_number, first.item_title, first.case_number) == \
        (SU, "2022-09-06", "2", "Busruter til skolerne", "22-000100")
    assert first.document.startswith("su/2022-09-06_") and first.title and first.same_body


def test_links_and_their_json_name_the_meeting_and_agenda_item(archive):
    found = tracked(archive, PROMISE)
    found.links = archive.follow_up_links(found)
    link = found.to_json()["links"][0]
    assert {k: link[k] for k in ("body", "date", "item_number", "item_title", "case_number", "rule")} == \
        {"body": SU, "date": "2022-09-06", "item_number": "2", "item_title": "Busruter til skolerne",
         "case_number": "22-000100", "rule": "case"}
    assert set(asdict(found.links[0])) >= {"document", "paragraph_id", "title", "page", "score", "same_body"}
    assert present.follow_up_status(found.follow_up, found.links) == \
        "lovet 1. marts 2022 af Socialudvalget — taget op igen 6. september 2022, punkt 2"


def test_a_promise_on_a_standing_item_is_not_linked_by_its_number(archive):
    assert archive.follow_up_links(tracked(archive, STANDING_PROMISE)) == []


def test_links_as_known_at_a_date_leave_later_meetings_out(archive):
    assert archive.follow_up_links(tracked(archive, PROMISE), until="2022-06-30") == []
    assert archive.follow_up_links(tracked(archive, PROMISE), until="2022-09-06")[0].date == "2022-09-06"


def test_an_index_from_before_item_case_numbers_reads_them_from_the_paragraphs(archive, tmp_path):
    import shutil

    copy = tmp_path / "index"
    shutil.copytree(archive.index_dir, copy)
    with sqlite3.connect(copy / "archive.sqlite") as db:
        db.execute("UPDATE decisions SET case_number = NULL")
        db.execute("UPDATE follow_ups SET case_number = NULL")
    old = Archive.open(copy, embedder=HashEmbedder())
    assert {d.case_number for d in old.decisions(body=OEU)} == {"22-000100"}
    assert tracked(old, PROMISE).follow_up.case_number == "22-000100"


# -- a secretariat's walk of SHU and KTM follow-ups (made-up archives of the same shapes) ---------------
def test_on_one_day_the_case_item_of_the_body_the_promise_names_comes_before_its_own_bodys():
    # "… præsenterer Sundhedsudvalget for 2. udkast", said in the Socialudvalg, which treats the case the
    # same day too: the named body's item is where it was promised to come back
    named = "Sundhedsudvalget"
    fu = promise(item_title="1. udkast til sundhedspolitik", case_number="22-015114",
                 text=f"Administrationen tilretter politikken og præsenterer {named} for 2. udkast.",
                 what=f"tilretter politikken og præsenterer {named} for 2. udkast")
    own = item(SU, "2022-04-05", "4", "Sundhedspolitik, 2. udkast til høring", "22-015114")
    theirs = item(named, "2022-04-05", "2", "Sundhedspolitik, 2. udkast til høring", "22-015114")
    assert link_by_case(fu, [own, theirs]).paragraph_id == theirs.id
    assert link_by_case(promise(item_title=fu.item_title, case_number="22-015114"), [own, theirs]).paragraph_id == own.id


def test_a_rounds_copy_of_the_promises_status_item_at_the_named_body_that_day_is_not_what_was_promised():
    # a status under an umbrella case goes to every committee; said in one copy, "Forslag til indhold i
    # tryghedskampagnen forelægges Kulturudvalget den 31. maj 2022" is not taken up by Kulturudvalget's copy
    # of the status that day, nor by another matter under the umbrella number there, but by the campaign
    status = "Tryghed - halvårsstatus"
    fu = promise(meeting_date="2022-05-30", item_title=status, case_number="20-010677K", deadline="den 31. maj 2022",
                 text="Forslag til indhold i tryghedskampagnen forelægges Kulturudvalget den 31. maj 2022.",
                 what="Forslag til indhold i tryghedskampagnen forelægges Kulturudvalget den 31. maj 2022")
    copies = [item(SU, "2022-05-30", "5", status, "20-010677K"), item(KU, "2022-05-31", "17", status, "20-010677K"),
              item("Skoleudvalget", "2022-05-31", "8", status, "20-010677K"),
              item("Teknikudvalget", "2022-06-02", "23", status, "20-010677K")]
    other = item(KU, "2022-05-31", "11", "Strategisk partnerskabsaftale", "20-010677K")
    campaign = item(KU, "2022-09-06", "4", "Tryghedskampagne - indhold", "20-010677K")
    words = {"tryghedskampagn", "halvårsstatus"}
    assert link_by_case(fu, copies + [other, campaign], matter_words=words).paragraph_id == campaign.id
    # a matter forwarded committee → Økonomiudvalg → council is no round: its item at the named body that day counts
    chain = [item(SU, "2022-05-30", "5", status, "20-010677K"), item(KU, "2022-05-31", "17", status, "20-010677K")]
    assert link_by_case(fu, chain + [campaign], matter_words=words).paragraph_id == chain[1].id


@pytest.mark.parametrize("deadline, start", [
    ("i oktober eller november 2022", "2022-10-01"), ("umiddelbart efter sommerferien 2022", "2022-08-01"),
    ("i løbet af 4. kvartal 2023", "2023-10-01"), ("inden sommerferien", None), ("senest i marts", None),
    ("på mødet den 31. maj 2022", None), (None, None)])
def test_the_time_a_promise_names_begins_with_its_first_month(deadline, start):
    assert period_start(deadline, "2022-03-21") == start


def test_a_similar_item_before_the_time_the_promise_names_is_a_lead_behind_one_within_it():
    # "Et udkast til affaldsplanen … forventes forelagt udvalget umiddelbart efter sommerferien 2022": the
    # idea paper in April is the matter, but not yet the draft; the draft in September is
    fu = promise(meeting_date="2022-03-21", case_number=None, deadline="efter sommerferien 2022",
                 text="Et udkast til affaldsplanen forventes forelagt udvalget umiddelbart efter sommerferien 2022.",
                 what="Et udkast til affaldsplanen forventes forelagt udvalget umiddelbart efter sommerferien 2022")
    idea = Hit(**{**vars(item(SU, "2022-04-28", "3", "Idéoplæg til ny affaldsplan", "21-016317")), "score": 0.95,
                  "text": "Drøftelse af idéoplæg før et udkast til affaldsplanen."})
    draft = Hit(**{**vars(item(SU, "2022-09-19", "2", "Udkast til affaldsplan 2023-2034", "21-016317")), "score": 0.95,
                   "text": "Godkendelse af udkast til affaldsplanen."})
    words = {"affaldsplan", "udkast"}
    links = take_ups(fu, [], lambda text, k: [idea, draft], matter_words=words)
    assert [link.paragraph_id for link in links] == [draft.id, idea.id]
    without = promise(**{**vars(fu), "deadline": None})
    assert [link.paragraph_id for link in take_ups(without, [], lambda text, k: [idea, draft],
                                                   matter_words=words)] == [idea.id, draft.id]


def test_a_similar_item_come_early_is_a_lead_before_one_come_after_the_time_the_promise_names():
    # Klima-, Teknik- og Miljøudvalget 9 February 2023: the climate plan "fremlægges til endelig politisk
    # behandling i maj 2023" was approved on 27 April; October's yearly report on it came after the time
    fu = promise(meeting_date="2023-02-09", case_number=None, deadline="i maj 2023",
                 text="Det endelige forslag til klimahandlingsplan fremlægges til endelig politisk behandling i maj 2023.",
                 what="Det endelige forslag til klimahandlingsplan fremlægges til endelig politisk behandling i maj 2023")
    approved = Hit(**{**vars(item(SU, "2023-04-27", "4", "Godkendelse af Klimahandlingsplan 2050", "23-003793")),
                      "score": 0.95, "text": "Godkendelse af klimahandlingsplanen."})
    report = Hit(**{**vars(item(SU, "2023-10-12", "12", "Klimahandlingsplan, afrapportering 2023", "23-011111")),
                    "score": 0.95, "text": "Afrapportering på klimahandlingsplanen."})
    links = take_ups(fu, [], lambda text, k: [report, approved], matter_words={"klimahandlingsplan"})
    assert [link.paragraph_id for link in links] == [approved.id, report.id]


def test_in_a_built_index_the_councils_item_bringing_the_supplement_asked_for_takes_the_promise_up(tmp_path):
    # Greve's 23-005674: asked for at the Økonomiudvalg, brought to the council a week later in its
    # "Supplerende sagsfremstilling"; the council's own request in the same words would be asked again
    title = "Regulering af honorar til formand for beboerklagenævn og huslejenævn"
    resume = ("Administrationen har konstateret, at honoraret for formandsposten for beboerklagenævn og "
              "huslejenævn ikke har været reguleret siden 2014.")
    meetings = tmp_path / "archive"
    write_meeting(meetings / "oeu", OEU, "2023-06-12", [("23-005674", title, [
        ("Beslutning", f"Økonomiudvalget anbefaler overfor Byrådet, at indstillingen godkendes. {SUPPLEMENT}"),
        ("Resume", resume)])])
    write_meeting(meetings / "by", BY, "2023-06-19", [("23-005674", title, [
        ("Beslutning", "Byrådet godkendte Økonomiudvalgets indstilling."),
        ("Resume", resume),
        ("Supplerende sagsfremstilling", "Økonomiudvalget har bedt om supplerende sagsfremstilling med afdækning "
                                         "af den økonomiske konsekvens i forslaget. Den årlige udgift på 55.000 kr. "
                                         "fremskrives med 2,59 pct.")])])
    build(meetings, tmp_path / "index", embedder=HashEmbedder())
    archive = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    links = archive.follow_up_links(tracked(archive, SUPPLEMENT))
    assert [(link.rule, link.body, link.date) for link in links][:1] == [("case", BY, "2023-06-19")]


# -- a secretariat's walk of SOU and KFU take-ups (made-up archives of the same shapes) ----------------
def test_a_later_item_titled_the_follow_up_of_the_promises_item_takes_up_every_promise_made_in_it():
    # Greve's 22-011409: one promise of "Tiltag på energi …" written three ways; "Opfølgning på tiltag til
    # energibesparelser" at the body's next meeting uses none of the rare words of two of them ("markant
    # servicereduktion", "markant forringelse"), and took up one only
    title = "Tiltag på energi som følge af stigende energipriser"
    later = item(SU, "2022-11-14", "9", "Opfølgning på tiltag til energibesparelser", "22-011409")
    texts = {(later.document, "9"): f"{later.item_title}\nDer gives hermed en status på energibesparelserne."}
    for said in ("Hvis der er konkrete tilfælde, hvor tiltagene ikke kan gennemføres, vil dette blive behandlet politisk.",
                 "Hvor tiltaget betyder en markant servicereduktion for foreninger eller brugere vil beslutningen blive "
                 "fremlagt til politisk beslutning.",
                 "- at tiltag med markant forringelse af service for foreninger og borgere i kommunen, besluttes politisk i "
                 "en opfølgende sag"):
        fu = promise(meeting_date="2022-09-12", item_title=title, case_number="22-011409", text=said, what=said)
        words = {"energi", "energipris"} | ({"markant", "servicereduktion", "forring"} & content_words(said))
        assert link_by_case(fu, [later], matter_words=words, item_texts=texts).paragraph_id == later.id
    # where the promise's item is itself a follow-up, the next of the series is a status of its own
    lights = promise(meeting_date="2022-11-14", item_title=later.item_title, case_number="22-011409",
                     text="Der fremlægges en separat sag om vejbelysning.", what="Der fremlægges en separat sag om vejbelysning")
    autumn = item(SU, "2023-05-25", "14", "Opfølgning på energibesparelser - efterår 2023", "22-011409")
    assert link_by_case(lights, [autumn], matter_words={"vejbelysning"}) is None


def _status_round(day: str, numbers: str, title: str) -> list[Hit]:
    """A status sent round four committees, the Kulturudvalg's copy last."""
    bodies = (SU, "Skoleudvalget", "Teknikudvalget", KU)
    return [item(body, f"{day[:8]}{int(day[8:]) + n:02}", number, title, "20-010677K")
            for n, (body, number) in enumerate(zip(bodies, numbers.split()))]


def test_a_status_promised_to_the_committee_itself_comes_back_at_its_own_copy_of_the_next_round():
    # Greve's 20-010677K: "Forslaget forelægges udvalget i oktober eller november 2022" in the Kultur- og
    # Fritidsudvalg's copy of a status; the next status goes round every committee in November, the Kultur-
    # og Fritidsudvalg's two days after the first, and never uses the promise's one rare word ("primo")
    status = "Tryghed i Greve Nord - Halvårs-status"
    said = "Forslaget forelægges udvalget i oktober eller november 2022, med henblik på igangsættelse primo 2023."
    fu = promise(body=KU, meeting_date="2022-06-01", item_title=status, case_number="20-010677K",
                 deadline="i oktober eller november 2022", text=said, what=said.rstrip("."))
    nov = _status_round("2022-11-14", "3 6 24 7", "Tryghed i Greve Nord - Helårsstatus 2022 og indsatser i 2023")
    assert link_by_case(fu, nov, matter_words={"primo", "halvår"}).paragraph_id == nov[-1].id
    # after the time it names, the case's later item is not on its matter by the time alone
    spring = _status_round("2023-08-14", "6 13 25 8", "Tryghed i Greve Nord - Halvårsstatus 2023")
    assert link_by_case(fu, spring, matter_words={"primo", "halvår"}) is None
    # a promise on the matter by its own words comes back at its committee's copy too, not the first committee's
    sibling = "Behov for indsatser er ved at blive afdækket, og status herpå vil blive forelagt udvalget i efteråret 2022."
    texts = {(h.document, h.item_number): f"{h.item_title}\nBehovet er afdækket." for h in nov}
    fu = promise(body=KU, meeting_date="2022-06-01", item_title=status, case_number="20-010677K",
                 deadline="i efteråret 2022", text=sibling, what=sibling.rstrip("."))
    assert link_by_case(fu, nov, matter_words={"afdæk", "herpå"}, item_texts=texts).paragraph_id == nov[-1].id
    # one promised to every committee ("vender tilbage til udvalgene") comes back where the round begins
    every = promise(**{**vars(fu), "text": "Administrationen vender tilbage til udvalgene med status på behovet, der er "
                                           "afdækket.", "what": "vender tilbage til udvalgene med status"})
    assert link_by_case(every, nov, matter_words={"afdæk"}, item_texts=texts).paragraph_id == nov[0].id


def test_a_matter_that_came_back_several_times_was_taken_up_the_first_time():
    # "Handleplan …, status 2/2023" in October is the most similar by far, but its case came back in May ("status 1/2023")
    words = {"handleplan", "voksenområd"}
    may = Hit(**{**vars(item(SU, "2023-05-22", "4", "Handleplan på voksenområdet, status 1/2023", case="23-004340")),
                 "score": 0.915, "text": "Status på handleplanen for voksenområdet."})
    october = Hit(**{**vars(item(SU, "2023-10-09", "8", "Handleplan på voksenområdet, status 2/2023", case="23-004340")),
                     "score": 0.934, "text": "Status på handleplanen for voksenområdet."})
    fu = promise(meeting_date="2023-01-09", case_number="22-009231", text="Løbende status på handleplanen for voksenområdet.",
                 what="Løbende status på handleplanen for voksenområdet")
    links = take_ups(fu, [], lambda text, k: [october, may], matter_words=words)
    assert [link.paragraph_id for link in links][:1] == [may.id]
    # another case under another title is no earlier reading of it
    other = Hit(**{**vars(may), "id": "other", "item_title": "Budgetopfølgning 1", "case_number": "23-000001", "score": 0.90})
    assert [link.paragraph_id for link in take_ups(fu, [], lambda text, k: [october, other], matter_words=words)][:1] \
        == [october.id]


def test_a_day_to_come_back_before_is_no_day_named():
    # "frem mod budgettemamødet den 15. maj 2023": by that day, not on it
    assert named_day("frem mod budgettema møde den 15. maj 2023", "2023-03-14") is None
    assert named_day("senest den 1. juli 2024", "2023-05-01") is None
    assert named_day("på udvalgsmødet den 8. januar 2024", "2023-10-09") == "2024-01-08"
    assert names_next_meeting("til næste møde") and names_next_meeting("på førstkommende udvalgsmøde")
    assert not names_next_meeting("i marts 2023") and not names_next_meeting(None)


def test_bodies_kept_informed_are_told_again_by_the_cases_next_orientation():
    # the promise has no matter words of its own: its item's is the matter
    fu = promise(body=OEU, meeting_date="2023-02-27", item_title="Orientering om status på udbud af it-drift",
                 text="Økonomiudvalget og Byrådet orienteres løbende igennem processen.",
                 what="Økonomiudvalget og Byrådet orienteres løbende igennem processen", case_number="23-000445")
    forwarded = item(BY, "2023-03-06", "30", "Orientering om status på udbud af it-drift", case="23-000445")
    later = item(OEU, "2023-10-23", "15", "Orientering om tildelt it-driftskontrakt efter afløftet EU-udbud", case="23-000445")
    link = link_by_case(fu, [forwarded, later], matter_words={"igennem"})  # its rare words, as the index finds them
    assert link is not None and (link.date, link.item_number) == ("2023-10-23", "15")


def test_a_forwarded_item_telling_the_request_with_its_meetings_day_brings_it_with_one_word_of_it():
    fu, own, council, texts = _supplement_case()
    words = {"bestilt", "afdækning", "konsekv", "honorar"}
    # one of the promise's words, without the day: not enough to tell it was brought
    loose = "Supplerende sagsfremstilling: der er nu en afdækning i bilag 3."
    told = {**texts, (council.document, "11"): f"{texts[(council.document, '11')]}\n{loose}"}
    assert link_by_case(fu, [own, council], matter_words=words, item_texts=told) is None
    # the same, told with the promise's meeting's day
    dated = ("Økonomiudvalget ønskede på deres møde den 12. juni 2023 en afdækning, som er tilknyttet som bilag 3.")
    told = {**texts, (council.document, "11"): f"{texts[(council.document, '11')]}\n{dated}"}
    link = link_by_case(fu, [own, council], matter_words=words, item_texts=told)
    assert link is not None and (link.body, link.item_number) == (BY, "11")


def test_a_promise_for_the_next_meeting_is_taken_up_there_first():
    fu = promise(body=SU, meeting_date="2022-01-10", deadline="til næste møde", case_number=None,
                 text="Udvalget ønsker til næste møde et konkret initiativ om busruter.",
                 what="Udvalget ønsker til næste møde et konkret initiativ om busruter")
    words = {"initiativ", "busrut"}
    may = Hit(**{**vars(item(SU, "2022-05-30", "4", "Busruter - rangering", case="22-000900")), "score": 0.95,
                 "text": "Initiativ om busruter og rangering."})
    february = Hit(**{**vars(item(SU, "2022-02-07", "6", "Konkrete initiativer om busruter", case="22-000901")),
                      "score": 0.90, "text": "Initiativer om busruter."})
    assert [link.date for link in take_ups(fu, [], lambda text, k: [may, february], matter_words=words)][:1] \
        == ["2022-05-30"]
    links = take_ups(fu, [], lambda text, k: [may, february], matter_words=words, next_meeting="2022-02-07")
    assert [link.date for link in links] == ["2022-02-07", "2022-05-30"]


def test_a_promise_for_the_next_meeting_found_nowhere_else_is_led_to_that_meetings_nearest_item():
    # "Det blev aftalt at administrationen til næste møde udarbejder et forslag til besøg …": nothing passed the floors,
    # and the follow-up read "intet fundet siden" and overdue while the next meeting held the committee's visits
    fu = promise(body=SU, meeting_date="2023-02-06", deadline="til næste møde", case_number=None,
                 text="Det blev aftalt at administrationen til næste møde udarbejder et forslag til besøg.",
                 what="administrationen udarbejder et forslag til besøg")
    visits = Hit(**{**vars(item(SU, "2023-03-13", "5", "Huskeliste og orientering", case="23-000900")), "score": 0.86,
                    "text": "Eksterne besøg i forbindelse med udvalgets møder i 2023."})
    assert take_ups(fu, [], lambda text, k: [visits], matter_words={"besøg"}) == []  # no next meeting known
    [link] = take_ups(fu, [], lambda text, k: [visits], matter_words={"besøg"}, next_meeting="2023-03-13")
    assert (link.paragraph_id, link.rule, link.lead) == (visits.id, "similar", True)
    # another body's item that day, or one far from the promise, is not it
    other = Hit(**{**vars(visits), "body": "Økonomiudvalget"})
    far = Hit(**{**vars(visits), "score": 0.80})
    assert take_ups(fu, [], lambda text, k: [other, far], matter_words={"besøg"}, next_meeting="2023-03-13") == []


def test_on_the_day_a_promise_names_the_promising_bodys_own_item_comes_before_another_bodys():
    # "Der indkaldes til ekstraordinært udvalgsmøde den 6. marts 2023, hvor sag om tilslutning til fjernvarme …": the
    # committee's own item that day, not the Økonomiudvalg's more similar one
    text = "Der indkaldes til ekstraordinært udvalgsmøde den 6. marts 2023, hvor sag om tilslutning til fjernvarme behandles."
    fu = promise(meeting_date="2023-02-09", deadline="den 6. marts 2023", case_number=None, text=text, what=text)
    finance = Hit(**{**vars(item("Økonomiudvalget", "2023-03-06", "2", "Fjernvarme til kommunale bygninger",
                                 case="23-001400")), "score": 0.95})
    own = Hit(**{**vars(item(SU, "2023-03-06", "2", "Tilslutning af kommunale bygninger til fjernvarme",
                             case="23-001401")), "score": 0.90})
    links = take_ups(fu, [], lambda text, k: [finance, own], matter_words={"fjernvarm"})
    assert links[0].paragraph_id == own.id


def test_a_later_item_telling_the_promise_with_its_meetings_day_is_a_fact_not_a_lead():
    fu = promise(meeting_date="2023-03-13", case_number=None, text="Udvalget ønsker en sag om rekruttering.",
                 what="Udvalget ønsker en sag om rekruttering")
    told = Hit(**{**vars(item(SU, "2023-05-22", "3", "Ekstra sagsbehandler", case="23-000901")), "score": 0.85,
                  "text": "Oplysningerne er med, fordi udvalget på mødet den 13. marts 2023 besluttede, at udvalget ønsker "
                          "en sag om rekruttering."})
    [link] = take_ups(fu, [], lambda text, k: [told], matter_words={"rekruttering"})
    assert (link.rule, link.lead) == ("told", False)


def test_a_later_item_naming_an_earlier_draft_than_the_one_promised_has_not_taken_it_up():
    # "… forelægger herefter 3. udkast af Børne- og Ungepolitik": the second draft sent for hearing came between
    fu = promise(meeting_date="2023-01-10", case_number=None, item_title="1. udkast af Børne- og Ungepolitik 2023-2026",
                 text="Administrationen samler op på høringssvar og forelægger herefter 3. udkast af Børne- og Ungepolitik.",
                 what="forelægger herefter 3. udkast af Børne- og Ungepolitik")
    second = Hit(**{**vars(item(SU, "2023-02-07", "3", "Børne- og Ungepolitik 2023-2026, 2. udkast til udsendelse i høring",
                                "23-000001")), "score": 0.94, "text": "Andet udkast til børne- og ungepolitikken."})
    final = Hit(**{**vars(item(SU, "2023-04-25", "6", "Børne- og Ungepolitik 2023-2026, endelig godkendelse", "23-000001")),
                   "score": 0.93, "text": "Endelig godkendelse af børne- og ungepolitikken."})
    links = take_ups(fu, [], lambda text, k: [second, final], matter_words={"ungepolitik"})
    assert [link.paragraph_id for link in links][:1] == [final.id]


def test_at_one_meeting_the_cases_own_item_comes_before_a_split_off_one_sharing_only_the_promises_item_title():
    # Plan- og Tryghedsudvalget 14 March 2023, "Prioritering af lokalplaner": the review asked for came on 23 May as the
    # case's own item 4; item 3 beside it, a local plan's supplement, shares only "lokalplan" with what was asked
    fu = promise(meeting_date="2023-03-14", case_number="19-011922K", item_title="Prioritering af lokalplaner - marts 2023",
                 text="Udvalget ønsker på et kommende møde, at administrationen systematisk gennemgår de lokalplaner der "
                      "fremgår af bilag 1.",
                 what="at administrationen systematisk gennemgår de lokalplaner der fremgår af bilag 1")
    review = Hit(**{**vars(item(SU, "2023-05-23", "4", "Gennemgang af den samlede lokalplanportefølje (maj 2023)",
                                "19-011922K", position=4)), "text": "En systematisk gennemgang af porteføljen."})
    supplement = Hit(**{**vars(item(SU, "2023-05-23", "3", "Forslag til Tillæg nr. 1 til Lokalplan nr. 12.50",
                                    "23-004353", position=3)), "score": 0.918, "text": "Forslag til tillæg til lokalplanen."})
    links = take_ups(fu, [review, supplement], lambda text, k: [supplement], matter_words={"systematisk"})
    assert [link.paragraph_id for link in links][:1] == [review.id]
