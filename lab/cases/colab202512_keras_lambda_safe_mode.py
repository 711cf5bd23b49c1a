"""Loading a .keras model with a Python lambda in a Lambda layer (Keras 3's safe_mode)."""

CASE = {
    "venv": "colab-2025-12",
    "expected_category": "keras_custom_object_unknown",
    "fitting_recipe": None,
    "expect": "Lambda",
    "description": "keras.models.load_model('yolov4-tiny.keras') on the Colab 2025-12 image (Keras 3.10.0) "
                   "of a model whose YOLO decode step is a keras.layers.Lambda(lambda t: ...): Keras 3 "
                   "refuses to deserialize a Python lambda unless safe_mode=False.",
}

import keras
from keras import ops

inputs = keras.Input((13, 13, 255))
outputs = keras.layers.Lambda(lambda t: ops.sigmoid(t) * 2.0 - 0.5)(inputs)
keras.Model(inputs, outputs).save("yolov4-tiny.keras")

model = keras.models.load_model("yolov4-tiny.keras")
