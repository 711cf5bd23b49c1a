"""onnx-tf 1.10 on the TF it can still run on, installed the way its metadata says (no TFP)."""

CASE = {
    "venv": "tf215-onnxtf-no-tfp",
    "expected_category": "tensorflow_probability_broken",
    "fitting_recipe": 'onnx-tflite',
    "expect": "tensorflow_probability",
    "description": "`pip install onnx-tf tensorflow-addons` on TF 2.15 (Keras 2): onnx-tf 1.10.0's "
                   "PyPI metadata does not declare tensorflow-probability, which its handlers import, "
                   "so `from onnx_tf.backend import prepare` fails.",
}

import onnx

from yolo_like_onnx import build

onnx.save(build(opset=13), "yolov4-tiny.onnx")

from onnx_tf.backend import prepare

tf_rep = prepare(onnx.load("yolov4-tiny.onnx"))
tf_rep.export_graph("yolov4_tiny_tf")
