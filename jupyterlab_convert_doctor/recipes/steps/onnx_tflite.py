"""onnx-tflite recipe step: ONNX -> TFLite (float32, float16) with onnx2tf, plus a SavedModel in
the lanes that have TensorFlow; then each TFLite (ai-edge-litert) vs ONNX (onnxruntime) on the
same input. Runs inside the lane's venv."""

import glob
import os
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version

from _common import args, deterministic_input, file_entries, finish, onnx_session_io, step

# onnx2tf 1.x reads this file from the working directory, else downloads it from GitHub during
# every conversion of a 4-D 3-channel model (onnx2tf/utils/common_functions.py,
# download_test_image_data); a deterministic local copy keeps the conversion offline.
CALIBRATION_FILE = "calibration_image_sample_data_20x128x128x3_float32.npy"
FLOAT32_TOLERANCE = 1e-3
# float16 weights, float32 arithmetic: the error scales with the outputs' magnitude, so the bound
# is relative to the largest ONNX output value (and at least absolute 1e-2).
FLOAT16_RELATIVE_TOLERANCE = 1e-2
# The step exits with this status (runner.LANE_CANNOT) when onnx2tf's TensorFlow-free backend
# rejects the graph, so the runner can retry on a TensorFlow lane.
FLATBUFFER_DIRECT_UNSUPPORTED = 3


def installed(package):
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def channels_last(ndim):
    """The axes order onnx2tf gives a channels-first tensor of rank `ndim` (NCW->NWC, NCHW->NHWC)."""
    return (0, *range(2, ndim), 1)


def run_tflite(path, feeds):
    """The TFLite model's input/output details and outputs by name, with channels-first feeds
    (NCHW, NCW) transposed to channels-last where the model's input is."""
    import numpy as np
    from ai_edge_litert.interpreter import Interpreter
    interpreter = Interpreter(model_path=path)
    interpreter.allocate_tensors()
    inputs = interpreter.get_input_details()
    for detail, (name, value) in zip(inputs, feeds.items()):
        shape = tuple(detail["shape"])
        if value.ndim >= 3 and shape == tuple(value.shape[i] for i in channels_last(value.ndim)):
            value = np.transpose(value, channels_last(value.ndim))
        interpreter.set_tensor(detail["index"], np.ascontiguousarray(value, dtype=detail["dtype"]))
    interpreter.invoke()
    outputs = interpreter.get_output_details()
    return inputs, outputs, {d["name"]: interpreter.get_tensor(d["index"]) for d in outputs}


def litert_refusal(path):
    """Why the LiteRT interpreter refuses the model at `path` (an unresolved custom op), or None."""
    from ai_edge_litert.interpreter import Interpreter
    try:
        Interpreter(model_path=path).allocate_tensors()
    except RuntimeError as exc:
        if "custom op" not in str(exc):
            raise
        return str(exc).splitlines()[0]
    return None


def compare(onnx_values, tfl_values):
    import numpy as np
    diffs = {}
    for name, value in onnx_values.items():
        _, matched = match_output(name, value, tfl_values)
        diffs[name] = float(np.max(np.abs(matched.astype(np.float64) - value.astype(np.float64))))
    return diffs


def tensor_entries(details):
    return [{"name": d["name"], "shape": d["shape"].tolist(), "dtype": str(d["dtype"].__name__)} for d in details]


def write_calibration_data(path):
    import numpy as np
    data = np.random.RandomState(20).uniform(0.0, 1.0, size=(20, 128, 128, 3)).astype(np.float32)
    np.save(path, data)


def match_output(onnx_name, onnx_value, tflite_values):
    """The TFLite output holding the same tensor: same name, else same shape after channels-first
    -> channels-last (NCHW->NHWC, NCW->NWC)."""
    import numpy as np
    candidates = []
    for name, value in tflite_values.items():
        if value.shape == onnx_value.shape:
            candidates.append((name, value))
        elif onnx_value.ndim >= 3 and value.shape == tuple(onnx_value.shape[i] for i in channels_last(onnx_value.ndim)):
            candidates.append((name, np.transpose(value, np.argsort(channels_last(onnx_value.ndim)))))
    named = [c for c in candidates if c[0] == onnx_name or c[0].endswith(onnx_name)]
    pool = named or candidates
    if not pool:
        raise RuntimeError(f"no TFLite output matches ONNX output {onnx_name} {list(onnx_value.shape)}; "
                           f"TFLite outputs: {[(n, list(v.shape)) for n, v in tflite_values.items()]}")
    # Several same-shape outputs: take the closest (raw YOLO heads have distinct shapes).
    return min(pool, key=lambda c: float(np.max(np.abs(c[1] - onnx_value))))


def main():
    params, result_path = args()
    onnx_path, out_dir = params["onnx"], params["out"]
    o2t_version = version("onnx2tf")
    tf_version = installed("tensorflow")
    print(f"onnx2tf {o2t_version}, tensorflow {tf_version or 'not installed (flatbuffer_direct, no SavedModel)'}, "
          f"ai-edge-litert {version('ai-edge-litert')}, onnxruntime {version('onnxruntime')}, "
          f"Python {sys.version.split()[0]}", flush=True)

    step("inspect onnx")
    import numpy as np
    import onnxruntime as ort
    session = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    onnx_inputs, onnx_outputs = onnx_session_io(session)
    for tensor in onnx_inputs:
        if not all(isinstance(d, int) for d in tensor["shape"]):
            raise ValueError(f"input {tensor['name']} has a dynamic shape {tensor['shape']}; "
                             "export the ONNX with a static input shape (onnx2tf/TFLite need one)")

    step("prepare offline data")
    if int(o2t_version.split(".")[0]) < 2:
        write_calibration_data(CALIBRATION_FILE)
        print(f"wrote {os.path.abspath(CALIBRATION_FILE)} (deterministic, float32 [20,128,128,3])", flush=True)
    else:
        print("onnx2tf >= 2.3.17 does not download test data; nothing to prepare", flush=True)

    step("convert")
    os.makedirs(out_dir, exist_ok=True)
    cmd = ["onnx2tf", "-i", onnx_path, "-o", out_dir]
    if tf_version:
        cmd.append("-osd")
        if int(o2t_version.split(".")[0]) >= 2:
            cmd.append("-fdosm")  # SavedModel from the flatbuffer_direct model (imports TensorFlow)
    print("$ " + " ".join(cmd), flush=True)
    # onnx2tf 2.6.9's flatbuffer_direct progress spinner (a tqdm bar refreshed from a thread) can
    # deadlock against tqdm's monitor thread on the write lock (seen here: both threads parked in
    # TqdmDefaultWriteLock.acquire); TQDM_DISABLE turns the bars off, onnx2tf's own log remains.
    env = dict(os.environ, TQDM_DISABLE="1")
    converted = subprocess.run(cmd, env=env)
    direct = int(o2t_version.split(".")[0]) >= 2  # flatbuffer_direct is onnx2tf 2.4+'s default backend
    stem = os.path.splitext(os.path.basename(onnx_path))[0]
    tflite_path = os.path.join(out_dir, f"{stem}_float32.tflite")
    # flatbuffer_direct, after failing on an ONNX op it has no builtin for, retries on its own
    # with that op as a custom op of its own ("Custom ops lowered: ..."): the .tflite is written,
    # but the stock LiteRT interpreter cannot run it. That is a graph this backend cannot do too.
    refused = (f"exit status {converted.returncode}" if converted.returncode != 0 else
               litert_refusal(tflite_path) if direct and os.path.exists(tflite_path) else None)
    if refused and direct and not tf_version:
        print(f"onnx2tf's flatbuffer_direct backend (no TensorFlow in this lane) could not convert "
              f"{os.path.basename(onnx_path)} to a model LiteRT runs ({refused}; onnx2tf's message is above); "
              "a lane with TensorFlow (tf_converter backend) may convert it.", flush=True)
        sys.exit(FLATBUFFER_DIRECT_UNSUPPORTED)
    if refused and direct:
        cmd = ["onnx2tf", "-i", onnx_path, "-o", out_dir, "-osd", "-tb", "tf_converter"]
        print(f"onnx2tf's flatbuffer_direct backend could not convert {os.path.basename(onnx_path)} to a model "
              f"LiteRT runs ({refused}); retrying with its TensorFlow backend:\n$ " + " ".join(cmd), flush=True)
        converted = subprocess.run(cmd, env=env)
    if converted.returncode != 0:
        raise subprocess.CalledProcessError(converted.returncode, cmd)

    step("verify")
    if not os.path.exists(tflite_path):
        raise FileNotFoundError(f"onnx2tf wrote no {tflite_path}; files: {os.listdir(out_dir)}")
    feeds = {t["name"]: deterministic_input(t["shape"]) for t in onnx_inputs}
    onnx_values = dict(zip([o["name"] for o in onnx_outputs], session.run(None, feeds)))
    tfl_inputs, tfl_outputs, tfl_values = run_tflite(tflite_path, feeds)
    diffs = compare(onnx_values, tfl_values)
    worst = max(diffs.values())
    tolerance = FLOAT32_TOLERANCE
    passed = worst <= tolerance
    notes = [f"onnx2tf {o2t_version}" + ("" if tf_version else " flatbuffer_direct, no TensorFlow")]
    float16 = None
    float16_path = os.path.join(out_dir, f"{stem}_float16.tflite")
    try:
        f16_values = run_tflite(float16_path, feeds)[2] if os.path.exists(float16_path) else None
    except (RuntimeError, ValueError) as exc:
        # flatbuffer_direct's float16 model computes in float16 end to end (float16 input and
        # CONV_2D); LiteRT's x86 CPU kernels refuse that (a float16 GPU/ARM delegate runs it).
        f16_values = None
        notes.append(f"float16 .tflite not verified: the LiteRT CPU interpreter cannot run it here "
                     f"({str(exc).splitlines()[0][:200]})")
    if f16_values is not None:
        f16_diffs = compare(onnx_values, f16_values)
        scale = max(1.0, max(float(np.max(np.abs(v))) for v in onnx_values.values()))
        f16_tolerance = FLOAT16_RELATIVE_TOLERANCE * scale
        f16_worst = max(f16_diffs.values())
        float16 = {"diffs": f16_diffs, "max_abs_diff": f16_worst, "tolerance": f16_tolerance,
                   "passed": f16_worst <= f16_tolerance}
        passed = passed and float16["passed"]
        notes.append(f"float16 .tflite vs ONNX: max abs diff {f16_worst:.3g}, tolerance {f16_tolerance:.3g} "
                     f"({FLOAT16_RELATIVE_TOLERANCE:g} x max |ONNX output| {scale:.3g}): "
                     + ("PASSED" if float16["passed"] else "FAILED"))
    saved_model = os.path.join(out_dir, "saved_model.pb")
    if params.get("savedmodel") and not os.path.exists(saved_model):
        raise FileNotFoundError(f"savedmodel=True, but onnx2tf wrote no {saved_model}; files: {os.listdir(out_dir)}")
    files = sorted(set(glob.glob(os.path.join(out_dir, "*.tflite")) + ([saved_model] if os.path.exists(saved_model) else [])))
    finish(result_path, {
        "files": file_entries(files),
        "models": [
            {"label": f"ONNX {os.path.basename(onnx_path)}", "inputs": onnx_inputs, "outputs": onnx_outputs},
            {"label": f"TFLite {os.path.basename(tflite_path)}",
             "inputs": tensor_entries(tfl_inputs), "outputs": tensor_entries(tfl_outputs)},
        ],
        "diffs": diffs, "max_abs_diff": worst, "tolerance": tolerance, "passed": passed, "float16": float16,
        "compare": "TFLite (ai-edge-litert) vs ONNX (onnxruntime), same input",  # the float32 model
        "saved_model": os.path.exists(saved_model),
        "notes": notes,
    })


if __name__ == "__main__":
    main()
