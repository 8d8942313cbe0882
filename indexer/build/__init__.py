"""Building an index: an archive folder in, a committed index generation out (incremental,
crash-safe, optionally on a Ray cluster), with the build report, background jobs and uploads;
and the model adapted to an index's own pairs (`adapt`).

`from indexer.build import build` is the entry point (`run.build`), imported on first use.
"""
from __future__ import annotations


def __getattr__(name: str):
    if name == "build":
        from indexer.build.run import build
        return build
    raise AttributeError(f"module 'indexer.build' has no attribute {name!r}")
