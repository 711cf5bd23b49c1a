"""Feeding a 640x640 image to a model exported at 416x416."""

CASE = {
    "venv": "onnx-modern-cv4",
    "prepare": [["onnx-modern-cv4", "onnx_models_new_onnx.py"]],
    "expected_category": "input_shape_mismatch",
    "fitting_recipe": None,
    "expect": "Got: 640 Expected: 416",
    "description": "onnxruntime 1.23.2 session.run with a 1x3x640x640 blob on a YOLOv4-tiny-like "
                   "model exported with a static 1x3x416x416 input.",
}

import numpy as np
import onnxruntime as ort

session = ort.InferenceSession("yolov4-tiny-ir7.onnx", providers=["CPUExecutionProvider"])
image = np.zeros((640, 640, 3), np.uint8)
blob = image.transpose(2, 0, 1)[None].astype(np.float32) / 255.0
outputs = session.run(None, {"images": blob})
