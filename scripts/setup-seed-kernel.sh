#!/usr/bin/env bash
# Creates (once) the seed article's real environment as a Jupyter kernel: the exact package set
# the failure lab froze for the onnx-tf case (tensorflow 2.19.1 / Keras 3, tf-keras,
# tensorflow-addons 0.23, tensorflow-probability, onnx-tf 1.10, onnx 1.17, numpy, protobuf...),
# read from tests/fixtures/failure-lab/onnx_tf_prepare_yolov4_tiny.json, plus ipykernel, in
# .cache/venvs/seed-kernel; registers it as kernelspec `convert-doctor-seed` in the project .venv.
# The project's Python package is put on that venv's path (a .pth file: it is stdlib-only at import
# time) so the example notebook's converter cells and inserted fix cells run in that kernel.
# Idempotent: skipped when the stamp matches (scripts/venv-lib.sh). Prints the venv's python
# path on its last line.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=venv-lib.sh
source "$ROOT/scripts/venv-lib.sh"
VENV="${CONVERT_DOCTOR_SEED_VENV:-$ROOT/.cache/venvs/seed-kernel}"
PYTHON="${CONVERT_DOCTOR_PYTHON:-$(command -v python3.11 || command -v python3)}"
FIXTURE="$ROOT/tests/fixtures/failure-lab/onnx_tf_prepare_yolov4_tiny.json"
# Bump v when the recipe below changes; the fixture's hash rebuilds on a new freeze.
# The venv's .pth names this checkout: another checkout must not run this one's code.
WANT="v1 $(sha256sum "$FIXTURE" | cut -c1-16) $ROOT"

populate() {
  # The lab's frozen set minus the installer's own packages (the venv brings its own).
  local pins
  mapfile -t pins < <("$PYTHON" - "$FIXTURE" <<'PY'
import json, sys
for pin in json.load(open(sys.argv[1]))["requirements"]:
    if pin.split("==")[0].lower() not in {"pip", "setuptools", "wheel"}:
        print(pin)
PY
)
  venv_pip "${pins[@]}" ipykernel
  venv_put_checkout_on_path "$ROOT"
  # Fail here, not in a test, if the seed set is not what the fixture froze.
  "$VENV_PYTHON" - "$FIXTURE" >&2 <<'PY'
import importlib.metadata as md, json, sys
frozen = dict(p.split("==") for p in json.load(open(sys.argv[1]))["requirements"])
for dist in ("tensorflow", "tensorflow-addons", "onnx-tf", "onnx", "numpy", "protobuf"):
    have = md.version(dist)
    want = frozen.get(dist) or frozen[dist.replace("-", "_")]
    assert have == want, f"{dist} {have} != {want}"
    print(dist, have)
import jupyterlab_convert_doctor.recipes  # noqa: F401  (the fix cell's import)
PY
}

ensure_venv "seed kernel" "$VENV" "$PYTHON" "$WANT" populate
if ! [ -f "$ROOT/.venv/share/jupyter/kernels/convert-doctor-seed/kernel.json" ]; then
  "$VENV_PYTHON" -m ipykernel install --prefix "$ROOT/.venv" --name convert-doctor-seed \
    --display-name "Python 3 (seed article: TF 2.19 + onnx-tf)" >/dev/null
fi
echo "$VENV_PYTHON"
