"""jupyterlab-convert-doctor: diagnose failing model conversions in notebooks.

Importing this package must stay cheap and safe inside a user's kernel: standard library only.
"""

try:
    from ._version import __version__
except ImportError:  # a source checkout that was never built
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-convert-doctor"}]
