"""onnx-tf on a working TF, on a YOLOv4-tiny-like model whose upsample keeps ONNX Resize defaults."""

CASE = {
    "venv": "tf215-onnxtf",
    "expected_category": "resize_half_pixel",
    "fitting_recipe": "onnx-tflite",
    "expect": "half_pixel",
    "description": "onnx_tf.backend.prepare + export_graph (onnx-tf 1.10.0, TF 2.15.1, tfa 0.23, "
                   "tfp 0.23) on a YOLOv4-tiny-like model whose Resize is mode=nearest with the "
                   "default coordinate_transformation_mode (half_pixel), which onnx-tf rejects.",
}

import onnx

from yolo_like_onnx import build

onnx.save(build(opset=13, resize_attrs={"mode": "nearest"}), "yolov4-tiny.onnx")

from onnx_tf.backend import prepare

tf_rep = prepare(onnx.load("yolov4-tiny.onnx"))
tf_rep.export_graph("yolov4_tiny_tf")
