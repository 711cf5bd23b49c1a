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
    """The conversion subprocess failed; `output_tail` holds its last lines (a real traceback),
    `returncode` its exit status (None when it did not exit on its own or the failure is not an exit)."""

    def __init__(self, message, step=None, output_tail="", returncode=None):
        super().__init__(message, step)
        self.output_tail = output_tail
        self.returncode = returncode


class CacheNotTrusted(RecipeError):
    """The venv cache (or a venv in it) could be written by someone else; its code is not run."""
