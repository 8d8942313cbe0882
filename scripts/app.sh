#!/usr/bin/env bash
# Set everything up, index the bundled sample archive and open the app. Another archive:
#   INDEXER_ARCHIVE_DIR=/srv/referater INDEXER_INDEX_DIR=/srv/referater-index bash scripts/app.sh
# The app opens at once; it answers word searches as soon as the build has committed the
# text, and semantic search covers more of the archive with each batch of vectors after it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
. scripts/index-in-background.sh
# No file watcher: the index and .venv below the app change all the time, and watching them
# costs a core; the app is not edited while it serves.
streamlit run app.py --server.headless true --server.fileWatcherType none -- --index "$index" --archive "$archive"
