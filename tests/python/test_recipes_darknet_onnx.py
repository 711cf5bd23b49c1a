"""darknet-onnx end to end in its pinned venv: yolov4-tiny (the real cfg) with deterministic
random weights, the project's converter in the venv, ONNX vs the numpy reference <= 1e-4."""


import pytest

from jupyterlab_convert_doctor.darknet.published_cfgs import published_cfg
from jupyterlab_convert_doctor.recipes import StepFailed, get_recipe, run_recipe
from jupyterlab_convert_doctor.recipes.catalog import get_lane
from recipe_lanes import pip_freeze, prebuilt
from recipe_pythons import lane_version, python_or_skip, lane_pythons

# (lane, interpreter): every lane on the interpreters scripts/setup-recipe-venvs.py builds it for.
LANES = lane_pythons("darknet-onnx")
PY311_VERSION = lane_version("darknet-onnx", "py311plus")


@pytest.fixture(scope="module")
def yolov4_tiny(darknet_weights):
    return published_cfg("yolov4-tiny"), darknet_weights("yolov4-tiny", seed=4, gain=1.0)


@pytest.mark.parametrize("lane_id,version", LANES, ids=[f"{l}-{v}" for l, v in LANES])
def test_darknet_onnx_yolov4_tiny_matches_the_reference(lane_id, version, yolov4_tiny, tmp_path, recipe_cache):
    python = python_or_skip(version)
    cfg, weights = yolov4_tiny
    prebuilt("darknet-onnx", lane_id, python)
    before = pip_freeze()
    lines = []
    result = run_recipe("darknet-onnx", cfg=str(cfg), weights=str(weights), onnx=str(tmp_path / "yolov4-tiny.onnx"),
                        python=str(python), echo=lines.append)
    assert pip_freeze() == before
    assert result["lane"] == lane_id and result["python"] == version
    assert result["passed"] and result["max_abs_diff"] <= 1e-4
    shapes = sorted(o["shape"] for o in result["models"][0]["outputs"])
    assert shapes == [[1, 255, 13, 13], [1, 255, 26, 26]]
    assert len(result["diffs"]) == 2
    assert result["files"][0]["bytes"] > 24_000_000  # 6,062,814 float32 parameters
    text = "\n".join(lines)
    pins = get_lane(get_recipe("darknet-onnx"), lane_id)["requirements"]
    assert "opset 13, IR version 7" in text and "Pins: " + " ".join(pins) in text


def test_darknet_onnx_wrong_weights_fail_in_the_read_step(yolov4_tiny, tmp_path, recipe_cache):
    python = python_or_skip(PY311_VERSION)
    cfg, weights = yolov4_tiny
    truncated = tmp_path / "truncated.weights"
    truncated.write_bytes(weights.read_bytes()[:1_000_000])
    prebuilt("darknet-onnx", "py311plus", python)
    with pytest.raises(StepFailed) as info:
        run_recipe("darknet-onnx", cfg=str(cfg), weights=str(truncated), onnx=str(tmp_path / "x.onnx"),
                   python=str(python), echo=lambda line: None)
    assert info.value.step == "read cfg and weights"
    assert "WeightsError" in str(info.value)
    assert not (tmp_path / "x.onnx").exists()
