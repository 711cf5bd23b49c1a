"""What the Darknet converter imports beyond the standard library, and the pip extra that brings
it: `pip install "jupyterlab-convert-doctor[convert]"` (pyproject.toml's `convert` extra lists
these modules' distributions; tests/python/test_darknet_extra.py keeps the two equal)."""

import importlib

EXTRA = "convert"
MODULES = ("numpy", "onnx")  # import names (each distribution has the same name)


class MissingDependency(ModuleNotFoundError):
    """A module the converter needs is not installed; the message names the extra."""

    def __init__(self, module):
        super().__init__(f"the Darknet converter needs {module}, which is not installed here: "
                         f'pip install "jupyterlab-convert-doctor[{EXTRA}]" (brings {" + ".join(MODULES)})',
                         name=module)


def missing_from(exc):
    """MissingDependency for an ImportError of one of MODULES, else None (a different failure)."""
    name = (getattr(exc, "name", None) or "").split(".")[0]
    return MissingDependency(name) if name in MODULES else None


def require(module):
    """import `module`, or MissingDependency naming the extra."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise (missing_from(exc) or exc) from exc
