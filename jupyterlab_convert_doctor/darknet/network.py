"""The network a cfg describes, with Darknet's geometry rules applied (src/parser.c, *_layer.c).

Resolves every section into a typed layer with absolute input indices, output shape (C, H, W)
and parameter count, and rejects anything the converter would not reproduce exactly: unknown
section types, unknown or unsupported keys, unsupported values. The ONNX builder, the numpy
reference and the weights reader all work from this one description.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import limits
from .cfg import DarknetCfg, Section, parse_cfg
from .errors import CfgError, UnsupportedKeyError, UnsupportedLayerError

ACTIVATIONS = ("leaky", "mish", "logistic", "linear")

# Keys read at inference time, per section type.
_USED_KEYS = {
    "convolutional": {"filters", "size", "stride", "pad", "padding", "activation",
                      "batch_normalize", "groups"},
    "maxpool": {"size", "stride", "padding"},
    "route": {"layers", "groups", "group_id"},
    "upsample": {"stride", "scale"},
    "shortcut": {"from", "activation", "weights_type", "weights_normalization"},
    "yolo": {"mask", "anchors", "classes", "num", "scale_x_y", "new_coords"},
}
# Keys that only matter for training (loss, augmentation, optimisation): accepted and ignored.
_TRAINING_KEYS = {
    "convolutional": {"stopbackward", "train", "dontload", "dontloadscales",
                      "learning_rate_scale"},
    "maxpool": {"stopbackward", "train"},
    "route": {"stopbackward"},
    "upsample": {"stopbackward"},
    "shortcut": {"stopbackward"},
    "yolo": {"jitter", "ignore_thresh", "truth_thresh", "random", "resize", "cls_normalizer",
             "iou_normalizer", "obj_normalizer", "iou_loss", "iou_thresh", "iou_thresh_kind",
             "nms_kind", "beta_nms", "max_delta", "focal_loss", "label_smooth_eps",
             "objectness_smooth", "counters_per_class", "uc_normalizer", "delta_normalizer",
             "max", "map", "show_details", "track_history_size", "sim_thresh",
             "dets_for_track", "dets_for_show", "track_ciou_norm", "embedding_layer",
             "stopbackward"},
}
_ALIASES = {"conv": "convolutional", "max": "maxpool", "network": "net"}


@dataclass
class Layer:
    index: int
    type: str
    line: int
    out_shape: tuple[int, int, int]  # (C, H, W)

    @property
    def param_count(self) -> int:
        return 0


@dataclass
class ConvLayer(Layer):
    in_shape: tuple[int, int, int]
    filters: int
    size: int
    stride: int
    padding: int
    groups: int
    batch_normalize: bool
    activation: str

    @property
    def weight_shape(self) -> tuple[int, int, int, int]:
        return (self.filters, self.in_shape[0] // self.groups, self.size, self.size)

    @property
    def param_count(self) -> int:
        o, i, kh, kw = self.weight_shape
        return self.filters * (4 if self.batch_normalize else 1) + o * i * kh * kw


@dataclass
class MaxPoolLayer(Layer):
    in_shape: tuple[int, int, int]
    size: int
    stride: int
    padding: int  # Darknet's total padding: begin = padding // 2, the rest at the end


@dataclass
class RouteLayer(Layer):
    sources: list[int]
    groups: int
    group_id: int


@dataclass
class UpsampleLayer(Layer):
    in_shape: tuple[int, int, int]
    stride: int
    scale: float


@dataclass
class ShortcutLayer(Layer):
    source: int
    activation: str


@dataclass
class YoloLayer(Layer):
    mask: list[int]
    anchors: list[tuple[float, float]]  # all `num` anchors, pixels at network resolution
    classes: int
    scale_x_y: float
    new_coords: int

    @property
    def masked_anchors(self) -> list[tuple[float, float]]:
        return [self.anchors[m] for m in self.mask]


@dataclass
class Network:
    source: str
    width: int
    height: int
    channels: int
    letter_box: bool
    layers: list[Layer]
    warnings: list[str] = field(default_factory=list)

    @property
    def param_count(self) -> int:
        return sum(layer.param_count for layer in self.layers)

    @property
    def yolo_layers(self) -> list[YoloLayer]:
        return [layer for layer in self.layers if isinstance(layer, YoloLayer)]

    def head_of(self, yolo: YoloLayer) -> Layer:
        """The layer whose output a [yolo] layer reads (always the previous one)."""
        return self.layers[yolo.index - 1]


def _check_keys(section: Section, kind: str) -> None:
    allowed = _USED_KEYS[kind] | _TRAINING_KEYS[kind]
    for key in section.options:
        if key not in allowed:
            raise section.error(
                f"key '{key}' is not supported by this converter (supported keys: "
                f"{', '.join(sorted(_USED_KEYS[kind]))})", key, UnsupportedKeyError)


def _activation(section: Section, default: str) -> str:
    name = section.get_str("activation", default)
    if name not in ACTIVATIONS:
        raise section.error(f"activation '{name}' is not supported (supported: "
                            f"{', '.join(ACTIVATIONS)})", "activation", UnsupportedKeyError)
    return name


def _resolve(section: Section, index: int, ref: int, key: str) -> int:
    absolute = index + ref if ref < 0 else ref
    if not 0 <= absolute < index:
        raise section.error(f"'{key}' refers to layer {absolute}, which is not an earlier layer",
                            key)
    return absolute


def _conv(s: Section, i: int, shape) -> ConvLayer:
    c, h, w = shape
    filters = s.get_int("filters", 1, 1, limits.MAX_FILTERS)
    size = s.get_int("size", 1, 1, limits.MAX_KERNEL_SIZE)
    stride = s.get_int("stride", 1, 1, limits.MAX_STRIDE)
    padding = size // 2 if s.get_int("pad", 0) else s.get_int("padding", 0, 0)
    groups = s.get_int("groups", 1, 1)
    if c % groups or filters % groups:
        raise s.error(f"groups={groups} does not divide input channels {c} and "
                      f"filters {filters}", "groups")
    out_h = (h + 2 * padding - size) // stride + 1
    out_w = (w + 2 * padding - size) // stride + 1
    if out_h < 1 or out_w < 1:
        raise s.error(f"key 'size'={size}: the kernel does not fit the {h}x{w} input with "
                      f"padding={padding}", "size")
    return ConvLayer(i, "convolutional", s.line, (filters, out_h, out_w), shape, filters, size,
                     stride, padding, groups, bool(s.get_int("batch_normalize", 0)),
                     _activation(s, "logistic"))


def _maxpool(s: Section, i: int, shape) -> MaxPoolLayer:
    c, h, w = shape
    stride = s.get_int("stride", 1, 1, limits.MAX_STRIDE)
    size = s.get_int("size", stride, 1, limits.MAX_KERNEL_SIZE)
    # Every window must overlap the input (ONNX MaxPool needs each pad < kernel): Darknet pads
    # padding//2 before and the rest after, so at most size-1 on each side.
    padding = s.get_int("padding", size - 1, 0, 2 * (size - 1),
                        f" (at most size-1 on each side, size={size})")
    out_h = (h + padding - size) // stride + 1
    out_w = (w + padding - size) // stride + 1
    if out_h < 1 or out_w < 1:
        raise s.error(f"key 'size'={size}: the window does not fit the {h}x{w} input with "
                      f"padding={padding}", "size")
    return MaxPoolLayer(i, "maxpool", s.line, (c, out_h, out_w), shape, size, stride, padding)


def _route(s: Section, i: int, layers: list[Layer]) -> RouteLayer:
    sources = [_resolve(s, i, ref, "layers") for ref in s.get_ints("layers")]
    groups = s.get_int("groups", 1, 1)
    group_id = s.get_int("group_id", 0, 0, groups - 1, f" (groups={groups})")
    first = layers[sources[0]].out_shape
    channels = 0
    for src in sources:
        c, h, w = layers[src].out_shape
        if (h, w) != first[1:]:
            raise s.error(f"routed layers differ in size: layer {sources[0]} is "
                          f"{first[1]}x{first[2]}, layer {src} is {h}x{w}", "layers")
        if c % groups:
            raise s.error(f"groups={groups} does not divide the {c} channels of layer {src}",
                          "groups")
        channels += c // groups
    return RouteLayer(i, "route", s.line, (channels, first[1], first[2]), sources, groups,
                      group_id)


def _upsample(s: Section, i: int, shape) -> UpsampleLayer:
    c, h, w = shape
    stride = s.get_int("stride", 2, high=limits.MAX_UPSAMPLE_STRIDE)
    if stride < 1:
        raise s.error(f"stride={stride} (downsampling upsample) is not supported", "stride",
                      UnsupportedKeyError)
    return UpsampleLayer(i, "upsample", s.line, (c, h * stride, w * stride), shape, stride,
                         s.get_float("scale", 1.0))


def _shortcut(s: Section, i: int, layers: list[Layer], shape) -> ShortcutLayer:
    refs = s.get_ints("from")
    if len(refs) != 1:
        raise s.error("a shortcut with several 'from' layers is not supported", "from",
                      UnsupportedKeyError)
    for key in ("weights_type", "weights_normalization"):
        if s.get_str(key, "none") != "none":
            raise s.error(f"{key}={s.get_str(key)} (weighted shortcut) is not supported", key,
                          UnsupportedKeyError)
    source = _resolve(s, i, refs[0], "from")
    if layers[source].out_shape != shape:
        raise s.error(f"shortcut adds layer {source} of shape {layers[source].out_shape} to "
                      f"the previous layer of shape {shape}: shapes must match", "from",
                      UnsupportedKeyError)
    return ShortcutLayer(i, "shortcut", s.line, shape, source, _activation(s, "linear"))


def _yolo(s: Section, i: int, shape) -> YoloLayer:
    classes = s.get_int("classes", 20, 1, limits.MAX_CLASSES)
    num = s.get_int("num", 1, 1, limits.MAX_ANCHORS)
    # Darknet's defaults: every anchor in the mask, anchors 0.5 (make_yolo_layer)
    mask = s.get_ints("mask", lambda: range(num))
    values = s.get_floats("anchors", lambda: [0.5] * (2 * num))
    if len(values) < 2 * num:
        raise s.error(f"'anchors' has {len(values)} numbers, num={num} needs {2 * num}",
                      "anchors")
    anchors = [(values[2 * k], values[2 * k + 1]) for k in range(num)]
    if not all(v > 0 for v in values[:2 * num]):
        raise s.error("anchors are box sizes in pixels and must be positive, got "
                      f"{[v for v in values[:2 * num] if v <= 0][0]}", "anchors")
    if any(not 0 <= m < num for m in mask):
        raise s.error(f"mask {mask} refers to anchors outside 0..{num - 1}", "mask")
    new_coords = s.get_int("new_coords", 0)
    if new_coords not in (0, 1):
        raise s.error(f"new_coords={new_coords} is not supported", "new_coords",
                      UnsupportedKeyError)
    expected = len(mask) * (classes + 5)
    if shape[0] != expected:
        raise s.error(f"the previous layer has {shape[0]} filters but mask has {len(mask)} "
                      f"anchors and classes={classes}: filters must be "
                      f"{len(mask)}*({classes}+5) = {expected}", "classes")
    return YoloLayer(i, "yolo", s.line, shape, mask, anchors, classes,
                     s.get_float("scale_x_y", 1.0), new_coords)


# The key that sizes a layer's output, named when the output is over a limit.
_SIZE_KEY = {"convolutional": "filters", "maxpool": "stride", "route": "layers",
             "upsample": "stride", "shortcut": "from", "yolo": "classes"}


def _check_budget(s: Section, kind: str, layer: Layer, totals: dict) -> None:
    """Keeps each output, all outputs together and all parameters within `limits`."""
    c, h, w = layer.out_shape
    values = c * h * w
    totals["activations"] += values
    totals["parameters"] += layer.param_count
    key = _SIZE_KEY[kind]
    if max(h, w) > limits.MAX_LAYER_SIDE:
        key = "padding" if kind in ("convolutional", "maxpool") else key
        raise s.error(f"the output is {h}x{w}, larger than {limits.MAX_LAYER_SIDE} pixels a side "
                      f"(check '{key}')", key)
    if totals["activations"] > limits.MAX_ACTIVATIONS:
        raise s.error(f"the outputs up to this layer hold {totals['activations']:,} values "
                      f"(this one {c}x{h}x{w}), over the limit of {limits.MAX_ACTIVATIONS:,} "
                      f"(check '{key}')", key)
    if totals["parameters"] > limits.MAX_PARAMETERS:
        raise s.error(f"the network has {totals['parameters']:,} parameters up to this layer, "
                      f"over the limit of {limits.MAX_PARAMETERS:,} (check '{key}')", key)


def build_network(cfg: DarknetCfg) -> Network:
    net = cfg.net
    # Darknet's default 0 means "not set" and fails its own "No input parameters supplied"
    width = net.get_int("width", 0, 1, limits.MAX_INPUT_SIDE)
    height = net.get_int("height", 0, 1, limits.MAX_INPUT_SIDE)
    channels = net.get_int("channels", 0, 1, limits.MAX_INPUT_CHANNELS)
    network = Network(cfg.source, width, height, channels,
                      bool(net.get_int("letter_box", 0)), [])
    layers = network.layers
    shape = (channels, height, width)
    totals = {"activations": math.prod(shape), "parameters": 0}
    for i, section in enumerate(cfg.layers):
        kind = _ALIASES.get(section.type, section.type)
        if kind not in _USED_KEYS:
            raise section.error(
                f"layer type [{section.type}] is not supported (supported: "
                f"{', '.join(sorted(_USED_KEYS))})", cls=UnsupportedLayerError)
        _check_keys(section, kind)
        if kind == "convolutional":
            layer = _conv(section, i, shape)
        elif kind == "maxpool":
            layer = _maxpool(section, i, shape)
        elif kind == "route":
            layer = _route(section, i, layers)
        elif kind == "upsample":
            layer = _upsample(section, i, shape)
        elif kind == "shortcut":
            layer = _shortcut(section, i, layers, shape)
        else:
            if i == 0:
                raise section.error("a [yolo] layer needs a convolutional layer before it")
            layer = _yolo(section, i, shape)
        _check_budget(section, kind, layer, totals)
        layers.append(layer)
        shape = layer.out_shape
    if not network.yolo_layers:
        raise CfgError(f"{cfg.source}: the cfg has no [yolo] layer, so the model has no "
                       "detection output")
    return network


def load_network(cfg_path) -> Network:
    return build_network(parse_cfg(cfg_path))
