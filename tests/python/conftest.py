"""Shared set-up for tests/python: builders every test module gets by fixture name. Helpers a
module needs at import time (cfg paths, the all-forms cfg) stay in darknet_helpers.py."""

import json

import pytest

from darknet_helpers import write_weights_for
from recipe_lanes import CACHE
from jupyterlab_convert_doctor.engine.knowledge_base import KNOWLEDGE_DIR
from jupyterlab_convert_doctor.recipes.venvs import configured_find_links


@pytest.fixture(scope="session")
def darknet_weights(tmp_path_factory):
    """`darknet_weights(name, seed=0, gain=None)`: a random .weights file for a published cfg
    (gain: darknet_helpers.GAIN[name] unless given), written once per session and shared
    read-only (a test that changes one writes its own copy)."""
    directory = tmp_path_factory.mktemp("darknet-weights")
    written = {}

    def get(name, seed=0, gain=None):
        if (name, seed, gain) not in written:
            written[(name, seed, gain)] = write_weights_for(directory, name, seed=seed, gain=gain)
        return written[(name, seed, gain)]

    return get


@pytest.fixture(scope="session")
def knowledge_specifiers():
    """Every version specifier the shipped knowledge compares with: the `version`, `installed`,
    `loaded` and `python` strings anywhere in rules.json and signatures.json, sorted."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("version", "installed", "loaded", "python") and isinstance(value, str):
                    found.add(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for name in ("rules.json", "signatures.json"):
        walk(json.loads((KNOWLEDGE_DIR / name).read_text(encoding="utf-8")))
    return tuple(sorted(found))


@pytest.fixture
def recipe_cache(monkeypatch):
    """The recipe runner's cache is the checkout's .cache/recipes (recipe_lanes.CACHE)."""
    monkeypatch.setenv("CONVERT_DOCTOR_CACHE", str(CACHE))
    monkeypatch.setenv("CONVERT_DOCTOR_PIP_TIMEOUT", "60")
    # The same wheel sources as scripts/setup-recipe-venvs.py (the CPU torch wheel lies in a
    # folder pip is configured to find links in): the venvs it built are these.
    monkeypatch.setenv("CONVERT_DOCTOR_FIND_LINKS", configured_find_links())
    return CACHE
