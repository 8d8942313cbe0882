"""Adapting the model to an archive: pairs from its own paragraphs, a fixed held-out slice, a
model directory written whole and used like any other."""
from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from indexer.build.adapt import REPORT_FILE, Pair, adapt_pairs, archive_pairs, held_out
from indexer.cli import main
from indexer.records import Paragraph

from .paths import SAMPLE_ARCHIVE

LONG = "Udvalget drøftede forslaget om nye boliger til borgere med psykiske lidelser og bad om et notat. "


def paragraph(document: str, position: int, text: str, item: str | None = "1", title: str | None = None,
              **fields) -> Paragraph:
    return Paragraph(id=f"{document}-{position}", document=document, position=position, text=text,
                     item_number=item, item_title=title, **fields)


def test_an_item_title_is_paired_with_the_first_paragraph_of_its_item_that_says_something():
    pairs = archive_pairs([
        paragraph("a.json", 0, "Boliger til borgere med psykiske lidelser", title="Boliger til borgere med psykiske lidelser",
                  is_heading=True),
        paragraph("a.json", 1, "Godkendt.", title="Boliger til borgere med psykiske lidelser"),
        paragraph("a.json", 2, LONG, title="Boliger til borgere med psykiske lidelser"),
        paragraph("a.json", 3, LONG + "Igen.", title="Boliger til borgere med psykiske lidelser"),
        paragraph("a.json", 4, LONG + "Budget.", item="2", title="Budget 2025 for socialområdet"),
    ])
    assert pairs == [Pair("Boliger til borgere med psykiske lidelser", LONG, "a.json"),
                     Pair("Budget 2025 for socialområdet", LONG + "Budget.", "a.json")]


def test_standing_items_and_a_title_heard_again_give_one_pair_or_none():
    paragraphs = [paragraph(f"m{n}.json", 0, LONG, title="Meddelelser") for n in range(5)]
    paragraphs += [paragraph(f"m{n}.json", 1, LONG + str(n), item="2", title="Ny skolestruktur") for n in range(2)]
    paragraphs += [paragraph("m0.json", 2, "Kort.", item="3", title="Vejbelysning på Strandvejen")]
    paragraphs += [paragraph("m0.json", 3, "Vejbelysning på Strandvejen: " + LONG, item="3",
                             title="Vejbelysning på Strandvejen")]  # its text only repeats the title first
    assert [(p.query, p.document) for p in archive_pairs(paragraphs)] == [("Ny skolestruktur", "m0.json")]


def test_the_held_out_slice_is_fixed_by_title_whatever_the_case_or_spacing():
    titles = [f"Lokalplan nr. {n} for boliger" for n in range(200)]
    slice_ = [t for t in titles if held_out(Pair(t, LONG, "a"))]
    assert 0 < len(slice_) < 60
    assert all(held_out(Pair("  " + t.upper() + " ", "x", "b")) for t in slice_)


def test_adapt_never_replaces_a_folder_that_is_not_an_adapted_model(tmp_path):
    keep = tmp_path / "archive"
    keep.mkdir()
    (keep / "referat.txt").write_text("Referat", encoding="utf-8")
    result = CliRunner().invoke(main, ["adapt", "--index", str(tmp_path / "index"), "--out", str(keep)])
    assert result.exit_code == 1 and result.output.strip().count("\n") == 0
    assert "is not an adapted model" in result.output and (keep / "referat.txt").is_file()


def test_adapt_without_an_index_says_how_to_build_one_in_one_line(tmp_path):
    result = CliRunner().invoke(main, ["adapt", "--index", str(tmp_path / "none"), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1 and result.output.strip().count("\n") == 0
    assert "python -m indexer build" in result.output and not (tmp_path / "m").exists()


@pytest.mark.slow
def test_an_adapted_model_is_written_whole_and_embeds_unlike_the_original(tmp_path, embedder):
    from indexer.embed.embedder import Embedder
    from indexer.ingest.pipeline import ingest_file

    # the PDFs too: enough agenda item titles for a held-out tenth of at least MIN_HELD_OUT
    paragraphs = [p for folder in ("greve", "minutes", "folketinget", "pdfs")
                  for f in sorted((SAMPLE_ARCHIVE / folder).iterdir()) if f.is_file()
                  for p in ingest_file(f, root=SAMPLE_ARCHIVE)[1]]
    pairs = archive_pairs(paragraphs)
    out = tmp_path / "adapted"
    report = adapt_pairs("intfloat/multilingual-e5-small", embedder.model_dir, pairs, out, batch_size=8,
                         max_tokens=48, max_pairs=16, device="cpu", progress=False)
    assert (report.pairs_trained, report.steps, report.pairs_held_out) == (16, 2, sum(map(held_out, pairs)))
    assert json.loads((out / REPORT_FILE).read_text())["after"] == {"recall_at_1": report.after.recall_at_1,
                                                                      "mrr_at_10": report.after.mrr_at_10}
    adapted = Embedder(out, backend="torch", vector_cache=False)  # as an index records it: by its absolute path
    assert adapted.identity.weights_sha256 == json.loads((out / "build-info.json").read_text())["weights_sha256"]
    assert adapted.identity.name == str(out.resolve())
    before, after = embedder.embed_queries(["husleje"])[0], adapted.embed_queries(["husleje"])[0]
    assert 0.9 < float(np.dot(before, after)) < 0.99999
    assert report.english_kept > 0.9


def test_a_model_directory_is_known_by_its_absolute_path_so_an_index_opens_from_anywhere(tmp_path, monkeypatch):
    from indexer.embed.embedder import resolve_model

    (tmp_path / "adapted").mkdir()
    monkeypatch.chdir(tmp_path)
    assert resolve_model("adapted") == (str(tmp_path.resolve() / "adapted"), tmp_path.resolve() / "adapted")


def test_an_index_built_with_an_adapted_model_keeps_only_the_archives_own_threshold(minutes_archive, tmp_path):
    # The least cosine of the floor was measured on the bundled model; an adapted model places related
    # text lower, and under it every question would be answered "no good match".
    from dataclasses import replace

    from indexer.build import build
    from indexer.search.archive import Archive
    from indexer.search.rank import FLOORS

    from .fakes import HashEmbedder

    model_dir = tmp_path / "adapted"
    model_dir.mkdir()
    (model_dir / "build-info.json").write_text(json.dumps({"adapted_from": "intfloat/multilingual-e5-small"}))
    adapted = HashEmbedder()
    adapted.identity = replace(HashEmbedder.identity, name=str(model_dir))
    floors = {}
    for name, embedder in (("bundled scale", HashEmbedder()), ("adapted", adapted)):
        build(minutes_archive, tmp_path / name, embedder=embedder)
        archive = Archive.open(tmp_path / name, embedder=embedder)
        archive.search("huslejestigninger", k=1)
        floors[name] = archive._floor("hybrid")
    assert floors["bundled scale"] == FLOORS["hybrid"]
    assert floors["adapted"] == replace(FLOORS["hybrid"], dense=None)
