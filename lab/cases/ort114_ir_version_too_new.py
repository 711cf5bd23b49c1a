"""A model saved by a current onnx, loaded by an older onnxruntime."""

CASE = {
    "venv": "ort114-onnx113-np124",
    "prepare": [["onnx-modern-cv4", "onnx_models_new_onnx.py"]],
    "expect": 'Unsupported model IR version',
    "expected_category": "onnxruntime_ir_version",
    "fitting_recipe": "onnx-restamp",
    "description": "A YOLOv4-tiny-like ONNX model built with onnx 1.19 (default IR version 12) "
                   "loaded by onnxruntime 1.14.1, which reads IR <= 8.",
}

import onnxruntime as ort

session = ort.InferenceSession("yolov4-tiny.onnx", providers=["CPUExecutionProvider"])
