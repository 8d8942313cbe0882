#!/usr/bin/env bash
# Create .venv and install the project. Idempotent: a second run takes seconds.
# torch is pinned first so that pip takes the CPU build instead of pulling CUDA packages.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
. .venv/bin/activate
stamp=.venv/.installed-$(cat pyproject.toml | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
    python -m pip install -q --upgrade pip
    python -m pip install -q torch==2.13.0
    python -m pip install -q -e ".[test]"
    touch "$stamp"
fi
