#!/usr/bin/env bash
# The annotation benchmark (issue 5): builds the labextension if needed, builds a production
# (minified) copy in a temporary folder to weigh it, then measures in Chromium, against real
# Jupyter servers and ipykernels, with and without the extension (see annotation_bench.js).
# Ports: CONVERT_DOCTOR_BENCH_PORT (8896, with) and CONVERT_DOCTOR_BENCH_BASELINE_PORT (8897,
# without); CONVERT_DOCTOR_BENCH_ROUNDS (3).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source .venv/bin/activate
if [ ! -f jupyterlab_convert_doctor/labextension/package.json ] || [ ! -d lib/src/annotation ]; then
  jlpm build >/dev/null
fi

# Production build of the same sources, outside the working tree's labextension folder.
PROD="$(mktemp -d /tmp/convert-doctor-prod-XXXXXX)"
trap 'rm -rf "$PROD"' EXIT
cp -r package.json lib style schema "$PROD"/
ln -s "$ROOT/node_modules" "$PROD/node_modules"
if ! jupyter-builder build "$PROD" >"$PROD/build.log" 2>&1; then
  cat "$PROD/build.log" >&2
  exit 1
fi
export CONVERT_DOCTOR_PROD_STATIC="$PROD/jupyterlab_convert_doctor/labextension/static"

node bench/annotation_bench.js "$@"
