"""Building the index: incremental updates keep SQLite and FAISS in step; duplicates, decomposed
names and unreadable files are reported, never a traceback.

The bookkeeping tests embed with `HashEmbedder` (no model): they check which paragraphs
and vectors exist, not what the vectors mean.
"""
from __future__ import annotations

import json

import shutil
import unicodedata
from pathlib import Path

import pytest

from indexer.store import vectors
from indexer.build.run import build
from indexer.errors import REASONS, BuildLocked, IndexDamaged, IndexMissing, ModelMismatch
from indexer.store.manifest import Manifest
from indexer.records import Filters
from indexer.search.archive import Archive
from indexer.store import Store, build_lock, faiss_path

from .fakes import HashEmbedder


ORIGINAL = "minutes/001_70c5ef0d973b6080.txt"


def index_state(index_dir: Path) -> tuple[set[str], set[int]]:
    """(searchable paragraph ids in SQLite, vector ids in FAISS) of the committed generation; asserts they agree."""
    import faiss

    store = Store.open(index_dir)
    with store.reading():
        manifest = store.manifest()
        vec_ids, _ = store.searchable_vectors(set(), manifest.model["dimension"])
        rows = store.hits(vec_ids.tolist())
    store.close()
    index = vectors.read_index(faiss_path(index_dir, manifest.generation))
    faiss_ids = set(int(i) for i in faiss.vector_to_array(index.id_map))
    assert set(rows) == faiss_ids
    return {hit.id for hit in rows.values()}, faiss_ids


def ids_of(index_dir: Path, *documents: str) -> set[str]:
    store = Store.open(index_dir)
    with store.reading():
        ids = {hit.id for document in documents for hit in store.document_paragraphs(document)}
    store.close()
    return ids


def catalog_of(index_dir: Path, document: str) -> dict:
    store = Store.open(index_dir)
    with store.reading():
        found = next(d for d in store.documents() if d["path"] == document)
        known = store.known_documents()[document]
    store.close()
    catalog = json.loads(known.catalog)
    catalog.pop("text reader", None)  # the reading's version, kept beside the catalog's row
    return {"title": found["title"], "catalog": json.dumps(catalog, sort_keys=True, ensure_ascii=False)}


def test_build_indexes_every_sample_minute(minutes_archive, tmp_path, embedder):
    report = build(minutes_archive, tmp_path / "index", embedder=embedder)
    assert len(report.indexed) == 5 and not report.skipped
    ids, faiss_ids = index_state(tmp_path / "index")
    assert len(ids) == len(faiss_ids) == report.paragraphs > 50


def test_rebuild_of_unchanged_archive_embeds_nothing(minutes_archive, tmp_path):
    first = build(minutes_archive, tmp_path / "index", embedder=HashEmbedder())
    before = index_state(tmp_path / "index")
    second = build(minutes_archive, tmp_path / "index", model="test/hash-embedder")  # must not load a model
    assert second.embedded == 0 and len(second.unchanged) == 5 and not second.indexed
    assert second.generation == first.generation
    assert index_state(tmp_path / "index") == before


def test_edit_add_delete_leave_exactly_the_right_paragraphs(minutes_archive, tmp_path):
    index_dir, embedder = tmp_path / "index", HashEmbedder()
    build(minutes_archive, index_dir, embedder=embedder)
    edited = minutes_archive / "minutes" / "001_70c5ef0d973b6080.txt"
    deleted = minutes_archive / "minutes" / "003_27f82d4ab2ec9f88.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nTilføjet afsnit om huslejestigninger på "
                      "bostederne, som blev drøftet grundigt på mødet i december.\n", encoding="utf-8")
    deleted.unlink()
    (minutes_archive / "minutes" / "new.txt").write_text(
        "Referat af møde i Brugerrådet\n\nBrugerrådet drøftede personalegennemstrømning på "
        "botilbuddene og bad forvaltningen om en status til næste møde.\n", encoding="utf-8")
    untouched_docs = ("minutes/000_e9b7192dbc8b80a1.txt", "minutes/002_c6494850ffb86ef0.txt",
                      "minutes/004_d9519e1c86cf0307.txt")
    untouched_before = ids_of(index_dir, *untouched_docs)
    embedded_before = embedder.passages
    report = build(minutes_archive, index_dir, embedder=embedder)
    assert sorted(report.indexed) == ["minutes/001_70c5ef0d973b6080.txt", "minutes/new.txt"]
    assert report.removed == ["minutes/003_27f82d4ab2ec9f88.txt"]
    ids_after, _ = index_state(index_dir)
    assert ids_of(index_dir, "minutes/003_27f82d4ab2ec9f88.txt") == set()
    assert ids_of(index_dir, "minutes/new.txt")
    untouched = ids_of(index_dir, *untouched_docs)
    assert untouched == untouched_before and untouched <= ids_after  # untouched documents keep their ids
    # Re-embedding only what is new: the edited file's old paragraphs reuse their vectors.
    assert report.embedded == embedder.passages - embedded_before < 10


def test_same_ids_when_a_file_is_reingested(minutes_archive, tmp_path):
    build(minutes_archive, tmp_path / "one", embedder=HashEmbedder())
    build(minutes_archive, tmp_path / "two", embedder=HashEmbedder())
    assert index_state(tmp_path / "one")[0] == index_state(tmp_path / "two")[0]


@pytest.mark.parametrize("copy_name", ["copy.txt", "zz-copy.txt"])  # sorting before and after the original
def test_duplicate_file_in_a_fresh_build_is_reported_once(minutes_archive, tmp_path, copy_name):
    shutil.copy(minutes_archive / ORIGINAL, minutes_archive / copy_name)
    report = build(minutes_archive, tmp_path / "index", embedder=HashEmbedder())
    first, second = sorted([ORIGINAL, copy_name])
    duplicate = next(s for s in report.skipped if s.code == "duplicate")
    assert (duplicate.path, duplicate.params) == (second, {"original": first})
    assert duplicate.reason == REASONS["duplicate"].format(original=first)
    assert first in report.indexed and second not in report.indexed
    assert report.paragraphs == len(index_state(tmp_path / "index")[0])


@pytest.mark.parametrize("copy_name", ["copy.txt", "uploads/000-copy-2.txt", "zz-copy.txt"])
def test_a_copy_of_an_indexed_file_added_later_is_a_duplicate_of_it(minutes_archive, tmp_path, copy_name):
    index_dir = tmp_path / "index"
    first = build(minutes_archive, index_dir, embedder=HashEmbedder())
    (minutes_archive / copy_name).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(minutes_archive / ORIGINAL, minutes_archive / copy_name)
    for _ in range(2):  # and again: a duplicate never blocks later updates
        report = build(minutes_archive, index_dir, embedder=HashEmbedder())
        assert [(s.path, s.code, s.params) for s in report.skipped] == [(copy_name, "duplicate", {"original": ORIGINAL})]
        assert ORIGINAL in report.unchanged and not report.indexed and not report.removed
        assert report.paragraphs == first.paragraphs == len(index_state(index_dir)[0])
    # A new file after the copy is still indexed.
    (minutes_archive / "minutes" / "new.txt").write_text("Referat\n\nBrugerrådet drøftede ventelister på "
                                                    "bostederne og bad om en status.\n", encoding="utf-8")
    assert build(minutes_archive, index_dir, embedder=HashEmbedder()).indexed == ["minutes/new.txt"]


def test_when_the_original_goes_its_copy_takes_over(minutes_archive, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copy(minutes_archive / ORIGINAL, minutes_archive / "copy.txt")
    build(minutes_archive, index_dir, embedder=HashEmbedder())  # copy.txt indexed, the original its duplicate
    (minutes_archive / "copy.txt").unlink()
    report = build(minutes_archive, index_dir, embedder=HashEmbedder())
    assert report.indexed == [ORIGINAL] and report.removed == ["copy.txt"] and not report.skipped
    assert len(index_state(index_dir)[0]) == report.paragraphs


def test_a_decomposed_file_name_keeps_its_catalog_row(tmp_path):
    minutes_archive, index_dir = tmp_path / "archive", tmp_path / "index"
    minutes_archive.mkdir()
    name = "Møde på Østerbro.txt"
    (minutes_archive / unicodedata.normalize("NFD", name)).write_text(
        "Referat\n\nUdvalget drøftede bostøtte og huslejestigninger på Østerbro.\n", encoding="utf-8")
    catalog = minutes_archive / "catalog.csv"
    catalog.write_text(f"path,title\n{name},Første titel\n", encoding="utf-8")
    report = build(minutes_archive, index_dir, embedder=HashEmbedder())
    assert report.indexed == [name]
    assert catalog_of(index_dir, name) == {"title": "Første titel", "catalog": '{"title": "Første titel"}'}
    catalog.write_text(f"path,title\n{name},Anden titel\n", encoding="utf-8")
    report = build(minutes_archive, index_dir, embedder=HashEmbedder())
    assert report.indexed == [name] and catalog_of(index_dir, name)["title"] == "Anden titel"


def test_unreadable_files_are_skipped_with_a_code(minutes_archive, tmp_path):
    (minutes_archive / "empty.txt").write_bytes(b"")
    (minutes_archive / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    report = build(minutes_archive, tmp_path / "index", embedder=HashEmbedder())
    assert {(s.path, s.code) for s in report.skipped} == {("empty.txt", "empty"), ("photo.jpg", "unsupported")}
    assert next(s for s in report.skipped if s.code == "unsupported").params == {"suffix": ".jpg"}
    assert "empty.txt (" in report.summary() and len(report.indexed) == 5


def test_a_file_that_turns_unreadable_keeps_its_previous_version(minutes_archive, tmp_path):
    index_dir = tmp_path / "index"
    build(minutes_archive, index_dir, embedder=HashEmbedder())
    before = ids_of(index_dir, ORIGINAL)
    (minutes_archive / ORIGINAL).write_bytes(b"\x00\x01\x02" * 2000)
    report = build(minutes_archive, index_dir, embedder=HashEmbedder())
    [skipped] = report.skipped
    assert (skipped.path, skipped.code, skipped.params["cause"]) == (ORIGINAL, "kept_previous", "binary")
    assert ids_of(index_dir, ORIGINAL) == before


@pytest.mark.parametrize("inside", ["idx", "."])
def test_an_index_kept_inside_the_archive_is_never_read_as_records(minutes_archive, tmp_path, inside):
    index_dir = minutes_archive / inside
    for _ in range(2):  # the second build finds the first one's database, manifest, FAISS files …
        report = build(minutes_archive, index_dir, embedder=HashEmbedder())
        assert report.skipped == [] and not any(name.startswith(("idx/", "archive.", "vectors-"))
                                                for name in report.indexed + report.unchanged)
    assert len(report.unchanged) == 5


def test_an_empty_or_missing_archive_folder_says_so_and_creates_no_index(tmp_path):
    from click.testing import CliRunner

    from indexer.cli import main
    from indexer.errors import InvalidInput

    (tmp_path / "empty").mkdir()
    with pytest.raises(InvalidInput, match="^no records found in .*empty: nothing to index$"):
        build(tmp_path / "empty", tmp_path / "index", embedder=HashEmbedder())
    with pytest.raises(InvalidInput, match="^no archive folder .*missing$"):
        build(tmp_path / "missing", tmp_path / "index", embedder=HashEmbedder())
    assert not (tmp_path / "index").exists()
    result = CliRunner().invoke(main, ["build", str(tmp_path / "empty"), "--index", str(tmp_path / "index")])
    assert result.exit_code == 1 and "no records found in" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "index").exists()


def test_a_wrong_empty_folder_given_for_a_full_index_removes_nothing(minutes_archive, tmp_path):
    from indexer.errors import InvalidInput

    build(minutes_archive, tmp_path / "index", embedder=HashEmbedder())
    before = Manifest.read(tmp_path / "index").documents
    (tmp_path / "empty").mkdir()
    with pytest.raises(InvalidInput, match=rf"^no records found in .*empty, and the index .* holds {before} documents: "
                                           "nothing was removed"):
        build(tmp_path / "empty", tmp_path / "index", embedder=HashEmbedder())
    assert before and Manifest.read(tmp_path / "index").documents == before


def test_two_builds_at_once_are_refused(minutes_archive, tmp_path, monkeypatch):
    monkeypatch.setattr("indexer.store.files.LOCK_PATIENCE_S", 0.1)  # the second build waits that long, not 1 s
    with build_lock(tmp_path / "index"):
        with pytest.raises(BuildLocked, match="another build is running"):
            build(minutes_archive, tmp_path / "index")


def test_other_model_is_a_clear_error(minutes_archive, tmp_path):
    build(minutes_archive, tmp_path / "index", embedder=HashEmbedder())
    with pytest.raises(ModelMismatch, match=r"built with .*--rebuild"):
        build(minutes_archive, tmp_path / "index", model="sentence-transformers/all-MiniLM-L6-v2")


def test_opening_a_missing_index_names_the_build_command(tmp_path):
    with pytest.raises(IndexMissing, match="python -m indexer build"):
        Archive.open(tmp_path / "nothing")


def test_damaged_indexes_are_detected_on_open(minutes_archive, tmp_path):
    index_dir = tmp_path / "index"
    report = build(minutes_archive, index_dir, embedder=HashEmbedder())
    faiss_file = faiss_path(index_dir, report.generation)
    faiss_file.write_bytes(faiss_file.read_bytes()[:1000])
    with pytest.raises(IndexDamaged, match="--rebuild"):
        Archive.open(index_dir, embedder=HashEmbedder())


def test_an_index_of_the_previous_format_asks_for_a_rebuild_and_rebuilds(minutes_archive, tmp_path):
    index_dir = tmp_path / "index"
    build(minutes_archive, index_dir, embedder=HashEmbedder())
    store = Store.open(index_dir)
    old = Manifest.read(index_dir).to_dict() | {"format_version": 1}
    with store.writing():
        store.recreate()  # the old tables differ; only their meta matters here
        store.set_manifest(Manifest.from_dict(old))
    store.close()
    Manifest.from_dict(old).write(index_dir)
    with pytest.raises(IndexDamaged, match="format version 1.*--rebuild"):
        Archive.open(index_dir)
    with pytest.raises(IndexDamaged, match="format version 1.*--rebuild"):
        build(minutes_archive, index_dir, embedder=HashEmbedder())
    report = build(minutes_archive, index_dir, embedder=HashEmbedder(), rebuild=True)
    assert len(report.indexed) == 5 and Manifest.read(index_dir).format_version == 2


def test_changing_what_is_embedded_re_embeds_everything(minutes_archive, tmp_path, monkeypatch):
    from indexer.embed import passages

    index_dir = tmp_path / "index"
    first = build(minutes_archive, index_dir, embedder=HashEmbedder())
    monkeypatch.setattr(passages, "EMBED_CONTEXT", "heading")
    second = build(minutes_archive, index_dir, embedder=HashEmbedder())
    assert sorted(second.indexed) == sorted(first.indexed) and second.embedded > 0
    assert Manifest.read(index_dir).embed_context == "heading"
    assert len(index_state(index_dir)[0]) == second.paragraphs



def test_a_committees_name_is_not_the_theme_it_is_named_after():
    from indexer.embed.passages import lexical_text
    from indexer.records import Paragraph

    def indexed(text: str) -> set[str]:
        return set(lexical_text(Paragraph(id="p", document="d", position=0, text=text)).split())

    for name in ("Klima-, Teknik- og Miljøudvalget.", "Klima,- Teknik- og Miljøudvalgets kalender",
                 "Skole-, Børne- og Ungeudvalget, Økonomiudvalget og Byrådet.", "Klima-, Teknik og Miljøudvalget.",
                 "Klima- Teknik og Miljøudvalget og Skole, Børne - og Ungeudvalget."):
        assert not indexed(name) & {"klima", "skol", "økonomiudvalg", "miljøudvalg"}, name
    assert {"klimatilpasning", "skol"} <= indexed("Klimatilpasning ved skolen drøftes i Klima-, Teknik- og Miljøudvalget")


def test_words_indexed_otherwise_are_indexed_again_on_the_next_build_without_embedding(tmp_path, monkeypatch):
    from indexer.embed import passages

    archive_dir, index_dir = tmp_path / "archive", tmp_path / "index"
    archive_dir.mkdir()
    (archive_dir / "routing.txt").write_text("Sagen sendes til Klima-, Teknik- og Miljøudvalget.\n", encoding="utf-8")
    (archive_dir / "theme.txt").write_text("Klimatilpasning af Strandvejen drøftes.\n", encoding="utf-8")
    monkeypatch.setattr(passages, "LEXICAL_VERSION", 1)
    monkeypatch.setattr(passages, "fold_committees", lambda text: text)  # as version 1 indexed words
    build(archive_dir, index_dir, embedder=HashEmbedder())
    assert Manifest.read(index_dir).lexical == 1
    search = lambda: Archive.open(index_dir, embedder=HashEmbedder()).search("klima", mode="lexical")  # noqa: E731
    assert {h.document for h in search().hits} == {"routing.txt", "theme.txt"}
    monkeypatch.undo()
    embedder = HashEmbedder()
    report = build(archive_dir, index_dir, embedder=embedder)
    assert embedder.passages == 0 and report.indexed == [] and Manifest.read(index_dir).lexical == passages.LEXICAL_VERSION
    assert [h.document for h in search().hits] == ["theme.txt"]


SHARED = ("Udvalget besluttede at forhøje tilskuddet til væresteder med virkning fra "
          "januar, og forvaltningen blev bedt om at orientere brugerrådene")


def _two_documents(tmp_path, first: tuple[str, str], second: tuple[str, str]) -> Archive:
    """An index of two minutes, each (file name, its last paragraph) after a paragraph of its own."""
    minutes_archive, index_dir = tmp_path / "archive", tmp_path / "index"
    minutes_archive.mkdir()
    (minutes_archive / first[0]).write_text(
        f"Dagsordenspunkt\n\nSagen blev forelagt udvalget af direktøren for socialforvaltningen.\n\n{first[1]}\n",
        encoding="utf-8")
    (minutes_archive / second[0]).write_text(
        f"Referat\n\nMødet åbnede med en orientering om budgettet for de kommende år.\n\n{second[1]}\n",
        encoding="utf-8")
    build(minutes_archive, index_dir, embedder=HashEmbedder())
    return Archive.open(index_dir, embedder=HashEmbedder())


def test_the_same_paragraph_in_two_documents_is_one_result_naming_both(tmp_path):
    archive = _two_documents(tmp_path, ("a-punkt.txt", f"{SHARED}."), ("b-referat.txt", f"{SHARED}."))
    results = archive.search("væresteder tilskuddet", k=10, mode="lexical")
    assert results.total == len(results) == 1
    [hit] = results
    assert hit.text.endswith("orientere brugerrådene.") and {hit.document, *hit.also_in} == {"a-punkt.txt", "b-referat.txt"}
    assert hit.to_json()["also_in"] == hit.also_in and len(hit.also_in) == 1
    archive.close()


def test_a_near_copy_in_a_later_meeting_is_one_result_counted_for_both_meetings(tmp_path):
    # the council's copy: a date added
    archive = _two_documents(tmp_path, ("a-udvalg.txt", f"{SHARED}."), ("b-byraad.txt", f"{SHARED} 24-01-2022."))
    results = archive.search("væresteder tilskuddet", k=10, mode="lexical")
    assert results.total == len(results) == 1
    [hit] = results
    assert {hit.document, *hit.also_in} == {"a-udvalg.txt", "b-byraad.txt"} and len(hit.also_in) == 1
    assert results.facets.total == 1 and results.facets.documents == {"a-udvalg.txt": 1, "b-byraad.txt": 1}
    assert [h.id for h in archive.search("væresteder tilskuddet", k=None, mode="lexical")] == [hit.id]
    narrowed = archive.search("væresteder tilskuddet", k=10, mode="lexical",
                              filters=Filters(documents=("b-byraad.txt",)))
    assert [h.document for h in narrowed] == ["b-byraad.txt"] and narrowed.facets.documents == results.facets.documents
    assert narrowed.facets.doc_types == {"referat": 1} != results.facets.doc_types  # the council's copy alone
    archive.close()


def test_a_total_said_to_be_exact_is_the_number_of_every_result(minutes_archive, tmp_path, monkeypatch):
    import indexer.search.rank as rank

    build(minutes_archive, tmp_path / "index", embedder=HashEmbedder())
    archive = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    monkeypatch.setattr(rank, "CANDIDATES", 20)  # a first page's pool that a common word fills
    said = {}
    for query in ("huslejestigninger", "og", "bostøtte", "møde"):
        first, every = archive.search(query, k=10, mode="lexical"), archive.search(query, k=None, mode="lexical")
        said[query] = first.complete
        assert first.total <= every.total and (not first.complete or first.total == every.total), query
    assert True in said.values() and False in said.values()  # both kinds were asked
    archive.close()


def test_filters_narrow_the_hits_but_not_the_facet_counts(minutes_archive, tmp_path):
    build(minutes_archive, tmp_path / "index", embedder=HashEmbedder())
    archive = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    everything = archive.search("bosteder husleje", k=3, mode="lexical")
    document = sorted(everything.facets.documents)[0]
    narrowed = archive.search("bosteder husleje", k=3, mode="lexical", filters=Filters(documents=(document,)))
    assert narrowed.facets.documents == everything.facets.documents and everything.total == everything.facets.total > 3
    assert sum(narrowed.facets.doc_types.values()) == narrowed.total  # the other facets: within the document
    assert narrowed.total == everything.facets.documents[document] and {h.document for h in narrowed} == {document}
    every_page = archive.search("bosteder husleje", k=None, mode="lexical")
    assert len(every_page) == everything.total
    assert [h.id for h in every_page][3:6] == [h.id for h in archive.search("bosteder husleje", k=3, offset=3,
                                                                          mode="lexical")]
    archive.close()


def test_each_changed_file_is_hashed_once_and_unchanged_ones_not_at_all(minutes_archive, tmp_path, monkeypatch):
    from indexer.ingest import read
    from indexer.ingest import scan as sources

    hashed: list[str] = []

    def counting(path):
        hashed.append(Path(path).name)
        return real(path)

    real = read.sha256_file
    monkeypatch.setattr(sources, "sha256_file", counting)
    monkeypatch.setattr(read, "sha256_file", counting)
    build(minutes_archive, tmp_path / "index", embedder=HashEmbedder())
    assert sorted(hashed) == sorted(p.name for p in (minutes_archive / "minutes").iterdir())
    hashed.clear()
    build(minutes_archive, tmp_path / "index", embedder=HashEmbedder())
    assert hashed == []


def test_a_periods_timeline_counts_a_results_copies_only_within_the_period(tmp_path):
    from .firstagenda import write_meeting

    # the committee's text again in the council's papers a month later: one result, counted at both meetings on the
    # timeline, and a period of the committee's month alone counts it there only
    text = ("Væresteder for hjemløse får tilskuddet forlænget, og administrationen vil orientere brugerrådene om "
            "de nye regler for tilskuddet til væresteder.")
    write_meeting(tmp_path / "archive" / "udvalg", "Socialudvalget", "2023-03-06",
                  [("23-000100", "Tilskud til væresteder", [("Sagsbeskrivelse", text)])])
    write_meeting(tmp_path / "archive" / "byraad", "Byrådet", "2023-04-17",
                  [("23-000100", "Tilskud til væresteder", [("Sagsbeskrivelse", text)])])
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    archive = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    everything = archive.search("væresteder tilskuddet", k=10, mode="lexical")
    assert len(everything) == 1 and everything.hits[0].also_in  # one result, in both meetings' papers
    assert sorted((row.date, row.count) for row in everything.timeline) == [("2023-03-06", 1), ("2023-04-17", 1)]
    march = archive.search("væresteder tilskuddet", k=10, mode="lexical",
                           filters=Filters(date_from="2023-03-01", date_to="2023-03-31"))
    assert [(row.date, row.count) for row in march.timeline] == [("2023-03-06", 1)]
    archive.close()
