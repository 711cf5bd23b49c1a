"""Builds an ONNX graph for a Darknet network with onnx.helper (no PyTorch, no TensorFlow).

Mapping (shared/reference/conversion-paths.md §4.12): Conv with explicit symmetric pads, batch
norm folded into the conv or kept as BatchNormalization (eps 1e-5), LeakyRelu(0.1) / Mish (or
Softplus→Tanh→Mul below opset 18) / Sigmoid, route as Concat and channel groups as Slice, MaxPool
with Darknet's begin pad and only the end pad that is reached, nearest Resize (asymmetric,
floor), shortcut as Add. Outputs: the raw tensor each [yolo] layer reads, or with decode=True
`boxes` [1,N,4] and `scores` [1,N,classes].

`onnx` is imported inside build_model so importing this package stays cheap.
"""

from __future__ import annotations

import numpy as np

from .requirements import require

from .errors import CfgError
from .network import (ConvLayer, MaxPoolLayer, Network, RouteLayer, ShortcutLayer,
                      UpsampleLayer, YoloLayer)
from .weights import ConvParams

# The IR version each supported opset needs (onnx's own opset→IR table); pinned low so every
# onnxruntime of the last five years loads the model.
IR_VERSION_FOR_OPSET = {13: 7, 17: 8, 18: 8}
DEFAULT_OPSET = 13
DARKNET_BN_EPSILON = 1e-5
INPUT_NAME = "images"


def head_output_name(yolo: YoloLayer) -> str:
    return f"yolo_{yolo.index}"


class _Graph:
    """Accumulates nodes and initializers with unique names."""

    def __init__(self, onnx):
        self.onnx = onnx
        self.nodes = []
        self.initializers = []
        self._count = 0

    def const(self, name: str, value) -> str:
        array = np.asarray(value)
        self.initializers.append(self.onnx.numpy_helper.from_array(array, name))
        return name

    def node(self, op: str, inputs: list[str], name: str, output: str | None = None,
             **attrs) -> str:
        self._count += 1
        output = output or f"{name}_{op.lower()}_{self._count}"
        self.nodes.append(self.onnx.helper.make_node(op, inputs, [output], name=f"{name}/{op}"
                                                     f"_{self._count}", **attrs))
        return output


def _activation(g: _Graph, x: str, name: str, kind: str, opset: int, out: str | None) -> str:
    if kind == "linear":
        return g.node("Identity", [x], name, out) if out else x
    if kind == "leaky":
        return g.node("LeakyRelu", [x], name, out, alpha=0.1)
    if kind == "logistic":
        return g.node("Sigmoid", [x], name, out)
    if kind == "mish":
        if opset >= 18:
            return g.node("Mish", [x], name, out)
        softplus = g.node("Softplus", [x], name)
        return g.node("Mul", [x, g.node("Tanh", [softplus], name)], name, out)
    raise ValueError(f"{name}: activation '{kind}' has no ONNX mapping")


def _conv(g: _Graph, x: str, layer: ConvLayer, p: ConvParams, fold_batchnorm: bool, opset: int,
          out: str | None) -> str:
    name = f"layer{layer.index}_conv"
    p_ = layer.padding
    attrs = dict(kernel_shape=[layer.size, layer.size], strides=[layer.stride, layer.stride],
                 pads=[p_, p_, p_, p_], group=layer.groups)
    weights = p.weights.astype(np.float64)
    bias = p.biases.astype(np.float64)
    if layer.batch_normalize and fold_batchnorm:
        factor = p.scales.astype(np.float64) / np.sqrt(p.variance.astype(np.float64)
                                                       + DARKNET_BN_EPSILON)
        weights = weights * factor[:, None, None, None]
        bias = bias - p.mean.astype(np.float64) * factor
    w = g.const(f"{name}.weight", weights.astype(np.float32))
    if layer.batch_normalize and not fold_batchnorm:
        y = g.node("Conv", [x, w], name, **attrs)
        y = g.node("BatchNormalization", [
            y, g.const(f"{name}.bn_scale", p.scales.astype(np.float32)),
            g.const(f"{name}.bn_bias", p.biases.astype(np.float32)),
            g.const(f"{name}.bn_mean", p.mean.astype(np.float32)),
            g.const(f"{name}.bn_var", p.variance.astype(np.float32))], name,
            epsilon=DARKNET_BN_EPSILON)
    else:
        b = g.const(f"{name}.bias", bias.astype(np.float32))
        y = g.node("Conv", [x, w, b], name, out if layer.activation == "linear" else None,
                   **attrs)
        if layer.activation == "linear":
            return y
    return _activation(g, y, name, layer.activation, opset, out)


def _maxpool(g: _Graph, x: str, layer: MaxPoolLayer, out: str | None) -> str:
    _, h, w = layer.in_shape
    _, out_h, out_w = layer.out_shape
    begin = layer.padding // 2
    # Darknet pads padding//2 at the start; only emit the end padding a window actually reaches.
    end_h = max(0, (out_h - 1) * layer.stride + layer.size - h - begin)
    end_w = max(0, (out_w - 1) * layer.stride + layer.size - w - begin)
    return g.node("MaxPool", [x], f"layer{layer.index}_maxpool", out,
                  kernel_shape=[layer.size, layer.size], strides=[layer.stride, layer.stride],
                  pads=[begin, begin, end_h, end_w])


def _route(g: _Graph, network: Network, names: list[str], layer: RouteLayer,
           out: str | None) -> str:
    name = f"layer{layer.index}_route"
    parts = []
    for src in layer.sources:
        x = names[src]
        if layer.groups > 1:
            part = network.layers[src].out_shape[0] // layer.groups
            start = layer.group_id * part
            x = g.node("Slice", [
                x, g.const(f"{name}.from{src}.starts", np.array([start], np.int64)),
                g.const(f"{name}.from{src}.ends", np.array([start + part], np.int64)),
                g.const(f"{name}.from{src}.axes", np.array([1], np.int64))], name,
                out if len(layer.sources) == 1 else None)
        parts.append(x)
    if len(parts) == 1:
        return g.node("Identity", parts, name, out) if out and parts[0] != out else parts[0]
    return g.node("Concat", parts, name, out, axis=1)


def _upsample(g: _Graph, x: str, layer: UpsampleLayer, out: str | None) -> str:
    name = f"layer{layer.index}_upsample"
    s = float(layer.stride)
    scales = g.const(f"{name}.scales", np.array([1.0, 1.0, s, s], np.float32))
    y = g.node("Resize", [x, "", scales], name, None if layer.scale != 1 else out,
               mode="nearest", coordinate_transformation_mode="asymmetric",
               nearest_mode="floor")
    if layer.scale != 1:
        y = g.node("Mul", [y, g.const(f"{name}.scale", np.array(layer.scale, np.float32))],
                   name, out)
    return y


def _decode_head(g: _Graph, network: Network, yolo: YoloLayer, raw: str) -> tuple[str, str]:
    """Darknet's yolo decode for one head: boxes [1, h*w*n, 4] (cx, cy, w, h relative to the
    input) and scores [1, h*w*n, C] = objectness·class, candidates ordered cell-major then anchor
    as in get_yolo_detections."""
    name = f"layer{yolo.index}_decode"
    n, classes = len(yolo.mask), yolo.classes
    _, lh, lw = yolo.out_shape
    count = lh * lw * n

    def i64(tag, values):
        return g.const(f"{name}.{tag}", np.array(values, np.int64))

    t = g.node("Reshape", [raw, i64("shape1", [1, n, 5 + classes, lh * lw])], name)
    t = g.node("Transpose", [t], name, perm=[0, 3, 1, 2])
    t = g.node("Reshape", [t, i64("shape2", [1, count, 5 + classes])], name)
    axis = i64("axis", [2])

    def channels(tag, start, end):
        return g.node("Slice", [t, i64(f"{tag}.start", [start]), i64(f"{tag}.end", [end]),
                                axis], name)

    txy, twh = channels("xy", 0, 2), channels("wh", 2, 4)
    tobj, tcls = channels("obj", 4, 5), channels("cls", 5, 5 + classes)
    if yolo.new_coords:
        xy, obj, cls = txy, tobj, tcls
        wh = g.node("Mul", [twh, twh], name)
    else:
        xy = g.node("Sigmoid", [txy], name)
        obj, cls = g.node("Sigmoid", [tobj], name), g.node("Sigmoid", [tcls], name)
        wh = g.node("Exp", [twh], name)
    s = yolo.scale_x_y
    if s != 1:
        xy = g.node("Mul", [xy, g.const(f"{name}.scale_x_y", np.array(s, np.float32))], name)
        xy = g.node("Add", [xy, g.const(f"{name}.xy_offset",
                                         np.array(-0.5 * (s - 1), np.float32))], name)
    rows, cols = np.meshgrid(np.arange(lh), np.arange(lw), indexing="ij")
    grid = np.stack([cols, rows], axis=-1).reshape(lh * lw, 1, 2).repeat(n, axis=1)
    xy = g.node("Add", [xy, g.const(f"{name}.grid", grid.reshape(1, count, 2)
                                    .astype(np.float32))], name)
    xy = g.node("Mul", [xy, g.const(f"{name}.cell", np.array([1 / lw, 1 / lh], np.float32))],
                name)
    anchors = np.array(yolo.masked_anchors, np.float64) / [network.width, network.height]
    if yolo.new_coords:
        anchors = anchors * 4
    anchors = np.tile(anchors, (lh * lw, 1)).reshape(1, count, 2).astype(np.float32)
    wh = g.node("Mul", [wh, g.const(f"{name}.anchors", anchors)], name)
    boxes = g.node("Concat", [xy, wh], name, axis=2)
    scores = g.node("Mul", [obj, cls], name)
    return boxes, scores


def build_model(network: Network, params: dict[int, ConvParams], opset: int = DEFAULT_OPSET,
                decode: bool = False, fold_batchnorm: bool = True):
    """Returns a checked onnx.ModelProto for `network` with `params` (from read_weights)."""
    if opset not in IR_VERSION_FOR_OPSET:
        raise ValueError(f"opset {opset} is not supported: choose one of "
                         f"{', '.join(map(str, IR_VERSION_FOR_OPSET))}")
    onnx = require("onnx")  # lazily: importing the package must not import onnx

    g = _Graph(onnx)
    names: list[str] = []
    x = INPUT_NAME
    yolo_next = {layer.index - 1: layer for layer in network.yolo_layers}
    for layer in network.layers:
        head = yolo_next.get(layer.index)
        out = head_output_name(head) if head is not None and not decode else None
        if isinstance(layer, ConvLayer):
            x = _conv(g, x, layer, params[layer.index], fold_batchnorm, opset, out)
        elif isinstance(layer, MaxPoolLayer):
            x = _maxpool(g, x, layer, out)
        elif isinstance(layer, RouteLayer):
            x = _route(g, network, names, layer, out)
        elif isinstance(layer, UpsampleLayer):
            x = _upsample(g, x, layer, out)
        elif isinstance(layer, ShortcutLayer):
            y = g.node("Add", [x, names[layer.source]], f"layer{layer.index}_shortcut",
                       out if layer.activation == "linear" else None)
            x = _activation(g, y, f"layer{layer.index}_shortcut", layer.activation, opset,
                            out) if layer.activation != "linear" else y
        elif isinstance(layer, YoloLayer):
            pass  # the previous layer's tensor is the head; decode (if any) comes after the loop
        else:
            raise ValueError(f"layer {layer.index} [{layer.type}] has no ONNX mapping")
        names.append(x)

    def tensor(name, shape):
        return onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, list(shape))

    if decode:
        classes = {y.classes for y in network.yolo_layers}
        if len(classes) != 1:
            last = network.yolo_layers[-1]
            raise CfgError(f"decode needs the same classes in every [yolo] layer, got "
                           f"{sorted(classes)}", layer=last.index, layer_type=last.type,
                           key="classes", line=last.line)
        decoded = [_decode_head(g, network, y, names[y.index]) for y in network.yolo_layers]
        total = sum(len(y.mask) * y.out_shape[1] * y.out_shape[2] for y in network.yolo_layers)
        g.node("Concat", [b for b, _ in decoded], "decode", "boxes", axis=1)
        g.node("Concat", [s for _, s in decoded], "decode", "scores", axis=1)
        outputs = [tensor("boxes", [1, total, 4]),
                   tensor("scores", [1, total, classes.pop()])]
    else:
        outputs = [tensor(head_output_name(y), (1, *y.out_shape)) for y in network.yolo_layers]
    graph = onnx.helper.make_graph(
        g.nodes, "darknet", [tensor(INPUT_NAME, (1, network.channels, network.height,
                                                  network.width))],
        outputs, initializer=g.initializers)
    model = onnx.helper.make_model(
        graph, opset_imports=[onnx.helper.make_opsetid("", opset)],
        ir_version=IR_VERSION_FOR_OPSET[opset], producer_name="jupyterlab-convert-doctor")
    onnx.helper.set_model_props(model, {
        "darknet_cfg": str(network.source),
        "input": "RGB, values in [0, 1], NCHW, resized to the network size (no letterbox)"
                 if not network.letter_box else "RGB, values in [0, 1], NCHW, letterboxed",
        "outputs": "boxes: cx, cy, w, h relative to the input; scores: objectness * class"
                   if decode else "raw [yolo] input tensors, anchor-major (a*(5+C)+entry)",
    })
    onnx.checker.check_model(model, full_check=True)
    return model
