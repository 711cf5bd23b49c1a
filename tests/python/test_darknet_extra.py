"""The `convert` extra (issue 11 item 5): `pip install "jupyterlab-convert-doctor[convert]"` brings
what `python -m jupyterlab_convert_doctor.darknet` imports, and without it the converter says
which extra to install. Real interpreters without the packages: a --without-pip venv (no
system site-packages) with the checkout on PYTHONPATH; for "numpy but no onnx", the project
venv's real numpy is linked alone into a folder on that path."""

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy
import pytest
from packaging.requirements import Requirement

from darknet_helpers import REPO, write_weights_for
from jupyterlab_convert_doctor.darknet.published_cfgs import published_cfg
from jupyterlab_convert_doctor.darknet.requirements import EXTRA, MODULES

DARKNET = REPO / "jupyterlab_convert_doctor" / "darknet"
INSTALL_HINT = f'pip install "jupyterlab-convert-doctor[{EXTRA}]"'


def third_party_imports():
    """Top-level modules the converter's package imports that are neither stdlib nor its own."""
    found = set()
    for source in DARKNET.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module.split(".")[0])
            elif (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "require"
                  and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)  # require("onnx"): the lazy import
    return found - set(sys.stdlib_module_names) - {"jupyterlab_convert_doctor", "__future__"}


def test_the_extra_lists_exactly_what_the_converter_imports():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    extra = [Requirement(r) for r in pyproject["project"]["optional-dependencies"][EXTRA]]
    assert sorted(r.name for r in extra) == sorted(MODULES)
    assert third_party_imports() == set(MODULES)
    assert all(r.specifier for r in extra)  # a floor the lanes were tested with, not "any"


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory):
    """A venv with no packages at all (not even pip), from this interpreter's base."""
    venv = tmp_path_factory.mktemp("bare") / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True)
    return venv / "bin" / "python"


def run_converter(python, pythonpath, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = os.pathsep.join(map(str, pythonpath))
    return subprocess.run([str(python), "-m", "jupyterlab_convert_doctor.darknet", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=pythonpath[0], timeout=120)


def test_without_numpy_the_error_names_the_extra(bare_python, tmp_path):
    run = run_converter(bare_python, [REPO], published_cfg("yolov4-tiny"), tmp_path / "w", tmp_path / "o.onnx")
    assert run.returncode != 0
    last = run.stderr.strip().splitlines()[-1]
    assert "MissingDependency: the Darknet converter needs numpy" in last and INSTALL_HINT in last


def test_with_numpy_but_without_onnx_the_cli_names_the_extra(bare_python, tmp_path):
    only_numpy = tmp_path / "site"
    only_numpy.mkdir()
    real = Path(numpy.__file__).parent
    for entry in real.parent.iterdir():  # numpy and its bundled libraries (numpy.libs), nothing else
        if entry.name == "numpy" or entry.name.startswith("numpy.libs"):
            (only_numpy / entry.name).symlink_to(entry)
    weights = write_weights_for(tmp_path, "yolov4-tiny")
    out = tmp_path / "o.onnx"
    run = run_converter(bare_python, [REPO, only_numpy], published_cfg("yolov4-tiny"), weights, out)
    assert run.returncode == 1, run.stderr
    assert run.stderr.strip() == (f"error: the Darknet converter needs onnx, which is not installed here: "
                                  f"{INSTALL_HINT} (brings numpy + onnx)")
    assert not out.exists()
