#!/usr/bin/env bash
# Create .venv and install the project. Idempotent: a second run takes seconds.
# torch is pinned first so that pip takes the CPU build instead of pulling CUDA packages.
# Tesseract with its Danish data reads scanned PDFs (apt, once; skipped where it is installed).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! { command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx dan; }; then
    if command -v apt-get >/dev/null; then
        SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
        $SUDO apt-get update -qq && $SUDO apt-get install -y -qq tesseract-ocr tesseract-ocr-dan >/dev/null
    else
        echo "Tesseract not installed: scanned PDFs are skipped (install tesseract-ocr and tesseract-ocr-dan)" >&2
    fi
fi
# FreeDict's English-Danish dictionaries let English questions search Danish words (apt, once).
if [ ! -f /usr/share/dictd/freedict-dan-eng.index ] && command -v apt-get >/dev/null; then
    SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
    { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq dict-freedict-eng-dan dict-freedict-dan-eng >/dev/null; } \
        || echo "English-Danish dictionary not installed: English questions use the dense side only" >&2
fi
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
# The bundled model and its ONNX export are built once per user, here rather than beside the
# first build, which then embeds from its first batch on.
python -m indexer model
