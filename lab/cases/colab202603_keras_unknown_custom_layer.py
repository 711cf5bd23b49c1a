"""Loading a .keras detector that uses a custom Mish layer without the code that defines it."""

CASE = {
    "venv": "colab-2026-03",
    "expected_category": "keras_custom_object_unknown",
    "fitting_recipe": None,
    "expect": "Mish",
    "description": "keras.models.load_model('yolov4-tiny.keras') in a fresh process on the Colab 2026-03 "
                   "image (Keras 3.13.2): the model was saved with a custom `Mish` layer class (as Keras "
                   "YOLOv4 ports define it) that is neither registered nor passed as custom_objects.",
}

import subprocess
import sys

import keras

# The training notebook: defines the layer and saves the model (a separate process, as a separate
# session would be); this one only loads it.
subprocess.run([sys.executable, "-c", """
import keras
from keras import ops

class Mish(keras.layers.Layer):
    def call(self, x):
        return x * ops.tanh(ops.softplus(x))

inputs = keras.Input((416, 416, 3))
x = keras.layers.Conv2D(32, 3, strides=2, padding="same")(inputs)
outputs = keras.layers.Conv2D(255, 1)(Mish()(x))
keras.Model(inputs, outputs).save("yolov4-tiny.keras")
"""], check=True)

model = keras.models.load_model("yolov4-tiny.keras")
