"""The seed's ONNX -> TF step on the 2026-08 image (Python 3.13): onnx-tf 1.10 against current onnx."""

CASE = {
    "heldout": True,
    "venv": "colab-2026-08",
    "expected_category": "onnx_tf_tf_mismatch",
    "fitting_recipe": "onnx-tflite",
    "expect": "mapping",
    "description": "`pip install --no-deps onnx-tf` (1.10.0; a plain install fails on the missing "
                   "tensorflow-addons wheel for Python 3.13) on the Colab 2026-08 image with onnx 1.22.0, "
                   "then onnx_tf.backend.prepare: onnx-tf 1.10.0 (unmaintained since 2022) imports "
                   "onnx.mapping, which current onnx no longer has.",
}

import onnx

from yolo_like_onnx import build

onnx.save(build(opset=13), "yolov4-tiny.onnx")

from onnx_tf.backend import prepare

tf_rep = prepare(onnx.load("yolov4-tiny.onnx"))
tf_rep.export_graph("yolov4_tiny_tf")
