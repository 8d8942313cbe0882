"""The package's shape: every public name resolves, and the stages import only downward."""
from __future__ import annotations

import shutil
import subprocess

import pytest

import indexer


def test_every_public_name_of_the_package_resolves() -> None:
    missing = [name for name in indexer.__all__ if getattr(indexer, name, None) is None]
    assert not missing
    assert indexer.Filters.__module__ == "indexer.records"  # plain data lives in the records module


@pytest.mark.skipif(shutil.which("lint-imports") is None, reason="import-linter is a test extra")
def test_no_stage_imports_a_stage_above_it() -> None:
    done = subprocess.run(["lint-imports", "--no-cache"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:]
