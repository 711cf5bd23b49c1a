#!/usr/bin/env bash
# Creates (once) the heavy kernel venv the Node integration tier and bench/probe_bench.py run
# against: real tensorflow-cpu, torch==2.13.0 (CPU wheel), onnx and ipykernel, in
# .cache/venvs/heavy-kernel. Idempotent: skipped when the venv already imports all of them.
# Prints the venv's python path on its last line.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CONVERT_DOCTOR_HEAVY_VENV:-$ROOT/.cache/venvs/heavy-kernel}"
PYTHON="${CONVERT_DOCTOR_PYTHON:-$(command -v python3.11 || command -v python3)}"
STAMP="$VENV/.convert-doctor-ready"
# Bump when the requirement set changes, so existing venvs are rebuilt.
REQUIREMENTS=(ipykernel tensorflow-cpu "torch==2.13.0" onnx)
WANT="v1 ${REQUIREMENTS[*]}"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -x "$VENV/bin/python" ]; then
  echo "$VENV/bin/python"
  exit 0
fi

# pip warns about every absent mirror folder; keep its real errors only.
pip_install() {
  "$VENV/bin/python" -m pip install -q "$@" 2>&1 | { grep -v '^WARNING: Location' || true; } >&2
}

start=$(date +%s)
rm -rf "$VENV"
mkdir -p "$(dirname "$VENV")"
"$PYTHON" -m venv "$VENV"
pip_install --upgrade pip
# torch first and alone so pip resolves it to the CPU wheel and not a CUDA build.
pip_install "torch==2.13.0"
pip_install "${REQUIREMENTS[@]}"
# Fail here, not in a test, if a framework does not import.
"$VENV/bin/python" - >&2 <<'PY'
import importlib.metadata as md
for dist in ("tensorflow-cpu", "torch", "onnx", "ipykernel"):
    print(dist, md.version(dist))
PY
echo "$WANT" >"$STAMP"
echo "heavy kernel venv built in $(( $(date +%s) - start ))s" >&2
echo "$VENV/bin/python"
