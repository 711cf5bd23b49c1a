"""darknet-onnx recipe step: the project's Darknet converter, then ONNX (onnxruntime) vs the
independent numpy Darknet reference (jupyterlab_convert_doctor.darknet_reference, which reads
the cfg and weights itself) on the same input. Runs inside the lane's venv, with the
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
    # The reference re-reads cfg and weights with its own code, so a parsing bug in the converter
    # shows up as a difference instead of being shared by both sides.
    from jupyterlab_convert_doctor import darknet_reference
    reference = darknet_reference.load(params["cfg"], params["weights"])
    model = onnx.load(params["onnx"], load_external_data=False)
    session = ort.InferenceSession(params["onnx"], providers=["CPUExecutionProvider"])
    inputs, outputs = onnx_session_io(session)
    image = deterministic_input([1, *reference.shape])
    values = session.run(None, {inputs[0]["name"]: image})
    heads = darknet_reference.forward(reference, image)
    expected = list(darknet_reference.decode(reference, heads)) if params["decode"] else heads
    if [list(e.shape) for e in expected] != [list(v.shape) for v in values]:
        raise RuntimeError(f"the ONNX outputs {[list(v.shape) for v in values]} do not have the shapes of "
                           f"the reference's {'boxes, scores' if params['decode'] else 'yolo heads'} "
                           f"{[list(e.shape) for e in expected]}")
    diffs = {meta["name"]: float(np.max(np.abs(e - v.astype(np.float64))))
             for meta, e, v in zip(outputs, expected, values)}
    worst = max(diffs.values())
    tolerance = 1e-4
    notes = [f"opset {model.opset_import[0].version}, IR version {model.ir_version}",
             f"weights header {weights.header.major}.{weights.header.minor}.{weights.header.revision}, seen {weights.header.seen}"]
    notes += [f"converter warning: {w}" for w in converted.warnings]
    finish(result_path, {
        "files": file_entries([params["onnx"]]),
        "models": [{"label": f"ONNX {os.path.basename(params['onnx'])}", "inputs": inputs, "outputs": outputs}],
        "diffs": diffs, "max_abs_diff": worst, "tolerance": tolerance, "passed": worst <= tolerance,
        "compare": "ONNX (onnxruntime) vs the independent numpy Darknet reference (darknet_reference), "
                   + ("decoded boxes and scores" if params["decode"] else "raw yolo heads"),
        "notes": notes,
    })


if __name__ == "__main__":
    main()
