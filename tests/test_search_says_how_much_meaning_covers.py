"""While paragraphs wait for their vectors (a build stopped after committing the text), a search by
meaning covers only part of the archive: the command line says so in one line, and its JSON and the
API's /search say how many paragraphs have their vector (`vectors`) (hashing embedder: no model)."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from indexer.api import ApiSettings, create_app
from indexer.build.run import BuildInterrupted, build
from indexer.cli import main
from indexer.store.manifest import Manifest
from tests.fakes import HashEmbedder
from tests.paths import SAMPLE_MINUTES


@pytest.fixture
def hashed(monkeypatch):
    """The command line with the hashing embedder in place of the model."""
    monkeypatch.setattr("indexer.embed.embedder.Embedder", lambda *args, **kwargs: HashEmbedder())


def _stopped_while_embedding(stage: str, done: int, total: int) -> None:
    if stage == "embed" and done:
        raise KeyboardInterrupt


@pytest.fixture
def half_built(tmp_path):
    """An index whose build stopped after its text was committed: every paragraph waits for its vector."""
    shutil.copytree(SAMPLE_MINUTES, tmp_path / "archive")
    with pytest.raises(BuildInterrupted):
        build(tmp_path / "archive", tmp_path / "index", embedder=HashEmbedder(), progress=_stopped_while_embedding)
    manifest = Manifest.read(tmp_path / "index")
    assert manifest.pending
    return tmp_path / "index", manifest


def test_a_search_while_paragraphs_wait_for_vectors_says_how_much_meaning_covers(half_built, hashed):
    index, manifest = half_built
    result = CliRunner().invoke(main, ["search", "husleje", "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (
        f"meaning-based search covers {manifest.embedded:,} of {manifest.paragraphs:,} paragraphs; the rest are "
        "found by their words until `build` finishes")
    dense = CliRunner().invoke(main, ["search", "husleje", "--mode", "dense", "--index", str(index)])
    assert dense.stderr.strip().endswith("the rest are not searched until `build` finishes")  # no words to find them
    found = CliRunner().invoke(main, ["search", "husleje", "--json", "--index", str(index)])
    assert json.loads(found.stdout)["vectors"] == {"covered": manifest.embedded, "total": manifest.paragraphs}
    api = TestClient(create_app(ApiSettings(index_dir=index), embedder=HashEmbedder()))
    answer = api.get("/search", params={"q": "husleje"})
    assert answer.status_code == 200 and answer.json()["vectors"] == {"covered": manifest.embedded,
                                                                       "total": manifest.paragraphs}


def test_a_search_of_a_finished_index_says_nothing_of_vectors_but_counts_them(half_built, hashed):
    index, _ = half_built
    build(index.parent / "archive", index, embedder=HashEmbedder())
    manifest = Manifest.read(index)
    result = CliRunner().invoke(main, ["search", "husleje", "--index", str(index)])
    assert result.exit_code == 0 and "meaning-based" not in result.output
    found = CliRunner().invoke(main, ["search", "husleje", "--json", "--index", str(index)])
    assert json.loads(found.stdout)["vectors"] == {"covered": manifest.paragraphs, "total": manifest.paragraphs}
