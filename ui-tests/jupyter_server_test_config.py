"""Jupyter server for the Galata ui-tests (JupyterLab at /lab, Notebook 7 at /tree and /notebooks).

Never use this configuration outside tests: it removes every security protection.
"""
import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is the config object Jupyter injects)

# Tests run as root on CI machines and in containers.
c.ServerApp.allow_root = True  # noqa: F821
# The Notebook 7 pages need window.jupyterapp too (galata reads it).
c.JupyterNotebookApp.expose_app_in_browser = True  # noqa: F821
# Movable so that two checkouts can run their tests at once (see playwright.config.js).
c.ServerApp.port = int(os.environ.get("CONVERT_DOCTOR_UI_PORT", "8888"))  # noqa: F821
