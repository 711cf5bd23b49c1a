"""A numpy Darknet forward pass, written from Darknet's C semantics and independent of the ONNX
builder, used as the numerical reference for the converter.

Follows AlexeyAB/darknet (src/convolutional_layer.c, batchnorm via normalize_cpu, maxpool_layer.c,
route_layer.c, blas.c upsample/shortcut, yolo_layer.c get_yolo_box). Computes in float64 so the
reference is more precise than any float32 runtime it is compared with.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .network import (ConvLayer, MaxPoolLayer, Network, RouteLayer, ShortcutLayer,
                      UpsampleLayer, YoloLayer)
from .weights import ConvParams

DARKNET_BN_EPSILON = 1e-5  # AlexeyAB normalize_cpu: sqrt(variance + .00001f)


def activate(x: np.ndarray, name: str) -> np.ndarray:
    if name == "linear":
        return x
    if name == "leaky":
        return np.where(x > 0, x, 0.1 * x)
    if name == "logistic":
        return 1.0 / (1.0 + np.exp(-x))
    if name == "mish":
        # softplus_activate(x, 20): x above 20, exp(x) below -20, log(exp(x)+1) between.
        softplus = np.where(x > 20, x, np.where(x < -20, np.exp(np.minimum(x, 20)),
                                                np.log1p(np.exp(np.minimum(x, 20)))))
        return x * np.tanh(softplus)
    raise ValueError(f"activation '{name}' has no reference implementation")


def convolve(x: np.ndarray, weights: np.ndarray, stride: int, padding: int,
             groups: int) -> np.ndarray:
    """im2col + matmul convolution of one CHW image with OIHW weights (zero padding)."""
    c, _, _ = x.shape
    out_c, _, k, _ = weights.shape
    if k == 1 and stride == 1 and padding == 0 and groups == 1:  # 1x1: no im2col copy needed
        _, h, w = x.shape
        return (weights.reshape(out_c, c) @ x.reshape(c, h * w)).reshape(out_c, h, w)
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    windows = sliding_window_view(padded, (k, k), axis=(1, 2))[:, ::stride, ::stride]
    out_h, out_w = windows.shape[1:3]
    per_group_in, per_group_out = c // groups, out_c // groups
    outputs = []
    for g in range(groups):
        cols = windows[g * per_group_in:(g + 1) * per_group_in]  # [C, H, W, k, k]
        cols = cols.transpose(0, 3, 4, 1, 2).reshape(per_group_in * k * k, out_h * out_w)
        kernel = weights[g * per_group_out:(g + 1) * per_group_out].reshape(per_group_out, -1)
        outputs.append(kernel @ cols)
    return np.concatenate(outputs, axis=0).reshape(out_c, out_h, out_w)


def conv_forward(x: np.ndarray, layer: ConvLayer, p: ConvParams,
                 bn_epsilon: float = DARKNET_BN_EPSILON) -> np.ndarray:
    y = convolve(x, p.weights.astype(np.float64), layer.stride, layer.padding, layer.groups)
    if layer.batch_normalize:
        mean, var = p.mean.astype(np.float64), p.variance.astype(np.float64)
        y = (y - mean[:, None, None]) / np.sqrt(var[:, None, None] + bn_epsilon)
        y = y * p.scales.astype(np.float64)[:, None, None]
    y = y + p.biases.astype(np.float64)[:, None, None]
    return activate(y, layer.activation)


def maxpool_forward(x: np.ndarray, layer: MaxPoolLayer) -> np.ndarray:
    """forward_maxpool_layer: window start -padding/2, taps outside the input never win."""
    _, out_h, out_w = layer.out_shape
    _, h, w = x.shape
    begin = layer.padding // 2
    end_h = max(0, (out_h - 1) * layer.stride + layer.size - h - begin)
    end_w = max(0, (out_w - 1) * layer.stride + layer.size - w - begin)
    padded = np.pad(x, ((0, 0), (begin, end_h), (begin, end_w)), constant_values=-np.inf)
    windows = sliding_window_view(padded, (layer.size, layer.size), axis=(1, 2))
    windows = windows[:, ::layer.stride, ::layer.stride][:, :out_h, :out_w]
    return windows.max(axis=(3, 4))


def route_forward(inputs: list[np.ndarray], layer: RouteLayer) -> np.ndarray:
    parts = []
    for x in inputs:
        part = x.shape[0] // layer.groups
        parts.append(x[layer.group_id * part:(layer.group_id + 1) * part])
    return np.concatenate(parts, axis=0)


def upsample_forward(x: np.ndarray, layer: UpsampleLayer) -> np.ndarray:
    """upsample_cpu: out[c, j, i] = scale * in[c, j / stride, i / stride]."""
    s = layer.stride
    return layer.scale * np.repeat(np.repeat(x, s, axis=1), s, axis=2)


def forward(network: Network, params: dict[int, ConvParams], image: np.ndarray,
            bn_epsilon: float = DARKNET_BN_EPSILON) -> list[np.ndarray]:
    """Runs a [1, C, H, W] (or [C, H, W]) image; returns the raw tensor each [yolo] layer reads,
    as [1, C, H, W] float64 arrays in layer order."""
    x = np.asarray(image, dtype=np.float64)
    if x.ndim == 4:
        if x.shape[0] != 1:
            raise ValueError(f"the reference runs one image at a time, got batch {x.shape[0]}")
        x = x[0]
    expected = (network.channels, network.height, network.width)
    if x.shape != expected:
        raise ValueError(f"input shape {x.shape} does not match the cfg's {expected}")
    outputs: list[np.ndarray] = []
    heads: list[np.ndarray] = []
    for layer in network.layers:
        if isinstance(layer, ConvLayer):
            x = conv_forward(x, layer, params[layer.index], bn_epsilon)
        elif isinstance(layer, MaxPoolLayer):
            x = maxpool_forward(x, layer)
        elif isinstance(layer, RouteLayer):
            x = route_forward([outputs[i] for i in layer.sources], layer)
        elif isinstance(layer, UpsampleLayer):
            x = upsample_forward(x, layer)
        elif isinstance(layer, ShortcutLayer):
            x = activate(x + outputs[layer.source], layer.activation)
        elif isinstance(layer, YoloLayer):
            heads.append(x[None])
        else:
            raise ValueError(f"layer {layer.index} [{layer.type}] has no reference implementation")
        if x.shape != layer.out_shape:
            raise AssertionError(f"layer {layer.index}: shape {x.shape} != {layer.out_shape}")
        outputs.append(x)
    return heads


def decode(network: Network, heads: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Darknet's yolo decode (forward_yolo_layer activations + get_yolo_box + objectness·class),
    without thresholds or NMS.

    Returns boxes [1, N, 4] (centre x, centre y, width, height, relative to the network input)
    and scores [1, N, classes], with candidates in get_yolo_detections order: per [yolo] layer,
    per cell (row-major), per anchor of the mask.
    """
    all_boxes, all_scores = [], []
    for yolo, raw in zip(network.yolo_layers, heads):
        _, lh, lw = yolo.out_shape
        t = np.asarray(raw, dtype=np.float64)[0].reshape(len(yolo.mask), 5 + yolo.classes, lh, lw)
        s = yolo.scale_x_y
        if yolo.new_coords:
            xy, wh, obj, cls = t[:, 0:2], t[:, 2:4], t[:, 4], t[:, 5:]
            xy = xy * s - 0.5 * (s - 1)
        else:
            xy = activate(t[:, 0:2], "logistic") * s - 0.5 * (s - 1)
            wh = t[:, 2:4]
            obj, cls = activate(t[:, 4], "logistic"), activate(t[:, 5:], "logistic")
        rows, cols = np.meshgrid(np.arange(lh), np.arange(lw), indexing="ij")
        anchors = np.array(yolo.masked_anchors, dtype=np.float64)  # [n, 2]
        x = (cols + xy[:, 0]) / lw
        y = (rows + xy[:, 1]) / lh
        if yolo.new_coords:
            bw = wh[:, 0] ** 2 * 4 * anchors[:, 0, None, None] / network.width
            bh = wh[:, 1] ** 2 * 4 * anchors[:, 1, None, None] / network.height
        else:
            bw = np.exp(wh[:, 0]) * anchors[:, 0, None, None] / network.width
            bh = np.exp(wh[:, 1]) * anchors[:, 1, None, None] / network.height
        boxes = np.stack([x, y, bw, bh], axis=-1)  # [n, lh, lw, 4]
        scores = obj[:, None] * cls  # [n, C, lh, lw]
        all_boxes.append(boxes.transpose(1, 2, 0, 3).reshape(-1, 4))
        all_scores.append(scores.transpose(2, 3, 0, 1).reshape(-1, yolo.classes))
    return np.concatenate(all_boxes)[None], np.concatenate(all_scores)[None]


def main(argv: list[str] | None = None) -> int:
    """`python -m jupyterlab_convert_doctor.darknet.reference CFG WEIGHTS --input X.npy --out
    REF.npz`: the reference outputs under the converter's output names (yolo_<i> raw heads, and
    boxes/scores decoded), for `convert-doctor verify --darknet`. Exit 2 with one line on a cfg,
    weights or input that does not fit."""
    import argparse
    import sys

    from .errors import DarknetError
    from .onnx_builder import head_output_name  # imports onnx only when building
    from .network import load_network
    from .weights import read_weights

    parser = argparse.ArgumentParser(prog="python -m jupyterlab_convert_doctor.darknet.reference",
                                     description=main.__doc__)
    parser.add_argument("cfg")
    parser.add_argument("weights")
    parser.add_argument("--input", required=True, help="[1, C, H, W] float .npy image")
    parser.add_argument("--out", required=True, help=".npz to write")
    args = parser.parse_args(argv)
    try:
        network = load_network(args.cfg)
        params = read_weights(args.weights, network).conv
        image = np.load(args.input, allow_pickle=False)
        heads = forward(network, params, image)
        boxes, scores = decode(network, heads)
    except (DarknetError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    arrays = {head_output_name(y): h for y, h in zip(network.yolo_layers, heads)}
    np.savez(args.out, boxes=boxes, scores=scores, **arrays)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
