"""convert(): Darknet cfg + weights → ONNX file, the function behind the CLI and the recipe."""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from dataclasses import asdict, dataclass, field

from .errors import OutputError
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


def write_atomically(path: str, data: bytes) -> None:
    """Writes `path` whole or not at all: a temporary file in the same folder, renamed over
    `path` once complete, so a full disk or a kill leaves no truncated model (and an existing
    file intact). Raises OutputError naming the path."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise OutputError(f"cannot write '{path}': the folder '{folder}' does not exist")
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{secrets.token_hex(6)}.tmp")
    try:
        # os.open with 0o666 (unlike mkstemp's 0o600) gives the file the mode the umask allows
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write '{path}': {exc.strerror or exc}") from None


def convert(cfg_path, weights_path, out_path, opset: int = DEFAULT_OPSET, decode: bool = False,
            fold_batchnorm: bool = True) -> ConversionResult:
    """Converts a Darknet YOLO cfg + weights to an ONNX file; raises DarknetError (CfgError,
    WeightsError, OutputError) naming what does not fit, ValueError for an unsupported opset."""
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
    write_atomically(out_path, data)

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
