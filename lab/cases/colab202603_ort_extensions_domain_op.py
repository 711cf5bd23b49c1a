"""onnxruntime on a model with an onnxruntime-extensions pre-processing op, extensions not registered."""

CASE = {
    "venv": "colab-2026-03",
    "expected_category": "custom_op_not_convertible",
    "fitting_recipe": None,
    "expect": "ai.onnx.contrib",
    "description": "onnxruntime 1.32.0 InferenceSession (Colab 2026-03 image, onnx 1.22.0) on a YOLO model "
                   "whose image decoding is the onnxruntime-extensions custom op ai.onnx.contrib:DecodeImage "
                   "(as the extensions' pre/post-processing tools add it), without "
                   "SessionOptions.register_custom_ops_library: the custom domain has no kernel.",
}

import onnx
import onnxruntime as ort
from onnx import TensorProto, helper

graph = helper.make_graph(
    [helper.make_node("DecodeImage", ["image_bytes"], ["bgr"], domain="ai.onnx.contrib"),
     helper.make_node("Cast", ["bgr"], ["pixels"], to=TensorProto.FLOAT)],
    "yolo_with_decode", [helper.make_tensor_value_info("image_bytes", TensorProto.UINT8, ["n"])],
    [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, ["h", "w", 3])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                helper.make_opsetid("ai.onnx.contrib", 1)])
onnx.save(model, "yolo_with_decode.onnx")
session = ort.InferenceSession("yolo_with_decode.onnx", providers=["CPUExecutionProvider"])
