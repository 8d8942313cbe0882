#!/usr/bin/env bash
# Set everything up, index the bundled sample archive and open the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
python -m indexer build archive --index index
exec streamlit run app.py --server.headless true -- --index index --archive archive
