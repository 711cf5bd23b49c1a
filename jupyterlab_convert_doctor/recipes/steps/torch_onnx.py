"""torch-onnx recipe step: build the user's module from FILE.py:factory, export it with
torch.onnx.export passing `dynamo` explicitly and a pinned opset, then onnxruntime vs eager torch."""

import importlib.util
import os
import sys
from importlib.metadata import version

from _common import args, deterministic_input, file_entries, finish, onnx_session_io, step


def load_factory(spec):
    path, sep, name = spec.rpartition(":")
    if not sep or not path or not name:
        raise ValueError(f"model must be 'PATH/TO/file.py:factory', got {spec!r}")
    module_spec = importlib.util.spec_from_file_location("user_model", path)
    module = importlib.util.module_from_spec(module_spec)
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    module_spec.loader.exec_module(module)
    if not hasattr(module, name):
        raise AttributeError(f"{path} defines no {name!r}")
    return getattr(module, name)


def main():
    params, result_path = args()
    print(f"torch {version('torch')}, onnx {version('onnx')}, onnxscript {version('onnxscript')}, "
          f"onnxruntime {version('onnxruntime')}, Python {sys.version.split()[0]}", flush=True)

    step("build model")
    import numpy as np
    import torch
    model = load_factory(params["model"])()
    if params.get("state_dict"):
        model.load_state_dict(torch.load(params["state_dict"], map_location="cpu", weights_only=True))
    model.eval()

    step("export")
    example = torch.from_numpy(deterministic_input(params["input_shape"]))
    os.makedirs(os.path.dirname(params["onnx"]) or ".", exist_ok=True)
    print(f"torch.onnx.export(dynamo={params['dynamo']}, opset_version={params['opset']})", flush=True)
    torch.onnx.export(model, (example,), params["onnx"], dynamo=bool(params["dynamo"]),
                      opset_version=int(params["opset"]), input_names=["images"], external_data=False)

    step("verify")
    import onnx
    import onnxruntime as ort
    with torch.no_grad():
        eager = model(example)
    eager = [eager] if isinstance(eager, torch.Tensor) else list(eager)
    session = ort.InferenceSession(params["onnx"], providers=["CPUExecutionProvider"])
    inputs, outputs = onnx_session_io(session)
    values = session.run(None, {inputs[0]["name"]: example.numpy()})
    if len(values) != len(eager):
        raise RuntimeError(f"ONNX has {len(values)} outputs, the eager model {len(eager)}")
    diffs = {meta["name"]: float(np.max(np.abs(value.astype(np.float64) - ref.numpy().astype(np.float64))))
             for meta, value, ref in zip(outputs, values, eager)}
    worst = max(diffs.values())
    tolerance = 1e-4
    written = onnx.load(params["onnx"], load_external_data=False)
    opsets = {o.domain or "ai.onnx": o.version for o in written.opset_import}
    finish(result_path, {
        "files": file_entries([params["onnx"]]),
        "models": [{"label": f"ONNX {os.path.basename(params['onnx'])}", "inputs": inputs, "outputs": outputs}],
        "diffs": diffs, "max_abs_diff": worst, "tolerance": tolerance, "passed": worst <= tolerance,
        "compare": "ONNX (onnxruntime) vs eager torch, same input",
        "opset": opsets.get("ai.onnx"), "ir_version": written.ir_version,
        "notes": [f"dynamo={bool(params['dynamo'])}, requested opset {params['opset']}, "
                  f"written opset {opsets.get('ai.onnx')}, IR version {written.ir_version}"],
    })


if __name__ == "__main__":
    main()
