"""torch-onnx end to end in its pinned venv (torch 2.13.0 CPU, Python 3.11): a small PyTorch
YOLO-style module exported with dynamo passed explicitly, ONNX vs eager torch."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jupyterlab_convert_doctor.recipes import NoLaneForPython, run_recipe
from test_recipes_onnx_tflite import pip_freeze, prebuilt, recipe_cache  # noqa: F401 (fixture)

PYENV = Path.home() / ".pyenv" / "versions"
PY311 = PYENV / "3.11.7" / "bin" / "python"
PY312 = PYENV / "3.12.1" / "bin" / "python"

MODEL_SOURCE = textwrap.dedent('''
    import torch
    from torch import nn

    class ConvBlock(nn.Sequential):
        def __init__(self, cin, cout, k, stride=1):
            super().__init__(nn.Conv2d(cin, cout, k, stride, k // 2, bias=False), nn.BatchNorm2d(cout),
                             nn.LeakyReLU(0.1))

    class TinyYolo(nn.Module):
        """Darknet-style blocks: channel split (route groups), maxpool, nearest upsample, two heads."""
        def __init__(self):
            super().__init__()
            self.c1, self.c2, self.c3 = ConvBlock(3, 8, 3, 2), ConvBlock(8, 16, 3), ConvBlock(8, 8, 3)
            self.pool, self.c4, self.c5 = nn.MaxPool2d(2, 2), ConvBlock(16, 32, 3), ConvBlock(32, 8, 1)
            self.head_small, self.head_large = nn.Conv2d(32, 18, 1), nn.Conv2d(24, 18, 1)

        def forward(self, x):
            x2 = self.c2(self.c1(x))
            split = x2[:, 8:]
            x4 = self.c4(self.pool(torch.cat([self.c3(split), split], 1)))
            up = nn.functional.interpolate(self.c5(x4), scale_factor=2, mode="nearest")
            return self.head_small(x4), self.head_large(torch.cat([up, x2], 1))

    def build():
        torch.manual_seed(0)
        model = TinyYolo()
        for m in model.modules():  # non-trivial BN statistics so folding is exercised
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
        return model
''')


@pytest.fixture
def model_file(tmp_path):
    path = tmp_path / "tiny_yolo.py"
    path.write_text(MODEL_SOURCE)
    return path


@pytest.mark.parametrize("dynamo,opset", [(False, 13), (True, 18)])
def test_torch_onnx_exports_with_explicit_dynamo_and_matches_eager(dynamo, opset, model_file, tmp_path, recipe_cache):
    if not PY311.exists():
        pytest.skip(f"needs {PY311}")
    prebuilt("torch-onnx", "py311-cpu", PY311)
    before = pip_freeze()
    lines = []
    result = run_recipe("torch-onnx", model=f"{model_file}:build", onnx=str(tmp_path / "tiny.onnx"),
                        input_shape=[1, 3, 64, 64], dynamo=dynamo, opset=opset, python=str(PY311), echo=lines.append)
    assert pip_freeze() == before
    assert result["passed"] and result["max_abs_diff"] <= 1e-4 and len(result["diffs"]) == 2
    assert result["opset"] == opset
    text = "\n".join(lines)
    assert f"torch.onnx.export(dynamo={dynamo}, opset_version={opset})" in text
    assert "torch==2.13.0" in text and "PASSED" in text


def test_torch_lane_is_restricted_to_python_311(model_file, tmp_path):
    if not PY312.exists():
        pytest.skip(f"needs {PY312}")
    with pytest.raises(NoLaneForPython, match=r"no lane for Python 3\.12\.1; its lanes are: py311-cpu"):
        run_recipe("torch-onnx", model=f"{model_file}:build", onnx=str(tmp_path / "x.onnx"), python=str(PY312))
