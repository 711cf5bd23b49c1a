"""Cross-check of both numpy Darknet references (the converter's, and darknet_reference with its own
cfg and weights readers, which the darknet-onnx recipe verifies against) with an implementation
outside the project: OpenCV 4.x cv2.dnn.readNetFromDarknet, run from its own cached venv
(scripts/setup-opencv4-venv.sh; OpenCV 5 removed the Darknet importer).

OpenCV's Darknet importer sets the batch-norm epsilon to 1e-6, Darknet (AlexeyAB) uses 1e-5
inside the sqrt. So OpenCV is compared twice: with the reference run at OpenCV's epsilon it must
agree to float32 noise (≤ 1e-4; measured ≤ 1e-5); with Darknet's epsilon the gap is the epsilon
alone: each BN scale changes by a relative ≈ (1e-5 − 1e-6) / (2·var) ≤ 9e-6 for var ∈ [0.5, 1.5],
compounded over 19 (tiny) to 107 (yolov4) BN layers on O(1) heads. Measured: 1.3–2.2e-4 for the
tiny networks (heads up to ~4), ~1e-5 for yolov4 at 608x608 (heads < 1); the bound is 1e-3, and the
eps-1e-5 gap must be the larger of the two.
"""

import subprocess

import numpy as np
import pytest

from darknet_helpers import REPO, cfg_path, random_image, resized_cfg
from jupyterlab_convert_doctor import darknet_reference
from jupyterlab_convert_doctor.darknet import reference
from jupyterlab_convert_doctor.darknet.network import ConvLayer, load_network
from jupyterlab_convert_doctor.darknet.weights import read_weights

FLOAT32_NOISE = 1e-4
EPSILON_GAP = 1e-3
OPENCV_BN_EPSILON = 1e-6


@pytest.fixture(scope="module")
def opencv_python():
    done = subprocess.run(["bash", str(REPO / "scripts" / "setup-opencv4-venv.sh")],
                          capture_output=True, text=True)
    assert done.returncode == 0, f"OpenCV 4 venv setup failed:\n{done.stderr}"
    return done.stdout.strip().splitlines()[-1]


def cross_check(opencv_python, tmp_path, cfg, weights):
    net = load_network(cfg)
    image = random_image(net)
    np.save(tmp_path / "input.npy", image)
    heads = [net.head_of(y) for y in net.yolo_layers]
    # OpenCV names layer i's convolution conv_i; a linear head without BN ends there.
    assert all(isinstance(h, ConvLayer) and h.activation == "linear" and not h.batch_normalize
               for h in heads)
    names = [f"conv_{h.index}" for h in heads]
    subprocess.run([opencv_python, str(REPO / "tests" / "python" / "opencv_darknet_forward.py"),
                    str(cfg), str(weights), str(tmp_path / "input.npy"),
                    str(tmp_path / "opencv.npz"), *names], check=True)
    opencv = np.load(tmp_path / "opencv.npz")
    assert str(opencv["opencv_version"]).startswith("4.")
    params = read_weights(weights, net).conv
    at_opencv_eps = reference.forward(net, params, image, bn_epsilon=OPENCV_BN_EPSILON)
    at_darknet_eps = reference.forward(net, params, image)
    independent = darknet_reference.forward(darknet_reference.load(cfg, weights), image,
                                            bn_epsilon=OPENCV_BN_EPSILON)
    for layer_name, ours_cv, ours_dk, ind_cv in zip(names, at_opencv_eps, at_darknet_eps, independent):
        theirs = opencv[layer_name]
        assert theirs.shape == ours_dk.shape == ind_cv.shape
        assert float(np.abs(theirs - ind_cv).max()) <= FLOAT32_NOISE, layer_name
        noise = float(np.abs(theirs - ours_cv).max())
        gap = float(np.abs(theirs - ours_dk).max())
        assert noise <= FLOAT32_NOISE, (layer_name, noise)
        assert gap <= EPSILON_GAP, (layer_name, gap)
        assert gap > noise, (layer_name, gap, noise)  # the remaining difference is the epsilon


def test_yolov4_tiny_matches_opencv(opencv_python, tmp_path, darknet_weights):
    cross_check(opencv_python, tmp_path, cfg_path("yolov4-tiny"), darknet_weights("yolov4-tiny"))


def test_yolov3_tiny_matches_opencv(opencv_python, tmp_path, darknet_weights):
    cross_check(opencv_python, tmp_path, cfg_path("yolov3-tiny"), darknet_weights("yolov3-tiny"))


@pytest.mark.slow
def test_yolov4_matches_opencv(opencv_python, tmp_path, darknet_weights):
    """Every yolov4 layer as published (Mish, 23 shortcuts, SPP, three heads), at 320x320 rather
    than 608x608: the same network on 3.6 times fewer pixels per feature map."""
    cross_check(opencv_python, tmp_path, resized_cfg(tmp_path, "yolov4", 320), darknet_weights("yolov4"))
