"""Whose words a record holds: one `Record` in; whether its promises are the meeting's own out.

A meeting's own record (its minutes, agenda, an agenda item's own PDF, a parliament sitting, a meeting
system's export) speaks for the body and its administration: what it promises is the meeting's follow-up.
Papers put before the body are read only where they are the administration's own. Decided in this order:

1. a paper from outside by its kind (`OUTSIDE_KINDS`: a report, letter, invitation, hearing response or
   programme) is not read; a meeting's record by its kind (`MEETING_RECORD_KINDS`) is, a parliament's too;
2. an attachment ("bilag": `Record.attachment_to` names its meeting) is read only where it is the
   administration's own paper to the body: its title page, letterhead or the
   archive's catalog names who wrote it (`Record.sources`; `Record.author` where it is filed under the body
   that met), and that is no other organisation
   (`OTHER_AUTHORS`); an attachment of its meeting whose writer is not known that way (a meeting
   system's enclosure is cited as its meeting) is not read;
3. any other record is read unless its body is another organisation (KKR's invitation names "KKR
   Hovedstaden" in its header);
4. in what is read, a promise made by another organisation ("Derfor vil KL også evaluere processen",
   `outside_promiser`) is KL's, KKR's or a region's, not the municipality's follow-up.
"""
from __future__ import annotations

import re

from indexer.records import Record

# Where a record's body was read from its own pages (or set by hand): then it names the paper's writer.
OWN_AUTHOR_SOURCES = frozenset({"title page", "header", "catalog"})

# Writers outside the municipality, as a title page or letterhead names them (the whole name).
OTHER_AUTHORS = tuple(re.compile(rf"^(?:{form})$", re.I) for form in (
    r"KL|Kommunernes Landsforening",                      # "KL"
    r"KKR\b.*|Kommunekontaktr[åa]d\w*.*",                   # "KKR Hovedstaden"
    r"Danske Regioner|Region \w+.*|Regionsr[åa]d\w*.*",     # "Region Hovedstaden", "Regionsrådet"
    r"Regeringen|Folketinget|\w*[Mm]inisteri\w*.*|\w*[Ss]tyrelse\w*.*",  # "Sundhedsministeriet", "Sundhedsstyrelsen"
    r"(?:Senior|Ældre|Handicap|Integrations|Udsatte)r[åa]d\w*",          # a council's hearing response
))


# The kinds of document that record a meeting (a parliament's sittings too): what they promise is the
# meeting's follow-up, whoever the body.
MEETING_RECORD_KINDS = frozenset({"referat", "dagsorden", "dagsordenspunkt", "forhandlinger", "protokol",
                                  "beslutningsprotokol"})
# Papers that come from outside the municipality by their kind: what they say anyone will do is no
# promise made at the meeting.
OUTSIDE_KINDS = frozenset({"rapport", "brev", "invitation", "høringssvar", "program"})
# Organisations outside the municipality that minutes name as doing something ("KL", "KKR Hovedstaden",
# "Regionen"): what they will do is no promise made at the meeting, whatever the record.
_ORGANISATION = (r"(?:KL|Kommunernes Landsforening|KKR|Kommunekontaktr[åa]d\w*|Danske Regioner|Region(?:en)?"
                 r"|Regionsr[åa]d\w*)")
# ... as a sentence's `who` ("KKR Hovedstaden", "Region Sjælland") ...
_OUTSIDE_WHO = re.compile(rf"^{_ORGANISATION}\b.*$", re.I)
# ... and as the subject of a sentence whose `who` the reader did not name: "KKR Hovedstaden vil vende
# tilbage …", "Derfor vil KKR også evaluere …", "Regionen vil fremlægge …".
_OUTSIDE_SUBJECT = re.compile(
    rf"^(?:{_ORGANISATION}(?: \w+)?\s+(?:vil|skal)\b|(?:\w+\s+)?(?:vil|skal)\s+{_ORGANISATION}\b)")


def written_by_others(record: Record, *, unknown: bool = False) -> bool:
    """Whether a record's writer, as its own pages or the catalog name it, is another organisation;
    `unknown`: what a writer not named that way counts as."""
    named = "author" if record.author else "body"  # an attachment filed under its meeting's body: its writer
    writer = getattr(record, named)
    if (record.sources or {}).get(named) not in OWN_AUTHOR_SOURCES or not writer:
        return unknown
    return any(form.match(writer.strip()) for form in OTHER_AUTHORS)


def promises_are_the_meetings(record: Record) -> bool:
    """Whether what the record promises is a promise made at its meeting (see the module docstring)."""
    kind = (record.doc_type or "").strip().lower()
    if kind in OUTSIDE_KINDS:
        return False
    if kind in MEETING_RECORD_KINDS and not record.attachment_to:
        return True
    return not written_by_others(record, unknown=bool(record.attachment_to))


def outside_promiser(who: str | None, sentence: str = "") -> bool:
    """Whether a promise's promiser (`who`, else the subject of `sentence`) is an organisation outside the
    municipality (KL, KKR, a region)."""
    if who:
        return bool(_OUTSIDE_WHO.match(who.strip()))
    return bool(_OUTSIDE_SUBJECT.match(sentence.strip()))
