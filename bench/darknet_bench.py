#!/usr/bin/env python3
"""Benchmark: our Darknet -> ONNX converter vs darknet2any (the Tianxiaomo darknet2pytorch
lineage, torch.onnx.export) on yolov4-tiny, as users run them: each as a fresh CLI process
(wall time includes Python start-up and imports), each in its own venv. Accuracy: each ONNX's
raw yolo heads (onnxruntime) vs the numpy Darknet reference, on the same deterministic input
and deterministic random weights. Target: ours >= 5x faster than the torch path.

    python bench/darknet_bench.py [--repeats 3]

Venvs (created once, then reused, under <repo>/.cache/bench): ours runs in the darknet-onnx
recipe lane's pinned venv; darknet2any in its own venv with torch==2.13.0 installed FIRST (a plain
`torch` would pull the multi-GB CUDA build), then darknet2any==0.7.6 and onnxruntime."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CACHE = REPO / ".cache" / "bench"
D2A_VENV = CACHE / "darknet2any-0.7.6-torch-2.13.0"
D2A_STEPS = [["torch==2.13.0"], ["darknet2any==0.7.6", "onnxruntime==1.26.0"]]
TARGET_SPEEDUP = 5.0

sys.path.insert(0, str(REPO))
from jupyterlab_convert_doctor.recipes.catalog import get_lane, get_recipe  # noqa: E402
from jupyterlab_convert_doctor.recipes.interpreters import require_interpreter  # noqa: E402

# Both venvs are built from the Python the py311plus lane was tested on (its cached venv is reused).
PY311_VERSION = get_lane(get_recipe("darknet-onnx"), "py311plus")["tested_on"][0]
PY311 = require_interpreter(PY311_VERSION)


def log(msg):
    print(msg, flush=True)


def ensure_darknet2any_venv():
    marker = D2A_VENV / "bench-ready.json"
    if marker.exists():
        return D2A_VENV
    started = time.monotonic()
    subprocess.run([PY311, "-m", "venv", "--clear", str(D2A_VENV)], check=True)
    for reqs in D2A_STEPS:  # torch first, alone, so pip cannot pick the CUDA build for darknet2any
        log(f"[bench venv] pip install {' '.join(reqs)}")
        subprocess.run([str(D2A_VENV / "bin/python"), "-m", "pip", "install", "--progress-bar", "off", *reqs], check=True)
    freeze = subprocess.run([str(D2A_VENV / "bin/python"), "-m", "pip", "freeze"], capture_output=True, text=True).stdout
    marker.write_text(json.dumps({"seconds": round(time.monotonic() - started, 1), "freeze": freeze.splitlines()}))
    return D2A_VENV


def ensure_ours_venv():
    os.environ.setdefault("CONVERT_DOCTOR_CACHE", str(REPO / ".cache" / "recipes"))
    from jupyterlab_convert_doctor.recipes.interpreters import choose_interpreter
    from jupyterlab_convert_doctor.recipes.venvs import ensure_venv
    recipe = get_recipe("darknet-onnx")
    python, version, lane = choose_interpreter(recipe, python=PY311, lane_id="py311plus")
    return ensure_venv(recipe, lane, python, version, echo=log)


def timed(cmd, env=None, cwd=None):
    started = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return seconds


def raw_heads_from_onnx(onnx_path, head_shapes, image):
    """Runs the model with onnxruntime and returns the tensors with the raw head shapes. For a
    graph that decodes in-graph (darknet2any), the raw heads are intermediate tensors: they are
    found by shape inference and exposed as extra outputs."""
    import numpy as np
    import onnx
    import onnxruntime as ort
    model = onnx.shape_inference.infer_shapes(onnx.load(onnx_path))
    wanted = {tuple(s) for s in head_shapes}
    exposed = {o.name for o in model.graph.output}
    found = []
    for value in list(model.graph.output) + list(model.graph.value_info):
        dims = tuple(d.dim_value for d in value.type.tensor_type.shape.dim)
        if dims in wanted:
            found.append((value.name, dims))
            if value.name not in exposed:
                model.graph.output.append(value)
    by_shape = {}
    for name, dims in found:  # the first producer of each shape in topological order is the head conv
        by_shape.setdefault(dims, name)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    names = [by_shape[tuple(s)] for s in head_shapes]
    values = session.run(names, {session.get_inputs()[0].name: image.astype(np.float32)})
    return names, values


def producers_in_order(onnx_path):
    import onnx
    return [o for n in onnx.load(onnx_path).graph.node for o in n.output]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    opts = parser.parse_args()
    import numpy as np
    from jupyterlab_convert_doctor.darknet.network import load_network
    from jupyterlab_convert_doctor.darknet.reference import forward
    from jupyterlab_convert_doctor.darknet.weights import read_weights, write_random_weights

    work = CACHE / "work"
    work.mkdir(parents=True, exist_ok=True)
    cfg_src = REPO / "jupyterlab_convert_doctor" / "darknet" / "cfgs" / "yolov4-tiny.cfg"
    # darknet2any finds name.cfg and name.names beside name.weights.
    cfg = work / "yolov4-tiny.cfg"
    cfg.write_text(cfg_src.read_text())
    (work / "yolov4-tiny.names").write_text("".join(f"class{i}\n" for i in range(80)))
    weights = work / "yolov4-tiny.weights"
    network = load_network(cfg)
    write_random_weights(weights, network, seed=4)

    log("building/reusing venvs ...")
    ours_venv = ensure_ours_venv()
    d2a_venv = ensure_darknet2any_venv()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    ours_env = dict(env, PYTHONPATH=str(REPO))

    ours_onnx, d2a_onnx = work / "ours.onnx", work / "darknet2any.onnx"
    ours_cmd = [str(ours_venv / "bin/python"), "-m", "jupyterlab_convert_doctor.darknet", str(cfg), str(weights), str(ours_onnx)]
    d2a_cmd = [str(d2a_venv / "bin/darknet2onnx"), "-i", str(weights), "-o", str(d2a_onnx), "--opset", "13"]
    ours_times, d2a_times = [], []
    for i in range(opts.repeats):  # interleaved so machine load affects both alike
        ours_times.append(timed(ours_cmd, env=ours_env, cwd=work))
        d2a_times.append(timed(d2a_cmd, env=env, cwd=work))
        log(f"run {i + 1}: ours {ours_times[-1]:.2f} s, darknet2any {d2a_times[-1]:.2f} s")

    image = np.random.RandomState(0).uniform(0, 1, (1, 3, network.height, network.width))
    reference = forward(network, read_weights(weights, network).conv, image)
    shapes = [list(h.shape) for h in reference]
    diffs = {}
    for label, path in (("ours", ours_onnx), ("darknet2any", d2a_onnx)):
        names, values = raw_heads_from_onnx(str(path), shapes, image)
        diffs[label] = max(float(np.max(np.abs(v.astype(np.float64) - r))) for v, r in zip(values, reference))
        log(f"{label}: raw heads {names} {shapes}")

    ours_s, d2a_s = statistics.median(ours_times), statistics.median(d2a_times)
    speedup = d2a_s / ours_s
    log("")
    log(f"yolov4-tiny (random weights, seed 4), Darknet -> ONNX, wall time incl. imports, median of {opts.repeats}:")
    log(f"  ours (numpy+onnx, {ours_onnx.stat().st_size:,} bytes)       {ours_s:7.2f} s   max abs diff vs numpy reference {diffs['ours']:.3g}")
    log(f"  darknet2any 0.7.6 + torch 2.13.0 ({d2a_onnx.stat().st_size:,} bytes) {d2a_s:7.2f} s   max abs diff vs numpy reference {diffs['darknet2any']:.3g}")
    log(f"  speed-up {speedup:.1f}x (target >= {TARGET_SPEEDUP:.0f}x): {'met' if speedup >= TARGET_SPEEDUP else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
