"""Writes yolov4-tiny-gelu.tflite with TF 2.19's converter: a YOLO-style conv head whose
activation is GELU (a TFLite builtin since TF 2.9), builtin ops only."""

import sys

import tensorflow as tf

inputs = tf.keras.Input((416, 416, 3), batch_size=1)
x = tf.keras.layers.Conv2D(32, 3, strides=2, padding="same")(inputs)
x = tf.keras.layers.Activation("gelu")(x)
x = tf.keras.layers.UpSampling2D(2, interpolation="nearest")(x)
outputs = tf.keras.layers.Conv2D(255, 1)(x)
model = tf.keras.Model(inputs, outputs)
converter = tf.lite.TFLiteConverter.from_keras_model(model)
with open(f"{sys.argv[1]}/yolov4-tiny-gelu.tflite", "wb") as out:
    out.write(converter.convert())
