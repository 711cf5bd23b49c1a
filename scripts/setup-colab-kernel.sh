#!/usr/bin/env bash
# Creates (once) a Colab-like kernel venv for the IPython-extension tests and bench: Colab's
# kernel stack (Python 3.13, IPython 7.34.0, ipykernel 6.17.1, jupyter_client 7.4.9, traitlets
# 5.7.1; googlecolab/backend-info pip-freeze) with Colab's numpy / protobuf / keras, plus onnx
# 1.22.0 (the newest that accepts Colab's protobuf 5) and onnxruntime 1.20.1 (the oldest with
# cp313 wheels: it loads IR <= 10 and refuses onnx's default IR, a real conversion failure).
# No TensorFlow: the tests don't need it. The project is put on the venv's path with a .pth
# file (stdlib-only at import time, like the seed kernel), so the kernel always runs the
# working tree's extension, in .cache/venvs/colab-kernel. With CONVERT_DOCTOR_COLAB_PACKAGE set
# to a built wheel of the project, that wheel is pip-installed instead, as a Colab user does.
# Idempotent: skipped when the stamp matches (scripts/venv-lib.sh). Prints the venv's python
# path on its last line.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=venv-lib.sh
source "$ROOT/scripts/venv-lib.sh"
VENV="${CONVERT_DOCTOR_COLAB_VENV:-$ROOT/.cache/venvs/colab-kernel}"
# Colab's Python, found by the project's interpreter finder (recipes/interpreters.py; stdlib only,
# so any python3 runs it). Empty when there is none: ensure_venv then says how to name one.
PYTHON="${CONVERT_DOCTOR_COLAB_PYTHON:-$(PYTHONPATH="$ROOT" python3 -m jupyterlab_convert_doctor.recipes.find_python 3.13 || true)}"
REQUIREMENTS=(
  "ipython==7.34.0" "ipykernel==6.17.1" "jupyter-client==7.4.9" "traitlets==5.7.1"
  "numpy==2.1.3" "protobuf==5.29.6" "keras==3.13.2"
  "onnx==1.22.0" "onnxruntime==1.20.1" packaging
)
PACKAGE="${CONVERT_DOCTOR_COLAB_PACKAGE:-}"
# Bump v when anything below changes, so existing venvs are rebuilt.
# The venv's .pth names this checkout: another checkout must not run this one's code.
WANT="v1 ${REQUIREMENTS[*]} ${PACKAGE:-$ROOT}"

populate() {
  if [ -n "$PACKAGE" ]; then
    venv_pip "${REQUIREMENTS[@]}" "$PACKAGE"
  else
    venv_pip "${REQUIREMENTS[@]}"
    venv_put_checkout_on_path "$ROOT"
  fi
  # Fail here, not in a test, if the stack is not Colab's or the extension does not import.
  "$VENV_PYTHON" - >&2 <<'PY'
import importlib.metadata as md, sys
assert sys.version_info[:2] == (3, 13), sys.version
for dist in ("ipython", "ipykernel", "numpy", "protobuf", "keras", "onnx", "onnxruntime"):
    print(dist, md.version(dist))
import jupyterlab_convert_doctor  # noqa: F401
PY
}

VENV_INTERPRETER_HINT="set CONVERT_DOCTOR_COLAB_PYTHON to a Python 3.13"
ensure_venv "Colab-like kernel" "$VENV" "$PYTHON" "$WANT" populate
echo "$VENV_PYTHON"
