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

# A cold run builds ≈ 20 GB of venvs under .cache/ (heavy kernel, recipe lanes, TensorFlow);
# say so up front instead of failing later with ENOSPC deep inside pip or yarn.
free_gb=$(df -Pk . | awk 'NR == 2 { print int($4 / 1048576) }')
if ! [ -d .cache/recipes/venvs ] && [ "$free_gb" -lt 25 ]; then
  echo "warning: ${free_gb} GB free here; a cold run needs about 25 GB (venvs under .cache/)" >&2
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
mkdir -p .cache
if ! pip install -q -e ".[dev,test]" >.cache/pip-install.log 2>&1; then
  grep -v "^WARNING: Location" .cache/pip-install.log | tail -40 >&2
  grep -q ENOSPC .cache/pip-install.log && echo "the disk is full: $(df -h . | tail -1)" >&2
  echo "pip install -e .[dev,test] failed (whole log: .cache/pip-install.log)" >&2
  exit 1
fi
jupyter-builder develop . --overwrite >/dev/null
jupyter labextension list 2>&1 | grep -q "jupyterlab-convert-doctor.*OK" \
  || { echo "the labextension is not installed" >&2; exit 1; }
