#!/usr/bin/env python3
"""Measures which ONNX IR versions and ai.onnx opsets the installed runtimes load: Python
onnxruntime (this interpreter) and onnxruntime-node (the repository's node_modules). Writes tiny
Relu models stamped IR 7..15 (opset 13) and opset 13..30 (IR 8), loads each on CPU, prints JSON
{runtime: {version, max_ir, max_opset}}; the figures go into knowledge/runtimes.json.

    .venv/bin/python scripts/measure-runtime-limits.py [--ort-python OTHER/bin/python]

--ort-python measures the onnxruntime of another interpreter (e.g. the 1.30.0 bench venv)."""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import onnx
from onnx import TensorProto, helper

REPO = Path(__file__).resolve().parent.parent
IRS = range(7, 16)
OPSETS = range(13, 31)


def relu(ir, opset):
    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = ir
    return model.SerializeToString()


PY_LOADS = """
import json, sys, onnxruntime as ort
out = {}
for key, path in json.loads(sys.argv[1]).items():
    try:
        ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        out[key] = True
    except Exception:
        out[key] = False
print(json.dumps({"version": ort.__version__, "loads": out}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ort-python", default=sys.executable,
                        help="interpreter whose onnxruntime is measured (default: this one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for ir in IRS:
            files[f"ir{ir}"] = Path(tmp, f"ir{ir}.onnx")
            files[f"ir{ir}"].write_bytes(relu(ir, 13))
        for opset in OPSETS:
            files[f"op{opset}"] = Path(tmp, f"op{opset}.onnx")
            files[f"op{opset}"].write_bytes(relu(8, opset))

        paths = json.dumps({k: str(v) for k, v in files.items()})
        py = json.loads(subprocess.run([args.ort_python, "-c", PY_LOADS, paths], capture_output=True,
                                       text=True, check=True).stdout)
        script = """
const ort = require('onnxruntime-node');
const files = JSON.parse(process.argv[1]);
(async () => {
  const out = {};
  for (const [k, p] of Object.entries(files)) {
    try { const s = await ort.InferenceSession.create(p, {logSeverityLevel: 4}); await s.release(); out[k] = true; }
    catch { out[k] = false; }
  }
  console.log(JSON.stringify({version: require('onnxruntime-node/package.json').version, loads: out}));
})();
"""
        node = json.loads(subprocess.run(["node", "-e", script, json.dumps({k: str(v) for k, v in files.items()})],
                                         cwd=REPO, capture_output=True, text=True, check=True).stdout)

    def limits(loads):
        return {"max_ir": max((ir for ir in IRS if loads[f"ir{ir}"]), default=None),
                "max_opset": max((o for o in OPSETS if loads[f"op{o}"]), default=None)}

    print(json.dumps({
        "onnxruntime": {"version": py["version"], **limits(py["loads"])},
        "onnxruntime-node": {"version": node["version"], **limits(node["loads"])},
        "onnx": {"version": onnx.__version__, "default_ir": onnx.IR_VERSION,
                 "default_opset": onnx.defs.onnx_opset_version()},
    }, indent=2))


if __name__ == "__main__":
    sys.exit(main())
