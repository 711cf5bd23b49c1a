"""The seed article's TFLite step: a detector SavedModel with YOLO-style combined NMS inside."""

CASE = {
    "venv": "tf219-keras3",
    "expect": 'CombinedNonMaxSuppression',
    "expected_category": "tflite_unsupported_op_flex",
    "fitting_recipe": 'tf-tflite-select-ops',
    "description": "tf.lite.TFLiteConverter.from_saved_model on a SavedModel whose graph ends in "
                   "tf.image.combined_non_max_suppression (no TFLite builtin), converted with the "
                   "default builtin-only op set.",
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
tflite_model = converter.convert()
open("yolov4-tiny.tflite", "wb").write(tflite_model)
