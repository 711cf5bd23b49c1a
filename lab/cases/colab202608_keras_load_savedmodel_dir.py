"""Loading a TF SavedModel directory with Keras 3's load_model, as Keras-2 era notebooks do."""

CASE = {
    "heldout": True,
    "venv": "colab-2026-08",
    "expected_category": "keras3_tf_keras",
    "fitting_recipe": None,
    "expect": "File format not supported",
    "description": "tf.keras.models.load_model('yolov4_tiny_saved_model') of a SavedModel directory on "
                   "the Colab 2026-08 image (TF 2.20, Keras 3.13.2): Keras 3 loads only .keras and .h5 "
                   "files (a SavedModel needs keras.layers.TFSMLayer or tf.saved_model.load).",
}

import tensorflow as tf


class Detector(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(tf.ones([3, 255]))

    @tf.function(input_signature=[tf.TensorSpec([1, 416, 416, 3], tf.float32)])
    def __call__(self, images):
        return tf.einsum("bhwc,cd->bhwd", images, self.w)


tf.saved_model.save(Detector(), "yolov4_tiny_saved_model")
model = tf.keras.models.load_model("yolov4_tiny_saved_model")
