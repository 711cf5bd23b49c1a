"""The numpy forward pass, one function per Darknet layer type, in float64.

Written to be checked against AlexeyAB/darknet's C source line by line (file names in each
docstring), not for speed: every loop is the one the C code runs, only vectorised over pixels.
"""

from __future__ import annotations

import numpy as np

from .cfg import Section, absolute
from .model import Model

BN_EPSILON = 1e-5  # normalize_cpu (src/blas.c): (x - mean) / sqrt(variance + .00001f)


def activate(x: np.ndarray, name: str) -> np.ndarray:
    """activate_array / activate_array_mish (src/activations.c, src/activations.h)."""
    if name == "linear":
        return x
    if name == "leaky":  # leaky_activate: x > 0 ? x : .1f * x
        return np.where(x > 0, x, 0.1 * x)
    if name == "logistic":  # logistic_activate: 1 / (1 + exp(-x))
        return 1.0 / (1.0 + np.exp(-x))
    if name == "mish":  # x * tanh(softplus_activate(x, MISH_THRESHOLD = 20))
        clipped = np.clip(x, -20.0, 20.0)  # only to keep exp() quiet where np.where discards it
        softplus = np.where(x > 20, x, np.where(x < -20, np.exp(clipped), np.log(np.exp(clipped) + 1)))
        return x * np.tanh(softplus)
    raise ValueError(f"activation {name!r} is not implemented in the reference")


def convolutional(x: np.ndarray, layer: Section, p: dict[str, np.ndarray],
                  bn_epsilon: float) -> np.ndarray:
    """forward_convolutional_layer (src/convolutional_layer.c): im2col with zero padding, gemm
    per group, then batch norm (forward_batchnorm_layer) or biases, then the activation.
    parse_convolutional (src/parser.c): pad=1 means padding = size/2; default activation logistic."""
    size, stride = layer.integer("size", 1), layer.integer("stride", 1)
    padding = size // 2 if layer.integer("pad", 0) else layer.integer("padding", 0)
    groups = layer.integer("groups", 1)
    weights = p["weights"].astype(np.float64)  # [n, c/groups, size, size]
    n, c_per_group = weights.shape[:2]
    c, h, w = x.shape
    out_h = (h + 2 * padding - size) // stride + 1  # convolutional_out_height
    out_w = (w + 2 * padding - size) // stride + 1
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))  # im2col_get_pixel: 0 outside
    # im2col_cpu (src/im2col.c): row (channel, ky, kx) holds what kernel tap (ky, kx) sees of
    # that channel at every output position.
    taps = [padded[:, ky:ky + stride * (out_h - 1) + 1:stride, kx:kx + stride * (out_w - 1) + 1:stride]
            for ky in range(size) for kx in range(size)]
    columns = np.stack(taps, axis=1).reshape(c, size * size, out_h * out_w)
    n_per_group = n // groups
    out = []
    for g in range(groups):  # gemm per group: weights [n/groups, c/groups*k*k] x columns
        rows = columns[g * c_per_group:(g + 1) * c_per_group].reshape(c_per_group * size * size, -1)
        out.append(weights[g * n_per_group:(g + 1) * n_per_group].reshape(n_per_group, -1) @ rows)
    out = np.concatenate(out).reshape(n, out_h, out_w)
    if layer.integer("batch_normalize", 0):
        mean = p["rolling_mean"].astype(np.float64)[:, None, None]
        variance = p["rolling_variance"].astype(np.float64)[:, None, None]
        out = (out - mean) / np.sqrt(variance + bn_epsilon)  # normalize_cpu
        out = out * p["scales"].astype(np.float64)[:, None, None]  # scale_bias
    out = out + p["biases"].astype(np.float64)[:, None, None]  # add_bias
    return activate(out, layer.text("activation", "logistic"))


def maxpool(x: np.ndarray, layer: Section) -> np.ndarray:
    """forward_maxpool_layer (src/maxpool_layer.c) with parse_maxpool's defaults: size = stride,
    padding = size - 1; out = (h + padding - size) / stride + 1; windows start at -padding/2 and
    taps outside the input are skipped (here: padded with -inf, which never wins)."""
    stride = layer.integer("stride", 1)
    size = layer.integer("size", stride)
    padding = layer.integer("padding", size - 1)
    c, h, w = x.shape
    out_h = (h + padding - size) // stride + 1
    out_w = (w + padding - size) // stride + 1
    begin = padding // 2
    end_h = max(0, (out_h - 1) * stride + size - begin - h)
    end_w = max(0, (out_w - 1) * stride + size - begin - w)
    padded = np.pad(x, ((0, 0), (begin, end_h), (begin, end_w)), constant_values=-np.inf)
    out = np.full((c, out_h, out_w), -np.inf)
    for ky in range(size):
        for kx in range(size):
            tap = padded[:, ky:ky + stride * (out_h - 1) + 1:stride, kx:kx + stride * (out_w - 1) + 1:stride]
            out = np.maximum(out, tap)
    return out


def route(outputs: list[np.ndarray], index: int, layer: Section) -> np.ndarray:
    """forward_route_layer (src/route_layer.c): concatenates, for each listed layer, its
    group_id-th of `groups` equal channel slices (copy_cpu of input_size/groups from offset
    part*group_id)."""
    groups, group_id = layer.integer("groups", 1), layer.integer("group_id", 0)
    parts = []
    for ref in layer.integers("layers", []):
        source = outputs[absolute(index, ref)]
        part = source.shape[0] // groups
        parts.append(source[part * group_id:part * (group_id + 1)])
    return np.concatenate(parts, axis=0)


def upsample(x: np.ndarray, layer: Section) -> np.ndarray:
    """upsample_cpu (src/blas.c), forward: out[k][j][i] = scale * in[k][j/stride][i/stride]."""
    stride, scale = layer.integer("stride", 2), layer.number("scale", 1.0)
    if stride < 1:
        raise ValueError("a downsampling [upsample] (negative stride) is not implemented in the reference")
    return scale * x.repeat(stride, axis=1).repeat(stride, axis=2)


def shortcut(x: np.ndarray, outputs: list[np.ndarray], index: int, layer: Section) -> np.ndarray:
    """forward_shortcut_layer (src/shortcut_layer.c): previous output + output of `from`, then
    the activation (default linear). Weighted shortcuts are not implemented."""
    if layer.text("weights_type", "none") != "none":
        raise ValueError("a weighted [shortcut] is not implemented in the reference")
    (ref,) = layer.integers("from", [])
    other = outputs[absolute(index, ref)]
    if other.shape != x.shape:
        raise ValueError(f"layer {index} [shortcut]: shapes {other.shape} and {x.shape} differ")
    return activate(x + other, layer.text("activation", "linear"))


def forward(model: Model, image: np.ndarray, bn_epsilon: float = BN_EPSILON) -> list[np.ndarray]:
    """Runs one [1, C, H, W] image (any H, W the network accepts; the cfg's size is only the
    default the recipe feeds). Returns the raw tensor each [yolo] layer reads, [1, C, h, w]
    float64, in layer order."""
    x = np.asarray(image, dtype=np.float64)
    if x.ndim != 4 or x.shape[0] != 1 or x.shape[1] != model.shape[0]:
        raise ValueError(f"expected one [1, {model.shape[0]}, H, W] image, got {x.shape}")
    x = x[0]
    outputs: list[np.ndarray] = []  # every layer's output, for [route] and [shortcut]
    heads: list[np.ndarray] = []
    for index, layer in enumerate(model.layers):
        if layer.type == "convolutional":
            x = convolutional(x, layer, model.params[index], bn_epsilon)
        elif layer.type == "maxpool":
            x = maxpool(x, layer)
        elif layer.type == "route":
            x = route(outputs, index, layer)
        elif layer.type == "upsample":
            x = upsample(x, layer)
        elif layer.type == "shortcut":
            x = shortcut(x, outputs, index, layer)
        elif layer.type == "yolo":
            heads.append(x[None])  # forward_yolo_layer copies its input; the raw head
        else:
            raise ValueError(f"layer {index} [{layer.type}] is not implemented in the reference")
        outputs.append(x)
    return heads


def decode(model: Model, heads: list[np.ndarray], width: int | None = None,
           height: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Inference part of forward_yolo_layer, get_yolo_box and get_yolo_detections
    (src/yolo_layer.c), without threshold or NMS.

    Per [yolo] layer, anchor n = mask[a], channel block a*(5+classes): with new_coords=0 logistic
    on tx, ty, objectness and classes; xy = xy*scale_x_y - 0.5*(scale_x_y - 1);
    box x = (col + tx)/lw, y = (row + ty)/lh, w = exp(tw)*anchor_w/width (new_coords=1:
    tw*tw*4*anchor_w/width); score = objectness * class. `width`/`height` (the network input)
    default to the cfg's. Returns boxes [1, N, 4] (cx, cy, w, h) and scores [1, N, classes],
    candidates in get_yolo_detections order: per layer, per cell (row-major), per anchor."""
    width = width or model.net.integer("width", 0)
    height = height or model.net.integer("height", 0)
    yolos = [layer for layer in model.layers if layer.type == "yolo"]
    all_boxes, all_scores = [], []
    for layer, head in zip(yolos, heads):
        classes, total = layer.integer("classes", 20), layer.integer("num", 1)
        mask = layer.integers("mask", list(range(total)))  # make_yolo_layer: no mask = all anchors
        anchors = layer.numbers("anchors", [0.5] * (2 * total))  # biases default .5
        scale = layer.number("scale_x_y", 1.0)
        new_coords = layer.integer("new_coords", 0)
        _, _, lh, lw = head.shape
        rows, cols = np.meshgrid(np.arange(lh), np.arange(lw), indexing="ij")
        boxes, scores = [], []
        for a, n in enumerate(mask):
            t = head[0, a * (5 + classes):(a + 1) * (5 + classes)]
            tx, ty, tw, th, objectness, class_probs = t[0], t[1], t[2], t[3], t[4], t[5:]
            if not new_coords:
                tx, ty = activate(tx, "logistic"), activate(ty, "logistic")
                objectness, class_probs = activate(objectness, "logistic"), activate(class_probs, "logistic")
            tx, ty = tx * scale - 0.5 * (scale - 1), ty * scale - 0.5 * (scale - 1)
            if new_coords:
                bw, bh = tw * tw * 4 * anchors[2 * n] / width, th * th * 4 * anchors[2 * n + 1] / height
            else:
                bw, bh = np.exp(tw) * anchors[2 * n] / width, np.exp(th) * anchors[2 * n + 1] / height
            boxes.append(np.stack([(cols + tx) / lw, (rows + ty) / lh, bw, bh], axis=-1))  # [lh, lw, 4]
            scores.append(np.moveaxis(objectness * class_probs, 0, -1))  # [lh, lw, classes]
        # [anchor, lh, lw, k] -> cell-major, then anchor
        all_boxes.append(np.stack(boxes, axis=2).reshape(-1, 4))
        all_scores.append(np.stack(scores, axis=2).reshape(-1, classes))
    return np.concatenate(all_boxes)[None], np.concatenate(all_scores)[None]
