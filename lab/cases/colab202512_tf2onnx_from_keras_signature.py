"""tf2onnx.convert.from_keras with an input_signature on a Keras 3 Sequential model (Colab 2025-12)."""

CASE = {
    "venv": "colab-2025-12",
    "expected_category": "keras3_tf_keras",
    "fitting_recipe": None,
    "expect": "tf2onnx",
    "description": "tf2onnx 1.17.0 from_keras(model, input_signature=[tf.TensorSpec(...)], opset=17) on a "
                   "Sequential classifier head on the Colab 2025-12 image (TF 2.19.0, Keras 3.10.0): "
                   "tf2onnx's Keras path expects Keras 2 (tf_keras) model internals.",
}

import tensorflow as tf
import tf2onnx

model = tf.keras.Sequential([
    tf.keras.Input((13, 13, 255), name="features"),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(80, activation="sigmoid", name="scores"),
])
spec = [tf.TensorSpec((1, 13, 13, 255), tf.float32, name="features")]
model_proto, _ = tf2onnx.convert.from_keras(model, input_signature=spec, opset=17)
