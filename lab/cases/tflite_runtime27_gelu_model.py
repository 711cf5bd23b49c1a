"""A .tflite written by TF 2.19's converter, loaded by the tflite-runtime 2.7 interpreter."""

CASE = {
    "venv": "tflite-runtime27-py38",
    "prepare": [["tf219-keras3", "tflite_model_tf219.py"]],
    "expected_category": "tflite_runtime_op_version",
    "fitting_recipe": None,
    "expect": "old TFLite binary with newer model",
    "description": "tflite_runtime.interpreter.Interpreter (tflite-runtime 2.7.0, Python 3.8) on a "
                   "YOLO-style head converted by TF 2.19 whose GELU builtin the 2.7 runtime predates.",
}

import numpy as np
import tflite_runtime.interpreter as tflite

interpreter = tflite.Interpreter(model_path="yolov4-tiny-gelu.tflite")
interpreter.allocate_tensors()
interpreter.set_tensor(interpreter.get_input_details()[0]["index"], np.zeros((1, 416, 416, 3), np.float32))
interpreter.invoke()
