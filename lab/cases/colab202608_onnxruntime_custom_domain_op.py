"""onnxruntime 1.32 loading an ONNX model whose Mish is a node of a custom domain."""

CASE = {
    "heldout": True,
    "venv": "colab-2026-08",
    "expected_category": "custom_op_not_convertible",
    "fitting_recipe": None,
    "expect": "Mish",
    "description": "onnxruntime.InferenceSession on a YOLOv4-like ONNX graph exported with its Mish as a "
                   "custom-domain node ('ai.custom' Mish, as exporters write custom ops without a "
                   "decomposition), Colab 2026-08 image with onnx 1.22.0 and onnxruntime 1.32.0.",
}

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

w = numpy_helper.from_array((np.random.RandomState(0).randn(32, 3, 3, 3) * 0.05).astype(np.float32), "w")
graph = helper.make_graph(
    [helper.make_node("Conv", ["images", "w"], ["c0"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
     helper.make_node("Mish", ["c0"], ["c0_act"], domain="ai.custom")],
    "yolov4_stem", [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, 416, 416])],
    [helper.make_tensor_value_info("c0_act", TensorProto.FLOAT, [1, 32, 208, 208])], [w])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.custom", 1)])
onnx.save(model, "yolov4-stem.onnx")
session = ort.InferenceSession("yolov4-stem.onnx", providers=["CPUExecutionProvider"])
