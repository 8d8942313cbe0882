"""The store: every Record and Paragraph field round-trips to Hit; contents pages are kept
but never searched; term counts; the manifest and its format check."""
from __future__ import annotations

import dataclasses
import json
import sqlite3

import numpy as np
import pytest

from indexer.errors import IndexDamaged, IndexMissing
from indexer.records import Decision, FollowUp, Vote
from indexer.store.manifest import FORMAT_VERSION, Manifest
from indexer.records import Filters, Hit, Paragraph, Record
from indexer.store import Store, StoredDocument, vector_id
from indexer.text import terms
from indexer.text.terms import stemmed_text


def record(path: str = "a.pdf", **values) -> Record:
    return Record(path=path, content_hash="ab" * 32, title="Referat", body="Socialudvalget",
                  meeting_date="2019-05-02", doc_type="referat", case_number="2019-0001", file_type="pdf",
                  pages=3, document_date="2019-04-20", sources={"body": "header", "meeting_date": "text"},
                  attachment_to=None, ocr_pages=1, **values)


def paragraphs(document: str = "a.pdf") -> list[Paragraph]:
    prefix = document[0] * 16
    return [
        Paragraph(id=f"{prefix}-00000", document=document, position=0, text="1. Husleje ....... 3",
                  page=1, is_contents=True),
        Paragraph(id=f"{prefix}-00001", document=document, position=1, text="Huslejestigninger blev drøftet.",
                  page=2, heading="Punkt 1", speaker="Per", party="A", role="formand", item_number="1",
                  item_title="Husleje", ocr=True),
        Paragraph(id=f"{prefix}-00002", document=document, position=2, text="Personalegennemstrømning.", page=3),
    ]


def stored(document: str = "a.pdf") -> StoredDocument:
    paras = paragraphs(document)
    hashes = [None if p.is_contents else f"hash-{p.id}" for p in paras]
    lexical = [None if p.is_contents else stemmed_text(p.text) for p in paras]
    return StoredDocument(record(document), paras, hashes, lexical, catalog="{}", size=10, mtime_ns=5)


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "index", create=True)
    vectors = {f"hash-{p.id}": np.full(4, 0.5, dtype=np.float32) for d in ("a.pdf", "b.pdf") for p in paragraphs(d)}
    with store.writing():
        store.add_document(stored("a.pdf"), vectors, "2026-01-01T00:00:00+00:00")
        store.add_document(stored("b.pdf"), vectors, "2026-01-01T00:00:00+00:00")
    yield store
    store.close()


def test_every_record_and_paragraph_field_reaches_the_hit(store):
    hit = store.paragraph("aaaaaaaaaaaaaaaa-00001")
    expected_record, expected_paragraph = record("a.pdf"), paragraphs("a.pdf")[1]
    assert hit == Hit.from_parts(expected_record, expected_paragraph)
    as_json = hit.to_json()
    for name in [f.name for f in dataclasses.fields(Record)] + [f.name for f in dataclasses.fields(Paragraph)]:
        if name in Hit._LEFT_OUT:
            assert name not in as_json, name
            continue
        key = {"meeting_date": "date", "path": "document"}.get(name, name)
        value = getattr(expected_record if name in Record.__dataclass_fields__ else expected_paragraph, name)
        assert as_json[key] == value, name
    assert json.loads(json.dumps(as_json)) == as_json


def test_contents_pages_are_stored_but_never_searched(store):
    assert store.counts() == (2, 6, 4)
    assert [h.position for h in store.document_paragraphs("a.pdf")] == [0, 1, 2]
    assert store.fts_match('"husl"*', 10) and vector_id("aaaaaaaaaaaaaaaa-00000") not in {
        i for i, _ in store.fts_match('"husl"*', 10)}
    assert store.vector_of("aaaaaaaaaaaaaaaa-00000") is None
    assert len(store.vector_ids_of(["a.pdf"])) == 2


def test_filters_and_term_counts(store):
    assert sorted(store.ids_matching(Filters(documents=("b.pdf",)))) == sorted(store.vector_ids_of(["b.pdf"]).tolist())
    assert store.ids_matching(Filters(bodies=("Folketinget",))) == []
    assert store.term_document_count("huslejestigning", False) == 2
    assert store.term_document_count("husl", True) >= 2
    everything = [i for i, _ in store.fts_match('"personalegennemstrømning"', 10)]
    held = store.terms_of(everything + [1])
    assert set(held) == set(everything) and all("personalegennemstrømning" in t for t in held.values())


def test_deleting_a_document_removes_its_rows(store):
    with store.writing():
        store.delete_documents(["a.pdf"])
    assert store.counts() == (1, 3, 2) and store.paragraph("aaaaaaaaaaaaaaaa-00001") is None
    assert set(store.known_documents()) == {"b.pdf"}


def fts_vocabulary(index_dir) -> dict[str, int]:
    """FTS5's own count of paragraphs per term, read past the store."""
    with sqlite3.connect(index_dir / "archive.sqlite") as conn:
        conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, paragraphs_fts, row)")
        return dict(conn.execute("SELECT term, doc FROM temp.v"))


def term_counts(index_dir) -> dict[str, int]:
    with sqlite3.connect(index_dir / "archive.sqlite") as conn:
        return dict(conn.execute("SELECT term, paragraphs FROM term_counts"))


def test_term_counts_follow_fts5_through_adds_deletes_and_rollbacks(store):
    index_dir = store.index_dir
    assert term_counts(index_dir) == fts_vocabulary(index_dir) and term_counts(index_dir)["drøft"] == 2
    with store.writing():
        store.delete_documents(["a.pdf"])
    assert term_counts(index_dir) == fts_vocabulary(index_dir) and term_counts(index_dir)["drøft"] == 1
    with pytest.raises(RuntimeError), store.writing():
        store.add_document(stored("c.pdf"), {}, "2026-01-01T00:00:00+00:00")
        raise RuntimeError("the build stopped")
    with store.writing():
        store.delete_documents(["b.pdf"])
        store.add_document(stored("a.pdf"), {}, "2026-01-01T00:00:00+00:00")
    assert term_counts(index_dir) == fts_vocabulary(index_dir) == {
        "huslejestigning": 1, "blev": 1, "drøft": 1, "personalegennemstrømning": 1}


# Letters to Python that FTS5's tokenizer (its Unicode 6.1 tables) takes for separators: New
# Tai Lue vowel signs and two Vedic signs. A record holding them gets approximate term counts.
FTS5_SEPARATORS = {*range(0x19B0, 0x19C1), 0x19C8, 0x19C9, 0x1CF2, 0x1CF3}


def test_the_terms_counted_are_the_terms_fts5_indexes_for_every_letter(tmp_path):
    Store.open(tmp_path, create=True).close()
    letters = [code for code in range(0x30000) if terms._WORD.fullmatch(chr(code))]
    lexical = {code: terms.stemmed_text(f"Q{chr(code)}z µg ſ") for code in letters}
    with sqlite3.connect(tmp_path / "archive.sqlite") as conn:
        conn.executemany("INSERT INTO paragraphs_fts(rowid, stemmed) VALUES (?, ?)", lexical.items())
        conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, paragraphs_fts, instance)")
        indexed: dict[int, set[str]] = {}
        for term, code in conn.execute("SELECT term, doc FROM temp.v"):
            indexed.setdefault(code, set()).add(term)
    differ = {code for code in letters if indexed[code] != terms.indexed_terms(lexical[code])}
    assert differ == FTS5_SEPARATORS and {"μg", "s"} <= indexed[ord("a")] == terms.indexed_terms(lexical[ord("a")])


@pytest.mark.parametrize("create", [False, True], ids=["reader", "build"])
def test_an_index_from_before_term_counts_gets_them_when_opened(store, create):
    index_dir = store.index_dir
    store.close()
    with sqlite3.connect(index_dir / "archive.sqlite") as conn:
        conn.execute("DROP TABLE term_counts")
    reopened = Store.open(index_dir, create=create)
    try:
        assert term_counts(index_dir) == fts_vocabulary(index_dir) and reopened.term_document_count("drøft", False) == 2
    finally:
        reopened.close()


def test_cached_vectors_come_back_by_text_hash(store):
    found = store.cached_vectors(["hash-aaaaaaaaaaaaaaaa-00001", "unknown"])
    assert list(found) == ["hash-aaaaaaaaaaaaaaaa-00001"] and found["hash-aaaaaaaaaaaaaaaa-00001"].tolist() == [0.5] * 4


def manifest(**changes) -> Manifest:
    values = dict(generation=3, model={"name": "m", "weights_sha256": "0" * 64, "dimension": 4, "normalized": True},
                  faiss={"kind": "flat"}, embed_context="title", paragraphs=4, documents=2,
                  built_at="2026-01-01T00:00:00+00:00", stored_paragraphs=6)
    return Manifest(**{**values, **changes})


def test_the_manifest_is_mirrored_in_the_database(store):
    with store.writing():
        store.set_manifest(manifest())
    with store.reading():
        assert store.manifest() == manifest()


def test_manifest_file_round_trip_and_stamp(tmp_path):
    assert Manifest.stamp(tmp_path) == 0
    manifest().write(tmp_path)
    assert Manifest.read(tmp_path) == manifest() and Manifest.stamp(tmp_path) > 0
    assert manifest().get("paragraphs") == 4 and manifest().to_dict()["format_version"] == FORMAT_VERSION


def test_an_index_of_another_format_asks_for_a_rebuild(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"format_version": 1, "generation": 1}), encoding="utf-8")
    with pytest.raises(IndexDamaged, match=r"format version 1, this program reads 2; rebuild with .*--rebuild"):
        Manifest.read(tmp_path)


def test_no_index_names_the_build_command(tmp_path):
    with pytest.raises(IndexMissing, match="python -m indexer build"):
        Manifest.read(tmp_path)
    with pytest.raises(IndexMissing, match="python -m indexer build"):
        Store.open(tmp_path / "none")


def decision(document: str = "a.pdf") -> Decision:
    return Decision(id=f"{document}-d1", document=document, body="Socialudvalget", meeting_date="2019-05-02",
                    item_number="1", item_title="Husleje", text="Indstillingen blev godkendt.", outcome="approved",
                    paragraph_id=f"{document[0] * 16}-00001", page=2, motion="indstillingen",
                    votes=[Vote("for", ["A", "F"], 5), Vote("against", ["V"], None)], unanimous=False,
                    remarks=["V ønskede tilført beslutningen …"], case_number="2019-0001")


def follow_up(document: str = "a.pdf") -> FollowUp:
    return FollowUp(id=f"fu-{document}", document=document, body="Socialudvalget", meeting_date="2019-05-02",
                    item_number="1", item_title="Husleje", text="Forvaltningen vender tilbage.", who="Forvaltningen",
                    what="Forvaltningen vender tilbage", deadline=None, paragraph_id=f"{document[0] * 16}-00001", page=2,
                    case_number="2019-0001")


def test_decisions_and_follow_ups_round_trip_with_votes(store):
    with store.writing():
        store.add_extraction("a.pdf", [decision()], [follow_up()])
    assert store.decisions() == [decision()] and store.decisions(outcome="rejected") == []
    assert [t.follow_up for t in store.follow_ups()] == [follow_up()]
    assert store.unextracted_documents() == ["b.pdf"]
    assert store.ids_matching(Filters(kind="decisions")) == [vector_id("aaaaaaaaaaaaaaaa-00001")]


def test_documents_read_by_other_extraction_rules_are_counted_until_read_again(store):
    with store.writing():
        store.add_extraction("a.pdf", [decision()], [follow_up()], "rules-1")
        store.add_extraction("b.pdf", [], [], "rules-2")
    assert store.extracted_with_other_rules("rules-2") == 1  # a.pdf; never extracted is not "older"
    with store.writing():
        store.add_extraction("a.pdf", [decision()], [follow_up()], "rules-2")
    assert store.extracted_with_other_rules("rules-2") == 0


def test_marks_outlive_deletes_clears_and_recreated_tables(store):
    with store.writing():
        store.add_extraction("a.pdf", [decision()], [follow_up()])
        store.mark_follow_up("fu-a.pdf", "done", note="svar modtaget", at="2026-01-02T00:00:00+00:00")
    assert [t.status for t in store.follow_ups(status="done")] == ["done"] and store.follow_ups(status="open") == []
    for change in (lambda: store.delete_documents(["a.pdf"]), store.clear, store.recreate):
        with store.writing():
            change()
        assert store.decisions() == [] and store.follow_ups() == []
        assert store.follow_up_marks()["fu-a.pdf"].note == "svar modtaget"


def test_an_index_from_before_a_new_field_gains_its_column_and_reads_it_as_unknown(tmp_path) -> None:
    import sqlite3

    from indexer.store import Store

    Store.open(tmp_path, create=True).close()
    with sqlite3.connect(tmp_path / "archive.sqlite") as conn:  # as an index built before the field
        conn.execute("DROP INDEX paragraphs_case")
        conn.execute('ALTER TABLE paragraphs DROP COLUMN "case_number"')
    Store.open(tmp_path).close()
    with sqlite3.connect(tmp_path / "archive.sqlite") as conn:
        assert "case_number" in {r[1] for r in conn.execute("PRAGMA table_info(paragraphs)")}


def test_a_full_disk_read_as_disk_io_error_is_said_as_full_not_as_a_damaged_index(tmp_path, monkeypatch):
    import shutil
    import sqlite3
    from collections import namedtuple

    from indexer.store import core

    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = sqlite3.SQLITE_IOERR
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(100, 100, 0))
    said = core._unwritable(error, tmp_path, tmp_path / "archive.sqlite")
    assert said is not None and "is full" in str(said) and "no rebuild is needed" in str(said)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**12, 0, 10**12))
    assert core._unwritable(error, tmp_path, tmp_path / "archive.sqlite") is None  # room enough: another fault
