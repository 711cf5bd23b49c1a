"""Property-based fuzzing of the cfg parser, the network builder and the ONNX builder on mutated
versions of the published cfgs: every mutant ends in a DarknetError (a clear message) or in a
valid model within the documented limits, never in another exception.

Deterministic (derandomize, no example database) and sized for CI: 300 examples in well under a
minute on two cores.
"""

import math
from datetime import timedelta

import numpy as np
import onnx
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from darknet_helpers import cfg_path
from jupyterlab_convert_doctor.darknet import limits
from jupyterlab_convert_doctor.darknet.cfg import parse_cfg_text
from jupyterlab_convert_doctor.darknet.errors import DarknetError
from jupyterlab_convert_doctor.darknet.network import ConvLayer, YoloLayer, build_network
from jupyterlab_convert_doctor.darknet.onnx_builder import build_model
from jupyterlab_convert_doctor.darknet.weights import ConvParams

BASES = ("yolov4-tiny", "yolov3-tiny", "yolov4")
# Building the ONNX graph of yolov4 (64M parameters) takes seconds: mutants above this many
# parameters are checked up to the network description (limits, shapes) only.
BUILD_PARAMS = 12_000_000

KEYS = sorted({"width", "height", "channels", "letter_box", "filters", "size", "stride", "pad",
               "padding", "groups", "group_id", "activation", "batch_normalize", "layers", "from",
               "mask", "anchors", "classes", "num", "scale_x_y", "new_coords", "scale",
               "weights_type", "weights_normalization", "dilation"})
SIZING_SECTIONS = {"net", "maxpool", "route", "upsample", "yolo"}
SECTION_NAMES = ["net", "convolutional", "conv", "maxpool", "route", "upsample", "shortcut",
                 "yolo", "reorg", "", "]", "[yolo"]
HOSTILE_NUMBERS = ["0", "-1", "-64", "1e9", "1000000000", "300000000", "4096", "4097", "1.0e400",
                   "1e-400", "nan", "-nan", "inf", "-inf", "2147483648", "9223372036854775808",
                   "1" + "0" * 40, "", ",", ",,", "-1,", "1,2,3", "-1,-4", "0x10", "1_0",
                   "\u0663", "1.5", ".", "-", "+3", "leaky", "mish", "swish", "none"]
values = st.one_of(
    st.integers(-3, 20).map(str),
    st.sampled_from(HOSTILE_NUMBERS),
    st.sampled_from(HOSTILE_NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.lists(st.integers(-40, 40), min_size=0, max_size=10).map(lambda v: ",".join(map(str, v))),
    st.text(max_size=12),
)
garbage = st.one_of(st.text(max_size=30), st.sampled_from(
    ["[", "[]", "[ ]", "=", "=1", "key=", "#comment", "; comment", "\x00", "\ufeff[net]"]))


def split_sections(text):
    sections = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            sections.append([stripped])
        elif stripped and not stripped.startswith(("#", ";")) and sections:
            sections[-1].append(stripped)
    return sections


TEXTS = {name: cfg_path(name).read_text() for name in BASES}


@st.composite
def mutated_cfgs(draw):
    sections = split_sections(TEXTS[draw(st.sampled_from(BASES))])
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["set", "set", "set", "delete", "drop", "duplicate", "rename",
                                   "garbage"]))
        if not sections:
            break
        # half the edits go to the sections whose numbers size the model
        sized = [k for k, sec in enumerate(sections) if sec[0].strip("[]") in SIZING_SECTIONS]
        at = draw(st.sampled_from(sized) if sized and draw(st.booleans())
                  else st.integers(0, len(sections) - 1))
        section = sections[at]
        if op == "set":
            own = sorted({line.partition("=")[0] for line in section[1:]})
            key = draw(st.sampled_from(own) if own and draw(st.booleans()) else
                       st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=8)))
            line = f"{key}={draw(values)}"
            # Darknet keeps the first occurrence of a key, so an edit goes first
            section.insert(1, line)
        elif op == "delete" and len(section) > 1:
            del section[draw(st.integers(1, len(section) - 1))]
        elif op == "drop":
            del sections[at]
        elif op == "duplicate":
            sections.insert(draw(st.integers(0, len(sections))), list(section))
        elif op == "rename":
            section[0] = f"[{draw(st.sampled_from(SECTION_NAMES))}]"
        elif op == "garbage":
            section.insert(draw(st.integers(0, len(section))), draw(garbage))
    return "\n".join("\n".join(section) for section in sections) + "\n"


def zero_params(network):
    """Parameters of the right shapes (values do not matter to the graph's validity)."""
    params = {}
    for layer in network.layers:
        if isinstance(layer, ConvLayer):
            n = layer.filters
            bn = [np.ones(n, np.float32) for _ in range(3)] if layer.batch_normalize else [None] * 3
            params[layer.index] = ConvParams(np.zeros(n, np.float32),
                                             np.zeros(layer.weight_shape, np.float32), *bn)
    return params


def check_network(network):
    assert 1 <= network.width <= limits.MAX_INPUT_SIDE
    assert 1 <= network.height <= limits.MAX_INPUT_SIDE
    assert 0 < network.param_count <= limits.MAX_PARAMETERS
    assert sum(math.prod(layer.out_shape) for layer in network.layers) <= limits.MAX_ACTIVATIONS
    for layer in network.layers:
        assert all(isinstance(d, int) and d >= 1 for d in layer.out_shape), layer
        if isinstance(layer, YoloLayer):
            assert 1 <= len(layer.anchors) <= limits.MAX_ANCHORS
            assert all(math.isfinite(v) and v > 0 for a in layer.anchors for v in a)
            assert math.isfinite(layer.scale_x_y)


def check_model(model, network):
    onnx.checker.check_model(model, full_check=True)
    shapes = [[d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in [*model.graph.input, *model.graph.output]]
    assert shapes and all(s and all(d >= 1 for d in s) for s in shapes), shapes
    # float32 parameters, plus with decode a grid offset and an anchor size (4 floats) per
    # candidate box, plus small constants and the graph itself
    candidates = sum(len(y.mask) * y.out_shape[1] * y.out_shape[2] for y in network.yolo_layers)
    assert model.ByteSize() <= 4 * network.param_count + 16 * candidates + (1 << 20)


@settings(max_examples=300, deadline=timedelta(seconds=10), derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=mutated_cfgs(), decode=st.booleans())
def test_mutated_cfgs_give_a_clear_error_or_a_valid_model(text, decode):
    try:
        network = build_network(parse_cfg_text(text, "<fuzzed cfg>"))
    except DarknetError as exc:
        assert str(exc) and "\n" not in str(exc)
        event(f"error: {type(exc).__name__}")
        return
    event("valid network")
    check_network(network)
    if network.param_count > BUILD_PARAMS:
        return
    try:
        model = build_model(network, zero_params(network), decode=decode)
    except DarknetError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    check_model(model, network)


def test_the_unmutated_bases_stay_valid():
    for name in BASES:
        network = build_network(parse_cfg_text(TEXTS[name], name))
        check_network(network)

