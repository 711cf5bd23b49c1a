"""Issue 16 item 5: each Colab image's Python (lab/colab_images.json) gets, for every recipe, a lane
that runs on it (its `python` admits the version and its tested_on has that minor) or the recipe
data says why not (`no_lane`, with a source); the runner quotes that reason."""

import json
from pathlib import Path

import pytest

from jupyterlab_convert_doctor.recipes import load_recipes
from jupyterlab_convert_doctor.recipes.catalog import lane_for_python, why_no_lane
from jupyterlab_convert_doctor.recipes.errors import NoLaneForPython
from jupyterlab_convert_doctor.recipes.python_spec import matches

COLAB_IMAGES = Path(__file__).resolve().parents[2] / "lab" / "colab_images.json"


def minor(version):
    return ".".join(version.split(".")[:2])


def colab_pythons():
    """Every interpreter version a Colab image ran: its os-info Python and, where the image changed
    Python at the cited commit, the one before (`python_before`)."""
    images = json.loads(COLAB_IMAGES.read_text())["images"]
    return sorted({v for image in images for v in (image["python"], image.get("python_before")) if v})


def coverage(recipe, version):
    """(lanes that run on `version` and were tested on its minor, the data's no_lane entries for it)."""
    lanes = [lane["id"] for lane in recipe["lanes"] if matches(lane["python"], version)
             and minor(version) in {minor(v) for v in lane.get("tested_on", [])}]
    gaps = [gap for gap in recipe.get("no_lane", []) if gap["python"] == minor(version)]
    return lanes, gaps


def test_the_colab_pythons_are_the_images_three_minors():
    assert {minor(v) for v in colab_pythons()} == {"3.11", "3.12", "3.13"}


@pytest.mark.parametrize("version", colab_pythons())
def test_every_recipe_has_a_tested_lane_or_a_reason_for_each_colab_python(version):
    for recipe in load_recipes():
        lanes, gaps = coverage(recipe, version)
        assert lanes or gaps, f"{recipe['id']}: no lane tested on Python {minor(version)} and no no_lane reason"
        # A reason only where no lane serves that Python: the data never says both.
        assert not (lanes and gaps), f"{recipe['id']}: lanes {lanes} serve Python {version}, yet no_lane says why not"
        assert all(g["reason"].strip() and g["sources"] for g in gaps)


def test_a_reason_names_a_python_no_lane_admits():
    for recipe in load_recipes():
        for gap in recipe.get("no_lane", []):
            admitted = [lane["id"] for lane in recipe["lanes"] if matches(lane["python"], f"{gap['python']}.0")]
            assert not admitted, f"{recipe['id']}: no_lane {gap['python']} but lanes {admitted} admit it"


@pytest.mark.parametrize("recipe", [r for r in load_recipes() if r.get("no_lane")], ids=lambda r: r["id"])
def test_the_runner_quotes_the_reason_for_a_python_without_lane(recipe):
    for gap in recipe["no_lane"]:
        version = f"{gap['python']}.9"
        with pytest.raises(NoLaneForPython) as raised:
            lane_for_python(recipe, version)
        message = str(raised.value)
        assert f"no lane for Python {version}" in message
        assert f"Why no lane for Python {gap['python']}: {gap['reason']} (source: {gap['sources'][0]})" in message


def test_no_reason_is_quoted_for_a_python_the_data_does_not_explain():
    recipe = next(r for r in load_recipes() if r["id"] == "torch-onnx")
    assert why_no_lane(recipe, ["3.10.13"]) == ""
    assert why_no_lane(recipe, ["3.13.0", "3.12.1"]).count("Why no lane for Python") == 2
