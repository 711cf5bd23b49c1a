#!/usr/bin/env python3
"""The seed flow of issue 15, timed: run_recipe("onnx-tflite") on yolov4-tiny.onnx (the published
cfg, deterministic random weights, through the project's Darknet converter) from the call to
PASSED, per onnx-tflite lane, cold (a fresh CONVERT_DOCTOR_CACHE under /tmp: the lane's venv is
built from its lock; pip's own cache is whatever this machine has) and warm (the same cache
again), with the size of the lane's venv. Usage:

    python bench/tflite_lane_bench.py                          # py312plus-direct and py311
    python bench/tflite_lane_bench.py py312plus-direct:3.13.0 py311 --warm-runs 2

Targets (issue 15): the TensorFlow-free lane warm <= 15 s, cold <= 90 s, no TensorFlow in it."""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


from jupyterlab_convert_doctor.recipes.catalog import get_lane, get_recipe  # noqa: E402
from jupyterlab_convert_doctor.recipes.interpreters import require_interpreter  # noqa: E402
from jupyterlab_convert_doctor.recipes.venvs import READY_MARKER  # noqa: E402


def yolov4_tiny_onnx(folder):
    from jupyterlab_convert_doctor.darknet.network import load_network
    from jupyterlab_convert_doctor.darknet.published_cfgs import published_cfg
    from jupyterlab_convert_doctor.darknet.weights import write_random_weights
    cfg = published_cfg("yolov4-tiny")
    weights, onnx = folder / "yolov4-tiny.weights", folder / "yolov4-tiny.onnx"
    write_random_weights(weights, load_network(cfg), seed=4)
    subprocess.run([sys.executable, "-m", "jupyterlab_convert_doctor.darknet", str(cfg), str(weights), str(onnx)],
                   check=True, capture_output=True, cwd=REPO)
    return onnx


def du_mb(path):
    out = subprocess.run(["du", "-sm", str(path)], capture_output=True, text=True, check=True).stdout
    return int(out.split()[0])


def timed_run(onnx, out, lane, python, log):
    from jupyterlab_convert_doctor.recipes import run_recipe
    shutil.rmtree(out, ignore_errors=True)
    started = time.monotonic()
    with open(log, "a", encoding="utf-8") as f:
        result = run_recipe("onnx-tflite", onnx=str(onnx), out=str(out), lane=lane, python=python,
                            echo=lambda line: f.write(line + "\n"))
    return time.monotonic() - started, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lanes", nargs="*", default=["py312plus-direct", "py311"],
                        help="lane[:Python version] (default version: the lane's first tested_on)")
    parser.add_argument("--warm-runs", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the /tmp caches")
    opts = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tflite-lane-bench-"))
    onnx = yolov4_tiny_onnx(work)
    rows = []
    for item in opts.lanes:
        lane, _, version = item.partition(":")
        version = version or get_lane(get_recipe("onnx-tflite"), lane)["tested_on"][0]
        python = require_interpreter(version)
        cache = work / f"cache-{lane}"
        os.environ["CONVERT_DOCTOR_CACHE"] = str(cache)
        os.environ.setdefault("CONVERT_DOCTOR_PIP_TIMEOUT", "60")
        log = work / f"{lane}.log"
        cold, result = timed_run(onnx, work / f"out-{lane}", lane, python, log)
        warm = [timed_run(onnx, work / f"out-{lane}", lane, python, log)[0] for _ in range(opts.warm_runs)]
        venv = Path(result["venv"])
        has_tf = any((venv / "lib").glob("python3.*/site-packages/tensorflow"))
        row = {"lane": lane, "python": result["python"], "cold_s": round(cold, 1), "warm_s": [round(w, 1) for w in warm],
               "venv_build_s": json.loads((venv / READY_MARKER).read_text()).get("build_seconds"),
               "convert_s": result["timings"].get("convert_s"), "venv_mb": du_mb(venv), "tensorflow_in_venv": has_tf,
               "passed": result["passed"], "max_abs_diff": result["max_abs_diff"],
               "float16": (result.get("float16") or {}).get("max_abs_diff"), "notes": result.get("notes"), "log": str(log)}
        rows.append(row)
        print(json.dumps(row), flush=True)
        if not opts.keep:
            shutil.rmtree(cache, ignore_errors=True)
    print(f"\n{'lane':18} {'python':7} {'cold s':>7} {'warm s':>12} {'convert s':>9} {'venv MB':>8}  TF  passed")
    for r in rows:
        warm = "/".join(str(w) for w in r["warm_s"])
        print(f"{r['lane']:18} {r['python']:7} {r['cold_s']:7} {warm:>12} {r['convert_s']!s:>9} {r['venv_mb']:8}  "
              f"{'yes' if r['tensorflow_in_venv'] else 'no ':3} {r['passed']}")
    if not opts.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
