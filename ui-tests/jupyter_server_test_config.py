"""Jupyter server for the Galata ui-tests (JupyterLab at /lab, Notebook 7 at /tree and /notebooks).

Never use this configuration outside tests: it removes every security protection.
"""
from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is the config object Jupyter injects)

# Tests run as root on CI machines and in containers.
c.ServerApp.allow_root = True  # noqa: F821
# The Notebook 7 pages need window.jupyterapp too (galata reads it).
c.JupyterNotebookApp.expose_app_in_browser = True  # noqa: F821
