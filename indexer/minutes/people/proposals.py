"""Proposals: a paragraph (or a `Hit`) in; the proposals it says someone made (`Proposal`: who, what, the
sentence) out: "Forslag fra … om …", "X fremsatte følgende forslag", "X stiller forslag om …",
"budgetforslag fremlagt af X". A party's proposal is the party's, a member's the member's ("V, D og
Liselott Blixt (UP) stiller forslag …": Liselott Blixt's).

A proposal is the paragraph's meeting's only where that meeting's record makes or treats it (its decision,
its debate, the item that puts it before the body). What the case's history ("Sagens forløb": `is_history`)
or a sentence telling of an earlier meeting reports (`EARLIER_MEETING`: "Regionsrådet besluttede på sit møde
den 21. august … efter forslag fra Hans Toft (C) …", "Dette er en opfølgning på initiativretsforslag fra
Venstre …"), or the case's description in the past tense ("Venstre stillede forslag om …" under Sagsbeskrivelse),
was proposed elsewhere, at that meeting, and is no proposal here. A vote's result naming whose proposal it was
("Med stemmerne 18 for og 2 imod godkendte Byrådet … budgetforslag fremlagt af …") is a vote, listed as one.

The same proposal before several meetings of one case (the budget going from Økonomiudvalget to Byrådet, its
description quoting the proposals word for word) is one proposal, at its first meeting with the later ones
(`one_per_case`).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from typing import Iterable

from indexer.minutes.fields import COUNTS
from indexer.minutes.items import normalise, sentences
from indexer.minutes.promises import is_decision_section, is_history
from indexer.minutes.people.names import _PARTY_CODE, clean_name, split_name
from indexer.records import Paragraph


@dataclass(frozen=True)
class Before:
    """A later meeting that had a proposal before it again (`Proposal.later`)."""

    body: str | None
    date: str | None
    item_number: str | None
    item_title: str | None
    document: str
    paragraph_id: str
    page: int | None = None


@dataclass(frozen=True)
class Proposal:
    """A proposal the record says someone made, with the sentence that says so."""

    proposer: str  # as written: "V", "Liselott Blixt (UP)", "Enhedslisten og SF"
    names: tuple[str, ...]  # the members it names (parties left out)
    text: str  # the sentence
    what: str | None  # what was proposed, where the sentence says ("om …")
    document: str
    paragraph_id: str
    body: str | None = None
    date: str | None = None
    item_number: str | None = None
    item_title: str | None = None
    page: int | None = None
    speaker: str | None = None  # the speaker of the paragraph, where the record has one
    case_number: str | None = None
    later: tuple[Before, ...] = ()  # the later meetings of its case that had it before them (`one_per_case`)
    # the party whose proposal it was, where it is one of that party's members' (`gather.party_proposals_of`)
    by_party: str | None = None

    def to_json(self) -> dict:
        data = asdict(self)
        data["names"] = list(self.names)
        data["later"] = [asdict(x) for x in self.later]
        return data


# Who proposed: up to eight parties or members, "(Ø)", "V", "Enhedslisten", "Liselott Blixt (UP-1)", joined by
# ", " and " og "; a lower-case group word before them ("partierne (V), (A) og …") is not part of it.
_ONE = rf"(?:\({_PARTY_CODE}\)|[A-ZÆØÅ][\w.\-]*(?: [A-ZÆØÅ][\w.\-]*){{0,4}}(?: \({_PARTY_CODE}\))?)"
_WHO = rf"(?:(?:forligs)?parti?erne[;:,]? )?(?P<who>{_ONE}(?:(?:, | og ){_ONE}){{0,7}})"
# What was proposed: the rest of the sentence ("12.50" is a number, "vedr. saunaen" an abbreviation, not its
# end), after "om", "vedr.", "til" or ":" ("til realitetsbehandling" is where it goes, not what it is).
_WHAT = r"(?P<what>(?:[^.;]|\.(?=\d|\s[a-zæøå])){3,300})"
_ABOUT = r"(?:\s*:|\s+(?:om|vedr\.?|vedrørende|til beslutning|til(?! beslutning| realitetsbehandling)))\s*"
# The forms, as tables: the kinds of proposal, the verbs before one, the participles after one.
_KINDS = ("ændrings", "underændrings", "initiativrets", "medlems", "beslutnings", "budget")
_MADE_VERBS = ("fremsatte", "fremsætter", "stillede", "stiller", "fremlagde", "fremlægger")
_BY_VERBS = ("fremlagt", "fremsendt", "fremsat", "stillet")
_KIND = rf"(?i:(?:{'|'.join(_KINDS)})?forslag)"  # "forslaget fra V" is one made before, not a new one
_FORMS = (
    # "Forslag fra V om …", "Ændringsforslag fra Liselott Blixt (UP) om …", "Forslag fra Ø: …",
    # "Initiativretsforslag fra Enhedslisten vedr. …", "Budgetforslag fra forligsparterne; Venstre, …"
    re.compile(rf"\b{_KIND} fra {_WHO}(?:{_ABOUT}{_WHAT})?"),
    # "(Ø) fremsatte følgende forslag til beslutning: …", "Mehmet Zeki Dogru (Ø) stiller forslag om, at …",
    # "V og D stiller forslag om at …"
    re.compile(rf"(?:^|[.:;]\s+|\n){_WHO} (?:{'|'.join(_MADE_VERBS)}) (?:følgende |et |sit |sine )?{_KIND}"
               rf"(?:{_ABOUT}{_WHAT})?"),
    # "budgetforslag fremlagt af (Ø)", "budgetforslag og underændringsforslag fremsendt af forligspartierne (V),
    # (A), …, Liselott Blixt (UP-1) og (F)", "initiativretsforslag stillet af Venstre om …": the kind of
    # proposal is what, unless the sentence goes on to say
    re.compile(rf"(?P<kind>\b{_KIND}(?: (?:og|med) \w*forslag)?(?: \([^()]{{1,40}}\))?) "
               rf"(?:{'|'.join(_BY_VERBS)}) af {_WHO}(?:{_ABOUT}{_WHAT})?"),
)
# Words every sentence the forms read holds one of, for the store to find those paragraphs first: every form
# names the proposal.
PROPOSAL_WORDS = ("forslag",)
# what "fra" does not mean a proposer: an authority, a citizens' assembly, the administration, a pronoun
_NOT_PROPOSER = re.compile(r"^(?:Regeringen|Ministeriet|Administrationen|Forvaltningen|Direktionen|Ledelsen|"
                           r"MED|Greve|KL|Kommune\w*|Borger\w*|Klimaborgersamling\w*|Bestyrelsen|Staten"
                           r"|(?:De|Det|Den|Der|Vi|Han|Hun|Man)$)(?!\w)", re.I)

# A sentence telling of an earlier meeting or proposal: its proposal was made there, not here.
_DAY = r"den \d{1,2}\.?\s*(?:\d{1,2}\.|[a-zæøå]+)"  # "den 21. august", "den 1. november 2021", "den 7.10."
EARLIER_MEETING = tuple(re.compile(form, re.I) for form in (
    rf"\bpå (?:sit|sine|deres|dets|hans|hendes|sidste|seneste|et tidligere|tidligere)? ?møde(?:t)? {_DAY}",  # "på sit møde den 21. august"
    rf"\b(?:besluttede|vedtog|behandlede|godkendte|afviste|drøftede) (?:\w+ ){{0,3}}{_DAY}",  # "Byrådet besluttede den …"
    rf"\bhar (?:\w+ ){{0,2}}{_DAY}",                                              # "Byrådet har den 7. oktober …"
    r"\bopfølgning på (?:\w+ ){0,2}\w*forslag",                                  # "Dette er en opfølgning på initiativretsforslag …"
))


# A proposal told in the past tense ("Venstre stillede forslag om, at sagen sendes til realitetsbehandling …"):
# in a decision or a debate it is this meeting's; in the case's description, one made before.
_MADE_BEFORE = re.compile(r"\b(?:stillede|fremsatte|fremlagde)\b")


def _told_outside_the_decision(sentence: str, paragraph: Paragraph) -> bool:
    return (bool(_MADE_BEFORE.search(sentence)) and not paragraph.speaker and bool(paragraph.heading)
            and not is_decision_section(paragraph.heading))


def reports_earlier_meeting(sentence: str) -> bool:
    """Whether a sentence tells what an earlier meeting did (its proposal is that meeting's)."""
    return any(form.search(sentence) for form in EARLIER_MEETING)


def proposals_in(paragraph: Paragraph, body: str | None = None, date: str | None = None) -> list[Proposal]:
    """The proposals a paragraph (or a `Hit`) says someone made, in order; `body` and `date` are its
    meeting's."""
    out: list[Proposal] = []
    if is_history(paragraph.heading) or (paragraph.heading or "").strip().casefold() == "bilag":
        return out  # the case's history quotes what earlier meetings were proposed; its attachments are named
    said = list(sentences(paragraph))
    for at, sentence in enumerate(said):
        text = sentence.text
        # "(Ø) fremsatte følgende forslag til beslutning:" says what it was in the sentence after it
        told = f"{text} {said[at + 1].text}" if text.rstrip().endswith(":") and at + 1 < len(said) else text
        if reports_earlier_meeting(text) or _told_outside_the_decision(text, paragraph):
            continue  # background: proposed at the meeting it tells of
        if COUNTS.search(text):
            continue  # a vote's result: the votes list it, whose proposal it was with it
        for pattern in _FORMS:
            for m in pattern.finditer(text):
                who = clean_name(m.group("who"))
                if not who or _NOT_PROPOSER.match(who.strip("()")):
                    continue
                names = tuple(n.name for n in map(split_name, re.split(r",\s*| og ", who)) if n.is_person)
                what = clean_name(m.group("what") or m.groupdict().get("kind")) or None
                if told != text and (not m.group("what") or m.group("what").strip() in ("", ":")):
                    what = clean_name(said[at + 1].text) or what
                out.append(Proposal(who, names, told, what, paragraph.document, paragraph.id, body, date,
                                    paragraph.item_number, paragraph.item_title, paragraph.page, paragraph.speaker,
                                    paragraph.case_number))
    return out


def one_per_case(proposals: Iterable[Proposal]) -> list[Proposal]:
    """Each proposal once, by date: one made by the same proposer in the same words at a later meeting of the
    same case (of the same item title where no case number is given) is the same proposal put before the next
    body, kept as its `later` meetings; the same words at another case are another proposal. One agenda item naming
    the same proposer's proposal of one kind twice (its title "Initiativretsforslag fra Venstre vedr.
    tilbageregulering af temperaturen …", then "Sagen indeholder et initiativretsforslag fra Venstre vedr. …";
    "- Budgetforslag fra Enhedslisten (bilag 2)", then "Enhedslisten anbefaler budgetforslag fremsendt af
    Enhedslisten") names one proposal, unless each says what and they say other things; a budget proposal and a
    sub-amendment of the same parties are two."""
    first: dict[tuple, Proposal] = {}
    told: dict[tuple, list[str]] = {}  # (proposer, kind, document, item) → what each proposal kept says
    for p in sorted(proposals, key=lambda x: (x.date or "9999", x.document)):
        said = told.setdefault((normalise(p.proposer), _kind(p.text), p.document, p.item_number), [])
        what = normalise(p.what or "")
        if any(not what or not other or what.startswith(other) or other.startswith(what) for other in said):
            continue
        said.append(what)
        key = (normalise(p.proposer), normalise(p.text), p.case_number or normalise(p.item_title or p.document))
        seen = first.get(key)
        if seen is None:
            first[key] = p
        elif p.document != seen.document and p.document not in {x.document for x in seen.later}:
            first[key] = replace(seen, later=(*seen.later, Before(p.body, p.date, p.item_number, p.item_title,
                                                                  p.document, p.paragraph_id, p.page)))
    return list(first.values())


def _kind(text: str) -> str:
    """The kind of proposal a sentence names ("initiativretsforslag", "budgetforslag", "underændringsforslag")."""
    found = re.search(r"\w*forslag", text, re.I)
    return found.group().casefold() if found else ""


def by_date(proposal: Proposal) -> tuple:
    """A proposal's place in a person's list: by meeting date (undated last), document and item."""
    return proposal.date or "9999", proposal.document, proposal.item_number or ""
