"""The usual simplify step after an export, in an environment without onnx-simplifier."""

CASE = {
    "venv": "onnx-modern-cv4",
    "prepare": [["onnx-modern-cv4", "onnx_models_new_onnx.py"]],
    "expected_category": "missing_dependency",
    "fitting_recipe": None,
    "expect": "onnxsim",
    "description": "`from onnxsim import simplify` to simplify an exported YOLOv4-tiny-like model, "
                   "with onnx-simplifier not installed.",
}

import onnx
from onnxsim import simplify

model, ok = simplify(onnx.load("yolov4-tiny-ir7.onnx"))
onnx.save(model, "yolov4-tiny-sim.onnx")
