#!/usr/bin/env python3
"""Benchmark of the `convert-doctor` CLI (issue 10), in one run:

1. `verify` on yolov4-tiny 416x416 (the project's converter, deterministic random weights):
   onnxruntime-node inference latency (median of 50 after one warm-up, `verify --runs 50`)
   vs Python onnxruntime of the same version (1.30.0, in a bench venv under .cache/bench) on the
   same model and input. Target: ratio <= 1.1.
2. `check` wall time on examples/yolov4-tiny-conversion.ipynb vs `jupyter nbconvert --to notebook
   --execute` on the same notebook and kernel (python3 of the project venv; both stop at the
   notebook's first failing cell). Target: <= 1.2x plus the diagnosis. `check --url` on an
   already running server is also timed (the private server's start-up excluded).

    python bench/cli_bench.py [--repeats 3]
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".cache" / "bench"
ORT_VERSION = "1.30.0"
ORT_VENV = CACHE / f"onnxruntime-{ORT_VERSION}"
VENV_PY = REPO / ".venv" / "bin" / "python"
CLI = REPO / "lib-node" / "src" / "cli" / "main.js"
RUNS = 50
CFG = REPO / "jupyterlab_convert_doctor" / "darknet" / "cfgs" / "yolov4-tiny.cfg"
NOTEBOOK = REPO / "examples" / "yolov4-tiny-conversion.ipynb"

PY_LATENCY = """
import json, statistics, sys, time
import numpy as np, onnxruntime as ort
model, x_file, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
x = np.load(x_file)
s = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
feed = {s.get_inputs()[0].name: x}
s.run(None, feed)  # warm-up
times = []
for _ in range(runs):
    t = time.perf_counter()
    s.run(None, feed)
    times.append((time.perf_counter() - t) * 1000)
print(json.dumps({"version": ort.__version__, "median_ms": statistics.median(times)}))
"""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def ensure_ort_venv():
    python = ORT_VENV / "bin" / "python"
    marker = ORT_VENV / "bench-ready"
    if not marker.exists():
        log(f"[bench venv] onnxruntime=={ORT_VERSION} in {ORT_VENV}")
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(ORT_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--progress-bar", "off",
                        f"onnxruntime=={ORT_VERSION}", "numpy"], check=True)
        marker.write_text(ORT_VERSION)
    return python


def build_cli():
    subprocess.run(["node", str(REPO / "node_modules/typescript/bin/tsc"), "-p", "tsconfig.node.json"],
                   cwd=REPO, check=True)


def make_model(work):
    weights, model, x = work / "yolov4-tiny.weights", work / "yolov4-tiny.onnx", work / "x.npy"
    subprocess.run([str(VENV_PY), "-c", """
import sys, numpy as np
from jupyterlab_convert_doctor.darknet import convert
from jupyterlab_convert_doctor.darknet.network import load_network
from jupyterlab_convert_doctor.darknet.weights import write_random_weights
cfg, weights, model, x = sys.argv[1:]
write_random_weights(weights, load_network(cfg), seed=0, gain=1.3)
convert(cfg, weights, model)
np.save(x, np.random.default_rng(1).random((1, 3, 416, 416), dtype=np.float32))
""", str(CFG), str(weights), str(model), str(x)], cwd=REPO, check=True)
    return model, x


def bench_verify(work, ort_python):
    model, x = make_model(work)
    node = subprocess.run(["node", str(CLI), "verify", str(model), "--input", str(x), "--runs", str(RUNS),
                           "--json"], cwd=REPO, capture_output=True, text=True)
    if node.returncode != 0:
        raise SystemExit(f"verify failed ({node.returncode}): {node.stderr}")
    report = json.loads(node.stdout)
    py = json.loads(subprocess.run([str(ort_python), "-c", PY_LATENCY, str(model), str(x), str(RUNS)],
                                   capture_output=True, text=True, check=True).stdout)
    node_ms = report["inference"]["median_ms"]
    return {
        "model": "yolov4-tiny 416x416 (opset 13, IR 7)",
        "runs": RUNS,
        "onnxruntime_node": {"version": report["onnxruntime_node"]["version"], "median_ms": round(node_ms, 2)},
        "onnxruntime_python": {"version": py["version"], "median_ms": round(py["median_ms"], 2)},
        "ratio_node_over_python": round(node_ms / py["median_ms"], 3),
        "target_ratio": 1.1,
    }


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(cmd, **kwargs):
    started = time.perf_counter()
    run = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    return time.perf_counter() - started, run


def bench_check(work, repeats):
    folder = work / "examples"
    (folder / "data").mkdir(parents=True)
    shutil.copy(NOTEBOOK, folder / NOTEBOOK.name)
    shutil.copy(CFG, folder / "data" / "yolov4-tiny.cfg")
    nb = folder / NOTEBOOK.name
    jupyter = REPO / ".venv" / "bin" / "jupyter"
    env = {**os.environ, "PATH": f"{REPO / '.venv' / 'bin'}:{os.environ['PATH']}"}
    # Generate the weights once, so every timed run does the same work.
    subprocess.run([str(VENV_PY), "-c", """
from jupyterlab_convert_doctor.darknet.network import load_network
from jupyterlab_convert_doctor.darknet.weights import write_random_weights
write_random_weights('data/yolov4-tiny-random.weights', load_network('data/yolov4-tiny.cfg'), seed=0)
"""], cwd=folder, check=True)
    results = {"nbconvert": [], "check": [], "check_url": []}
    # A server for `check --url` (started once, outside the timing).
    port, token = free_port(), "bench-" + os.urandom(8).hex()
    server = subprocess.Popen([str(REPO / ".venv/bin/jupyter-server"), "--allow-root", "--no-browser",
                               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
                               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={folder}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                              start_new_session=True)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        for i in range(repeats):
            t, run = timed([str(jupyter), "nbconvert", "--to", "notebook", "--execute", str(nb),
                            "--output", str(work / "nbconvert-out.ipynb"),
                            "--ExecutePreprocessor.kernel_name=python3"], cwd=folder, env=env)
            results["nbconvert"].append(t)
            log(f"[{i}] nbconvert {t:.2f} s (exit {run.returncode})")
            t, run = timed(["node", str(CLI), "check", str(nb), "--python", str(VENV_PY), "--kernel", "python3",
                            "--json"], cwd=folder, env=env)
            report = json.loads(run.stdout)
            results["check"].append(t)
            log(f"[{i}] check {t:.2f} s (exit {run.returncode})")
            t, run = timed(["node", str(CLI), "check", str(nb), "--url", f"http://127.0.0.1:{port}/",
                            "--token", token, "--kernel", "python3", "--json"], cwd=folder, env=env)
            results["check_url"].append(t)
            log(f"[{i}] check --url {t:.2f} s (exit {run.returncode})")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    failing = [c for c in report["notebooks"][0]["cells"] if c["status"] == "failed"]
    med = {k: statistics.median(v) for k, v in results.items()}
    return {
        "notebook": "examples/yolov4-tiny-conversion.ipynb (kernel python3 of the project venv)",
        "repeats": repeats,
        "failing_cells": [{"index": c["index"], "category": c["diagnosis"]["category"]} for c in failing],
        "nbconvert_s": round(med["nbconvert"], 2),
        "check_s": round(med["check"], 2),
        "check_url_s": round(med["check_url"], 2),
        "ratio_check_over_nbconvert": round(med["check"] / med["nbconvert"], 3),
        "ratio_check_url_over_nbconvert": round(med["check_url"] / med["nbconvert"], 3),
        "target_ratio": 1.2,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    build_cli()
    ort_python = ensure_ort_venv()
    with tempfile.TemporaryDirectory(prefix="cli-bench-") as tmp:
        work = Path(tmp)
        figures = {"verify": bench_verify(work, ort_python), "check": bench_check(work, args.repeats)}
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
