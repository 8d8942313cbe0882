"""The build's line says how many vectors came from a cache, so that "0 embedded" never reads as
"no meaning search" (hashing embedder: no model)."""
from __future__ import annotations

import shutil

import numpy as np

from indexer.build.report import BuildReport
from indexer.build.run import build
from indexer.store.manifest import Manifest
from tests.fakes import HashEmbedder
from tests.paths import SAMPLE_MINUTES


class CachingEmbedder(HashEmbedder):
    """A HashEmbedder with a vector cache, as the real one keeps per machine."""

    def __init__(self) -> None:
        super().__init__()
        self.cache: dict[str, np.ndarray] = {}
        self.embedded = 0  # texts the "model" ran on

    def embed_passages(self, texts, **options) -> np.ndarray:
        fresh = [t for t in dict.fromkeys(texts) if t not in self.cache]
        self.embedded += len(fresh)
        if fresh:
            self.cache.update(zip(fresh, super().embed_passages(fresh, **options)))
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, self.dimension), np.float32)

    def cached_passages(self, texts) -> dict[int, np.ndarray]:
        return {i: self.cache[t] for i, t in enumerate(texts) if t in self.cache}


def test_a_rebuild_whose_vectors_all_come_from_the_machines_cache_says_so(tmp_path):
    shutil.copytree(SAMPLE_MINUTES, tmp_path / "archive")
    embedder = CachingEmbedder()
    first = build(tmp_path / "archive", tmp_path / "index", embedder=embedder)
    assert first.embedded > 0 and first.cached == 0 and "embedded)" in first.summary()
    again = build(tmp_path / "archive", tmp_path / "index", embedder=embedder, rebuild=True)
    assert again.embedded == 0 and again.cached == first.embedded
    assert f"{again.paragraphs} paragraphs (0 embedded, {again.cached} from the cache) in " in again.summary()
    manifest = Manifest.read(tmp_path / "index")
    assert manifest.pending == 0 and manifest.embedded == manifest.paragraphs


def test_a_changed_file_reuses_the_vectors_the_index_holds_of_its_unchanged_paragraphs(tmp_path):
    shutil.copytree(SAMPLE_MINUTES, tmp_path / "archive")
    build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    changed = sorted((tmp_path / "archive").iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nEt nyt afsnit om huslejen på bostederne.\n",
                       encoding="utf-8")
    report = build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder())
    assert report.indexed == [changed.name] and 0 < report.embedded < report.cached
    assert (f"({report.embedded} embedded, {report.cached} from the cache, {report.already_indexed} already indexed)"
            in report.summary()) and _parts_add_up(report)


def test_a_line_without_cached_vectors_keeps_its_form():
    line = BuildReport(indexed=["a.pdf"], paragraphs=12, embedded=12, seconds=1.04).summary()
    assert line == "1 indexed, 0 unchanged, 0 removed, 0 skipped; 12 paragraphs (12 embedded) in 1.0s"


# One paragraph stands twice in the same document under the same heading: its text is embedded once.
REPEATED = ("Brydehuset tilbyder rådgivning og behandling til borgere med et alkoholproblem; henvendelse kan ske "
            "anonymt alle hverdage, og der er ingen ventetid på den første samtale med en behandler.")
OTHERS = ("Afgiftning og stabilisering kan tilbydes i intensivt regi efter behov og vurdering, og motion, "
          "sundhedssamtaler og akupunktur kan indgå som en del af den samlede behandling af borgeren.",
          "Opfølgning sker løbende, og målet for handleplanen er, at brugeren opnår størst mulig motivation, egen "
          "indsigt og tager ansvar for efterlevelsen af indholdet i planen sammen med lægen.")


def _parts_add_up(report: BuildReport) -> bool:
    return report.embedded + report.cached + report.repeated + report.already_indexed == report.paragraphs


def test_the_build_lines_parts_add_up_to_its_paragraphs_naming_repeated_texts_and_those_already_indexed(tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(SAMPLE_MINUTES, archive)
    (archive / "standard.txt").write_text("Kvalitetsstandard for alkoholbehandling\n\n" + "\n\n".join(
        [OTHERS[0], REPEATED, OTHERS[1], REPEATED]) + "\n", encoding="utf-8")
    first = build(archive, tmp_path / "index", embedder=HashEmbedder())
    assert first.repeated == 1 and first.already_indexed == 0 and _parts_add_up(first)
    assert (f"{first.paragraphs} paragraphs ({first.embedded} embedded, 1 sharing another paragraph's text) in "
            in first.summary())
    (archive / "more.txt").write_text("Referat\n\n" + OTHERS[0].replace("akupunktur", "NADA") + "\n", encoding="utf-8")
    second = build(archive, tmp_path / "index", embedder=HashEmbedder())
    assert second.already_indexed == first.paragraphs and _parts_add_up(second)
    assert f"({second.embedded} embedded, {first.paragraphs} already indexed) in " in second.summary()
    saved = second.to_dict()
    assert (saved["repeated"], saved["already_indexed"]) == (0, first.paragraphs)
