"""Whose words a record holds: one `Record` in; whether its promises are the meeting's own out.

A meeting's own record (its minutes, agenda, an agenda item's own PDF, a parliament sitting, a meeting
system's export) speaks for the body and its administration: what it promises is the meeting's follow-up.
Everything else is a paper put before the body or filed beside it, and what it says someone will do is no
promise made at the meeting. Decided in this order:

1. the document's kind (`Record.doc_type`): a meeting's record (`MEETING_RECORD_KINDS`) is read; an
   attachment, memo, report, letter or invitation (`OTHER_KINDS`) is not;
2. an attachment (`Record.attachment_to` names its meeting) is not read, whoever wrote it: the administration's
   memo to the body is background to the item, its decision and promises stand in the minutes;
3. a record of no known kind is read unless its body is another organisation (`OTHER_AUTHORS`: KKR's
   invitation names "KKR Hovedstaden" in its header);
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


# The kinds of document that record a meeting: what they promise is the meeting's follow-up.
MEETING_RECORD_KINDS = frozenset({"referat", "dagsorden", "dagsordenspunkt", "forhandlinger", "protokol",
                                  "beslutningsprotokol"})
# Papers put before a body or sent to it: background, never the meeting's promise.
OTHER_KINDS = frozenset({"bilag", "notat", "rapport", "brev", "invitation", "høringssvar", "program"})
# Promisers outside the municipality whatever the record (a sentence's `who`): "KL vil …", "KKR …", "Region …".
OUTSIDE_PROMISERS = tuple(re.compile(rf"^(?:{form})$", re.I) for form in (
    r"KL|Kommunernes Landsforening",
    r"KKR\b.*|Kommunekontaktr[åa]d\w*.*",
    r"Danske Regioner|Region(?:en)?(?: \w+.*)?|Regionsr[åa]d\w*.*",
))


def written_by_others(record: Record) -> bool:
    """Whether a record's writer, as its own pages or the catalog name it, is another organisation."""
    if (record.sources or {}).get("body") not in OWN_AUTHOR_SOURCES or not record.body:
        return False
    return any(form.match(record.body.strip()) for form in OTHER_AUTHORS)


def promises_are_the_meetings(record: Record) -> bool:
    """Whether what the record promises is a promise made at its meeting (see the module docstring)."""
    kind = (record.doc_type or "").strip().lower()
    if kind in OTHER_KINDS or record.attachment_to:
        return False
    return kind in MEETING_RECORD_KINDS or not written_by_others(record)


def outside_promiser(who: str | None) -> bool:
    """Whether a promise's promiser is an organisation outside the municipality (KL, KKR, a region)."""
    return bool(who) and any(form.match(who.strip()) for form in OUTSIDE_PROMISERS)
