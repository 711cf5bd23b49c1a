"""onnxruntime given a serialized model with a versioned custom-domain NMS node (Colab 2026-05)."""

CASE = {
    "heldout": "lab-heldout2",
    "venv": "colab-2026-05",
    "expected_category": "custom_op_not_convertible",
    "fitting_recipe": None,
    "expect": "EfficientNMS",
    "description": "onnxruntime 1.32.0 InferenceSession(model.SerializeToString()) on a detector whose NMS is "
                   "a TensorRT-style plugin node (domain 'trt.plugins', EfficientNMS_TRT, opset version 1), "
                   "as TensorRT-oriented YOLO exports write it, Colab 2026-05 image with onnx 1.22.0.",
}

import onnxruntime as ort
from onnx import TensorProto, helper

graph = helper.make_graph(
    [helper.make_node("EfficientNMS_TRT", ["boxes", "scores"], ["num_dets", "det_boxes"], domain="trt.plugins",
                      score_threshold=0.25, iou_threshold=0.45, max_output_boxes=100)],
    "yolo_nms",
    [helper.make_tensor_value_info("boxes", TensorProto.FLOAT, [1, 2535, 4]),
     helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, 2535, 80])],
    [helper.make_tensor_value_info("num_dets", TensorProto.INT32, [1, 1]),
     helper.make_tensor_value_info("det_boxes", TensorProto.FLOAT, [1, 100, 4])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("trt.plugins", 1)])
session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
