"""The independent Darknet reference (jupyterlab_convert_doctor.darknet_reference): it shares no
code with the converter, and it agrees with the converter's own numpy reference on the published
cfgs and on a cfg with every supported layer form. (Against OpenCV 4: test_darknet_opencv.py.)"""

import ast
import json
import subprocess
import sys

import numpy as np
import pytest

from darknet_helpers import (ALL_FORMS_CFG, GAIN, REPO, cfg_path, network, network_from_text,
                             random_image, resized_cfg, write_weights_for)
from jupyterlab_convert_doctor import darknet_reference
from jupyterlab_convert_doctor.darknet import reference
from jupyterlab_convert_doctor.darknet.network import load_network
from jupyterlab_convert_doctor.darknet.weights import read_weights, write_random_weights

PACKAGE = REPO / "jupyterlab_convert_doctor" / "darknet_reference"
TOLERANCE = 1e-4  # both sides compute in float64; measured differences are ~1e-14


def test_sources_import_only_numpy_the_stdlib_and_themselves():
    allowed = {"__future__", "dataclasses", "numpy"}
    for source in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(), str(source))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [] if node.level else [node.module]  # relative: the package itself
            else:
                continue
            assert {name.split(".")[0] for name in names} <= allowed, (source.name, names)


def test_running_it_loads_nothing_of_the_converter(darknet_weights):
    """A whole load + forward + decode in a fresh interpreter leaves no converter module in
    sys.modules (also catches an import hidden in a function body)."""
    weights = darknet_weights("yolov3-tiny")
    code = (
        "import json, sys, numpy as np\n"
        "from jupyterlab_convert_doctor import darknet_reference as r\n"
        f"m = r.load({str(cfg_path('yolov3-tiny'))!r}, {str(weights)!r})\n"
        "heads = r.forward(m, np.zeros((1, *m.shape), np.float32))\n"
        "r.decode(m, heads)\n"
        "print(json.dumps(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          check=True)
    loaded = json.loads(done.stdout)
    assert "jupyterlab_convert_doctor.darknet_reference.forward" in loaded
    ours = [m for m in loaded if m.startswith("jupyterlab_convert_doctor.")
            and not m.startswith("jupyterlab_convert_doctor.darknet_reference")]
    assert ours == ["jupyterlab_convert_doctor._version"], ours


def assert_agree(cfg_file, weights_file, net, image):
    ours = darknet_reference.load(cfg_file, weights_file)
    params = read_weights(weights_file, net).conv
    heads = darknet_reference.forward(ours, image)
    expected = reference.forward(net, params, image)
    assert [h.shape for h in heads] == [e.shape for e in expected]
    for head, other in zip(heads, expected):
        assert np.abs(head).max() > 0.1  # ordinary-sized numbers, not a trivially equal zero
        assert float(np.abs(head - other).max()) <= TOLERANCE
    boxes, scores = darknet_reference.decode(ours, heads, width=net.width, height=net.height)
    expected_boxes, expected_scores = reference.decode(net, expected)
    assert boxes.shape == expected_boxes.shape and scores.shape == expected_scores.shape
    assert float(np.abs(boxes - expected_boxes).max()) <= TOLERANCE
    assert float(np.abs(scores - expected_scores).max()) <= TOLERANCE


@pytest.mark.parametrize("name", ["yolov4-tiny", "yolov3-tiny"])
def test_agrees_with_the_converter_reference(darknet_weights, name):
    net = network(name)
    assert_agree(cfg_path(name), darknet_weights(name), net, random_image(net))


def test_agrees_on_every_layer_form(tmp_path):
    """Mish, grouped conv, no-BN logistic default, explicit padding, maxpool 2/2 with end pad,
    2/1, SPP 5/1, 3/2, shortcut with activation, route groups, upsample, new_coords=1."""
    cfg = tmp_path / "all-forms.cfg"
    cfg.write_text(ALL_FORMS_CFG)
    net = network_from_text(ALL_FORMS_CFG, str(cfg))
    weights = tmp_path / "all-forms.weights"
    write_random_weights(weights, net, seed=3, gain=1.3)
    assert_agree(cfg, weights, net, random_image(net, seed=4))


@pytest.mark.slow
def test_agrees_on_yolov4_at_a_small_input(tmp_path):
    """yolov4 (Mish, shortcuts, SPP, three heads with scale_x_y) at 160x160 instead of 608."""
    cfg = resized_cfg(tmp_path, "yolov4", 160)
    net = load_network(cfg)
    assert (net.width, net.height) == (160, 160)
    weights = tmp_path / "yolov4.weights"
    write_random_weights(weights, net, seed=0, gain=GAIN["yolov4"])
    assert_agree(cfg, weights, net, random_image(net))


def test_reads_the_32_bit_seen_header(tmp_path):
    """Version 0.1: `seen` is 4 bytes (load_weights_upto), so the floats start at byte 16."""
    net = network("yolov3-tiny")
    weights = write_weights_for(tmp_path, "yolov3-tiny", major=0, minor=1, revision=0, seen=7)
    model = darknet_reference.load(cfg_path("yolov3-tiny"), weights)
    assert model.header == (0, 1, 0, 7)
    assert_agree(cfg_path("yolov3-tiny"), weights, net, random_image(net))


def test_a_weights_file_that_does_not_fit_is_refused(tmp_path, darknet_weights):
    weights = darknet_weights("yolov3-tiny")
    data = weights.read_bytes()
    (tmp_path / "short.weights").write_bytes(data[:-4])
    (tmp_path / "long.weights").write_bytes(data + b"\0" * 8)
    (tmp_path / "odd.weights").write_bytes(data + b"\0")
    with pytest.raises(ValueError, match="ends inside layer"):
        darknet_reference.load(cfg_path("yolov3-tiny"), tmp_path / "short.weights")
    with pytest.raises(ValueError, match="2 values left over"):
        darknet_reference.load(cfg_path("yolov3-tiny"), tmp_path / "long.weights")
    with pytest.raises(ValueError, match="not a 20-byte header followed by float32 values"):
        darknet_reference.load(cfg_path("yolov3-tiny"), tmp_path / "odd.weights")


def test_unsupported_layers_are_named(tmp_path):
    cfg = tmp_path / "reorg.cfg"
    cfg.write_text("[net]\nwidth=8\nheight=8\nchannels=3\n[reorg]\nstride=2\n")
    weights = tmp_path / "empty.weights"
    weights.write_bytes(np.array([0, 2, 5], "<i4").tobytes() + np.array([0], "<u8").tobytes())
    model = darknet_reference.load(cfg, weights)
    with pytest.raises(ValueError, match=r"layer 0 \[reorg\] is not implemented"):
        darknet_reference.forward(model, np.zeros((1, 3, 8, 8), np.float32))

