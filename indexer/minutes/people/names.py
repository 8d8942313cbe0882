"""Names and parties as the records write them: a written name ("Mehmet Zeki Dogru (Ø)", "Lolan Ottesen (A)
- formand") or party ("SF", "Enhedslisten") in; the name with its party or role kept apart (`Name`), the key
names are looked up by (`name_key`), a party's ballot letter (`ballot_letter`) and the one member of a meeting
a name written short or misspelt names (`member_named`) out.

A party or role suffix ("(V)", "(A) - formand", "(UP-1)") is kept apart as the party or role, never part of
the name; a bare party ("V", "Enhedslisten") is no person.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Collection, Iterable, Mapping


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


# An office written before the name ("Socialborgmester Jesper Christensen (A)"): the person's role, not their name.
_OFFICE_BEFORE = re.compile(r"^(?P<office>\w*[Bb]orgmester|[Rr]ådmand|[Nn]æstformand|[Ff]ormand|[Kk]ontorchef|"
                            r"[Dd]irektør|[Cc]enterchef|[Ff]orvaltningsdirektør)\s+(?=[A-ZÆØÅ]\w+\s+[A-ZÆØÅ])")


def split_name(text: str | None) -> Name:
    """"Mehmet Zeki Dogru (Ø)" → Name("Mehmet Zeki Dogru", "Ø"); "Lolan Ottesen (A) - formand" →
    Name("Lolan Ottesen", "A", "formand"); "Mette Jensen (A, formand)" → party "A", role "formand";
    "Socialborgmester Jesper Christensen (A)" → Name("Jesper Christensen", "A", "Socialborgmester");
    "(F)" → Name("", "F")."""
    text = clean_name(text)
    office = _OFFICE_BEFORE.match(text)
    if office:
        named = split_name(text[office.end():])
        return Name(named.name, named.party, ", ".join(x for x in (office.group("office"), named.role) if x))
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


# --- parties ---------------------------------------------------------------------------------------
# A party as a vote names it, by its ballot letter: "A", "SF" (F), "Enhedslisten" (Ø). "UP-1" is one member
# outside the parties, no party.
_PARTY_NAMES = {"enhedslisten": "Ø", "socialistisk folkeparti": "F", "venstre": "V", "socialdemokratiet": "A",
                "det konservative folkeparti": "C", "de konservative": "C", "konservative": "C",
                "dansk folkeparti": "O", "liberal alliance": "I", "nye borgerlige": "D", "radikale venstre": "B",
                "det radikale venstre": "B", "moderaterne": "M", "danmarksdemokraterne": "Æ", "alternativet": "Å"}
# A party by its ballot letter, however minutes abbreviate it ("SF" is F); "UP-1", "UP1": outside the parties.
_BALLOT_LETTERS = {"S": "A", "SF": "F", "EL": "Ø", "KF": "C", "DF": "O", "RV": "B", "LA": "I", "NB": "D",
                   "ALT": "Å", "DD": "Æ", "KD": "K"}
_OUTSIDE = re.compile(r"^UP-?\d*$")


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


def _letters(parties: Iterable[str]) -> set[str]:
    """Parties as written, by ballot letter: "SF" and "F" are one party, "UP-1" and "UP1" are "UP"."""
    return {"UP" if _OUTSIDE.match(p) else _BALLOT_LETTERS.get(p, p) for p in parties}


def same_party(a: str | None, b: str | None) -> bool:
    """Whether two parties as written are one: "SF" and "F", "UP-2" and "UP2"; "UP" (outside the parties,
    unnumbered) agrees with any "UP-n", but "UP-1" and "UP-2" are two members' own lists."""
    x, y = (ballot_letter(p) or clean_name(p).strip("()").replace("-", "").upper() for p in (a, b))
    return bool(x) and (x == y or ("UP" in (x, y) and x[:2] == y[:2] == "UP"))


# --- one member of a meeting -----------------------------------------------------------------------
def more_names(short: list[str], long: list[str]) -> bool:
    """Whether `long` is `short` with middle names added (same first and last name)."""
    if len(long) <= len(short) or len(short) < 2 or short[0] != long[0] or short[-1] != long[-1]:
        return False
    rest = iter(long)
    return all(word in rest for word in short)  # a subsequence


def letters_apart(a: str, b: str) -> int:
    """How many letters two words are apart: each inserted, deleted or replaced, or two neighbours swapped,
    counts one."""
    before, row = None, list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            best = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                best = min(best, before[j - 2] + 1)
            current.append(best)
        before, row = row, current
    return row[-1]


def _misspelt_given_names(written: list[str], member: list[str]) -> bool:
    """The same last name, and given names a letter off (two in given names of 8 letters or more):
    "Brigtitte Klintskov Jerkel" is Brigitte Klintskov Jerkel; "Bo Jensen" is not Ib Jensen."""
    if len(written) < 2 or written[-1] != member[-1] or len(member) < 2:
        return False
    given, theirs = " ".join(written[:-1]), " ".join(member[:-1])
    shortest = min(len(given), len(theirs))
    allowed = 0 if shortest < 4 else 1 if shortest < 8 else 2
    return 0 < letters_apart(given, theirs) <= allowed


def member_named(written: str, members: Mapping[str, Collection[str]]) -> str | None:
    """The one member (of `members`: name → the parties the records give them) a written name names, by
    the first of these that fits anyone:
    * the same name (`name_key`);
    * the same first and last name, middle names left out ("Mehmet Dogru": Mehmet Zeki Dogru);
    * the same last name, the given names a letter or two off (`_misspelt_given_names`);
    * their first name alone, of their party where one is written ("Hans-Jørgen (UP-2)": Hans-Jørgen
      Kirstein of UP-2, "Mehmet": Mehmet Zeki Dogru).
    None where nobody fits, or more than one member fits the first rule anyone fits: a name that may be
    either of two members is neither's."""
    named = split_name(written)
    words = _folded(named.name).split()
    if not words:
        return None
    first_name_only = len(named.name.split()) == 1
    rules = (
        lambda theirs, _: theirs == words,
        lambda theirs, _: more_names(words, theirs),
        lambda theirs, _: _misspelt_given_names(words, theirs),
        lambda theirs, parties: first_name_only and len(theirs) > len(words) and theirs[:len(words)] == words
        and (named.party is None or any(same_party(named.party, p) for p in parties)),
    )
    keyed = {member: name_key(member).split() for member in members}
    for fits in rules:
        found = [member for member, theirs in keyed.items() if fits(theirs, members[member])]
        if found:
            return found[0] if len(found) == 1 else None
    return None
