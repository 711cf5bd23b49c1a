"""coremltools 9.0 given an in-memory onnx.ModelProto on the Python 3.13 Colab image."""

CASE = {
    "heldout": "lab-heldout2",
    "venv": "colab-2026-08",
    "expected_category": "coreml_framework_unsupported",
    "fitting_recipe": None,
    "expect": "source",
    "description": "ct.convert(onnx.load('yolov4-tiny.onnx'), minimum_deployment_target=ct.target.iOS16) on "
                   "the Colab 2026-08 image (Python 3.13, coremltools 9.0, onnx 1.22.0): coremltools has no "
                   "ONNX frontend since 6.0.",
}

import coremltools as ct
import onnx

from yolo_like_onnx import build

onnx.save(build(), "yolov4-tiny.onnx")
mlmodel = ct.convert(onnx.load("yolov4-tiny.onnx"), minimum_deployment_target=ct.target.iOS16)
