"""Recipe runner: pinned, verified conversion paths run in isolated venvs (see knowledge/recipes.json).

Importing this is cheap (standard library only); conversions run in a subprocess."""

from .catalog import get_recipe, load_recipes, render_cell
from .errors import (BadParameters, CacheNotTrusted, InstallFailed, NoLaneForPython, RecipeError, RegistryUnreachable,
                     StepFailed, UnknownRecipe)
from .runner import run_recipe

__all__ = ["run_recipe", "load_recipes", "get_recipe", "render_cell", "RecipeError", "UnknownRecipe",
           "BadParameters", "NoLaneForPython", "RegistryUnreachable", "InstallFailed", "StepFailed",
           "CacheNotTrusted"]
