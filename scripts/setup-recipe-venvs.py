#!/usr/bin/env python3
"""Pre-build the recipe lanes' pinned venvs that the tests run, under <repo>/.cache/recipes
(idempotent: a lane whose venv is complete is skipped). Usage:

    python scripts/setup-recipe-venvs.py                 # every lane in CI_LANES
    python scripts/setup-recipe-venvs.py onnx-tflite:py311 torch-onnx:py311-cpu

Prints one line per lane with its build time. Uses the runner's own venv code, so the tests
(which set CONVERT_DOCTOR_CACHE to the same folder) reuse exactly these venvs."""

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYENV = Path(os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))) / "versions"

# (recipe, lane, interpreter) that CI proves. Interpreters can be overridden with
# CONVERT_DOCTOR_PY311 / CONVERT_DOCTOR_PY312.
PY311 = os.environ.get("CONVERT_DOCTOR_PY311", str(PYENV / "3.11.7" / "bin" / "python"))
PY312 = os.environ.get("CONVERT_DOCTOR_PY312", str(PYENV / "3.12.1" / "bin" / "python"))
CI_LANES = [
    ("darknet-onnx", "py311plus", PY311),
    ("darknet-onnx", "py311plus", PY312),
    ("onnx-tflite", "py311", PY311),
    ("onnx-tflite", "py312plus", PY312),
    ("torch-onnx", "py311-cpu", PY311),
    ("tf-tflite-select-ops", "py311", PY311),
]
CACHE = REPO / ".cache" / "recipes"


def main(selection):
    os.environ.setdefault("CONVERT_DOCTOR_CACHE", str(CACHE))
    # Large wheels (TensorFlow ~600 MB) need longer than the runner's interactive default.
    os.environ.setdefault("CONVERT_DOCTOR_PIP_TIMEOUT", "60")
    os.environ.setdefault("CONVERT_DOCTOR_PIP_RETRIES", "3")
    sys.path.insert(0, str(REPO))
    from jupyterlab_convert_doctor.recipes.catalog import get_lane, get_recipe
    from jupyterlab_convert_doctor.recipes.interpreters import choose_interpreter
    from jupyterlab_convert_doctor.recipes.venvs import ensure_venv

    lanes = [l for l in CI_LANES if not selection or f"{l[0]}:{l[1]}" in selection]
    if selection and len(lanes) != len(selection):
        sys.exit(f"unknown lane in {selection}; known: {[f'{r}:{l}' for r, l, _ in CI_LANES]}")
    failed = False
    for recipe_id, lane_id, python in lanes:
        started = time.monotonic()
        try:
            recipe = get_recipe(recipe_id)
            python, version, lane = choose_interpreter(recipe, python=python, lane_id=lane_id)
            path = ensure_venv(recipe, lane, python, version, echo=lambda line: print(line, flush=True))
            print(f"SETUP {recipe_id}:{lane_id} ok in {time.monotonic() - started:.1f} s -> {path}", flush=True)
        except Exception as exc:  # report every lane, fail at the end
            failed = True
            print(f"SETUP {recipe_id}:{lane_id} FAILED after {time.monotonic() - started:.1f} s: {exc}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
