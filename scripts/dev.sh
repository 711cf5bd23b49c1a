#!/usr/bin/env bash
# README command 1: set everything up from nothing, then open JupyterLab with the extension on
# the example notebook.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
jlpm build
# The example notebook's kernel: the seed article's real TF 2.19 + onnx-tf environment (built once).
bash "$ROOT/scripts/setup-seed-kernel.sh" >/dev/null
# The example reads the real yolov4-tiny.cfg (Darknet, public domain); weights are written by the notebook.
mkdir -p "$ROOT/examples/data"
if ! [ -f "$ROOT/examples/data/yolov4-tiny.cfg" ]; then
  cp "$ROOT/../shared/data/yolov4-tiny.cfg" "$ROOT/examples/data/" \
    || echo "note: put yolov4-tiny.cfg into examples/data/ to run the example" >&2
fi
exec jupyter lab --allow-root --notebook-dir="$ROOT/examples" \
  "$ROOT/examples/yolov4-tiny-conversion.ipynb" "$@"
