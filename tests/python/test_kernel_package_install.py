"""The kernel extension's install-cell rule (ipython_extension/package_install.py) answers as
src/kernel/packageInstall.ts does: the cases of its spec, and hostile input in bounded time."""

import time

import pytest

from jupyterlab_convert_doctor.ipython_extension.package_install import ran_package_install

INSTALLS = [
    "%pip install onnx==1.16.0", "!pip install -q tensorflow-cpu", "!pip3 install onnx-tf",
    "!uv pip install torch", "%uv pip install torch", "%conda install -y numpy", "!mamba install onnx",
    "!micromamba install -c conda-forge onnx", "!python -m pip install --upgrade onnxruntime",
    "!{sys.executable} -m pip install onnx", "!/usr/bin/python3.11 -m pip uninstall -y keras",
    "import os\n!pip install onnx\nprint(1)", "%%bash\npip install onnx", "%%capture\n%pip install onnx",
    "out = !pip install onnx", "!cd /tmp && pip install onnx", "!/usr/local/bin/pip3.11 install onnx",
    "!$(which pip) install onnx", "a, b = !pip install -q onnx",
    "x = 1" + " " * 5000 + "\n!pip install onnx",
]
NOT_INSTALLS = [
    "import pip", "# !pip install onnx", "%pip list", "!pip show onnx", 'print("pip install onnx")',
    'x = "!pip install onnx"', "%%bash\npip list", "pip install onnx", "%%time\nimport tensorflow",
    "a = 5 % 3", "!pip --version", "", None,
]


@pytest.mark.parametrize("source", INSTALLS)
def test_sees_an_install(source):
    assert ran_package_install(source) is True


@pytest.mark.parametrize("source", NOT_INSTALLS)
def test_sees_no_install(source):
    assert ran_package_install(source) is False


@pytest.mark.parametrize("source", [
    "!" + ";" * 200_000, "!" + "a/" * 100_000, "a, " * 66_666, "%%bash\n" + "pip;" * 50_000,
    "!" + "pip " * 50_000, "!;pip\n" * 33_333,
])
def test_hostile_sources_are_answered_fast(source):
    best = min(_timed(source) for _ in range(3))
    assert best < 0.05


def _timed(source):
    started = time.perf_counter()
    assert ran_package_install(source) is False
    return time.perf_counter() - started
