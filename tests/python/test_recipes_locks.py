"""Every lane installs a complete hashed lock (recipes/locks/<recipe>-<lane>.txt, written by
scripts/lock-recipe-lanes.py): the lock holds the lane's top-level pins exactly, every line is
hashed, the venv is keyed on the lock, and a built venv holds exactly the lock."""

import json
import re
import shutil
import subprocess
import sys

import pytest

from jupyterlab_convert_doctor.recipes import load_recipes
from jupyterlab_convert_doctor.recipes.venvs import canonical, lock_path, read_lock, venv_path
from recipe_lanes import prebuilt
from recipe_pythons import lane_version, python_or_skip

LANES = [(recipe, lane) for recipe in load_recipes() for lane in recipe["lanes"]]
LANE_IDS = [f"{recipe['id']}:{lane['id']}" for recipe, lane in LANES]


@pytest.mark.parametrize("recipe,lane", LANES, ids=LANE_IDS)
def test_every_lane_has_a_complete_hashed_lock_holding_its_pins(recipe, lane):
    path = lock_path(recipe, lane)
    assert path.is_file(), f"no lock for {recipe['id']}:{lane['id']}; run scripts/lock-recipe-lanes.py"
    text = path.read_text()
    locked = read_lock(path)
    for pin in lane["requirements"] + lane.get("lock_constraints", []):
        name, version = pin.split("==")
        # A local version label (torch 2.13.0+cpu) is the same release as the pin.
        assert locked.get(canonical(name), "").split("+")[0] == version, (pin, locked.get(canonical(name)))
    entries = [e.strip() for e in text.replace("\\\n", " ").splitlines() if e.strip() and not e.startswith("#")]
    assert len(entries) == len(locked) > len(lane["requirements"]) - 1
    # Only hashed exact pins: no options (indexes), no environment markers, nothing unhashed.
    for entry in entries:
        assert re.fullmatch(r"[A-Za-z0-9._-]+==[^\s;]+(\s+--hash=sha256:[0-9a-f]{64})+", entry), entry


def test_the_venv_key_follows_the_lock_and_the_python_minor(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVERT_DOCTOR_CACHE", str(tmp_path / "cache"))
    recipe, lane = LANES[0]
    lock = tmp_path / "lock.txt"
    shutil.copy(lock_path(recipe, lane), lock)
    before = venv_path(recipe, lane, "3.11.7", lock)
    assert before == venv_path(recipe, lane, "3.11.2", lock)  # same minor, same venv
    assert before != venv_path(recipe, lane, "3.12.1", lock)
    lock.write_text(lock.read_text().replace("ml-dtypes==0.5.4", "ml-dtypes==0.7.0"))
    assert venv_path(recipe, lane, "3.11.7", lock) != before


def test_the_ml_dtypes_version_the_darknet_bench_chose_is_locked():
    for recipe, lane in LANES:
        if recipe["id"] in ("darknet-onnx", "torch-onnx"):
            assert read_lock(lock_path(recipe, lane))["ml-dtypes"] == "0.5.4", lane["id"]


def test_a_built_lane_venv_holds_exactly_its_lock(recipe_cache):
    py311 = python_or_skip(lane_version("darknet-onnx", "py311plus"))
    recipe = next(r for r, _ in LANES if r["id"] == "darknet-onnx")
    lane = next(l for r, l in LANES if r is recipe and l["id"] == "py311plus")
    venv = prebuilt("darknet-onnx", "py311plus", py311)
    code = ("import importlib.metadata as m, json; "
            "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))")
    out = subprocess.run([str(venv / "bin" / "python"), "-I", "-c", code], capture_output=True, text=True, check=True)
    installed = {canonical(name): version for name, version in json.loads(out.stdout).items()}
    assert installed == read_lock(lock_path(recipe, lane))
    assert "pip" not in installed and sys.prefix not in out.stdout
