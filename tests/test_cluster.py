"""Building on a Ray cluster: the same index as a local build, faults retried, bad files reported.

The cluster tests start a local Ray cluster with two embedding workers on this machine and
build a few small files of the sample archive plus one unreadable file through it. During
that build one reading worker and one embedding worker kill themselves (SIGKILL) on their
first task; Ray must run those tasks again on fresh processes.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from indexer.build.cluster import KILL_DIR_ENV, Cluster, ClusterUnavailable
from indexer.store import Store

from .paths import SAMPLE_ARCHIVE

FILES = [
    "folketinget/folketinget-2019-09-10-1300.txt",
    "folketinget/folketinget-2019-09-12-1000.txt",
    "minutes/001_70c5ef0d973b6080.txt",
]
BROKEN = "minutes/broken.txt"  # binary bytes under a text name: unreadable


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory) -> Path:
    archive = tmp_path_factory.mktemp("cluster") / "archive"
    for name in FILES:
        (archive / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE_ARCHIVE / name, archive / name)
    (archive / BROKEN).write_bytes(bytes(range(256)) * 8)
    lines = (SAMPLE_ARCHIVE / "catalog.csv").read_text(encoding="utf-8").splitlines()
    (archive / "catalog.csv").write_text(
        "\n".join([lines[0]] + [line for line in lines[1:] if line.split(",")[0] in FILES]) + "\n",
        encoding="utf-8")
    return archive


@pytest.fixture(scope="module")
def local_build(small_archive, tmp_path_factory, embedder):
    from indexer.build.run import build

    index_dir = tmp_path_factory.mktemp("local") / "index"
    return build(small_archive, index_dir, embedder=embedder), index_dir


@pytest.fixture(scope="module")
def cluster_build(small_archive, tmp_path_factory):
    """A build through two workers, one reader and one embedder killed on their first task."""
    from indexer.build.run import build

    kill_dir = tmp_path_factory.mktemp("kills")
    (kill_dir / "kill-read").touch()
    (kill_dir / "kill-embed").touch()
    index_dir = tmp_path_factory.mktemp("on-cluster") / "index"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KILL_DIR_ENV, str(kill_dir))  # reaches the workers with the cluster's start
        # No vector cache: the workers must really embed, not find the local build's vectors.
        with Cluster("local", workers=2, vector_cache=False) as cluster:
            report = build(small_archive, index_dir, cluster=cluster)
            loads = list(cluster.loads)
    return report, index_dir, kill_dir, loads


def _paragraphs(index_dir: Path) -> dict[str, tuple[str, int, str | None, np.ndarray | None]]:
    """Every stored paragraph: id -> (document, position, document holding its vector, vector)."""
    store = Store.open(index_dir)
    try:
        found = {}
        for document in sorted(d["path"] for d in store.documents()):
            for hit in store.document_paragraphs(document):
                stored = store.vector_of(hit.id)
                owner, vector = stored if stored else (None, None)
                found[hit.id] = (hit.document, hit.position, owner, vector)
        return found
    finally:
        store.close()


@pytest.mark.slow
def test_cluster_build_equals_local_build(local_build, cluster_build):
    local_report, local_dir = local_build
    report, index_dir, _, _ = cluster_build
    assert sorted(report.indexed) == sorted(local_report.indexed) == sorted(FILES)
    assert report.paragraphs == local_report.paragraphs > 0
    local, remote = _paragraphs(local_dir), _paragraphs(index_dir)
    # The workers embed each distinct text once (they have no vector cache; the local build may):
    # as many embeddings as distinct stored vectors.
    assert report.embedded == len({vector.tobytes() for *_, vector in remote.values() if vector is not None})
    assert list(remote) == list(local)  # same ids, same order, none lost or doubled
    for paragraph_id, (document, position, owner, vector) in local.items():
        assert remote[paragraph_id][:3] == (document, position, owner)
        if vector is not None:
            np.testing.assert_allclose(remote[paragraph_id][3], vector, atol=1e-4)


@pytest.mark.slow
def test_killed_workers_are_replaced_and_their_tasks_run_again(cluster_build, local_build):
    report, index_dir, kill_dir, loads = cluster_build
    killed = {path.name.rsplit("-", 1)[0]: path.name.rsplit("-", 1)[1] for path in kill_dir.iterdir()}
    assert sorted(killed) == ["killed-embed", "killed-read"]  # one reader and one embedder really died
    # The killed embedder returned nothing; what it was given came back from live workers.
    assert loads and killed["killed-embed"] not in {load.worker.rsplit(":", 1)[1] for load in loads}
    store = Store.open(index_dir)
    try:
        documents, stored, searchable = store.counts()
    finally:
        store.close()
    assert documents == len(FILES)
    assert searchable == report.paragraphs == local_build[0].paragraphs


@pytest.mark.slow
def test_unreadable_file_on_a_worker_is_reported_as_a_local_build_reports_it(local_build, cluster_build):
    local_report, _ = local_build
    report, _, _, _ = cluster_build
    local = [s.to_dict() for s in local_report.skipped]
    assert [s.to_dict() for s in report.skipped] == local
    assert [s["path"] for s in local] == [BROKEN]


def test_cluster_without_ray_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    with pytest.raises(ClusterUnavailable, match=r"pip install meeting-archive\[cluster\]"):
        Cluster("local").connect()


def test_a_build_without_cluster_never_imports_ray():
    import subprocess

    code = ("import sys, indexer.build.run, indexer.cli, indexer.build.cluster; "
            "print('ray' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_workers_without_a_cluster_is_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from indexer.cli import main

    archive = tmp_path / "archive"
    archive.mkdir()
    result = CliRunner().invoke(main, ["build", str(archive), "--index", str(tmp_path / "index"),
                                       "--workers", "2"])
    assert result.exit_code == 2
    assert "--workers needs --cluster" in result.output
