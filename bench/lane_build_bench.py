#!/usr/bin/env python3
"""Where a cold TensorFlow-free onnx-tflite lane spends its time, and the seed flow cold before and
after the build changes of issue 15, in one run on one machine (same load, same package
sources). Each build is a fresh venv under /tmp, packages from the runner's sources (pip's own
cache is whatever this machine has):

  before   python -m venv (ensurepip seeds pip), pip install of the previous full lock (opencv,
           sympy, pytest, ... as onnx2tf's Requires-Dist lists them), byte-compiling every
           module, then pip/setuptools uninstalled; then the conversion + verification step
  step 1   --without-pip venv, pip run from the interpreter's bundled wheel; full lock, compiled
  step 2   step 1 + pip install --no-compile; full lock
  after    run_recipe itself with an empty cache: step 2 + the lock without the packages the
           lane never imports (lock_exclude), then the same step (first run writes its .pyc);
           then warm runs

Usage:  python bench/lane_build_bench.py [--python 3.13.0] [--old-lock PATH] [--warm-runs 2]
(--old-lock defaults to the lane's lock at git HEAD, i.e. before an uncommitted change)."""

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
sys.path.insert(0, str(REPO / "bench"))

from jupyterlab_convert_doctor.recipes.catalog import get_lane, get_recipe  # noqa: E402
from jupyterlab_convert_doctor.recipes.interpreters import require_interpreter  # noqa: E402
from jupyterlab_convert_doctor.recipes.streaming import clean_env  # noqa: E402
from jupyterlab_convert_doctor.recipes.venvs import (_pip_options, bundled_pip_wheel, configured_find_links,  # noqa: E402
                                                     installed_set, lock_path, package_sources, read_lock)
from tflite_lane_bench import du_mb, yolov4_tiny_onnx  # noqa: E402

STEP = REPO / "jupyterlab_convert_doctor" / "recipes" / "steps" / "onnx_tflite.py"


def timed(cmd, env):
    started = time.monotonic()
    subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    return time.monotonic() - started


def build(python, venv, lock, seed_pip, compile_modules):
    """{phase: seconds} of one venv build the way the flags say."""
    phases = {}
    phases["create venv"] = timed([python, "-m", "venv", *([] if seed_pip else ["--without-pip"]), str(venv)],
                                  clean_env())
    wheel = None if seed_pip else bundled_pip_wheel(python)
    env = clean_env({"PYTHONPATH": wheel} if wheel else None, drop_pip_config=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip"]
    phases["pip install"] = timed([*pip, "install", "--isolated", "--require-hashes", "--only-binary=:all:",
                                   "--no-deps", *([] if compile_modules else ["--no-compile"]), *_pip_options(),
                                   *package_sources(venv / "bin" / "python", None, wheel), "-r", str(lock)], env)
    extra = sorted(set(installed_set(venv)) - set(read_lock(lock)))
    if extra:
        phases["uninstall pip/setuptools"] = timed([*pip, "uninstall", "--isolated", "-y", *extra], env)
    return phases


def run_step(venv, onnx, out):
    """The lane's conversion + verification step, as the runner runs it; (seconds, result)."""
    work = Path(tempfile.mkdtemp(prefix="lane-step-"))
    (work / "pythonpath").mkdir()
    (work / "pythonpath" / "jupyterlab_convert_doctor").symlink_to(REPO / "jupyterlab_convert_doctor")
    (work / "params.json").write_text(json.dumps({"onnx": str(onnx), "out": str(out)}))
    env = clean_env({"PYTHONPATH": str(work / "pythonpath")})
    env["PATH"] = str(venv / "bin") + os.pathsep + env["PATH"]
    shutil.rmtree(out, ignore_errors=True)
    seconds = timed([str(venv / "bin" / "python"), "-u", str(STEP), str(work / "params.json"),
                     str(work / "result.json")], env)
    result = json.loads((work / "result.json").read_text())
    shutil.rmtree(work, ignore_errors=True)
    return seconds, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", help="Python version to build from (default: the lane's first tested_on)")
    parser.add_argument("--lane", default="py312plus-direct")
    parser.add_argument("--old-lock", help="the lock before the change (default: git HEAD's)")
    parser.add_argument("--warm-runs", type=int, default=2)
    opts = parser.parse_args()
    os.environ["CONVERT_DOCTOR_FIND_LINKS"] = configured_find_links()
    os.environ.setdefault("CONVERT_DOCTOR_PIP_TIMEOUT", "60")
    recipe = get_recipe("onnx-tflite")
    lane = get_lane(recipe, opts.lane)
    version = opts.python or lane["tested_on"][0]
    python = require_interpreter(version)
    work = Path(tempfile.mkdtemp(prefix="lane-build-bench-"))
    new_lock = lock_path(recipe, lane)
    old_lock = Path(opts.old_lock) if opts.old_lock else work / "old-lock.txt"
    if not opts.old_lock:
        old_lock.write_text(subprocess.run(["git", "show", f"HEAD:{new_lock.relative_to(REPO)}"], cwd=REPO,
                                           check=True, capture_output=True, text=True).stdout)
    onnx = yolov4_tiny_onnx(work)
    rows = []
    for label, seed_pip, compile_modules, lock, convert in (
            ("before", True, True, old_lock, True),
            ("step 1: no ensurepip", False, True, old_lock, False),
            ("step 2: + --no-compile", False, False, old_lock, False)):
        venv = work / label.split(":")[0].replace(" ", "-")
        phases = build(python, venv, lock, seed_pip, compile_modules)
        row = {"variant": label, "packages": len(read_lock(lock)), **{k: round(v, 1) for k, v in phases.items()},
               "build_s": round(sum(phases.values()), 1), "venv_mb": du_mb(venv)}
        if convert:
            seconds, result = run_step(venv, onnx, work / "out")
            row.update(step_s=round(seconds, 1), cold_s=round(row["build_s"] + seconds, 1), passed=result["passed"])
        rows.append(row)
        print(json.dumps(row), flush=True)
        shutil.rmtree(venv, ignore_errors=True)

    from jupyterlab_convert_doctor.recipes import run_recipe
    os.environ["CONVERT_DOCTOR_CACHE"] = str(work / "cache")
    times, result = [], None
    for _ in range(1 + opts.warm_runs):
        shutil.rmtree(work / "out", ignore_errors=True)
        started = time.monotonic()
        result = run_recipe("onnx-tflite", onnx=str(onnx), out=str(work / "out"), python=python, lane=opts.lane,
                            echo=lambda line: None)
        times.append(round(time.monotonic() - started, 1))
    marker = json.loads((Path(result["venv"]) / "convert-doctor-lane.json").read_text())
    row = {"variant": "after: run_recipe (step 2 + lock_exclude)", "packages": len(read_lock(new_lock)),
           "build_s": marker["build_seconds"], "venv_mb": du_mb(result["venv"]), "cold_s": times[0],
           "warm_s": times[1:], "passed": result["passed"]}
    rows.append(row)
    print(json.dumps(row), flush=True)
    print(f"\n{'variant':44} {'pkgs':>4} {'build s':>8} {'cold s':>7} {'warm s':>10} {'venv MB':>8}")
    for r in rows:
        warm = "/".join(str(w) for w in r.get("warm_s", [])) or "-"
        print(f"{r['variant']:44} {r['packages']:4} {r['build_s']:8} {r.get('cold_s', '-')!s:>7} {warm:>10} "
              f"{r['venv_mb']:8}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
