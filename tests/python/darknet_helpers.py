"""Shared helpers for the Darknet converter tests: the published cfgs shipped in the package, deterministic
random weights, deterministic inputs, and onnxruntime runs."""

from pathlib import Path

import numpy as np

from jupyterlab_convert_doctor.darknet.cfg import parse_cfg_text
from jupyterlab_convert_doctor.darknet.network import build_network, load_network
from jupyterlab_convert_doctor.darknet.published_cfgs import published_cfg
from jupyterlab_convert_doctor.darknet.weights import write_random_weights

REPO = Path(__file__).resolve().parents[2]

# Weight scale per network: yolov4's 23 residual additions compound, so it gets gain 1; the tiny
# networks get a little more so their heads are O(1) rather than O(0.1) (a stronger comparison).
GAIN = {"yolov4-tiny": 1.3, "yolov3-tiny": 1.3, "yolov4": 1.0}


def cfg_path(name):
    return published_cfg(name)


def network(name):
    return load_network(cfg_path(name))


def network_from_text(text, source="<test cfg>"):
    return build_network(parse_cfg_text(text, source))


def write_weights_for(directory, name, seed=0, **header):
    path = Path(directory) / f"{name}-seed{seed}.weights"
    write_random_weights(path, network(name), seed=seed, gain=GAIN[name], **header)
    return path


def random_image(net, seed=1):
    """An RGB image in [0, 1], NCHW float32, as Darknet feeds its network."""
    rng = np.random.default_rng(seed)
    return rng.random((1, net.channels, net.height, net.width), dtype=np.float32)


def run_onnx(path, image):
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    return dict(zip(names, session.run(None, {session.get_inputs()[0].name: image})))
