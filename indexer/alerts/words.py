"""The words of digests, a saved search's feed and the unsubscribe page, as data: a
`DigestWords` per language a follow can be made in ("da", "en"), and which of them an address's
digest is written in.

A follow keeps the language of the screen (or API call) it was made from; an address's digest
(and an unsubscribe page naming several follows) speaks the language of most of its follows
(Danish on a tie, and for follows made before a follow kept one). Citations are not words of
the digest: they stay as the archive has them.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from indexer.present.wording import ENGLISH as ENGLISH_WORDING, Wording
from indexer.present.minutes import told_outcome


@dataclass(frozen=True)
class DigestWords:
    """The words of a digest e-mail in one language (defaults: Danish)."""

    # long dates ("20. juni 2019" / "20 June 2019") and the app's words for copies ("Også i" / "Also in")
    dates: Wording = Wording()
    archive: str = "Mødearkivet"  # the subject's first word
    week: str = "uge {week} {year}"
    new_one: str = "nyt fund"
    new_many: str = "nye fund"
    news: str = "Nyt i mødearkivet ({when}): {count} {found}."
    theme_many: str = "fra {count} overvågninger"
    theme_search: str = "om »{query}«"
    theme_body: str = "fra {body}"
    # a case, a document's follow-ups: the name, capitalised alone, lowered inside the subject
    theme_other: str = "om {name}"
    outcomes: Mapping[str, str] = field(default_factory=lambda: {
        "approved": "godkendt", "rejected": "forkastet", "postponed": "udsat", "noted": "taget til efterretning",
        "recommended": "anbefalet", "sent_on": "sendt videre", "unknown": "ukendt udfald", "discussed": "drøftet",
        "nothing_to_decide": "intet at beslutte"})
    statuses: Mapping[str, str] = field(default_factory=lambda: {
        "open": "åben", "done": "udført", "dismissed": "afvist"})
    decision: str = "Beslutning ({outcome})"
    meeting: str = "Nyt fra mødet"
    document: str = "Nyt dokument i sagen"
    follow_up: str = "Opfølgning markeret {status}"
    taken_up: str = "Opfølgning taget op igen"
    # found by similarity, beside the case or by an occasion (`FollowUpLink.lead`): a lead for the reader to check
    taken_up_similar: str = "Opfølgning muligvis taget op igen"
    other: str = "Nyt fund"
    # a new paragraph in a document that replaced a version of itself (a corrected meeting): a correction
    changed: str = "Rettet tekst"
    problem: str = "Overvågningen kan ikke længere tjekkes: {text}"
    item: str = "punkt"
    # a meeting's entry: how many items its agenda has
    agenda_one: str = "1 punkt på dagsordenen"
    agenda_many: str = "{count} punkter på dagsordenen"
    promise: str = "Løftet"
    note: str = "Note"
    read: str = "Læs i mødearkivet"
    the_search: str = "Søgningen i mødearkivet"
    original: str = "Originalen"
    more: str = "… og {count} fund mere."
    # a saved search's feed: what it holds
    feed_news: str = "Nye fund siden {when}, det seneste først"
    all_news: str = "Alle nye fund i søgningens feed"
    stop_one: str = "Stop denne overvågning"
    stop_all: str = "Stop alle overvågninger for {email}"
    # a follow in a few words: digest headings ("Søgning »husleje« (Socialudvalget; fra 2019-01-01)")
    search: str = "Søgning »{query}«"
    date_from: str = "fra {date}"
    date_to: str = "til {date}"
    case: str = "Sag {target}"
    body: str = "Organ: {target}"  # a committee, the council, a board
    follow_ups: str = "Opfølgning på {target}"
    # the unsubscribe page (GET and POST /unsubscribe/{token})
    stop_title: str = "Stop e-mails fra mødearkivet"
    stop_intro: str = "Dette link stopper e-mails til {email} om:"
    stop_button: str = "Stop e-mails"
    stop_not_yet: str = "Intet er stoppet, før du trykker på knappen."
    stopped: str = "Du får ikke flere e-mails om dette fra mødearkivet."
    nothing_left: str = "Der er ikke mere at stoppe: overvågningen er allerede slået fra."
    link_invalid: str = "Dette link er ikke gyldigt. Kopiér hele linket fra e-mailen, eller skriv til sekretariatet."
    # asking an address to confirm a follow made in its name (double opt-in): the mail and the pages
    confirm_subject: str = "Bekræft: {name}"
    confirm_intro: str = ("Nogen (forhåbentlig dig) har bedt mødearkivet om at sende e-mails til {email} "
                          "om: {name}.")
    confirm_ask: str = "Intet sendes, før du bekræfter. Bekræft her:"
    confirm_ignore: str = ("Har du ikke bedt om det, så se bort fra denne e-mail: uden bekræftelse "
                           "slettes overvågningen efter {days} dage.")
    confirm_title: str = "Bekræft e-mails fra mødearkivet"
    confirm_button: str = "Bekræft"
    confirm_not_yet: str = "Intet er bekræftet, før du trykker på knappen."
    confirmed: str = "Tak. Du får nu e-mails {when} om dette, når der er nyt."
    already_confirmed: str = "Overvågningen er allerede bekræftet."
    confirm_gone: str = "Overvågningen findes ikke længere: den blev ikke bekræftet i tide eller er stoppet."
    when: Mapping[str, str] = field(default_factory=lambda: {"daily": "dagligt", "weekly": "ugentligt"})
    # a digest entry standing for several paragraphs of one agenda item
    paragraphs: str = "{count} afsnit"
    page: str = "side"
    case_word: str = "sag"
    undated: str = "udateret"

    def decided(self, outcome: str | None, text: str | None = None) -> str:
        """A decision's heading with its outcome in these words: "Beslutning (godkendt)"; an item only
        discussed (`text`: "Udvalget drøftede sagen"), "Beslutning (drøftet)"; one with nothing to decide
        ("Temamødet blev holdt."), "Beslutning (intet at beslutte)"."""
        outcome = told_outcome(outcome, text)
        return self.decision.format(outcome=self.outcomes.get(outcome, outcome or ""))

    def agenda(self, count: int) -> str:
        """A meeting's agenda in a few words: "4 punkter på dagsordenen" / "4 agenda items"."""
        return self.agenda_one if count == 1 else self.agenda_many.format(count=count)


DANISH = DigestWords()
ENGLISH = DigestWords(
    dates=ENGLISH_WORDING, archive="Meeting archive", week="week {week} {year}",
    new_one="new find", new_many="new finds", news="New in the meeting archive ({when}): {count} {found}.",
    theme_many="from {count} follows", theme_search="on “{query}”", theme_body="from {body}",
    theme_other="on {name}",
    outcomes={"approved": "approved", "rejected": "rejected", "postponed": "postponed", "noted": "noted",
              "recommended": "recommended", "sent_on": "sent on", "unknown": "outcome unknown",
              "discussed": "discussed", "nothing_to_decide": "nothing to decide"},
    statuses={"open": "open", "done": "done", "dismissed": "dismissed"},
    decision="Decision ({outcome})", meeting="New from the meeting", document="New document in the case",
    follow_up="Follow-up marked {status}", taken_up="Follow-up taken up again",
    taken_up_similar="Follow-up possibly taken up again", other="New find", changed="Corrected text",
    problem="This follow can no longer be checked: {text}", item="item", agenda_one="1 agenda item",
    agenda_many="{count} agenda items", promise="The promise", note="Note",
    read="Read in the meeting archive", the_search="The search in the meeting archive", original="The original",
    more="… and {count} more finds.", feed_news="New finds since {when}, the latest first",
    all_news="All new finds in the search's feed", stop_one="Stop this follow", stop_all="Stop all follows for {email}",
    search="Search “{query}”", date_from="from {date}", date_to="to {date}", case="Case {target}",
    body="Body: {target}", follow_ups="Follow-ups of {target}",
    stop_title="Stop e-mails from the meeting archive", stop_intro="This link stops e-mails to {email} about:",
    stop_button="Stop e-mails", stop_not_yet="Nothing is stopped until you press the button.",
    stopped="You will get no more e-mails about this from the meeting archive.",
    nothing_left="There is nothing left to stop: the follow is already off.",
    link_invalid="This link is not valid. Copy the whole link from the e-mail, or write to the secretariat.",
    confirm_subject="Confirm: {name}",
    confirm_intro="Someone (hopefully you) asked the meeting archive to send e-mails to {email} about: {name}.",
    confirm_ask="Nothing is sent until you confirm. Confirm here:",
    confirm_ignore="If you did not ask for it, ignore this e-mail: unconfirmed, the follow is deleted after "
                   "{days} days.",
    confirm_title="Confirm e-mails from the meeting archive", confirm_button="Confirm",
    confirm_not_yet="Nothing is confirmed until you press the button.",
    confirmed="Thank you. You will now get e-mails {when} about this when there is news.",
    already_confirmed="The follow is already confirmed.",
    confirm_gone="The follow no longer exists: it was not confirmed in time, or it was stopped.",
    when={"daily": "daily", "weekly": "weekly"}, paragraphs="{count} paragraphs", page="page", case_word="case",
    undated="undated")
WORDS = {"da": DANISH, "en": ENGLISH}


def digest_language(languages: Iterable[str | None]) -> str:
    """The language of an address's digest: that of most of its follows, Danish on a tie."""
    counts = Counter(language if language in WORDS else "da" for language in languages)
    return "en" if counts["en"] > counts["da"] else "da"
