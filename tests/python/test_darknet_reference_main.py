"""`python -m jupyterlab_convert_doctor.darknet.reference CFG WEIGHTS --input X --out REF.npz`,
the reference `convert-doctor verify --darknet` compares with: the converter's output names,
the same numbers as forward()/decode(), and one-line exit 2 on input that does not fit."""

import subprocess
import sys

import numpy as np

from darknet_helpers import cfg_path, network, random_image
from jupyterlab_convert_doctor.darknet.reference import decode, forward
from jupyterlab_convert_doctor.darknet.weights import read_weights


def run(*args):
    return subprocess.run([sys.executable, "-m", "jupyterlab_convert_doctor.darknet.reference", *map(str, args)],
                          capture_output=True, text=True)


def test_writes_the_heads_and_decoded_outputs_under_the_converter_names(tmp_path, darknet_weights):
    net = network("yolov3-tiny")
    weights = darknet_weights("yolov3-tiny")
    image = random_image(net)
    np.save(tmp_path / "x.npy", image)
    res = run(cfg_path("yolov3-tiny"), weights, "--input", tmp_path / "x.npy", "--out", tmp_path / "ref.npz")
    assert res.returncode == 0, res.stderr
    ref = np.load(tmp_path / "ref.npz")
    heads = forward(net, read_weights(weights, net).conv, image)
    boxes, scores = decode(net, heads)
    assert sorted(ref.files) == sorted(["boxes", "scores"] + [f"yolo_{y.index}" for y in net.yolo_layers])
    for yolo, head in zip(net.yolo_layers, heads):
        np.testing.assert_array_equal(ref[f"yolo_{yolo.index}"], head)
    np.testing.assert_array_equal(ref["boxes"], boxes)
    np.testing.assert_array_equal(ref["scores"], scores)


def test_an_input_of_the_wrong_shape_is_one_line_exit_2(tmp_path, darknet_weights):
    weights = darknet_weights("yolov3-tiny")
    np.save(tmp_path / "x.npy", np.zeros((1, 3, 320, 320), np.float32))
    res = run(cfg_path("yolov3-tiny"), weights, "--input", tmp_path / "x.npy", "--out", tmp_path / "ref.npz")
    assert res.returncode == 2
    assert res.stderr.startswith("error: input shape (3, 320, 320) does not match the cfg's (3, 416, 416)")
    assert res.stderr.count("\n") == 1
    assert not (tmp_path / "ref.npz").exists()
