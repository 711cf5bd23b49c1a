"""The seed article's ONNX -> TF step: onnx-tf's backend.prepare on a YOLOv4-tiny-like model."""

CASE = {
    "venv": "tf219-keras3",
    "expect": 'keras.src.engine',
    "expected_category": "tensorflow_addons_broken",
    "fitting_recipe": 'onnx-tflite',
    "description": "onnx_tf.backend.prepare on a YOLOv4-tiny-like ONNX model with onnx-tf 1.10.0 on "
                   "TF 2.19 / Keras 3: importing onnx_tf imports tensorflow-addons 0.23 (EOL, "
                   "TF < 2.16), which fails on keras.src.engine.",
}

import onnx

from yolo_like_onnx import build

onnx.save(build(opset=13), "yolov4-tiny.onnx")

from onnx_tf.backend import prepare

onnx_model = onnx.load("yolov4-tiny.onnx")
tf_rep = prepare(onnx_model)
tf_rep.export_graph("yolov4_tiny_tf")
