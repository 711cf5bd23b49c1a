"""Loading a .keras model whose activation is a custom Python function, in a new session."""

CASE = {
    "venv": "colab-2026-05",
    "expected_category": "keras_custom_object_unknown",
    "fitting_recipe": None,
    "expect": "hard_mish",
    "description": "keras.models.load_model('yolov4-tiny.keras') on the Colab 2026-05 image (TF 2.20.0, "
                   "Keras 3.13.2) of a model whose convolutions use a custom activation function "
                   "(`activation=hard_mish`, a plain Python function) defined only in the training session.",
}

import subprocess
import sys

import keras

subprocess.run([sys.executable, "-c", """
import keras
from keras import ops

def hard_mish(x):
    return 0.5 * x * ops.minimum(2.0, ops.relu(x + 2.0))

inputs = keras.Input((416, 416, 3))
x = keras.layers.Conv2D(32, 3, strides=2, padding="same", activation=hard_mish)(inputs)
outputs = keras.layers.Conv2D(255, 1)(x)
keras.Model(inputs, outputs).save("yolov4-tiny.keras")
"""], check=True)

model = keras.models.load_model("yolov4-tiny.keras")
