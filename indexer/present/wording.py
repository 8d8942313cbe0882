"""The words people read, as data: a `Wording` per language (Danish by default, `ENGLISH` for the
app's English screen and the command line), and the `ExportHeader` that says what an export came
from. Nothing else in `present` is Danish or English by itself except these.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence


# Excel runs a cell that starts with one of these as a formula ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# The month names of an English `Wording` (the app's, the digests').
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")


@dataclass(frozen=True)
class Wording:
    """The words of citations, exports and cards in one language (defaults: Danish)."""

    unknown_body: str = "ukendt organ"
    undated: str = "udateret"
    page: str = "s."
    item: str = "punkt"
    # several items and the word between them, as "punkt 2 og 3" reads in English: "items 2 and 3"
    items: str = "punkt"
    # a point of an item's recommendation voted on ("indstillingspunkt 1a"): no agenda item in English
    point: str = "punkt"
    points: str = "punkt"
    and_word: str = "og"
    closed: str = "lukket"  # a closed agenda item: only its title is public
    how_often: str = "hvor ofte"  # a "deadline" that says how often ("én gang årligt"), not by when
    # item 0, before a sitting's first numbered item (the chair opens it and makes announcements)
    opening: str = "indledning"
    case: str = "sagsnr."
    file: str = "fil"
    paragraph: str = "afsnit"  # a paragraph's id in a citation, where nothing else says where it stands
    source: str = "Kilde"
    upload: str = "uploadet fil, ikke et officielt dokument"
    ocr: str = "tekst læst med OCR"
    search: str = "Søgning"
    searched_at: str = "Søgt"
    filters: str = "Filtre"
    no_filters: str = "ingen"
    mode: str = "Søgemåde"
    results: str = "Resultater"
    decimal: str = ","  # in exported numbers (Danish Excel reads "0.0325" as text)
    delimiter: str = ";"  # between a CSV's cells: Excel splits on the list separator of its locale ("," in English)
    columns: Sequence[str] = field(default=(
        "nr", "organ", "mødedato", "titel", "dokumenttype", "punkt", "punkttitel", "side", "sagsnr.",
        "overskrift", "taler", "tekst", "fil", "uploadet", "kildehenvisning", "score", "id", "også i"))
    also_in: str = "Også i"  # the other documents holding the same text (`Hit.also_in`), in exports
    # follow-ups: "lovet 7. marts 2015 af Socialforvaltningen — taget op igen 27. august 2015"
    months: Sequence[str] = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                             "september", "oktober", "november", "december")
    promised: str = "lovet {date} af {who}"
    promised_undated: str = "lovet (udateret møde) af {who}"
    promised_at: str = "lovet {date} i {body}"  # who promised is not said: where
    put_off_at: str = "udsat {date} i {body}"  # an item postponed ("Sagen blev udsat."): it is to come back
    nobody: str = "ikke angivet"
    taken_up: str = "taget op igen {date}"
    # A link found by similarity alone (`FollowUpLink.rule` "similar"), not by its case or agenda matter:
    # a reader should check it before relying on it.
    taken_up_similar: str = "muligvis taget op igen {date} (et lignende punkt)"
    nothing_since: str = "intet fundet siden"
    case_back: str = "sagen var på dagsordenen igen {date} ({where})"  # where nothing was found (`cases.came_back`)
    # the other links found beside the first (a reader checks them where the first is not the one)
    other_places: str = "andre mulige steder"
    # the same promise in the next bodies' minutes as its case went on (`TrackedFollowUp.repeated`)
    promised_again: str = "samme løfte, da sagen kom videre"
    deadline: str = "frist"
    no_deadline: str = "ingen"
    checklist: str = "Åbne opfølgninger"
    follow_ups_title: str = "Opfølgninger"  # a list of other statuses than open, or of all
    made_at: str = "Udtrukket"
    day_dot: str = "."  # "7. marts" (Danish ordinal dot); English "7 March"
    statuses: Sequence[tuple[str, str]] = (("open", "åben"), ("done", "udført"), ("dismissed", "afvist"))
    mark_note: str = "Note"  # the note the secretariat kept with a mark ("done", "dismissed")
    new_tab: str = " (åbner i en ny fane)"  # said, unseen, inside a link that opens a tab of its own (`new_tab_html`)
    follow_up_columns: Sequence[str] = field(default=(
        "id", "organ", "mødedato", "hvem", "hvad", "frist", "forfalder", "status", "dokument", "punkt", "punkttitel", "side",
        "sagsnr.", "fil", "afsnits-id", "kildehenvisning", "taget op igen", "note", "markeret af", "markeret",
        "andre mulige steder", "samme løfte, da sagen kom videre"))
    marked_line: str = "markeret {status} {when}"  # a checklist's line under a marked one: "markeret udført 6. december 2026"
    outcomes: Sequence[tuple[str, str]] = (
        ("approved", "godkendt"), ("rejected", "forkastet"), ("postponed", "udsat"),
        ("noted", "taget til efterretning"), ("recommended", "anbefalet"), ("sent_on", "sendt videre"),
        ("unknown", "ukendt udfald"))
    discussed: str = "drøftet"  # an item only discussed ("Udvalget drøftede sagen"): no outcome, and none missing
    nothing_to_decide: str = "intet at beslutte"  # "Temamødet blev holdt.", "Der var ingen orienteringer."
    # a rejection by a body that only recommends ("4. anbefales ikke"): it advised against, it decided nothing
    not_recommended: str = "ikke anbefalet"
    unknown_outcomes: str = "{unknown}, {discussed} eller {nothing}"  # the filter's choice of all three
    positions: Sequence[tuple[str, str]] = (("for", "For"), ("against", "Imod"), ("abstained", "Undlod"))
    unanimous: str = "enstemmigt"
    # where the record counts the votes for not doing it ("Med stemmerne 11 for og 8 imod besluttede byrådet ikke at
    # sende forslaget …"), the votes shown are on the proposal and say so, with their counts
    on_the_proposal: Sequence[tuple[str, str]] = (("for", "For forslaget"), ("against", "Imod forslaget"))
    proposal_by: str = "forslag fra {who}"  # a vote on another proposal than the item's (`Vote.proposal_by`)
    administrations: str = "administrationens indstilling"  # a vote for it where another was approved
    disqualification: str = "om inhabilitet"  # a vote on whether a member is disqualified (for: disqualified)
    taking_part: str = "om deltagelse i sagen"  # a vote on whether a member may take part (for: may take part)
    voted_on: str = "om: {what}"  # what a vote was on, where the record names it (`CastVote.motion`)
    proposed_again: str = "siden også: {where}"  # the later meetings of its case that had a proposal before them
    quotes: Sequence[str] = ("»", "«")
    remarks: str = "Bemærkninger"
    # A document type as the archive names it (lower case) → as a reader reads it; a type not listed is
    # shown as it is (the archive's names are Danish, so Danish needs none).
    doc_types: Sequence[tuple[str, str]] = ()
    # The words of an attendance note ("Fraværende under punkt 24", "Afbud") → the reader's; the rest as written.
    attendance_notes: Sequence[tuple[str, str]] = ()


# The English screen's and the command line's words.
ENGLISH = Wording(decimal=".", delimiter=",", unknown_body="unknown body", undated="undated", page="p.", item="item", case="case no.",
                  file="file", paragraph="paragraph", source="Source", upload="uploaded file, not an official record",
                  ocr="text read by OCR", search="Search", searched_at="Searched", filters="Filters",
                  no_filters="none", mode="Search mode", results="Results",
                  columns=("no", "body", "meeting date", "title", "document type", "item", "item title", "page",
                           "case no.", "heading", "speaker", "text", "file", "uploaded", "citation", "score", "id",
                           "also in"),
                  also_in="Also in",
                  months=ENGLISH_MONTHS, day_dot="",
                  promised="promised on {date} by {who}", promised_undated="promised (undated meeting) by {who}",
                  promised_at="promised on {date} at {body}", put_off_at="postponed on {date} at {body}",
                  nobody="not stated", taken_up="taken up again on {date}",
                  taken_up_similar="possibly taken up again on {date} (a similar item)", nothing_since="nothing found since",
                  case_back="the case was on an agenda again on {date} ({where})",
                  other_places="other possible places", promised_again="the same promise as the case went on",
                  deadline="deadline", no_deadline="none", checklist="Open follow-ups", follow_ups_title="Follow-ups",
                  made_at="Extracted",
                  statuses=(("open", "open"), ("done", "done"), ("dismissed", "dismissed")),
                  mark_note="Note", new_tab=" (opens in a new tab)",
                  follow_up_columns=("id", "body", "meeting date", "who", "what", "deadline", "due", "status", "document",
                                     "item", "item title", "page", "case no.", "file", "paragraph id", "citation",
                                     "taken up again", "note", "marked by", "marked", "other possible places",
                                     "the same promise as the case went on"),
                  marked_line="marked {status} on {when}",
                  outcomes=(("approved", "approved"), ("rejected", "rejected"), ("postponed", "postponed"),
                            ("noted", "noted"), ("recommended", "recommended"), ("sent_on", "sent on"),
                            ("unknown", "outcome unknown")),
                  discussed="discussed", nothing_to_decide="nothing to decide",
                  not_recommended="not recommended",
                  unknown_outcomes="{unknown}, {discussed} or {nothing}",
                  positions=(("for", "For"), ("against", "Against"), ("abstained", "Abstained")),
                  unanimous="unanimously", proposal_by="proposal by {who}",
                  on_the_proposal=(("for", "For the proposal"), ("against", "Against the proposal")),
                  administrations="the administration's recommendation",
                  disqualification="on a member's disqualification",
                  taking_part="on a member taking part", voted_on="on: {what}",
                  proposed_again="later also: {where}", opening="opening",
                  remarks="Remarks",
                  quotes=("“", "”"),
                  # the document types the archive names (indexer/ingest/metadata.py, the meeting systems, catalogs)
                  doc_types=(("referat", "minutes"), ("dagsorden", "agenda"), ("dagsordenspunkt", "agenda item"),
                             ("bilag", "attachment"), ("forhandlinger", "proceedings"), ("protokol", "minute book"),
                             ("årsrapport", "annual report"), ("rapport", "report"), ("opsamling", "summary"),
                             ("notat", "memo"), ("program", "programme"), ("brev", "letter")),
                  attendance_notes=(("fraværende", "absent"), ("afbud", "sent apologies"),
                                    ("under punkt", "for item"), ("deltog ikke i punkt", "not present for item"),
                                    ("formand", "chair"), ("næstformand", "vice-chair"),
                                    ("suppleant for", "substitute for")),
                  items="items", point="point", points="points", and_word="and", closed="closed", how_often="how often")


def long_date(iso: str | None, wording: Wording = Wording()) -> str | None:
    """"2015-03-07" as "7. marts 2015" (English wording: "7 March 2015"); other text unchanged."""
    match = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", iso or "")
    if not match:
        return iso
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return iso
    return f"{day}{wording.day_dot} {wording.months[month - 1]} {year}"


# The title the archive gives a meeting system's meeting (`sources.title_of`): "Referat: Økonomiudvalget 12. marts 2024".
_DANISH_MONTHS = tuple(Wording().months)
# A day's weekday as a title names it, in Danish or English ("tirsdag den 4. december 2012").
WEEKDAY = r"(?:(?:man|tirs|ons|tors|fre|lør|søn)dag|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
# (a PDF's front matter with the weekday: "Referat: Sundheds- og Forebyggelsesudvalget tirsdag den 4. december 2012")
_MEETING_TITLE = re.compile(rf"^(?P<kind>Referat|Dagsorden): (?P<body>.+?) (?:{WEEKDAY} )?(?:den )?"
                            r"(?P<day>\d{1,2})\. (?P<month>[a-zæøå]+) (?P<year>\d{4})$")


def title_in(title: str | None, wording: Wording = Wording()) -> str | None:
    """A document's title in the reader's language: the title the archive composes for a meeting system's meeting
    in the reader's words ("Referat: Økonomiudvalget 12. marts 2024" → "Minutes: Økonomiudvalget 12 March 2024");
    a title the records give, as written."""
    found = _MEETING_TITLE.match(title or "")
    if not found or tuple(wording.months) == _DANISH_MONTHS or found["month"] not in _DANISH_MONTHS:
        return title
    kind = doc_type_label(found["kind"].lower(), wording) or found["kind"]
    day = f"{found['year']}-{_DANISH_MONTHS.index(found['month']) + 1:02d}-{int(found['day']):02d}"
    return f"{kind[:1].upper()}{kind[1:]}: {found['body']} {long_date(day, wording)}"


def doc_type_label(doc_type: str | None, wording: Wording = Wording()) -> str | None:
    """A document type in the reader's language ("referat" → "minutes"); an unknown one as it is."""
    return dict(wording.doc_types).get((doc_type or "").strip().casefold(), doc_type)


# A deadline as the rules read it may say how often, where no time is named ("én gang årligt", "løbende").
_HOW_OFTEN = re.compile(r"\b(?:(?:halv)?årlig[te]?|månedlig[te]?|kvartalsvis|ugentlig[te]?|løbende|hvert (?:år|kvartal)|"
                        r"hver (?:måned|uge)|gange? (?:om|pr\.?|per|i) (?:året|år|måneden|kvartalet))\b", re.I)


def deadline_label(deadline: str | None, wording: Wording = Wording()) -> str:
    """What a promise's deadline is called: "frist", or "hvor ofte" where it says how often."""
    return wording.how_often if deadline and _HOW_OFTEN.search(deadline) else wording.deadline


def item_points(points: str, wording: Wording = Wording(), kind: str = "item") -> str:
    """Items by their numbers as the reader says them: "punkt 2 og 3"; "item 2", "items 2 and 3"; with
    `kind` "point", the points of a recommendation ("points 3 and 9")."""
    several = re.search(r"\d\s*(?:,|og|-|–)\s*\d", points)
    points = re.sub(r"\s+og\s+", f" {wording.and_word} ", points)
    return f"{getattr(wording, kind + 's') if several else getattr(wording, kind)} {points}"


def attendance_note(note: str | None, wording: Wording = Wording()) -> str | None:
    """An attendance note in the reader's language ("Fraværende under punkt 24" → "absent for item 24",
    "… punkt 1, 2" → "absent for items 1, 2"): its known words replaced, names and numbers kept."""
    if not note:
        return note
    for said, meant in wording.attendance_notes:
        note = re.sub(rf"(?<!\w){re.escape(said)}(?!\w)", lambda _, meant=meant: meant, note, flags=re.IGNORECASE)
    return re.sub(rf"(?<!\w){re.escape(wording.item)} (\d[\d ,og–-]*\d|\d)(?!\w)",
                  lambda m: item_points(m.group(1), wording), note)


@dataclass(frozen=True)
class ExportHeader:
    """What a reader needs to know about the search an export came from."""

    query: str
    searched_at: str  # "2026-11-23 18:40"
    filters: str = ""  # already worded: "Organ: Dialogforum; Fra: 2019-01-01"
    mode: str = ""
    total: int = 0
    # False: the search's deepest pool was cut while more could pass, so `total` is a lower bound ("2000+")
    complete: bool = True

    def count(self, hits: int) -> str:
        """How many results the export holds, "+" where more would pass than any search lists."""
        return f"{self.total or hits}{'' if self.complete else '+'}"


def archive_doc_type(name: str) -> str:
    """A document type as the archive names it ("referat") for the English name the English pages show it by
    ("minutes", "Minutes"); any other name as given. The command line and the API take either."""
    return _ARCHIVE_DOC_TYPES.get(name.casefold(), name)


_ARCHIVE_DOC_TYPES = {english: archive_name for archive_name, english in ENGLISH.doc_types}
