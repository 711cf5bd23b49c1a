"""Error paths of the recipe runner: each fails with a clear message naming the step."""

import time

import pytest

from jupyterlab_convert_doctor.darknet.published_cfgs import published_cfg
from jupyterlab_convert_doctor.recipes import (BadParameters, NoLaneForPython, RegistryUnreachable,
                                               UnknownRecipe, run_recipe)
from recipe_pythons import python_or_skip

# The exact versions the messages below name.
PY39_VERSION, PY311_VERSION = "3.9.18", "3.11.7"


def test_unknown_recipe():
    with pytest.raises(UnknownRecipe, match="unknown recipe 'yolo-magic'; known recipes: darknet-onnx") as info:
        run_recipe("yolo-magic", onnx="x.onnx")
    assert info.value.step == "select recipe"


def test_unknown_and_missing_parameters(tmp_path):
    with pytest.raises(BadParameters, match="has no parameter\\(s\\) model_path; it takes: onnx, out"):
        run_recipe("onnx-tflite", model_path="x.onnx", out=str(tmp_path))
    with pytest.raises(BadParameters, match="needs parameter 'out'"):
        run_recipe("onnx-tflite", onnx="x.onnx")
    with pytest.raises(BadParameters, match="onnx: file not found: .*missing.onnx"):
        run_recipe("onnx-tflite", onnx=str(tmp_path / "missing.onnx"), out=str(tmp_path))


def test_python_that_no_lane_supports(tmp_path, monkeypatch):
    py39, py311 = python_or_skip(PY39_VERSION), python_or_skip(PY311_VERSION)
    monkeypatch.setenv("CONVERT_DOCTOR_CACHE", str(tmp_path / "cache"))
    model = tmp_path / "m.onnx"
    model.write_bytes(b"not used")
    with pytest.raises(NoLaneForPython, match=r"no lane for Python 3\.9\.18; its lanes are: py312plus-direct \(Python >=3\.12\); py311 \(Python >=3\.10\.12,<3\.12\)"):
        run_recipe("onnx-tflite", onnx=str(model), out=str(tmp_path / "out"), python=py39)
    with pytest.raises(NoLaneForPython, match=r"lane 'py312plus' .* needs Python >=3\.12, but .* is Python 3\.11\.7"):
        run_recipe("onnx-tflite", onnx=str(model), out=str(tmp_path / "out"), python=py311, lane="py312plus")
    assert not (tmp_path / "cache").exists()  # nothing was built


def test_blocked_registry_fails_fast_with_a_clear_message(tmp_path, monkeypatch):
    """pip pointed at an index on 127.0.0.1 where nothing listens: the install step must fail
    with RegistryUnreachable (not a hang, not a generic error) and leave no half-built venv."""
    py311 = python_or_skip(PY311_VERSION)
    monkeypatch.setenv("CONVERT_DOCTOR_CACHE", str(tmp_path / "cache"))
    weights = tmp_path / "w.weights"
    weights.write_bytes(b"\0" * 20)
    lines = []
    started = time.monotonic()
    with pytest.raises(RegistryUnreachable) as info:
        run_recipe("darknet-onnx", cfg=str(published_cfg("yolov4-tiny")), weights=str(weights),
                   onnx=str(tmp_path / "out.onnx"), python=py311,
                   index_url="http://127.0.0.1:9/simple", echo=lines.append)
    elapsed = time.monotonic() - started
    message = str(info.value)
    assert info.value.step == "install lock"
    assert "could not reach the package index (http://127.0.0.1:9/simple)" in message
    assert "Connection refused" in message or "NewConnectionError" in message
    assert any(line.startswith("Pins: numpy==2.2.6 onnx==1.20.1 onnxruntime==1.26.0") for line in lines)
    assert list((tmp_path / "cache" / "venvs").iterdir()) == []
    assert elapsed < 180, f"blocked registry took {elapsed:.0f} s to be reported (hang guard)"
