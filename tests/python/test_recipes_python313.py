"""Issue 9 item 8: on a machine whose only Python is 3.13 (Colab today), the lanes the data claims
for 3.13 run and verify there. The seed user's chain, given only a 3.13 interpreter: darknet-onnx
(yolov4-tiny cfg, deterministic random weights) then onnx-tflite, each lane chosen by the runner
for that interpreter, each verified (ONNX vs the numpy Darknet reference, TFLite vs ONNX)."""


from jupyterlab_convert_doctor.darknet.network import load_network
from jupyterlab_convert_doctor.darknet.published_cfgs import published_cfg
from jupyterlab_convert_doctor.darknet.weights import write_random_weights
from jupyterlab_convert_doctor.recipes import get_recipe, run_recipe
from recipe_lanes import block_network, prebuilt
from recipe_pythons import python_or_skip

PY313_VERSION = "3.13.0"  # Colab's Python; the lanes claiming it list it in tested_on
CLAIMED = {"darknet-onnx": "py311plus", "onnx-tflite": "py312plus-direct"}


def test_the_lanes_run_on_python_3_13_are_the_ones_claiming_it():
    for recipe_id, lane_id in CLAIMED.items():
        claiming = [l["id"] for l in get_recipe(recipe_id)["lanes"] if PY313_VERSION in l["tested_on"]]
        assert lane_id in claiming, (recipe_id, claiming)


def test_darknet_to_tflite_on_python_3_13_only(tmp_path, recipe_cache, monkeypatch):
    py313 = python_or_skip(PY313_VERSION)
    for recipe_id, lane_id in CLAIMED.items():
        prebuilt(recipe_id, lane_id, py313)
    cfg = published_cfg("yolov4-tiny")
    weights = tmp_path / "yolov4-tiny.weights"
    write_random_weights(weights, load_network(cfg), seed=13)
    block_network(monkeypatch)  # both lanes are built: nothing may be fetched
    onnx = run_recipe("darknet-onnx", cfg=str(cfg), weights=str(weights), onnx=str(tmp_path / "yolov4-tiny.onnx"),
                      python=py313, echo=lambda line: None)
    assert onnx["lane"] == CLAIMED["darknet-onnx"] and onnx["python"] == PY313_VERSION
    assert onnx["passed"] and onnx["max_abs_diff"] <= 1e-4
    tflite = run_recipe("onnx-tflite", onnx=str(tmp_path / "yolov4-tiny.onnx"), out=str(tmp_path / "out"),
                        python=py313, echo=lambda line: None)
    assert tflite["lane"] == CLAIMED["onnx-tflite"] and tflite["python"] == PY313_VERSION
    assert tflite["passed"] and tflite["max_abs_diff"] <= 1e-3
    assert (tmp_path / "out" / "yolov4-tiny_float32.tflite").stat().st_size > 20_000_000
