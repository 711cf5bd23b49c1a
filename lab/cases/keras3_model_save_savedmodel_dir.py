"""Saving a Keras model as a SavedModel directory the Keras-2 way, as old export scripts do."""

CASE = {
    "venv": "tf219-keras3",
    "expect": 'Invalid filepath extension',
    "expected_category": "keras3_tf_keras",
    "fitting_recipe": "keras-savedmodel",
    "description": "model.save('yolov4-tiny-416') (a SavedModel directory, as hunglc007's "
                   "save_model.py does) under TF 2.19 with Keras 3, which only saves .keras/.h5.",
}

import tensorflow as tf

inputs = tf.keras.Input((416, 416, 3))
x = tf.keras.layers.Conv2D(32, 3, strides=2, padding="same")(inputs)
outputs = tf.keras.layers.Conv2D(255, 1)(x)
model = tf.keras.Model(inputs, outputs)
model.save("./checkpoints/yolov4-tiny-416")
