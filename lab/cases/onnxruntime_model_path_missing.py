"""Loading an exported model from a path that was never written."""

CASE = {
    "venv": "onnx-modern-cv4",
    "expected_category": "file_not_found",
    "fitting_recipe": None,
    "expect": "NO_SUCHFILE",
    "description": "onnxruntime.InferenceSession('weights/yolov4-tiny.onnx') when the export wrote "
                   "the file elsewhere (onnxruntime 1.23.2).",
}

import numpy as np
import onnxruntime as ort

session = ort.InferenceSession("weights/yolov4-tiny.onnx", providers=["CPUExecutionProvider"])
outputs = session.run(None, {"images": np.zeros((1, 3, 416, 416), np.float32)})
