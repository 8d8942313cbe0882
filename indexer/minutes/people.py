"""People in the minutes: records, paragraphs and decisions in; per person the meetings attended and
missed, the votes cast where the record names members or their party, the proposals made ("Forslag fra … om …",
"X fremsatte følgende forslag", "X stiller forslag om …", "budgetforslag fremlagt af X"), and what they
said where the record has speakers, out.

Where each comes from:
* attendance: a meeting system's attendee list (`Record.meeting["attendees"]`: name, role, absent,
  note), else the minutes' own "Til stede:" / "Afbud:" block (`meetings.attendance`); one entry per
  person and meeting (body and date), a meeting's several records read once;
* votes: `Decision.votes`, whose voters are parties ("V") or members ("Mehmet Zeki Dogru (Ø)"); a member's
  named vote is theirs, and a party's vote ("For stemte: (V), (A) …", as Greve's byråd mostly votes) is
  counted for each member of that party at the meeting, kept apart as by party (`party_votes_of`);
* proposals: sentences naming who proposed (`proposals_in`); a party's proposal is the party's, a
  member's the member's ("V, D og Liselott Blixt (UP) stiller forslag …": Liselott Blixt's);
* statements: paragraphs with a `speaker` (parliament sittings, minutes that name speakers).

Names are matched carefully. A party or role suffix ("(V)", "(A) - formand", "(UP-1)") is kept apart as
the party or role, never part of the name; a bare party ("V", "Enhedslisten") is no person. One person's
ways of writing their name are put together (`merge_variants`), where the archive gives no sign they are
two people:
* the same name after case, hyphen vs space and accents (`name_key`): "Hans-Jørgen Kirstein", "hans jørgen
  kirstein";
* the same first and last name, one adding middle names ("Maria Holdt Witthøft", "Maria Witthøft"), when
  the shorter name has no other such match;
* the same first names and a last name of 6 letters or more one letter apart ("Linda Heegaard", "Linda
  Hegaard"), when neither has another such match;
the last two only where their parties agree (or one is unknown) and they never sat at one meeting nor
voted on one decision side by side. The person is shown under the spelling most used, the others kept
as `Person.aliases`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Iterable, Mapping, Sequence

from indexer.minutes import fields
from indexer.minutes.items import sentences
from indexer.minutes.meetings import attendance
from indexer.records import Decision, Paragraph, Record, Vote

# "(A)", "(UP-1)", "(UP1)", "(Ø)", "(SF)", "(KF)", "(ALT)": a party letter or short code, as minutes write them.
_PARTY_CODE = r"[A-ZÆØÅ][A-ZÆØÅa-zæøå]{0,3}(?:-?\d{1,2})?"
_PARTY = re.compile(rf"^{_PARTY_CODE}$")
_SUFFIX = re.compile(r"\s*\((?P<inside>[^()]*)\)\s*(?:[-–,]\s*(?P<after>.*))?$")
_ROLE_AFTER = re.compile(r"\s+[-–]\s+(?P<role>[^-–]+)$")
# Names of parties and groups, not people ("Socialistisk Folkeparti", "Dansk Folkeparti", "Liberal Alliance")
_GROUP = re.compile(r"(?:parti(?:et|erne)?|listen|venstre|socialdemokrat\w*|alternativet|liberal alliance|radikale"
                    r"|nye borgerlige|moderaterne|danmarksdemokraterne|gruppen|medlemmer(?:ne)?|udvalget|byrådet"
                    r"|regeringen|forvaltningen|administrationen)\b", re.I)


def clean_name(text: str | None) -> str:
    """A name as it is compared: NFC, one space between words, no punctuation around it."""
    text = unicodedata.normalize("NFC", text or "")
    return " ".join(text.split()).strip(" .,:;")


@dataclass(frozen=True)
class Name:
    """A person's name as the record writes it, its party or role suffix kept apart."""

    name: str
    party: str | None = None  # "V", "UP-1", as written
    role: str | None = None  # "formand", "Fraværende", a note the suffix holds

    @property
    def is_person(self) -> bool:
        """Whether it names a person: two words or more, not a party ("V", "Enhedslisten", "Det
        Konservative Folkeparti") or a group ("Forligsparterne")."""
        words = self.name.split()
        return len(words) >= 2 and any(ch.islower() for ch in self.name) and not _GROUP.search(self.name)


def split_name(text: str | None) -> Name:
    """"Mehmet Zeki Dogru (Ø)" → Name("Mehmet Zeki Dogru", "Ø"); "Lolan Ottesen (A) - formand" →
    Name("Lolan Ottesen", "A", "formand"); "Mette Jensen (A, formand)" → party "A", role "formand";
    "(F)" → Name("", "F")."""
    text = clean_name(text)
    party = role = None
    m = _SUFFIX.search(text)
    if m:
        parts = [clean_name(p) for p in m.group("inside").split(",") if clean_name(p)]
        if parts and _PARTY.match(parts[0]):
            party, parts = parts[0], parts[1:]
        extra = [p for p in parts + [clean_name(m.group("after"))] if p]
        role = ", ".join(extra) or None
        text = clean_name(text[:m.start()])
    else:
        r = _ROLE_AFTER.search(text)
        if r and len(r.group("role")) <= 40 and r.group("role")[:1].islower():
            role, text = clean_name(r.group("role")), clean_name(text[:r.start()])
    return Name(text, party, role)


_HYPHENS = re.compile(r"[-\u2010\u2011]")


def name_key(text: str | None) -> str:
    """A written name as it is looked up: suffixes aside, case-folded, hyphens as spaces, accents dropped
    ("Hans-Jørgen Kirstein (UP)" → "hans jørgen kirstein"; "Doğru" → "dogru"; ø and æ are letters, kept)."""
    return _folded(split_name(text).name)


def _folded(text: str | None) -> str:
    """Text as names are compared in it: case-folded, hyphens as spaces, accents dropped."""
    folded = unicodedata.normalize("NFKD", _HYPHENS.sub(" ", text or "").casefold())
    return " ".join("".join(ch for ch in folded if not unicodedata.combining(ch)).split())


def same_person(a: str | None, b: str | None) -> bool:
    """Whether two written names are one name (`name_key`): case, hyphens, accents and suffixes aside."""
    x = name_key(a)
    return bool(x) and x == name_key(b)


# --- what a meeting states about its people -------------------------------------------------------
@dataclass(frozen=True)
class Presence:
    """One person at one meeting: present or absent (with the record's note)."""

    name: str
    party: str | None
    present: bool
    body: str | None
    date: str | None
    document: str  # the meeting's record that lists it
    note: str | None = None  # "Afbud", "Fraværende under punkt 24", a role

    def to_json(self) -> dict:
        return asdict(self)


def meeting_attendance(records: Sequence[Record], paragraphs: Mapping[str, Sequence[Paragraph]]) -> list[Presence]:
    """Who was present and absent at one meeting (its records, attachments left out), each person once:
    the meeting system's list where a record has one, else the minutes' "Til stede" / "Afbud" block."""
    own = [r for r in records if not r.attachment_to or r.attachment_to not in {x.path for x in records}]
    own.sort(key=lambda r: (r.meeting is None, (r.doc_type or "") != "referat", r.path))
    for record in own:
        found = _stated(record) if record.meeting else _written(record, paragraphs.get(record.path, ()))
        if found:
            return found
    return []


def _stated(record: Record) -> list[Presence]:
    out: dict[str, Presence] = {}
    for attendee in (record.meeting or {}).get("attendees") or []:
        named = split_name(attendee.get("name"))
        if not named.name:
            continue
        role = attendee.get("role")
        party = named.party or (role if role and _PARTY.match(role) else None)
        note = ", ".join(x for x in (named.role, None if role == party else role, attendee.get("note")) if x) or None
        out.setdefault(named.name, Presence(named.name, party, not attendee.get("absent"), record.body,
                                            record.meeting_date, record.path, note))
    return list(out.values())


def _written(record: Record, paragraphs: Sequence[Paragraph]) -> list[Presence]:
    present, absent = attendance(list(paragraphs))
    out: dict[str, Presence] = {}
    for names, here in ((present, True), (absent, False)):
        for written in names:
            named = split_name(written)
            if named.name and len(named.name.split()) <= 6:
                out.setdefault(named.name, Presence(named.name, named.party, here, record.body, record.meeting_date,
                                                    record.path, named.role))
    return list(out.values())


# --- votes --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CastVote:
    """A vote a member cast, as the decision records it."""

    name: str
    party: str | None
    position: str  # "for", "against", "abstained"
    as_written: str  # the voter as the record names them ("Liselott Blixt (UP-1)")
    decision_id: str
    document: str
    body: str | None
    date: str | None
    item_number: str | None
    item_title: str | None
    case_number: str | None
    outcome: str
    paragraph_id: str
    page: int | None = None
    point: str | None = None
    remark: str | None = None
    # the party as the record names it ("A") where the record gives the party's vote, not the member's:
    # the member's by their party, never their own named vote
    by_party: str | None = None
    proposal_by: str | None = None  # a vote on another proposal than the item's (`Vote.proposal_by`)

    def to_json(self) -> dict:
        return asdict(self)


def votes_cast(decisions: Iterable[Decision]) -> list[CastVote]:
    """Every vote a named member cast (a party's vote names no member and is left out here:
    `party_votes_of` counts it for the party's members)."""
    out = []
    for d in decisions:
        for vote in votes_of(d):
            for voter in vote.voters:
                named = split_name(voter)
                if named.is_person:
                    out.append(CastVote(named.name, named.party, vote.position, clean_name(voter), d.id, d.document,
                                        d.body, d.meeting_date, d.item_number, d.item_title,
                                        getattr(d, "case_number", None), d.outcome, d.paragraph_id, d.page,
                                        vote.point, vote.remark, proposal_by=vote.proposal_by))
    return out



# "For stemte (V) og (A) undtagen Bjarke Abel (A)", "… med undtagelse af Kenneth Jerkel": the members after
# the word did not vote with the rest of the line.
_EXCEPT = re.compile(r"\b(?:undtagen|med undtagelse af)\s+", re.I)


def votes_of(decision: Decision) -> list[Vote]:
    """The decision's votes, a vote line's exception read as one: "For stemte (V) og (A) undtagen Bjarke
    Abel (A)" is a vote of V and A, and none of Bjarke Abel's (his own line, where there is one, says how
    he voted). A line whose exception names no member ("undtagen (Ø)", "undtagen punkt 3") says too
    little of who voted how, and gives no vote."""
    text = decision.text or ""
    if not _EXCEPT.search(text):
        return list(decision.votes)
    read, changed = [], False
    for sentence in fields.field_sentences(text):
        m = _EXCEPT.search(sentence)
        before = sentence[:m.start()].rstrip(" ,") if m else ""
        if m and (fields.vote_of(sentence) is not None or fields.vote_of(before) is not None):
            # (not "… alle bassiner undtagen babybassinet": no vote line)
            excepted = [v for v in fields.voters_of(sentence[m.end():]) if split_name(v).is_person]
            sentence, changed = f"{before}." if excepted else "", True
        read.append(sentence)
    return fields.read_field("\n".join(s for s in read if s)).votes if changed else list(decision.votes)


# A party as a vote names it, by its ballot letter: "A", "SF" (F), "Enhedslisten" (Ø). "UP-1" is one member
# outside the parties, no party.
_PARTY_NAMES = {"enhedslisten": "Ø", "socialistisk folkeparti": "F", "venstre": "V", "socialdemokratiet": "A",
                "det konservative folkeparti": "C", "de konservative": "C", "konservative": "C",
                "dansk folkeparti": "O", "liberal alliance": "I", "nye borgerlige": "D", "radikale venstre": "B",
                "det radikale venstre": "B", "moderaterne": "M", "danmarksdemokraterne": "Æ", "alternativet": "Å"}


def ballot_letter(party: str | None) -> str | None:
    """A party's ballot letter ("(A)", "A", "SF" → "F", "Enhedslisten" → "Ø"); None for a member
    outside the parties ("UP-1") or what is no party."""
    party = clean_name(party).strip("()")
    if party.casefold() in _PARTY_NAMES:
        return _PARTY_NAMES[party.casefold()]
    if re.fullmatch(r"[A-ZÆØÅ]{1,3}", party) and party != "UP":
        letter = _BALLOT_LETTERS.get(party, party)
        return letter if len(letter) == 1 else None
    return None


# What a note on someone present says when they were away for some items: "Fraværende under punkt 24",
# "Fraværende under punkt 1, 2, 3", "forlod mødet efter punkt 5".
_AWAY_NOTE = re.compile(r"fravær|afbud|forlod|ankom|deltog ikke|ikke til stede|gik\b", re.I)
_AWAY_ITEMS = re.compile(r"^fraværende under punkt(?:erne)?\s+(?P<items>\d+(?:\s*(?:,|og|-)\s*\d+)*)\.?$", re.I)


def _away_items(note: str | None) -> set[str] | None:
    """The item numbers a member present was away for; None where the note says they were away for
    part of the meeting in words that do not say which items."""
    if not note or not _AWAY_NOTE.search(note):
        return set()
    m = _AWAY_ITEMS.match(clean_name(note))
    if not m:
        return None
    items: set[str] = set()
    for part in re.split(r"\s*(?:,|og)\s*", m.group("items")):
        first, _, last = part.partition("-")
        items.update(str(n) for n in range(int(first), int(last or first) + 1))
    return items


def _item_key(number: str | None) -> str:
    return str(int(number)) if number and number.strip(". ").isdigit() else clean_name(number)


def _party_on(evidence: Sequence[tuple[str, str]], day: str) -> str | None:
    """A member's party at a meeting on `day`: what the records say of them on the last day before (or
    on) it and the first day after (or on) it, where that is one party; None where they say two (a
    change of party between them) or nothing."""
    before = max((d for d, _ in evidence if d <= day), default=None)
    after = min((d for d, _ in evidence if d >= day), default=None)
    letters = {letter for d, letter in evidence if d in (before, after)}
    return next(iter(letters)) if len(letters) == 1 else None


def _evidence(p: Person) -> list[tuple[str, str]]:
    """(day, ballot letter) wherever the records name the member with a party; a member outside the
    parties ("UP-1") is there as "UP", matching no party's vote."""
    found = [(x.date, x.party) for x in (*p.attended, *p.missed, *p.votes)]
    for proposal in p.proposals:
        found += [(proposal.date, n.party) for n in map(split_name, re.split(r",\s*| og ", proposal.proposer))
                  if n.name in (p.name, *p.aliases)]
    return [(day, ballot_letter(party) or "UP") for day, party in found if day and party]


def party_votes_of(people: Mapping[str, Person], decisions: Iterable[Decision]) -> None:
    """Fills each person's `party_votes`: where a decision gives a party's vote ("For stemte: (V), (A)"),
    the vote of each member of that party present at the meeting, marked by party.

    Only where the records leave no doubt whose vote it was:
    * the member is on the meeting's attendee list as present, and not away for that item ("Fraværende
      under punkt 24"); a meeting they missed, or were away from for items the note does not name, gives
      no vote;
    * their party at that meeting is known (`_party_on`): a member whose party the records never give,
      or who changed party with no record between, gets none; a member outside the parties ("UP-1")
      is named for their own vote, never by a party letter;
    * the decision's text does not name them: a member named for or against ("Imod stemte Kenneth
      Jerkel fra (A)"), excepted ("undtagen …"), disqualified ("erklærede … for inhabil") or gone
      ("… forlod lokalet") voted as the record says of them, or not at all, not with their party;
    * their party voted one way on it (a party on two sides of one point split without naming who).
    """
    present: dict[tuple[str, str], list[tuple[Person, str, set[str]]]] = {}
    for p in people.values():
        evidence = _evidence(p)
        meetings: dict[tuple[str, str], list[Presence]] = {}
        for presence in (*p.attended, *p.missed):
            if presence.body and presence.date:
                meetings.setdefault((presence.body, presence.date), []).append(presence)
        for (body, day), listed in meetings.items():
            if not all(x.present for x in listed):
                continue  # absent (or listed both ways by two records of the day)
            away = [_away_items(x.note) for x in listed]
            letter = _party_on(evidence, day)
            if None in away or letter is None or letter == "UP":
                continue
            present.setdefault((body, day), []).append((p, letter, set().union(*away)))
    if not present:
        return
    for d in decisions:
        members = present.get((d.body or "", d.meeting_date or ""))
        if not members or not d.votes:
            continue
        votes = votes_of(d)
        # (point, proposal, letter) → [(position, vote, the party as written)]: each side a party took, per
        # point of the item and per proposal voted on
        sides: dict[tuple[str | None, str | None, str], list[tuple[str, Vote, str]]] = {}
        for vote in votes:
            for voter in vote.voters:
                if split_name(voter).is_person:
                    continue
                letter = ballot_letter(voter)
                if letter:
                    sides.setdefault((vote.point, vote.proposal_by, letter), []).append((vote.position, vote, voter))
        if not sides:
            continue
        text = _folded(d.text)
        for p, letter, away in members:
            if _item_key(d.item_number) in away or any(v.decision_id == d.id for v in p.votes):
                continue
            if any(re.search(rf"(?<!\w){re.escape(_folded(n))}(?!\w)", text) for n in (p.name, *p.aliases)):
                continue
            for (point, proposal_by, party), found in sides.items():
                if party != letter or len({position for position, _, _ in found}) != 1:
                    continue
                position, vote, voter = found[0]
                p.party_votes.append(CastVote(
                    p.name, voter, position, f"({voter})", d.id, d.document, d.body, d.meeting_date,
                    d.item_number, d.item_title, getattr(d, "case_number", None), d.outcome, d.paragraph_id, d.page,
                    point, vote.remark, by_party=voter, proposal_by=proposal_by))
    for p in people.values():
        p.party_votes.sort(key=lambda x: (x.date or "9999", x.document))


# --- proposals -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Proposal:
    """A proposal the record says someone made, with the sentence that says so."""

    proposer: str  # as written: "V", "Liselott Blixt (UP)", "Enhedslisten og SF"
    names: tuple[str, ...]  # the members it names (parties left out)
    text: str  # the sentence
    what: str | None  # what was proposed, where the sentence says ("om …")
    document: str
    paragraph_id: str
    body: str | None = None
    date: str | None = None
    item_number: str | None = None
    item_title: str | None = None
    page: int | None = None
    speaker: str | None = None  # the speaker of the paragraph, where the record has one

    def to_json(self) -> dict:
        data = asdict(self)
        data["names"] = list(self.names)
        return data


# Who proposed: up to eight parties or members, "(Ø)", "V", "Enhedslisten", "Liselott Blixt (UP-1)", joined by
# ", " and " og "; a lower-case group word before them ("partierne (V), (A) og …") is not part of it.
_ONE = rf"(?:\({_PARTY_CODE}\)|[A-ZÆØÅ][\w.\-]*(?: [A-ZÆØÅ][\w.\-]*){{0,4}}(?: \({_PARTY_CODE}\))?)"
_WHO = rf"(?:(?:forligs)?parti?erne[;:,]? )?(?P<who>{_ONE}(?:(?:, | og ){_ONE}){{0,7}})"
# What was proposed: the rest of the sentence ("12.50" is a number, "vedr. saunaen" an abbreviation, not its
# end), after "om", "vedr.", "til" or ":" ("til realitetsbehandling" is where it goes, not what it is).
_WHAT = r"(?P<what>(?:[^.;]|\.(?=\d|\s[a-zæøå])){3,300})"
_ABOUT = r"(?:\s*:|\s+(?:om|vedr\.?|vedrørende|til beslutning|til(?! beslutning| realitetsbehandling)))\s*"
# The forms, as tables: the kinds of proposal, the verbs before one, the participles after one.
_KINDS = ("ændrings", "underændrings", "initiativrets", "medlems", "beslutnings", "budget")
_MADE_VERBS = ("fremsatte", "fremsætter", "stillede", "stiller", "fremlagde", "fremlægger")
_BY_VERBS = ("fremlagt", "fremsendt", "fremsat", "stillet")
_KIND = rf"(?i:(?:{'|'.join(_KINDS)})?forslag)"  # "forslaget fra V" is one made before, not a new one
_FORMS = (
    # "Forslag fra V om …", "Ændringsforslag fra Liselott Blixt (UP) om …", "Forslag fra Ø: …",
    # "Initiativretsforslag fra Enhedslisten vedr. …", "Budgetforslag fra forligsparterne; Venstre, …"
    re.compile(rf"\b{_KIND} fra {_WHO}(?:{_ABOUT}{_WHAT})?"),
    # "(Ø) fremsatte følgende forslag til beslutning: …", "Mehmet Zeki Dogru (Ø) stiller forslag om, at …",
    # "V og D stiller forslag om at …"
    re.compile(rf"(?:^|[.:;]\s+|\n){_WHO} (?:{'|'.join(_MADE_VERBS)}) (?:følgende |et |sit |sine )?{_KIND}"
               rf"(?:{_ABOUT}{_WHAT})?"),
    # "budgetforslag fremlagt af (Ø)", "budgetforslag og underændringsforslag fremsendt af forligspartierne (V),
    # (A), …, Liselott Blixt (UP-1) og (F)", "initiativretsforslag stillet af Venstre om …": the kind of
    # proposal is what, unless the sentence goes on to say
    re.compile(rf"(?P<kind>\b{_KIND}(?: (?:og|med) \w*forslag)?(?: \([^()]{{1,40}}\))?) "
               rf"(?:{'|'.join(_BY_VERBS)}) af {_WHO}(?:{_ABOUT}{_WHAT})?"),
)
# Words every sentence the forms read holds one of, for the store to find those paragraphs first: every form
# names the proposal.
PROPOSAL_WORDS = ("forslag",)
# what "fra" does not mean a proposer: an authority, a citizens' assembly, the administration, a pronoun
_NOT_PROPOSER = re.compile(r"^(?:Regeringen|Ministeriet|Administrationen|Forvaltningen|Direktionen|Ledelsen|"
                           r"MED|Greve|KL|Kommune\w*|Borger\w*|Klimaborgersamling\w*|Bestyrelsen|Staten"
                           r"|(?:De|Det|Den|Der|Vi|Han|Hun|Man)$)(?!\w)", re.I)


def proposals_in(paragraph: Paragraph, body: str | None = None, date: str | None = None) -> list[Proposal]:
    """The proposals a paragraph (or a `Hit`) says someone made, in order; `body` and `date` are its
    meeting's."""
    out: list[Proposal] = []
    for sentence in sentences(paragraph):
        text = sentence.text
        for pattern in _FORMS:
            for m in pattern.finditer(text):
                who = clean_name(m.group("who"))
                if not who or _NOT_PROPOSER.match(who.strip("()")):
                    continue
                names = tuple(n.name for n in map(split_name, re.split(r",\s*| og ", who)) if n.is_person)
                what = clean_name(m.group("what") or m.groupdict().get("kind")) or None
                out.append(Proposal(who, names, text, what, paragraph.document, paragraph.id, body, date,
                                    paragraph.item_number, paragraph.item_title, paragraph.page, paragraph.speaker))
    return out


# --- the people of an archive ---------------------------------------------------------------------
@dataclass(frozen=True)
class Statement:
    """A paragraph a person spoke, where the record names its speaker."""

    paragraph_id: str
    document: str
    body: str | None
    date: str | None
    text: str
    item_number: str | None = None
    item_title: str | None = None
    heading: str | None = None
    page: int | None = None
    party: str | None = None
    role: str | None = None
    title: str | None = None  # its document's title, for the citation

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Person:
    """Everything the archive says about one person. `statements` is filled for one person at a time
    (`Archive.person`); `spoke` counts them for every person."""

    name: str  # the spelling the archive uses most
    aliases: list[str] = field(default_factory=list)  # the other spellings of the name, "also written"
    parties: list[str] = field(default_factory=list)  # as written, in the order first seen
    roles: list[str] = field(default_factory=list)  # speakers' roles ("medlem", "Skatteministeren")
    bodies: list[str] = field(default_factory=list)
    attended: list[Presence] = field(default_factory=list)
    missed: list[Presence] = field(default_factory=list)
    votes: list[CastVote] = field(default_factory=list)  # the votes the record names them in
    party_votes: list[CastVote] = field(default_factory=list)  # their party's, where the record names no member
    proposals: list[Proposal] = field(default_factory=list)
    spoke: int = 0  # paragraphs they spoke
    statements: list[Statement] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None

    def summary(self) -> dict:
        """The list's line: name, other spellings, parties, bodies, counts and period."""
        return {"name": self.name, "aliases": list(self.aliases), "parties": list(self.parties),
                "bodies": list(self.bodies),
                "attended": len(self.attended), "missed": len(self.missed), "votes": len(self.votes),
                "votes_by_party": len(self.party_votes),
                "proposals": len(self.proposals), "statements": self.spoke,
                "first_date": self.first_date, "last_date": self.last_date}

    def to_json(self) -> dict:
        """The summary, then each list in full (meetings and votes by date)."""
        data = self.summary()
        data.update(roles=list(self.roles), attended_meetings=[p.to_json() for p in self.attended],
                    missed_meetings=[p.to_json() for p in self.missed], votes_cast=[v.to_json() for v in self.votes],
                    party_votes=[v.to_json() for v in self.party_votes],
                    proposals_made=[p.to_json() for p in self.proposals],
                    said=[s.to_json() for s in self.statements])
        return data


def gather(presences: Iterable[Presence], votes: Iterable[CastVote], proposals: Iterable[Proposal],
           speakers: Iterable[tuple[str, str | None, str | None, str | None, int, str | None, str | None]],
           decisions: Iterable[Decision] = ()) -> dict[str, Person]:
    """Every person by name: attendance, votes and proposals put together, and how often each spoke; one
    person's spellings of their name put together (`merge_variants`); then their party's votes at the
    meetings they attended (`party_votes_of`, from `decisions`).

    Args:
        speakers: (speaker as written, party, role, body, paragraphs, first date, last date) rows.
        decisions: the decisions whose party votes count for the party's members present.
    """
    people: dict[str, Person] = {}

    def person(name: str) -> Person:
        return people.setdefault(name, Person(name))

    for presence in presences:
        p = person(presence.name)
        (p.attended if presence.present else p.missed).append(presence)
        _seen(p, presence.party, presence.body, presence.date)
    for vote in votes:
        p = person(vote.name)
        p.votes.append(vote)
        _seen(p, vote.party, vote.body, vote.date)
    for proposal in proposals:
        for name in proposal.names:
            p = person(name)
            if proposal not in p.proposals:
                p.proposals.append(proposal)
            party = next((n.party for n in map(split_name, re.split(r",\s*| og ", proposal.proposer))
                          if n.name == name), None)
            _seen(p, party, proposal.body, proposal.date)
    for written, party, role, body, count, first, last in speakers:
        named = split_name(written)
        if not named.name:
            continue
        p = person(named.name)
        p.spoke += count
        _seen(p, party or named.party, body, first, [role])
        _seen(p, None, None, last)
    people = merge_variants(people)
    party_votes_of(people, decisions)
    return people


def _seen(p: Person, party: str | None, body: str | None, day: str | None, roles: Iterable[str | None] = ()) -> None:
    """Adds a party (not one already listed under another spelling: "UP-1", "UP1"; "SF", "F"), body
    and roles not yet listed; widens the person's period to `day`."""
    if party and not _letters([party]) & _letters(p.parties):
        p.parties.append(party)
    for values, value in ((p.bodies, body), *((p.roles, r) for r in roles)):
        if value and value not in values:
            values.append(value)
    if day:
        p.first_date = min(p.first_date or day, day)
        p.last_date = max(p.last_date or day, day)


# --- one person under several spellings ------------------------------------------------------------
# A party by its ballot letter, however minutes abbreviate it ("SF" is F); "UP-1", "UP1": outside the parties.
_BALLOT_LETTERS = {"S": "A", "SF": "F", "EL": "Ø", "KF": "C", "DF": "O", "RV": "B", "LA": "I", "NB": "D",
                   "ALT": "Å", "DD": "Æ", "KD": "K"}
_OUTSIDE = re.compile(r"^UP-?\d*$")
_SHORTEST_LAST_NAME = 6  # letters; shorter last names one letter apart are too often two names


def _letters(parties: Iterable[str]) -> set[str]:
    return {"UP" if _OUTSIDE.match(p) else _BALLOT_LETTERS.get(p, p) for p in parties}


def _more_names(short: list[str], long: list[str]) -> bool:
    """Whether `long` is `short` with middle names added (same first and last name)."""
    if len(long) <= len(short) or len(short) < 2 or short[0] != long[0] or short[-1] != long[-1]:
        return False
    rest = iter(long)
    return all(word in rest for word in short)  # a subsequence


def _one_letter_apart(a: str, b: str) -> bool:
    """Whether two words differ by one letter inserted, deleted, replaced, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) != len(b):
        short, long = sorted((a, b), key=len)
        return any(long[:i] + long[i + 1:] == short for i in range(len(long)))
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                              and a[diff[1]] == b[diff[0]])


def _misspelt(x: list[str], y: list[str]) -> bool:
    """Same first names, and last names of 6 letters or more one letter apart."""
    return (len(x) == len(y) >= 2 and x[:-1] == y[:-1] and min(len(x[-1]), len(y[-1])) >= _SHORTEST_LAST_NAME
            and _one_letter_apart(x[-1], y[-1]))


# (rule, whether the match must be the only one on both sides): "Anne Jensen" is left alone where she may be
# "Anne Marie Jensen" or "Anne Kirsten Jensen", though "Anne Marie Jensen" has one shorter candidate.
_VARIANT_RULES = ((_more_names, False), (_misspelt, True))


def _two_people(a: list[Person], b: list[Person]) -> bool:
    """Whether the archive says these are two people: both parties known and none shared, or both named
    at one meeting, or both voting on one decision."""
    parties = [_letters(x for p in group for x in p.parties) for group in (a, b)]
    if all(parties) and not parties[0] & parties[1]:
        return True
    meetings = [{(m.body, m.date) for p in group for m in p.attended + p.missed} for group in (a, b)]
    decisions = [{v.decision_id for p in group for v in p.votes} for group in (a, b)]
    return bool(meetings[0] & meetings[1] or decisions[0] & decisions[1])


def merge_variants(people: Mapping[str, Person]) -> dict[str, Person]:
    """People by name, one person's spellings of their name put together (see the module's docstring)."""
    groups: dict[str, list[Person]] = {}
    for p in people.values():
        groups.setdefault(name_key(p.name), []).append(p)  # the same after case, hyphens and accents
    words = {key: key.split() for key in groups if key}
    for rule, both_sides in _VARIANT_RULES:
        near: dict[str, list[str]] = {}  # both rules keep the first name: only those sharing it are compared
        for key, w in words.items():
            near.setdefault(w[0], []).append(key)
        matches = {key: [o for o in near[w[0]] if o != key and rule(w, words[o])] for key, w in words.items()}
        if both_sides:
            matches = {key: found for key, found in matches.items()
                       if len(found) == 1 and len(matches[found[0]]) == 1 and key < found[0]}
        for key, found in matches.items():
            if len(found) == 1 and key in groups and found[0] in groups \
                    and not _two_people(groups[key], groups[found[0]]):
                groups[found[0]] += groups.pop(key)
                del words[key]
    return {p.name: p for p in map(_joined, groups.values())}


def _uses(p: Person) -> int:
    return len(p.attended) + len(p.missed) + len(p.votes) + len(p.proposals) + p.spoke


def _joined(spellings: list[Person]) -> Person:
    """One person from their spellings' records: under the spelling used most (ties: the longer), lists
    joined and in date order."""
    spellings = sorted(spellings, key=lambda p: (-_uses(p), -len(p.name), p.name))
    out = Person(spellings[0].name, aliases=sorted(p.name for p in spellings[1:]))
    for p in spellings:
        out.attended += p.attended
        out.missed += p.missed
        out.votes += p.votes
        out.proposals += [x for x in p.proposals if x not in out.proposals]
        out.spoke += p.spoke
        for party in p.parties:
            _seen(out, party, None, None)
        for body in p.bodies:
            _seen(out, None, body, None)
        _seen(out, None, None, p.first_date, p.roles)
        _seen(out, None, None, p.last_date)
    by_date = lambda x: (x.date or "9999", x.document)  # noqa: E731
    for found in (out.attended, out.missed, out.votes, out.proposals):
        found.sort(key=by_date)
    return out


def by_spelling(people: Iterable[Person]) -> dict[str, Person]:
    """Each person under the `name_key` of every spelling of their name the archive uses."""
    return {name_key(spelling): p for p in people for spelling in (p.name, *p.aliases)}
