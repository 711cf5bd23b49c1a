"""jupyterlab-convert-doctor: diagnose failing model conversions in notebooks.

Importing this package must stay cheap and safe inside a user's kernel: standard library only.
"""

try:
    from ._version import __version__
except ImportError:  # a source checkout that was never built
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-convert-doctor"}]


def load_ipython_extension(ip):
    """`%load_ext jupyterlab_convert_doctor`: diagnoses failed cells inside the kernel."""
    from .ipython_extension import load

    load(ip)


def unload_ipython_extension(ip):
    """`%unload_ext jupyterlab_convert_doctor`: removes the callback and the magic."""
    from .ipython_extension import unload

    unload(ip)
