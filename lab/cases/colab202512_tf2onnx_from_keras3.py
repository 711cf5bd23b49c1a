"""tf2onnx's Keras entry point on a Keras 3 model (Colab 2025-12: TF 2.19.0, Keras 3.10.0)."""

CASE = {
    "venv": "colab-2025-12",
    "expected_category": "keras3_tf_keras",
    "fitting_recipe": None,
    "expect": "tf2onnx",
    "description": "`pip install tf2onnx` (1.17.0) on the Colab 2025-12 image, then "
                   "tf2onnx.convert.from_keras(model, opset=13) on a small Keras 3 detector: tf2onnx's "
                   "Keras path reads Keras 2 model internals.",
}

import tensorflow as tf
import tf2onnx

inputs = tf.keras.Input((416, 416, 3), name="images")
x = tf.keras.layers.Conv2D(32, 3, strides=2, padding="same")(inputs)
outputs = tf.keras.layers.Conv2D(255, 1)(x)
model = tf.keras.Model(inputs, outputs)
model_proto, _ = tf2onnx.convert.from_keras(model, opset=13, output_path="yolov4-tiny.onnx")
