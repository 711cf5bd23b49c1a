"""The seed's SavedModel -> TFLite step on the 2026-05 image: YOLO combined NMS, builtin ops only."""

CASE = {
    "venv": "colab-2026-05",
    "expected_category": "tflite_unsupported_op_flex",
    "fitting_recipe": "tf-tflite-select-ops",
    "expect": "CombinedNonMaxSuppression",
    "description": "tf.lite.TFLiteConverter.from_saved_model on a detector SavedModel ending in "
                   "tf.image.combined_non_max_suppression, default (builtin-only) op set, TF 2.20.0 on the "
                   "Colab 2026-05 image.",
}

import tensorflow as tf


class Detector(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([1, 2535, 4], tf.float32),
                                  tf.TensorSpec([1, 2535, 80], tf.float32)])
    def __call__(self, boxes, scores):
        return tf.image.combined_non_max_suppression(
            tf.expand_dims(boxes, 2), scores, max_output_size_per_class=50,
            max_total_size=50, iou_threshold=0.45, score_threshold=0.25)


tf.saved_model.save(Detector(), "yolov4_tiny_saved_model")
converter = tf.lite.TFLiteConverter.from_saved_model("yolov4_tiny_saved_model")
open("yolov4-tiny.tflite", "wb").write(converter.convert())
