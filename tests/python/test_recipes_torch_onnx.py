"""torch-onnx end to end in its pinned venv (torch 2.13.0 CPU, Python 3.11): a small PyTorch
YOLO-style module exported with dynamo passed explicitly, ONNX vs eager torch."""

import subprocess
import textwrap

import pytest

from jupyterlab_convert_doctor.recipes import NoLaneForPython, run_recipe
from jupyterlab_convert_doctor.recipes.errors import StepFailed
from jupyterlab_convert_doctor.recipes.venvs import venv_python
from model_sources import TORCH_MODEL_SOURCE
from recipe_lanes import pip_freeze, prebuilt
from recipe_pythons import lane_version, python_or_skip

PY311_VERSION = lane_version("torch-onnx", "py311-cpu")

@pytest.fixture
def model_file(tmp_path):
    path = tmp_path / "tiny_yolo.py"
    path.write_text(TORCH_MODEL_SOURCE)
    return path


@pytest.mark.parametrize("dynamo,opset", [(False, 13), (True, 18)])
def test_torch_onnx_exports_with_explicit_dynamo_and_matches_eager(dynamo, opset, model_file, tmp_path, recipe_cache):
    py311 = python_or_skip(PY311_VERSION)
    prebuilt("torch-onnx", "py311-cpu", py311)
    before = pip_freeze()
    lines = []
    result = run_recipe("torch-onnx", model=f"{model_file}:build", onnx=str(tmp_path / "tiny.onnx"),
                        input_shape=[1, 3, 64, 64], dynamo=dynamo, opset=opset, python=py311, echo=lines.append)
    assert pip_freeze() == before
    assert result["passed"] and result["max_abs_diff"] <= 1e-4 and len(result["diffs"]) == 2
    assert result["opset"] == opset
    text = "\n".join(lines)
    assert f"torch.onnx.export(dynamo={dynamo}, opset_version={opset})" in text
    assert "torch==2.13.0" in text and "PASSED" in text


def test_torch_lane_is_restricted_to_python_311(model_file, tmp_path):
    py312 = python_or_skip("3.12")  # any 3.12: no lane of torch-onnx takes it
    # The runner quotes the recipe data's reason (no_lane) why no lane serves 3.12.
    with pytest.raises(NoLaneForPython, match=r"no lane for Python 3\.12\.1; its lanes are: py311-cpu.* Why no lane "
                       r"for Python 3\.12: torch 2\.13\.0's CPU wheel .* is cp311 only .*\(source: https://"):
        run_recipe("torch-onnx", model=f"{model_file}:build", onnx=str(tmp_path / "x.onnx"), python=py312)


# A module whose unpickling leaves a file behind: proof of whether torch.load ran the checkpoint's
# code. Harmless: it only writes one file in the test's tmp_path.
MARKER_SOURCE = textwrap.dedent('''
    import pathlib

    def touch(path):
        pathlib.Path(path).write_text("unpickled")
        return "touched"

    class Marker:
        def __init__(self, path):
            self.path = path

        def __reduce__(self):
            return (touch, (self.path,))
''')


@pytest.fixture
def full_checkpoint(tmp_path, recipe_cache):
    """A YOLO-style full checkpoint ({'model': module, ...}, as torch.save(model) repos write it)
    holding a Marker, saved by the lane's own torch; the classes it pickles live next to it."""
    py311 = python_or_skip(PY311_VERSION)
    python = venv_python(prebuilt("torch-onnx", "py311-cpu", py311))
    folder = tmp_path / "ckpt"
    folder.mkdir()
    (folder / "tiny_yolo.py").write_text(TORCH_MODEL_SOURCE)
    (folder / "marker.py").write_text(MARKER_SOURCE)
    marker = tmp_path / "unpickled.txt"
    checkpoint = folder / "yolov4-tiny.pt"
    save = ("import sys, torch; sys.path.insert(0, sys.argv[1]); from tiny_yolo import build; "
            "from marker import Marker; "
            "torch.save({'epoch': 3, 'model': build(), 'marker': Marker(sys.argv[2])}, sys.argv[3])")
    subprocess.run([str(python), "-c", save, str(folder), str(marker), str(checkpoint)], check=True)
    assert checkpoint.exists() and not marker.exists()
    return checkpoint, marker, py311


def test_full_checkpoint_is_refused_without_unpickling_unless_trusted(full_checkpoint, tmp_path):
    checkpoint, marker, py311 = full_checkpoint
    onnx = tmp_path / "out" / "tiny.onnx"
    with pytest.raises(StepFailed) as refused:
        run_recipe("torch-onnx", checkpoint=str(checkpoint), onnx=str(onnx), input_shape=[1, 3, 64, 64],
                   python=py311, echo=lambda line: None)
    message = str(refused.value)
    assert refused.value.step == "build model"
    assert "CheckpointNotTrustedError" in message and "was not loaded" in message
    assert "trust_checkpoint_code=True" in message and "runs code" in message
    assert "model='file.py:factory'" in message and "add_safe_globals" in message
    # The weights-only probe named the global it refused, and nothing of the file ran.
    assert "Unsupported global" in message
    assert not marker.exists() and not onnx.exists()


def test_trusted_full_checkpoint_exports_and_matches_eager(full_checkpoint, tmp_path):
    checkpoint, marker, py311 = full_checkpoint
    lines = []
    result = run_recipe("torch-onnx", checkpoint=str(checkpoint), onnx=str(tmp_path / "tiny.onnx"),
                        input_shape=[1, 3, 64, 64], trust_checkpoint_code=True, python=py311,
                        echo=lines.append)
    # Unpickling ran the file's code (the marker), as the opt-in says it does.
    assert marker.read_text() == "unpickled"
    assert result["passed"] and result["max_abs_diff"] <= 1e-4 and len(result["diffs"]) == 2
    assert result["opset"] == 13
    assert "weights_only=False): trust_checkpoint_code=True" in "\n".join(lines)
