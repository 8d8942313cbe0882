"""A decision field read whole: the text of one agenda item's decision ("Beslutning", as a meeting
system publishes it) in; the item's outcome, the body it recommends to, the votes by party and
member with their counts and remarks, and the outcome of each point out.

In:  the field's text (lines as published; attendance lines such as "Afbud: …" are allowed) and,
     for a recommendation that does not name its recipient ("Anbefales."), the item's case
     procedure ("Sagsprocedure": "Klima-, Teknik- og Miljøudvalget, Økonomiudvalget og Byrådet.")
     and the deciding body.
Out: a `FieldReading`.

Everything is decided by the tables below, each a list of (what it means, the form it takes),
written from Greve Kommune's FirstAgenda minutes 2022–2023 (the tuning part of
benchmarks/data/greve) and the older Ballerup and Copenhagen minutes:

* `OUTCOME_FORMS`: the main clause of a sentence (before "med bemærkning", ", idet", ", da" …) →
  approved ("Godkendt", "Byrådet godkendte …", "udpegede"), rejected ("Ikke godkendt",
  "Anbefales ikke", "afviste"), postponed ("Udsat", "Sagen sendes tilbage …"), noted ("…
  taget til efterretning"), recommended ("Anbefales", "Økonomiudvalget anbefaler overfor
  Byrådet, at …"), sent_on ("Udvalget undlod at tage stilling", "… besluttede at sende
  forslaget til realitetsbehandling"). A discussion, an orientation given, a meeting held
  ("Udvalget drøftede …", "Temamødet blev holdt") match nothing: their outcome stays
  "unknown", never guessed.
* `VOTE_FORMS`: "For stemte (V), (A) og Liselott Blixt (UP-1).", "Imod stemte: (F) med
  bemærkning om, at …", "(Ø) undlod at tage stilling.", "Mehmet Zeki Dogru (Ø) stemte imod, da
  …", "A og C undlader.", "(D) ønskede ikke at sende forslaget til realitetsbehandling", "(A) og (Ø)
  følger administrationens indstilling."; several votes in one sentence read apart ("A stemmer for, V og
  D stemmer imod og C undlader."); counts
  from "Med stemmerne 17 for og 2 imod …" (`COUNTS`); a party's remark on its own line
  "(F) med bemærkning om, at …" joins that party's vote, and so do a vote's reasons in the sentences
  after it ("Imod stemte Ø. For så vidt angår indstillingspunkt 3 og 9 med begrundelse i, at …").
  Votes and counts are on the proposal: "Med stemmerne 13 for og 7 imod besluttede Byrådet, at
  forslaget ikke sendes …" is rejected with 7 for and 13 against, as "(V) ønskede ikke at sende forslaget …" is a vote against it.
  A vote on something else than the item's decision says what in `Vote.proposal_by`: another proposal
  and its proposer ("Mehmet Zeki Dogru (Ø) stiller forslag om …", "A ønsker at …" voted on at once), the
  administration's recommendation where the body approved another's, a member's disqualification
  ("… stemte om John T. Olsen kunne deltage i sagens behandling").

An item with several points keeps each point's outcome (`points`); its main outcome is the one
most of its decisive sentences state (approved, rejected, postponed, recommended, sent_on; a
tie goes to the first), "noted" only where nothing else is decided.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator, Sequence

from indexer.records import Vote

DECISIVE = ("approved", "rejected", "postponed", "recommended", "sent_on")

# -- names ---------------------------------------------------------------------------------------
# A political body as the minutes name it: "Økonomiudvalget", "Klima-, Teknik- og Miljøudvalget",
# "Byrådet", "Udvalget".
# (the minutes' own slip too: "Skole, Børne- og Ungeudvalget")
BODY = (r"(?:[A-ZÆØÅ][\wæøå]*(?:(?:-,?\s?|,\s)(?:[A-ZÆØÅ][\wæøå]*-,?\s)*(?:og\s)?[A-ZÆØÅa-zæøå][\wæøå]*)?"
        r"(?:udvalget|udvalg)|[Bb]yrådet|[Kk]ommunalbestyrelsen|[Bb]orgerrepræsentationen|[Rr]egionsrådet|"
        r"[Uu]dvalget|[Ff]agudvalget)")
_PARTY_LETTERS = r"[A-ZÆØÅ]{1,3}(?:-\d)?"
_PARTY_NAMES = (r"(?:Enhedslisten|SF|Venstre|Socialdemokratiet|Det Konservative Folkeparti|De Konservative|"
                r"Dansk Folkeparti|Liberal Alliance|Nye Borgerlige|Radikale Venstre|Moderaterne|"
                r"Danmarksdemokraterne|Alternativet)")
# One voter: "(V)", "V", "Liselott Blixt (UP-1)", "John T. Olsen (A)", "Enhedslisten".
VOTER = (rf"(?:\({_PARTY_LETTERS}\)|{_PARTY_NAMES}|"
         rf"[A-ZÆØÅ][\w\-]+(?:\s(?:[A-ZÆØÅ][\w\-]*\.?|de|van|von)){{0,4}}\s\({_PARTY_LETTERS}\)|"
         rf"{_PARTY_LETTERS}(?![\w(]))")
VOTERS = rf"{VOTER}(?:(?:,\s*|\s+og\s+|,\s+og\s+|\s+){VOTER})*"

# The field that routes a case, naming the bodies that treat it ("Sagsprocedure", "Sagsgang", "Beslutningsproces"):
# it says who decides, not what.
_PROCEDURE_FIELD = re.compile(r"^(?:sagsprocedure|sagsgang|beslutningsproces)$", re.I)


def is_procedure_field(heading: str | None) -> bool:
    """Whether a field's name is the one that routes its case ("Sagsprocedure", "Sagsgang", "Beslutningsproces")."""
    return bool(_PROCEDURE_FIELD.match((heading or "").strip()))


# -- the main clause and what it decides ---------------------------------------------------------
# The word a remark is introduced by: "med bemærkning om", "med bemærkningen om" (the definite form too).
_REMARK_WORD = r"bemærkning(?:en|er)?"
# Where a sentence's main clause ends: what follows is a remark, a reason or a condition.
_CLAUSE_END = re.compile(
    rf",?\s+(?:med (?:en |den |følgende )?(?:supplerende )?(?:{_REMARK_WORD}|ønske|uddybning|tilføjelse)|"
    r"idet|i det|da|dog|såfremt|hvis|når|med henblik på|således at|så(?= \w+ skal))\b|[:;]\s",
    re.I)

# What a decision may approve or reject without a verb: "Indstillingen godkendt", "Forslaget ikke vedtaget".
_PROPOSED = r"(?:(?:\w+s )?indstilling(?:en|erne)?|forslaget|sagen|punktet)"
# Words that open a further decision of the same item ("Endvidere besluttede Byrådet …").
FURTHER = r"(?:Endvidere|Yderligere|Desuden|Derudover|Herudover)"
OUTCOME_FORMS: list[tuple[str, str]] = [
    # rejected: the negations first, since "godkendes ikke" holds "godkendes"
    ("rejected", r"^(?:kan |kunne )?ikke (?:godkendt|godkendes|anbefalet|anbefales|tiltrådt|tiltrædes|vedtaget)\b"),
    ("rejected", r"\b(?:godkendes|godkendt|anbefales|tiltrædes|vedtages) ikke\b"),
    ("rejected", r"\b(?:blev|er|bliver) ikke (?:\w+ )?(?:godkendt|vedtaget|tiltrådt|anbefalet)\b"),
    ("rejected", r"\b(?:kan|kunne),?(?: over ?for \w+,?)? ikke (?:anbefales|godkendes|anbefale|godkende|tiltræde|følge)\b"),
    ("rejected", r"\banbefaler\b.*\bat .* ikke (?:godkendes|anbefales|tiltrædes|gennemføres)\b"),
    ("rejected", r"\b(?:afviste|afvist|afvises|forkastede|forkastet|forkastes)\b"),
    # "Indstillingen ikke godkendt" (the verb left out, as in "Indstillingen godkendt" below)
    ("rejected", rf"^{_PROPOSED} ikke (?:godkendt|tiltrådt|vedtaget|anbefalet)\b"),
    ("rejected", rf"^{BODY} ønsker ikke,? at\b"),
    ("rejected", r"\bbesluttede \w+ ikke at\b|\bbesluttede,? at \w+ ikke\b|\bikke sendes til realitetsbehandling\b"),
    # postponed: put off, or sent back for more work
    ("postponed", r"^(?:sagen |punktet )?(?:blev )?(?:udsat|udsættes)\b"),
    ("postponed", rf"^{BODY} (?:udsatte|udskyder|udskød)\b|\b(?:blev|er) (?:udsat|udskudt)\b"),
    ("postponed", r"\b(?:sendes|sendte \w+|sender \w+|blev sendt) tilbage\b"),
    # "besluttede at (or, mistyped, af) sende sagen tilbage til fornyet behandling i administrationen"
    ("postponed", r"\b(?:at|af) sende (?:\w+ ){0,2}tilbage\b"),
    ("postponed", rf"^{BODY} ønsker (?:sagen|punktet) genoptaget\b"),
    # taken off this meeting's agenda: not decided here ("Sagen blev taget af dagsordenen.")
    ("postponed", r"^(?:sagen |punktet )?(?:blev |er )?(?:taget|trukket) (?:af|fra) dagsorden(?:en)?\b"),
    # sent on without a view of the body's own
    ("sent_on", rf"^(?:{BODY}\s+)?(?:undlod|undlader)\s+(?:at tage stilling|stillingtagen|stillingstagen|og sender)"),
    ("sent_on", r"^(?:undlod|undlader)\.?$"),
    # "… besluttede at sende mødekalender for Byrådet og Økonomiudvalget i 2024 til behandling i Økonomiudvalget"
    ("sent_on", rf"\bbesluttede \w*\s?at sende (?:(?:\w*forslaget|sagen) til\b|[^,.]{{1,80}}? til "
                rf"(?:(?:videre |real)?behandling\b|{BODY}))"),
    ("sent_on", r"^(?:sagen |punktet |forslaget |indstillingen )?(?:sendes|oversendes|videresendes|henvises)"
                r" (?:videre )?til\b(?! efterretning)"),
    ("sent_on", rf"\b(?:videresendte|oversendte)\b|^{BODY} (?:oversender|videresender)\b"),
    # the older minutes' "Indstilles til godkendelse" (Ballerup: the committee passes the case on to
    # the council), as the project's first labels read it
    ("sent_on", r"^(?:sagen |punktet )?indstilles til godkendelse\b"),
    # recommended to another body: before "approved" and "noted" ("anbefaler overfor Byrådet, at
    # indstillingen godkendes", "… at orienteringen tages til efterretning")
    ("recommended", r"\banbefale[rs]\b|\banbefalet\b"),
    ("recommended", rf"^{BODY} anbefalede\b"),  # "1. Udvalget anbefalede basispakken …" (not the administration's advice)
    ("recommended", rf"^{BODY} indstiller\b|\bindstilles godkendt\b"),
    # approved (appointments and the body's own decisions too)
    ("approved", r"^(?:godkendt|godkendes|tiltrådt|tiltrædes|vedtaget|vedtages|bevilget|bevilges)\b"),
    # "Indstillingen godkendt", "Administrationens indstilling tiltrådt" (eDoc, SBSYS: the verb left out)
    ("approved", rf"^{_PROPOSED} (?:godkendt|tiltrådt|vedtaget)\b"),
    ("approved", r"\b(?:godkendte|godkender|godkendes|vedtog|tiltrådte|tiltræder|bevilgede)\b"),
    # a grant decided ("1. Ansøger 1 tildeles plads ved Greve Svømmehal.")
    ("approved", r"\b(?:tildeles|tildelte|tildeler)\b(?! ikke)"),
    ("approved", r"\b(?:blev|er|bliver) (?:\w+ )?(?<!ikke )(?:godkendt|vedtaget|tiltrådt|bevilget)\b"),
    ("approved", rf"^{BODY} (?:udpegede|udpeger|valgte|vælger|pegede på|peger på|konstituerede)\b|\bblev (?:valgt|udpeget)\b"
                 r"|^(?:\w+ ){0,3}(?:udpeges|vælges|genvælges)\b"),
    ("approved", rf"^(?:{FURTHER} )?{BODY} (?:besluttede|beslutter)\b|^(?:Det|Byrådet) blev besluttet\b"
                 rf"|^{FURTHER} (?:besluttede|beslutter) {BODY} med stemmer"),  # see further_decisions
    # noted
    # (what was noted may be named at length: "Byrådet tog administrationens orientering om budgetopfølgning 0 for
    # 2023 til efterretning")
    ("noted", r"\b(?:taget|tages|tog|tager)(?: \S+){0,9} til (?:efter\w*retning(?:en)?|orientering)\b|"
              r"\btaget efterretning\b"),
]
_OUTCOME_FORMS = [(outcome, re.compile(form, re.I)) for outcome, form in OUTCOME_FORMS]

# The recipient a recommendation names: "anbefaler overfor Byrådet", "indstiller over for Byrådet", "Anbefales over
# for Byrådet." (the verb opening the sentence: the body's name keeps its own case rules)
_RECIPIENT = re.compile(rf"\b(?i:anbefaler|anbefales|indstiller|indstilles)\s+(?:\w+\s+)?(?:over ?for|til)\s+(?P<to>{BODY})")

# -- votes ---------------------------------------------------------------------------------------
# (position, form): the form names the voters in group "who", any trailing words in "rest".
RECOMMENDS = "recommends"  # a vote form's position: "for" the proposal it names, where the body recommends too
VOTE_FORMS: list[tuple[str, str]] = [
    # "For stemte stemte (V), (A) …" (a word doubled in the minutes) as "For stemte (V), (A) …"
    ("for", r"^(?:For stemte(?: stemte)?|Stemte for|For (?:\w+ ){1,3}stemte)\s*:?\s*(?P<who>.*)$|^For\s*:\s*(?P<who2>.*)$"),
    ("against", r"^(?:Imod stemte(?: stemte)?|Stemte imod|Imod (?:\w+ ){1,3}stemte)\s*:?\s*(?P<who>.*)$|^Imod\s*:\s*(?P<who2>.*)$"),
    ("abstained", r"^(?:Undlod at stemme|Undlod|Undlader|Hverken for eller imod(?: stemte)?)\s*:\s*(?P<who>.*)$"),
    ("against", rf"^(?P<who>{VOTERS})\s+(?:stemte|stemmer)\s+(?:i\s?mod|mod)\b(?P<rest>.*)$"),
    ("for", rf"^(?P<who>{VOTERS})\s+(?:stemte|stemmer)\s+for\b(?P<rest>.*)$"),
    # "(F) udlod at tage stilling" (Greve's Byråd, 12 December 2022): the minutes' own slip of the pen
    ("abstained", rf"^(?P<who>{VOTERS})\s+(?:undlod|udlod|undlader|stemte blankt|stemmer blankt)\b(?P<rest>.*)$"),
    ("against", rf"^(?P<who>{VOTERS})\s+(?:ønskede ikke at|kunne ikke tiltræde)\b(?P<rest>.*)$"),
    ("for", rf"^(?P<who>{VOTERS})\s+ønskede at sende\b(?P<rest>.*)$"),
    # "(A) og (Ø) følger administrationens indstilling." (rather than the committee's), "… indstillingspunkt 2."
    ("for", rf"^(?P<who>{VOTERS})\s+(?:følger|fulgte)\s+(?P<rest>administrationens?\s+indstilling.*)$"),
    # … or recommend it to the next body ("John T. Olsen (A) og Brigitte Klintskov Jerkel (C) anbefaler overfor
    # byrådet at administrationens indstilling godkendes", where the committee recommended another way): a vote
    # only where the body's decision is itself a recommendation (`RECOMMENDS`); at a deciding body it says what
    # they support beside their vote (the tuning labels, Byrådet 20 June 2022, item 13)
    (RECOMMENDS, rf"^(?P<who>{VOTERS})\s+(?:anbefaler|anbefalede)\s+(?:over ?for\s+\w+,?\s+)?(?:at\s+)?"
            r"(?P<rest>administrationens?\s+indstilling.*)$"),
]
_VOTE_FORMS = [(position, re.compile(form)) for position, form in VOTE_FORMS]
# Following the administration's recommendation where the body approved another's ("Byrådet godkendte
# Økonomiudvalgets indstilling … (A) og (Ø) følger administrationens indstilling"; in all four tuning
# meetings that say it), or voting for it ("John T. Olsen (A) stemte for administrationens indstillingspunkt
# 2" where the committee would not recommend point 2; "… stemte for administrationen indstilling", the "s"
# left out), is a vote for another proposal than the one approved: the administration's. Not a vote
# against it ("(Ø) og (F) stemte imod administrationens indstillingspunkt 2" where the council approved the
# Økonomiudvalg's recommendation, which may well be the administration's): that stays on the item.
ADMINISTRATION = "administrationen"
_ADMINISTRATIONS = re.compile(r"administrationens?\s+indstilling", re.I)
# A vote line naming it before its voters, for or against ("For administrationens indstilling stemte: Bjarke Abel
# (A)", "Imod administrationens indstilling stemte: … Torben Hoffmann (V)" where "Administrationens indstilling kan
# ikke anbefales"): on the administration's proposal, whichever side, not on what the body decided.
_ON_ADMINISTRATIONS = re.compile(r"(?:For|Imod)\s+administrationens?\s+indstilling\w*(?:\s+\S+){0,2}?\s+stemte\b",
                                 re.I)
_APPROVES_ADMINISTRATIONS = re.compile(r"\b(?:godkend|anbefal|tiltræd)\w*\s+(?:at\s+)?administrationens?\s+indstilling"
                                       r"|^administrationens?\s+indstilling\s+(?:blev\s+|er\s+)?(?:godkend|anbefal|tiltræd)",
                                       re.I | re.M)
# A vote on whether a member may take part in the item ("John T. Olsen (A) spurgte Økonomiudvalget om han var
# inhabil …", "Økonomiudvalget stemte om John T. Olsen kunne deltage i sagens behandling.", then "For stemte:
# …"): its vote lines are on that question, not on the item, until the body declares its answer ("…
# erklærede, at John T. Olsen (A) kan deltage …", "… erklærede Per Lund Sørensen (V) for inhabil …") or
# decides on the item. Kept among the item's votes, marked so (`proposal_by`), since the members did vote: on
# whether the member is disqualified ("spurgte … om han var inhabil": for = disqualified), or, where the vote is
# said to be on it, whether the member may take part ("stemte om John T. Olsen kunne deltage": for = may take part).
DISQUALIFICATION = "inhabilitet"
TAKING_PART = "deltagelse"
_TAKING_PART = r"\b(?:inhabil\w*|habil\w*|deltage i (?:sagens|punktets) behandling)"
_DISQUALIFICATION_ASKED = re.compile(rf"\bspurgte\b.*\bom\b.*\binhabil|"
                                     rf"\b(?:stemte|stemmer|afstemning)\s+om\b.*{_TAKING_PART}", re.I)
_DISQUALIFICATION_ANSWERED = re.compile(rf"\berklær(?:ede|er)\b.*{_TAKING_PART}", re.I)
_VOTED_ON = re.compile(r"\b(?:stemte|stemmer|afstemning)\s+om\b(?P<question>.*)", re.I)
# Another proposal put to the vote after the item's own, and the vote lines after it on it (one sentence
# each, the proposer in group "who"):
# * "Mehmet Zeki Dogru (Ø) stiller forslag om, at …", "V, D og Liselott Blixt (UP) stiller forslag om …",
#   "(Ø) fremsatte følgende forslag til beslutning:";
# * "A ønsker at lufttemperatur og bassintemperatur også hæves …" only where the vote that follows at once
#   has the wishers for it ("A stemmer for, V og D stemmer imod og C undlader."): a wish alone is a remark
#   ("(A) ønsker, at sagen genoptages.", then the item's vote), and a body's wish ("Udvalget ønsker …") is
#   the item's decision.
_PROPOSAL = re.compile(rf"^(?P<who>{VOTERS})\s+(?:stiller|stillede|fremsætter|fremsatte)\s+(?:følgende\s+)?"
                       rf"(?:ændrings|mod|under)?forslag\b")
_WISH = re.compile(rf"^(?P<who>{VOTERS})\s+ønsker,?\s+at\b")
_MAJORITY = re.compile(r"^(?:Et (?:flertal|mindretal) (?:bestående af|af) |(?:Flertallet|Mindretallet),? )", re.I)
# A party's remark on its vote, on a line of its own: "(F) med bemærkning om, at …".
# A remark said as a sentence of its own: "Derudover bemærker forligspartierne, at budgetforliget implementeres …"
_SAYS_REMARK = re.compile(r"^(?:(?:Derudover|Endvidere|Desuden|Herudover|Samtidig) bemærke(?:r|de) [\w()\-, ]{1,80}?"
                          r"|[\w()\-, ]{1,80}? bemærke(?:r|de)),? at\b")
# A remark going on in the sentences after it ("… med bemærkning om, at det fremgår at administrationen har
# beslutningskraft … Dette er en fejl og skal rettes til at … Derudover skal bilag rettes …"): it is one remark.
_REMARK_GOES_ON = re.compile(r"^(?:Dette|Derudover|Endvidere|Endeligt|Endelig|Desuden|Herudover)\b(?! bemærke)")
_VOTE_REMARK = re.compile(rf"^(?P<who>{VOTERS})\s+med (?:en )?{_REMARK_WORD}(?: om)?,?\s*(?P<remark>.+)$")
# "Med stemmerne 19 for og 1 imod", "Med stemmer 18 for og ingen imod", "med stemmerne 6 for".
COUNTS = re.compile(r"\bmed stemmer(?:ne)? (?P<for>\d+) for(?:,? (?:og )?(?P<against>\d+|ingen) (?:i\s?mod|mod))?"
                    r"|\bmed (?P<for2>\d+) stemmer for(?:,? (?:og )?(?P<against2>\d+|ingen) (?:stemmer )?(?:i\s?mod|mod))?"
                    r"|\bmed (?P<for3>\d+) (?:stemmer )?mod (?P<against3>\d+) stemmer", re.I)


def counts_of(sentence: str) -> tuple[int | None, int | None]:
    """(for, against) as a sentence counts them: "Med stemmerne 17 for og 2 imod" → (17, 2); "ingen imod" → 0."""
    m = COUNTS.search(sentence)
    if not m:
        return None, None
    n = lambda name: next((m.group(f"{name}{i}") for i in ("", "2", "3") if m.group(f"{name}{i}")), None)  # noqa: E731
    votes_for, against = n("for"), n("against")
    return int(votes_for), (None if against is None else 0 if against == "ingen" else int(against))
# The point a vote or an outcome is about: "for så vidt angår indstillingspunkt 2", "imod punkt 3 og 9",
# "kunne ikke tiltræde indstilling 2", "godkendte administrationens indstilling 1.-3.".
_POINT_NAMED = re.compile(
    r"\b(?:indstillings?punkt(?:er|erne)?|indstillingens punkt|punkt(?:er|erne)?|indstilling(?:en)?(?=\s+\d))\s+"
    r"(?P<point>\d+(?:\s?[a-z](?![a-zæøå]))?"
    r"(?:\.\s?[a-z](?![a-zæøå]))?(?:\.?(?:,\s*|\s+og\s+|\s*[-–]\s*)\d+(?:\s?[a-z](?![a-zæøå]))?)*)", re.I)
# A point number opening a line: "1.", "1.-4.", "3.-4.", "1a.", "2.a.", "N:", "- "; typed without its space
# before a capital too ("2)Anbefales", "1.Orienteringen blev taget til efterretning.").
_POINT_PREFIX = re.compile(
    r"^(?:(?:Ad|Pkt\.|Punkt|Vedrørende punkt|Vedr\. punkt|Punkterne)\s*)?"
    r"(?:(?P<point>\d+\s?[a-z]?\.?(?:\s?[-–]\s?\d+\s?[a-z]?\.?)?(?:\s?[a-z]\.?(?:\s?-\s?[a-z]\.?)?)?)"
    r"(?:\s*[:)])?(?:\s+|(?<=[.)])(?=[A-ZÆØÅ]))|[-–•·]\s*)(?=\S)")
_REMARK = re.compile(rf"\bmed (?:en |den |denne )?(?:supplerende )?(?:{_REMARK_WORD}(?: om| til)?|begrundelse(?:n)? i)[,:]?\s*"
                     r"(?P<remark>.+)$", re.I)
# A remark that stops short of what it says ("med bemærkning om, at Økonomiudvalget ønsker, at"): the lines
# listed after it say it.
_OPEN_REMARK = re.compile(r"(?:\bat|\bom|[:,])\s*$", re.I)  # "med bemærkning om," and its numbered lines
# A vote's reasons in the sentence after it, its voters not named again ("Imod stemte Ø. For så vidt angår
# indstillingspunkt 3 og 9 "med begrundelse i at …". For så vidt angår indstillingspunkt 4 med begrundelse i, …").
_VOTE_REASON = re.compile(r"^(?:for så vidt angår [^\"”“]{1,80}?\s)?[\"”“]?med (?:begrundelse|bemærkning)", re.I)
_FOLLOWING_REMARKS = re.compile(r"\b(?:med|afgav) (?:følgende |denne )?bemærkning(?:er)?(?: om)?\s*[:;]?\s*$|"
                                r"\bbemærkede følgende\s*[:;]\s*$", re.I)
# Lines that are attendance, not the decision.
_ATTENDANCE = re.compile(r"^(?:Afbud|Fraværende|Ikke til stede|(?:Følgende )?Deltog ikke|Til stede|Mødt|Fravær)\b", re.I)
_NOBODY = re.compile(r"^(?:ingen|ingen\.)$", re.I)


def is_attendance(line: str) -> bool:
    """Whether a line of a decision field says who attended or was absent ("Afbud: …")."""
    return bool(_ATTENDANCE.match(line.strip()))


@dataclass
class PointOutcome:
    """What one sentence of the field decides, and on which point where it names one."""

    outcome: str
    text: str
    point: str | None = None
    votes_for: int | None = None
    votes_against: int | None = None


@dataclass
class FieldReading:
    """What a decision field states."""

    outcome: str = "unknown"
    sentence: str | None = None  # the sentence that states the main outcome
    recommended_to: str | None = None
    votes: list[Vote] = field(default_factory=list)
    votes_for: int | None = None
    votes_against: int | None = None
    remarks: list[str] = field(default_factory=list)
    points: list[PointOutcome] = field(default_factory=list)


# -- splitting -----------------------------------------------------------------------------------
_ABBREVIATIONS = re.compile(r"(?:\b(?:f\.eks|bl\.a|jf|nr|kr|mio|mia|pkt|ca|maks|max|pct|gns|inkl|ekskl|evt|mht|vedr|"
                            r"dvs|pga|ifm|ift|stk|tlf|m\.m|mv|osv|el|s|t|kl)|\b[A-ZÆØÅ]|^\s*\d+\s?[a-z]?|[-–]\s?\d+)\.$", re.I)


def _quote_depths(text: str) -> Iterator[int]:
    """How deep inside quotes each character of `text` leaves it. Danish minutes open and close a quote
    with the same mark as often as not: inside one, that mark closes the innermost ("”… “altid” …”")."""
    depth = 0
    for ch in text:
        if ch in "\"”":
            depth = depth - 1 if depth else 1
        elif ch in "“„«":
            depth += 1
        elif ch == "»":
            depth = max(0, depth - 1)
        yield depth


def split_sentences(line: str) -> list[str]:
    """A line's sentences: split after . ! ? before a capital, a bracket or a point number; not
    after an abbreviation, an initial or a point number ("1. Godkendt."), nor inside quotes."""
    out, start = [], 0
    for i, (ch, depth) in enumerate(zip(line, _quote_depths(line))):
        quoted = depth > 0
        ends_quote = ch in "\"”»" and not quoted and i > 0 and line[i - 1] in ".!?"
        if (ch not in ".!?" or quoted) and not ends_quote:
            continue
        rest = line[i + 1:]
        if not re.match(r"\s+(?:[A-ZÆØÅ(\[]|\d+\.?\s?[a-z]?\.?\s?[-–]?\s?\d*\.?\s+\S)", rest):
            continue
        if ch == "." and _ABBREVIATIONS.search(line[start:i + 1]) and not _ends_in_party(line[start:i + 1]):
            continue
        out.append(line[start:i + 1].strip())
        start = i + 1
    tail = line[start:].strip()
    if tail:
        out.append(tail)
    return out


def _ends_in_party(sentence: str) -> bool:
    """Whether a sentence is a vote ending in a party's letter ("Imod stemte Ø."): its full stop ends it,
    it is no initial ("John T. Olsen")."""
    vote = vote_of(sentence)
    return bool(vote and vote[1] and re.fullmatch(_PARTY_LETTERS, vote[1][-1])
                and sentence.rstrip(". ").endswith(vote[1][-1]))


def _in_quotation(text: str) -> bool:
    """Whether `text` ends inside a quotation it opened."""
    return bool(text) and list(_quote_depths(text))[-1] > 0


def _join_quotations(lines: list[str], reach: int = 4) -> list[str]:
    """Lines joined where a quotation opened on one closes on one of the next `reach` lines: a party's
    remark quoted over two lines is one remark ("(F) med bemærkning om, at ”… eller lign." / "Vi ønsker
    ikke …""). A quotation mark that nothing closes joins nothing."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        end = i
        if _in_quotation(lines[i]):
            end = next((k for k in range(i + 1, min(i + 1 + reach, len(lines)))
                        if not _in_quotation(" ".join(lines[i:k + 1]))), i)
        out.append(" ".join(lines[i:end + 1]))
        i = end + 1
    return out


def field_sentences(text: str) -> list[str]:
    """The field's sentences in order, attendance lines left out; a vote label alone on its line
    ("For stemte:") joined with the names on the next."""
    lines = _join_quotations([line.strip() for line in text.splitlines() if line.strip()])
    joined: list[str] = []
    listing = False  # a vote label alone on its line, then one name a line ("For stemte:", "Anne (V)", "Per (V)")
    label = ""  # that label ("Imod stemte:")
    for line in lines:
        # ("For stemte:" with nobody after it and "Imod stemte: …" on the next line are two votes)
        if joined and re.search(r"(?:stemte|Stemte for|Stemte imod|Undlod|Undlader)\s*:$", joined[-1]) \
                and vote_of(line) is None:
            label = joined[-1]
            joined[-1] = f"{joined[-1]} {line}"
            listing = True
        elif listing and re.fullmatch(VOTERS, line.rstrip(".")):
            joined[-1] = f"{joined[-1]}, {line}"
        elif listing and _VOTE_REMARK.match(line):
            # one party a line, each with its own remark ("Imod stemte:", "(F) med bemærkning om, …",
            # "(Ø) med bemærkning om, …"): a vote of its own under the same label
            joined.append(f"{label} {line}")
        else:
            joined.append(line)
            listing = False
    out = [s for line in joined if not is_attendance(line) for s in split_sentences(line)]
    return [part for s in out for part in _separate_votes(s)]


# Where a sentence goes on with another vote: ", mens (Ø) stemte imod", " og V stemmer imod", ", V og D stemmer imod".
_NEXT_VOTE = re.compile(rf"(?:,\s+mens|,?\s+og|,)\s+(?={VOTERS}\s+(?:stemte|stemmer|undlod|udlod|undlader)\b)")


def _separate_votes(sentence: str) -> list[str]:
    """"A stemmer for, V og D stemmer imod og C undlader." → one vote a part. A separator cuts only
    where what comes before it is a vote already (not "(A) og (Ø) stemte imod"), and never inside a
    remark or a quote."""
    stop = re.search(r"[”“\"«»„]|\bbemærkning", sentence)
    parts, start = [], 0
    for m in _NEXT_VOTE.finditer(sentence, 0, stop.start() if stop else len(sentence)):
        if vote_of(sentence[start:m.start()]) is not None:
            parts.append(sentence[start:m.start()])
            start = m.end()
    return parts + [sentence[start:]]


# -- reading -------------------------------------------------------------------------------------
def main_clause(sentence: str) -> str:
    """The sentence up to its first remark, reason or condition."""
    m = _CLAUSE_END.search(sentence)
    return sentence[: m.start()] if m else sentence


def point_of(sentence: str) -> tuple[str | None, str]:
    """(the point number opening the sentence, the rest): "1.-4. Anbefales." → ("1.-4.", "Anbefales.")."""
    m = _POINT_PREFIX.match(sentence)
    if not m:
        return None, sentence
    point = (m.group("point") or "").strip() or None
    return point, sentence[m.end():]


def sentence_outcome(sentence: str) -> str | None:
    """The outcome a sentence's main clause states, by the first form of OUTCOME_FORMS it takes;
    None for a sentence that decides nothing (a vote line, a discussion, a remark)."""
    if vote_of(sentence) is not None or _VOTE_REMARK.match(sentence):
        return None
    _, rest = point_of(sentence.strip())
    clause = main_clause(rest).strip()
    for outcome, form in _OUTCOME_FORMS:
        if form.search(clause):
            return outcome
    # a point that puts the matter off, whose "dog" ends the main clause early: "4. Sagen skal dog afvente til der
    # er klarhed over den videre proces."
    return "postponed" if _WAITS.match(rest.strip()) else None


_WAITS = re.compile(r"^(?:sagen|punktet) (?:skal )?(?:dog )?afvente[rs]?\b", re.I)


# The count after a vote line's voters: "For stemte: A og F (12)".
_COUNT_AFTER = re.compile(r"\s*\((?P<count>\d+)\)\s*$")


def count_after(names: str) -> tuple[str, int | None]:
    """Voters and the count written after them: "A og F (12)" → ("A og F", 12); ("V", None) for "V"."""
    m = _COUNT_AFTER.search(names)
    return (names[:m.start()], int(m.group("count"))) if m else (names, None)


def vote_count(sentence: str) -> int | None:
    """The count a vote line gives after its voters ("Imod stemte: V og Ø (7)." → 7), else None."""
    return count_after(sentence.strip().rstrip(". "))[1]


def voters_of(names: str) -> list[str]:
    """"(V), (A), Liselott Blixt (UP-1) og (F)" → ["V", "A", "Liselott Blixt (UP-1)", "F"]."""
    names = re.sub(rf"\s+(?:med (?:en )?{_REMARK_WORD}|for så vidt|da|idet|fordi|til|imod|for)\b.*$", "", names.strip())
    names = count_after(names.strip(" .,:;"))[0].strip(" .,:;")  # "A og F (12)": the count is no voter
    if not names or _NOBODY.match(names):
        return []
    items = [i.strip(" .,;") for i in re.split(r",\s*(?:og\s+|samt\s+)?|\s+og\s+|\s+samt\s+", names)]
    voters: list[str] = []
    unpartied: list[int] = []  # members named without a party since the last party
    for item in items:
        # "John T. Olsen, Bjarke Abel … fra (A)": the party named last belongs to every name before it
        party = re.search(rf"\s+fra\s+\(?({_PARTY_LETTERS})\)?$", item)
        if party:
            item = f"{item[: party.start()]} ({party.group(1)})"
            for i in unpartied:
                voters[i] = f"{voters[i]} ({party.group(1)})"
        if "(" in item or party:
            unpartied = []
        if re.fullmatch(VOTER, item):
            voters.append(item[1:-1] if item.startswith("(") and item.endswith(")") else item)
        elif re.fullmatch(r"[A-ZÆØÅ][\w\-]+(?:\s(?:[A-ZÆØÅ][\w\-]*\.?)){1,4}", item):
            unpartied.append(len(voters))
            voters.append(item)  # a member named without a party
        else:  # two members without a comma between them: "Marc Genning (V) Hans-Jørgen Kirstein (D)"
            voters += [m.group(0) for m in re.finditer(VOTER, item) if len(m.group(0)) > 3 or "(" not in item]
    return voters


def vote_of(sentence: str) -> tuple[str, list[str], str] | None:
    """(position, voters, the words after them) for a vote line, else None; a point number opening
    the line ("1.-3. Bjarke Abel (A) undlod at tage stilling.") is kept in the words after them."""
    point, text = point_of(sentence.strip())
    text = _MAJORITY.sub("", text)  # "Et flertal bestående af (V), (A) … stemte for"
    for position, form in _VOTE_FORMS:
        m = form.match(text)
        if m:
            who = m.group("who") if m.group("who") is not None else (m.groupdict().get("who2") or "")
            rest = m.groupdict().get("rest") or ""
            if "rest" not in m.groupdict():  # "For stemte (V) og (A) med bemærkning om …"
                # its reason, after a comma or not ("Imod stemte: Torben Hoffmann (V) idet han ønsker den fulde pakke")
                cut = re.search(rf"\s+(?:med (?:en )?{_REMARK_WORD}|for så vidt)\b|,?\s+(?:da|idet|fordi)\b", who)
                if cut:
                    who, rest = who[: cut.start()], who[cut.start():]
            if point:
                rest = f"{rest} (punkt {point.replace('.', '').strip()})"
            return position, voters_of(who), rest
    return None


def recipient(sentence: str) -> str | None:
    """The body a recommendation names ("… anbefaler overfor Byrådet, at …" → "Byrådet"), if any."""
    m = _RECIPIENT.search(sentence)
    return m.group("to") if m else None


def remark_of(rest: str) -> str | None:
    """The remark or reason after a vote's voters: "med bemærkning om, at …", ", da …"."""
    # ", da …" after the voters or after the point they voted on ("imod punkt 3, da …")
    m = _REMARK.search(rest) or re.search(r"(?:^|,)\s*(?:da|idet|fordi)\b.*$", rest.strip())
    if not m:
        return None
    return unquoted((m.group("remark") if "remark" in (m.groupdict() or {}) else m.group(0)).strip(" ,.")) or None


_QUOTES = "\"“”"


def unquoted(text: str) -> str:
    """`text` without the quotation marks around it whole or a lone one at an end; a quotation
    inside it keeps both its marks ('at "Enhedslisten ønsker en handlingsplan"')."""
    text = text.strip()
    marks = sum(text.count(q) for q in _QUOTES)
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES and _closes_at_end(text):
        return text[1:-1].strip()
    return text.strip(_QUOTES).strip() if marks % 2 else text


def _closes_at_end(text: str) -> bool:
    """Whether the quote `text` opens with closes only at its end (”… “altid” …”), not before ("a" og "b")."""
    *inside, last = _quote_depths(text)
    return last == 0 and all(inside)


# "Endvidere besluttede Byrådet med stemmerne 12 for og 7 imod, at …": a further decision of the item, put
# to its own vote; the vote lines after it are on it. One without its own count, or one naming points of
# the item ("Yderligere godkendte Byrådet med stemmerne 19 for og 1 imod indstillingspunkt 2 og 3"), stays
# with the item's decision and its points.
_FURTHER_DECISION = re.compile(rf"(?:^|(?<=[.!?:])[ \t]+|(?<=\n))(?={FURTHER}\s+(?:besluttede|godkendte|vedtog|"
                               rf"anbefalede)\b(?=[^.\n]*\bmed stemmer)(?![^.\n]*punkt))", re.M)


def further_decisions(text: str) -> list[str]:
    """A decision field's text cut where a further decision put to its own vote begins; the first
    part is the item's own decision."""
    return [part.strip() for part in _FURTHER_DECISION.split(text) if part.strip()] or [text]


def opens_further_decision(text: str) -> bool:
    """Whether `text` is a further decision `further_decisions` cut off."""
    return bool(_FURTHER_DECISION.match(text))


def read_field(text: str, procedure: str | None = None, body: str | None = None,
               treated: Sequence[str] = ()) -> FieldReading:
    """What one decision field states (see the module docstring).

    Args:
        text: the field's text.
        procedure: the item's "Sagsprocedure" (the bodies the case goes through, in order), if known.
        body: the deciding body (the meeting's), to find the next one in `procedure`.
        treated: the bodies that treated the case in this round already (`treated_in_round`): not the next one.
    """
    reading = FieldReading()
    sentences = field_sentences(text)
    following_remarks = False
    recommending: list[Vote] = []  # members' own recommendations: votes where the body recommends too
    remark_goes_on = False  # the sentence before ended a remark of this decision: the next may go on with it
    open_remark = False  # the last remark stops short ("… ønsker, at"): the lines listed after it finish it
    reasons_of: Vote | None = None  # the vote just read, whose reasons may follow without its voters
    last_point: str | None = None
    proposal_by: str | None = None  # the votes that follow are on this member's or party's proposal
    proposal_text = False  # the sentence after "… fremsatte følgende forslag:" is the proposal, no outcome
    for n, sentence in enumerate(sentences):
        goes_on, remark_goes_on = remark_goes_on, False
        if following_remarks:  # "Udvalget drøftede sagen med følgende bemærkninger:" and its list
            listed = point_of(sentence)[1]
            if re.match(r"at\b", listed) or (sentence_outcome(sentence) is None and vote_of(sentence) is None):
                if open_remark:  # the list as the source gives it: "at Økonomiudvalget ønsker, at - der … - borgermøde …"
                    reading.remarks[-1] = f"{reading.remarks[-1]} {sentence}"
                else:
                    reading.remarks.append(listed.strip(" ·•-;"))
                continue
            following_remarks = open_remark = False
        if reasons_of is not None and _VOTE_REASON.match(sentence):
            _add_remark(reasons_of, unquoted(sentence.strip(" .")))
            continue
        if reasons_of is not None and _OPEN_REMARK.search(reasons_of.remark or "") \
                and sentence_outcome(sentence) is None and vote_of(sentence) is None:
            # "Enhedslisten stemte imod punkt 3 og 9 med begrundelse i at" / "Budgetforslaget indeholder …"
            reasons_of.remark = f"{reasons_of.remark} {sentence.strip()}"
            continue
        reasons_of = None
        vote = vote_of(sentence)
        if vote is not None:
            position, voters, rest = vote
            # the point voted on, not one the voters' remark names ("med bemærkning om at
            # administrationens indstillingspunkt 2 anbefales")
            named = _POINT_NAMED.search(main_clause(rest))
            point = named.group("point").strip() if named else _points_listed_after(rest)
            remark = remark_of(rest)
            on = proposal_by
            # (the body's approving it, not these voters' own line: "Mehmet Zeki Dogru (Ø) anbefaler administrationens
            # indstilling" where the committee recommended another's)
            if on is None and not _APPROVES_ADMINISTRATIONS.search(text.replace(sentence, "")) and (
                    (position in ("for", RECOMMENDS) and _ADMINISTRATIONS.match(rest.lstrip()))
                    or _ON_ADMINISTRATIONS.match(point_of(sentence.strip())[1])):
                on = ADMINISTRATION  # "(A) og (Ø) følger administrationens indstilling": not the approved one
            if voters or position == "against":
                reading.votes.append(Vote("for" if position == RECOMMENDS else position, voters,
                                          vote_count(sentence) if not rest else None, point=point,
                                          remark=remark, proposal_by=on))
                if position == RECOMMENDS:
                    recommending.append(reading.votes[-1])
                reasons_of = reading.votes[-1]
            proposal_text = False
            continue
        proposed = _PROPOSAL.match(point_of(sentence)[1]) or _wish_voted_on(sentence, sentences[n + 1:n + 2])
        if proposed:
            proposal_by = ", ".join(voters_of(proposed.group("who"))) or proposed.group("who")
            proposal_text = sentence.rstrip().endswith(":")
            continue
        if proposal_text:
            proposal_text = False
            continue
        if _DISQUALIFICATION_ASKED.search(sentence):
            voted = _VOTED_ON.search(sentence)
            question = voted.group("question") if voted else sentence
            proposal_by = DISQUALIFICATION if re.search(r"\binhabil", question, re.I) else TAKING_PART
            continue
        if proposal_by in (DISQUALIFICATION, TAKING_PART) and _DISQUALIFICATION_ANSWERED.search(sentence):
            proposal_by = None  # answered: what follows is on the item
            continue
        m = _VOTE_REMARK.match(sentence)
        if m:
            _attach_remark(reading.votes, voters_of(m.group("who")), unquoted(m.group("remark").strip(" .")))
            continue
        outcome = sentence_outcome(sentence)
        if outcome is None:
            if _FOLLOWING_REMARKS.search(sentence):
                following_remarks = True
            elif _SAYS_REMARK.match(sentence):
                reading.remarks.append(sentence.strip())
            elif goes_on and _REMARK_GOES_ON.match(sentence):
                reading.remarks[-1] = f"{reading.remarks[-1]} {sentence.strip()}"
                remark_goes_on = True
            continue
        proposal_by = None  # an outcome of the item again: what follows is on it
        point, rest = point_of(sentence)
        named = _POINT_NAMED.search(main_clause(rest))
        point = point or (named.group("point").strip() if named else None)
        votes_for, votes_against = counts_of(sentence)
        if outcome == "rejected" and votes_for is not None and votes_against is not None and votes_for > votes_against:
            # "Med stemmerne 13 for og 7 imod besluttede Byrådet, at forslaget ikke sendes …" counts the
            # votes for not doing it; a proposal rejected had the fewer votes, and the votes are on it.
            votes_for, votes_against = votes_against, votes_for
        reading.points.append(PointOutcome(outcome, sentence, point, votes_for, votes_against))
        remark = _REMARK.search(rest)
        said = remark.group("remark").strip() if remark else ""
        opening = bool(_OPEN_REMARK.search(said))
        # "med den bemærkning at" and a list: the list is the remark, its lines each one
        whole = bool(said.strip(" :;,")) and not _OPEN_REMARK.fullmatch(said)
        if whole:
            reading.remarks.append(said)
        open_remark = whole and opening
        remark_goes_on = whole and not opening
        if _FOLLOWING_REMARKS.search(sentence) or opening:
            following_remarks = True
        if outcome == "recommended" and reading.recommended_to is None:
            to = _RECIPIENT.search(sentence)
            if to:
                reading.recommended_to = to.group("to")
        last_point = point or last_point
    reading.votes = [v for v in reading.votes if v.voters]
    _points_of_vote_blocks(sentences, reading.votes)
    main = _main_outcome(reading.points)
    if main is None or main.outcome != "recommended":
        reading.votes = [v for v in reading.votes if not any(v is r for r in recommending)]
    if main is not None:
        reading.outcome = main.outcome
        reading.sentence = main.text
        first_counted = next((p for p in reading.points if p.outcome == main.outcome and p.votes_for is not None), None)
        if first_counted is not None:
            reading.votes_for, reading.votes_against = first_counted.votes_for, first_counted.votes_against
    if reading.votes_for is None and main is not None:
        reading.votes_for, reading.votes_against = vote_counts(reading.votes)
    if reading.outcome == "recommended" and reading.recommended_to is None and procedure:
        reading.recommended_to = next_body(procedure, body, treated)
    if reading.outcome != "recommended":
        reading.recommended_to = None
    elif reading.recommended_to:  # a body's name as a name: "anbefaler overfor byrådet" is the Byråd
        reading.recommended_to = body_name(reading.recommended_to)
    return reading


def vote_counts(votes: list[Vote]) -> tuple[int | None, int | None]:
    """(for, against) as the item's vote lines count them ("For stemte: A og F (12)"), None where the
    for side gives no count (the vote lines of another proposal left out)."""
    on_item = [v for v in votes if v.proposal_by is None and v.point is None]
    fors = [v.count for v in on_item if v.position == "for"]
    againsts = [v.count for v in on_item if v.position == "against"]
    if not fors or None in fors:
        return None, None
    return sum(fors), (sum(againsts) if againsts and None not in againsts else None)


def _wish_voted_on(sentence: str, following: list[str]) -> re.Match | None:
    """"A ønsker at …" where the next sentence (`following`: it, or nothing) is a vote with the wishers for
    it: A's proposal, voted on. (`field_sentences` has read "A stemmer for, V og D stemmer imod …" apart.)"""
    wish = _WISH.match(point_of(sentence)[1])
    vote = vote_of(following[0]) if wish and following else None
    return wish if vote and vote[0] == "for" and set(voters_of(wish.group("who"))) <= set(vote[1]) else None


# The points a vote is on, by their numbers alone after the verb: "(A) og (C) undlader på 1) og 3)".
_ON_POINTS = re.compile(r"^\s*(?:på|ved)\s+(?P<points>\d{1,2}\)(?:\s*(?:,|og)\s*\d{1,2}\))*)\s*\.?\s*$")


def _points_listed_after(rest: str) -> str | None:
    """"1 og 3" for a vote's "på 1) og 3)", else None."""
    m = _ON_POINTS.match(rest)
    return re.sub(r"\s*\)", "", m.group("points")) if m else None


def _points_of_vote_blocks(sentences: list[str], votes: list[Vote]) -> None:
    """Where an item is decided in several sentences and vote lines follow one of them ("… afviste
    Byrådet indstillingspunkt 1a …", "For stemte (Ø).", "… godkendte Byrådet indstillingspunkt 1b …",
    "For stemte (V) …"; or "… godkendte indstillingspunkter 1-5." then "Med stemmerne 18 for og 2 imod
    godkendte Byrådet yderligere indstillingspunkt 6 …", "Imod stemte (C)." after its own count),
    each vote without a point of its own is on the point the sentence before it names, and on the points of
    the sentences just before that one that state the same count with no vote lines of their own ("Med stemmer 19
    for og 1 imod godkendte Byrådet … indstillingspunkt 1 …", "Yderligere godkendte Byrådet med stemmerne 19 for og
    1 imod … indstillingspunkt 2 og 3.", then one "For stemte: …": on points 1, 2 and 3)."""
    blocks: list[tuple[str | None, list[str], tuple]] = []  # (the decision's point, its vote lines, its count)
    counted = False  # a sentence of a point with vote lines states its own count
    for sentence in sentences:
        if vote_of(sentence) is not None:
            if blocks:
                blocks[-1][1].append(sentence)
                counted = counted or (blocks[-1][0] is not None and blocks[-1][2][0] is not None)
        elif sentence_outcome(sentence) is not None:
            lead, rest = point_of(sentence)
            named = _POINT_NAMED.search(main_clause(rest))
            # "1. Udvalget anbefalede basispakken …" names its point by the number it opens with
            point = named.group("point").strip() if named else (lead.replace(".", "").strip() or None if lead else None)
            blocks.append((point, [], counts_of(sentence)))
    voted = [b for b in blocks if b[1]]
    # Several decisions with vote lines, one point put to its own counted vote among others, or vote lines under a
    # point that other points follow ("1. Udvalget anbefalede …", its vote lines, "2.-3. Anbefales."); not
    # "(D) undlod at tage stilling." after the last of several points (the item's, as far as it says).
    if len(blocks) < 2 or (len(voted) < 2 and not counted and not any(b[1] for b in blocks[:-1])):
        return
    lines = iter(votes)
    for i, (point, block_lines, count) in enumerate(blocks):
        same = []  # the points decided just before with the same count and no vote lines of their own
        for before, before_lines, before_count in reversed(blocks[:i]):
            if before_lines or before is None or point is None or count[0] is None or before_count != count:
                break
            same.insert(0, before)
        if same:
            named = [p for x in (*same, point) for p in re.split(r",\s*|\s+og\s+", x)]
            point = f"{', '.join(named[:-1])} og {named[-1]}"
        for line in block_lines:
            _, voters, _ = vote_of(line)
            if not voters:
                continue
            vote = next(lines, None)
            if vote is not None and vote.point is None:
                vote.point = point


def _add_remark(vote: Vote, remark: str) -> None:
    """`remark` added to a vote's remarks."""
    vote.remark = remark if not vote.remark else f"{vote.remark} | {remark}"


def _attach_remark(votes: list[Vote], voters: list[str], remark: str) -> None:
    """A party's remark on its own line goes to that party's latest vote; where the vote was cast by
    more than the remark names ("Imod stemte (Ø) og (F). (F) med bemærkning om …"), those named get a
    vote of their own with the remark."""
    for i in range(len(votes) - 1, -1, -1):
        vote = votes[i]
        named = [v for v in voters if v in vote.voters]
        if not named:
            continue
        if len(named) < len(vote.voters):
            vote.voters = [v for v in vote.voters if v not in named]
            votes.insert(i + 1, Vote(vote.position, named, None, point=vote.point, remark=remark,
                                      proposal_by=vote.proposal_by))
        else:
            _add_remark(vote, remark)
        voters = [v for v in voters if v not in named]
        if not voters:
            return


# A sentence that decides on the item's proposal ("administrationens indstilling", "indstillingen"):
# the item's decision, whatever else the body decided beside it ("… besluttede, at administrationen
# udarbejder et notat …" twice does not make the council's recommendation an approval).
_ON_THE_PROPOSAL = re.compile(r"\bindstilling(?:en)?\b", re.I)


def _main_outcome(points: list[PointOutcome]) -> PointOutcome | None:
    """The outcome of the sentence deciding on the item's proposal, else the one most decisive
    sentences state (a tie: the first); "noted" where nothing is decided."""
    decisive = [p for p in points if p.outcome in DECISIVE]
    if not decisive:
        return next((p for p in points if p.outcome == "noted"), None)
    # (a decision in numbered points decides each point on its own: "1. Anbefales. 2. Administrationens
    # indstilling kan ikke anbefales.")
    on_proposal = [p for p in decisive if _ON_THE_PROPOSAL.search(main_clause(point_of(p.text)[1]))]
    if on_proposal and not any(p.point for p in decisive):
        return on_proposal[0]
    counts: dict[str, int] = {}
    for p in decisive:
        counts[p.outcome] = counts.get(p.outcome, 0) + 1
    best = max(counts.values())
    return next(p for p in decisive if counts[p.outcome] == best)


# -- the case's procedure ------------------------------------------------------------------------
# A body's name ends in the word for a body ("…udvalget", "Byrådet", "…rådet"); the words before it in a
# procedure are the first parts of one compound name, however the source punctuates them ("Klima-, Teknik og
# Miljøudvalget", "Klima, Teknik- og Miljøudvalget", "Plan, og Tryghedsudvalget", "Skole- Børne og Ungeudvalget").
_BODY_WORD = re.compile(r"(?:udvalg|udvalget|råd|rådet|bestyrelse|bestyrelsen|repræsentationen)$", re.I)
# A name's last word with another name after it, the comma left out.
_NAME_THEN_NAME = re.compile(r"\b\w+(?:udvalg|udvalget|råd|rådet)(?=\s+[A-ZÆØÅ])")
# What separates a name's parts and the names of a procedure: commas, hyphens and dashes, "og", "samt", "&", a full stop.
_NAME_GLUE = re.compile(r"\s*(?:[,&\-–]|\.(?:\s|$)|\bog\b|\bsamt\b)\s*")
# A body's name in the definite form the archive names bodies by: "Økonomiudvalg" → "Økonomiudvalget".
_DEFINITE: list[tuple[str, str]] = [("udvalg", "et"), ("råd", "et"), ("bestyrelse", "n")]


def _definite(word: str) -> str:
    """A body's word in the definite form ("Byråd" → "Byrådet"); one that has it already as it is."""
    for ending, suffix in _DEFINITE:
        if word.lower().endswith(ending):
            return word + suffix
    return word


def _compound_name(parts: list[str]) -> str:
    """A name from its parts in the usual spelling: ["Klima", "Teknik", "Miljøudvalg"] →
    "Klima-, Teknik- og Miljøudvalget"."""
    last = _definite(parts[-1]) if " " not in parts[-1] else parts[-1]  # "Alle fagudvalg" is no one body
    first = [f"{part}-" for part in parts[:-1]]
    name = f"{', '.join(first[:-1])}{', ' if len(first) > 1 else ''}{first[-1]} og {last}" if first else last
    return name[:1].upper() + name[1:]


def procedure_bodies(procedure: str) -> list[str]:
    """"Klima-, Teknik og Miljøudvalget, Økonomiudvalg og Byråd." → ["Klima-, Teknik- og Miljøudvalget",
    "Økonomiudvalget", "Byrådet"]: each a whole name, never a part of one; words after the last body's
    name, or a note in brackets ("Økonomiudvalget (hele byrådet er inviteret)"), are no body."""
    names: list[str] = []
    parts: list[str] = []
    procedure = re.sub(r"\([^)]*\)", " ", procedure)
    procedure = _NAME_THEN_NAME.sub(r"\g<0>,", procedure)  # "Beskæftigelses- og Erhvervsudvalget Økonomiudvalget"
    for part in _NAME_GLUE.split(procedure):
        part = " ".join(part.split())
        if not part:
            continue
        if len(part.split()) > 2:  # prose ("Resume Sagen indeholder …"), not a part of a name
            parts = []
            continue
        parts.append(part)
        if _BODY_WORD.search(part):
            names.append(_compound_name(parts))
            parts = []
    return names


def body_name(name: str) -> str:
    """A body's name as `procedure_bodies` spells it ("anbefaler overfor byrådet" → "Byrådet"); `name` itself
    where it is no body's name."""
    names = procedure_bodies(name)
    return names[0] if len(names) == 1 else name[:1].upper() + name[1:]


def _body_key(name: str) -> tuple[str, ...]:
    """A name compared across the source's spellings: "Sundhed- og Omsorgsudvalget" is "Sundheds- og
    Omsorgsudvalget", "Skole-, Børn- og Ungeudvalget" is "Skole-, Børne- og Ungeudvalget", "Byråd 2022-2025"
    is "Byrådet" (a first part's linking "s" or "e" left out)."""
    names = procedure_bodies(re.sub(r"\d+", " ", name))
    if len(names) != 1:
        return ()
    *first, last = _NAME_GLUE.split(names[0].lower())
    return tuple(part.rstrip("se") for part in first if part) + (last,)


def next_body(procedure: str, body: str | None, treated: Sequence[str] = ()) -> str | None:
    """The body after `body` in a case's procedure that has not treated the case in this round (`treated`: the
    procedure "Klima-, Teknik- og Miljøudvalget, Skole-, Børne- og Ungeudvalget, Økonomiudvalget og Byrådet" where
    the Skole-, Børne- og Ungeudvalg met two days before the first), or None (none left, or `body` not in it)."""
    key = _body_key(body or "")
    if not key:
        return None
    names = procedure_bodies(procedure)
    done = {_body_key(name) for name in treated}
    for i, name in enumerate(names):
        if _body_key(name) == key:
            return next((after for after in names[i + 1:] if _body_key(after) not in done), None)
    return None


# A case's round: committee → Økonomiudvalg → Byråd (or a round of committees), each step within this many days of
# the one before. Greve's tuning labels: ØU 7-14 days after the committee, the Byråd 1-3 weeks after ØU, a round of
# committees within 6 weeks (`takeups` reads the same round).
ROUND_DAYS = 45
# An entry of a case's history ("Sagens forløb"): "10-10-2023 Skole-, Børne- og Ungeudvalget 5. Orienteringen …".
_HISTORY_ENTRY = re.compile(r"(?<!\d)(?P<day>\d{1,2})-(?P<month>\d{1,2})-(?P<year>\d{4})\s+(?P<body>\D{3,80}?)"
                            r"(?=\s+\d|\s*$|\.)", re.M)


def treated_in_round(history: str, meeting_date: str | None, body: str | None) -> list[str]:
    """The bodies a case's history names as having treated it in this round by `body`'s meeting on `meeting_date`:
    within ROUND_DAYS before it or on its day (another committee the same morning), and not after `body` itself had
    it in that time (a case the Økonomiudvalg sent back to the committee starts a new round: the Økonomiudvalg is its
    next body again)."""
    try:
        meeting = date.fromisoformat(meeting_date or "")
    except ValueError:
        return []
    own = _body_key(body or "")
    entries: list[tuple[date, list[str]]] = []
    for m in _HISTORY_ENTRY.finditer(history):
        try:
            day = date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        except ValueError:
            continue
        if 0 <= (meeting - day).days <= ROUND_DAYS:
            entries.append((day, [name for name in procedure_bodies(m.group("body"))
                                  if day < meeting or _body_key(name) != own]))  # not this meeting itself
    had = [day for day, names in entries if any(_body_key(name) == own for name in names)]
    return [name for day, names in entries if not any(d <= day for d in had) for name in names]
