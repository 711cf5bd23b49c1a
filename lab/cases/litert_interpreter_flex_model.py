"""A .tflite converted with SELECT_TF_OPS, run by the builtin-only LiteRT interpreter.

The interpreter runs in a process without TensorFlow (as on a device or a slim runtime image):
importing TensorFlow in the same process would make its Flex delegate available.
"""

CASE = {
    "venv": "tf219-keras3",
    "prepare": [["tf219-keras3", "flex_nms_tflite.py"]],
    "expect": 'Flex delegate',
    "expected_category": "tflite_unsupported_op_flex",
    "fitting_recipe": None,
    "description": "A detector with combined NMS converted with SELECT_TF_OPS (Flex ops), then "
                   "loaded with ai_edge_litert.interpreter.Interpreter, which has no Flex delegate.",
}

import numpy as np
from ai_edge_litert.interpreter import Interpreter

interpreter = Interpreter(model_path="yolov4-tiny-nms.tflite")
interpreter.allocate_tensors()
for detail in interpreter.get_input_details():
    interpreter.set_tensor(detail["index"], np.zeros(detail["shape"], np.float32))
interpreter.invoke()
