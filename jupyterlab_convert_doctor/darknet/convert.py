"""convert(): Darknet cfg + weights → ONNX file, the function behind the CLI and the recipe."""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass, field

from .network import load_network
from .onnx_builder import DEFAULT_OPSET, IR_VERSION_FOR_OPSET, build_model
from .weights import read_weights


@dataclass
class TensorInfo:
    name: str
    shape: list[int]


@dataclass
class ConversionResult:
    onnx_path: str
    opset: int
    ir_version: int
    decode: bool
    inputs: list[TensorInfo]
    outputs: list[TensorInfo]
    parameters: int
    weights_header: str  # "major.minor.revision, seen=N (64-bit)"
    onnx_bytes: int
    seconds: float
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        lines = [f"wrote {self.onnx_path} ({self.onnx_bytes:,} bytes, opset {self.opset}, "
                 f"IR {self.ir_version}) in {self.seconds:.2f} s",
                 f"weights header {self.weights_header}; {self.parameters:,} parameters"]
        lines += [f"input  {t.name} {t.shape}" for t in self.inputs]
        lines += [f"output {t.name} {t.shape}" for t in self.outputs]
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def convert(cfg_path, weights_path, out_path, opset: int = DEFAULT_OPSET, decode: bool = False,
            fold_batchnorm: bool = True) -> ConversionResult:
    """Converts a Darknet YOLO cfg + weights to an ONNX file; raises DarknetError (CfgError,
    WeightsError) naming what does not fit, ValueError for an unsupported opset."""
    started = time.perf_counter()
    if opset not in IR_VERSION_FOR_OPSET:
        raise ValueError(f"opset {opset} is not supported: choose one of "
                         f"{', '.join(map(str, IR_VERSION_FOR_OPSET))}")
    network = load_network(cfg_path)
    weights = read_weights(weights_path, network)
    model = build_model(network, weights.conv, opset=opset, decode=decode,
                        fold_batchnorm=fold_batchnorm)
    out_path = os.fspath(out_path)
    data = model.SerializeToString()
    with open(out_path, "wb") as handle:
        handle.write(data)

    def infos(values):
        return [TensorInfo(v.name, [d.dim_value for d in v.type.tensor_type.shape.dim])
                for v in values]

    h = weights.header
    warnings = list(network.warnings)
    if network.letter_box:
        warnings.append("the cfg sets letter_box=1: letterbox the input (aspect-preserving, "
                        "padded with 0.5) before running the model")
    return ConversionResult(
        onnx_path=out_path, opset=opset, ir_version=model.ir_version, decode=decode,
        inputs=infos(model.graph.input), outputs=infos(model.graph.output),
        parameters=network.param_count,
        weights_header=f"{h.major}.{h.minor}.{h.revision}, seen={h.seen} "
                       f"({8 * h.seen_bytes}-bit)",
        onnx_bytes=len(data), seconds=time.perf_counter() - started, warnings=warnings)
