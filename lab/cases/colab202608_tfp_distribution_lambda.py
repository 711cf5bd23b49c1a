"""tfp.layers.DistributionLambda in a Keras 3 Sequential model (Colab 2026-08, Python 3.13)."""

CASE = {
    "heldout": "lab-heldout2",
    "venv": "colab-2026-08",
    "expected_category": "tensorflow_probability_broken",
    "fitting_recipe": None,
    "expect": "tensorflow_probability",
    "description": "tf.keras.Sequential([Dense(2), tfp.layers.DistributionLambda(lambda t: "
                   "tfd.Normal(...))]) on the Colab 2026-08 image (TF 2.20.0, Keras 3.13.2, "
                   "tensorflow-probability 0.25.0, tf_keras 2.20.1).",
}

import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions
model = tf.keras.Sequential([
    tf.keras.Input((4,)),
    tf.keras.layers.Dense(2),
    tfp.layers.DistributionLambda(lambda t: tfd.Normal(loc=t[..., :1], scale=tf.math.softplus(t[..., 1:]))),
])
