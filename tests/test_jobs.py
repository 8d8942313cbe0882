"""Background builds: started once per index, progress per stage, a report or an error at the end."""
from __future__ import annotations

import threading

from indexer.errors import InvalidInput
from indexer.build.jobs import BuildJob, JobRegistry
from indexer.store.files import build_lock


class SlowBuild:
    """A stand-in for `build` that stops halfway until released, so a test can look at a running job."""

    def __init__(self) -> None:
        self.release, self.calls = threading.Event(), 0

    def __call__(self, archive_dir, index_dir, *, embedder=None, progress=None):
        self.calls += 1
        progress("scan", 2, 2)
        progress("read", 1, 2)
        progress("embed", 130, 130)
        self.release.wait(10)
        return {"indexed": 2}


def test_a_second_start_returns_the_running_job_and_the_build_runs_once(tmp_path):
    registry, build = JobRegistry(), SlowBuild()
    first = registry.start_build(tmp_path / "a", tmp_path / "i", build=build)
    second = registry.start_build(tmp_path / "a", tmp_path / "i", build=build)
    assert second is first and first.running
    build.release.set()
    assert registry.wait(tmp_path / "i").state == "done" and build.calls == 1
    assert first.report == {"indexed": 2} and first.fraction() == 1.0


def test_embedding_progress_fills_its_share_of_the_bar(tmp_path):
    registry, build = JobRegistry(), SlowBuild()
    job = registry.start_build(tmp_path / "a", tmp_path / "i", embedder=object(), build=build)
    for _ in range(200):
        if job.stage == "embed" and job.done == 130:
            break
        threading.Event().wait(0.01)
    assert (job.stage, job.done, job.total) == ("embed", 130, 130)
    assert 0.35 < job.fraction() <= 0.95
    build.release.set()
    registry.wait(tmp_path / "i")


def test_progress_never_goes_back_to_an_earlier_stage():
    job = BuildJob(archive_dir=None, index_dir=None)
    job.progress("embed", 5, 10)
    job.progress("read", 2, 2)
    assert (job.stage, job.done) == ("embed", 5)


def test_a_failing_build_keeps_its_error_for_every_page(tmp_path):
    def refused(*args, **kwargs):
        raise InvalidInput("no records found")

    registry = JobRegistry()
    registry.start_build(tmp_path, tmp_path / "i", build=refused)
    job = registry.wait(tmp_path / "i")
    assert job.state == "failed" and isinstance(job.error, InvalidInput)
    assert registry.latest(tmp_path / "i") is job


def test_an_update_started_while_another_process_builds_the_index_waits_for_it_then_runs(tmp_path):
    def build(archive_dir, index_dir, *, embedder=None, progress=None):
        with build_lock(index_dir):  # as the real build takes it: BuildLocked while another holds it
            progress("scan", 1, 1)
            return {"indexed": 1}

    registry = JobRegistry()
    with build_lock(tmp_path / "i"):  # the command line's build (flock: another open file is another holder)
        job = registry.start_build(tmp_path, tmp_path / "i", build=build)
        for _ in range(400):
            if job.stage == "wait":
                break
            threading.Event().wait(0.01)
        assert job.running and job.stage == "wait" and job.fraction() == 0.0
    job = registry.wait(tmp_path / "i", timeout=30)
    assert job.state == "done" and job.report == {"indexed": 1} and job.error is None
