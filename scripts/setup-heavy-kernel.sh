#!/usr/bin/env bash
# Creates (once) the heavy kernel venv the Node integration tier and bench/probe_bench.py run
# against: real tensorflow-cpu, torch==2.13.0 (CPU wheel), onnx and ipykernel, in
# .cache/venvs/heavy-kernel. Idempotent: skipped when the stamp matches (scripts/venv-lib.sh).
# Prints the venv's python path on its last line.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=venv-lib.sh
source "$ROOT/scripts/venv-lib.sh"
VENV="${CONVERT_DOCTOR_HEAVY_VENV:-$ROOT/.cache/venvs/heavy-kernel}"
PYTHON="${CONVERT_DOCTOR_PYTHON:-$(command -v python3.11 || command -v python3)}"
# Bump when the requirement set changes, so existing venvs are rebuilt.
REQUIREMENTS=(ipykernel tensorflow-cpu "torch==2.13.0" onnx)
WANT="v1 ${REQUIREMENTS[*]}"

populate() {
  venv_pip --upgrade pip
  # torch first and alone so pip resolves it to the CPU wheel and not a CUDA build.
  venv_pip "torch==2.13.0"
  venv_pip "${REQUIREMENTS[@]}"
  # Fail here, not in a test, if a framework does not import.
  "$VENV_PYTHON" - >&2 <<'PY'
import importlib.metadata as md
for dist in ("tensorflow-cpu", "torch", "onnx", "ipykernel"):
    print(dist, md.version(dist))
PY
}

ensure_venv "heavy kernel" "$VENV" "$PYTHON" "$WANT" populate
echo "$VENV_PYTHON"
