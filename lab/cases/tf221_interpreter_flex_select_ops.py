"""A .tflite converted with SELECT_TF_OPS, run by tf.lite.Interpreter of TensorFlow 2.21 itself.

Up to TF 2.19 the TensorFlow wheel's interpreter links the Flex delegate, so this works; the
2.20+ wheels ship a stub interpreter wrapper without it (google-ai-edge/LiteRT#6458), so the
same notebook breaks after a TensorFlow upgrade even though TensorFlow is imported.
"""

CASE = {
    "venv": "tf221-py312",
    "prepare": [["tf221-py312", "flex_nms_tflite.py"]],
    "expect": "Flex delegate",
    "expected_category": "tflite_unsupported_op_flex",
    "fitting_recipe": None,
    "description": "A detector with combined NMS converted with SELECT_TF_OPS by TF 2.21, then run with "
                   "TF 2.21's own tf.lite.Interpreter, whose wheel has no Flex delegate.",
}

import numpy as np
import tensorflow as tf

interpreter = tf.lite.Interpreter(model_path="yolov4-tiny-nms.tflite")
interpreter.allocate_tensors()
for detail in interpreter.get_input_details():
    interpreter.set_tensor(detail["index"], np.zeros(detail["shape"], np.float32))
interpreter.invoke()
