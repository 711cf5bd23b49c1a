"""cv2.dnn.readNet on a Darknet cfg and weights with OpenCV 5 (Colab 2026-08 image)."""

CASE = {
    "venv": "colab-2026-08",
    "prepare": [["colab-2026-08", "darknet_files.py"]],
    "expected_category": "missing_dependency",
    "fitting_recipe": "darknet-onnx",
    "expect": "Darknet importer",
    "description": "cv2.dnn.readNet('yolov4-tiny.weights', 'yolov4-tiny.cfg') (the generic reader, which "
                   "picks the importer by file extension) on the Colab 2026-08 image (opencv-python "
                   "5.0.0.93): OpenCV 5 removed the Darknet importer.",
}

import cv2

net = cv2.dnn.readNet("yolov4-tiny.weights", "yolov4-tiny.cfg")
