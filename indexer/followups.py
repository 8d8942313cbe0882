"""Follow-ups: a document's record and paragraphs in, the promises of later action out;
and, for one promise, the later paragraphs that take the matter up again.

In:  one `Record` and its `Paragraph`s in reading order (from `ingest.ingest_file`).
Out: one `FollowUp` per sentence that promises later action ("Forvaltningen vender
     tilbage", "følges op", "vil undersøge", "ser nærmere på sagen", "udarbejder en
     oversigt", "forelægges udvalget igen", "sendes rundt", "på næste møde", "et skriftligt
     svar", "oversender gerne", passive and expected forms such as "Vil blive drøftet på mødet
     den 27/2-15" and "forventes sendt til Socialudvalget efter sommerferien", an organisation
     taking on a task: "vil KL tage initiativ til", English equivalents), with who promised,
     what, and the deadline if one is stated.

Not promises: the same words said in general ("det er vigtigt at følge op"), wishes and
exhortations ("jeg håber, at regeringen vil se på det", "lad os følge op"), questions,
conditionals ("Hvis …", "Såfremt …", "Skulle det blive nødvendigt …"), what is already
done ("har udarbejdet en oversigt", "blev delt rundt"), a speaker's own talk ("vil hun
komme ind på senere i oplægget"), standing duties and descriptions of practice ("skal årligt
udarbejde", "hvor der følges op på forløbet"), demands on others ("Kommunerne skal …"),
"vende tilbage til arbejdsmarkedet", and the programme of the meeting a document describes.

`link_follow_up` takes a `similar(text, k) -> list[Hit]` callable (the archive's dense
search) and returns the later paragraphs that take the promise up again: same body first,
only after the promise's meeting date, above a similarity threshold; an empty list reads
"nothing found since".
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Callable, Sequence

from indexer.decisions import ItemTracker, normalise, sentences
from indexer.records import Hit, Paragraph, Record
from indexer.segment import minutes_speaker


@dataclass
class FollowUp:
    """A promise of later action, as the record states it."""

    id: str  # stable: the document's archive name and the sentence (see follow_up_id)
    document: str
    body: str | None
    meeting_date: str | None  # the date it was promised (the meeting's date), if known
    item_number: str | None
    item_title: str | None
    text: str  # the sentence that promises
    who: str | None  # who promised: a speaker, or "forvaltningen", "ministeren" …; None if unsaid
    what: str  # the promised action (the sentence without its "X svarer, at")
    deadline: str | None  # as written: "på næste møde", "ultimo oktober 2015", "inden sommerferien"
    paragraph_id: str
    page: int | None = None

    def to_json(self) -> dict:
        """Plain JSON-able data (the shape the CLI's `followups --json` prints)."""
        return {
            "id": self.id,
            "document": self.document,
            "body": self.body,
            "date": self.meeting_date,
            "item_number": self.item_number,
            "item_title": self.item_title,
            "text": self.text,
            "who": self.who,
            "what": self.what,
            "deadline": self.deadline,
            "paragraph_id": self.paragraph_id,
            "page": self.page,
        }


@dataclass
class FollowUpLink:
    """A later paragraph that takes a follow-up's matter up again."""

    follow_up_id: str
    paragraph_id: str
    document: str
    body: str | None
    date: str | None
    score: float
    text: str
    same_body: bool
    page: int | None = None


# --- promise rules -----------------------------------------------------------

_MONTHS = r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)"
# Where people return to, as opposed to a matter: "vende tilbage til arbejdsmarkedet / egen bolig".
_PLACES = r"(?:arbejds\w+|arbejdet|egen \w+|uddannelse\w*|skole\w*)"
# What a body is presented with later ("vil blive drøftet", "forventes sendt til Socialudvalget").
_PRESENTED = r"(?:drøftet|behandlet|forelagt|fremlagt|fremsendt|sendt|præsenteret|evalueret|taget op)"
_TRIGGERS = [
    # coming back to the matter
    r"\bvender tilbage (?:med|til (?:sagen|udvalget|jer|dig|det|dette|spørgsmålet|emnet))\b",
    # "kan vende tilbage" alone is ability ("kan vende tilbage til arbejdsmarkedet"), not a promise
    r"\b(?:vil|skal|kommer til at) (?:\w+ )?vende tilbage\b(?! til {_PLACES})".format(_PLACES=_PLACES),
    r"\bkan (?:vi|jeg) (?:\w+ )?vende tilbage\b",
    r"\bvende tilbage til (?:sagen|udvalget|det|dette|spørgsmålet|emnet|jer)\b",
    r"\bkommer? tilbage med\b",
    r"\bcome back to\b|\breport back\b|\bget back to\b",
    # following up
    r"\bfølges (?:op )?(?:på|af)\b", r"\bfølges op\b", r"\b(?:vil|skal) (?:\w+ )?følge op\b",
    r"\bwill follow up\b",
    # looking into it
    r"\b(?:vil|skal|kan (?:vi|jeg)) (?:\w+ )?(?:undersøge|se nærmere på|kigge nærmere på)\b",
    r"\bvil (?:gerne )?se på (?:sagen|det|dette)\b",
    r"\bser nærmere på\b", r"\b(?:forvaltningen|administrationen|ministeriet) ser på\b",
    r"\bundersøger (?:sagen|det|nærmere)\b",
    r"\bvil (?:\w+ ){0,2}overveje nærmere\b",
    r"\bwill (?:look into|investigate|examine)\b",
    # preparing, presenting, sending
    r"\b(?:vil|skal) (?:\w+ )?udarbejde\b(?! sig)", r"\budarbejder (?:en|et)\b",
    r"\bforelægges (?:\w+ ){0,3}(?:igen|senere|på (?:et|det) (?:næste|kommende))\b", r"\bskal forelægges\b",
    r"\b(?:vil|skal) (?:\w+ )?(?:blive )?forelagt\b", r"\bfår? forelagt\b", r"\bvil \w+ (?:\w+ ){0,6}få forelagt\b",
    r"\bfremsendes\b", r"\bsendes (?:rundt|ud)\b", r"\beftersendes\b",
    r"\boversende[rs]?\b",  # "oversender jeg gerne", "lad mig oversende svar"
    # passive and expected forms: what the body will be presented with
    rf"\b(?:vil|skal) blive {_PRESENTED}\b",
    rf"\bforventes (?:\S+ ){{0,3}}(?:at blive )?{_PRESENTED}\b",
    r"\b(?:vil|skal) (?:\w+ )?være klar til (?:politisk )?(?:godkendelse|behandling|forelæggelse)\b",
    # an organisation taking on a task ("vil KL tage initiativ til", "KL vil sætte sig i spidsen for")
    r"\bvil (?:\w+ ){0,2}(?:tage initiativ til|sætte sig i spidsen|stille sig i spidsen|evaluere)\b",
    r"\bsende (?:en|et) (?:mail|brev|svar|notat|oversigt|materiale)\b", r"\bsende (?:dem|den|det) (?:over|ud|rundt)\b",
    r"\b(?:give[t]?|sende|få givet|komme med) (?:jer |dig )?(?:et )?skriftligt svar\b", r"\bsvare skriftligt\b",
    r"\bfremsætter (?:et|en) (?:lovforslag|beslutningsforslag)\b",
    r"\brevideres (?:ved|inden|i)\b",
    r"\bwill (?:send|circulate|present|prepare|report)\b",
    # the next meeting's agenda
    r"\b(?:drøftes|tages op|behandles) på (?:det |et )?(?:næste|kommende)\b",
    r"\bpå (?:et|det) kommende møde skal\b",
    r"\bsøges (?:\w+ ){0,2}(?:frigivet|godkendt|forelagt)\b(?=.*\b(?:primo|medio|ultimo|inden|senere)\b)",
    r"\bpå dagsordenen (?:til|på) (?:det )?(?:næste|kommende)\b", r"\bat the next meeting\b",
]
# A secretariat's note of topics for coming meetings is a commitment even though it reports
# what members wish, so it is exempt from the wish look-alike rule.
_NOTED_FOR_AGENDA = re.compile(r"\bnoteret, at (?:medlemmerne|udvalget|forummet)\b.*\bpå dagsordenen\b", re.I)
_TRIGGERS.append(_NOTED_FOR_AGENDA.pattern)
_TRIGGER = re.compile("|".join(f"(?:{t})" for t in _TRIGGERS), re.I)

_NOT_PROMISE = re.compile(
    r"^(?:Hvis|Såfremt|Skulle|Dersom|If|Should)\b"  # conditionals
    r"|\b(?:vigtigt|afgørende|nødvendigt|important) (?:at|to)\b"  # said in general
    r"|\b(?:håber|ønsker|opfordrer|bør|burde|kunne tænke|kunne godt tænke|hope|should)\b"  # wishes, exhortations
    r"|\blad os\b|\bi gang med at\b|\bsenere i (?:oplægget|dag|debatten)\b"
    r"|\bhar (?:\w+ )?(?:udarbejdet|undersøgt|fulgt op|sendt|oversendt)\b|\bblev (?:delt|sendt) rundt\b|\ber vedlagt\b"
    # standing duties and descriptions of practice: not a promise about this matter
    r"|\b(?:årligt|hvert (?:andet |\w+ )?år|mindst hvert|løbende)\b|\bhvor der (?:\w+ )?følges op\b"
    # demands and recommendations on others ("Kommunerne skal …", "Regeringen skal …")
    r"|^(?:Alle )?(?:[Kk]ommunerne|[Rr]egeringen|[Ss]taten|[Rr]egionerne)\b(?: og \w+)?(?: \w+)? skal\b"
    # the programme of the meeting described, the content of the document itself
    r"|^På (?:mødet|dialogmødet|konferencen|seminaret) (?:vil|skal)\b"
    r"|^(?:Udspillet|Rapporten|Notatet|Oplægget|Redegørelsen) (?:rummer|indeholder|beskriver)\b"
    r"|\bvende tilbage til \w+(?:s|ens|ns) (?:pointe|spørgsmål|bemærkning|udtalelse)"
    r"|\bvende tilbage til (?:sit|deres|hans|hendes|deres egne?) ",
    re.I,
)
_ACTORS = re.compile(
    r"\b(?P<actor>(?:[A-ZÆØÅ]\w+)?[Ff]orvaltningen|[Aa]dministrationen|[Ss]ekretariatet(?: for \w+)?|"
    r"[Mm]inisteriet|[Rr]egeringen|[Mm]inisteren|KL|[A-ZÆØÅ]\w*udvalget|[Bb]orgmesteren|[Dd]irektionen|"
    r"[Cc]enter for [A-ZÆØÅ]\w+(?: [a-zæøå]+ [A-ZÆØÅ]\w+)?)\b"
)
_RECEIVED = re.compile(r"\bfår? forelagt\b|\b(?:vil|skal) (?:\w+ )?(?:blive )?forelagt\b|\bforelægges\b|\bfremsendes\b|\brevideres\b")
_REPORTED = re.compile(
    r"^(?P<who>[A-ZÆØÅ][\w\-]+(?: [A-ZÆØÅ][\w\-]+){0,3}) (?:svarer|svarede|siger|sagde|oplyser|oplyste|"
    r"fortæller|fortalte|lover|lovede|tilføjer|tilføjede|forklarer|forklarede|supplerer|bemærker|nævner)"
    r"(?: \w+)?,? at (?P<what>.+)$"
)
_DEADLINE = re.compile(
    r"\b(?:inden|før) (?:sommerferien|jul(?:en)?|påske(?:n)?|årets udgang|nytår|udgangen af \w+(?: \d{4})?|"
    rf"den \d{{1,2}}\. ?{_MONTHS}(?: \d{{4}})?|{_MONTHS}(?: \d{{4}})?)"
    r"|\bi (?:\d\.|første|andet|tredje|fjerde) kvartal(?: \d{4})?"
    r"|\b(?:på|til) (?:\w+s )?(?:det |et )?(?:næste|kommende) (?:\w*møde|dialogforum|\w+)"
    rf"|\b(?:på mødet )?den \d{{1,2}}\. ?{_MONTHS}(?: \d{{4}})?"
    r"|\b(?:på mødet )?den \d{1,2}/\d{1,2}(?:[-/]\d{2,4})?"
    r"|\befter (?:sommerferien|jul(?:en)?|påske(?:n)?|nytår)"
    rf"|\b(?:i )?(?:starten|slutningen|begyndelsen|udgangen) af {_MONTHS}(?: \d{{4}})?"
    rf"|\b(?:primo|medio|ultimo) (?:{_MONTHS}(?: \d{{4}})?|\d{{4}})"
    r"|\bi (?:løbet af )?(?:19|20)\d\d\b"
    rf"|\bi {_MONTHS}(?: måned| \d{{4}})?"
    r"|\bved udgangen af (?:\d{4}|året)|\bsenest \S+(?: \S+)?"
    r"|\btil efteråret|\bi (?:foråret|efteråret|sommer|vinter)(?: \d{4})?|\binden for \w+ (?:uger|måneder|dage)"
    r"|\bby (?:the )?(?:next meeting|end of \w+)",
    re.I,
)


def follow_up_id(document: str, text: str, occurrence: int = 0) -> str:
    """The id a follow-up's mark is kept under: the document's archive name, the promise's
    sentence (normalised) and which occurrence of it. It survives rebuilds, re-segmentation
    and edits elsewhere in the same file; a renamed file or a reworded sentence is a new id."""
    digest = hashlib.sha256(f"{document}\n{normalise(text)}\n{occurrence}".encode("utf-8")).hexdigest()
    return f"fu-{digest[:16]}"


def is_promise(text: str) -> bool:
    """Whether a sentence promises later action (see the module docstring for what does not)."""
    text = text.strip().lstrip("•-–*”\"» ").strip()
    if not text or text.endswith("?") or not _TRIGGER.search(text):
        return False
    if _NOTED_FOR_AGENDA.search(text) and not text.startswith(("Hvis", "Såfremt")):
        return True
    return not _NOT_PROMISE.search(text)


def deadline_of(text: str) -> str | None:
    """The deadline a promise states, as written ("på næste møde", "ultimo oktober 2015")."""
    m = _DEADLINE.search(text)
    return m.group(0).strip() if m else None


def _who_and_what(text: str, paragraph: Paragraph) -> tuple[str | None, str]:
    """Who promised and what: "Eva svarer, at forvaltningen gerne vil se nærmere på sagen" →
    ("forvaltningen", "forvaltningen gerne vil se nærmere på sagen")."""
    reported = _REPORTED.match(text)
    what = (reported.group("what") if reported else text).rstrip(".")
    trigger = _TRIGGER.search(what)
    if trigger and _RECEIVED.search(what[: trigger.end()]):
        # "vil Socialudvalget … få forelagt": the committee receives; who delivers is unsaid
        return (reported.group("who") if reported else None), what
    before = [a for a in _ACTORS.finditer(what) if trigger is None or a.start() < trigger.end()]
    if before:
        return before[-1].group("actor"), what
    if reported:
        return reported.group("who"), what
    speaker = minutes_speaker(text)
    if speaker is not None and speaker.name:
        return speaker.name, what
    if paragraph.speaker:
        return paragraph.speaker, what
    return None, what


def extract_followups(record: Record, paragraphs: Sequence[Paragraph]) -> list[FollowUp]:
    """The promises of later action a record states, in reading order.

    Args:
        record: the document's metadata (body and meeting date are copied onto each one).
        paragraphs: its paragraphs in reading order.

    Returns:
        One `FollowUp` per promising sentence.
    """
    tracker = ItemTracker(record)
    out: list[FollowUp] = []
    seen: dict[str, int] = {}
    for p in paragraphs:
        if p.is_contents:
            continue
        item = tracker.update(p)
        if p.is_heading:
            continue
        for s in sentences(p):
            if not is_promise(s.text):
                continue
            who, what = _who_and_what(s.text, p)
            key = normalise(s.text)
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            out.append(FollowUp(
                id=follow_up_id(record.path, s.text, occurrence),
                document=record.path,
                body=record.body,
                meeting_date=record.meeting_date,
                item_number=item.number,
                item_title=item.title,
                text=s.text,
                who=who,
                what=what,
                deadline=deadline_of(s.text),
                paragraph_id=p.id,
                page=p.page,
            ))
    return out


# --- taken up again ----------------------------------------------------------

# Cosine floor for "takes the matter up again". With multilingual-e5-small, unrelated Danish
# paragraphs of this archive reach 0.84-0.87 with a promise, so a lower floor links noise
# (benchmarks/bench_decisions.py --index: first-link precision 0/6 at 0.85).
LINK_THRESHOLD = 0.90


def link_follow_up(
    follow_up: FollowUp,
    similar: Callable[[str, int], list[Hit]],
    *,
    k: int = 30,
    threshold: float = LINK_THRESHOLD,
    limit: int = 3,
) -> list[FollowUpLink]:
    """The later paragraphs that take a follow-up's matter up again, best first.

    Args:
        follow_up: the promise (its `what`, body and meeting date are used).
        similar: `similar(text, k)` → the k most similar paragraphs as `Hit`s (dense search).
        k: how many candidates to ask for.
        threshold: the least similarity a candidate needs.
        limit: how many links to return.

    Returns:
        Paragraphs from other documents dated after the promise, at or above the
        threshold: those of the same body first, each group by similarity. Empty when
        nothing is found since, or when the promise has no date (nothing is known to be later).
    """
    if not follow_up.meeting_date:
        return []
    candidates = [
        h for h in similar(follow_up.what or follow_up.text, k)
        if h.document != follow_up.document and h.date and h.date > follow_up.meeting_date
        and h.score >= threshold
    ]
    same = lambda h: bool(follow_up.body) and (h.body or "").casefold() == (follow_up.body or "").casefold()  # noqa: E731
    candidates.sort(key=lambda h: (not same(h), -h.score))
    return [
        FollowUpLink(follow_up.id, h.id, h.document, h.body, h.date, float(h.score), h.text, same(h), h.page)
        for h in candidates[:limit]
    ]


def describe(follow_up: FollowUp, links: Sequence[FollowUpLink]) -> str:
    """One line a person reads: "promised on 2018-06-11 by forvaltningen — taken up again on … (id)"."""
    when = follow_up.meeting_date or "an unknown date"
    who = follow_up.who or "(not stated)"
    head = f"promised on {when} by {who}"
    if not links:
        return f"{head} — nothing found since"
    first = links[0]
    return f"{head} — taken up again on {first.date} ({first.document}, {first.paragraph_id})"
