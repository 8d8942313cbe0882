#!/usr/bin/env bash
# Set everything up, bring the index of the bundled sample archive up to date in the background,
# and serve the HTTP JSON API on http://127.0.0.1:8000 (OpenAPI docs at /docs) at once: it
# answers 503 until the build has committed the text, then by words, then by meaning too.
# Arguments go to `serve`:   bash scripts/api.sh --host 0.0.0.0 --port 8080
# Another archive: INDEXER_ARCHIVE_DIR and INDEXER_INDEX_DIR (absolute paths), as for app.sh.
# Reading is open unless INDEXER_READER_TOKEN is set; writing needs INDEXER_ADMIN_PASSWORD_HASH
# (python -m indexer.roles). Digests: `python -m indexer alerts send` (INDEXER_SMTP_*), from cron.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
. scripts/index-in-background.sh
python -m indexer serve --index "$index" --archive "$archive" "$@"
