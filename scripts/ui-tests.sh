#!/usr/bin/env bash
# The Galata tier: JupyterLab and Notebook 7 in Debian's Chromium against a real Jupyter server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/ui-tests/setup.sh"
cd "$ROOT/ui-tests"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PLAYWRIGHT_JUNIT_OUTPUT_NAME="${REPORTS:-$ROOT/.cache/reports}/ui-tests.xml"
exec "$ROOT/.venv/bin/jlpm" playwright test --reporter=list,junit "$@"
