"""keras2onnx (last release 1.7.0, 2020) used to convert a Keras model on TF 2.15."""

CASE = {
    "venv": "tf215-keras2onnx",
    "expected_category": "converter_tf_mismatch",
    "fitting_recipe": None,
    "expect": "keras2onnx",
    "description": "keras2onnx.convert_keras on a small YOLO-style tf.keras model with keras2onnx "
                   "1.7.0 on TF 2.15 (Keras 2): keras2onnx predates the TF 2.4+ Keras internals.",
}

import tensorflow as tf
import keras2onnx

inputs = tf.keras.Input((416, 416, 3))
x = tf.keras.layers.Conv2D(32, 3, strides=2, padding="same")(inputs)
outputs = tf.keras.layers.Conv2D(255, 1)(x)
model = tf.keras.Model(inputs, outputs)
onnx_model = keras2onnx.convert_keras(model, model.name, target_opset=11)
