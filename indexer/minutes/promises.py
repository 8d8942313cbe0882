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
"""
from __future__ import annotations

import re

from indexer.records import Paragraph
from indexer.ingest.segment import minutes_speaker

# --- the record's own voice --------------------------------------------------

_MONTHS = r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)"
# Where people return to, as opposed to a matter: "vende tilbage til arbejdsmarkedet / egen bolig".
_PLACES = r"(?:arbejds\w+|arbejdet|egen \w+|uddannelse\w*|skole\w*)"
# What a body is presented with later ("vil blive drøftet", "forventes sendt til Socialudvalget").
_PRESENTED = r"(?:drøftet|behandlet|forelagt|fremlagt|fremsendt|sendt|præsenteret|evalueret|taget op)"
_RECORD_TRIGGERS = [
    # coming back to the matter
    r"\bvender tilbage (?:med|til (?:sagen|udvalget|jer|dig|det|dette|spørgsmålet|emnet))\b",
    # "kan vende tilbage" alone is ability ("kan vende tilbage til arbejdsmarkedet"), not a promise
    rf"\b(?:vil|skal|kommer til at) (?:\w+ )?vende tilbage\b(?! til {_PLACES})",
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
    r"|\b(?:årligt|hvert (?:andet |\w+ )?år|mindst hvert|løbende)\b|\bhvor der (?:\w+ )?følges op\b"
    # demands and recommendations on others ("Kommunerne skal …", "Regeringen skal …")
    r"|^(?:Alle )?(?:[Kk]ommunerne|[Rr]egeringen|[Ss]taten|[Rr]egionerne)\b(?: og \w+)?(?: \w+)? skal\b"
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


def is_promise(text: str) -> bool:
    """Whether a sentence promises later action (see the module docstring for what does not)."""
    text = text.strip().lstrip("•-–*”\"» ").strip()
    if not text or text.endswith("?"):
        return False
    if _NOTED_FOR_AGENDA.search(text) and not text.startswith(("Hvis", "Såfremt")):
        return True
    if _NOT_PROMISE.search(text):
        return False
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
    rf"den \d{{1,2}}\. ?{_MONTHS}(?: \d{{4}})?|{_MONTHS}(?: \d{{4}})?|"
    r"(?:vi når til )?(?:anden|tredje)(?: og tredje)? ?behandling(?:en)?)"
    r"|\bi (?:\d\.|første|andet|tredje|fjerde) kvartal(?: \d{4})?"
    r"|\b(?:på|til) (?:\w+s )?(?:det |et )?(?:næste|kommende) (?:\w*møde|dialogforum|\w+)"
    r"|\bi (?:næste|den kommende) (?:uge|måned|samling)|\bi forbindelse med finansloven"
    rf"|\b(?:på mødet )?den \d{{1,2}}\. ?{_MONTHS}(?: \d{{4}})?"
    r"|\b(?:på mødet )?den \d{1,2}/\d{1,2}(?:[-/]\d{2,4})?"
    r"|\befter (?:sommerferien|jul(?:en)?|påske(?:n)?|nytår)"
    rf"|\b(?:i )?(?:starten|slutningen|begyndelsen|udgangen) af {_MONTHS}(?: \d{{4}})?"
    rf"|\b(?:primo|medio|ultimo) (?:{_MONTHS}(?: \d{{4}})?|\d{{4}})"
    r"|\bi (?:løbet af )?(?:19|20)\d\d\b"
    rf"|\bi {_MONTHS}(?: måned| \d{{4}})?"
    r"|\bved udgangen af (?:\d{4}|året)|\bsenest \S+(?: \S+)?"
    r"|\btil efteråret|\b(?:her )?i (?:foråret|efteråret|sommer|vinter)(?: \d{4})?|\binden for \w+ (?:uger|måneder|dage)"
    r"|\bby (?:the )?(?:next meeting|end of \w+)",
    re.I,
)


def deadline_of(text: str) -> str | None:
    """The deadline a promise states, as written ("på næste møde", "ultimo oktober 2015")."""
    trigger = _TRIGGER.search(text)
    start = trigger.start() if trigger else 0
    # the promise's own clause: from the last comma before the promise on ("… i 2016 og 2017, …,
    # og der vil vi tage det med ind" states no deadline for what is promised)
    clause = text.rfind(",", 0, start) + 1
    m = _DEADLINE.search(text, start) or _DEADLINE.search(text, clause)
    if m is None:  # "til efteråret, når Folketinget åbner, fremsætter": before it, if no ", og" parts them
        before = [d for d in _DEADLINE.finditer(text, 0, start) if ", og " not in text[d.end():start]]
        m = before[-1] if before else None
    return m.group(0).strip() if m else None


def _debate_subject(text: str) -> str | None:
    """The subject of a debate commitment ("vi", "jeg", "SF", "regeringen"), if the sentence has one."""
    for m in _DEBATE.finditer(text):
        if not _HEDGE_BEFORE.search(text[: m.end()]):
            return next((v for k, v in m.groupdict().items() if k.startswith("who") and v), None)
    return None


def who_and_what(text: str, paragraph: Paragraph) -> tuple[str | None, str]:
    """Who promised and what: "Eva svarer, at forvaltningen gerne vil se nærmere på sagen" →
    ("forvaltningen", "forvaltningen gerne vil se nærmere på sagen"); a speaker's own commitment
    ("det vil vi tage op igen", "jeg har bedt ministeriet om at …") → the paragraph's speaker."""
    reported = _REPORTED.match(text)
    what = (reported.group("what") if reported else text).rstrip(".")
    subject = None if reported else _debate_subject(what)
    if subject and _FIRST_PERSON.match(subject):
        return paragraph.speaker, what  # None where the record does not say who spoke
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
