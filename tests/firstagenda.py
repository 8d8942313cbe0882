"""Small FirstAgenda meetings for tests, made from the committed Greve response (tests/data): a body,
a date, attendees and agenda items (case number, title, fields) in; a saved response out, read by the
ordinary build like a harvested one."""
from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Sequence

from .paths import DATA

TEMPLATE = DATA / "meeting-systems" / "firstagenda-greve" / "2022-01-12_e5c0f0b2-a890-437d-a8c1-9f0965349a4c.json"


def write_meeting(folder: Path, body: str, day: str, items: Sequence[tuple[str, str, Sequence[tuple[str, str]]]],
                  attendees: Sequence[str] = (), absent: Sequence[str] = (), at: str = "16:30") -> Path:
    """Save a meeting of `body` on `day` (YYYY-MM-DD) as `<folder>/<day>_<id>.json`.

    Args:
        items: (case number, title, [(field heading, text), …]) per agenda item, numbered from 1.
        attendees, absent: members present and absent, as the portal names them.
        at: the hour the meeting began (HH:MM, Danish time in winter).
    """
    data = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    meeting_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{body}/{day}"))
    data["Id"] = meeting_id
    data["Udvalg"]["Navn"] = body
    data["Moede"]["Dato"] = data["Moede"]["MeetingBeginUtc"] = f"{day}T{at}:00+01:00"
    data["Moede"]["Moededeltagere"] = [
        {"Name": name, "Absent": name in absent, "ParticipationCancelled": False, "AttendanceType": 0}
        for name in [*attendees, *absent]]
    template = data["Dagsordenpunkter"][0]
    data["Dagsordenpunkter"] = []
    for number, (case, title, fields) in enumerate(items, 1):
        item = copy.deepcopy(template)
        html = "<div>" + "".join(f"<h3>{heading}</h3><p>{text}</p>" for heading, text in fields) + "</div>"
        item.update(SagsNummer=case, CaseNumber=case, Navn=title, Caption=title, Punktnummer=str(number),
                    Number=str(number), Sorting=number, Id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{body}/{day}/{number}")))
        item["Felter"] = [dict(item["Felter"][0], Html=html)]
        data["Dagsordenpunkter"].append(item)
    path = Path(folder) / f"{day}_{meeting_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
