"""Recipe data: load knowledge/recipes.json and look recipes and lanes up."""

import json
from pathlib import Path

from ..engine.fix_cell import render_fix_cell
from .errors import NoLaneForPython, UnknownRecipe
from .python_spec import matches

RECIPES_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "recipes.json"


def load_recipes(path=RECIPES_PATH):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["recipes"]


def get_recipe(recipe_id, recipes=None):
    recipes = load_recipes() if recipes is None else recipes
    for recipe in recipes:
        if recipe["id"] == recipe_id:
            return recipe
    known = ", ".join(r["id"] for r in recipes)
    raise UnknownRecipe(f"unknown recipe {recipe_id!r}; known recipes: {known}", step="select recipe")


def describe_lanes(recipe):
    return "; ".join(f"{lane['id']} (Python {lane['python']})" for lane in recipe["lanes"])


def ranked_lanes(recipe):
    """The recipe's lanes, preferred first: by their "preference" rank (1 = the fastest verified
    lane), lanes without one last, ties in file order."""
    return sorted(recipe["lanes"], key=lambda lane: lane.get("preference", float("inf")))


def why_no_lane(recipe, python_versions):
    """The recipe data's reasons (no_lane) why no lane serves these Pythons' minors, one sentence
    each with its first source, for the runner's "no lane" errors; "" when the data gives none."""
    minors = {".".join(v.split(".")[:2]) for v in python_versions}
    return "".join(f" Why no lane for Python {gap['python']}: {gap['reason']} (source: {gap['sources'][0]})"
                   for gap in recipe.get("no_lane", []) if gap["python"] in minors)


def lane_for_python(recipe, python_version):
    """The best-ranked lane whose specifier matches `python_version` ("3.11.7")."""
    for lane in ranked_lanes(recipe):
        if matches(lane["python"], python_version):
            return lane
    raise NoLaneForPython(
        f"recipe {recipe['id']!r} has no lane for Python {python_version}; "
        f"its lanes are: {describe_lanes(recipe)}. Pass python='/path/to/python3.X' "
        "pointing at an interpreter one of the lanes supports." + why_no_lane(recipe, [python_version]),
        step="select lane",
    )


def get_lane(recipe, lane_id):
    for lane in recipe["lanes"]:
        if lane["id"] == lane_id:
            return lane
    raise NoLaneForPython(
        f"recipe {recipe['id']!r} has no lane {lane_id!r}; its lanes are: {describe_lanes(recipe)}",
        step="select lane",
    )


def lane_matrix(recipe_id=None, first_only=False, recipes=None):
    """The lane x Python matrix CI builds and the tests run, read from each lane's tested_on:
    [(recipe id, lane id, Python version)], in data order; one recipe's with `recipe_id`, only each
    lane's first tested version with `first_only`. scripts/setup-recipe-venvs.py builds exactly
    these venvs, so a lane or a Python added to the data is built and tested without more lists."""
    recipes = load_recipes() if recipes is None else recipes
    return [(recipe["id"], lane["id"], version)
            for recipe in recipes if recipe_id in (None, recipe["id"])
            for lane in recipe["lanes"]
            for version in lane.get("tested_on", [])[:1 if first_only else None]]


def render_cell(recipe, **values):
    """The fix cell's source, exactly as the extension inserts it (the engine's rendering of
    src/core/fixCell.ts): a header naming the pinned lanes, then the template with its
    {{name}} placeholders as printable-ASCII Python literals; one left without a value or
    default is `None` and named in a "Fill in" comment."""
    return render_fix_cell(recipe, values)["source"]
