"""OpenCV 4.9 (built against NumPy 1.x) imported after numpy was upgraded to 2.0."""

CASE = {
    "venv": "opencv49-numpy2",
    "expected_category": "numpy2_abi",
    "fitting_recipe": None,
    "expect": "numpy.core.multiarray failed to import",
    "description": "import cv2 from opencv-python-headless 4.9.0.80 (compiled against NumPy 1.x) to "
                   "read a Darknet model, after a later `pip install numpy==2.0.2`.",
}

import cv2

net = cv2.dnn.readNetFromDarknet("yolov4-tiny.cfg", "yolov4-tiny.weights")
