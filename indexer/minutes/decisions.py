"""Decisions: a document's record and paragraphs in, the `Decision`s its text states out.

In:  one `Record` and its `Paragraph`s in reading order (from `ingest.ingest_file`).
Out: one `Decision` per decision statement, with the agenda item it belongs to, an
     outcome, the votes where they are stated, party remarks appended to it and the
     paragraph it came from.

Rule-based on the fixed forms the records use:
* municipal minutes: a "Beslutning" section or line ("Sundheds- og Forebyggelsesudvalgets
  beslutning den 04.12.2012 Punkt 2 Indstillingen godkendt"), "Indstillingen blev
  godkendt", "Tiltrådt", "Udsat", "Taget til efterretning", "Sagen sendes til …",
  "Oversendes til …", "Indstilles til godkendelse", amendments "…, som blev vedtaget
  enstemmigt", votes "For stemte: A, B …", "Imod stemte: …", "Undlod at stemme: …",
  remarks "X ønskede tilført beslutningen …", "X afgav protokolbemærkning om: …";
* parliament: the chair's "Det er vedtaget", "Lovforslaget er vedtaget", "Ændringsforslaget
  er forkastet", "… henvises til <udvalg>. … Det er vedtaget" (sent on), votes "For stemte
  53 (DF, V …), imod stemte 49 (S, EL …), hverken for eller imod stemte 0".
A recommendation ("indstiller, at … godkendes"), a past decision told as background
("Socialudvalget vedtog den 21. januar …") or a conditional ("hvis det bliver vedtaget")
is not a decision. A decision section whose words match no rule gives outcome "unknown":
an outcome is never guessed.

A meeting system's items (`Record.file_type` "firstagenda", "edoc", "sbsys": paragraphs carry
the item and the field's name as heading) give one decision per item, read from the whole
decision field by `indexer/minutes/fields.py` (its tables: Greve's "Anbefales", "Økonomiudvalget
anbefaler overfor Byrådet, at …" → "recommended" with `recommended_to`, "Med stemmerne 17 for og 2
imod …", "(Ø) undlod at tage stilling", remarks "med bemærkning om, at …", each point's outcome).
Other minutes are read sentence by sentence as above, in sections headed "Beslutning",
"Beslutninger", "Udvalgets beslutning", "Byrådets beslutning den …", "Afgørelse"; the case's
history ("Sagens forløb", "Tidligere beslutninger") is never read for decisions: what it quotes
was decided at earlier meetings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from indexer.ingest.metadata import parse_date
from indexer.minutes import fields
from indexer.minutes.items import (MEETING_SYSTEMS, ItemRef, ItemTracker, Sentence, from_meeting_system, normalise,
                                   sentence_digest, sentences)
from indexer.records import Decision, Paragraph, Record, Vote

OUTCOMES = ("approved", "rejected", "postponed", "noted", "recommended", "sent_on", "unknown")
__all__ = ["OUTCOMES", "MEETING_SYSTEMS", "Decision", "extract_decisions", "is_decision_field", "item_decision",
           "parse_votes", "stable_id"]


def item_decision(decisions: Sequence[Decision]) -> Decision | None:
    """An agenda item's own decision among those stated on it: the last (amendments come before it),
    leaving out the further decisions a meeting system's field adds after it (`fields.further_decisions`)."""
    own = [d for d in decisions if not fields.opens_further_decision(d.text)]
    return (own or list(decisions) or [None])[-1]


def stable_id(content_hash: str, text: str, occurrence: int = 0) -> str:
    """A decision's id: the document's content plus the sentence itself."""
    return f"{content_hash[:16]}-{sentence_digest(content_hash, text, occurrence)[:12]}"


# --- decision rules ----------------------------------------------------------

_SUBJECT = (
    r"(?:Det|De|Den|Indstillingen(?:s \d+\. at-punkt)?|Indstillingerne|Forslaget(?: til folketingsbeslutning)?|"
    r"Lovforslaget|Ændringsforslaget|Ændringsforslagene|Beslutningsforslaget|Udvalgets indstilling|"
    r"Dagsorden(?:en)?|Referatet(?: [^\n]{0,80}?)?|Sagen|Punktet|Orienteringen|Meddelelserne|"
    r"(?:Herefter er )?(?:alle )?[Mm]andaterne(?: [^.]{0,60}?)?|Budgettet|Planen|Redegørelsen)"
)
_ADVERBS = r"(?:(?:således|hermed|derfor|herefter|enstemmigt|endeligt|ligeledes|dermed)\s+)*"
_RESULT = re.compile(
    rf"^{_SUBJECT}\s+(?:blev|er|bliver)\s+{_ADVERBS}(?P<neg>ikke\s+)?{_ADVERBS}"
    r"(?P<verb>godkendt|vedtaget|tiltrådt|forkastet|udsat|taget til efterretning|"
    r"sendt (?:videre )?til|oversendt til|henvist til|afvist|anbefalet)\b"
)
# "Der blev begæret afstemning om ændringsforslaget, som blev vedtaget enstemmigt."
_RELATIVE = re.compile(r"\bom (?P<motion>[^,]{3,120}), som blev (?P<neg>ikke )?(?P<verb>vedtaget|godkendt|forkastet)\b")
# A decision line in a minutes' decision section: the outcome stands alone.
_BARE = re.compile(
    r"^(?:(?P<ind>Indstillingen|Indstillingerne|Anbefalingen|Sagen|Punktet)\s+)?(?P<neg>ikke\s+)?"
    r"(?P<verb>godkendt|godkendes|tiltrådt|tiltrædes|anbefales godkendt|anbefales til godkendelse|anbefalet|"
    r"anbefales|vedtaget|udsat|udsættes|taget til efterretning|tages til efterretning|indstilles til godkendelse|"
    r"forkastet|afvist|drøftet)\b(?P<rest>.*)$",
    re.I,
)
_SENT_ON = re.compile(r"^(?:Sagen|Punktet|Forslaget|Indstillingen)?\s*(?:sendes|oversendes|videresendes|henvises)\s+(?:videre\s+)?til\b|^Oversendes til\b", re.I)
_REFERRAL = re.compile(r"\b(?:foreslår, at|betragter jeg det som vedtaget, at)\s+(?P<motion>[^.]{3,160}?)\s+henvises til (?P<to>[^.,]{3,120})")
_CHARS = r"(?:[^.\n]|\.(?=\S))"  # a period inside "nr.1" or "hr.Jensen" does not end the phrase
_CONSIDER = re.compile(
    rf"betragte[r]?(?: jeg)? det som vedtaget, at (?P<motion2>{_CHARS}{{3,200}})|"
    rf"betragte[r]?\s+(?:jeg\s+)?(?P<motion>{_CHARS}{{3,200}}?)\s+som vedtaget"
)
_PROPOSE = re.compile(r"\bforeslår, at (?P<motion>[^,.]{3,160})")
_ASKED_ON = re.compile(r"\bom (?P<motion>ændringsforslag[^?]{1,160})\?")
_VOTE_ON = re.compile(r"^Der stemmes (?:nu )?om (?P<motion>[^.]{3,200})")
# "Beslutning:", "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2 …", "Byrådets beslutning
# den 15. januar 2013 Godkendt.";
# not "Beslutningen træffes af …" (who decides) nor "INDSTILLING OG BESLUTNING" (the recommendation).
_HEADER = re.compile(
    r"^(?:[A-ZÆØÅ][\w\-]*(?:\s+(?:og|for|i)\s+[\w\-]+)*s\s+)?[Bb]eslutning"
    r"(?:\s+i\s+[A-ZÆØÅ][\w\-]*(?:,?\s+(?:og\s+)?[\w\-]+)*?(?=\s+den\s))?"  # "Beslutning i Byrådet den …"
    r"(?:\s+den\s+(?P<day>\d{1,2}[.\-/]\s?\d{1,2}[.\-/]\s?\d{2,4}|\d{1,2}\.\s*[a-zæøå]+\s+\d{4}))?"
    r"(?:\s+(?:Punkt|Pkt\.)\s+(?P<item>\d{1,3}))?(?:\s*:\s*|\s+|$)(?P<rest>.*)$"
)
_SECTION_HEADING = re.compile(
    r"^(?:[\w\-]+(?:,?\s+(?:og\s+)?[\w\-]+)*s\s+)?(?:beslutning(?:er)?|afgørelse)"
    r"(?:\s+i\s+[\w\-]+(?:,?\s+(?:og\s+)?[\w\-]+)*?(?=\s+den\b))?(?:\s+den\b.*)?"
    r"(?:\s+(?:Punkt|Pkt\.)\s+\d{1,3})?:?$", re.I)
# A decision heading naming another body and another day ("Økonomiudvalgets beslutning den 8. januar 2013",
# "Beslutning i Økonomiudvalget den 8. januar 2013" in the Byråd's minutes of 15 January): the case's history,
# told above this meeting's own decision.
_OWNER = re.compile(r"^(?:(?P<owner>[\w\-]+(?:,?\s+(?:og\s+|for\s+|i\s+)?[\w\-]+)*?)s\s+(?:beslutning|afgørelse)"
                    r"|(?:beslutning|afgørelse)\s+i\s+(?P<named>[\w\-]+(?:,?\s+(?:og\s+)?[\w\-]+)*?)\s+den\s)", re.I)


def _earlier_decision(heading: str, record: Record) -> bool:
    """Whether a decision heading is another body's at an earlier meeting: it names a body that is not
    the minutes' own ("Udvalgets beslutning" names none) and a day that is not the meeting's. Either
    alone says too little: minutes name their own body in many ways ("SFU"), and a heading's day may be
    left out."""
    m = _OWNER.match(heading.strip())
    day = parse_date(heading) if m else None
    if m is None or not record.body or not record.meeting_date or day is None or day == record.meeting_date:
        return False
    owner, own = (m.group("owner") or m.group("named")).casefold(), " ".join(record.body.casefold().split())
    if owner in ("udvalget", "mødet"):
        return False
    # "Byrådets" and "Byråd 2022-2025", "Sundheds- og Forebyggelsesudvalgets" and "… Forebyggelsesudvalget"
    return not (own.startswith(owner[:max(5, len(owner) - 2)]) or owner.startswith(own[:max(5, len(own) - 2)]))


# The case's history: earlier decisions quoted there are not this meeting's.
_HISTORY_HEADING = re.compile(r"^(?:sagens forløb|tidligere beslutning(?:er)?|tidligere behandling(?:er)?|"
                              r"historik|sagens historik|forløb)\b", re.I)
_REMARK = re.compile(
    r"(?:ønskede? (?:at få )?tilført beslutningen|ønskede? ført til protokol|afgav protokolbemærkning|"
    r"tog forbehold|med denne bemærkning|med følgende bemærkning|protokolbemærkning)",
    re.I,
)
_UNANIMOUS = re.compile(r"\benstemmig(?:t)?\b|uden afstemning", re.I)
_NONE_AGAINST = re.compile(r"ingen stemte imod", re.I)


def _quote_marks(text: str) -> int:
    """How many quotation marks a text holds (”, “, », « and straight ones)."""
    return sum(text.count(mark) for mark in "”“»«\"")


def _unanimous(text: str, votes, against: int | None = None) -> bool:
    """Whether a decision was unanimous: the minutes say so ("enstemmigt"), or nobody voted against
    and nobody abstained ("12 for og ingen imod", then "(A), (C) og (F) undlod" is not unanimous)."""
    if _UNANIMOUS.search(text):
        return True
    if any(v.position == "abstained" or (v.position == "against" and v.count != 0) for v in votes):
        return False
    return bool(_NONE_AGAINST.search(text)) or against == 0 or any(
        v.position == "against" and v.count == 0 for v in votes)


_VOTE_PART = re.compile(
    r"(?P<label>For stemte|Imod stemte|Hverken for eller imod(?: stemte)?|Undlod at stemme|Undlod)\s*:?\s*",
    re.I,
)
# "Hvis ingen gør indsigelse, betragter jeg Tingets samtykke som givet."
_CONSENT = re.compile(r"betragter jeg (?:\w+ )?samtykke(?:t)? som givet")
_NOT_ABOUT_AN_ITEM = re.compile(r"^(?:Mødet|Møde)\b")
# A quoted text or a proposed point ("”1. at Socialudvalget godkender …", "at der …") is what was put
# to the vote, not its outcome.
_QUOTED_OR_PROPOSED = re.compile(r"^[”“\"»«„]|^(?:\d+\.\s*)?at\b", re.I)
_CONDITIONAL = re.compile(r"^(?:Hvis|Såfremt|Når|Skulle|Dersom|Om)\b", re.I)


def _outcome(verb: str, negated: bool) -> str:
    verb = verb.lower()
    if negated:
        return "rejected" if verb.startswith(("godkend", "vedtag", "tiltr", "anbefal")) else "unknown"
    if verb.startswith("anbefal"):
        return "recommended"  # "Anbefales", "Indstillingen anbefales godkendt": to another body
    if verb.startswith(("godkend", "vedtag", "tiltr")) and "indstilles" not in verb:
        return "approved"
    if verb.startswith(("forkast", "afvis")):
        return "rejected"
    if verb.startswith("uds"):
        return "postponed"
    if "efterretning" in verb or verb.startswith("drøftet"):
        return "noted"
    if verb.startswith(("sendt", "oversendt", "henvist", "indstilles")):
        return "sent_on"
    return "unknown"


def parse_votes(text: str) -> list[Vote]:
    """The votes a sentence states: "For stemte 53 (DF, V og KF), imod stemte 49 (S, EL)…",
    "For stemte: A og F (12)", "For stemte: Ø (1) / Imod stemte: A, V og F (18)", "For stemte: (A), (F)"."""
    parts = list(_VOTE_PART.finditer(text))
    votes: list[Vote] = []
    for i, m in enumerate(parts):
        end = parts[i + 1].start() if i + 1 < len(parts) else len(text)
        chunk = re.sub(r"\(ved en fejl\)", "", text[m.end():end]).strip().strip(",;.[]/ ")
        label = m.group("label").lower()
        position = "for" if label.startswith("for") else "against" if label.startswith("imod") else "abstained"
        count_m = re.match(r"(\d+)\b", chunk)
        count = int(count_m.group(1)) if count_m else None
        named, after = (chunk, None) if count_m else fields.count_after(chunk)  # "For stemte: A og F (12)"
        if after is not None:
            chunk, count = named, after
        inside = None if after is not None else re.search(r"\((.*)\)", chunk)  # greedy: "(S, KF og 1 (SF))" keeps the inner one
        names = inside.group(1) if inside else (chunk[count_m.end():] if count_m else chunk)
        names = re.sub(r"\((?:ved en fejl)\)", "", names)
        names = re.sub(r"\s*\d+\s*\(([^()]*)\)", r" \1", names)  # "1 (SF)" → "SF"
        voters = [v.strip(" .()[]") for v in re.split(r",|\bog\b", names) if v.strip(" .()[]")]
        voters = [v for v in voters if not v.isdigit() and len(v) <= 60]
        votes.append(Vote(position, voters, count))
    return votes


def _motion_before(context: list[str]) -> tuple[str | None, str | None]:
    """What the preceding sentences put to the decision, and whether it was a referral."""
    for text in reversed(context):
        m = _REFERRAL.search(text)
        if m:
            return f"{m.group('motion')} henvises til {m.group('to').strip()}", "sent_on"
    for text in reversed(context):
        m = _CONSIDER.search(text)
        if m:
            motion = (m.group("motion") or m.group("motion2")).strip()
            if motion.lower() not in ("det", "dette", "denne"):
                return motion, None
        for pattern in (_PROPOSE, _VOTE_ON, _ASKED_ON):
            m = pattern.search(text)
            if m:
                return m.group("motion").strip(), None
    return None, None


@dataclass
class _Found:
    sentence: Sentence
    text: str
    outcome: str
    motion: str | None = None
    votes: list[Vote] = field(default_factory=list)
    unanimous: bool = False
    item: ItemRef | None = None
    remarks: list[str] = field(default_factory=list)
    votes_for: int | None = None
    votes_against: int | None = None
    recommended_to: str | None = None


def _classify(text: str, in_section: bool) -> tuple[str, str | None] | None:
    """(outcome, motion) if the sentence states a decision, else None."""
    text = text.strip().lstrip("[").rstrip("]").strip()  # "[Det er vedtaget.]" as printed in the record
    m = _CONSENT.search(text)
    if m:
        return "approved", m.group(0)
    if _NOT_ABOUT_AN_ITEM.match(text) or _CONDITIONAL.match(text):
        return None
    m = _RESULT.match(text)
    if m and not (re.match(r"^(?:Det|De|Den) (?:bliver|blev)\b", text) and m.group("verb") not in ("vedtaget", "godkendt", "forkastet")):
        subject = text[: m.start("verb")].split(" blev ")[0].split(" er ")[0].split(" bliver ")[0].strip()
        return _outcome(m.group("verb"), bool(m.group("neg"))), subject
    m = _RELATIVE.search(text)
    if m:
        return _outcome(m.group("verb"), bool(m.group("neg"))), m.group("motion").strip()
    if _SENT_ON.match(text):
        return "sent_on", None
    m = _BARE.match(text.strip())
    if m and (in_section or len(text) <= 60):
        verb = m.group("verb")
        rest = m.group("rest").strip()
        # "Godkendt." or "Indstillingen godkendt med denne bemærkning:"; not "godkendes af KB i …"
        if rest and not re.match(r"^(?:[.,:;]|med\b|i den\b|uden\b|som\b|enstemmigt\b|$)", rest, re.I):
            return None
        if verb.lower().startswith("drøftet") and not in_section:
            return None
        return _outcome(verb, bool(m.group("neg"))), (m.group("ind") or None)
    return None


def extract_decisions(record: Record, paragraphs: Sequence[Paragraph]) -> list[Decision]:
    """The decisions a record states, in reading order.

    Args:
        record: the document's metadata (body and meeting date are copied onto each decision).
        paragraphs: its paragraphs in reading order.

    Returns:
        One `Decision` per decision statement; a decision section with no recognisable
        outcome gives one `Decision` with outcome "unknown".
    """
    if from_meeting_system(record):
        return _field_decisions(record, paragraphs)
    tracker = ItemTracker(record)
    found: list[_Found] = []
    # decision sections ("BESLUTNING", "… beslutning den 04.12.2012 Punkt 2") per item
    section_open = False
    section_item: ItemRef | None = None
    section_start: Sentence | None = None
    section_has_decision = False
    section_text: list[str] = []
    pending_remark: _Found | None = None  # the decision a remark's quoted text goes to
    remark_open = False
    context: list[str] = []  # sentences since the last decision, in this speech/paragraph run
    last_heading: str | None = None
    elsewhere = False  # under another body's decision of an earlier day: the case's history

    def close_section() -> None:
        nonlocal section_open, section_has_decision, section_text, section_start
        if section_open and not section_has_decision and section_start is not None and section_text:
            votes = [v for t in section_text if _VOTE_PART.search(t) for v in parse_votes(t)]
            f = _Found(section_start, " ".join(section_text)[:1000], "unknown", votes=votes, item=section_item)
            f.votes_for, f.votes_against = fields.vote_counts(votes)
            found.append(f)
        section_open, section_has_decision, section_text, section_start = False, False, [], None

    for p in paragraphs:
        if p.is_contents:
            continue
        item = tracker.update(p)
        heading = p.text if p.is_heading else p.heading
        if heading != last_heading:
            last_heading = heading
            context = []
            remark_open = False
            if section_open and section_item != item:
                close_section()
            elsewhere = False
            if heading and _SECTION_HEADING.match(heading.strip()) and not re.search(r"indstilling\b(?! og beslutning)", heading, re.I):
                close_section()
                elsewhere = _earlier_decision(heading, record)
                section_open, section_item = not elsewhere, item
        if p.is_heading:
            continue
        if heading and _HISTORY_HEADING.match(heading.strip()):
            continue  # the case's history: earlier meetings' decisions
        for s in sentences(p):
            text = s.text
            header = _HEADER.match(text)
            explicit_item = item
            if header and _earlier_decision(text, record):
                close_section()
                elsewhere = True
                continue
            if elsewhere and not header:
                continue
            elsewhere = False
            if header and (header.group("item") is not None or header.group("day") is not None
                           or text.lower().startswith("beslutning")):
                close_section()
                if header.group("item"):
                    number = header.group("item")
                    explicit_item = item if item.number == number else ItemRef(number, None)
                section_open, section_item, section_start = True, explicit_item, s
                section_text = [text]
                remark_open = False
                text = header.group("rest").strip()
                if not text:
                    continue
            elif section_open:
                if section_start is None:
                    section_start = s
                section_text.append(text)
            if remark_open and pending_remark is not None and fields.is_attendance(text):
                remark_open = False  # "Følgende deltog ikke i behandlingen af punktet:" ends the remark
            if remark_open and pending_remark is not None:
                pending_remark.remarks[-1] = f"{pending_remark.remarks[-1]} {text}".strip()
                # a quotation closes it: Danish opens a quote with ” too, so it is open while its marks are odd
                # ("C og V afgav protokolbemærkning om:" / "”Venstre og Konservative finder …" / … / "… implementering.”")
                marks = _quote_marks(pending_remark.remarks[-1])
                if marks and marks % 2 == 0:
                    remark_open = False
                continue
            cls = _classify(text, section_open)
            if section_open and found and found[-1].item == section_item and _greve_vote(found[-1], text):
                continue  # "(Ø) undlod at tage stilling.", "Mehmet Zeki Dogru (Ø) stemte imod, da …"
            if cls is None and section_open and not _QUOTED_OR_PROPOSED.match(text):
                outcome = fields.sentence_outcome(text)  # the meeting systems' forms, in a decision section
                cls = (outcome, None) if outcome is not None else None
            if cls is None and _REMARK.search(text) and found:
                target = found[-1]
                if target.item == (section_item if section_open else item) or section_open:
                    target.remarks.append(text)
                    pending_remark = target
                    remark_open = text.rstrip().endswith(":") or _quote_marks(text) % 2 == 1 or "”" not in text
                    continue
            votes = parse_votes(text) if _VOTE_PART.search(text) else []
            if cls is None and votes and section_open and section_has_decision and found \
                    and found[-1].item == section_item and _add_votes(found[-1], votes, text):
                continue  # "Indstillingen godkendt." / "For stemte: A og F (12)" / "Imod stemte: V og Ø (7)"
            if cls is None:
                # "Udvalgets indstilling er vedtaget enstemmigt med 124 stemmer. [For stemte 124 (…)]"
                if votes and text.startswith("[") and found and found[-1].sentence.paragraph is p and not found[-1].votes:
                    found[-1].votes = votes
                context.append(text)
                continue
            outcome, motion = cls
            ctx_motion, ctx_outcome = _motion_before(context)
            if outcome == "approved" and ctx_outcome == "sent_on" and re.match(r"^\[?(?:Det|De|Den) er vedtaget", text):
                outcome = "sent_on"
            if motion in (None, "Det", "De", "Den") and ctx_motion:
                motion = ctx_motion
            # votes stated in the sentences just before ("For stemte …. Lovforslaget er vedtaget")
            if not votes:  # the context is reset after each decision, so these are this one's votes
                votes = [v for prev in context[-3:] if _VOTE_PART.search(prev) for v in parse_votes(prev)]
            decision_text = " ".join([c for c in context[-3:] if _VOTE_PART.search(c) or _CONSIDER.search(c)
                                      or _REFERRAL.search(c) or _VOTE_ON.search(c)] + [text])  # the header left out
            unanimous = _unanimous(decision_text, votes)
            if outcome in ("approved", "noted") and _REMARK.search(text):
                remark_open = True
            f = _Found(s, decision_text, outcome, motion, votes, unanimous,
                       item=section_item if section_open else explicit_item)
            f.votes_for, f.votes_against = fields.counts_of(text)
            if f.votes_for is None:
                f.votes_for, f.votes_against = fields.vote_counts(votes)
            if outcome == "recommended":
                to = fields.recipient(text)
                f.recommended_to = to
            found.append(f)
            if remark_open:
                lead = _REMARK.search(text)
                # the remark without the decision before it ("Indstillingen godkendt med denne bemærkning:");
                # "(V) tog forbehold" keeps who said it
                f.remarks.append(text[lead.end():].strip(" :") if lead.group().casefold().startswith("med ") else text)
                pending_remark = f
            section_has_decision = section_has_decision or section_open
            context = []
    close_section()

    decisions: list[Decision] = []
    seen: dict[str, int] = {}
    for f in found:
        key = normalise(f.sentence.text)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        item = f.item or ItemRef(None, None)
        decisions.append(Decision(
            id=stable_id(record.content_hash, f.sentence.text, occurrence),
            document=record.path,
            body=record.body,
            meeting_date=record.meeting_date,
            item_number=item.number,
            item_title=item.title,
            text=f.text,
            outcome=f.outcome,
            paragraph_id=f.sentence.paragraph.id,
            page=f.sentence.paragraph.page,
            motion=f.motion,
            votes=f.votes,
            unanimous=f.unanimous,
            remarks=f.remarks,
            recommended_to=f.recommended_to,
            votes_for=f.votes_for,
            votes_against=f.votes_against,
            case_number=f.sentence.paragraph.case_number or record.case_number,
        ))
    return decisions


def _add_votes(target: _Found, votes: list[Vote], text: str) -> bool:
    """Vote lines after the decision they are on, in its decision section, added to it; not where it has a
    vote on the same side already (those are another decision's, stated before it)."""
    if {v.position for v in votes} & {v.position for v in target.votes}:
        return False
    target.votes.extend(votes)
    target.text = f"{target.text} {text}"
    target.unanimous = _unanimous(target.text, target.votes)
    stated = fields.counts_of(target.sentence.text)
    target.votes_for, target.votes_against = stated if stated[0] is not None else fields.vote_counts(target.votes)
    return True


def _greve_vote(target: _Found, text: str) -> bool:
    """A vote line in the meeting systems' forms that the sentence rules do not read ("(Ø) undlod at
    tage stilling.", "X (Ø) stemte imod, da …"), added to the decision it follows."""
    if _VOTE_PART.match(text):
        return False  # "For stemte: A, B …": parse_votes reads it
    vote = fields.vote_of(text)
    if vote is None or not vote[1]:
        return False
    position, voters, rest = vote
    target.votes.append(Vote(position, voters, None, remark=fields.remark_of(rest)))
    return True


# --- a meeting system's items: one decision field per item -------------------------------------

_DECISION_FIELD = re.compile(r"beslutning|afgørelse", re.I)
_NOT_DECISION_FIELD = re.compile(r"^(?:beslutningen træffes|beslutningskompetence|sagen afgøres|kompetence|"
                                 r"tidligere beslutning|indstilling)", re.I)


def is_decision_field(heading: str | None) -> bool:
    """Whether a field's name is a decision's: "Beslutning", "Udvalgets beslutning",
    "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 3", "Afgørelse"; not
    who decides ("Beslutningen træffes af"), an earlier decision or the recommendation."""
    heading = (heading or "").strip()
    return bool(_DECISION_FIELD.search(heading)) and not _NOT_DECISION_FIELD.match(heading) \
        and not _HISTORY_HEADING.match(heading)


def _field_decisions(record: Record, paragraphs: Sequence[Paragraph]) -> list[Decision]:
    """One decision per item that has a decision field, read whole (see `fields.read_field`), and one
    more for each further decision the field puts to its own vote (`fields.further_decisions`)."""
    order: list[str] = []
    titles: dict[str, str | None] = {}
    decision_paragraphs: dict[str, list[Paragraph]] = {}
    procedure: dict[str, str] = {}
    history: dict[str, str] = {}  # each item's "Sagens forløb": the bodies that treated it this round already
    for p in paragraphs:
        if p.is_contents or p.is_heading or not p.item_number:
            continue
        number = p.item_number
        if is_decision_field(p.heading):
            if number not in decision_paragraphs:
                order.append(number)
                decision_paragraphs[number] = []
                titles[number] = p.item_title
            decision_paragraphs[number].append(p)
        elif fields.is_procedure_field(p.heading):
            procedure[number] = f"{procedure.get(number, '')} {p.text}".strip()
        elif _HISTORY_HEADING.match((p.heading or "").strip()):
            history[number] = f"{history.get(number, '')}\n{p.text}"
    decisions: list[Decision] = []
    seen: dict[str, int] = {}
    for number in order:
        paras = decision_paragraphs[number]
        for text in fields.further_decisions("\n".join(p.text for p in paras)):
            decisions.append(_field_decision(record, number, titles[number], paras, text, procedure.get(number), seen,
                                             fields.treated_in_round(history.get(number, ""), record.meeting_date,
                                                                     record.body)))
    return decisions


def _field_decision(record: Record, number: str, title: str | None, paras: list[Paragraph], text: str,
                    procedure: str | None, seen: dict[str, int], treated: Sequence[str] = ()) -> Decision:
    """One decision of item `number`, read from `text` (its field, or the part of it one decision states);
    `treated`: the bodies that treated it this round already (`fields.treated_in_round`)."""
    reading = fields.read_field(text, procedure, record.body, treated)
    # Who was absent ("Afbud: …") is the meeting's attendance, not what was decided; a field of
    # attendance lines alone keeps them (the decision is then unknown).
    shown = "\n".join(line for line in text.splitlines() if not fields.is_attendance(line)) or text
    anchor = reading.sentence or text.strip().splitlines()[0]
    source = next((p for p in paras if normalise(anchor)[:60] in normalise(p.text)), paras[0])
    key = normalise(anchor)
    occurrence = seen.get(key, 0)
    seen[key] = occurrence + 1
    return Decision(
        id=stable_id(record.content_hash, f"{number}\n{anchor}", occurrence),
        document=record.path,
        body=record.body,
        meeting_date=record.meeting_date,
        item_number=number,
        item_title=title,
        text=shown[:4000],
        outcome=reading.outcome,
        paragraph_id=source.id,
        page=source.page,
        votes=reading.votes,
        unanimous=_unanimous(text, reading.votes, reading.votes_against),
        remarks=reading.remarks,
        recommended_to=reading.recommended_to,
        votes_for=reading.votes_for,
        votes_against=reading.votes_against,
        points=[{"point": p.point, "outcome": p.outcome, "text": p.text}
                for p in reading.points] if len(reading.points) > 1 else [],
        case_number=source.case_number or record.case_number,
    )
