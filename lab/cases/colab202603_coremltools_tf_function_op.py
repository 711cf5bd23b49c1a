"""coremltools 9.0's TensorFlow frontend on a concrete function with an op it cannot convert."""

CASE = {
    "venv": "colab-2026-03",
    "expected_category": "coreml_op_unsupported",
    "fitting_recipe": None,
    "expect": "coremltools",
    "description": "coremltools.convert([concrete_function], source='tensorflow') with coremltools 9.0 "
                   "on the Colab 2026-03 image (TF 2.19.0) of a detector post-processing step using "
                   "tf.image.combined_non_max_suppression. Anything converted here would be unverified: "
                   "Core ML predictions need macOS.",
}

import coremltools as ct
import tensorflow as tf


@tf.function(input_signature=[tf.TensorSpec([1, 2535, 4], tf.float32),
                              tf.TensorSpec([1, 2535, 80], tf.float32)])
def nms(boxes, scores):
    return tf.image.combined_non_max_suppression(
        tf.expand_dims(boxes, 2), scores, max_output_size_per_class=50, max_total_size=50,
        iou_threshold=0.45, score_threshold=0.25).nmsed_boxes


mlmodel = ct.convert([nms.get_concrete_function()], source="tensorflow", convert_to="mlprogram")
