"""Errors the recipe runner raises; each message says which step failed and why."""


class RecipeError(Exception):
    """Base class: a recipe could not run. `step` names the step that failed."""

    def __init__(self, message, step=None):
        super().__init__(message)
        self.step = step


class UnknownRecipe(RecipeError):
    pass


class BadParameters(RecipeError):
    pass


class NoLaneForPython(RecipeError):
    pass


class RegistryUnreachable(RecipeError):
    """pip could not reach the package index (offline, blocked, or a wrong index URL)."""


class InstallFailed(RecipeError):
    pass


class StepFailed(RecipeError):
    """The conversion subprocess failed; `output_tail` holds its last lines (a real traceback)."""

    def __init__(self, message, step=None, output_tail=""):
        super().__init__(message, step)
        self.output_tail = output_tail


class CacheNotTrusted(RecipeError):
    """The venv cache (or a venv in it) could be written by someone else; its code is not run."""
