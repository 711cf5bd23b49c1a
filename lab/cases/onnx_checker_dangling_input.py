"""onnx.checker on a graph edited by hand: a node removed, its consumer left dangling."""

CASE = {
    "venv": "onnx-modern-cv4",
    "prepare": [["onnx-modern-cv4", "onnx_models_new_onnx.py"]],
    "expected_category": "onnx_model_invalid",
    "fitting_recipe": None,
    "expect": "c0_act",
    "description": "Removing the first LeakyRelu from a YOLOv4-tiny-like ONNX graph (as when fusing "
                   "activations by hand) without rewiring its consumer, then onnx.checker.check_model "
                   "(onnx 1.19.1).",
}

import onnx

model = onnx.load("yolov4-tiny-ir7.onnx")
graph = model.graph
first_act = next(n for n in graph.node if n.op_type == "LeakyRelu")
graph.node.remove(first_act)
onnx.checker.check_model(model, full_check=True)
onnx.save(model, "yolov4-tiny-fused.onnx")
