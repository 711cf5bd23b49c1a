"""The darknet-onnx step's verification is independent of the converter's parsing: with a
deliberately wrong parse patched into the converter (a weights reader that swaps two arrays, a
network whose route reads the other channel group), the ONNX model is wrong and the step's check
against darknet_reference FAILS. Checked against the converter's own reference, which shares that
parse, both would PASS.

The step script runs as the runner runs it (a subprocess with the package on PYTHONPATH), with the
project venv's python, which has onnx and onnxruntime; the lanes' own venvs are exercised by
test_recipes_darknet_onnx.py."""

import json
import os
import subprocess
import sys

import pytest

from darknet_helpers import REPO, cfg_path
from jupyterlab_convert_doctor.recipes.runner import STEPS_DIR

# Runs the step after patching the converter's readers in this process: `convert` bound them at
# import, so both the defining module and jupyterlab_convert_doctor.darknet.convert are patched.
WRAPPER = """
import runpy, sys
steps, script, corruption = sys.argv[1:4]
sys.argv = [script] + sys.argv[4:]
sys.path.insert(0, steps)
import jupyterlab_convert_doctor.darknet  # noqa: F401 (loads the submodules patched below)
convert = sys.modules["jupyterlab_convert_doctor.darknet.convert"]
network = sys.modules["jupyterlab_convert_doctor.darknet.network"]
weights = sys.modules["jupyterlab_convert_doctor.darknet.weights"]

if corruption == "swap-bn-scales-and-variance":
    original = weights.read_weights
    def read_weights(path, net):
        result = original(path, net)
        first = next(p for p in result.conv.values() if p.scales is not None)
        first.scales, first.variance = first.variance, first.scales
        return result
    weights.read_weights = convert.read_weights = read_weights
elif corruption == "route-group-id-0":
    original = network.load_network
    def load_network(path):
        net = original(path)
        for layer in net.layers:
            if isinstance(layer, network.RouteLayer) and layer.groups == 2:
                layer.group_id = 0
        return net
    network.load_network = convert.load_network = load_network
else:
    assert corruption == "none"
runpy.run_path(script, run_name="__main__")
"""


def run_step(tmp_path, weights, corruption, steps_dir=STEPS_DIR, decode=False):
    params = {"cfg": str(cfg_path("yolov4-tiny")), "weights": str(weights),
              "onnx": str(tmp_path / f"{corruption}.onnx"), "opset": 13, "decode": decode}
    params_file, result_file = tmp_path / "params.json", tmp_path / f"{corruption}.json"
    params_file.write_text(json.dumps(params))
    env = dict(os.environ, PYTHONPATH=str(REPO))
    subprocess.run([sys.executable, "-c", WRAPPER, str(steps_dir),
                    str(steps_dir / "darknet_onnx.py"), corruption, str(params_file),
                    str(result_file)], check=True, env=env, cwd=tmp_path)
    return json.loads(result_file.read_text())


@pytest.fixture
def weights(darknet_weights):
    return darknet_weights("yolov4-tiny", seed=4)


@pytest.mark.parametrize("decode", [False, True], ids=["raw-heads", "decoded"])
def test_the_unpatched_converter_passes(tmp_path, weights, decode):
    result = run_step(tmp_path, weights, "none", decode=decode)
    assert result["passed"], result["diffs"]
    assert sorted(result["diffs"]) == (["boxes", "scores"] if decode else ["yolo_30", "yolo_37"])
    assert result["max_abs_diff"] <= 1e-4
    assert "independent numpy Darknet reference" in result["compare"]


@pytest.mark.parametrize("corruption", ["swap-bn-scales-and-variance", "route-group-id-0"])
def test_a_wrong_converter_parse_fails_the_verification(tmp_path, weights, corruption):
    result = run_step(tmp_path, weights, corruption)
    assert not result["passed"]
    assert result["max_abs_diff"] > 100 * result["tolerance"], result["diffs"]
