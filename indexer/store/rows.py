"""Rows to dataclasses and back: field values in, SQL parameters out (`_encode`), and
row tuples in, `Record`, `Paragraph`, `Hit`, `Decision`, `FollowUp` out (`_from_values`, `_hit`);
with the FAISS key of a paragraph and the chunking of long id lists.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import MISSING, asdict, fields, is_dataclass
from typing import Iterable

from indexer.records import Decision, FollowUp, Hit, Paragraph, Record
from indexer.store.schema import DECISION_COLUMNS, FOLLOW_UP_COLUMNS, PARAGRAPH_COLUMNS, RECORD_COLUMNS

_CHUNK = 500  # SQLite's parameter limit is 32766; chunks keep statements small


def _plain_json(value):
    if is_dataclass(value):  # Decision.votes: list[Vote]
        return asdict(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def _encode(kind: str, value):
    if value is None:
        return None
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_plain_json)
    if kind == "bool":
        return int(bool(value))
    return value


def _decode(kind: str, value):
    if kind == "json":
        return json.loads(value) if value else None
    if kind == "bool":
        return bool(value)
    return value


def _plan(cls, layout: dict[str, str]) -> tuple[tuple[str, str, object], ...]:
    """(name, kind, default factory) per field: worked out once, used for every row read."""
    return tuple((f.name, layout[f.name], f.default_factory if f.default_factory is not MISSING else None)
                 for f in fields(cls))


_RECORD_PLAN = _plan(Record, RECORD_COLUMNS)
_PARAGRAPH_PLAN = _plan(Paragraph, PARAGRAPH_COLUMNS)
_DECISION_PLAN = _plan(Decision, DECISION_COLUMNS)
_FOLLOW_UP_PLAN = _plan(FollowUp, FOLLOW_UP_COLUMNS)


# A column a row is read without: left as its field's default, never decoded.
_UNREAD = "unread"
# A document's columns as a result reads them: what `Hit` leaves out (a meeting system's outline of the
# meeting, by far the largest JSON of a row, decoded for every document of every lookup) is not decoded.
_HIT_RECORD_PLAN = tuple((name, _UNREAD if name in Hit._LEFT_OUT else kind, factory)
                         for name, kind, factory in _RECORD_PLAN)


def _columns(layout: dict[str, str], table: str = "") -> str:
    prefix = f"{table}." if table else ""
    return ", ".join(f'{prefix}"{n}"' for n in layout)


def _from_values(cls, plan, values) -> object:
    fields_: dict = {}
    for (name, kind, factory), value in zip(plan, values):
        if kind == "json":
            value = json.loads(value) if value else (factory() if factory else None)
        elif kind == "bool":
            value = bool(value)
        elif kind == _UNREAD:
            value = factory() if factory else None
        fields_[name] = value
    return cls(**fields_)


_SPLIT = 1 + len(PARAGRAPH_COLUMNS)  # a row of _HIT_SELECT: vec_id, paragraph columns, record columns


def _hit(row, records: dict | None = None) -> Hit:
    """A row of _HIT_SELECT as a Hit; `records` shares each document's decoded metadata among the
    rows of one lookup (its JSON columns are most of the decoding; hits are read, never changed)."""
    if records is None:
        record = _from_values(Record, _HIT_RECORD_PLAN, row[_SPLIT:])
    else:
        key = row[_SPLIT:]
        record = records.get(key)
        if record is None:
            record = records[key] = _from_values(Record, _HIT_RECORD_PLAN, key)
    paragraph = _from_values(Paragraph, _PARAGRAPH_PLAN, row[1:_SPLIT])
    return Hit.from_parts(record, paragraph)


def vector_id(paragraph_id: str) -> int:
    """The int64 FAISS key of a paragraph, derived from its stable id."""
    return int.from_bytes(hashlib.sha1(paragraph_id.encode()).digest()[:8], "big") & (2**63 - 1)


def _chunks(values: list, size: int = _CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _marks(values: list) -> str:
    return ",".join("?" * len(values))
