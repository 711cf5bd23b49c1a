#!/usr/bin/env bash
# The probe benchmark (issue 2): builds the heavy kernel venv if needed, compiles
# bench/probe_bench.ts with tsc and runs it against a real jupyter server and heavy kernel.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup-heavy-kernel.sh >/dev/null
rm -rf .cache/bench-build
node_modules/.bin/tsc -p bench/tsconfig.json
node .cache/bench-build/bench/probe_bench.js "$@"
