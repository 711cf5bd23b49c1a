"""A tensorflow-probability Keras layer inside a Keras 3 model (Colab's TFP 0.25 + Keras 3.13)."""

CASE = {
    "venv": "colab-2026-03",
    "expected_category": "tensorflow_probability_broken",
    "fitting_recipe": None,
    "expect": "tensorflow_probability",
    "description": "tf.keras.Sequential([Dense, tfp.layers.IndependentNormal(...)]) on the Colab 2026-03 "
                   "image (TF 2.19.0, Keras 3.13.2, tensorflow-probability 0.25.0, tf_keras 2.19.0): "
                   "tfp.layers are tf_keras (Keras 2) layers, which a Keras 3 model refuses.",
}

import tensorflow as tf
import tensorflow_probability as tfp

model = tf.keras.Sequential([
    tf.keras.Input((4,)),
    tf.keras.layers.Dense(2),  # IndependentNormal.params_size(1): a mean and a scale
    tfp.layers.IndependentNormal(1),
])
