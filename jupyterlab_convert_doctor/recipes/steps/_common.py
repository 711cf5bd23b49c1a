"""Helpers shared by the step scripts. These run inside a recipe's venv, never in the kernel."""

import json
import os
import sys
import time

_t0 = time.monotonic()
_timings = {}
_current = [None, _t0]


def step(name):
    """Print the step marker the runner tracks (so a failure names its step) and time it."""
    now = time.monotonic()
    if _current[0]:
        _timings[_current[0] + "_s"] = round(now - _current[1], 2)
    _current[0], _current[1] = name, now
    print(f"[step] {name}", flush=True)


def args():
    with open(sys.argv[1], encoding="utf-8") as f:
        return json.load(f), sys.argv[2]


def file_entries(paths):
    return [{"path": p, "bytes": os.path.getsize(p)} for p in paths]


def finish(result_path, result):
    step("done")
    result["timings"] = dict(_timings, **result.get("timings", {}))
    with open(result_path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)


def onnx_session_io(session):
    ins = [{"name": i.name, "shape": list(i.shape), "dtype": i.type} for i in session.get_inputs()]
    outs = [{"name": o.name, "shape": list(o.shape), "dtype": o.type} for o in session.get_outputs()]
    return ins, outs


def deterministic_input(shape, seed=0):
    import numpy as np
    return np.random.RandomState(seed).uniform(0.0, 1.0, size=shape).astype(np.float32)
