"""Importing tensorflow-addons (EOL) on TF 2.19 / Keras 3, as a YOLO training script does for Mish."""

CASE = {
    "venv": "tf219-keras3",
    "expect": 'keras.src.engine',
    "expected_category": "tensorflow_addons_broken",
    "fitting_recipe": None,
    "description": "import tensorflow_addons (0.23.0, the final release, TF >=2.13,<2.16) to use "
                   "tfa.activations.mish under TF 2.19 with Keras 3.",
}

import tensorflow as tf
import tensorflow_addons as tfa

x = tfa.activations.mish(tf.constant([1.0, -1.0]))
