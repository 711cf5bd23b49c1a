"""OpenCV 4.3's Darknet importer on yolov4.cfg, whose backbone uses Mish."""

CASE = {
    "venv": "opencv43-py38",
    "prepare": [["opencv43-py38", "darknet_files.py"]],
    "expected_category": "mish_unsupported",
    "fitting_recipe": 'darknet-onnx',
    "expect": "mish",
    "description": "cv2.dnn.readNetFromDarknet('yolov4.cfg') with opencv-python-headless 4.3.0.38 "
                   "(Mish arrived in OpenCV 4.4).",
}

import cv2

net = cv2.dnn.readNetFromDarknet("yolov4.cfg")
net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
