"""cv2.dnn_DetectionModel on Darknet files with OpenCV 5 (Colab 2026-08 image)."""

CASE = {
    "heldout": "lab-heldout2",
    "venv": "colab-2026-08",
    "prepare": [["colab-2026-08", "darknet_files.py"]],
    "expected_category": "missing_dependency",
    "fitting_recipe": "darknet-onnx",
    "expect": "DetectionModel",
    "description": "cv2.dnn_DetectionModel('yolov4-tiny.weights', 'yolov4-tiny.cfg') (the high-level "
                   "detection API of OpenCV 4.x tutorials) on the Colab 2026-08 image (opencv-python "
                   "5.0.0.93): the Darknet importer it calls was removed in OpenCV 5.",
}

import cv2

model = cv2.dnn_DetectionModel("yolov4-tiny.weights", "yolov4-tiny.cfg")
model.setInputParams(size=(416, 416), scale=1 / 255, swapRB=True)
