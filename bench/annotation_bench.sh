#!/usr/bin/env bash
# The annotation benchmark (issue 5): builds the labextension if needed, builds a production
# (minified) copy in a temporary folder to weigh it, then measures in Chromium, against a real
# Jupyter server and ipykernel, the time from a failing cell's error output to its diagnosis.
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
jupyter-builder build "$PROD" >/dev/null
export CONVERT_DOCTOR_PROD_STATIC="$PROD/jupyterlab_convert_doctor/labextension/static"

node bench/annotation_bench.js "$@"
