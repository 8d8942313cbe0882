"""Whose words a record holds: one `Record` in; whether its promises are the meeting's own out.

A meeting's own record (its minutes, agenda, an agenda item's own PDF, a meeting system's export) speaks
for the body and its administration: what it promises is the meeting's follow-up. An attachment ("bilag":
`Record.attachment_to` names its meeting) is a paper put before the body, most often written by others:
KL's report, KKR's invitation, a ministry's letter. What those say they will do is no promise made at the
meeting, so an attachment's promises are read only where it is the administration's own paper to the
body: its own title page, letterhead or the archive's catalog names who wrote it (`Record.sources`), and
that is no other organisation (`OTHER_AUTHORS`). An attachment whose writer is not known that way (a
meeting system's enclosure is cited as its meeting, `sources["body"] == "meeting system"`) is not read.
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


def written_by_others(record: Record) -> bool:
    """Whether an attachment's writer is another organisation, or not known from its own pages."""
    if (record.sources or {}).get("body") not in OWN_AUTHOR_SOURCES or not record.body:
        return True
    return any(form.match(record.body.strip()) for form in OTHER_AUTHORS)


def promises_are_the_meetings(record: Record) -> bool:
    """Whether what the record promises is a promise made at its meeting: a meeting's own record, or an
    attachment the administration wrote to the body; never an attachment written by others."""
    return not record.attachment_to or not written_by_others(record)
