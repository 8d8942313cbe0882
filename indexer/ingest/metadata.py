"""Document metadata: a document's clean blocks, running lines and path in; `Record` fields out.

Filed as a secretary would file them, each field with where it came from:

* body and meeting date from the running header/footer ("Sundheds- og
  Forebyggelsesudvalget / Referat / Dato: 04.12.2012"), the front matter (the heading
  block a record opens with, up to its first agenda item or sentence: "Referat" /
  "Sundheds- og Forebyggelsesudvalget tirsdag den 4. december 2012", "Økonomiudvalget —
  Referat", "Byrådets møde den …"; a unit line "Afdeling: Center for Ejendomme"), the file
  name ("…_2012-12-04_punkt02….pdf") or the folder ("04-12-2012 13:00:00/Sundheds- og
  Forebyggelsesudvalget.pdf"); an agenda item published alone names its body in its
  decision's heading ("Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012") —
  never from a body or a date merely mentioned further on;
* the document's own date (a memo's "Dato: 19. november 2012", a letter's "Den 3. januar
  2013") apart from the meeting date: a memo is not a meeting;
* the title from the first real heading: never a running header, a letterhead in capitals,
  an addressee ("Til: SFU"), an e-mail header ("Fra:", "Sendt:") or a contact line; minutes'
  and agendas' from their front matter ("Referat: Sundheds- og Forebyggelsesudvalget tirsdag
  den 4. december 2012"), never from an item's text;
* the case number from the text; minutes of several agenda items that state their own
  have none but one stated before the first item (each paragraph cites its item's);
* an attachment ("bilag" in its name) belongs to the minutes or agenda beside it that
  share its name's prefix (`attachment_to`, and that meeting's date from its name).

Unknown stays None. The bodies' names are read by `indexer.ingest.bodies`; the catalog
(`indexer.ingest.catalog`) overrides any field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Sequence

from indexer.ingest.bodies import body_in, decided_by, named_body, repeated_body
from indexer.ingest.catalog import CATALOG_FIELDS, catalog_key, load_catalog, valid_date  # noqa: F401 - re-exported
from indexer.ingest.lexicon import (
    AGENDA_ITEM_RE, CASE_LABEL, CASE_NUMBER, FUNCTION_WORDS, MONTHS, NUMBERED_LINE, NUMBERED_PARTS, is_caps_heading,
    is_item_section,
)

_DANISH_DATE = re.compile(
    r"(?<!\d)(\d{1,2})\.\s*(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{4})(?!\d)",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?![\d/.-])")
_DATE_CUE = re.compile(r"(?:mødedato|dato|afholdt|tidspunkt|tid og sted)\s*[:.]?\s*", re.IGNORECASE)
_DECIDED_ON = re.compile(r"\bbeslutning\s+(?:den|d\.)\s*", re.IGNORECASE)
_WEEKDAY_DATE = re.compile(r"\b(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\b\s+(?:den|d\.)?\s*\d", re.I)
_DATE_ONLY = re.compile(r"^(?:den|d\.)?\s*\d{1,2}\.\s*[a-zæøå]+\.?\s+\d{4}\.?$", re.I)

_UNIT_LINE = re.compile(r"^(?:Afdeling|Center|Forvaltning|Enhed|Afsender)\s*:\s*(.{3,80})$")
_CASE_NUMBER = re.compile(rf"\b{CASE_LABEL}\s*:?\s*({CASE_NUMBER})", re.IGNORECASE)
_CASE_IN_PARENS = re.compile(r"\((\d{4}-\d{5,8})\)")
_DOC_TYPES = [
    (re.compile(r"^Folketinget\b.*\bmøde\b"), "forhandlinger"),
    (re.compile(r"\bREFERAT\b|\bReferat\b"), "referat"),
    (re.compile(r"\bINDSTILLING\b|\bIndstilling\b|^\d{1,2}\. .{3,150}\nSagsnr"), "dagsordenspunkt"),
    (re.compile(r"[Vv]algprotokoll|\b[Pp]rotokol\b|[Bb]eslutningsprotokol"), "protokol"),
    (re.compile(r"[Åå]rsrapport|[Åå]rsberetning"), "årsrapport"),
    (re.compile(r"\b[Oo]psamling\b"), "opsamling"),
    (re.compile(r"\bDagsorden\b"), "dagsorden"),
    (re.compile(r"^(?:Notat|NOTAT)\s*$", re.M), "notat"),
    (re.compile(r"^(?:Program|PROGRAM)\s*$", re.M), "program"),
]
# The kinds of document that record a meeting (the others are reports, letters, memos …).
MEETING_TYPES = {"referat", "dagsordenspunkt", "dagsorden", "forhandlinger", "protokol", "program"}
# Papers put before a body or sent to it: their numbered chapters ("8. Intensiv behandling" in a quality
# standard, "10. Sundhedsfremme og forebyggelse" in KL's report) are no agenda items.
PAPER_TYPES = {"bilag", "rapport", "notat", "brev", "invitation", "høringssvar"}
# A letter or memo names its addressee or its contact person near the top.
_LETTER_LINE = re.compile(r"^(?:Til:|Til (?:kommunalbestyrelsen|byrådet|\w+udvalget)|Kontakt:|Projektleder:|"
                          r"Tlf\.? dir\.?:|Fra:|Sendt:)", re.I)
# Lines that are never a title: addressees, e-mail headers, contact and letterhead fields, who attended.
_NOT_TITLE = re.compile(
    r"^(?:Til|Fra|Sendt|Cc|Bcc|Dato|Tlf|Telefon|Fax|E-?mail|Kontakt|Sagsnr|Sags nr|Dok\.?\s?nr|J\.?\s?nr|"
    r"Journalnr|Projektleder|Afdeling|Side|Kære|Att|Tilstede|Deltagere|Afbud|Fraværende)\b[.:]?|"
    r"^Til \S+$|^Til (?:kommunalbestyrelsen|byrådet)|"
    r"^(?:Notat|Referat|Åbent referat|Lukket referat|Dagsorden|Program|Indhold|Projektbeskrivelse)\s*:?$",
    re.IGNORECASE,
)
_ABBREVIATION_DOT = re.compile(r"\b(?:vedr|bl\.a|jf|ca|nr|kl|mv|f\.eks|inkl|evt)\.\s")
_MODAL = re.compile(r"\b(?:kan|skal|vil|må|bør)\b")
# A finite verb of a sentence that a title does not have ("… har ikke haft møde …").
_FINITE = re.compile(r"\b(?:har|havde|er|var|blev|bliver)\b")
# A line saying what kind of document follows; the title comes after it.
_KIND_LINE = re.compile(r"^(?:Notat|NOTAT|Projektbeskrivelse|PROJEKTBESKRIVELSE|Redegørelse|Indstilling)\s*$")
# Where a title page's "<body> tirsdag den 4. december 2012" line goes on to time and place.
_MEETING_PLACE = re.compile(r",? kl\.|,? i Mødecenter|,? på ")
# Where the title page ends: the first blocks, before the body text runs on.
_TITLE_AREA = 12


@dataclass
class Description:
    """Detected metadata of one document and where each value came from."""

    fields: dict[str, str | None]
    sources: dict[str, str] = field(default_factory=dict)

    def set(self, name: str, value: str | None, source: str) -> None:
        if value and not self.fields.get(name):
            self.fields[name] = value
            self.sources[name] = source


def parse_date(text: str) -> str | None:
    """The first date written in `text` as ISO "YYYY-MM-DD" (Danish, ISO or d.m.yyyy)."""
    found: list[tuple[int, str]] = []
    for pattern, order in ((_DANISH_DATE, (3, 2, 1)), (_ISO_DATE, (1, 2, 3)), (_NUMERIC_DATE, (3, 2, 1))):
        for m in pattern.finditer(text):
            year, month, day = (m.group(i) for i in order)
            month_no = MONTHS[month.lower()] if not month.isdigit() else int(month)
            iso = valid_date(int(year), month_no, int(day))
            if iso:
                found.append((m.start(), iso))
                break
    return min(found)[1] if found else None


def _name_date(name: str) -> str | None:
    """A date in a file or folder name: "2012-12-04", "04-12-2012", "04.12.2012"."""
    m = re.search(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)", name)
    if m:
        return valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.search(r"(?<!\d)(\d{2})[-.](\d{2})[-.](\d{4})(?!\d)", name)
    return valid_date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None


def _sentence(line: str) -> bool:
    """Running text, not a heading line: long, or a sentence of more than six words."""
    return len(line) > 150 or (line.endswith((".", "!", "?")) and len(line.split()) > 6)


def _front_matter(lines: Sequence[str]) -> list[str]:
    """The heading block a record opens with ("Referat" / "Sundheds- og Forebyggelsesudvalget
    tirsdag den 4. december 2012 …" / "Tilstede" …): its first lines, up to the first agenda
    item, item section or running sentence."""
    front = []
    for line in lines[:_TITLE_AREA]:
        line = line.strip()
        if AGENDA_ITEM_RE.match(line) or NUMBERED_LINE.match(line) or is_item_section(line) or _sentence(line):
            break
        front.append(line)
    return front


def _letterhead(area: Sequence[str]) -> str | None:
    """The issuing unit in a letterhead in capitals ("SOCIAL, SUNDHED OG" / "BESKÆFTIGELSE")."""
    run: list[str] = []
    for line in area[:6]:
        if line.strip().isupper() and len(line) <= 60 and not _NOT_TITLE.search(line):
            run.append(line.strip())
        elif run:
            break
    text = " ".join(run)
    if not run:
        return None
    if body_in(text):
        return body_in(text)
    if not ("," in text or " OG " in text):
        return None
    return " ".join(w if w in {"og", "for", "i"} else w.capitalize() for w in text.lower().split())


def detect_meeting_date(text: str) -> str | None:
    """The meeting date, when the title area or a "Dato:" line states it; else None."""
    date = parse_date(text[:300])
    if date:
        return date
    for m in _DATE_CUE.finditer(text[:3000]):
        date = parse_date(text[m.end() : m.end() + 40])
        if date:
            return date
    return None


def decided_on(text: str) -> str | None:
    """The day of the latest decision a record states ("Sundheds- og Forebyggelsesudvalgets beslutning den
    04.12.2012 Punkt 2"): an agenda item's own PDF dated nowhere else was decided at that meeting, the earlier
    decisions it states being its case's history."""
    decided = [parse_date(text[m.end():m.end() + 30]) for m in _DECIDED_ON.finditer(text)]
    return max(filter(None, decided), default=None)


def detect_case_number(text: str) -> str | None:
    """A case number after "Sagsnr." or in parentheses ("(2015-0135051)")."""
    m = _CASE_NUMBER.search(text) or _CASE_IN_PARENS.search(text[:3000])
    return m.group(1) if m else None


def detect_doc_type(text: str) -> str | None:
    """The document type from words in its first lines ("Referat", "Notat", "INDSTILLING", …)."""
    if _DOC_TYPES[0][0].search(text.split("\n", 1)[0]):
        return _DOC_TYPES[0][1]
    head = text[:1500]
    for pattern, doc_type in _DOC_TYPES[1:]:
        if pattern.search(head):
            return doc_type
    return None


def _title_like(text: str) -> bool:
    if not text or len(text) > 150 or not (text[0].isupper() or text[0] in "\"”»“"):
        return False
    if _NOT_TITLE.search(text) or _DATE_ONLY.match(text) or "@" in text or text.endswith((":", ",", ";")):
        return False
    if is_item_section(text) or (_MODAL.search(text) and not text.endswith("?")):
        return False  # "Sammendrag" is a section; "Opdatering af program kan forekomme" a sentence
    if text.endswith(".") and _FINITE.search(text):
        return False  # "Netværket har ikke haft møde med Styregruppens kontaktperson …." is a sentence
    if text.rsplit(None, 1)[-1].lower() in FUNCTION_WORDS:
        return False  # a sentence cut at its line's end: "… er indenfor for hvert deres opgaveområde at"
    inner = _ABBREVIATION_DOT.sub(" ", text.rstrip("."))
    if re.search(r"[a-zæøå)][.!] +[A-ZÆØÅ]", inner):
        return False  # two sentences are text, not a title
    letters = sum(c.isalpha() for c in text)
    return letters >= 0.5 * len(text.replace(" ", ""))


def detect_title(lines: Sequence[str], body: str | None = None) -> str | None:
    """The first real heading among the first blocks (after a "Notat" line when there is
    one); an agenda item's own title; minutes or an agenda ("Referat", "Dagsorden" on top)
    take theirs from the front matter: "Referat: <the line naming the body, up to time and place>"."""
    area = [line.strip() for line in lines[:_TITLE_AREA] if line.strip()]
    kind = next((line for line in area[:3] if re.fullmatch(r"(?:Referat|Dagsorden|Åbent referat)", line)), None)
    if kind:
        area = _front_matter(area)  # never a line of the first item's text
        named = next((line for line in area if named_body(line)), None)
        if named:
            return f"{kind}: {_MEETING_PLACE.split(named)[0]}"
    marker = next((i for i, line in enumerate(area) if _KIND_LINE.match(line)), -1)
    caps = None
    for i, line in list(enumerate(area))[marker + 1:] + list(enumerate(area))[: marker + 1]:
        item = NUMBERED_PARTS.match(line)
        if i == 0 and item and "." not in item.group(1) and _title_like(item.group(2)):
            return item.group(2).rstrip(".").strip()  # an agenda item published on its own
        if not _title_like(line) or (body and line == body):
            continue
        if is_caps_heading(line):
            caps = caps or line  # a letterhead or a cover word: only if nothing better
            continue
        nxt = area[i + 1] if i + 1 < len(area) else ""
        if len(line.split()) == 1 and nxt[:1] in "\"”»“" and _title_like(nxt):
            return f"{line} {nxt}"  # "Konference" + "”Forebyggelse af ulighed …”"
        return line.rstrip(".").strip()
    return caps


def detect_metadata(lines: Sequence[str]) -> dict[str, str | None]:
    """The five classic fields detectable from a document's clean blocks alone."""
    fields = describe("", lines, []).fields
    return {k: fields[k] for k in ("title", "body", "meeting_date", "doc_type", "case_number")}


def _attachment_of(path: str, siblings: Sequence[str]) -> str | None:
    """The minutes/agenda beside an attachment whose name shares its prefix."""
    p = PurePosixPath(path)
    stem = p.stem.lower()
    if "bilag" not in stem and "bilag" not in (part.lower() for part in p.parts[:-1]):  # see ingest._siblings
        return None
    prefix = stem.split("bilag", 1)[0] if "bilag" in stem else ""
    folder = p.parent if "bilag" in stem else p.parent.parent
    matches = [s for s in siblings
               if PurePosixPath(s).parent == folder and re.search(r"referat|dagsorden|protokol", PurePosixPath(s).stem, re.I)
               and PurePosixPath(s).stem.lower().startswith(prefix)]
    return matches[0] if len(matches) == 1 else None


def describe(path: str, lines: Sequence[str], running: Sequence[str], siblings: Sequence[str] = (),
             item_cases: Sequence[str | None] = ()) -> Description:
    """All detectable fields of a document, with their origins.

    Args:
        path: the document's archive path (file name and folders are read for dates/bodies).
        lines: the document's clean blocks, one string each, contents pages left out.
        running: the running header/footer lines cleaning removed from its pages.
        siblings: archive paths of the other files in its folder (to find the minutes
            an attachment belongs to).
        item_cases: the case number each of its agenda items states (None where one states
            none), as `structure` found them.
    """
    text = "\n".join(lines)
    area = [line for line in lines[:_TITLE_AREA]]
    front = _front_matter(lines)
    head = "\n".join(running)
    d = Description({name: None for name in CATALOG_FIELDS})
    doc_type = detect_doc_type(head + "\n" + text) if head else detect_doc_type(text)
    d.set("doc_type", doc_type, "header" if head and detect_doc_type(head) else "text")
    meeting = doc_type in MEETING_TYPES
    p = PurePosixPath(path)
    parent = _attachment_of(path, siblings)
    letter = parent is not None or doc_type == "notat" or any(_LETTER_LINE.match(line) for line in area)
    # Body: the header; the title page (the front matter's, but not a letter's, whose front names its
    # addressee; one named in the first line; a unit line); file and folder names; an item's decision
    # heading; for a meeting, a body its opening text names more than once; last a letterhead.
    d.set("body", body_in(head), "header")
    if not letter:
        d.set("body", next(filter(None, map(named_body, front)), None), "title page")
    d.set("body", body_in(area[0]) if area else None, "title page")
    for line in area:
        m = _UNIT_LINE.match(line)
        d.set("body", m.group(1).strip() if m else None, "title page")
    d.set("body", body_in(p.stem), "file name")
    d.set("body", next((b for b in map(body_in, reversed(p.parts[:-1])) if b), None), "folder")
    d.set("body", decided_by(text), "text")
    if meeting:
        d.set("body", repeated_body(text[:2000]), "text")
    if not d.fields["body"]:
        d.set("body", _letterhead(area), "title page")
    # Dates: the meeting's from where meeting systems put it; a memo's, letter's or
    # attachment's own date apart (a letterhead "Dato:", a line that is only a date).
    own = (parse_date(area[0]) if area else None) or next(
        (parse_date(line) for line in area if _DATE_CUE.match(line) or _DATE_ONLY.match(line)
         or _WEEKDAY_DATE.search(line)), None)
    if letter:
        own = own or next((parse_date(line) for line in lines[:60] if _DATE_ONLY.match(line)), None)
        d.set("document_date", own, "title page")
        d.set("document_date", parse_date(head), "header")
    else:
        d.set("meeting_date", parse_date(head), "header")
        d.set("meeting_date", own, "title page")
    d.set("attachment_to", parent, "file name")
    if parent:
        d.set("meeting_date", _name_date(PurePosixPath(parent).name), "file name")
    d.set("meeting_date", _name_date(p.name), "file name")
    d.set("meeting_date", next((x for x in map(_name_date, reversed(p.parts[:-1])) if x), None), "folder")
    if not letter:  # last: a date in the opening sentences ("Den 24. maj 2017 holdt …"), or the day it was decided
        d.set("meeting_date", detect_meeting_date("\n".join(area)), "text")
        d.set("meeting_date", decided_on(text), "text")
    d.set("title", detect_title(lines, d.fields["body"]), "title page")
    if len(item_cases) > 1 and any(item_cases):
        # Each item cites its own case number (`Paragraph.case_number`); the document has only one
        # stated before its first item.
        d.set("case_number", detect_case_number("\n".join(front)), "title page")
    else:
        d.set("case_number", detect_case_number(text), "text")
    return d
