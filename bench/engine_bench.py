"""Python diagnosis engine vs the TypeScript core, per traceback, over the whole labelled set
(failure-lab fixtures with their env reports, the training set, the held-out sets) and on 1 MB
tracebacks. Both sides time diagnose(parse(input), env) in-process: Python with
time.perf_counter, the TS core under Node timing its own loop (tests/parity/ts_engine.js).

    python bench/engine_bench.py [--rounds 5] [--build lib-node]

Without --build, the Node core is built fresh into .cache/ (as the parity test does)."""

import argparse
import json
import os
import statistics
import sys
import time
from contextlib import nullcontext
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "parity"))

import corpus  # noqa: E402
import ts_engine  # noqa: E402

from jupyterlab_convert_doctor.engine import parse_error_input, shipped_knowledge  # noqa: E402

TARGET_MS = 50  # per traceback, also at 1 MB (the TS core's target is 5 ms)


def labelled_cases():
    cases = [{"id": name, "text": text, "env": fixture["env"]} for name, text, fixture in corpus.lab_fixtures()]
    cases += [{"id": row_id, "text": text} for row_id, text, _ in corpus.labelled_texts()]
    return cases


def big_cases():
    fixture = json.loads((corpus.LAB_DIR / "onnx_checker_dangling_input.json").read_text())
    frames = "\n".join(fixture["traceback"])
    big = (frames * (1024 * 1024 // len(frames) + 1))[: 1024 * 1024]
    return [
        {"id": "1 MB of frames", "error": {"ename": fixture["ename"], "evalue": fixture["evalue"], "traceback": [big]},
         "env": fixture["env"]},
        {"id": "one 1 MB line", "error": {"ename": "RuntimeError", "evalue": "x", "traceback": ["y" * 1024 * 1024]}},
        {"id": "1 MB pasted text", "text": big + "\nValueError: x"},
    ]


def time_python(cases, rounds):
    """Wall-clock ms per case and round, and the process CPU ms (which waiting for a CPU on a
    busy machine does not inflate)."""
    kb = shipped_knowledge()
    samples = [[] for _ in cases]
    cpu = [[] for _ in cases]
    for _ in range(rounds):
        for i, case in enumerate(cases):
            started, cpu_started = time.perf_counter(), time.process_time()
            error = case.get("error")
            kb.diagnose(error if error is not None else parse_error_input(case["text"]), case.get("env"))
            samples[i].append((time.perf_counter() - started) * 1000)
            cpu[i].append((time.process_time() - cpu_started) * 1000)
    return samples, cpu


def summary(samples):
    flat = sorted(ms for per_case in samples for ms in per_case)
    pick = lambda q: flat[min(len(flat) - 1, int(q * len(flat)))]  # noqa: E731
    return {"n": len(flat), "median": statistics.median(flat), "p95": pick(0.95), "max": flat[-1]}


def row(label, py, ts, py_cpu):
    verdict = "ok" if py["median"] <= TARGET_MS else "MISSED"
    print(f"{label:<34} n={py['n']:>5}  Python median {py['median']:7.3f} ms  p95 {py['p95']:7.3f} ms  |  "
          f"TS median {ts['median']:7.3f} ms  p95 {ts['p95']:7.3f} ms  |  x{py['median'] / max(ts['median'], 1e-9):.1f}"
          f"  (Python target <= {TARGET_MS} ms: {verdict})\n{'':<34} Python CPU time: median {py_cpu['median']:7.3f} ms"
          f"  p95 {py_cpu['p95']:7.3f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--build", help="an existing Node build of the core (e.g. lib-node)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall-clock figures include waiting for a CPU)")
    started = time.perf_counter()
    shipped_knowledge()
    print(f"Python engine: knowledge loaded and signatures compiled in {(time.perf_counter() - started) * 1000:.0f} ms")
    labelled, big = labelled_cases(), big_cases()
    context = nullcontext(Path(args.build)) if args.build else ts_engine.node_build()
    with context as build:
        for label, cases, rounds in (("labelled set, per traceback", labelled, args.rounds),
                                     ("1 MB tracebacks, per traceback", big, max(2, args.rounds // 2))):
            time_python(cases, 1)  # warm-up, as Node's JIT warms in its first round
            wall, cpu = time_python(cases, rounds)
            ts = summary([per_case[1:] for per_case in ts_engine.run_cases(build, cases, rounds=rounds + 1)])
            row(label, summary(wall), ts, summary(cpu))


if __name__ == "__main__":
    main()
