#!/usr/bin/env bash
# Set everything up, bring the index of the bundled sample archive up to date in the background,
# and serve the HTTP JSON API on http://127.0.0.1:8000 (OpenAPI docs at /docs) at once: it
# answers 503 until the build has committed the text, then by words, then by meaning too.
# Arguments go to `serve`:   bash scripts/api.sh --host 0.0.0.0 --port 8080
# Reading is open unless INDEXER_READER_TOKEN is set; writing needs INDEXER_ADMIN_PASSWORD_HASH
# (python -m indexer.roles). Digests: `python -m indexer alerts send` (INDEXER_SMTP_*), from cron.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
mkdir -p index
echo "Indexing archive/ in the background (progress and summary: index/build.log)"
(status=0
 python -m indexer build archive --index index >>index/build.log 2>&1 || status=$?
 # A build stopped with the server (by a signal: 128 + its number) did not fail.
 if [ "$status" -ne 0 ] && [ "$status" -lt 128 ]; then echo "Indexing failed: see index/build.log" >&2; fi) &
build=$!
# Stopping the server stops the build too; every batch it committed is kept for the next start.
trap 'pkill -P "$build" 2>/dev/null || true' EXIT
python -m indexer serve --index index --archive archive "$@"
