#!/usr/bin/env bash
# README command 1: set everything up from nothing, then open JupyterLab with the extension on
# the example notebook.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
jlpm build
# The example notebook's kernel: the seed article's real TF 2.19 + onnx-tf environment (built once).
bash "$ROOT/scripts/setup-seed-kernel.sh" >/dev/null
# The example reads the real yolov4-tiny.cfg (Darknet, public domain, shipped in the package with
# its provenance); weights are written by the notebook.
mkdir -p "$ROOT/examples/data"
cp -n "$ROOT/jupyterlab_convert_doctor/darknet/cfgs/yolov4-tiny.cfg" "$ROOT/examples/data/"
exec jupyter lab --allow-root --notebook-dir="$ROOT/examples" \
  "$ROOT/examples/yolov4-tiny-conversion.ipynb" "$@"
