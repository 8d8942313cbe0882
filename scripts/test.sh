#!/usr/bin/env bash
# Set everything up (the project, and Chromium for the browser test) and run all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -x /usr/bin/chromium ]; then
    SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null
fi
. .venv/bin/activate
# The cluster tests start a local Ray cluster; Ray is the optional [cluster] extra (~250 MB),
# installed here for the tests rather than by setup.sh for every user.
python -c "import ray.data" 2>/dev/null || python -m pip install -q -e ".[cluster]"
lint-imports --no-cache  # the stages import only downward (.importlinter)
python -m pytest -q "$@"
