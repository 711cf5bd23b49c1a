"""A Flex (SELECT_TF_OPS) .tflite run by TF 2.20's own tf.lite.Interpreter on the 2026-05 image."""

CASE = {
    "venv": "colab-2026-05",
    "prepare": [["colab-2026-05", "flex_nms_tflite.py"]],
    "expect": "Flex delegate",
    "expected_category": "tflite_unsupported_op_flex",
    "fitting_recipe": None,
    "description": "A detector with combined NMS converted with SELECT_TF_OPS by TF 2.20, then run with "
                   "tf.lite.Interpreter of the same TF 2.20 (Colab 2026-05 image, Python 3.12): the 2.20 "
                   "wheel's interpreter has no Flex delegate, where TF 2.19's had one.",
}

import numpy as np
import tensorflow as tf

interpreter = tf.lite.Interpreter(model_path="yolov4-tiny-nms.tflite")
interpreter.allocate_tensors()
for detail in interpreter.get_input_details():
    interpreter.set_tensor(detail["index"], np.zeros(detail["shape"], np.float32))
interpreter.invoke()
