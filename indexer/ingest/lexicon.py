"""The Danish lexicon of meeting records, shared by cleaning, structure and metadata.

In:  nothing (constants and small predicates).
Out: the patterns for bullets and numbered lines, headings, agenda items and their
     sections, case numbers, sentence ends, function words, abbreviations, month names and the
     character repairs PDFs need (ligatures, private-use bullets).

One place, so that cleaning (where a paragraph ends) and structure (what is a
heading) never disagree about what a numbered line or a caps heading is.
"""
from __future__ import annotations

import re

UPPER = "A-ZÆØÅÉÜÖÄ"
LOWER = "a-zæøåéüöä"

# Bullet glyphs seen in exports, including Symbol-font private-use ones ("", "").
PUA_BULLET_CHARS = "\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8\uf06e\uf071"
BULLET_GLYPHS = "•●▪■□◦○◆◇►▸➢➤✓✔·∙" + PUA_BULLET_CHARS
PUA_BULLETS = re.compile(f"[{PUA_BULLET_CHARS}]")

# Characters PDFs extract for what a reader sees as plain letters. U+01AF ("Ư") is what a
# broken font map gives for the "ff" ligature in some municipal reports.
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st", "\u01af": "ff"}

LIST_ITEM_RE = re.compile(
    rf"^(?:[{BULLET_GLYPHS}]\s*(?=\S)"  # • item
    r"|-\s*(?=\S)"  # - item, -item (a line never starts with a hyphenation remainder)
    r"|–\s+(?=[A-ZÆØÅ])"  # – Item (an en dash before lowercase continues a sentence)
    r"|o\s+(?=[a-zæøå])"  # o item: a Word "o" bullet before a lowercase word
    r"|\d{1,2}[.)]\s*(?=[A-ZÆØÅ\"»”(])(?!\d)"  # 1. Item, 2) Item
    r"|\d{1,2}[.)]\s+(?=at\s)"  # 4. at …: a recommendation's points ("at-punkter")
    r"|[a-hA-H]\)\s+(?=\S)"  # a) item, A) item
    r"|[a-h]\.\s+(?=[A-ZÆØÅ][a-zæøå]))"  # a. Item (sub-items of an agenda item)
)
BULLET_PREFIX = re.compile(rf"^(?:[{BULLET_GLYPHS}]|-|–|o(?=\s))\s*")

SENTENCE_END = re.compile(r"[.!?:][\"»«”’)\]]*$")
ALL_CAPS = re.compile(rf"^[^{LOWER}]*$")
# "Punkt 3.", "Punkt 3:", "Pkt. 2.", "Dagsordenspunkt 4:"
AGENDA_ITEM_RE = re.compile(r"^(?:Punkt|Pkt\.|Dagsordenspunkt)\s+(\d+)[.:]\s*(.*)$")
# A numbered part inside an item's text, a heading of its own line but no agenda item: "Spor 2. Livsstilsændringer og
# sundhed" (a strategy's tracks under item 3 of a committee's minutes).
PART_HEADING_RE = re.compile(r"^Spor\s+\d+[.:]\s*[A-ZÆØÅ]")
# How a record labels a case number: "Sagsnr.: 2012-28504", "Sag nr. 24/1234", "Sagsnummer:",
# "Journalnr.", "Journalnummer:", "J.nr.", "Jnr." (as regular expressions).
CASE_LABELS = (r"Sags?\s?nr", r"Sagsnummer", r"Journal\s?nr", r"Journalnummer", r"J\.\s?nr", r"Jnr")
CASE_LABEL = "(?:" + "|".join(CASE_LABELS) + r")\.?"
# A case number: "2011-29298", "24/1234", "00.01.00-A00-1-23", "EMN-2020-01234".
CASE_NUMBER = r"\w[\w./-]*\d"
# A line that states a case number: its label opens the line ("Sagsnr.: 2010-3082").
CASE_NUMBER_LINE = re.compile(rf"^{CASE_LABEL}\s*:?\s*({CASE_NUMBER})", re.I | re.M)
# A numbered line as cleaning sees it: "4. Netværksgruppens arbejde", "4.1 Organisering"
NUMBERED_LINE = re.compile(rf"^\d{{1,2}}(?:\.\d{{1,2}})*\.?\s*[{UPPER}]")
# A numbered heading as structure sees it: the number, then a capitalised word.
NUMBERED_HEADING_RE = re.compile(
    rf"^(?:\d{{1,2}}(?:\.\d{{1,2}})*\.\s*|\d{{1,2}}(?:\.\d{{1,2}})+\s+)[{UPPER}][{LOWER}]"
)
NUMBERED_PARTS = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(.*)$")
# "… til 15." + "oktober 2015": a line ending in an ordinal continues.
ORDINAL_END = re.compile(r"(?:^|\s)\d{1,2}\.$")

# The sections of an agenda item in Danish meeting systems (OS2dagsorden, Acadre,
# eDoc, First Agenda, Prisme …). A line that is exactly one of these is a heading.
ITEM_SECTIONS = {
    "sammendrag", "resumé", "resume", "baggrund", "sagsfremstilling", "sagsbeskrivelse",
    "indstilling", "indstillinger", "beslutning", "beslutninger", "økonomi",
    "økonomiske konsekvenser", "økonomiske konsekvenser og finansiering", "bilag",
    "høring", "lovgrundlag", "retsgrundlag", "kommunikation", "tidsplan", "formål",
    "opfølgning", "vurdering", "forvaltningens vurdering", "administrationens vurdering",
    "sagsnr", "beslutningen træffes af", "politisk behandling", "supplerende sagsfremstilling",
    "historik", "miljø", "miljøvurdering", "personale", "konklusion", "indledning",
    "målgruppe", "indhold", "proces", "status", "fremtidigt fokus", "anbefalinger",
}
# Words a heading never ends on: they need a continuation ("… indenfor hvert deres at").
OPEN_ENDINGS = {"og", "i", "af", "til", "med", "for", "den", "det", "de", "en", "et", "samt", "om",
                "på", "at", "eller"}
FUNCTION_WORDS = OPEN_ENDINGS | {"følgende", "fra", "er", "som", "ved", "mellem", "efter", "hos", "mod", "over",
                                 "under", "vedrørende"}
# Words after "aktivitets-" that mean the hyphen is real ("aktivitets- og samværstilbud").
KEEP_HYPHEN_BEFORE = {"og", "eller", "samt", "til", "hhv", "henholdsvis", "såvel", "el", "&"}
PRONOUNS = {"Der", "Det", "Vi", "Man", "Han", "Hun", "Jeg", "Følgende", "Nedenstående"}
# Words that open ordinary sentences, never a speaker's name.
NOT_NAMES = {
    "Det", "Der", "Den", "De", "Han", "Hun", "Vi", "Man", "Jeg", "Du", "Dette", "Denne",
    "Disse", "Hver", "Alle", "Mange", "Nogle", "Flere", "Her", "Som", "Og", "Men", "Når",
    "Hvis", "Dialogforum", "Ministeren", "Formanden", "Borgmesteren", "Rådmanden",
    "Ovenstående", "Nedenstående", "Ovennævnte", "Udvalget", "Administrationen",
    "Forvaltningen", "Centret", "Centeret", "Kommunen", "Regionen", "Styregruppen",
    "Arbejdsgruppen", "Projektet", "Rapporten", "Notatet", "Sekretariatet", "Direktionen",
    "Samtidig", "Endelig", "Desuden", "Derudover", "Herudover", "Således", "Hermed",
}
ABBREVIATIONS = {
    "bl.a", "f.eks", "fx", "jf", "kl", "nr", "ca", "mv", "m.v", "evt", "dvs", "pga", "ift",
    "hhv", "inkl", "ekskl", "stk", "pkt", "kr", "mio", "mia", "pct", "tlf", "osv", "s",
    "sct", "st", "hr", "fr", "dr", "mht", "vedr", "iht", "f.t", "m.fl", "m.m", "prakt",
    "fhv", "adm", "ang", "el", "etc", "vs", "ref", "obs", "o.l", "e.l", "t.o.m", "f.o.m",
    "m.h.t", "ds", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "okt",
    "nov", "dec", "kap", "afs", "gl", "nb", "lign", "tidl", "p.t", "a.m.b.a", "aps", "a/s",
    "d", "dok", "sagsnr", "afd", "v",
}
MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
# A contents line: a title, dot leaders or spaces, a page number ("1. Meddelelser ..... 3").
CONTENTS_LINE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?\S.{1,150}?(?:\s*\.{4,}\s*|\s+)\d{1,3}$")
CONTENTS_TITLE = re.compile(r"^(?:indholdsfortegnelse|indhold)\s*:?$", re.I)


def is_caps_heading(text: str) -> bool:
    """An all-caps line of a few words ("INDSTILLING OG BESLUTNING"), not an e-mail."""
    letters = sum(c.isalpha() for c in text)
    return 4 <= letters and len(text) <= 80 and bool(ALL_CAPS.match(text)) and "@" not in text


# A body's decision on an item as its heading: "Sundheds- og Forebyggelsesudvalgets beslutning den
# 04.12.2012 Punkt 3" (it opens a paragraph also where a page break comes right before it).
DECISION_HEADING = re.compile(r"^[A-ZÆØÅ][\w\-]*(?:,? (?:og )?[\w\-]+){0,6}s beslutning den \d")


def is_item_section(text: str) -> bool:
    """A line that names a section of an agenda item ("Sagsfremstilling", "Bilag:")."""
    return text.rstrip(" :.").strip().lower() in ITEM_SECTIONS
