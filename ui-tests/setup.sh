#!/usr/bin/env bash
# Prepares the Galata tier from a set-up checkout (after scripts/setup.sh): the bash kernelspec
# (the real non-Python kernel the tests open; bash_kernel comes from pyproject's test extras),
# the ui-tests' own npm packages (no Playwright browser download: Debian's chromium is used), and
# a labextension build. Idempotent: installs are skipped when already done.
set -euo pipefail

UI_TESTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$UI_TESTS/.." && pwd)"
# shellcheck disable=SC1091
source "$ROOT/.venv/bin/activate"

if ! [ -x /usr/bin/chromium ]; then
  echo "Debian's chromium is missing: apt-get install -y chromium" >&2
  exit 1
fi

if ! jupyter kernelspec list --json | python -c 'import json,sys; sys.exit("bash" not in json.load(sys.stdin)["kernelspecs"])'; then
  python -c 'import bash_kernel' 2>/dev/null || pip install -q bash_kernel
  python -m bash_kernel.install --sys-prefix
fi

# The heavy kernel (tensorflow-cpu, torch, onnx; scripts/setup-heavy-kernel.sh) as a kernelspec:
# a real environment on which compatibility rules fire.
HEAVY_PYTHON="$(bash "$ROOT/scripts/setup-heavy-kernel.sh" | tail -n 1)"
if ! [ -f "$ROOT/.venv/share/jupyter/kernels/convert-doctor-heavy/kernel.json" ]; then
  "$HEAVY_PYTHON" -m ipykernel install --prefix "$ROOT/.venv" --name convert-doctor-heavy \
    --display-name "Python 3 (TF + torch, convert-doctor-heavy)" >/dev/null
fi

# The seed article's real environment (TF 2.19 / Keras 3, onnx-tf 1.10, tensorflow-addons) as
# kernelspec convert-doctor-seed: the example notebook's kernel (scripts/setup-seed-kernel.sh).
bash "$ROOT/scripts/setup-seed-kernel.sh" >/dev/null

# The Colab-like kernel (Python 3.13, onnx 1.22, onnxruntime 1.20.1; scripts/setup-colab-kernel.sh)
# as kernelspec convert-doctor-colab: its onnx writes IR 13, its onnxruntime reads IR <= 10, the
# real failure the onnx-restamp fix cell is run on.
COLAB_PYTHON="$(bash "$ROOT/scripts/setup-colab-kernel.sh" | tail -n 1)"
if ! [ -f "$ROOT/.venv/share/jupyter/kernels/convert-doctor-colab/kernel.json" ]; then
  "$COLAB_PYTHON" -m ipykernel install --prefix "$ROOT/.venv" --name convert-doctor-colab \
    --display-name "Python 3.13 (Colab-like, convert-doctor-colab)" >/dev/null
fi

if ! [ -f "$UI_TESTS/node_modules/@jupyterlab/galata/package.json" ]; then
  (cd "$UI_TESTS" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 jlpm install)
fi

# Always rebuild (incremental, ~30 s): the browser must run the current sources.
(cd "$ROOT" && jlpm build >/dev/null)
