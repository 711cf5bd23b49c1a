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


def resized_cfg(directory, name, size):
    """The published cfg at a `size`x`size` input (a multiple of 32): every layer as published,
    smaller feature maps. Darknet weights do not depend on the input size."""
    text = cfg_path(name).read_text()
    for key in ("width", "height"):
        published = next(line for line in text.splitlines() if line.startswith(f"{key}="))
        text = text.replace(published, f"{key}={size}", 1)
    path = Path(directory) / f"{name}-{size}.cfg"
    path.write_text(text)
    return path


def network(name):
    return load_network(cfg_path(name))


def network_from_text(text, source="<test cfg>"):
    return build_network(parse_cfg_text(text, source))


def write_weights_for(directory, name, seed=0, gain=None, **header):
    """Random weights for a published cfg at `gain` (GAIN[name] unless given)."""
    gain = GAIN[name] if gain is None else gain
    path = Path(directory) / f"{name}-seed{seed}-gain{gain}.weights"
    write_random_weights(path, network(name), seed=seed, gain=gain, **header)
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


# Every supported form on odd sizes: mish/leaky/logistic(default)/linear, BN and no BN, grouped
# conv, explicit `padding`, maxpool 2/2 with end pad, 2/1, SPP 5/1, 3/2, shortcut with
# activation, route groups, identity route, concat, upsample, a new_coords=1 head.
ALL_FORMS_CFG = """
[net]
width=39
height=39
channels=3

[convolutional]
batch_normalize=1
filters=16
size=3
stride=1
pad=1
activation=mish

[maxpool]
size=2
stride=2

[convolutional]
batch_normalize=1
filters=16
size=3
stride=2
pad=1
activation=leaky

[convolutional]
filters=16
size=1
groups=2

[shortcut]
from=-2
activation=leaky

[maxpool]
size=2
stride=1

[route]
layers=-1
groups=2
group_id=1

[maxpool]
size=5
stride=1

[route]
layers=-1,-2

[maxpool]
size=3
stride=2

[convolutional]
batch_normalize=1
filters=8
size=3
stride=1
padding=1
activation=linear

[convolutional]
filters=18
size=1
activation=linear

[yolo]
mask=0,1,2
anchors=4,5, 8,9, 12,14, 20,22
classes=1
num=4
scale_x_y=1.1

[route]
layers=10

[upsample]
stride=2

[route]
layers=-1,8

[convolutional]
filters=18
size=1
activation=logistic

[yolo]
mask=1,2,3
anchors=4,5, 8,9, 12,14, 20,22
classes=1
num=4
new_coords=1
scale_x_y=2.0
"""
