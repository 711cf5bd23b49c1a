"""darknet-onnx recipe step: the project's Darknet converter, then ONNX (onnxruntime) vs the
independent numpy Darknet reference on the same input. Runs inside the lane's venv, with the
project package (and nothing else of the kernel's) on PYTHONPATH."""

import os
import sys
from importlib.metadata import version

from _common import args, deterministic_input, file_entries, finish, onnx_session_io, step


def main():
    params, result_path = args()
    print(f"onnx {version('onnx')}, onnxruntime {version('onnxruntime')}, numpy {version('numpy')}, "
          f"Python {sys.version.split()[0]}", flush=True)

    step("read cfg and weights")
    from jupyterlab_convert_doctor.darknet.network import load_network
    from jupyterlab_convert_doctor.darknet.weights import read_weights
    network = load_network(params["cfg"])
    weights = read_weights(params["weights"], network)

    step("convert")
    from jupyterlab_convert_doctor.darknet import convert  # the project's numpy+onnx builder
    os.makedirs(os.path.dirname(params["onnx"]) or ".", exist_ok=True)
    converted = convert(params["cfg"], params["weights"], params["onnx"], opset=params["opset"],
                        decode=params["decode"])
    print(converted.summary(), flush=True)

    step("verify")
    import numpy as np
    import onnx
    import onnxruntime as ort
    from jupyterlab_convert_doctor.darknet.reference import forward
    model = onnx.load(params["onnx"], load_external_data=False)
    session = ort.InferenceSession(params["onnx"], providers=["CPUExecutionProvider"])
    inputs, outputs = onnx_session_io(session)
    image = deterministic_input([1, network.channels, network.height, network.width])
    values = session.run(None, {inputs[0]["name"]: image})
    heads = forward(network, weights.conv, image)
    diffs, unmatched = {}, []
    for meta, value in zip(outputs, values):
        same = [h for h in heads if h.shape == value.shape]
        if not same:
            unmatched.append(meta["name"])
            continue
        diffs[meta["name"]] = min(float(np.max(np.abs(h - value.astype(np.float64)))) for h in same)
    if not diffs:
        raise RuntimeError(f"no ONNX output has the shape of a reference yolo head: {[o['shape'] for o in outputs]}")
    worst = max(diffs.values())
    tolerance = 1e-4
    notes = [f"opset {model.opset_import[0].version}, IR version {model.ir_version}",
             f"weights header {weights.header.major}.{weights.header.minor}.{weights.header.revision}, seen {weights.header.seen}"]
    notes += [f"converter warning: {w}" for w in converted.warnings]
    if unmatched:
        notes.append(f"not compared (decoded outputs): {', '.join(unmatched)}")
    finish(result_path, {
        "files": file_entries([params["onnx"]]),
        "models": [{"label": f"ONNX {os.path.basename(params['onnx'])}", "inputs": inputs, "outputs": outputs}],
        "diffs": diffs, "max_abs_diff": worst, "tolerance": tolerance, "passed": worst <= tolerance,
        "compare": "ONNX (onnxruntime) vs numpy Darknet reference, raw yolo heads",
        "notes": notes,
    })


if __name__ == "__main__":
    main()
