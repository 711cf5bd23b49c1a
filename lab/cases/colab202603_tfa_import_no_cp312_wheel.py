"""A Keras YOLOv4 script's tensorflow-addons Mish on the 2026-03 image (Python 3.12): no TFA wheel."""

CASE = {
    "venv": "colab-2026-03",
    "expected_category": "tensorflow_addons_broken",
    "fitting_recipe": None,
    "expect": "tensorflow_addons",
    "description": "A Keras YOLOv4 training/export script's `import tensorflow_addons as tfa` (for "
                   "tfa.activations.mish) on the Colab 2026-03 image (TF 2.19.0, Keras 3.13.2, Python 3.12), "
                   "after `pip install tensorflow-addons` found no distribution: its last release (0.23.0, "
                   "TF < 2.16) has no Python 3.12 wheel.",
}

import tensorflow as tf
import tensorflow_addons as tfa

x = tfa.activations.mish(tf.constant([1.0, -1.0]))
