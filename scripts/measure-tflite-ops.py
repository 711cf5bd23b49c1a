#!/usr/bin/env python3
"""Measures which TFLite builtin operators, at which op versions, a TF / LiteRT interpreter
registers: writes one tiny .tflite model per (op, version) -- one node, float32 tensors, no
options -- and builds an Interpreter on each. Construction resolves every node's op against the
builtin op resolver (InterpreterBuilder) before any tensor is prepared, so "Didn't find op for
builtin opcode" means that runtime lacks the op at that version. Prints JSON
{label: {package, version, ops: {OP: [versions]}, max: {OP: n}}}; the figures go into
knowledge/runtimes.json (tflite_runtimes).

    .venv/bin/python scripts/measure-tflite-ops.py LABEL=PYTHON:MODULE[:PYTHONPATH] ...
    .venv/bin/python scripts/measure-tflite-ops.py --write-model OP VERSION OUT.tflite

MODULE is tensorflow, ai_edge_litert or tflite_runtime; PYTHONPATH is for a `pip install
--target` directory. Example:
    .venv/bin/python scripts/measure-tflite-ops.py \\
        tf-2.19.0=.cache/recipes/venvs/tf-tflite-select-ops-py311-390e7578ac75/bin/python:tensorflow
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import flatbuffers

# BuiltinOperator codes (tensorflow/compiler/mlir/lite/schema/schema.fbs); the ops YOLO graphs
# (Darknet, Ultralytics, onnx2tf / onnx-tf / TFLiteConverter output) use.
OPS = {
    "ADD": 0, "AVERAGE_POOL_2D": 1, "CONCATENATION": 2, "CONV_2D": 3,
    "DEPTHWISE_CONV_2D": 4, "DEQUANTIZE": 6, "FULLY_CONNECTED": 9, "LOGISTIC": 14,
    "MAX_POOL_2D": 17, "MUL": 18, "RELU": 19, "RELU6": 21, "RESHAPE": 22,
    "RESIZE_BILINEAR": 23, "SOFTMAX": 25, "TANH": 28, "PAD": 34, "GATHER": 36,
    "TRANSPOSE": 39, "MEAN": 40, "SUB": 41, "DIV": 42, "STRIDED_SLICE": 45, "EXP": 47,
    "SPLIT": 49, "CAST": 53, "MAXIMUM": 55, "ARG_MAX": 56, "MINIMUM": 57, "PADV2": 60,
    "TRANSPOSE_CONV": 67, "SUM": 74, "PACK": 83, "RESIZE_NEAREST_NEIGHBOR": 97,
    "LEAKY_RELU": 98, "SPLIT_V": 102, "QUANTIZE": 114, "HARD_SWISH": 117,
    "BATCH_MATMUL": 126, "GELU": 150,
    # Shape and elementwise ops of exported post-processing (Keras UpSampling2D is RESHAPE +
    # TILE; Ultralytics' decode uses SLICE, POW, SQRT; MIRROR_PAD from reflect padding).
    "FLOOR": 8, "SQUEEZE": 43, "NEG": 59, "GREATER": 61, "SLICE": 65, "TILE": 69,
    "EXPAND_DIMS": 70, "SQRT": 75, "RSQRT": 76, "SHAPE": 77, "POW": 78, "REDUCE_MAX": 82,
    "SQUARED_DIFFERENCE": 99, "MIRROR_PAD": 100, "SELECT_V2": 123,
}
# Not BROADCAST_TO: its resolver starts at version 2, and the table records maxima only.
MAX_VERSION = 16

PROBE = r"""
import importlib, json, sys
module = sys.argv[1]
if module == "tensorflow":
    import tensorflow as tf
    Interpreter, version = tf.lite.Interpreter, tf.__version__
else:
    Interpreter = importlib.import_module(module + ".interpreter").Interpreter
    from importlib.metadata import version as dist_version
    version = dist_version(module.replace("_", "-"))
out, other = {}, {}
for key, path in json.loads(sys.argv[2]).items():
    try:
        Interpreter(model_path=path)
        out[key] = True
    except Exception as err:
        text = str(err)
        out[key] = False
        if "Didn't find op for builtin opcode" not in text:
            other[key] = text.strip().splitlines()[0][:200]
print(json.dumps({"version": version, "loads": out, "other_errors": other}))
"""


def one_op_model(code, version):
    """A Model with one subgraph holding one node of builtin `code` at `version`."""
    b = flatbuffers.Builder(256)
    names = [b.CreateString(n) for n in ("a", "b", "c", "y")]
    tensors = []
    for name in names:
        b.StartVector(4, 1, 4)
        b.PrependInt32(1)
        shape = b.EndVector()
        b.StartObject(4)  # Tensor: shape, type (FLOAT32 = 0), buffer, name
        b.PrependUOffsetTRelativeSlot(0, shape, 0)
        b.PrependUint32Slot(2, 0, 1)
        b.PrependUOffsetTRelativeSlot(3, name, 0)
        tensors.append(b.EndObject())

    def ints(values):
        b.StartVector(4, len(values), 4)
        for v in reversed(values):
            b.PrependInt32(v)
        return b.EndVector()

    def offsets(values):
        b.StartVector(4, len(values), 4)
        for v in reversed(values):
            b.PrependUOffsetTRelative(v)
        return b.EndVector()

    tensor_vec = offsets(tensors)
    op_in, op_out, sg_in, sg_out = ints([0, 1, 2]), ints([3]), ints([0, 1, 2]), ints([3])
    b.StartObject(5)  # Operator: opcode_index, inputs, outputs
    b.PrependUint32Slot(0, 0, 0)
    b.PrependUOffsetTRelativeSlot(1, op_in, 0)
    b.PrependUOffsetTRelativeSlot(2, op_out, 0)
    operator = b.EndObject()
    operators = offsets([operator])
    b.StartObject(5)  # SubGraph: tensors, inputs, outputs, operators
    b.PrependUOffsetTRelativeSlot(0, tensor_vec, 0)
    b.PrependUOffsetTRelativeSlot(1, sg_in, 0)
    b.PrependUOffsetTRelativeSlot(2, sg_out, 0)
    b.PrependUOffsetTRelativeSlot(3, operators, 0)
    subgraphs = offsets([b.EndObject()])
    b.StartObject(4)  # OperatorCode: deprecated_builtin_code (int8), version, builtin_code
    b.PrependInt8Slot(0, min(code, 127), 0)
    b.PrependInt32Slot(2, version, 1)
    b.PrependInt32Slot(3, code, 0)
    opcodes = offsets([b.EndObject()])
    b.StartObject(1)  # Buffer 0: the empty sentinel buffer
    buffers = offsets([b.EndObject()])
    b.StartObject(5)  # Model: version 3, operator_codes, subgraphs, description, buffers
    b.PrependUint32Slot(0, 3, 0)
    b.PrependUOffsetTRelativeSlot(1, opcodes, 0)
    b.PrependUOffsetTRelativeSlot(2, subgraphs, 0)
    b.PrependUOffsetTRelativeSlot(4, buffers, 0)
    b.Finish(b.EndObject(), file_identifier=b"TFL3")
    return bytes(b.Output())


def measure(python, module, pythonpath, files):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    run = subprocess.run([python, "-c", PROBE, module, json.dumps(files)], env=env,
                         capture_output=True, text=True, timeout=1800, check=False)
    if run.returncode != 0:
        raise SystemExit(f"{python} ({module}): {run.stderr.strip().splitlines()[-1:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    if argv[0] == "--write-model":
        # --write-model OP VERSION OUT: one such model (the CLI tests' op-version cases).
        Path(argv[3]).write_bytes(one_op_model(OPS[argv[1]], int(argv[2])))
        return 0
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for op, code in OPS.items():
            for version in range(1, MAX_VERSION + 1):
                path = Path(tmp, f"{op}-{version}.tflite")
                path.write_bytes(one_op_model(code, version))
                files[f"{op}:{version}"] = str(path)
        for spec in argv:
            label, _, rest = spec.partition("=")
            python, module, *extra = rest.split(":", 2)
            got = measure(python, module, extra[0] if extra else "", files)
            ops = {}
            for op in OPS:
                ops[op] = [v for v in range(1, MAX_VERSION + 1) if got["loads"][f"{op}:{v}"]]
            results[label] = {
                "package": {"tensorflow": "tensorflow", "ai_edge_litert": "ai-edge-litert",
                            "tflite_runtime": "tflite-runtime"}[module],
                "version": got["version"],
                "max": {op: max(vs) if vs else 0 for op, vs in ops.items()},
                "contiguous": all(vs == list(range(1, len(vs) + 1)) for vs in ops.values()),
                "other_errors": got["other_errors"],
            }
            print(f"measured {label}", file=sys.stderr)
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
