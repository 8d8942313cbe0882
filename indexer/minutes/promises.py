"""Promise rules: one sentence in, whether it promises later action out; and, for a promise,
who promised, what, and the deadline as written.

Two kinds of wording are recognised, each a table of patterns below:
- the record's own voice (municipal minutes, reports): "Forvaltningen vender tilbage",
  "følges op", "vil undersøge", "ser nærmere på sagen", "udarbejder en oversigt", "forelægges
  udvalget igen", "sendes rundt", "på næste møde", passive and expected forms ("Vil blive drøftet
  på mødet den 27/2-15", "forventes sendt til Socialudvalget efter sommerferien"), an
  organisation taking on a task ("vil KL tage initiativ til"), English equivalents;
- a speaker committing themselves in a debate: a first-person, government or party subject with
  "vil", "skal nok", an agreement ("vi har aftalt at", "vi er enige om, at vi skal") or a request
  made ("jeg har bedt ministeriet om at"), followed closely by a later action towards the
  chamber: "det vil vi tage op igen", "vi skal nok sørge for", "jeg vil gerne vende tilbage",
  "det vil jeg se på", "regeringen vil fremsætte", "SF vil komme med forslag".

Not promises: the same words said in general ("det er vigtigt at følge op"), wishes and
exhortations ("jeg håber, at regeringen vil se på det", "lad os følge op"), questions, asked or
reported ("vil gerne spørge, om …"), conditionals ("Hvis …", "…, hvis ikke kommunerne gør det,
skal vi"), hedged expectations ("regner vi med"), refusals ("vi vil ikke …"), what is already done
or promised before ("har udarbejdet en oversigt", "blev delt rundt", "vi har lovet"), a speaker's
own talk ("vil hun komme ind på senere i oplægget"), standing duties and descriptions of practice
("skal årligt udarbejde"), demands on others ("Kommunerne skal …"), "vende tilbage til
arbejdsmarkedet", the programme of the meeting a document describes, and the chair's formulas.

A third kind, the meeting systems' minutes (Greve's FirstAgenda fields; tables `REQUEST_FORMS`, `PRESENTATION_FORMS`
below): a body asking for something to come back ("Udvalget ønsker en orientering på et kommende møde om …", "… med
bemærkning om, at udvalget ønsker en sag om …", "der ønskes en sag"), a matter announced for a later meeting ("…
fremlægges for udvalget i 2. kvartal", "Der fremlægges en særskilt sag herom", "Målene skal fremlægges på næste
runde", "sagen genoptages på næste møde", "Punktet udsættes til næste møde", "Sagen sendes tilbage til
administrationen"), a later case named as such ("vil indgå i en kommende sag", "Der udarbejdes en særskilt politisk
sag"), the administration's next step in the present when marked as after this meeting ("Herefter udarbejder
administrationen …", "… og forelægger 3. udkast"), a body kept informed ("Administrationen vil løbende holde
udvalget orienteret", "- At udvalget orienteres én gang årligt om …", "2) at der afrapporteres én gang årligt"), the
future tense taking a matter to the politicians ("vil dette blive behandlet politisk", "… vil som tidligere nævnt
blive forelagt Plan- og Tryghedsudvalget", "vil administrationen indstille til fornyet politisk behandling"), a body
asking for feedback or to decide later ("ønsker en tilbagemelding efter hver runde", "der ønskes at tage stilling
til muligheden, når …"), a timetable's line after this cycle ("Sag om … | Økonomiudvalget | 28. februar 2024"), and
in a decision a budget proposal to prepare or a case ordered ("… at der udarbejdes et udvidelsesforslag", "bestilte
Økonomiudvalget en sag om …"), a step after this one's or after a budget follow-up ("…, hvorefter de forelægges Kultur- og
Fritidsudvalget", "… efter 3. budgetopfølgning"), a presentation planned or aimed at ("Pt. planlagt at fremlægge sag i
efteråret 2023", "med sigte på allerede i januar at kunne fremlægge et forventet regnskab"), bodies informed all through
the process ("Økonomiudvalget og Byrådet orienteres løbende igennem processen"), a point of a decision or recommendation
presenting a proposal or sending a matter to political treatment ("- direktionen fremlægger et forslag til Budget
2025-28", "at forslaget … fremlægges til politisk behandling i de relevante fagudvalg"), a condition opened by "skulle"
or holding a perfect ("men skulle en ekspropriation komme på tale, vil administrationen fremlægge … til beslutning", "…,
når KOMBIT har udarbejdet sagslister"), and a proposal sent on for treatment ("… at sende initiativretsforslaget til
realitetsbehandling i Klima-, Teknik- og Miljøudvalget"), another body asked to take a matter up ("Herudover ønsker
Økonomiudvalget, at Plan- og Tryghedsudvalget drøfter tiltag …") and, in a decision, a task prepared for a body's later
approval ("at administrationen skal udarbejde konkrete retningslinjer …, som skal godkendes af Kultur- og Fritidsudvalget").
Not these: the item's own procedure ("I sagen forelægges …", "sagen forelægges nu for …", "… fremlægges i
efterfølgende sag", an announcement without a time to come), what was asked or promised before ("Byrådet har den 7.
oktober bedt administrationen om at fremlægge …", "blev administrationen bedt om at undersøge", "Punktet er udsat
fra mødet den …"), a party's own wish ("Enhedslisten ønsker …"), a time to come that has already passed at the
meeting (or is its own day, its own month's "september-mødet", a meeting "i august 2023" said late in August), a
date something takes effect from ("pr. 1. januar 2024"), a case only referred to ("Som beskrevet i separat
indstilling …"), a practice described ("…, hvorfor Byrådet løbende orienteres") or a duty by law or statutes ("Det
står i loven om …, at …"), a change to this case on its way ("… ønsker indført en sætning frem mod behandlingen i
byrådet"), what a committee may ask for ("har mulighed for at pege på områder, som ønskes …"), a meeting with others
("på det fælles styringsdialogmøde"), a presentation to a school or the citizens ("… præsenteres for skolen i 2022"),
or the region's bodies' timetable ("Den 18. december 2023: Sundhedssamarbejdsudvalget
drøfter en plan …"), the end of a quotation from an earlier paper ("… fremlægges for udvalget i
foråret 2022.”"), a recommendation's question to the body ("- at det besluttes, om der … skal udarbejdes et
udvidelsesforslag") or a point its decision rejects ("2. Anbefales ikke.": `rejected_points`), an earlier meeting's decision
told outside the decision ("… tog orienteringen til efterretning med bemærkning om at få forelagt en sag"), and anything
in the case's history ("Sagens forløb": `is_history`). In a body's decision, a remark or recommendation asking for a case
("1.-2. godkendt med bemærkning om, at der … udarbejdes en sag", "Anbefales at der udarbejdes …") is the body's request.
"""
from __future__ import annotations

import re

from datetime import date

from indexer.records import Paragraph
from indexer.ingest.segment import minutes_speaker
from indexer.minutes.deadlines import MONTHS, deadline_date
from indexer.minutes.fields import BODY

# --- the record's own voice --------------------------------------------------

_MONTHS = "(?:" + "|".join(MONTHS) + ")"
# Where people return to, as opposed to a matter: "vende tilbage til arbejdsmarkedet / egen bolig".
_PLACES = r"(?:arbejds\w+|arbejdet|egen \w+|uddannelse\w*|skole\w*|hjem\w*|\w*landet|Danmark)"
# What a body is presented with later ("vil blive drøftet", "forventes sendt til Socialudvalget").
_PRESENTED = r"(?:drøftet|behandlet|forelagt|fremlagt|fremsendt|sendt|præsenteret|evalueret|taget op)"
_RECORD_TRIGGERS = [
    # coming back to the matter
    r"\bvender tilbage (?:med|til (?:sagen|udvalget|jer|dig|det|dette|spørgsmålet|emnet))\b",
    # "kan vende tilbage" alone is ability ("kan vende tilbage til arbejdsmarkedet"), not a promise
    rf"\b(?:vil|skal|må|kommer til at) (?:\w+ )?vende tilbage\b(?! til {_PLACES})",
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
    r"\b(?:skal|vil) (?:\w+ )?fremsættes\b",  # "der skal fremsættes et nyt lovforslag i den kommende samling"
    r"\bwill (?:send|circulate|present|prepare|report)\b",
    # the next meeting's agenda
    r"\b(?:drøftes|tages op|behandles) på (?:det |et )?(?:næste|kommende)\b",
    r"\bpå (?:et|det) kommende møde skal\b",
    r"\bsøges (?:\w+ ){0,2}(?:frigivet|godkendt|forelagt)\b(?=.*\b(?:primo|medio|ultimo|inden|senere)\b)",
    r"\bpå dagsordenen (?:til|på) (?:det )?(?:næste|kommende)\b", r"\bat the next meeting\b",
]
# What a body is presented with, in a meeting system's fields ("behandlet" and "sendt" say too little there:
# "… vil budgetteknisk blive behandlet som …", "… vil blive sendt til Handicaprådet").
_MS_PRESENTED = r"(?:drøftet|forelagt|fremlagt|præsenteret|fremsendt til (?:\w+ ){0,3}\w*udvalget|taget op)"
# In a meeting system's fields (no debate), the record triggers that bring a matter back to a body.
_MEETING_SYSTEM_TRIGGERS = [
    rf"\bvender (?:\w+ ){{0,3}}tilbage\b(?! til {_PLACES})(?! til (?:job|beskæftigelse|\w+markedet))",
    r"\bvende tilbage (?:til (?:sagen|udvalget|byrådet|[\w\-]*udvalget)|med)\b",
    r"\b(?:sender|fremsender) (?:\S+ ){0,5}?(?:ud )?til (?:udvalget|[\w\-]*udvalget)\b",
    rf"\b(?:vil|skal|må|kommer til at) (?:\w+ )?vende tilbage\b(?! til {_PLACES})",
    r"\bkommer? tilbage med\b",
    r"\bforelægges (?:\w+ ){0,3}(?:igen|senere|på (?:et|det) (?:næste|kommende))\b",
    r"\b(?:vil|skal) (?:\w+ ){0,6}få (?:\w+ ){0,3}forelagt\b|\bfår? (?:\w+ ){0,3}forelagt\b",
    # (not at a place named, for those there: "Resultaterne vil blive præsenteret på Strandcentret plejecenter")
    rf"\b(?:vil|skal) blive {_MS_PRESENTED}\b(?! på (?![\w\-]*(?:udvalg|byråd|møde))(?-i:[A-ZÆØÅ]))",
    rf"\bforventes (?:\S+ ){{0,3}}(?:at blive )?{_MS_PRESENTED}\b",
    r"\b(?:vil|skal) (?:\w+ )?være klar til (?:politisk )?(?:godkendelse|behandling|forelæggelse)\b",
    r"\b(?:drøftes|tages op|behandles) på (?:det |et )?(?:næste|kommende)\b",
    r"\bpå dagsordenen (?:til|på) (?:det )?(?:næste|kommende)\b",
    # a case or paper prepared for a later meeting ("Administrationen udarbejder en politisk sag, når …")
    r"\b(?:udarbejder|vil (?:\w+ )?udarbejde) (?:\w+ ){0,3}(?:(?<!år)sag|notat|redegørelse|oplæg)\b",
    r"\bvil (?:\w+ )?udarbejde\b.*\b(?:til|på|for) (?:\w+ ){0,3}\w*møde(?:t)?\b",
    # a body committing itself to deal with the matter ("Byrådet forpligter sig til at behandle anbefalingen i …")
    r"\b(?:\w*udvalg(?:et|ene)?|[Bb]yrådet) forpligter sig til at (?:\w+ ){0,2}(?:behandle|redegøre|fremlægge|forelægge|"
    r"orientere|vende tilbage)\b",
]
_MEETING_SYSTEM_TRIGGER = re.compile("|".join(f"(?:{t})" for t in _MEETING_SYSTEM_TRIGGERS), re.I)
# A secretariat's note of topics for coming meetings is a commitment even though it reports
# what members wish, so it is exempt from the wish rule.
_NOTED_FOR_AGENDA = re.compile(r"\bnoteret, at (?:medlemmerne|udvalget|forummet)\b.*\bpå dagsordenen\b", re.I)
_RECORD_TRIGGERS.append(_NOTED_FOR_AGENDA.pattern)

# --- a speaker committing themselves (debates) -------------------------------

_PARTIES = (r"(?:SF|Enhedslisten|Alternativet|Venstre|Socialdemokrat(?:iet|erne)|Dansk Folkeparti|Liberal Alliance|"
            r"(?:De|Det) Konservative(?: Folkeparti)?|(?:Det )?Radikale Venstre|Nye Borgerlige)")
# Who can commit in a debate: the speaker, the speaker's side, the government. "Ministeren vil …"
# is left out: in a debate it is mostly a question or a claim about the minister.
_SELF = rf"(?:jeg|vi|regeringen|ministeriet|{_PARTIES})"
_FIRST_PERSON = re.compile(r"^(?:jeg|vi|mig|os)$", re.I)
_FRAMES = [
    # "vi vil", "SF vil", "jeg skal nok", "vi sammen med de øvrige partier bag reformen vil"
    rf"\b(?P<who>{_SELF})(?: [\w-]+){{0,7}}? (?:vil|skal nok|kommer til at)\b",
    rf"\b(?:vil|skal nok) (?P<who2>{_SELF})\b",  # inverted: "det vil vi", "der vil vi", "Dem vil jeg"
    # an agreement the speaker is party to binds them: "vi har aftalt at", "vi er enige om, at vi skal"
    r"\b(?P<who3>vi) (?:har (?:\w+ )?aftalt(?: med [\w ]{1,40}?)?,? at|har en aftale om, at vi skal|"
    r"er (?:\w+ )?enige om, at vi skal)\b",
    r"\b(?P<who4>jeg) glæder mig til at\b",  # said by the one who will act: "glæder mig til at invitere"
    r"\b(?P<who5>jeg|vi|regeringen) har bedt (?:\w+ ){1,3}om at\b",  # "jeg har bedt ministeriet om at undersøge"
    r"\bnår (?P<who6>vi) skal\b",  # "når vi skal sætte os sammen her i efteråret"
    # the same subject carried on: "Jeg har ikke flere bemærkninger nu, men vil naturligvis besvare …"
    r"\b(?P<who9>jeg|vi) [^.;:?!]{0,80}?\b(?:men|og) (?:vil|skal nok)\b",
]
# The later action committed to, with why it counts.
_ACTIONS = [
    r"vende tilbage\b(?! til \w+(?:s|ens|ns) )",  # coming back (not "to the minister's point")
    r"tage (?:det|dem|sagen|spørgsmålet|emnet) (?:op|med)\b",  # taking the matter up (again), into talks
    r"tage med (?:ind|i)\b",
    r"(?:be)?svare (?:på )?(?:de|eventuelle|jeres|dine)\b",  # answering the chamber's questions
    r"oversende\b",  # sending material; "sende" alone is as often a policy ("sende flere hjem")
    r"sende (?:noget|en mail|et brev|et svar|svar|et notat|materiale|dem|den|det) (?:over|til|ud|rundt)\b",
    r"komme med (?:\w+ ){0,4}?\w*(?:forslag|svar|oplæg|notat|redegørelse)\b",  # bringing proposals
    r"finde (?:\w+ ){0,2}\w*forslag\b",
    r"lægge mig i selen\b",
    r"gøre alt, hvad (?:vi|jeg) kan, for at (?:skaffe|finde)\b",  # effort towards a named result
    r"undersøge\b",  # looking into it
    r"(?:se|kigge) (?:nærmere )?på(?= ?(?:[,.]|$| det\b| sagen\b| dette\b| spørgsmålet\b))",
    r"drøfte\b", r"forhandle\b", r"sætte os(?: sammen)?\b", r"mødes\b",  # meeting on it
    r"invitere\b(?! (?:jer|dig|Dem)\b)", r"indkalde\b",  # inviting "jer" is a letter's own invitation, done
    r"fremsætte\b", r"fremlægge\b", r"forelægge\b", r"foreligge\b",  # putting a bill or paper before the chamber
    r"følge (?:\w+ ){0,3}?(?:tæt|nøje)\b", r"følge udviklingen\b", r"følge op\b",  # keeping watch
    r"sørge for\b",  # only after "skal nok" (see _SKAL_NOK): alone it is a policy aim
    r"holde (?:[^.]|\bhr\.){1,80}? op på\b",  # holding others to their promise
]
_ACTION = "(?:" + "|".join(a for a in _ACTIONS if not a.startswith("sørge")) + ")"
_DEBATE_TRIGGERS = [
    rf"(?:{frame})[^.;:?!]{{0,80}}?\b{_ACTION}" for frame in _FRAMES
] + [
    # "vi skal nok sørge for", "jeg skal nok gøre det": a promise in itself when an act follows
    rf"\b(?P<who7>jeg|vi) skal nok (?:\w+ ){{0,2}}?(?:sørge for|gøre|klare|huske|{_ACTION})",
    # an assurance of what will be there: "jeg kan love og forsikre om, at … vil der ligge høringssvar"
    r"\b(?P<who10>jeg|vi) kan (?:godt )?love(?: og forsikre)?(?: om)?, at [^.;?!]{0,80}?\b(?:vil|skal|kommer til at)\b",
    # an offer in the present made to someone named: "jeg tager gerne en grundig drøftelse med …"
    r"\b(?P<who11>jeg|vi) tager gerne en (?:\w+ )?drøftelse med\b",
    r"\b(?P<who12>jeg|vi) går til (?:\w+ )?forhandlingerne\b",  # what a party brings to the talks
    # the present for the near future: "jeg får sendt noget over"
    r"\b(?P<who13>jeg|vi) får (?:\w+ )?(?:sendt|oversendt|givet) (?:\w+ )?(?:over|svar)\b",
    rf"\b{_ACTION}[^.;?!]{{0,80}}, og det vil (?P<who8>{_SELF}) (?:\w+ )?også\b",  # "… forslag, og det vil SF også"
]

_TRIGGER = re.compile("|".join(f"(?:{t})" for t in _RECORD_TRIGGERS + _DEBATE_TRIGGERS), re.I)
_DEBATE = re.compile("|".join(f"(?:{t})" for t in _DEBATE_TRIGGERS), re.I)

# --- look-alikes -------------------------------------------------------------

_NOT_PROMISE = re.compile(
    r"^(?:Hvis|Såfremt|Skulle|Dersom|If|Should)\b"  # conditionals
    r"|\b(?:vigtigt|afgørende|nødvendigt|important) (?:at|to)\b"  # said in general
    r"|\blad os\b|\bi gang med at\b|\bsenere i (?:oplægget|dag|debatten)\b"
    r"|\bhar (?:\w+ )?(?:udarbejdet|undersøgt|fulgt op|sendt|oversendt)\b|\bblev (?:delt|sendt) rundt\b|\ber vedlagt\b"
    r"|\bhar (?:\w+ )?lovet\b|\blovede\b|\bgav (?:\w+ ){0,3}et løfte\b"  # promised before: kept or reported
    # standing duties and descriptions of practice: not a promise about this matter
    r"|\b(?:årligt|årlige|hvert (?:andet |\S+ )?år|mindst hvert|løbende|efter hvert|hver gang)\b|\bhvor der (?:\w+ )?følges op\b"
    # demands and recommendations on others ("Kommunerne skal …", "Regeringen skal …")
    r"|^(?:Alle )?(?:[Kk]ommunerne|[Kk]ommunalbestyrelse[rn]?|[Rr]egeringen|[Ss]taten|[Rr]egionerne)\b(?: og \w+)?(?: \w+)? skal\b"
    # the programme of the meeting described, the content of the document itself
    r"|^På (?:mødet|dialogmødet|konferencen|seminaret) (?:vil|skal)\b"
    r"|^(?:Udspillet|Rapporten|Notatet|Oplægget|Redegørelsen) (?:rummer|indeholder|beskriver)\b"
    r"|^Det (?:ligger|står|fremgår) (?:\w+ ){0,3}(?:aftale|aftalen|regeringsgrundlaget|lovforslaget)\b"
    r"|\bvende tilbage til \w+(?:s|ens|ns) (?:pointe|spørgsmål|bemærkning|udtalelse)"
    r"|\bvende tilbage til (?:sit|deres|hans|hendes|deres egne?) "
    # talk in the debate itself: following up someone's question or point
    r"|\bfølge op på (?:(?:hr|fru)\.? ?)?[\w ]{0,40}?(?:s|ens|ns) (?:pointe|spørgsmål|bemærkning|udtalelse)"
    r"|\bvil blive sendt til statsministeren\b"  # the chair's formula after a final vote
    # a referral decided: the decision "sent on", not a promise
    r"|^(?:Indstillingen|Sagen|Forslaget|Punktet) (?:\w+ )?(?:oversendes|fremsendes|sendes) til\b",
    re.I,
)
# Of the look-alike words, those that say only "ongoing" or "yearly" ("løbende", "i gang med at", "årlige"): in a meeting
# system's minutes a matter announced for later is still a promise with them ("… vil blive fremlagt i forbindelse med de
# løbende budgetopfølgninger", "Administrationen er i gang med at finde løsninger på dette og vil fremlægge en særskilt
# sag", "Den årlige sag om det sociale danmarkskort behandles i efteråret 2022").
_ONGOING = frozenset({"løbende", "i gang med at", "årlige"})


def _only_ongoing(text: str) -> bool:
    """Whether every look-alike word says only "ongoing", or is a perfect in the condition for when the matter comes
    ("Administrationen fremlægger de økonomiske konsekvenser, når KOMBIT har udarbejdet sagslister": not done before)."""
    return all(m.group(0).lower() in _ONGOING or re.search(r"\b(?:når|efter at)\b[^,.;]*$", text[: m.start()], re.I)
               for m in _NOT_PROMISE.finditer(text))


# Words that make what follows them not a commitment: wishes, exhortations, questions asked of
# others, conditions, hedged expectations. Said after the promise they belong to another clause
# ("… vil vi forhandle en ny ordning, og der håber vi da, at …"), so only what precedes the
# promise's end counts ("Jeg vil gerne spørge, om regeringen vil undersøge …" is a question).
_HEDGE_BEFORE = re.compile(
    r"\b(?:håber|ønsker|opfordrer|bør|burde|kunne tænke|kunne godt tænke|hope|should)\b"
    r"|\b(?:vil|skal|gerne) (?:\w+ ){0,2}spørge\b|\bspørger (?:\w+ ){0,3}om\b"
    r"|\b(?:hvis|såfremt|dersom)\b|\bregner (?:vi|jeg) med\b",
    re.I,
)
# "vi vil ikke …", "det vil jeg aldrig …" (but not "… og ikke mindst hr. X")
_REFUSAL = re.compile(r"\b(?:vil|skal|kommer til at)(?: \w+){0,2} (?:ikke|aldrig)\b"
                      r"|\b(?:ikke|aldrig) (?:\w+ )?(?:vil|skal|kommer til at)\b", re.I)
# What lies between a debate frame and its action: a relative clause with "som" there puts the
# action in someone else's mouth ("vi vil kvittere for den aftale, som ministeren har været med til
# at forhandle").
_OTHERS_CLAUSE = re.compile(r",? som\b", re.I)
# Saying, stressing or thanking between the frame and its action: what follows is what is said
# ("Jeg vil gerne sige, at udvalget mødes hver måned"), not what the speaker will do.
_SPEECH = re.compile(r"\b(?:vil|skal) (?:\w+ ){0,2}(?:(?:sige|understrege|nævne|påpege|fremhæve|minde om|"
                     r"slå fast|gøre opmærksom på),? at|takke (?:\w+ ){0,3}for)\b", re.I)


# --- the meeting systems' minutes: a body's requests, matters announced for later ----------------

# The case's history: what it quotes was promised and decided at earlier meetings.
_HISTORY = re.compile(r"^(?:sagens forløb|tidligere beslutning(?:er)?|tidligere behandling(?:er)?|"
                      r"(?:sagens )?historik|forløb)\b", re.I)
# A decision field: the current meeting's own words, so "Udvalget ønskede …" is this meeting's request.
_DECISION_SECTION = re.compile(r"beslutning|afgørelse", re.I)
# The councils whose requests are recorded in a body's decision ("Idrætsrådet ønsker orientering om grøn kontrakt").
COUNCILS = ("Skolerådet", "Handicaprådet", "Seniorrådet", "Ældrerådet", "Idrætsrådet", "Fritidsrådet", "Integrationsrådet")
_BODY_WORD = rf"(?:{BODY}|[Ff]agudvalgene|" + "|".join(f"[{c[0]}{c[0].lower()}]{c[1:]}" for c in COUNCILS) + ")"
# A body named as the one a matter comes to ("… vil blive forelagt Plan- og Tryghedsudvalget", "vil Byrådet blive
# orienteret").
_BODY_NAMED = r"\b(?:\w*udvalg(?:et|ene)?|fagudvalg\w*|[Bb]yråd(?:et|ene)?)\b"
# What comes back to a body: a case, an orientation, a status, a report, a theme meeting …
_COMES_BACK = (r"\b(?:\w*(?<!år)sag(?:er)?|\w+sagen|orientering\w*|orienteret|status\w*|afrapportering\w*|redegørelse|"
               r"oplæg|notat|analyse|oversigt|beskrivelse|belysning|evaluering|temamøde\w*|temadrøftelse|drøftelse|"
               r"forelagt|fremlagt|præsenteret|præsentation|beskrevet|belyst|uddybet|undersøgt|gennemgang|"
               r"gennemgår|opfølgning|opdatering|bud på|forslag til|materiale|punkt|"
               # a document to be written for the body: "Økonomiudvalget ønsker en håndbog ift. håndtering af gaver"
               r"håndbog|retningslinje\w*|kommissorium|procesplan|handleplan|"
               r"beskrives|belyses|uddybes|undersøges|afdækkes|afdækket|afdækning|fremlægges|forelægges|præsenteres|"
               # what the administration is asked to look into: "… ønsker, at administrationen undersøger mulighederne for …"
               r"(?<=administrationen )undersøger|"
               # another body to take it up: "Herudover ønsker Økonomiudvalget, at Plan- og Tryghedsudvalget drøfter tiltag …"
               r"(?<=udvalget )(?:drøfter|behandler)|(?<=[Bb]yrådet )(?:drøfter|behandler)|"
               # "… ønsker, at administrationen i forbindelse med PCB-renovering … ser på muligheden for at …"
               r"ser (?:nærmere )?på mulighed(?:en|erne)|"
               # feedback, a decision the body is to take later, a possibility looked into ("… at der afsøges mulighed for")
               r"tilbagemelding\w*(?! fra)|tage stilling|tages (?:\w+ )?stilling|afsøges|afsøgt|"
               # "… ønsker en sagsfremstilling, der belyser …", "Udvalget ønsker genbehandling ultimo marts 2023"
               r"sagsfremstilling|genbehandling|genoptagelse|fornyet behandling|"
               # the body heard: "Udvalget ønsker at blive hørt tidligere om ændringer"
               r"(?<=blive )hørt)\b"
               # a policy or plan to be prepared comes back for approval: "… ønsker, at der igen udarbejdes en … politik"
               # (a plan or a local plan's supplement too: "… ønsker, at der hurtigst muligt udarbejdes en varmeplan")
               # ("Udvalget ønsker der bliver udarbejdet en politik på social- og handicapområdet …")
               r"|\b(?:udarbejdes|bliver udarbejdet) (?:\S+ ){0,4}\w*(?:politik|strategi|plan|plantillæg)\b"
               # (not "frem mod behandlingen i Byrådet" / "frem mod byrådsmødet": this case on its way, its own procedure)
               r"|\bfrem mod (?:mødet|\w+s (?:behandling|møde))")
_MONTH_WORDS = _MONTHS
# (why, form): a body asking for something to come back.
REQUEST_FORMS: list[tuple[str, str]] = [
    ("the body asks", rf"\b(?P<body>{_BODY_WORD})\b[^.;:]{{0,60}}?\b(?:ønsker|anmoder om|beder om|ønsker at få|bestiller|"
                      rf"vil (?:gerne )?have)\b(?!,? ikke)(?P<object>[^;]{{0,160}})"),
    ("the body asks (inverted)", rf"\b(?:ønsker|anmoder|beder|bestiller) (?P<body>{_BODY_WORD})\b(?!,? ikke)(?P<object>[^;]{{0,160}})"),
    ("the body asked (in its own decision)",
     rf"\b(?P<body>{_BODY_WORD})\b[^.;:]{{0,40}}?\b(?:ønskede|anmodede om|bad om|foreslog|foreslår|bestilte|"
     # "… besluttede at der afholdes temamøde før Byrådsmødet i januar 2024 vedrørende Styrelseslov"
     rf"besluttede at få|besluttede,? at der afholdes)\b(?!,? ikke)"
     rf"(?P<object>[^;]{{0,160}})"),
    # "Derudover bestilte Økonomiudvalget en sag om …"
    ("the body asked (in its own decision, inverted)",
     rf"\b(?:ønskede|bestilte|bad) (?P<body>{_BODY_WORD})\b(?!,? ikke)(?P<object>[^;]{{0,160}})"),
    ("asked for, unsaid by whom", r"\bder ønskes\b(?P<object>[^;]{0,160})|^Ønsker\b(?P<object2>[^;]{0,160})"),
    ("asked for in the passive", r"^(?!Ingen\b).*?\bønskes\b(?P<object>[^;]{0,160})"),
    ("a wish in the decision", r"\bmed (?:et )?ønske om\b(?P<object>[^;]{0,160})"),
    # a point of a request listed under "Udvalget ønsker" in the decision: "- at få en sag der kan belyse …"
    ("the body asked (in its own decision, a listed point)", r"^at få (?P<object>(?:en|et) [^;]{0,160})"
     # a bare noun phrase as the point: "- en sag om hvilke tilbud der træder i kraft, når …"
     r"|^(?P<object2>(?:en|et) (?:\w+ )?(?:sag|orientering|notat|redegørelse|oplæg|status|temamøde|beskrivelse|analyse) "
     r"(?:om|på|med|vedr\.?|vedrørende)\b[^;]{0,160})"),
    # "Men udvalget bakker op om, at der fremlægges en sag for Beskæftigelses- og Erhvervsudvalget"
    ("the body backs a case", rf"\b(?P<body>{_BODY_WORD})\b[^.;:]{{0,20}}?\bbakker (?:\w+ )?op om,? at der "
                              rf"(?P<object>(?:fremlægges|forelægges|udarbejdes)\b[^;]{{0,160}})"),
]
_REQUESTS = [(why, re.compile(form)) for why, form in REQUEST_FORMS]
# Presenting verbs; a matter "fremlægges" later, or at this meeting: only a time to come tells which.
_PRESENT_VERBS = (r"\b(?:fremlægges|forelægges|foreligges|præsenteres|genoptages|genbehandles|"
                  r"(?:[Aa]dministration(?:en)?|[Ff]orvaltningen|[Dd]irektionen) (?:\S+ ){0,4}(?:forelægger|fremlægger)|"
                  # a centre of the administration by its name: "Center for Politik, Organisation & Borgerbetjening
                  # fremlægger en ny restanceopgørelse i 1. kvartal 2024"
                  r"\bCenter for [^.;]{1,60}? (?:forelægger|fremlægger)|"
                  # the verb first after an adverbial: "Efter indsendelse af fondsansøgning forelægger administrationen i
                  # første kvartal 2024 en sag om …"
                  r"(?:forelægger|fremlægger) (?:[Aa]dministrationen|[Ff]orvaltningen|[Dd]irektionen)|"
                  r"aflægges|(?:vil|skal|bør|kan|må) (?:(?!ikke\b)\w+ ){0,5}(?:blive )?(?:fremlægges|forelægges|"
                  r"fremlagt|forelagt|præsenteret|aflagt|genoptaget|genoptages)|"
                  r"vil blive (?:aflagt|givet|gjort)|ønskes (?:fremlagt|forelagt)|planlægges (?:fremlagt|forelagt)|"
                  # "På baggrund af drøftelsen udarbejdes en sag til kommende møde"
                  r"udarbejdes (?:\w+ ){0,3}(?:sag|sager|oplæg|notat|redegørelse|indstilling))\b")
# Verbs that say only "dealt with" ("behandles", "drøftes"): a later meeting must be named.
_MEETING_VERBS = (r"\b(?:behandles|drøftes|tages op|gives (?:en )?status|følges op|orienterer|mødes|indkalde\w*|"
                  r"(?:vil|skal) (?:\w+ )?blive (?:behandlet|drøftet)|forventes (?:\w+ ){0,2}behandlet|"
                  # "… besluttede, at der på et kommende møde optages følgende sager på dagsordenen"
                  r"optages (?:\w+ ){0,3}på dagsordenen)\b")
_FUTURE = (rf"\b(?:kommende(?! år\b| periode\b| budget\b| \w*planer\b)|næste(?! år\b)|førstkommende|næstkommende|senere|efterfølgende møde)\b"
           rf"|\b(?:første|anden|sidste) (?:del|halvdel|halvår) af\b|\bi (?:første|andet) halvår\b|\bi (?:\d\.|første|andet|anden|tredje|fjerde) kvartal"
           rf"|\b(?:primo|medio|ultimo)\b|\bi (?:slutningen|starten|begyndelsen|løbet) af\b|\bførst i\b"
           rf"|\binden (?:udgangen|sommerferien|jul|året)\b|\befter (?:sommerferien|jul(?:en)?|påske(?:n)?|nytår)\b"
           # before what is decided is put to work: "Kodeks fremlægges til beslutning inden implementering af …"
           rf"|\binden (?:\w+ )?(?:implementering|ibrugtagning|udrulning|igangsætning)\b"
           # before a matter (not this case) is presented: "… bedt rådgiveren om forslag til at tilpasse projektet, …,
           # inden løsningen fremlægges for udvalget"
           rf"|\binden (?!sagen\b|indstillingen\b|punktet\b)(?:\w+ ){{1,3}}(?:fremlægges|forelægges)\b"
           # afterwards, ending the sentence: "Fagudvalgene orienteres efterfølgende."
           rf"|\befterfølgende\s*\.?$"
           # after a step on the way: "Efter revisionens gennemgang, fremlægges årsregnskabet …"
           rf"|\befter (?:\w+s )?(?:gennemgang|høringsperioden|høringen)\b"
           # after a budget follow-up named: "Der fremlægges en ny status for anlægsprojekterne efter 3. budgetopfølgning"
           rf"|\befter (?:\d\. |den \w+ )?budgetopfølgning(?: \d)?\b"
           # a step after this one's: "…, hvorpå plan og tiltagsliste fremlægges i fagudvalg og Byråd", "…, hvorefter de
           # forelægges Kultur- og Fritidsudvalget"
           rf"|\b(?:hvorefter|hvorpå)\b"
           # per the timetable below: "… fremlægges jf tidsplan nedenfor"
           rf"|\b(?:jf\.?|jævnfør) (?:den )?tidsplan(?:en)? nedenfor\b|\bi {_MONTH_WORDS}\b|\bi (?:foråret|efteråret|sommeren|vinteren)\b"
           rf"|\b(?:forår|efterår|sommer|vinter)(?:et|en)? 20\d\d\b"
           rf"|\bi 20\d\d\b|\bden \d{{1,2}}\. ?{_MONTH_WORDS}\b|\btil {_MONTH_WORDS}\b|\b{_MONTH_WORDS} 20\d\d\b"
           rf"|\bfrem mod\b|\bnår\b|\bsager? herom\b|\bom (?:et|en|to|tre|fire|seks|\d+) (?:halvt )?(?:år|måned|måneder|uger)\b"
           rf"|\b(?:en|et) (?:ny|nyt|særskilt|selvstændig|separat) (?:\w+ )?(?:sag|punkt)\b|\ben (?:\w+ )?sag (?:herom|om|hvor|med)\b"
           rf"|\bsag herom\b"
           # "… forelægges i forbindelse med beslutningssager op mod et konkret valg", "… i forbindelse med budgetprocessen"
           rf"|\b(?:i forbindelse med|ifm\.?) (?:\w+ ){{0,2}}(?:beslutningssager|afrapportering\w*|budgetproces\w*|budgetlægning\w*|"
           rf"budgetforhandling\w*|budgetopfølgning\w*|budget 20\d\d)\b")
_MEETING_FUTURE = (r"\bpå (?:et|det|næste|førstkommende) (?:senere |kommende |næste )?(?:ekstraordinært )?"
                   r"(?:udvalgs|byråds|økonomiudvalgs|fagudvalgs)?møde\b"
                   r"|\b(?:til|på) (?:et |det )?(?:næste|kommende|førstkommende) (?:udvalgs|byråds|økonomiudvalgs|fagudvalgs)?møde\b"
                   r"|\b(?:til|på) (?:et |det )?ekstraordinært (?:udvalgs|byråds|økonomiudvalgs|fagudvalgs)?møde\b")
# (why, form): a matter announced for a later meeting, or put off to one.
_PRESENT_ACTIVE = (r"\b(?:skal|vil|må|(?:forventer|påtænker|planlægger|planlagt) (?:\w+ ){0,3}a[tf]"
                   # "med henblik på senere at fremlægge et mere solidt funderet bud på …"
                   r"|med henblik på (?:senere |efterfølgende )?at(?: kunne)?"
                   # aimed at: "med sigte på allerede i januar at kunne fremlægge et forventet regnskab for 2023"
                   r"|med sigte på (?:\S+ ){0,4}?at(?: kunne)?) "
                   # ("vil derfor frem mod Byrådets budgettemamøde om anlæg den 15. maj 2023 fremlægge en samlet risikoanalyse")
                   r"(?:\S+ ){0,12}?(?:fremlægge|forelægge|"
                   r"komme med|udarbejde) (?:\S+ ){0,3}?(?:\w*(?<!år)sag|oplæg|notat|redegørelse|status|orientering|"
                   r"\w*forslag|\w*analyse|\w*plan|oversigt|beskrivelse|(?:\w+ )?\w*regnskab|(?:\w+ )?bud på)\b")
# A later case named as such: "vil indgå i en kommende sag i fagudvalget", "beskrevet nærmere i de kommende sager",
# "Der udarbejdes en særskilt politisk sag", "besluttes politisk i en opfølgende sag", "indgår i næstkommende sag",
# "efterfulgt af uddybende sager", "gennem forelæggelse af konkrete sager for de relevante fagudvalg". Not "i
# efterfølgende sag" (the next item on this agenda: `_THIS_CASE`), nor "nye sager" (counts of cases).
_LATER_CASE = (r"\b(?:kommende|næstkommende|ny|nyt|særskilt|særskilte|separat|selvstændig|opfølgende|uddybende)"
               r"(?:,? politisk)? (?:politisk )?(?:sag|sager|indstilling)\b(?! nr\.)"  # (not "ny sag nr. 34" on this agenda)
               r"|\b(?:forelæggelse|fremlæggelse) af (?:\w+ )?sager for\b"
               r"|\b(?:en|et) efterfølgende (?:sag|punkt)\b")
# A later case named after a preposition and its article: a case referred to as what something is for or about ("Midlerne vil
# reducere i den samlede anlægsudgift til den kommende sag om Fodboldhuset", "i forhold til de kommende sager i løbet af
# året"), not one announced ("vil indgå i en kommende sag", "beskrevet nærmere i de kommende sager").
_CASE_NAMED_FOR = re.compile(r"\b(?:til|for|fra|af) (?:den|det|de) (?:\w+ )?$", re.I)
# What the administration presents: a case, a proposal, an analysis … ("beslutningsoplæg", "opdateret analyse").
_PRESENTED = (r"(?:\w*sag|\w*oplæg|notat|redegørelse|status|orientering|\w*forslag|\w*analyse|\w*plan|oversigt|"
              r"beskrivelse)\b")
# "vil administrationen fremlægge en sag, der beskriver …": a case promised, with or without a time.
_CASE_PROMISED = (r"\b(?:vil|skal) (?:\S+ ){0,4}?(?:fremlægge|forelægge|udarbejde) "
                  rf"(?:(?:for )?(?:[\w\-]+,? ){{0,3}}?{_BODY_NAMED} )?(?:\w+ ){{0,2}}?(?:en|et) "
                  r"(?:\w+ )?(?:sag|indstilling)\b"
                  # "Der skal fremlægges konkret sag om godkendelse af …", in a table's cell "… | NY Der skal
                  # fremlægges en sag mhp. …"
                  r"|(?:^|\| (?:\S+ )?)Der skal (?:\w+ )?(?:fremlægges|forelægges) (?:\w+ ){0,2}?(?:sag|indstilling)\b")
# The administration's next step in the present tense, marked as coming after this meeting ("Herefter udarbejder
# administrationen en handleplan", "Når Byrådet har godkendt …, udarbejder administrationen et forslag", "På baggrund af
# drøftelserne på dette møde, tilretter administrationen politikken og præsenterer udvalget for 2. udkast") or as a
# later draft ("… og forelægger 3. udkast"). Without such a mark the present reads as this case's own procedure
# ("Administrationen fremlægger i indeværende sag …").
_NEXT_STEP = (r"\b(?:herefter|derefter|dernæst|når|på baggrund af drøftelserne)\b[^.;]*?"
              r"(?:\b(?:administrationen|forvaltningen)\b[^.;]{0,40}?\b(?:præsenterer|forelægger|fremlægger|udarbejder|redegør)\b"
              r"|\b(?:præsenterer|forelægger|fremlægger|udarbejder|redegør) (?:administrationen|forvaltningen)\b)"
              r"|\b(?:præsenterer|forelægger|fremlægger)\b[^.;]{0,60}?\b\d\. udkast\b")
# (why, form, what else the sentence must name: a time to come, a later meeting, or nothing more).
PRESENTATION_FORMS: list[tuple[str, str, str | None]] = [
    ("presented later", _PRESENT_VERBS, _FUTURE),
    ("prepared and presented later", _PRESENT_ACTIVE, _FUTURE),
    ("a later case", _LATER_CASE, None),
    ("a case promised", _CASE_PROMISED, None),
    ("the administration's next step", _NEXT_STEP, None),
    # "… til politisk behandling i foråret 2024", "der behandles i Byråd og udvalg i oktober"
    ("to the politicians later", r"\b(?:til|med efterfølgende|efterfølgende) politisk (?:behandling|godkendelse|beslutning|"
                                 r"orientering|drøftelse)\b|\bpolitisk behandling (?:af|i)\b|\bbehandles politisk\b"
                                 r"|\bbehandles (?:\w+ ){0,2}(?:politisk|(?:i|af) (?:\w+ )?(?:byråd\w*|\w*udvalg\w*))\b"
                                 r"|\bsag\b[^.;]{0,80}\bbehandles\b", _FUTURE),
    ("dealt with at a later meeting", _MEETING_VERBS, _MEETING_FUTURE),
    # the administration's task for a later meeting, in the present tense: "Det blev aftalt at administrationen til
    # næste møde udarbejder et forslag til besøg …"
    ("the administration's task for a later meeting",
     r"\b(?:administrationen|forvaltningen)\b (?:\S+ ){0,4}?(?:udarbejder|fremlægger|forelægger|præsenterer|kommer med)\b",
     _MEETING_FUTURE),
    # the administration's commitment to present something, with or without a time: "Administrationen vil på baggrund af
    # den opdaterede befolkningsprognose fremlægge opdateret analyse for …" (not at this meeting: "vil på mødet fremlægge")
    # a case on its way, said as a fact: "Der kommer en samlet sag om Villa Sitka efter sommerferien", "Sag til Kultur- og
    # Fritidsudvalget om lokaletilskud … er under udarbejdelse"
    ("a case coming", r"\b[Dd]er kommer (?:en|et) (?:\w+ )?(?:sag|oplæg|orientering|notat|status)\b"
                      r"|^(?:En )?[Ss]ag(?:en)? (?:til|om)\b[^.;]{0,160}\ber under udarbejdelse\b", None),
    ("the administration will present it",
     r"\b(?:administrationen|forvaltningen|direktionen) (?:vil|skal) (?:(?!på mødet\b)\S+ ){0,8}?(?:fremlægge|forelægge) "
     rf"(?:\S+ ){{0,3}}?{_PRESENTED}"
     # the verb before the administration, for a decision to come: "…, men skulle en ekspropriation komme på tale, vil
     # administrationen fremlægge de konkrete forhold til beslutning"
     r"|\b(?:vil|skal) (?:administrationen|forvaltningen|direktionen) (?:(?!på mødet\b)\S+ ){0,3}?(?:fremlægge|forelægge) "
     rf"(?:(?:\S+ ){{0,5}}?til (?:politisk )?(?:beslutning|godkendelse|behandling)\b|(?:\S+ ){{0,3}}?{_PRESENTED})", None),
    # a budget proposal the administration is to prepare: "Dette vil medføre, at administrationen udarbejder et forslag til
    # budget 2023 om …"; not this case sent on with the wish for one ("Udvalget skal da løfte sagen til Økonomiudvalget og
    # Byrådet med ønske om, at administrationen udarbejder et udvidelsesforslag …": its procedure)
    ("a budget proposal to be prepared",
     r"^(?!.*\b(?:løft\w*|send\w*|oversend\w*) sagen\b)"
     r".*\b(?:administrationen|forvaltningen|direktionen) (?:\S+ ){0,2}?udarbejder (?:et|en) (?:\w+ )?"
     r"(?:budgetforslag|udvidelsesforslag|\w*anlægsforslag|forslag til budget(?:tet)? 20\d\d)\b", r"\b(?:vil|skal)\b"),
    # a plan's final adoption after its hearing: "… sendes i otte ugers høring, inden den fremlægges til endelig
    # behandling" (this case sends it out; the plan comes back)
    ("adopted after its hearing", r"\bhøring\b[^.;]*\b(?:inden|før|hvorefter|og derefter|og herefter)\b[^.;]*?"
                                  r"\b(?:fremlægges|forelægges)\b[^.;]*?\btil endelig (?:behandling|vedtagelse|godkendelse)\b",
     None),
    # the administration's next step named by the verb before it, with the body it goes to: "På baggrund af input fra
    # tryghedsvandringen udarbejder administrationen … et forslag til Klima-, Teknik- og Miljøudvalget til prioritering …"
    ("the administration's proposal to a body",
     rf"\b(?:udarbejder|fremlægger|forelægger) (?:administrationen|forvaltningen)\b[^.;]{{0,80}}?\b(?:et|en) "
     rf"(?:\w+ )?(?:forslag|sag|oplæg) (?:til|for) (?:[\w\-]+,? ){{0,4}}?{_BODY_NAMED}", None),
    # a matter dealt with in a budget round to come: "… og drøftes ifm. budget 2024-2027"
    ("dealt with in a budget round", r"\b(?:drøftes|behandles|tages op)\b",
     r"\b(?:i forbindelse med|ifm\.?|under) (?:de |den )?(?:kommende )?budget(?:forhandling\w*|proces\w*|lægning\w*)?"
     r"(?: (?:for )?20\d\d)?\b"),
    # the future tense says "later": "vil dette blive behandlet politisk", "vil beslutningen blive fremlagt til politisk
    # beslutning", "forslag til forbedringer vil som tidligere nævnt blive forelagt Plan- og Tryghedsudvalget", "vil
    # administrationen indstille til fornyet politisk behandling"
    ("to the politicians, in the future tense",
     r"\b(?:vil|skal) (?:\w+ ){0,4}blive (?:behandlet|fremlagt|forelagt) (?:\w+ ){0,2}?(?:politisk\b|til politisk "
     r"(?:beslutning|behandling|godkendelse))"
     rf"|\b(?:vil|skal) (?:\S+ ){{0,4}}blive (?:forelagt|fremlagt|præsenteret) (?:for )?(?:\S+ ){{0,3}}?{_BODY_NAMED}"
     # "… vil de samlede input blive behandlet i alle Byråd igen, inden det kan indsendes som forslag"
     rf"|\b(?:vil|skal) (?:\S+ ){{0,4}}blive behandlet (?:i|af) (?:\w+ ){{0,2}}?{_BODY_NAMED}"
     r"|\b(?:fornyet|ny) politisk behandling\b"
     # "Udkast til samarbejdsaftale forelægges politisk niveau til beslutning"
     r"|\b(?:forelægges|fremlægges) (?:for )?(?:det )?politiske? niveau\b", None),
    # "vil der ved næste politiske behandling indgå en indstilling om …"
    ("part of a later case", r"\b(?:vil|skal) (?:\w+ ){0,6}indgå (?:en|et) (?:\w+ )?(?:indstilling|sag|forslag|notat)\b",
     _FUTURE),
    # money asked of the politicians: "Administrationen vil anmode om midler til genhusning når lokationen er …"
    ("money to be asked for", r"\b(?:vil|skal) (?:\w+ ){0,3}(?:anmode|søge) om (?:\w+ ){0,2}(?:midler|bevilling|frigivelse)\b",
     _FUTURE),
    # "Administrationen vil orientere om det endelige høringssvar på Klima- og Teknik Udvalgets møde den 15. januar 2024"
    ("to be told at a later meeting", r"\b(?:vil|skal) (?:\w+ )?orientere (?:om\b|\w*udvalget\b)[^.;]*\bmøde", _FUTURE),
    ("put off to later", r"^(?:udsat|udsættes|udskydes) til\b|^(?:(?!foreslås|foreslår).)*\b(?:sagen|punktet|behandlingen) "
                         r"(?:blev |er )?(?:udsat|udsættes|udskydes|udskudt) til\b|\bønsker (?:sagen|punktet) genoptaget\b",
     None),
    ("sent back for more work", r"\b(?:sendes|sendte \w+|sender \w+|sende \w+) tilbage\b", None),
    # a proposal sent on for treatment in a committee: "Byrådet besluttede at sende initiativretsforslaget til
    # realitetsbehandling i Klima-, Teknik- og Miljøudvalget" (not "… ikke at sende forslaget til realitetsbehandling",
    # nor a party's vote: "(F), (A) og (Ø) ønskede at sende forslaget til realitetsbehandling")
    ("sent on for treatment", r"^(?!.*\bikke\b)(?!.*\(\w{1,3}\)).*\b(?:sende|sendes|sender) (?:\S+ ){0,3}til "
                              r"realitetsbehandling\b", None),
    # a body to deal with a case at a time to come: "Byrådet skal den 19. juni 2023 behandle en sag om videre proces for …"
    ("a body to deal with it later", rf"{_BODY_NAMED} (?:skal|vil) (?:\S+ ){{0,6}}?behandle (?:\w+ ){{0,2}}(?:sag|sager|forslag)\b",
     _FUTURE),
    # a body informed at a time to come: "Sundheds- og Omsorgsudvalget orienteres om … på mødet den 11. september 2023"
    ("a body informed later", rf"{_BODY_NAMED} (?:\w+ ){{0,3}}orienteres\b", _FUTURE),
    # a body to receive a case or an orientation: "Når lovforslaget er vedtaget, vil udvalget få en orienteringssag om dette"
    ("a body to receive it", rf"(?:{_BODY_NAMED} (?:vil|skal) (?:\w+ ){{0,3}}|\b(?:vil|skal) {_BODY_NAMED} (?:\w+ ){{0,3}})"
                             r"få (?:\w+ ){0,2}?(?:\w*sag|orientering\w*|status\w*|notat|redegørelse|oplæg|tilbagemelding|"
                             r"præsentation)\b", None),
    # a political decision to be taken, or a plan adopted, at a time to come: "Når ladestanderstrategien er udarbejdet, kan
    # der træffes politisk beslutning om …", "Affaldsplanen forventes endelig vedtaget i første kvartal 2023"
    ("decided by the politicians later", r"\b(?:træffes|tages) (?:\w+ ){0,2}politisk (?:beslutning|stilling)\b"
                                         r"|\bforventes (?:\S+ ){0,2}(?:at blive )?(?:endeligt? )?(?:politisk )?vedtaget\b",
     _FUTURE),
    # a theme meeting with a body to come: "Herefter afholdes et temamøde med Kultur- og Fritidsudvalget", "Der er planlagt
    # temadrøftelse med Byrådet og HovedMED både den 19. juni og den 9. august, hvor direktionens samlede budgetforslag
    # bliver præsenteret"
    ("a theme meeting to come", rf"\b(?:afholdes|planlagt|holdes) (?:\w+ ){{0,2}}?(?:temamøde|temadrøftelse)\w* (?:med|for|i) "
                                rf"(?:\S+ ){{0,3}}?{_BODY_NAMED}", rf"(?:{_FUTURE})|\b(?:herefter|derefter)\b"),
    # the administration following up at a time to come: "Administrationen følger ultimo 2023 op på årets forbrug, og …"
    ("followed up later", r"\b(?:[Aa]dministrationen|[Ff]orvaltningen) følger (?:\S+ ){0,3}op\b", _FUTURE),
]
# In the decision itself, "Sagen genoptages …" puts the case off to a later meeting, named or not.
# So does sending it on to its second reading ("Byrådet videresendte budgettet til 2. behandling …").
_RESUMED_LATER = re.compile(r"\b(?:sagen|punktet) (?:\w+ )?genoptages\b(?! fra)|^(?:sagen|punktet) (?:blev |er )?udsat\.?$"
                            r"|\b(?:videresend\w*|oversend\w*|sendte|sendes)\b[^.;]{0,40}\btil (?:2\.|anden) behandling\b", re.I)
_PRESENTATIONS = [(why, re.compile(form, re.I), re.compile(needs, re.I) if needs else None)
                  for why, form, needs in PRESENTATION_FORMS]
# The item's own procedure: this case, at this meeting.
_THIS_CASE = re.compile(r"\b(?:i (?:denne |nærværende |indeværende )?sag(?:en)?|(?:denne|nærværende|indeværende) sag|"
                        r"(?<!vil )nu|hermed|her|(?<!drøftelserne )(?<!drøftelsen )på (?:dagens|dette|samme) møde|"
                        # (not the present state described: "det pres på opgaverne, som opleves i dag")
                        r"(?<!opleves )(?<!ses )(?<!findes )(?<!fra )i dag|i efterfølgende sag|på denne baggrund|i dette punkt|"
                        r"til orientering|formålet med sagen|det besluttes,? om|(?:fremlægger|forelægger) derfor|"
                        # "Byrådet besluttede den 6. marts 2023, at administrationen … skulle fremlægge en sag om
                        # kommende energitiltag … Der fremlægges derfor en sag til beslutning inden sommerferien."
                        r"^der (?:fremlægges|forelægges) derfor (?:hermed )?(?:en|denne) sag|"
                        r"frem mod (?:byrådsmødet|byrådets møde|behandlingen (?:i|på) (?:byrådet|økonomiudvalget|ØU|BYR?)(?: og (?:byrådet|BYR?))?)(?! den))\b"
                        # "Med sagen orienteres udvalget om de sektorplaner, som …": what this case brings
                        r"|^Med (?:denne |nærværende |indeværende )?sag(?:en)?\b"
                        r"|^(?:Sagen|Indstillingen|Punktet|Beslutningen) (?:forelægges|fremlægges|behandles|sendes)"
                        r" (?:\w+ ){0,3}(?:[Øø]konomiudvalget|[Bb]yrådet|[Kk]ommunalbestyrelsen)\b(?!.*\b(?:igen|ny))", re.I)
# What was asked, promised or put off before.
_BEFORE = re.compile(r"\b(?:har|havde|er|var) (?:\S+ ){0,8}(?:bedt|anmodet|besluttet|lovet|ønsket|efterspurgt|"
                     r"protokolleret)\b|\btraf (?:\w+ ){0,2}beslutning\b|\bblev (?:\w+ ){0,2}besluttet\b"
                     r"|\bkan (?:\S+ ){0,5}beslutte\b"
                     r"|\bblev (?:\w+ ){0,3}(?:bedt|anmodet)\b|\b(?:udsat|genoptages|genoptaget) fra\b"
                     # ("skulle" opening a condition before the main clause is none: "…, men skulle en ekspropriation
                     # komme på tale, vil administrationen …"; nor the future's "vil der skulle behandles …")
                     r"|(?<!\bvil )(?<!\bvil der )\bskulle\b(?![^.;]*, (?:vil|skal) )"
                     # earlier cases quoted: "Det fremgår af begge sager, at administrationen vil fremlægge …"
                     r"|^Det fremgår af (?:begge|de tidligere|tidligere|den tidligere) "
                     r"(?:sager|sagerne|sag|sagen|beslutninger)\b"
                     , re.I)
# Outside the decision itself, "blev fremlagt / udsat" reports an earlier meeting; in the decision field
# "Sagen blev udsat til næste udvalgsmøde" is this meeting's.
_BEFORE_OUTSIDE_DECISION = re.compile(r"\b(?:blev|er blevet|var) (?:\w+ ){0,2}(?:fremlagt|forelagt|præsenteret|"
                                      r"behandlet|udsat|planlagt)\b|\ber (?:\w+ ){1,4}(?:fremlagt|forelagt)\b"
                                      r"|\bsendte (?:\w+ ){0,2}tilbage\b", re.I)
# The case going on to the bodies that decide it, for approval ("… som forelægges for Økonomiudvalget den
# 27. november og for Byrådet den 11. december", "fremlægges til godkendelse på KKR's møde den 4. februar"):
# within ROUTING_DAYS of the meeting that is the same case's procedure, not a matter coming back.
ROUTING_DAYS = 45
_ROUTING = re.compile(r"\b(?:ØU|BY)\b|\b(?:[Øø]konomiudvalget|[Bb]yrådet|[Bb]yrådene|[Kk]ommunalbestyrelsen|[Bb]orgerrepræsentationen|"
                      r"[Rr]egionsrådet)s?\b|\b(?:til|med henblik på) (?:endelig )?(?:godkendelse|beslutning|vedtagelse)\b")
# Standing rules and the law, not a promise about this matter ("Ifølge § 79 b … skal Danmarkskortet
# behandles …", "Når der er tale om salg …, forelægges sagen politisk to gange", "… efter behov").
_STANDING = re.compile(r"^(?:Ifølge|I henhold til)\b(?! (?:\w+ )?tidsplan)"
                       r"|\b(?:følger|fremgår) (?:\w+ ){0,2}af (?:\w+ ){0,3}(?:\w*loven|lov|bekendtgørelse|§)"
                       r"|\b§ ?\d|^Når der er tale om\b|\befter behov\b|\bi tilfælde af\b"
                       # a power a rule of procedure gives ("Formanden eller fire rådsmedlemmer kan indkalde til
                       # ekstraordinært møde …")
                       r"|\bkan (?:\w+ ){0,2}indkalde\b"
                       r"|^Når en (?:sag|ansøgning|klage|borger)\b"  # any case: "Når en sag behandles, så …"
                       # a duty by law or statutes: "… skal årligt udarbejde en årsberetning, der …", "Det står i loven om
                       # social service, at …", "… i følge deres vedtægter skal …"
                       r"|\bskal (?:(?:én|en) gang )?årligt (?:\w+ )?udarbejde\b"
                       r"|\bstår i (?:\w+ ){0,3}(?:\w*loven|lov|bekendtgørelse)\b"
                       r"|\bi ?følge (?:\w+ ){0,2}vedtægter", re.I)
# (not the adjective after an article or "allerede": "de ønskede effekter", "allerede besluttede budgetanalyser")
# (and a body's past decision told outside the decision: "På mødet den 14. august 2023 … Sundheds- og Omsorgsudvalget tog
# orienteringen til efterretning med bemærkning om at få forelagt en sag …" is the earlier meeting's request, history)
_PAST_IN_TEXT = re.compile(r"(?<!\bde )(?<!\bden )(?<!\bdet )(?<!\ballerede )\b(?:besluttede|ønskede|bad|anmodede|vedtog|"
                           r"godkendte|anbefalede|tiltrådte|tog (?:\w+ ){0,3}til efterretning)\b", re.I)
# A party's own wish in a vote or remark ("Enhedslisten ønsker …", "(Ø) stemte imod …").
_PARTY_VOICE = re.compile(r"\b(?:stemte|stemmer|undlod|undlader)\b|^\(\w{1,3}\)|\b(?:Enhedslisten|SF|Venstre|"
                          r"Socialdemokratiet|Konservative|Dansk Folkeparti|Liberal Alliance|Moderaterne)\b")
_GREVE_ACTORS = re.compile(r"\b(?P<actor>[Aa]dministrationen|[Ff]orvaltningen|[Dd]irektionen|[Ss]ekretariatet|"
                           r"[Cc]enter for [A-ZÆØÅ][\w\-]*(?:, [A-ZÆØÅ][\w\-]*)*(?: (?:og|&) [A-ZÆØÅ][\w\-]*)?|KLAR Forsyning(?: A/S)?)\b")


def is_decision_section(section: str | None) -> bool:
    """Whether a section is the body's decision ("Beslutning", "Byrådets beslutning den …", "Afgørelse")."""
    return bool(section) and bool(_DECISION_SECTION.search(section))


def is_history(section: str | None) -> bool:
    """Whether a section is the case's history ("Sagens forløb"): no promise is read from it."""
    return bool(section) and bool(_HISTORY.match(section.strip()))


_SECOND_WISH = re.compile(r"^(?P<subject>[^,;]*?)\bønsker\b[^;]*?,? og (?P<wish>ønsker\b.*)$", re.S)


def _request(text: str, in_decision: bool, in_recommendation: bool = False) -> re.Match | None:
    """The body's request for something to come back, if the sentence makes one (`in_recommendation`: the
    sentence is in the Indstilling, where "… ønskes belyst" says what this case is to contain)."""
    if _PARTY_VOICE.search(text) or re.search(r"\bindstiller\b|\bindstilles\b", text) or _THIS_CASE.search(text):
        return None  # a party's wish; the administration's recommendation of what the body might ask; this case
    if re.search(r"\b(?:hvilke|(?<!bemærkning )om der|eventuelt|evt\.|i givet fald|har mulighed for)\b[^.;]*\bønskes\b",
                 text, re.I):
        return None  # what the body may ask for: "… drøfter, hvilke områder der eventuelt ønskes beskrevet"
    if re.search(r"\bønsker (?:\w+ ){0,3}(?:indført|tilføjet|indarbejdet|vedlagt|rettet|omformuleret)\b", text):
        return None  # a change to this case on its way ("… ønsker indført en sætning frem mod behandlingen i byrådet")
    if re.search(rf"\bønsker\b[^.;]*?,? at (?!{_BODY_WORD})(?:[\w\-]+ ){{1,5}}får\b", text):
        return None  # for others: "Udvalget ønsker desuden, at medlemmerne af støjrådet får tilbagemeldinger …"
    if re.search(r"\b(?:med|for|til|i) (?:\w+ ){0,2}(?:Hoved-?MED|[\w\-]*MED-udvalg\w*)\b", text):
        return None  # meetings with the staff's MED committees: "… bad om at få tilføjet møder med Hoved-MED"
    if re.search(r"\bønsker\b[^.;]{0,40}\b(?:drøftelse|behandling|orientering) (?:i|af|på) (?!Byråd)[A-ZÆØÅ]\w*rådet\b", text):
        return None  # in an advisory council: "Udvalget ønsker en drøftelse i Skolerådet af brugen af it og skærme"
    if re.search(r"\bønsker (?:\w+ ){0,2}(?:et|en) (?:\w+ )?(?:notat|bilag|brev|tilføjelse)\b[^.;]{0,20}?\b(?:til|frem mod) "
                 r"(?:[Bb]yrådet|[Bb]yrådsmødet|[Bb]yrådets)\b", text):
        return None  # material for this case before the council treats it: "Udvalget ønsker et notat til Byrådet med …"
    # a second wish of the same subject: "Udvalget ønsker … at fastholde …, og ønsker derfor at invitere udvikler til
    # en drøftelse af dette på et kommende udvalgsmøde" read as "Udvalget ønsker derfor at invitere …"
    second = _SECOND_WISH.match(text)
    if second and (m := _request(f"{second['subject']}{second['wish']}", in_decision, in_recommendation)):
        return m
    for why, form in _REQUESTS:
        if why.startswith("the body asked") and not in_decision:
            continue  # "Udvalget ønskede …" outside a decision reports an earlier meeting
        if why == "asked for in the passive" and in_recommendation:
            continue  # "De nuværende energipriser ønskes belyst" in the Indstilling: what this case answers
        for m in form.finditer(text):
            wanted = m.group("object") or m.groupdict().get("object2") or ""
            if re.search(_COMES_BACK, wanted, re.I) or re.search(_MEETING_FUTURE, m.group(0), re.I):
                return m
    return None


# A date something takes effect from is no time to come back ("… til opkrævningen pr. 1. januar 2024 fremlægges …").
_EFFECTIVE_FROM = re.compile(rf"\b(?:pr\.|per|med virkning fra|gældende fra) (?:den )?(?:\d{{1,2}}\. ?)?{_MONTHS}(?: \d{{4}})?",
                             re.I)
# A time as a timetable writes it, with or without "i"/"den": "august/september 2023", "19. marts 2024", "Jan/feb 2024".
_BARE_TIME = re.compile(rf"\b(?:\d{{1,2}}\. ?)?{_MONTHS}(?: \d{{4}})?\b(?!/)|\b(?:primo|medio|ultimo) \d{{4}}\b"
                        # a timetable's season or year heading its line: "Efterår 2023: …", "2024: …"
                        r"|\b(?:forår|sommer|efterår|vinter)(?:et|en)? \d{4}\b|^\d{4}(?=:)", re.I)
# abbreviated months of a timetable: "Jan/feb 2024", "Okt. 2022" (not a day's date, "BY den 6. nov. 2023 (pkt. 12)", which
# a task list gives as where a matter came from)
_SHORT_MONTH = re.compile(r"(?<!\d\. )\b(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)(?:\w*/\w+|t?\.) (\d{4})\b", re.I)
_MONTH_OF = dict(zip("jan feb mar apr maj jun jul aug sep okt nov dec".split(), MONTHS))


def _times(text: str) -> list[str]:
    """The times a sentence names, as written (deadlines, and a timetable's bare months and dates)."""
    found = [t.group(0) for t in _DEADLINE.finditer(text)] + [t.group(0) for t in _BARE_TIME.finditer(text)]
    return found + [f"{_MONTH_OF[m.group(1).lower()]} {m.group(2)}" for m in _SHORT_MONTH.finditer(text)]


def _presentation(text: str, meeting_date: str | None) -> re.Match | None:
    """A matter announced for a later meeting, if the sentence announces one (not this case's procedure)."""
    this = _THIS_CASE.search(text)
    promised = re.search(_CASE_PROMISED, text, re.I)
    if this and this.group(0).lower() == "i sagen" and promised and promised.end() <= this.start():
        this = None  # "vil fremlægge en sag, …, om handlemulighederne i sagen": the matter, not this case
    if this and this.group(0).lower() == "i sagen" and re.search(
            r"\b(?:inden|før) (?:der )?(?:\w+ ){0,2}(?:træffes|tages) (?:\w+ )?(?:beslutning|stilling)\s+i sagen\b", text, re.I):
        this = None  # "Sagen sendes tilbage …, inden der træffes beslutning i sagen": the decision to come, later
    if this or re.search(r"\b(?:fremlægges|forelægges|præsenteres) (?:\w+ )?ikke\b", text):
        return None
    if meeting_date and re.search(rf"\b{_month_name(meeting_date)}-?mødet\b", text, re.I):
        return None  # "forelægges PTU på september-mødet", said at the September meeting: this meeting
    if re.search(r"\bhenlæg(?:ger|ges|ge|gelse|t)\b", text, re.I):
        return None  # a matter shelved: "… henlægger sagen …, og henviser til at den kan genoptages i forbindelse med …"
    if _NOT_A_BODY.search(text):
        return None  # a meeting with others: "… et oplæg til drøftelse på det fælles styringsdialogmøde i september"
    scan = _EFFECTIVE_FROM.sub(" ", text)
    for why, form, needs in _PRESENTATIONS:
        m = form.search(text)
        if m is None or (needs is not None and not needs.search(scan)):
            continue
        if why == "a later case" and re.search(r"(?<!\bblive )\b(?:beskrevet|nævnt|omtalt) i\b|\bjf\.|\bjævn\w*r\b|\bfremgår af\b"
                                               r"|\bi (?:en )?(?:separat|særskilt|selvstændig) indstilling\b[^.;]*\bforeslås\b",
                                               text, re.I):
            continue  # a case referred to: "Som beskrevet i separat indstilling om …", "jævnfør selvstændig sag", "Dertil
            # kommer at der i separat indstilling om Klimapulje foreslås afsat 0,2 mio. kr." (another item of this agenda)
        if why == "sent on for treatment" and _PARTY_VOICE.search(text):
            continue  # a party's proposal told: "Venstre stillede forslag om, at sagen sendes til realitetsbehandling i …"
        if why == "a later case" and _CASE_NAMED_FOR.search(text[: m.start()]):
            continue  # a case named as what something is for: "… anlægsudgift til den kommende sag om Fodboldhuset"
        if why not in ("put off to later", "sent back for more work") and meeting_date:
            times = _times(scan)
            if times and all(_is_past(t, meeting_date) or _this_month(t, meeting_date) for t in times) \
                    and (not re.search(r"\b(?:kommende(?! budget\b)|næste|førstkommende|senere|ny|nyt|særskilt)\b", text, re.I)
                         or any(str(deadline_date(t, meeting_date)) == meeting_date or _this_month(t, meeting_date)
                                for t in times)):
                continue  # every time it names has passed (an earlier plan), or is this meeting's day or month
            if times and _ROUTING.search(text) and all(_within(t, meeting_date, ROUTING_DAYS) for t in times) \
                    and not re.search(r"\bekstraordinært (?:\w+)?møde\b|temamøde", text, re.I):
                continue  # on to the council in the same cycle: this case's procedure (an extra or theme meeting is not)
        return m
    return None


# Meetings with others than a political body: the housing associations' steering dialogue, citizens, workshops, the
# staff's MED committees.
_NOT_A_BODY = re.compile(r"\b(?:på|til) (?:\w+ ){0,2}(?:styringsdialogmøde\w*|dialogmøde\w*|borgermøde\w*|workshops?)\b"
                         # the staff's co-operation committees: "… skal fremlægges for HovedMED til information og drøftelse"
                         r"|\b(?:for|til|i) (?:\w+ ){0,2}(?:Hoved-?MED|[\w\-]*MED-udvalg\w*)\b"
                         # a school, its pupils, parents or the citizens: "… delelementer præsenteres for skolen i 2022"
                         r"|\b(?:præsenteres|fremlægges|forelægges) for (?:\w+ )?(?:skolen|skolerne|eleverne|forældrene|"
                         r"borgerne|foreningerne|institutionerne)\b"
                         # the region's bodies, whose timetable a case may quote: "Den 25. september 2023 – Møde i
                         # Sundhedssamarbejdsudvalget: …", "Den 18. december 2023: Sundhedssamarbejdsudvalget drøfter en plan"
                         r"|\b(?:Sundhedssamarbejdsudvalg\w*|Regionsråd(?:et|ets)?|Praksisplanudvalg\w*)\b",
                         re.I)


def _this_month(time: str, meeting_date: str) -> bool:
    """Whether a time without a day is the meeting's own month ("i august 2023", said on 28 August 2023): a meeting
    then is this one or one already held in the same cycle, not a time to come."""
    if re.search(r"\d{1,2}\.\s|\d{1,2}/|\b(?:primo|medio|ultimo|slutningen|udgangen)\b", time, re.I) \
            or meeting_date[8:10] < "15":
        return False  # a day named, the month's end ("ultimo november"), or early in the month: a later meeting may come
    when = deadline_date(time, meeting_date)
    return when is not None and when.strftime("%Y-%m") == meeting_date[:7]


def _month_name(meeting_date: str) -> str:
    try:
        return MONTHS[int(meeting_date[5:7]) - 1]
    except (ValueError, IndexError):
        return "(?!)"


# A body kept informed, periodically or once more, as promised or proposed ("Administrationen vil løbende holde
# udvalget orienteret", "Det foreslås endvidere, at der afrapporteres løbende på implementeringen i udvalget",
# "- At udvalget orienteres én gang årligt om …", "Relevante fagudvalg vil blive orienteret yderligere herom",
# "… vil Byrådet blive orienteret"). Not a practice described ("…, hvorfor Byrådet løbende orienteres", "Udvalget
# orienteres årligt om …": this is that orientation), nor others informed ("vil orientere Ankestyrelsen").
# A periodic report as a noun: "en halvårlig status", "en årlig afrapportering", "en kvartalsvis orientering".
_PERIODIC_REPORT = (r"(?:halvårlig|årlig|kvartalsvis|månedlig)e? (?:status|orientering|afrapportering|opfølgning|"
                    r"redegørelse|statussag|orienteringssag)\b")
_INFORMED_FORMS = [
    # periodic: a frequency, an orienting or presenting verb, said as a commitment or proposal
    # ("- at der afrapporteres én gang årligt på …", "… løbende præsentere handleplaner for udvalget", "at udvalget
    # træffer beslutning om, at sagen fremover forelægges én gang om året")
    (r"\b(?:løbende|ugentligt|månedligt|kvartalsvis|halvårligt|årligt|igen|(?:én|en|to|tre|fire) gange? (?:om året|årligt)"
     r"|hvert (?:halve|½) år|hvert kvartal|hver måned|hver (?:vinter|sommer)|hvert (?:forår|efterår)"
     # "… forelægges på de samme møder, som udvalget behandler Budgetopfølgning 1, 2 og 3"
     r"|på de (?:samme )?møder)(?!\w)",
     r"\b(?:orienteres|orientere|orienteret|afrapporteres|afrapportere|præsenteres for|præsentere|fremlægge|forelægge|"
     r"forelægges|fremlægges)\b",
     r"\b(?:vil|skal)\b|\bforeslås\b|^(?:-|\d{1,2}[.)]|[a-z][.)])?\s*(?:[Aa]t|[Gg]odkender,? at|[Bb]eslutter,? at)\b"),
    # once more, later, the body named as the one informed: "Relevante fagudvalg vil blive orienteret", "vil Byrådet
    # blive orienteret", "vil orientere udvalget om sagens udfald"
    (None, rf"{_BODY_NAMED} (?:\w+ ){{0,2}}(?:vil|skal) (?:\w+ ){{0,6}}blive (?:holdt )?orienteret\b"
           rf"|\b(?:vil|skal) {_BODY_NAMED} (?:\w+ ){{0,2}}blive (?:holdt )?orienteret\b"
           rf"|\b(?:vil|skal) (?:\w+ ){{0,3}}(?:orientere|holde) {_BODY_NAMED}"
           # "Opfølgningen på de ønskede effekter vil tilgå Plan- og Tryghedsudvalget, gennem løbende orienteringspunkter"
           rf"|\b(?:vil|skal) (?:\w+ ){{0,2}}tilgå (?:\S+ ){{0,3}}?{_BODY_NAMED}", None),
    # informed all through the process to come, the body named first: "Økonomiudvalget og Byrådet orienteres løbende
    # igennem processen" (not a practice: "…, hvorfor Byrådet løbende orienteres")
    (None, rf"^(?:[\w\-]+,? ){{0,5}}?{_BODY_NAMED} (?:\w+ ){{0,2}}orienteres løbende (?:igennem|gennem|i|under) "
           r"(?:hele )?(?:processen|forløbet|arbejdet|projektet)\b", None),
    # informed in a periodic report to come, named with its article: "Udvalget orienteres i en halvårlig status om …"
    # (not "Udvalget orienteres årligt om …", this orientation described)
    (None, rf"\borienteres (?:\w+ ){{0,2}}(?:i|via|gennem|med) (?:en|et) {_PERIODIC_REPORT}", None),
]
_INFORMED = [(re.compile(a, re.I) if a else None, re.compile(b, re.I), re.compile(c) if c else None)
             for a, b, c in _INFORMED_FORMS]


def _kept_informed(text: str) -> bool:
    """Whether the sentence promises or proposes that a body is kept informed (see `_INFORMED_FORMS`)."""
    for freq, verb, commit in _INFORMED:
        v = verb.search(text)
        if v is None or (freq is not None and not freq.search(text)) or (commit is not None and not commit.search(text)):
            continue
        if re.search(_BODY_NAMED, text, re.I) or re.match(r"(?:fremlægge|forelægge|afrapporte)", v.group(0), re.I):
            return True
    return False


# A timetable's line naming a case, a status or a presentation to come, with a time after this cycle ("Sag om nyt
# kommissorium - beslutning efter høring | Økonomiudvalget | 28. februar 2024", "Ultimo 2023: Forventes fremlæggelse
# af sag", "- Midtvejsstatus til Plan- og Tryghedsudvalgets møde 19. marts 2024"); not this meeting's or this
# cycle's line ("14. august 2023 | … behandler sag …"), nor the administration's own work ("Administrationen behandler …").
_TIMETABLE_LINE = re.compile(r"^(?:- )?(?:[\w\-]+ )?(?:Sag|Statussag|Midtvejsstatus|Status|Opfølgning)\b"
                             r"|:\s*(?:Sag|Forventes fremlæggelse|Fremlæggelse|Forelæggelse|Status|Midtvejsstatus|"
                             r"Der (?:fremlægges|forelægges))\b"
                             # "Okt. 2022 Udbudsmateriale fremlægges til politisk beslutning"
                             r"|\b(?:fremlægges|forelægges) til (?:politisk|endelig) (?:behandling|beslutning|godkendelse|"
                             r"vedtagelse)\b"
                             # a body's step: "Januar 2023: Social- og Handicapudvalget godkender Social- og Handicappolitikken"
                             rf"|:\s*(?:[\w\-]+,? ){{0,4}}?{_BODY_NAMED} (?:godkender|behandler|beslutter|vedtager|drøfter|"
                             r"orienteres|forelægges)\b")


def _timetable_promise(text: str, section: str | None, meeting_date: str | None) -> bool:
    if not meeting_date or not (" | " in text or re.match(r"tidsplan", section or "", re.I)) \
            or not _TIMETABLE_LINE.search(text) or _NOT_A_BODY.search(text):
        return False  # (another's timetable quoted: the region's Sundhedssamarbejdsudvalg "drøfter en plan")
    when = [d for d in (deadline_date(t, meeting_date) for t in _times(text)) if d is not None]
    try:
        return bool(when) and (max(when) - date.fromisoformat(meeting_date)).days > ROUTING_DAYS
    except ValueError:
        return False


# In the body's own decision: a budget proposal to be prepared ("… med bemærkning om, at der skal udarbejdes et
# budgetforslag …", "Udvalget anbefaler at der udarbejdes et udvidelsesforslag"; not the question put to the body now,
# "1. beslutter, om der skal udarbejdes et bruttoanlægsforslag …"), or a presentation to the committees made a
# condition ("…, idet der i fagudvalgene fremlægges eksempler på …").
_DECIDED_LATER = re.compile(r"^(?!.*\bikke\b)(?!.*\b(?:om|hvorvidt) der\b[^.;]{0,60}?\bskal udarbejdes\b)"
                            r".*\b(?:udarbejdes|udarbejder) (?:(?:et|en) )?(?:\w+ )?"
                            r"(?:budgetforslag|udvidelsesforslag|\w*anlægsforslag)\b"
                            # a request sent on to the budget talks (not a rule for all later ones: "fremtidige
                            # budgetspørgsmål oversendes …")
                            r"|^(?!.*\bikke\b).*\b(?:henvendelsen|forslaget|ønsket|anmodningen|ansøgningen)\b[^.;]{0,40}"
                            r"\boversendes til budgetforhandlingerne\b"
                            # a point: the administration presents a proposal or a case ("- direktionen fremlægger et
                            # forslag til Budget 2025-28 indenfor de beskrevne rammer", "3. direktionen fremlægger …")
                            r"|^(?:[-–•]\s*|\d{1,2}[.)]\s*)?(?:at )?(?:administrationen|forvaltningen|direktionen) (?:\S+ ){0,3}?"
                            r"(?:fremlægger|forelægger) (?:et|en) (?:\w+ )?(?:\w*forslag|\w*sag|oplæg|\w*plan|analyse)\b"
                            # the body's own task for the administration, after what it decides now ("… anbefaler, at de
                            # potentielle byggemuligheder ikke tælles med …, men at administrationen i stedet fremlægger
                            # betydningen for befolkningsprognosen ved igangsættelse af en ny lokalplan")
                            r"|,? (?:men|og) at (?:administrationen|forvaltningen|direktionen) (?:\S+ ){0,3}?"
                            r"(?:fremlægger|forelægger)\b"
                            # a matter (not this case) to come for political treatment ("at forslaget til motorikprojekt
                            # fremlægges til politisk behandling i de relevante fagudvalg, Økonomiudvalget og Byrådet …")
                            r"|^(?!.*\b(?:sagen|indstillingen|punktet)\b).*\b(?:fremlægges|forelægges) til politisk "
                            r"(?:behandling|beslutning|godkendelse)\b"
                            # the administration's task, brought to the body for its information ("Administrationen
                            # fremfinder senest eksisterende oversigt til orientering for udvalget")
                            r"|^(?:administrationen|forvaltningen) (?!har\b|havde\b|er\b|var\b)\w+er\b[^.;]{0,80}?"
                            r"\btil orientering (?:for|til) (?:\S+ ){0,3}?(?:udvalget|byrådet|\w+udvalget)\b"
                            # what the administration is to prepare for a body's later approval ("at administrationen skal
                            # udarbejde konkrete retningslinjer for …, som skal godkendes af Kultur- og Fritidsudvalget")
                            r"|\b(?:som|der) skal (?:godkendes|vedtages) (?:af|i) (?:\S+ ){0,3}?(?:udvalget|byrådet|\w+udvalget)\b"
                            r"|\b(?:idet|bemærkning om,? at)\b(?=[^.;]*\b(?:fremlægges|forelægges|præsenteres)\b)"
                            r"(?=[^.;]*\b(?:i|for) (?:de )?(?:fagudvalgene|udvalgene|(?!økonomi)\w*udvalget)\b)", re.I)


# The administration's recommendation told in the description: "Derfor anbefales det, at der i budgetforslag 2024-27
# udarbejdes et bruttoanlægsforslag til …" (not "kan det besluttes": a possibility).
_RECOMMENDED_IN_TEXT = re.compile(r"\banbefales det,? at\b", re.I)


def _told_before(text: str, in_decision: bool = False) -> bool:
    """Whether the sentence reports what was asked, decided or promised before ("… har bedt …"), not
    what is to be once something is decided ("Når finansiering er besluttet, skal der fremlægges …")."""
    found = list(_BEFORE.finditer(text))
    if not in_decision:
        found += list(_BEFORE_OUTSIDE_DECISION.finditer(text))
    # "… de budgetanalyser, som blev besluttet på Byrådets møde den 23. maj 2022 og som vil blive fremlagt …": a relative
    # clause naming the matter by its past says nothing about whether the sentence reports or announces
    return any(not re.search(r"\b(?:når|hvis|såfremt|indtil|efter at)\b", text[: m.start()], re.I)
               and not re.search(r"\bsom\s+$", text[: m.start()], re.I) for m in found)


def meeting_system_promise(text: str, section: str | None = None, meeting_date: str | None = None) -> str | None:
    """Why a sentence of a meeting system's minutes promises later action ("request", "presentation"), or None."""
    in_decision = is_decision_section(section)
    if is_history(section) or _told_before(text, in_decision) or _STANDING.search(text):
        return None
    if not in_decision and _PAST_IN_TEXT.search(text):
        return None
    if _request(text, in_decision, bool(section) and bool(re.match(r"indstilling", section.strip(), re.I))):
        return "request"
    if _kept_informed(text):
        return "informed"
    in_recommendation = bool(section) and bool(re.match(r"indstilling", section.strip(), re.I))
    if _timetable_promise(text, section, meeting_date) or (
            (in_decision or in_recommendation or _RECOMMENDED_IN_TEXT.search(text)) and _DECIDED_LATER.search(text)
            and not _PARTY_VOICE.search(text)):  # not "(A) støttede, at …"
        return "presentation"
    if _presentation(text, meeting_date) or (in_decision and _RESUMED_LATER.search(text)):
        return "presentation"
    return None


def _quoted_tail(text: str) -> bool:
    """Whether the sentence ends a quotation opened in an earlier sentence (one closing quote, none opening it)."""
    return text.rstrip().endswith(("”", '"')) and (text.count("”") + text.count('"') + text.count("“")) % 2 == 1


# A recommendation's point that puts a question to the body ("- at det besluttes, om der til budgetprocessen skal
# udarbejdes et udvidelsesforslag …"): the body's answer is in its decision. (Not a case to come where a stance is to be
# taken: "Der forelægges en sag i efteråret, hvor der kan tages stilling til, hvorvidt …".)
# ("2. at udvalget beslutter, om sagen skal rejses til Økonomiudvalget og Byrådet …": the body's choice, as
# "beslutter om restmidler …" is in the tuning labels)
_PUT_TO_THE_BODY = re.compile(r"\b(?:det besluttes|(?:udvalget|byrådet|\w+udvalget) beslutter),? (?:om|hvorvidt)\b",
                              re.I)
# (example, form): a decision rejecting points of the recommendation by their numbers; a promise read from such a point
# is none ("2. Anbefales ikke.", "1.-2. Ikke godkendt", "Punkt 3 blev forkastet", "2. Udvalget ønsker ikke …").
REJECTED_POINT_FORMS: list[tuple[str, str]] = [
    ("2. Anbefales ikke. / 1.-2. Ikke godkendt",
     r"(?:^|(?<=[\s.;]))(?P<first>\d{1,2})\.(?:\s*[-–]\s*(?P<last>\d{1,2})\.)?\s*(?:blev |er )?"),
    ("Punkt 3 blev forkastet, Indstillingens punkt 2-3 anbefales ikke",
     r"\b[Pp]unkt(?:erne)? (?P<first>\d{1,2})(?:\s*[-–]\s*(?P<last>\d{1,2}))?,? (?:blev |er )?"),
]
_REJECTED = (r"(?:anbefales ikke|ikke anbefalet|ikke godkendt|godkendes ikke|forkastet|forkastes"
             # the body saying it itself: "2. Udvalget ønsker ikke …", "3. Byrådet kan ikke godkende …"
             r"|(?:(?:udvalget|byrådet|[\wæøå-]+udvalget)\s+)?(?:ønsker ikke|kan ikke (?:anbefale|godkende)|afviser))\b")
_REJECTED_POINTS = [re.compile(form + _REJECTED, re.I) for _, form in REJECTED_POINT_FORMS]


def rejected_points(decision: str) -> set[int]:
    """The numbers of the recommendation's points a decision rejects or does not recommend ("1. Anbefales at …
    2. Anbefales ikke. 3. Anbefales." → {2})."""
    return {n for form in _REJECTED_POINTS for m in form.finditer(decision)
            for n in range(int(m["first"]), int(m["last"] or m["first"]) + 1)}


_CONDITION_FIRST = re.compile(r"^(?:Hvis|Såfremt|Skulle|Dersom|If|Should)\b")
# "Hvis …, " / "Såfremt …, ": up to the comma before the main clause's verb ("…, vender", "…, vil", "…, forelægges").
_CONDITIONAL_LEAD = re.compile(r"^(?:Hvis|Såfremt|Dersom)\b[^.;]*?(?:,\s+(?:så\s+)?(?=(?:vil|skal|må|vender|forelægges|fremlægges|"
                               r"fremlægger|forelægger|kommer|bliver)\b)"
                               # no comma: "Hvis I/S Hedeland fremsender ønsker … vil Byrådet blive orienteret"
                               rf"|\s(?=vil {_BODY_NAMED} blive orienteret\b))", re.I)


def is_promise(text: str, section: str | None = None, meeting_date: str | None = None,
               meeting_system: bool = False) -> bool:
    """Whether a sentence promises later action (see the module docstring for what does not).

    `section` (the field or heading it is under) and `meeting_date` are used where known: nothing in
    the case's history is a promise, and a time to come that has passed at the meeting is none.
    `meeting_system`: the sentence is a meeting system's field text (no speakers, no debate): only the
    record's own voice counts, and only what comes back to a body (`_MEETING_SYSTEM_TRIGGER`), not
    what the administration or others are to do ("Kommunen skal udarbejde …", "… fremsendes til …")."""
    text = text.strip().lstrip("•-–*”\"» ").strip()
    if not text or text.endswith("?") or is_history(section):
        return False
    if meeting_system and _quoted_tail(text):
        return False  # the end of a quotation from an earlier paper ("Det foreslås, at sagen fremlægges … 2022.”")
    if meeting_system and _PUT_TO_THE_BODY.search(text):
        return False  # a question the body is to answer ("- at det besluttes, om der … skal udarbejdes et udvidelsesforslag")
    if meeting_system:
        # "Hvis det besluttes, at …, vender administrationen tilbage med …": a conditional promise is a
        # promise in the meeting systems' minutes (the Greve labels count them); its main clause decides
        lead = _CONDITIONAL_LEAD.match(text)
        if lead:
            text = text[lead.end():]
    if _NOTED_FOR_AGENDA.search(text) and not text.startswith(("Hvis", "Såfremt")):
        return True
    why = meeting_system_promise(text, section, meeting_date)
    if meeting_system and why in ("request", "informed") and not _CONDITION_FIRST.match(text):
        return True  # a body's request or its being kept informed, periodic ones too ("… hvert ½ år", "løbende")
    if _NOT_PROMISE.search(text) and not (meeting_system and why == "presentation" and _only_ongoing(text)):
        return False
    if why:
        return True
    if meeting_system:
        in_decision = is_decision_section(section)
        if _told_before(text, in_decision) or _THIS_CASE.search(text) or (not in_decision and _PAST_IN_TEXT.search(text)):
            return False
        times = _times(_EFFECTIVE_FROM.sub(" ", text)) if meeting_date else []
        if times and all(_is_past(t, meeting_date) or _this_month(t, meeting_date) for t in times):
            return False  # "Fagudvalgene vil få mødekalenderen forelagt på udvalgenes møder i august 2023", said 28 August
        return any(not _HEDGE_BEFORE.search(text[: m.end()]) for m in _MEETING_SYSTEM_TRIGGER.finditer(text))
    for m in _TRIGGER.finditer(text):
        debate = any(v for k, v in m.groupdict().items() if k.startswith("who"))
        if _HEDGE_BEFORE.search(text[: m.end()]) or (
                debate and (_REFUSAL.search(m.group(0)) or _OTHERS_CLAUSE.search(m.group(0))
                            or _SPEECH.search(m.group(0)))):
            continue  # a wish, question or condition, a refusal ("vi vil ikke …"), or speech
        return True
    return False


# --- who, what, when ---------------------------------------------------------

_ACTORS = re.compile(
    r"\b(?P<actor>(?:[A-ZÆØÅ]\w+)?[Ff]orvaltningen|[Aa]dministrationen|[Ss]ekretariatet(?: for \w+)?|"
    # a committee by its whole name: "Skole-, Børne- og Ungeudvalget", not "Ungeudvalget"
    r"[Mm]inisteriet|[Rr]egeringen|[Mm]inisteren|KL|(?:[A-ZÆØÅ]\w*-,?\s(?:[A-ZÆØÅ]\w*-,?\s)*og\s)?[A-ZÆØÅ]\w*udvalget|"
    r"[Bb]orgmesteren|[Dd]irektionen|"
    r"[Cc]enter for [A-ZÆØÅ]\w+(?:, [A-ZÆØÅ]\w+)*(?: (?:[a-zæøå]+|&) [A-ZÆØÅ]\w+)?)\b"
)
_RECEIVED = re.compile(r"\bfår? forelagt\b|\b(?:vil|skal) (?:\w+ )?(?:blive )?forelagt\b|\bforelægges\b|\bfremsendes\b|\brevideres\b")
_REPORTED = re.compile(
    r"^(?P<who>[A-ZÆØÅ][\w\-]+(?: [A-ZÆØÅ][\w\-]+){0,3}) (?:svarer|svarede|siger|sagde|oplyser|oplyste|"
    r"fortæller|fortalte|lover|lovede|tilføjer|tilføjede|forklarer|forklarede|supplerer|bemærker|nævner)"
    r"(?: \w+)?,? at (?P<what>.+)$"
)
# More deadlines as written, (example, form): the budget round or status a matter comes back with, a month's meetings,
# a timetable line's time, "as soon as possible", a step on the way.
DEADLINE_FORMS: list[tuple[str, str]] = [
    # a proposal to a year's budget ("et bruttoanlægsforslag til budget 2023 – 2026"): due when that budget is adopted
    ("til budget 2023 – 2026, i budgetforslaget 2024", r"\b(?:til|i) budget(?:forslag(?:et)?)? \d{4}(?:\s?[-–]\s?\d{2,4})?\b"),
    ("i forbindelse med budgetopfølgning 3 / ifm. budget 2024-2027 / budgetforhandlingerne til 2024-27 / halvårsstatus maj 2023",
     rf"\b(?:i forbindelse med|ifm\.?) (?:\w+ ){{0,2}}?(?:budgetopfølgning\w*(?: \d)?|budget \d{{4}}(?:-\d{{2,4}})?|"
     rf"budgetforhandling\w*(?: til \d{{4}}-\d{{2,4}})?|budgetproces\w*(?: \d{{4}}-\d{{2,4}})?|"
     rf"halvårsstatus(?: (?:\w+ )?{_MONTHS}(?: \d{{4}})?)?|den kommende sag|afrapportering\w*|beslutningssager|byggesag\w*)"),
    ("ved behandling af budgetopfølgning 3, ved næste politiske behandling, til budgetforhandlingerne",
     r"\bved (?:behandling(?:en)? af )?budgetopfølgning\w*(?: \d)?|\bved (?:den )?næste (?:politiske )?behandling\b"
     r"|\btil budgetforhandlingerne\b"),
    ("frem mod næste års budgetproces, frem mod budget 2023-2026",
     r"\bfrem mod (?:\w+ ){0,3}?(?:budgetproces\w*|budgetforhandling\w*|budget[\w-]*møde\w*|budget \d{4}(?:-\d{2,4})?)"),
    ("i en kommende sag i fagudvalget, i de kommende sager, i næstkommende sag",
     r"\bi (?:en |den |de )?(?:næst)?kommende sag(?:er)?\b(?: i \w*udvalget)?"),
    ("i første del af 2024", r"\bi (?:første|anden|sidste) (?:del|halvdel) af \d{4}\b"),
    ("(der vil) senere (blive fremlagt)", r"(?<=\bvil )senere\b"),
    ("6. februar 2024, møde 19. marts 2024 (a timetable's cell)", rf"(?<!pr\. )(?<!per )(?<!den )\b\d{{1,2}}\. ?{_MONTHS} \d{{4}}\b"),
    ("Jan/feb 2024", r"\b(?:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\w*/\w+ \d{4}\b"),
    ("på september møderne / på september-mødet", rf"\bpå (?:\w+ )?{_MONTHS}[- ]?møde(?:t|rne)?\b"),
    ("inden for de næste par år", r"\binden for de (?:næste|kommende) (?:\w+ )?(?:år|måneder|uger)\b"),
    ("på et senere tidspunkt", r"\bpå et senere tidspunkt\b"),
    ("(fremlægges) sommeren 2023", r"\b(?:foråret|efteråret|sommeren|vinteren) \d{4}\b"),
    ("hurtigst muligt", r"\bhurtigst muligt\b"),
    ("inden årsskiftet / i god tid inden næste vintersæson", r"\b(?:i god tid )?(?:inden|før) (?:årsskiftet|næste \w+)\b"),
    ("Efter revisionens gennemgang", r"\befter (?:\w+s )?(?:gennemgang|høringsperioden|høringen)\b"),
    ("februar/marts 2023, august/september 2023", rf"\b{_MONTHS}/{_MONTHS} \d{{4}}\b"),
    # a timetable line's time: "Efterår 2023: Der fremlægges …", "April 2023 – KTMU forelægges …", "2024: …"
    ("Efterår 2023: / April 2023 – / 2024:",
     rf"^(?:(?:{_MONTHS}|forår|sommer|efterår|vinter)\w* )?\d{{4}}(?=\s*[:–-])"),
]
_DEADLINE = re.compile(
    r"\b(?:inden|før) (?:sommerferien|jul(?:en)?|påske(?:n)?|årets udgang|nytår|udgangen af (?:(?:det|dette|næste|indeværende) år|\w+(?: \d{4})?)|"
    rf"den \d{{1,2}}\. ?{_MONTHS}(?: \d{{4}})?|{_MONTHS}(?: \d{{4}})?|"
    r"(?:vi når til )?(?:anden|tredje)(?: og tredje)? ?behandling(?:en)?)"
    r"|\bi (?:løbet af )?(?:\d\.|første|andet|anden|tredje|fjerde) (?:kvartal|halvår)(?: af)?(?: \d{4})?"
    # a committee's meeting named in full: "på kommende Kultur- og Fritidsudvalgsmøde"
    r"|\b(?:på|til) (?:\w+s )?(?:det |et )?(?:næste|kommende|førstkommende) (?:(?:\w+-, )*\w+- og \w*møde|(?:ordinære |ekstraordinære )?\w*møde|dialogforum|\w+)"
    # … and the body whose meeting it is: "på førstkommende møde i Økonomiudvalget"
    r"(?: i (?:\w+-,? )*(?:\w+- og )?\w*(?:udvalget|[Bb]yrådet|[Kk]ommunalbestyrelsen))?"
    r"|\bi (?:næste|den kommende) (?:uge|måned|samling)|\bi forbindelse med finansloven"
    rf"|\b(?:på mødet )?(?:den|d\.) \d{{1,2}}\.? ?{_MONTHS}(?: \d{{4}})?"  # "d. 17 november 2022": "den", no point
    r"|\b(?:på mødet )?den \d{1,2}/\d{1,2}(?:[-/]\d{2,4})?"
    r"|\befter (?:sommerferien|jul(?:en)?|påske(?:n)?|nytår)(?: \d{4})?"
    r"|\b(?:i )?(?:starten|slutningen|begyndelsen) af det nye år|\bomkring årsskiftet"
    rf"|\btil {_MONTHS}(?: eller {_MONTHS})?(?: \d{{4}})?|\b{_MONTHS} (?:og|eller) {_MONTHS} \d{{4}}"
    rf"|\b(?:i )?(?:starten|slutningen|begyndelsen|udgangen) af (?:{_MONTHS}(?: \d{{4}})?|\d{{4}})"
    rf"|\b(?:primo|medio|ultimo) (?:{_MONTHS}(?: \d{{4}})?|\d{{4}})"
    r"|\bi (?:løbet af )?(?:19|20)\d\d\b|\bom (?:et|en|to|tre|fire|seks|\d+) (?:halvt )?(?:år|måned|måneder|uger)\b"
    rf"|\bi (?:henholdsvis )?{_MONTHS}(?: \d{{4}})?(?: (?:og|eller) {_MONTHS})?(?: måned)?(?: \d{{4}})?"  # "i oktober eller november 2022",
    # "i henholdsvis oktober 2022 og januar 2023": the later
    rf"|\b(?:senest|inden) (?:den )?\d{{1,2}}\. ?{_MONTHS}(?: \d{{4}})?"  # "… tiltagslisten inden 15. juni 2023"
    # (not "the latest": "fremfinder senest eksisterende oversigt", "den senest opdaterede prognose")
    r"|\bved udgangen af (?:\d{4}|året)|\bsenest (?!\w*(?:ende|ede)\b)[^\s,;]+(?: [^\s,;.]+)?"
    r"|\btil efteråret(?: \d{4})?|\b(?:her )?i (?:løbet af )?(?:foråret|efteråret|sommer(?:en)?|vinter(?:en)?)(?: \d{4})?"
    r"|\binden for \w+ (?:uger|måneder|dage)"
    # a timetable line's month, abbreviated: "Okt. 2022 Udbudsmateriale fremlægges til politisk beslutning"
    r"|^(?:[-–•]\s*)?(?:jan|feb|mar|apr|maj|jun|jul|aug|sept?|okt|nov|dec)\.\s+\d{4}\b"
    # before the budget talks: "… temamøde om analyserne når disse er færdige … inden den egentlige budgetforhandling"
    r"|\b(?:inden|før) (?:den |de )?(?:egentlige )?budgetforhandling(?:en|erne)?\b"
    # an extra meeting asked for: "… ønsker et ekstraordinært møde om …"
    r"|\b(?:på |til )?et ekstraordinært (?:\w+)?møde\b(?! (?:den|d\.) \d)"  # (with a day named, the day)
    r"|\bby (?:the )?(?:next meeting|end of \w+)"
    + "".join(f"|(?:{form})" for _, form in DEADLINE_FORMS),
    re.I,
)


# A return with no date, for a promise that names no time: how often ("én gang årligt", "hvert
# kvartal", "løbende") or the budget round it comes back in.
_RECURRING = re.compile(
    r"\b(?:(?:én|en|to|tre|fire) gange? (?:årligt|om året|halvårligt|i kvartalet|om måneden)"
    r"|hvert (?:kvartal|år|halve år|halvår)|halvårlig[te]?|årligt|kvartalsvis|månedligt|ugentligt|løbende)\b"
    r"|\bfrem mod budget-?forhandlingerne|\bi den kommende budgetproces",
    re.I,
)


def _within(deadline: str, meeting_date: str, days: int) -> bool:
    """Whether a deadline as written falls within `days` of the meeting (False where it cannot be told)."""
    when = deadline_date(deadline, meeting_date)
    try:
        return when is not None and (when - date.fromisoformat(meeting_date)).days <= days
    except ValueError:
        return False


def _is_past(deadline: str, meeting_date: str) -> bool:
    """Whether a deadline as written had passed on the meeting's date (the meeting's own day is no time to come:
    "… i en særskilt sag på dagsordenen på udvalgets møde den 14. november 2023", said that day)."""
    when = deadline_date(deadline, meeting_date)
    try:
        return when is not None and when <= date.fromisoformat(meeting_date)
    except ValueError:
        return False


# A condition for when the matter comes back, where no time is named ("… vender tilbage med en indstilling
# når der skal frigives rådighedsbeløb"): the deadline as written is the condition.
_WHEN = re.compile(r"(?:,\s*|\s|^)(?P<when>(?:[Nn]år|i takt med,? at) (?!vi\b|jeg\b)"
                   # a comma of a list goes on: "når de økonomiske, planmæssige og juridiske forhold er afklaret"
                   # a number's thousands point goes on: "ved 10.000 meddelte opholdstilladelser"
                   r"(?:[^,.;]|(?<=\d)\.(?=\d)|,(?= \w+(?:,| og\b| eller\b))){6,120})")


# (example, form): times that are no deadline, whatever the sentence promises: the days an event lasts (a forum, a
# conference) is when it happens, not when anything comes back.
NOT_DEADLINE_FORMS: list[tuple[str, str]] = [
    ("i dagene 11.-12. maj 2023", rf"\bi dagene (?:\d{{1,2}}\.?\s?(?:[-–]|og|til)\s?)?\d{{1,2}}\.\s?{_MONTHS}(?: \d{{4}})?"),
    ("11.-12. maj 2023 (a span of days)", rf"\b\d{{1,2}}\.\s?[-–]\s?\d{{1,2}}\.\s?{_MONTHS}(?: \d{{4}})?"),
    # the year money is for, not when a matter comes back ("en prioritering af udvalgets midler i 2024")
    ("udvalgets midler i 2024", r"\b(?:midler(?:ne)?|udgift(?:en|erne)?|bevilling(?:en)?|rammen)\s+(?:for|i)\s+20\d\d\b"),
]
_NOT_DEADLINE = re.compile("|".join(f"(?:{form})" for _, form in NOT_DEADLINE_FORMS), re.I)
# A list's mark before the sentence ("- September 2022: …") is not part of it: a timetable line's time still heads it.
_LIST_MARK = re.compile(r"^[\s•\-–*·]+")


def deadline_of(text: str, meeting_date: str | None = None) -> str | None:
    """The deadline a promise states, as written ("på næste møde", "ultimo oktober 2015", "når der skal
    frigives rådighedsbeløb"); given the meeting's date, a time that had passed by then is no deadline
    ("i 2021", said in 2022), nor is a time of `NOT_DEADLINE_FORMS`."""
    text = _NOT_DEADLINE.sub(lambda m: " " * len(m.group(0)), _LIST_MARK.sub("", text))
    found = _with_alternative(text, _deadline_of(text))
    if found is None:
        trigger = _TRIGGER.search(text) or _MEETING_SYSTEM_TRIGGER.search(text)
        when = _WHEN.search(text, trigger.start()) if trigger else None
        # else, for a matter presented later, a condition anywhere ("Når der kommer en mere konkret udmøntning af aftalen,
        # vil der blive fremlagt …"); not for a record's own trigger, whose condition before it the sample archive's
        # labels leave out ("Når udfaldet af budgetforhandlingerne … er kendt …, vil Socialforvaltningen udarbejde …")
        when = when or (_WHEN.search(text) if _PRESENTED_AT.search(text) else None)
        return when.group("when").strip() if when else None
    if found and meeting_date and _is_past(found, meeting_date):
        later = [m.group(0).strip() for m in _DEADLINE.finditer(text)
                 if not _is_past(m.group(0), meeting_date) and m.group(0).strip() != found]
        return later[0] if later else None
    return found


# A second time offered after a slash: "i maj/juni", "ultimo 2022/primo 2023", "i slutningen af 2022/starten af 2023".
_ALTERNATIVE = re.compile(rf"\s*/\s*(?:(?:i )?(?:primo|medio|ultimo|(?:starten|slutningen|begyndelsen) af) )?"
                          rf"(?:{_MONTHS}(?: \d{{4}})?|\d{{4}})\b", re.I)


def _with_alternative(text: str, found: str | None) -> str | None:
    """The deadline with the second time offered after it, where the text offers one (it is met until that ends)."""
    at = text.find(found) if found else -1
    alternative = _ALTERNATIVE.match(text, at + len(found)) if at >= 0 else None
    return found + alternative.group(0) if alternative else found


# In a meeting system's sentence without a record trigger, the presenting verb marks the promise: its deadline is the
# time nearest it ("I august og september pågår arbejdet med Budgetopfølgning 2, der behandles i Byråd og udvalg i
# oktober": "i oktober"; "På det kommende udvalgsmøde den 14. november fremlægges en sag om indsatser i 2024").
# So does the political treatment to follow ("Dette sker … fra medio november til medio december 2023, med efterfølgende
# politisk behandling i foråret 2024": it comes back in the spring).
_PRESENTED_AT = re.compile(r"\b(?:behandles|fremlægges|forelægges|præsenteres|genoptages|orienteres|fremlagt|forelagt|"
                           r"præsenteret|politisk behandling)\b", re.I)


# A timetable line's own time, before its colon ("November: Klima-, Teknik- og Miljøudvalget forelægges forslag til delmål
# for CO2-reduktionen i 2025, 2030 …"): when the step is, whatever other years the step names.
_TIMETABLE_TIME = re.compile(rf"^\s*(?:(?:primo|medio|ultimo) )?{_MONTHS}(?: \d{{4}})?(?=\s*:)", re.I)


def _deadline_of(text: str) -> str | None:
    timetable = _TIMETABLE_TIME.match(text)
    if timetable:
        return timetable.group(0).strip()
    trigger = _TRIGGER.search(text)
    presented = None if trigger else _PRESENTED_AT.search(text)
    if presented:  # the time nearest the presenting verb, after it or before it in its own clause (no "…, og" between)
        near = min((d for d in _DEADLINE.finditer(text) if d.start() >= presented.end()
                    or not re.search(r",? og\b", text[d.end():presented.start()])), default=None,
                   key=lambda d: presented.start() - d.end() if d.end() <= presented.start() else d.start() - presented.end())
        if near:
            return near.group(0).strip()
    start = trigger.start() if trigger else 0
    # the promise's own clause: from the last comma before the promise on ("… i 2016 og 2017, …,
    # og der vil vi tage det med ind" states no deadline for what is promised)
    clause = text.rfind(",", 0, start) + 1
    m = _DEADLINE.search(text, start) or _DEADLINE.search(text, clause)
    if m is None:  # "til efteråret, når Folketinget åbner, fremsætter": before it, if no ", og" parts them
        before = [d for d in _DEADLINE.finditer(text, 0, start) if ", og " not in text[d.end():start]]
        m = before[-1] if before else None
    if m and text[:m.start()].endswith("fra ") and (to := _RANGE_END.match(text, m.end())):
        m = _DEADLINE.match(text, to.end()) or m  # "fra medio november til medio december 2023": until its end
    m = m or _RECURRING.search(text, clause)  # a dated time first: it is what makes a promise overdue
    return m.group(0).strip() if m else None


_RANGE_END = re.compile(r"\s+til\s+")


def _debate_subject(text: str) -> str | None:
    """The subject of a debate commitment ("vi", "jeg", "SF", "regeringen"), if the sentence has one."""
    for m in _DEBATE.finditer(text):
        if not _HEDGE_BEFORE.search(text[: m.end()]):
            return next((v for k, v in m.groupdict().items() if k.startswith("who") and v), None)
    return None


# In a body's own decision, a remark or a recommendation asking for a case or a proposal is the body's request
# ("1.-2. godkendt med bemærkning om, at der til kommende møde udarbejdes en sag til …", "Anbefales at der udarbejdes et
# udvidelsesforslag …", "Udvalget anbefaler at der udarbejdes …").
_OWN_REMARK = re.compile(rf"(?:^(?P<body>{_BODY_WORD})\b[^.;]{{0,80}}?)?\bbemærkning(?:en)? om\b"
                         r"|^[\d.\-– ]*(?i:anbefales|godkendt|godkendes)\b(?!,? ikke)"
                         rf"|^(?P<body2>{_BODY_WORD}) anbefaler\b"
                         # "Udvalget besluttede under punktet, at der på et kommende møde optages følgende sager …"
                         rf"|^(?P<body3>{_BODY_WORD})\b[^.;]{{0,40}}?\bbesluttede\b(?!,? ikke)")
# A list's intro that says only who asks ("Udvalget ønsker" over "- at få en sag der kan belyse …"): its points are
# that body's requests.
_ASKING_INTRO = re.compile(rf"^(?P<body>{_BODY_WORD})\b[^.;]{{0,40}}?\b(?:ønsker|ønskede|anmoder om|beder om)"
                           r"(?: (?:desuden|endvidere|derudover|også))?\s*:?\s*$")


def requested_by(text: str, section: str | None = None) -> str | None:
    """The body that asks for something to come back ("Udvalget ønsker en sag om …" → "Udvalget")."""
    m = _request(text.strip(), is_decision_section(section))
    body = m.groupdict().get("body") if m else None
    if body is None and is_decision_section(section) and not _PARTY_VOICE.search(text) \
            and (own := _OWN_REMARK.search(text.strip())):
        body = own["body"] or own["body2"] or own["body3"] or "udvalget"  # the meeting's own body (`FollowUp.promiser`)
    return body[:1].upper() + body[1:] if body else None


def asking_intro(text: str) -> str | None:
    """The body a list's intro names as asking, where it says nothing more ("Udvalget ønsker" → "Udvalget")."""
    m = _ASKING_INTRO.match(text.strip())
    return m["body"][:1].upper() + m["body"][1:] if m else None


def who_and_what(text: str, paragraph: Paragraph) -> tuple[str | None, str]:
    """Who promised and what: "Eva svarer, at forvaltningen gerne vil se nærmere på sagen" →
    ("forvaltningen", "forvaltningen gerne vil se nærmere på sagen"); a speaker's own commitment
    ("det vil vi tage op igen", "jeg har bedt ministeriet om at …") → the paragraph's speaker.
    Who is always an actor: a person, a party, an organisation or an administration; never a
    word that opens the sentence ("Derfor", "Det"), nor the body a matter is presented to."""
    who, what = _who_and_what(text, paragraph)
    return (who if _real_actor(who) else None), what


_NOT_ACTORS = frozenset({
    "det", "der", "den", "de", "dette", "denne", "disse", "derfor", "desuden", "derudover", "herudover",
    "endvidere", "samtidig", "endelig", "således", "hermed", "herefter", "dermed", "så", "men", "og", "når",
    "hvis", "som", "her", "man", "alle", "nogle", "flere", "mange", "sagen", "punktet", "indstillingen",
})


def _real_actor(who: str | None) -> bool:
    if not who:
        return False
    words = who.split()
    return words[0].lower() not in _NOT_ACTORS and any(c.isalpha() for c in who)


def _who_and_what(text: str, paragraph: Paragraph) -> tuple[str | None, str]:
    reported = _REPORTED.match(text)
    what = (reported.group("what") if reported else text).rstrip(".")
    subject = None if reported else _debate_subject(what)
    if subject and _FIRST_PERSON.match(subject):
        return paragraph.speaker, what  # None where the record does not say who spoke
    if meeting_system_promise(what, paragraph.heading):  # a request or an announcement: the deliverer, if named
        actor = _GREVE_ACTORS.search(what)
        return (actor.group("actor") if actor else None), what
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
    return subject, what  # a party or the government named as the subject, said by an unknown speaker
