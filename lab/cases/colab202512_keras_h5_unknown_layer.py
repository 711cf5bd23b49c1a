"""Loading a legacy .h5 YOLO model with a custom Mish layer under Keras 3 without custom_objects."""

CASE = {
    "venv": "colab-2025-12",
    "expected_category": "keras_custom_object_unknown",
    "fitting_recipe": None,
    "expect": "Mish",
    "description": "keras.models.load_model('yolov4-tiny.h5') on the Colab 2025-12 image (Keras 3.10.0) "
                   "of an HDF5 model whose backbone uses a custom `Mish` layer class, saved by the "
                   "training session, loaded in a new one without custom_objects.",
}

import subprocess
import sys

import keras

subprocess.run([sys.executable, "-c", """
import keras
from keras import ops

class Mish(keras.layers.Layer):
    def call(self, x):
        return x * ops.tanh(ops.softplus(x))

inputs = keras.Input((416, 416, 3))
x = keras.layers.Conv2D(32, 3, strides=2, padding="same")(inputs)
outputs = keras.layers.Conv2D(255, 1)(Mish()(x))
keras.Model(inputs, outputs).save("yolov4-tiny.h5")
"""], check=True)

model = keras.models.load_model("yolov4-tiny.h5")
