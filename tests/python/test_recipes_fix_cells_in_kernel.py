"""Every recipe's fix cell, as the extension inserts it, run by a real ipykernel in the project
venv (whose numpy / onnx / onnxruntime / protobuf conflict with the lanes' pins): the cell
converts and verifies, and the kernel's environment is left exactly as it was.

onnx-tflite has the same check in test_recipes_onnx_tflite.py; this covers the others."""

import json

import pytest

from jupyterlab_convert_doctor.darknet.network import load_network
from jupyterlab_convert_doctor.darknet.weights import write_random_weights
from jupyterlab_convert_doctor.recipes import get_recipe
from jupyterlab_convert_doctor.recipes.catalog import render_cell
from jupyterlab_convert_doctor.darknet.published_cfgs import published_cfg
from model_sources import TORCH_MODEL_SOURCE, build_keras_model, make_saved_model
from recipe_lanes import pip_freeze, prebuilt
from recipe_pythons import lane_version, python_or_skip

HEAVY_MODULES = ("tensorflow", "torch", "onnx2tf", "onnxruntime", "onnx")


def darknet_onnx_inputs(tmp_path):
    cfg = published_cfg("yolov4-tiny")
    weights = tmp_path / "yolov4-tiny.weights"
    write_random_weights(weights, load_network(cfg), seed=4)
    return "py311plus", {"cfg": str(cfg), "weights": str(weights), "onnx": str(tmp_path / "y.onnx")}


def torch_onnx_inputs(tmp_path):
    model = tmp_path / "tiny_yolo.py"
    model.write_text(TORCH_MODEL_SOURCE)
    return "py311-cpu", {"model": f"{model}:build", "onnx": str(tmp_path / "tiny.onnx")}


def tf_tflite_select_ops_inputs(tmp_path):
    venv = prebuilt("tf-tflite-select-ops", "py311", python_or_skip(lane_version("tf-tflite-select-ops", "py311")))
    saved_model = make_saved_model(venv, tmp_path)
    return "py311", {"saved_model": str(saved_model), "tflite": str(tmp_path / "m.tflite")}


def keras_savedmodel_inputs(tmp_path):
    venv = prebuilt("keras-savedmodel", "py311", python_or_skip(lane_version("keras-savedmodel", "py311")))
    return "py311", {"keras_model": str(build_keras_model(venv, tmp_path, "detector.keras"))}


INPUTS = {
    "darknet-onnx": darknet_onnx_inputs,
    "torch-onnx": torch_onnx_inputs,
    "tf-tflite-select-ops": tf_tflite_select_ops_inputs,
    "keras-savedmodel": keras_savedmodel_inputs,
}


def run_in_kernel(cell, cwd):
    """Runs the cell, then lists which heavy modules the kernel has imported."""
    from jupyter_client.manager import start_new_kernel

    probe = ("import sys, json; print(json.dumps(sorted(m for m in %r if m in sys.modules)))"
             % (HEAVY_MODULES,))
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(cwd))
    try:
        outputs, probed = [], []
        reply = kc.execute_interactive(cell, timeout=900, output_hook=outputs.append)
        kc.execute_interactive(probe, timeout=60, output_hook=probed.append)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    def stream(messages):
        return "".join(m["content"].get("text", "") for m in messages if m["msg_type"] == "stream")

    errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
    return reply["content"]["status"], errors, stream(outputs), json.loads(stream(probed))


@pytest.mark.parametrize("recipe_id", sorted(INPUTS))
def test_fix_cell_converts_verifies_and_leaves_the_kernel_env_untouched(recipe_id, tmp_path, recipe_cache):
    lane, values = INPUTS[recipe_id](tmp_path)
    prebuilt(recipe_id, lane, python_or_skip(lane_version(recipe_id, lane)))
    cell = render_cell(get_recipe(recipe_id), **values)
    before = pip_freeze()

    status, errors, text, loaded = run_in_kernel(cell, tmp_path)

    assert status == "ok", errors
    assert pip_freeze() == before
    assert f"Recipe {recipe_id}" in text and "Pins: " in text
    assert "PASSED" in text, text[-2000:]
    assert loaded == []  # the conversion ran in the lane's venv, not in the kernel
