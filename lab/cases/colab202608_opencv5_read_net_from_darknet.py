"""The seed's first line on the 2026-08 Colab image: OpenCV 5 has no Darknet importer."""

CASE = {
    "heldout": True,
    "venv": "colab-2026-08",
    "prepare": [["colab-2026-08", "darknet_files.py"]],
    "expected_category": "missing_dependency",
    "fitting_recipe": "darknet-onnx",
    "expect": "readNetFromDarknet",
    "description": "cv2.dnn.readNetFromDarknet('yolov4-tiny.cfg', 'yolov4-tiny.weights') on the Colab "
                   "2026-08 image (opencv-python 5.0.0.93, Python 3.13): OpenCV 5's dnn module no longer "
                   "has the Darknet importer.",
}

import cv2

net = cv2.dnn.readNetFromDarknet("yolov4-tiny.cfg", "yolov4-tiny.weights")
net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
