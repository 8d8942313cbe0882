"""The API load test's harness end to end (benchmarks/bench_api_load.py --smoke): a server process,
clients, a full rebuild during the run, no errors and every probe answered from the old or new index."""
from __future__ import annotations

import json

import pytest

from benchmarks import bench_api_load


def test_volatile_fields_are_left_out_of_fingerprints():
    one = {"results": [{"id": "a", "score": 0.5}], "total": 1, "documents": [{"path": "x", "indexed_at": "1"}]}
    two = {"results": [{"id": "a", "score": 0.7}], "total": 1, "documents": [{"path": "x", "indexed_at": "2"}]}
    assert bench_api_load.fingerprint(one) == bench_api_load.fingerprint(two)
    assert bench_api_load.fingerprint(one) != bench_api_load.fingerprint({**one, "total": 2})


@pytest.mark.slow
def test_the_smoke_run_serves_a_rebuild_without_errors(tmp_path):
    result_file = tmp_path / "result.json"
    code = bench_api_load.main(["--smoke", "--smoke-dir", str(tmp_path / "smoke"), "--clients", "4", "--seconds", "5",
                                "--rebuild-at", "1", "--json", str(result_file)])
    result = json.loads(result_file.read_text(encoding="utf-8"))
    assert code == 0, result
    assert result["errors"] == 0 and result["requests"] > 20
    assert result["rebuild"]["ran"] and result["rebuild"]["returncode"] == 0
    assert result["probes"]["inconsistent"] == 0 and result["probes"]["consistent"] > 0
    assert {"search", "documents", "meetings", "decisions", "followups"} <= set(result["per_kind"])
    assert result["rss_peak_mb"] > 0
