#!/usr/bin/env bash
# Sets up everything from nothing, idempotently: Debian packages, the project venv (.venv) with
# JupyterLab and the extension in development mode, npm packages, the labextension build.
# Sourced by scripts/dev.sh and scripts/test.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${CONVERT_DOCTOR_PYTHON:-$(command -v python3.11 || command -v python3)}"

step() { printf '\n== %s\n' "$*"; }

if [ "${CONVERT_DOCTOR_NEED_BROWSER:-0}" = 1 ] && ! [ -x /usr/bin/chromium ]; then
  step "Installing Debian's chromium (browser tests)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

if ! [ -x .venv/bin/python ]; then
  step "Creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
# shellcheck disable=SC1091
source .venv/bin/activate

step "Installing the extension in development mode (pip install -e .[dev,test])"
# The hatch build hook runs `jlpm install` and `jlpm build` (tsc + labextension build).
pip install -q -e ".[dev,test]" 2>&1 | grep -v "^WARNING: Location" || true
python -c "import jupyterlab_convert_doctor" # fail early if the install did not work
jupyter-builder develop . --overwrite >/dev/null
jupyter labextension list 2>&1 | grep -q "jupyterlab-convert-doctor.*OK" \
  || { echo "the labextension is not installed" >&2; exit 1; }
