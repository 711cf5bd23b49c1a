"""A tf_keras (Keras 2) layer put into a Keras 3 Sequential model (Colab 2026-05: TF 2.20, Keras 3.13)."""

CASE = {
    "venv": "colab-2026-05",
    "expected_category": "keras3_tf_keras",
    "fitting_recipe": None,
    "expect": "tf_keras",
    "description": "A Keras-2 era helper module builds its layers with `import tf_keras as keras` (as code "
                   "migrated with TF_USE_LEGACY_KERAS does), the notebook puts them into tf.keras.Sequential, "
                   "which is Keras 3.13.2 on the Colab 2026-05 image (TF 2.20.0, tf_keras 2.20.0).",
}

import tensorflow as tf
import tf_keras


def legacy_head(classes):
    # Keras 2 layers, as a helper written for TF_USE_LEGACY_KERAS=1 builds them.
    return [tf_keras.layers.Flatten(), tf_keras.layers.Dense(classes, activation="softmax")]


model = tf.keras.Sequential([tf.keras.Input((13, 13, 255)), *legacy_head(80)])
