"""The recipe tests' lanes: the cache their venvs live in (the one scripts/setup-recipe-venvs.py
fills), building a lane's venv on first use, what the calling environment holds, and a network
the conversion subprocess cannot reach. The `recipe_cache` fixture (conftest.py) points the
runner at CACHE."""

import subprocess
import sys
from pathlib import Path

from jupyterlab_convert_doctor.recipes import get_recipe
from jupyterlab_convert_doctor.recipes.interpreters import choose_interpreter
from jupyterlab_convert_doctor.recipes.venvs import ensure_venv

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".cache" / "recipes"
UNREACHABLE_PROXY = "http://127.0.0.1:9"


def pip_freeze():
    """The calling environment's packages: a recipe must leave them as they were."""
    return subprocess.run([sys.executable, "-m", "pip", "freeze", "--all"], capture_output=True, check=True).stdout


def prebuilt(recipe_id, lane_id, python):
    """Build the lane's venv (no-op when scripts/setup-recipe-venvs.py already did)."""
    recipe = get_recipe(recipe_id)
    python, version, lane = choose_interpreter(recipe, python=str(python), lane_id=lane_id)
    return ensure_venv(recipe, lane, python, version)


def block_network(monkeypatch):
    """Every HTTP(S) request from the conversion subprocess goes to a dead proxy."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, UNREACHABLE_PROXY)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
