"""When a promise is due: its deadline as written ("i oktober", "ultimo 2023", "inden sommerferien",
"på næste møde") and the meeting's date in; the last day the deadline is still met out, or None where
the deadline names no time ("på et kommende møde", "når …") or there is none.

`deadline_date` is the one reader of a deadline into a date: the follow-up list marks a promise overdue
by it (`due_date`), and the promise rules (`promises._is_past`, `_within`, `_this_month`) tell by it
whether a time named had passed at the meeting, so the two never read the same words differently.

A month, quarter, half-year, season or day without a year is the next one from the meeting on ("i
marts", said in November 2022, is March 2023; a day just gone by excepted, see `RECENT_DAYS`). Readings are lenient, since being called overdue
wrongly is worse than a late mark: "primo" is the 10th, "medio" the 20th, "ultimo" the last day; of
two months ("til august eller september 2022", "i maj/juni") or two times ("ultimo 2022/primo 2023") the later; a season ends with its last month (spring:
June, because committees' spring runs to the summer break), "i starten af 2023" is the first quarter,
"efter sommerferien" the end of September, a month's meeting ("på oktobermødet") that month, "i starten af det nye år" the first quarter of the year
after the meeting's, "omkring årsskiftet" its January ("inden årsskiftet": the meeting's year's end). "På
næste møde" is the body's next meeting, where the caller knows it (`next_meeting`). A year's budget ("budget 2024-27") is
due when it is adopted, in October of the year before. Any other time that names a year is that year's end.
"""
from __future__ import annotations

import calendar
import re
from datetime import date


MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december")
_MONTH = "|".join(MONTHS)
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# "den 12. december 2022", "på mødet den 30. maj 2022", "den 10. august", "8/1-2024", "8.1.2024"
_DAY = re.compile(rf"\b(?P<day>\d{{1,2}})(?:\.\s*|\s+)(?P<month>{_MONTH})(?:\s+{_YEAR})?\b")
_NUMERIC = re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})(?:[-./](?P<year>(?:19|20)?\d\d))?\b")
# "primo september", "medio juni 2023", "ultimo oktober 2015", "i august måned", "i oktober"
_IN_MONTH = re.compile(rf"\b(?:(?P<part>primo|medio|ultimo|sidst i|først i|midt i|i|inden|senest i|til)\s+)?"
                       rf"(?P<month>{_MONTH})(?:\s+måned)?(?:\s+{_YEAR})?\b")
# two months abbreviated, as a timetable writes them: "Jan/feb 2024", "sep.-okt. 2023" (the later one), or one
# ("Okt. 2022 Udbudsmateriale fremlægges …")
_SHORT = "jan|feb|mar|apr|maj|jun|jul|aug|sept|sep|okt|nov|dec"
_SHORT_MONTHS = re.compile(rf"\b(?:(?:{_SHORT})\.?\s*[/-]\s*(?P<month>{_SHORT})\.?|(?P<single>{_SHORT})\.)\s+{_YEAR}\b", re.I)
# "i første kvartal 2024", "i 1. kvartal", "4. kvartal 2022"
_QUARTER = re.compile(rf"\b(?P<q>første|anden|andet|tredje|fjerde|[1-4]\.)\s+kvartal(?:\s+{_YEAR})?\b")
_QUARTERS = {"første": 1, "1.": 1, "anden": 2, "andet": 2, "2.": 2, "tredje": 3, "3.": 3, "fjerde": 4, "4.": 4}
# seasons, with or without a year: the month they end with
_SEASON = re.compile(rf"\b(?P<before>inden|før|efter|i|til)?\s*(?:den\s+)?(?P<season>forår(?:et)?|sommer(?:en)?|"
                     rf"sommerferien|efterår(?:et)?|vinter(?:en)?|jul(?:en)?|nytår(?:et)?)(?:\s+{_YEAR})?\b")
_SEASON_END = {"forår": 6, "sommer": 8, "sommerferien": 6, "efterår": 12, "vinter": 2, "jul": 12, "nytår": 1}
# "primo 2023", "i starten af 2023", "i begyndelsen af 2024", "medio 2024", "ultimo 2023",
# "i slutningen af 2022", "inden udgangen af 2023", "i løbet af 2023", "i 2024"
_YEAR_PART = re.compile(rf"\b(?P<part>primo|medio|ultimo|i starten af|i begyndelsen af|starten af|begyndelsen af|"
                        rf"i midten af|midten af|i slutningen af|slutningen af|inden udgangen af|udgangen af|"
                        rf"i løbet af|i|inden|senest i|til)\s+{_YEAR}\b")
_YEAR_PART_MONTH = {"primo": 3, "i starten af": 3, "i begyndelsen af": 3, "starten af": 3, "begyndelsen af": 3,
                    "medio": 7, "i midten af": 7, "midten af": 7}
_NEXT_YEAR = re.compile(r"\b(?:til|i|inden)\s+næste år\b")
# "i første halvår af 2023", "i 2. halvår 2024", "andet halvår"
_HALF = re.compile(rf"\b(?P<h>første|anden|andet|[12]\.)\s+halvår(?:\s+af)?(?:\s+{_YEAR})?\b")
# the year after the meeting's: "i starten af det nye år" (its first quarter), "omkring årsskiftet" (its January)
_NEW_YEAR = re.compile(r"\bdet nye år\b|\bårsskiftet\b")
_ANY_YEAR = re.compile(rf"\b{_YEAR}\b")
# a month's meeting, written as one word: "på oktobermødet", "september-mødet" (that month, as "i oktober")
_MONTHS_MEETING = re.compile(rf"\b({_MONTH})-?(?=møde)")
# "på næste møde", "på næste ordinære møde", "på kommende Kultur- og Fritidsudvalgsmøde"
_NEXT_MEETING = re.compile(r"\b(?:næste|førstkommende|det kommende|(?<!\bet )kommende|efterfølgende)\s+(?:[\w-]+,?\s+){0,4}?\w*møde\b")


# "maj/juni", "2022/primo 2023", "februar/ marts 2023": a slash between words (not "8/1-2024", "2023/2024")
_EITHER = re.compile(r"(?<=[a-zæøå\d])\s*/\s*(?=[a-zæøå])")


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year_of(month: int, stated: str | None, said: date) -> int:
    """The year of a month: as stated, else the first such month from the meeting on."""
    if stated:
        year = int(stated)
        return year + 2000 if year < 100 else year
    return said.year if month >= said.month else said.year + 1


def _date(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def deadline_date(deadline: str | None, meeting_date: str | None = None, next_meeting: str | None = None) -> date | None:
    """The last day `deadline` (as written) is met; None when it names no time, or a time without a year
    and no `meeting_date` to take the year from (see the module docstring for the readings).

    Args:
        deadline: the deadline as the record words it ("i 2. kvartal 2023", "til august eller september 2022").
        meeting_date: the date it was said (YYYY-MM-DD).
        next_meeting: the body's next meeting after that one, for "på næste møde".
    """
    if not deadline:
        return None
    text = _MONTHS_MEETING.sub(r"\1 ", " ".join(deadline.lower().split()))
    if text.startswith(("når ", "hvis ")):
        return None  # a condition, not a time
    said = _date(meeting_date)
    # two times offered ("i maj/juni", "ultimo 2022/primo 2023"): met until the later one ends
    year = _year_in(text)  # "februar/marts 2023": the year is February's too
    read = [_read(part if _year_in(part) or not year else f"{part} {year}", said, next_meeting)
            for part in ([text] if _SHORT_MONTHS.search(text) else _EITHER.split(text))]  # "Jan/feb 2024": one
    return max((found for found in read if found), default=None)


def names_next_meeting(deadline: str | None) -> bool:
    """Whether a deadline is the body's next meeting ("til næste møde", "på førstkommende udvalgsmøde")."""
    return bool(_NEXT_MEETING.search(" ".join((deadline or "").lower().split())))


_BY_THE_DAY = re.compile(r"\b(?:frem mod|inden|senest|før|forud for)\b")


def named_day(deadline: str | None, meeting_date: str | None = None) -> str | None:
    """The day a deadline names ("den 21. november 2023", "21/11"), as YYYY-MM-DD; None for a deadline
    that names a month, a quarter or no time (`deadline_date` reads those too, as their last day), and for
    one that names a day to come back before ("frem mod budgettemamødet den 15. maj 2023", "senest den …")."""
    text = " ".join((deadline or "").lower().split())
    if not (_DAY.search(text) or _NUMERIC.search(text)) or _BY_THE_DAY.search(text):
        return None
    found = deadline_date(deadline, meeting_date)
    return found.isoformat() if found else None


def due_date(deadline: str | None, meeting_date: str | None, next_meeting: str | None = None) -> str | None:
    """The last day `deadline` (as written) is met, as YYYY-MM-DD; None when it names no time.

    Args:
        deadline: the promise's deadline as the record words it (`FollowUp.deadline`).
        meeting_date: the date it was promised (YYYY-MM-DD); without it only dates that name
            their year are read.
        next_meeting: the body's next meeting after that one, for "på næste møde".
    """
    found = deadline_date(deadline, meeting_date, next_meeting)
    return found.isoformat() if found else None


# A year's budget, named by its first year ("i budget 2024", "ifm. budget 2024-27", "budgetforhandlingerne 2024-2027"):
# a municipality adopts it in October of the year before, so what is to come in it is due then (a secretary read "31.
# december 2024" for "Trappemodellen vil indgå i budget 2024"). Not a budget follow-up, which runs in its own year.
_BUDGET_YEAR = re.compile(r"\bbudget(?:tet|forhandling\w*|forslag\w*|proces\w*|lægning\w*)?\s+(?:for\s+)?"
                          r"(?P<year>20\d\d)\b")


def _read(text: str, said: date | None, next_meeting: str | None) -> date | None:
    # A day named wins over "næste møde": "på næste møde den 12. december" is the day written.
    m = _DAY.search(text)
    if m:
        month = MONTHS.index(m.group("month")) + 1
        return _safe(m.group("year"), month, int(m.group("day")), said)
    m = _NUMERIC.search(text)
    if m and 1 <= int(m.group("month")) <= 12:
        # the day itself ("8/1-2024" is 8 January), not the month's end as the promise rules once read it
        return _safe(m.group("year"), int(m.group("month")), int(m.group("day")), said)
    if next_meeting and _NEXT_MEETING.search(text):
        return _date(next_meeting)  # without it, a month named still reads ("på næste udvalgsmøde i marts")
    m = _SHORT_MONTHS.search(text)
    if m:
        short = (m.group("month") or m.group("single")).lower()[:3]
        return _last_day(int(m.group("year")), next(i for i, name in enumerate(MONTHS, 1) if name.startswith(short)))
    m = _QUARTER.search(text)
    if m:
        month = _QUARTERS[m.group("q")] * 3
        return _last_day(_year_of(month, m.group("year"), said), month) if (m.group("year") or said) else None
    m = _HALF.search(text)
    if m:
        month = 6 * min(2, _QUARTERS[m.group("h")])
        return _last_day(_year_of(month, m.group("year"), said), month) if (m.group("year") or said) else None
    months = list(_IN_MONTH.finditer(text))
    if months:
        m = months[-1]  # "til august eller september 2022": the later month
        stated = m.group("year") or _year_in(text)
        if not (stated or said):
            return None
        month = MONTHS.index(m.group("month")) + 1
        year = _year_of(month, stated, said)
        day = {"primo": 10, "først i": 10, "medio": 20, "midt i": 20}.get(m.group("part") or "")
        return date(year, month, day) if day else _last_day(year, month)
    if _NEW_YEAR.search(text) and not _year_in(text):
        if said is None:
            return None
        if re.search(r"\b(?:inden|før)\s+årsskiftet\b", text):
            return date(said.year, 12, 31)  # before it: the meeting's year ends it
        return _last_day(said.year + 1, 1 if "årsskiftet" in text else 3)
    m = _SEASON.search(text)
    if m and (m.group("year") or said):
        season = re.sub(r"(?:et|en)$", "", m.group("season")) if m.group("season") != "sommerferien" else "sommerferien"
        if m.group("before") == "efter" and season in ("sommer", "sommerferien"):
            month = 9  # "efter sommerferien": the first meetings after it
        else:
            month = _SEASON_END[season]
        year = _year_of(month, m.group("year"), said) if not m.group("year") else int(m.group("year"))
        if m.group("year") and season == "vinter":
            year += 1  # "vinteren 2023" ends in February 2024
        return _last_day(year, month)
    m = _YEAR_PART.search(text)
    if m:
        return _last_day(int(m.group("year")), _YEAR_PART_MONTH.get(m.group("part"), 12))
    if _NEXT_YEAR.search(text) and said:
        return date(said.year + 1, 12, 31)
    m = _BUDGET_YEAR.search(text)
    if m:
        return date(int(m.group("year")) - 1, 10, 31)  # a year's budget is adopted by October the year before
    stated = _year_in(text)
    return _last_day(int(stated), 12) if stated else None  # any other time naming a year: by its end


def _year_in(text: str) -> str | None:
    m = _ANY_YEAR.search(text)
    return m.group("year") if m else None


# A day without a year less than this many days before the meeting is that day just gone by ("på mødet den 3.
# oktober", said on 10 October; the promise rules must see it as past), not next year's; further back it is the
# next one ("den 10. august", said in November, is next August). The two readers this one replaces disagreed here:
# the promise rules took the meeting's year always (so "den 9. januar", said in December, was past), the due dates
# the next such day always (so the last meeting's day was a time to come).
RECENT_DAYS = 90


def _safe(year: str | None, month: int, day: int, said: date | None) -> date | None:
    """A day of a month: in the stated year, else the day just gone by (`RECENT_DAYS`) or the next one."""
    try:
        if year:
            return date(_year_of(month, year, said), month, day)
        if said is None:
            return None
        found = date(said.year, month, day)
        if found >= said or (said - found).days < RECENT_DAYS:
            return found
        return date(said.year + 1, month, day)
    except ValueError:
        return None
