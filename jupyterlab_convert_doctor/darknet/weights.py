"""Darknet .weights: reading with a size check that explains mismatches, and a deterministic
random writer so every check runs offline without real weights.

Format (`load_weights_upto` / `save_weights_upto`, AlexeyAB src/parser.c): int32 major, minor,
revision; then `seen` as uint64 if major*10 + minor >= 2, else uint32; then little-endian float32
values, layer by layer: per [convolutional] biases[n], (if batch_normalize) scales[n],
rolling_mean[n], rolling_variance[n], then weights[n][c/groups][size][size] (OIHW).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .errors import WeightsError
from .network import ConvLayer, Network


@dataclass
class WeightsHeader:
    major: int
    minor: int
    revision: int
    seen: int

    @property
    def seen_bytes(self) -> int:
        return 8 if self.major * 10 + self.minor >= 2 else 4

    @property
    def size(self) -> int:
        return 12 + self.seen_bytes


@dataclass
class ConvParams:
    biases: np.ndarray
    weights: np.ndarray  # OIHW
    scales: np.ndarray | None = None
    mean: np.ndarray | None = None
    variance: np.ndarray | None = None


@dataclass
class DarknetWeights:
    header: WeightsHeader
    conv: dict[int, ConvParams]  # by layer index


def _known_networks() -> list[dict]:
    text = (resources.files("jupyterlab_convert_doctor") / "knowledge" / "darknet-weights.json"
            ).read_text(encoding="utf-8")
    return json.loads(text)["networks"]


def _read_header(data: bytes, path: str, file_size: int) -> WeightsHeader:
    """`data` is the file's first 20 bytes (or all of it, if shorter)."""
    if len(data) < 12:
        raise WeightsError(f"'{path}' is {file_size} bytes: too short for a Darknet weights "
                           "header (12 bytes of version + 4 or 8 bytes of 'seen')")
    major, minor, revision = (int(v) for v in np.frombuffer(data, "<i4", 3))
    seen_bytes = 8 if major * 10 + minor >= 2 else 4
    if len(data) < 12 + seen_bytes:
        raise WeightsError(f"'{path}' ends inside its header (version {major}.{minor}."
                           f"{revision} needs a {seen_bytes}-byte 'seen' field)")
    seen = int(np.frombuffer(data, "<u8" if seen_bytes == 8 else "<u4", 1, 12)[0])
    return WeightsHeader(major, minor, revision, seen)


def _explain_mismatch(network: Network, header: WeightsHeader, payload: int, path: str) -> str:
    expected = network.param_count
    values = payload // 4
    lines = [f"'{path}' does not fit '{network.source}': it holds {values:,} float32 values "
             f"after its {header.size}-byte header (version {header.major}.{header.minor}."
             f"{header.revision}), the cfg needs {expected:,} "
             f"({header.size + 4 * expected:,} bytes in all)."]
    if payload % 4:
        lines.append(f"The payload is {payload:,} bytes, not a whole number of float32 values: "
                     "the file is cut off, damaged or not a Darknet weights file.")
    explained = len(lines)
    other_header = 12 + (4 if header.seen_bytes == 8 else 8)
    if header.size + payload - other_header == 4 * expected:
        lines.append(f"With a {other_header - 12}-byte 'seen' field the size would match: the "
                     f"header's version ({header.major}.{header.minor}) does not match how the "
                     "file was written.")
    # Each extra class adds len(mask) filters to every head conv: fan_in weights + bias (+ BN).
    per_class = 0
    for yolo in network.yolo_layers:
        head = network.head_of(yolo)
        if isinstance(head, ConvLayer):
            _, fan_in, kh, kw = head.weight_shape
            per_class += len(yolo.mask) * (fan_in * kh * kw + (4 if head.batch_normalize else 1))
    delta = values - expected
    if per_class and delta and delta % per_class == 0 and not payload % 4:
        classes = {y.classes for y in network.yolo_layers}
        if len(classes) == 1:
            cfg_classes = classes.pop()
            trained = cfg_classes + delta // per_class
            if trained >= 1:
                heads = ", ".join(
                    f"layer {network.head_of(y).index} filters={len(y.mask) * (trained + 5)}"
                    for y in network.yolo_layers)
                lines.append(f"The size matches classes={trained} (the cfg has classes="
                             f"{cfg_classes}): set classes={trained} in every [yolo] section "
                             f"and the filters before them ({heads}).")
    for known in _known_networks():
        if known["values"] == values and not payload % 4:
            lines.append(f"This looks like {known['name']} ({known['values']:,} values, made "
                         f"for {known['cfg']} with {known['classes']} classes): use the cfg "
                         "that was trained with these weights.")
    explained = len(lines) > explained  # the lines above account for the size
    if values < expected and not explained:
        offset = 0
        for layer in network.layers:
            if layer.param_count and offset + layer.param_count > values:
                lines.append(f"The file ends inside layer {layer.index} [{layer.type}] (cfg "
                             f"line {layer.line}), {expected - values:,} values "
                             f"({4 * expected - payload:,} bytes) short: a "
                             "truncated file (interrupted download?) or a different network.")
                break
            offset += layer.param_count
    elif values > expected and not explained:
        lines.append(f"{values - expected:,} values ({payload - 4 * expected:,} bytes) are left "
                     "over after the last layer: a bigger network, or more classes.")
    return "\n".join(lines)


def read_weights(path: str | os.PathLike, network: Network) -> DarknetWeights:
    """Reads and splits a .weights file, or raises WeightsError saying what does not match."""
    path = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            header = _read_header(handle.read(20), path, size)
            payload = size - header.size
            if payload != 4 * network.param_count:  # checked before reading a wrong file
                raise WeightsError(_explain_mismatch(network, header, payload, path))
            handle.seek(header.size)
            values = np.frombuffer(handle.read(), "<f4")
    except OSError as exc:
        raise WeightsError(f"cannot read weights file '{path}': {exc.strerror or exc}") from None
    conv: dict[int, ConvParams] = {}
    offset = 0

    def take(count: int) -> np.ndarray:
        nonlocal offset
        chunk = values[offset:offset + count]
        offset += count
        return chunk.astype(np.float32)  # native-endian copy, independent of `data`

    for layer in network.layers:
        if not isinstance(layer, ConvLayer):
            continue
        n = layer.filters
        biases = take(n)
        scales = mean = variance = None
        if layer.batch_normalize:
            scales, mean, variance = take(n), take(n), take(n)
        weights = take(int(np.prod(layer.weight_shape))).reshape(layer.weight_shape)
        conv[layer.index] = ConvParams(biases, weights, scales, mean, variance)
    return DarknetWeights(header, conv)


def random_weights(network: Network, seed: int = 0,
                   gain: float = 1.0) -> dict[int, ConvParams]:
    """Deterministic random parameters that keep activations O(1) through deep networks.

    Conv weights ~ N(0, gain²/fan_in) and batch norm close to identity, so a parity test compares
    ordinary-sized numbers instead of overflowing ones (gain 1 keeps yolov4's 23 residual
    additions from compounding; He's sqrt(2) makes them explode).
    """
    rng = np.random.default_rng(seed)
    params: dict[int, ConvParams] = {}
    for layer in network.layers:
        if not isinstance(layer, ConvLayer):
            continue
        n = layer.filters
        _, fan_in, kh, kw = layer.weight_shape
        std = gain / np.sqrt(fan_in * kh * kw)
        biases = rng.normal(0.0, 0.1, n).astype(np.float32)
        scales = mean = variance = None
        if layer.batch_normalize:
            scales = rng.uniform(0.8, 1.2, n).astype(np.float32)
            mean = rng.normal(0.0, 0.1, n).astype(np.float32)
            variance = rng.uniform(0.5, 1.5, n).astype(np.float32)
        weights = rng.normal(0.0, std, layer.weight_shape).astype(np.float32)
        params[layer.index] = ConvParams(biases, weights, scales, mean, variance)
    return params


def write_weights(path: str | os.PathLike, network: Network, params: dict[int, ConvParams],
                  major: int = 0, minor: int = 2, revision: int = 5, seen: int = 0) -> int:
    """Writes parameters in Darknet's layout (default header = AlexeyAB's 0.2.5, 64-bit seen).

    Returns the number of bytes written.
    """
    header = WeightsHeader(major, minor, revision, seen)
    parts = [np.array([major, minor, revision], "<i4").tobytes(),
             np.array([seen], "<u8" if header.seen_bytes == 8 else "<u4").tobytes()]
    for layer in network.layers:
        if not isinstance(layer, ConvLayer):
            continue
        p = params[layer.index]
        blocks = [p.biases]
        if layer.batch_normalize:
            blocks += [p.scales, p.mean, p.variance]
        blocks.append(p.weights.reshape(-1))
        parts.extend(np.asarray(b, "<f4").tobytes() for b in blocks)
    data = b"".join(parts)
    with open(path, "wb") as handle:
        handle.write(data)
    return len(data)


def write_random_weights(path: str | os.PathLike, network: Network, seed: int = 0,
                         gain: float = 1.0, **header) -> int:
    return write_weights(path, network, random_weights(network, seed, gain), **header)
