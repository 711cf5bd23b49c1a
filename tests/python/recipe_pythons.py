"""The recipe tests' Pythons, from the recipe data and the project's one interpreter finder: which
lane runs on which Python is each lane's tested_on (catalog.lane_matrix, the matrix
scripts/setup-recipe-venvs.py builds), and the interpreter is interpreters.find_interpreter's."""

import pytest

from jupyterlab_convert_doctor.recipes.catalog import get_lane, get_recipe, lane_matrix
from jupyterlab_convert_doctor.recipes.interpreters import find_interpreter


def lane_pythons(recipe_id, first_only=False):
    """[(lane id, Python version)] of the recipe's lanes on each Python their tested_on lists."""
    return [(lane_id, version) for _, lane_id, version in lane_matrix(recipe_id, first_only=first_only)]


def lane_version(recipe_id, lane_id):
    """The Python version the lane was first tested on (its lock was resolved for it)."""
    return get_lane(get_recipe(recipe_id), lane_id)["tested_on"][0]


def python_or_skip(version):
    """The path of Python `version` ("3.12" or exactly "3.12.1") on this machine, or skip the test."""
    return find_interpreter(version) or pytest.skip(f"needs Python {version}")
