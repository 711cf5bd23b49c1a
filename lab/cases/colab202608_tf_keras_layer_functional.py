"""A tf_keras (Keras 2) layer called on a Keras 3 functional input (Colab 2026-08, Python 3.13)."""

CASE = {
    "heldout": "lab-heldout2",
    "venv": "colab-2026-08",
    "expected_category": "keras3_tf_keras",
    "fitting_recipe": None,
    "expect": "tf_keras",
    "description": "x = tf_keras.layers.Dense(80)(tf.keras.Input((255,))): a Keras 2 layer from tf_keras "
                   "2.20.1 called on a Keras 3.13.2 KerasTensor in a functional model, Colab 2026-08 image "
                   "(TF 2.20.0).",
}

import tensorflow as tf
import tf_keras

inputs = tf.keras.Input((255,), name="features")
scores = tf_keras.layers.Dense(80, activation="sigmoid")(inputs)
model = tf.keras.Model(inputs, scores)
