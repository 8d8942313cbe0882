"""Bodies: a line or a text in, the body (committee, council, forum) it names out.

In:  lines and texts of a record: its running header, a front-matter line, its file and
     folder names, its whole text.
Out: a body's name as the record writes it ("Sundheds- og Forebyggelsesudvalget",
     "Byrådet", "KKR Hovedstaden"), or None:

* `body_in`: the first body a text names (a header, a file name, a folder);
* `named_body`: the body a front-matter line names as the meeting's — the line opens with
  it ("Økonomiudvalget — Referat", "Byrådets møde den …", "Referat af møde i
  Dialogforum", "Byrådsmøde den …"), never one it merely mentions;
* `decided_by`: the body whose decision an agenda item records, the latest;
* `repeated_body`: the body an opening text names most, at least twice;
* `round_step`: where a body stands in a case's round (committee, Økonomiudvalg, council).
"""
from __future__ import annotations

import re

# A committee's name may list several parts, each but the last ending in a hyphen, with commas
# and "og": "Klima-, Teknik- og Miljøudvalget", "Skole-, Børne- og Ungeudvalget".
_BODY = (
    r"(Folketinget|Borgerrepræsentationen|Byrådet|Kommunalbestyrelsen|Regionsrådet|"
    r"Dialogforum|[A-ZÆØÅ][a-zæøå]+(?:-, [A-ZÆØÅa-zæøå][a-zæøå]+)*(?:- og [A-ZÆØÅa-zæøå][a-zæøå]+)?udvalget|"
    r"[A-ZÆØÅ][a-zæøå]*(?:Handicap|Ældre|Integrations|Udsatte)rådet|Handicaprådet|Ældrerådet|"
    # a municipality's council of its own, by the town's name: "Greve Ældreråd", "Køge Handicapråd"
    r"[A-ZÆØÅ][a-zæøå]+ (?:Handicap|Ældre|Integrations|Udsatte|Senior)råd(?:et)?|"
    r"KKR\s+[A-ZÆØÅ][A-Za-zÆØÅæøå]+|[Vv]algstyret i [A-ZÆØÅ][\w-]+ kommune)"
)
_BODIES = re.compile(rf"\b{_BODY}s?\b")
# What a front-matter line may say before it names the meeting's body: "Referat af møde i",
# "Åbent referat for", "Dagsorden til", "Referat – ", "Mødet i", "Referat af fællesmøde mellem".
_BEFORE_BODY = re.compile(
    r"(?:(?:åbent |lukket )?(?:referat|dagsorden|beslutningsprotokol|protokol)(?: (?:af|fra|for|til))?[\s:–—-]*)?"
    r"(?:(?:ordinært |ekstraordinært )?(?:fælles)?mødet? (?:i|mellem|for) )?",
    re.I,
)
# A council's meeting in one word: "Byrådsmøde den 12. marts 2024", "Referat fra byrådsmødet".
_COUNCIL_MEETING = re.compile(r"(byråds|kommunalbestyrelses|regionsråds)mødet?\b", re.I)
_COUNCILS = {"byråds": "Byrådet", "kommunalbestyrelses": "Kommunalbestyrelsen", "regionsråds": "Regionsrådet"}
# The heading of a body's decision on an item: "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012".
_DECIDED_BY = re.compile(rf"\b{_BODY}s beslutning den\b")


# Where a body stands in a case's round on one day: the committees, then the Økonomiudvalg (the Magistrat),
# then the council, which decides last ("Byrådet godkendte Økonomiudvalgets indstilling").
_ROUND = (re.compile(r"økonomiudvalg|magistrat", re.I),
          re.compile(r"byråd|kommunalbestyrelse|borgerrepræsentation|regionsråd", re.I))


def round_step(body: str | None) -> int:
    """0 for a committee (or any other body), 1 for the Økonomiudvalg, 2 for the council."""
    return next((n for n, form in enumerate(_ROUND, 1) if form.search(body or "")), 0)


def body_in(text: str) -> str | None:
    """The first body `text` names, capitalised ("KKR HOVEDSTADEN" → "KKR Hovedstaden")."""
    m = _BODIES.search(text)
    if not m:
        return None
    body = m.group(1)
    if body.isupper():  # "KKR HOVEDSTADEN" in a letterhead
        first, _, rest = " ".join(body.split()).partition(" ")
        return f"{first} {rest.title()}"
    return body[0].upper() + body[1:]


def named_body(line: str) -> str | None:
    """The body a front-matter line names as the meeting's: the one it opens with, perhaps after
    what the document is; None for a line that only mentions a body."""
    rest = line[_BEFORE_BODY.match(line).end():]
    council = _COUNCIL_MEETING.match(rest)
    if council:
        return _COUNCILS[council.group(1).lower()]
    return body_in(rest) if _BODIES.match(rest) else None


def decided_by(text: str) -> str | None:
    """The body of the last decision heading in `text` (an item lists earlier decisions first)."""
    decided = _DECIDED_BY.findall(text)
    return decided[-1] if decided else None


def repeated_body(text: str) -> str | None:
    """The body `text` names most often, if it names it at least twice."""
    counts: dict[str, int] = {}
    for m in _BODIES.finditer(text):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    best = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
    return best[0] if best[1] >= 2 else None
