"""TFLite from a SavedModel whose box decoding calls Python through tf.numpy_function (TF 2.20)."""

CASE = {
    "heldout": "lab-heldout2",
    "venv": "colab-2026-08",
    "expected_category": "custom_op_not_convertible",
    "fitting_recipe": None,
    "expect": "PyFunc",
    "description": "tf.saved_model.save of a module that decodes YOLO boxes with tf.numpy_function, then "
                   "tf.lite.TFLiteConverter.from_saved_model with TFLITE_BUILTINS and SELECT_TF_OPS, on the "
                   "Colab 2026-08 image (TF 2.20, Python 3.13): the Python callback is not in the SavedModel.",
}

import numpy as np
import tensorflow as tf


def decode(raw):
    xy = 1.0 / (1.0 + np.exp(-raw[..., :2]))
    return np.concatenate([xy, np.exp(raw[..., 2:4]), raw[..., 4:]], axis=-1).astype(np.float32)


class Decoder(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([1, 845, 85], tf.float32)])
    def serve(self, raw):
        return {"boxes": tf.ensure_shape(tf.numpy_function(decode, [raw], tf.float32), [1, 845, 85])}


decoder = Decoder()
tf.saved_model.save(decoder, "decoder_saved_model", signatures={"serving_default": decoder.serve})
converter = tf.lite.TFLiteConverter.from_saved_model("decoder_saved_model")
converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS, tf.lite.OpsSet.SELECT_TF_OPS]
open("decoder.tflite", "wb").write(converter.convert())
