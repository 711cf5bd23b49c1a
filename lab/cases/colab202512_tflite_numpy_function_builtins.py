"""TFLite conversion, builtin ops only, of a graph whose NMS pre-step runs in tf.numpy_function."""

CASE = {
    "venv": "colab-2025-12",
    "expected_category": "custom_op_not_convertible",
    "fitting_recipe": None,
    "expect": "PyFunc",
    "description": "tf.lite.TFLiteConverter.from_concrete_functions with the default TFLITE_BUILTINS only, "
                   "on a detector head whose score filtering is tf.numpy_function (a PyFuncStateless op), "
                   "TF 2.19 (Colab 2025-12 image).",
}

import numpy as np
import tensorflow as tf


def keep_confident(scores):
    return (scores > 0.25).astype(np.float32) * scores


class Head(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([1, 2535, 80], tf.float32)])
    def __call__(self, scores):
        kept = tf.numpy_function(keep_confident, [scores], tf.float32, stateful=False)
        return tf.reduce_max(tf.reshape(kept, [1, 2535, 80]), axis=-1)


head = Head()
converter = tf.lite.TFLiteConverter.from_concrete_functions([head.__call__.get_concrete_function()], head)
open("head.tflite", "wb").write(converter.convert())
