"""A tensorflow-probability DenseFlipout layer called on a Keras 3 functional input (Colab 2025-12)."""

CASE = {
    "venv": "colab-2025-12",
    "expected_category": "tensorflow_probability_broken",
    "fitting_recipe": None,
    "expect": "DenseFlipout",
    "description": "tfp.layers.DenseFlipout(80)(tf.keras.Input((255,))) in a functional model on the Colab "
                   "2025-12 image (TF 2.19.0, Keras 3.10.0, tensorflow-probability 0.25.0): tfp.layers are "
                   "tf_keras (Keras 2) layers and cannot take a Keras 3 KerasTensor.",
}

import tensorflow as tf
import tensorflow_probability as tfp

inputs = tf.keras.Input((255,), name="features")
scores = tfp.layers.DenseFlipout(80)(inputs)
model = tf.keras.Model(inputs, scores)
