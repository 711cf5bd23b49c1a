"""The seed's ONNX -> TF step on the 2025-08 image: onnx-tf 1.10 on current onnx, TF 2.19, Keras 3.10."""

CASE = {
    "venv": "colab-2025-08",
    "expected_category": "onnx_tf_tf_mismatch",
    "fitting_recipe": "onnx-tflite",
    "expect": "mapping",
    "description": "`pip install onnx onnx-tf tensorflow-addons` on the Colab 2025-08 pins (TF 2.19.0, Keras "
                   "3.10.0, run on Python 3.11; onnx 1.22.0, the newest that keeps the image's protobuf), "
                   "then onnx_tf.backend.prepare on a YOLOv4-tiny-like model: onnx-tf 1.10.0 (unmaintained "
                   "since 2022) imports onnx.mapping, which current onnx no longer has.",
}

import onnx

from yolo_like_onnx import build

onnx.save(build(opset=13), "yolov4-tiny.onnx")

from onnx_tf.backend import prepare

tf_rep = prepare(onnx.load("yolov4-tiny.onnx"))
tf_rep.export_graph("yolov4_tiny_tf")
