"""A model importing opset 21, loaded by an onnxruntime that knows opsets up to 18."""

CASE = {
    "venv": "ort114-onnx113-np124",
    "prepare": [["onnx-modern-cv4", "onnx_models_new_onnx.py"]],
    "expect": 'Opset 21 is under development',
    "expected_category": "onnx_opset_unsupported",
    "fitting_recipe": "onnx-restamp",
    "description": "A YOLOv4-tiny-like ONNX model importing ai.onnx opset 21 (IR 8) loaded by "
                   "onnxruntime 1.14.1, whose official support ends at opset 18.",
}

import onnxruntime as ort

session = ort.InferenceSession("yolov4-tiny-opset21.onnx", providers=["CPUExecutionProvider"])
