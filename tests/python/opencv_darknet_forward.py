"""Runs a Darknet cfg + weights through OpenCV 4.x DNN (cv2.dnn.readNetFromDarknet) and saves the
requested layer outputs. Executed by the cross-check test with the python of the cached OpenCV 4
venv (scripts/setup-opencv4-venv.sh), never imported by pytest.

usage: python opencv_darknet_forward.py CFG WEIGHTS INPUT.npy OUTPUT.npz LAYER_NAME...
"""

import sys

import cv2
import numpy as np


def main(cfg, weights, input_path, output_path, *layer_names):
    net = cv2.dnn.readNetFromDarknet(cfg, weights)
    net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
    net.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
    known = set(net.getLayerNames())
    missing = [name for name in layer_names if name not in known]
    if missing:
        raise SystemExit(f"OpenCV has no layers named {missing}")
    net.setInput(np.load(input_path))
    outputs = net.forward(list(layer_names))
    np.savez(output_path, **{name: out for name, out in zip(layer_names, outputs)},
             opencv_version=np.array(cv2.__version__))


if __name__ == "__main__":
    main(*sys.argv[1:])
