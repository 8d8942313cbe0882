#!/usr/bin/env bash
# Set everything up, index the bundled sample archive and open the app.
# The app opens at once; it answers word searches as soon as the build has committed the
# text, and semantic search covers more of the archive with each batch of vectors after it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
mkdir -p index
echo "Indexing archive/ in the background (progress and summary: index/build.log)"
(status=0
 python -m indexer build archive --index index >>index/build.log 2>&1 || status=$?
 # A build stopped with the app (by a signal: 128 + its number) did not fail.
 if [ "$status" -ne 0 ] && [ "$status" -lt 128 ]; then echo "Indexing failed: see index/build.log" >&2; fi) &
build=$!
# Stopping the app stops the build too; every batch it committed is kept for the next start.
trap 'pkill -P "$build" 2>/dev/null || true' EXIT
# No file watcher: the index and .venv below the app change all the time, and watching them
# costs a core; the app is not edited while it serves.
streamlit run app.py --server.headless true --server.fileWatcherType none -- --index index --archive archive
