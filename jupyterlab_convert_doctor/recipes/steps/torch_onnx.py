"""torch-onnx recipe step: build the user's module from FILE.py:factory (weights from a state_dict)
or, only when trust_checkpoint_code=True, unpickle it from a full checkpoint (torch.save(model));
export it with torch.onnx.export passing `dynamo` explicitly and a pinned opset, then onnxruntime
vs eager torch."""

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


class CheckpointNotTrustedError(Exception):
    """A full checkpoint was given without trust_checkpoint_code=True: nothing was unpickled."""


def refuse_untrusted(path, torch):
    """Why the checkpoint is not loaded. Probes it with torch.load(weights_only=True), whose
    unpickler only builds tensors and allow-listed types (no code from the file runs), to say what
    it holds; never falls back to weights_only=False."""
    try:
        torch.load(path, map_location="cpu", weights_only=True)
        holds = "it holds only tensors and plain containers (a state_dict?), no nn.Module to export"
    except Exception as exc:  # the weights-only unpickler names the global it refused
        refused = next((line.strip() for line in str(exc).splitlines() if "Unsupported global" in line), "")
        holds = "it pickles Python objects that torch.load(weights_only=True) refuses" + (
            f" ({refused.split(' was not', 1)[0]})" if refused else "")
    return CheckpointNotTrustedError(
        f"checkpoint {path} was not loaded: {holds}. Loading a full checkpoint takes "
        "torch.load(weights_only=False), which unpickles the file and so runs code the file names; "
        "it is done only with trust_checkpoint_code=True, which you set only for a file you trust. "
        "Safe alternatives: save the weights with torch.save(model.state_dict(), 'weights.pt') and pass "
        "model='file.py:factory' with checkpoint='weights.pt' (read with weights_only=True), or allow-list "
        "the checkpoint's classes with torch.serialization.add_safe_globals([...]) where you load it.")


def module_from_checkpoint(path, code_dir, torch):
    """The nn.Module a trusted full checkpoint holds: the object itself, or YOLO-style
    {'ema'|'model': module} (the EMA weights first, as YOLOv5's attempt_load)."""
    # The pickle names classes by module path: they import from the checkpoint's folder or code_dir.
    for folder in filter(None, [os.path.dirname(os.path.abspath(path)), code_dir]):
        sys.path.insert(0, folder)
    print(f"torch.load({os.path.basename(path)!r}, weights_only=False): trust_checkpoint_code=True", flush=True)
    loaded = torch.load(path, map_location="cpu", weights_only=False)
    if isinstance(loaded, dict):
        loaded = next((loaded[k] for k in ("ema", "model") if isinstance(loaded.get(k), torch.nn.Module)), loaded)
    if not isinstance(loaded, torch.nn.Module):
        keys = f" with keys {sorted(map(str, loaded))[:8]}" if isinstance(loaded, dict) else ""
        raise TypeError(f"checkpoint {path} holds a {type(loaded).__name__}{keys}, not an nn.Module "
                        "(nor one under 'ema' or 'model'); for a state_dict pass model='file.py:factory'")
    return loaded.float()


def build_model(params, torch):
    """The module to export: from model=FILE.py:factory (weights from state_dict or checkpoint,
    read with weights_only=True), else from a full checkpoint, only on an explicit choice."""
    if params.get("model"):
        model = load_factory(params["model"])()
        weights = params.get("state_dict") or params.get("checkpoint")
        if weights:
            model.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True))
        return model
    if not params.get("checkpoint"):
        raise ValueError("pass model='PATH/TO/file.py:factory' (with a state_dict), or checkpoint= a full "
                         "checkpoint saved with torch.save(model)")
    if params.get("trust_checkpoint_code") is not True:
        raise refuse_untrusted(params["checkpoint"], torch)
    return module_from_checkpoint(params["checkpoint"], params.get("code_dir"), torch)


def main():
    params, result_path = args()
    print(f"torch {version('torch')}, onnx {version('onnx')}, onnxscript {version('onnxscript')}, "
          f"onnxruntime {version('onnxruntime')}, Python {sys.version.split()[0]}", flush=True)

    step("build model")
    import numpy as np
    import torch
    model = build_model(params, torch)
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
