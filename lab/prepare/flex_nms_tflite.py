"""Writes yolov4-tiny-nms.tflite: combined NMS converted with SELECT_TF_OPS (needs Flex at run time)."""

import sys

import tensorflow as tf


class Detector(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([1, 2535, 4], tf.float32),
                                  tf.TensorSpec([1, 2535, 80], tf.float32)])
    def __call__(self, boxes, scores):
        return tf.image.combined_non_max_suppression(
            tf.expand_dims(boxes, 2), scores, max_output_size_per_class=50,
            max_total_size=50, iou_threshold=0.45, score_threshold=0.25)


detector = Detector()
converter = tf.lite.TFLiteConverter.from_concrete_functions(
    [detector.__call__.get_concrete_function()], detector)
converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS, tf.lite.OpsSet.SELECT_TF_OPS]
with open(f"{sys.argv[1]}/yolov4-tiny-nms.tflite", "wb") as out:
    out.write(converter.convert())
