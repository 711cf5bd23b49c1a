"""coremltools 9.0 given an ONNX file, as pre-2021 tutorials did (ONNX input was dropped in coremltools 6)."""

CASE = {
    "venv": "colab-2026-03",
    "expected_category": "coreml_framework_unsupported",
    "fitting_recipe": None,
    "expect": "source framework",
    "description": "ct.convert('yolov4-tiny.onnx', convert_to='mlprogram') on the Colab 2026-03 image with "
                   "coremltools 9.0 and onnx 1.22.0: the unified converter accepts TensorFlow and PyTorch "
                   "models only (the ONNX frontend was removed in coremltools 6). Nothing is converted, so "
                   "nothing here needs macOS to verify.",
}

import coremltools as ct
import onnx

from yolo_like_onnx import build

onnx.save(build(), "yolov4-tiny.onnx")
mlmodel = ct.convert("yolov4-tiny.onnx", convert_to="mlprogram")
