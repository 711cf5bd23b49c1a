"""Reads a Darknet .weights file for a list of cfg sections, as load_weights_upto and
load_convolutional_weights do (src/parser.c).

Layout: int32 major, minor, revision; `seen` as uint64 when major*10 + minor >= 2, else uint32;
then little-endian float32, for each [convolutional] in layer order: biases[n], and with
batch_normalize scales[n], rolling_mean[n], rolling_variance[n]; then weights[n][c/groups][k][k].
"""

from __future__ import annotations

import numpy as np

from .cfg import Section, absolute


def input_channels(net: Section, layers: list[Section]) -> list[int]:
    """The channel count each layer receives, tracked as parse_network tracks params.c."""
    channels = net.integer("channels", 0)
    received, produced = [], []
    for index, layer in enumerate(layers):
        received.append(channels)
        if layer.type == "convolutional":
            channels = layer.integer("filters", 1)
        elif layer.type == "route":  # parse_route: out_c = (sum of the inputs' out_c) / groups
            channels = sum(produced[absolute(index, ref)] for ref in layer.integers("layers", []))
            channels //= layer.integer("groups", 1)
        # maxpool, upsample, shortcut and yolo keep the channel count
        produced.append(channels)
    return received


def read_weights(path, net: Section, layers: list[Section]):
    """Returns ((major, minor, revision, seen), {layer index: {name: float32 array}})."""
    with open(path, "rb") as handle:
        data = handle.read()
    if len(data) < 12:
        raise ValueError(f"{path}: {len(data)} bytes, too short for a Darknet weights header")
    major, minor, revision = (int(v) for v in np.frombuffer(data, "<i4", 3))
    seen_type = "<u8" if major * 10 + minor >= 2 else "<u4"
    header_size = 12 + np.dtype(seen_type).itemsize
    if len(data) < header_size or (len(data) - header_size) % 4:
        raise ValueError(f"{path}: {len(data)} bytes is not a {header_size}-byte header followed "
                         "by float32 values")
    seen = int(np.frombuffer(data, seen_type, 1, 12)[0])
    values = np.frombuffer(data, "<f4", offset=header_size)

    params: dict[int, dict[str, np.ndarray]] = {}
    position = 0

    def take(count: int, shape=None) -> np.ndarray:
        nonlocal position
        if position + count > values.size:
            raise ValueError(f"{path}: ends inside layer {index} (the file holds "
                             f"{values.size:,} values)")
        chunk = values[position:position + count].astype(np.float32)
        position += count
        return chunk if shape is None else chunk.reshape(shape)

    for index, (layer, c) in enumerate(zip(layers, input_channels(net, layers))):
        if layer.type != "convolutional":
            continue
        if layer.integer("dontload", 0) or layer.integer("dontloadscales", 0):
            # load_weights_upto / load_convolutional_weights would skip these values
            raise ValueError(f"layer {index}: dontload / dontloadscales is not implemented")
        n, size, groups = layer.integer("filters", 1), layer.integer("size", 1), layer.integer("groups", 1)
        conv = {"biases": take(n)}
        if layer.integer("batch_normalize", 0):
            conv["scales"], conv["rolling_mean"], conv["rolling_variance"] = take(n), take(n), take(n)
        conv["weights"] = take(n * (c // groups) * size * size, (n, c // groups, size, size))
        params[index] = conv
    if position != values.size:
        raise ValueError(f"{path}: {values.size - position:,} values left over after the last "
                         f"layer (the cfg needs {position:,})")
    return (major, minor, revision, seen), params
