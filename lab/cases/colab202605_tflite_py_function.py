"""TFLite conversion of a graph with a tf.py_function post-processing step (a custom op)."""

CASE = {
    "venv": "colab-2026-05",
    "expected_category": "custom_op_not_convertible",
    "fitting_recipe": None,
    "expect": "EagerPyFunc",
    "description": "tf.lite.TFLiteConverter.from_concrete_functions on a detector whose box decoding "
                   "runs in tf.py_function (numpy code the converter cannot see into), with "
                   "SELECT_TF_OPS enabled, TF 2.20 (Colab 2026-05 image).",
}

import numpy as np
import tensorflow as tf


def decode_boxes(raw):
    return (1.0 / (1.0 + np.exp(-raw.numpy()))).astype(np.float32)


class Detector(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([1, 2535, 85], tf.float32)])
    def __call__(self, raw):
        boxes = tf.py_function(decode_boxes, [raw], tf.float32)
        return tf.reshape(boxes, [1, 2535, 85])


detector = Detector()
converter = tf.lite.TFLiteConverter.from_concrete_functions(
    [detector.__call__.get_concrete_function()], detector)
converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS, tf.lite.OpsSet.SELECT_TF_OPS]
open("detector.tflite", "wb").write(converter.convert())
