#!/usr/bin/env python3
"""Pre-build the recipe lanes' pinned venvs that the tests run, under <repo>/.cache/recipes
(idempotent: a lane whose venv is complete is skipped). Usage:

    python scripts/setup-recipe-venvs.py                 # every lane on every Python in its tested_on
    python scripts/setup-recipe-venvs.py onnx-tflite:py311 torch-onnx:py311-cpu
    python scripts/setup-recipe-venvs.py darknet-onnx:py311plus@3.13   # one lane on one interpreter

The lane x Python matrix is the recipe data's (catalog.lane_matrix: each lane's tested_on), and
each Python is found by the one interpreter finder (interpreters.require_interpreter; override one
with CONVERT_DOCTOR_PY3XX, e.g. CONVERT_DOCTOR_PY313=/usr/bin/python3.13). A lane named without
@<python> is built on every Python its tested_on lists.

Prints one line per lane with its build time. Uses the runner's own venv code (ensure_venv:
the lane's hashed lock in recipes/locks/, keyed on the lock), so the tests (which set
CONVERT_DOCTOR_CACHE to the same folder) reuse exactly these venvs."""

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".cache" / "recipes"


def selected(matrix, selection):
    """`matrix` entries named by `selection` ('recipe:lane' or 'recipe:lane@3.X'); all when empty."""
    if not selection:
        return list(matrix)
    known = [f"{r}:{l}@{'.'.join(v.split('.')[:2])}" for r, l, v in matrix]

    def names(token, key):
        return key == token or key.startswith(token + "@")

    unknown = [t for t in selection if not any(names(t, k) for k in known)]
    if unknown:
        sys.exit(f"unknown lane {unknown}; known: {known}")
    return [entry for entry, key in zip(matrix, known) if any(names(t, key) for t in selection)]


def main(selection):
    os.environ.setdefault("CONVERT_DOCTOR_CACHE", str(CACHE))
    # Large wheels (TensorFlow ~600 MB) need longer than the runner's interactive default.
    os.environ.setdefault("CONVERT_DOCTOR_PIP_TIMEOUT", "60")
    os.environ.setdefault("CONVERT_DOCTOR_PIP_RETRIES", "3")
    sys.path.insert(0, str(REPO))
    from jupyterlab_convert_doctor.recipes.catalog import get_recipe, lane_matrix
    from jupyterlab_convert_doctor.recipes.interpreters import choose_interpreter, require_interpreter
    from jupyterlab_convert_doctor.recipes.venvs import configured_find_links, ensure_venv

    # The lanes install their hashed locks from one index; local wheel folders (the CPU torch
    # wheel) are added explicitly, as the tests do.
    os.environ["CONVERT_DOCTOR_FIND_LINKS"] = configured_find_links()

    failed = False
    for recipe_id, lane_id, tested in selected(lane_matrix(), selection):
        started = time.monotonic()
        label = f"{recipe_id}:{lane_id}@{tested}"
        try:
            recipe = get_recipe(recipe_id)
            python, version, lane = choose_interpreter(recipe, python=require_interpreter(tested), lane_id=lane_id)
            path = ensure_venv(recipe, lane, python, version, echo=lambda line: print(line, flush=True))
            print(f"SETUP {label} ok in {time.monotonic() - started:.1f} s -> {path}", flush=True)
        except Exception as exc:  # report every lane, fail at the end
            failed = True
            print(f"SETUP {label} FAILED after {time.monotonic() - started:.1f} s: {exc}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
