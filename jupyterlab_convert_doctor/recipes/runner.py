"""run_recipe: pick a lane, make sure its pinned venv exists, run the conversion there as a
subprocess with streamed output, and print the verification summary. Only the standard
library is imported here: the heavy work happens in the subprocess."""

import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .catalog import get_recipe
from .errors import BadParameters, StepFailed
from .interpreters import plan_lanes
from .kernel_checks import get_check
from .streaming import clean_env, run_streamed
from .summary import format_summary
from .venvs import ensure_venv, venv_python

STEPS_DIR = Path(__file__).resolve().parent / "steps"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
STEP_MARKER = "[step] "
# A step exits with this status when its lane cannot handle this input but another lane may
# (onnx-tflite: onnx2tf's TensorFlow-free flatbuffer_direct backend rejected an operator).
LANE_CANNOT = 3
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|NoFlexKernel)\b.*")


def _check_parameters(recipe, params):
    spec = recipe["parameters"]
    unknown = sorted(set(params) - set(spec))
    if unknown:
        raise BadParameters(f"recipe {recipe['id']!r} has no parameter(s) {', '.join(unknown)}; "
                            f"it takes: {', '.join(spec)}", step="check parameters")
    missing = [n for n, info in spec.items() if info.get("required") and params.get(n) is None]
    if missing:
        wanted = "; ".join(f"{n!r} ({spec[n]['description']})" for n in missing)
        raise BadParameters(f"recipe {recipe['id']!r} needs parameter {wanted}", step="check parameters")
    resolved = {}
    for name, info in spec.items():
        value = params.get(name, info.get("default"))
        if value is None:
            continue
        if info["kind"] in ("input_path", "output_path", "output_dir"):
            value = os.path.abspath(os.fspath(value))
            if info["kind"] == "input_path" and not os.path.exists(value):
                raise BadParameters(f"{name}: file not found: {value}", step="check parameters")
        resolved[name] = value
    return resolved


def _exception_line(tail):
    """The traceback's final 'SomeError: message' line, else the last non-empty line."""
    for line in reversed(tail):
        if _EXCEPTION_LINE.match(line.strip()):
            return line.strip()
    return next((l.strip() for l in reversed(tail) if l.strip()), "no output")


def _package_path_dir(workdir):
    """A folder holding only a link to this package, so the venv can import the project's
    converter without seeing anything else of the kernel's site-packages."""
    link_dir = Path(workdir) / "pythonpath"
    link_dir.mkdir()
    (link_dir / PACKAGE_DIR.name).symlink_to(PACKAGE_DIR, target_is_directory=True)
    return link_dir


def run_recipe(recipe_id, *, python=None, lane=None, index_url=None, rebuild=False, echo=None, **params):
    """Run recipe `recipe_id` with the user's parameters (paths etc.). Returns the result dict.

    python: interpreter to build the lane's venv from (default: the kernel's, else PATH/pyenv);
    lane: force a lane id; index_url: the package index to install the lane's lock from;
    rebuild: delete and rebuild the lane's venv (also CONVERT_DOCTOR_REBUILD_LANES=1)."""
    echo = echo or (lambda line: print(line, flush=True))
    started = time.monotonic()
    recipe = get_recipe(recipe_id)
    resolved = _check_parameters(recipe, params)
    echo(f"Recipe {recipe['id']}: {recipe['title']}")
    check = _kernel_check(recipe)
    if check:
        resolved = check.prepare(resolved, echo)
    plan = _lanes_writing(recipe, resolved, plan_lanes(recipe, python=python, lane_id=lane))
    for attempt, (python, version, chosen, reason) in enumerate(plan):
        try:
            return _run_lane(recipe, resolved, python, version, chosen, reason, started,
                             index_url=index_url, rebuild=rebuild, echo=echo, check=check)
        except StepFailed as exc:
            if exc.returncode != LANE_CANNOT or attempt == len(plan) - 1:
                raise
            echo(f"Lane {chosen['id']} cannot convert this input (step {exc.step!r}); "
                 f"falling back to lane {plan[attempt + 1][2]['id']}")


def _lanes_writing(recipe, resolved, plan):
    """The plan without the lanes that cannot write an output a parameter asks for (`lane_output`,
    e.g. onnx-tflite's savedmodel=True needs a TensorFlow lane)."""
    for name, info in recipe["parameters"].items():
        wanted = info.get("lane_output")
        if not wanted or not resolved.get(name):
            continue
        kept = [entry for entry in plan if wanted in entry[2].get("outputs", [])]
        if not kept:
            writers = [l["id"] for l in recipe["lanes"] if wanted in l.get("outputs", [])]
            raise BadParameters(f"{name}=True needs a lane that writes the {wanted} ({', '.join(writers)}); "
                                f"the lane(s) left to run here do not: {', '.join(e[2]['id'] for e in plan)}",
                                step="select lane")
        if kept[0] is not plan[0]:
            path, version, lane, _ = kept[0]
            kept[0] = (path, version, lane, f"{name}=True asks for the {wanted}: lane {lane['id']} is the "
                       f"best-ranked lane here that writes it (Python {version})")
        plan = kept
    return plan


def _kernel_check(recipe):
    """The recipe's in-kernel check module (verification.in_kernel), or None."""
    name = recipe.get("verification", {}).get("in_kernel")
    return get_check(name) if name else None


def _run_lane(recipe, resolved, python, version, chosen, reason, started, index_url, rebuild, echo, check=None):
    echo(f"Lane {chosen['id']} (Python {chosen['python']}) using {python} (Python {version}): {reason}")
    echo("Pins: " + " ".join(chosen["requirements"]))
    venv = ensure_venv(recipe, chosen, python, version, index_url=index_url, echo=echo, rebuild=rebuild)
    venv_ready = time.monotonic()

    workdir = tempfile.mkdtemp(prefix="convert-doctor-")
    try:
        params_file = Path(workdir) / "params.json"
        result_file = Path(workdir) / "result.json"
        params_file.write_text(json.dumps(resolved))
        env = clean_env({"PYTHONPATH": str(_package_path_dir(workdir))})
        env["PATH"] = str(venv_python(venv).parent) + os.pathsep + env.get("PATH", "")
        current = {"step": "start"}

        def track(line):
            stripped = line.strip()
            if stripped.startswith(STEP_MARKER):
                current["step"] = stripped[len(STEP_MARKER):]
            echo(line)

        cmd = [str(venv_python(venv)), "-u", str(STEPS_DIR / recipe["script"]), str(params_file), str(result_file)]
        timeout = float(os.environ.get("CONVERT_DOCTOR_STEP_TIMEOUT", "1800"))
        returncode, tail, timed_out = run_streamed(cmd, env=env, cwd=workdir, echo=track, timeout=timeout)
        if timed_out:
            raise StepFailed(f"recipe {recipe['id']}: step {current['step']!r} failed: no result after "
                             f"{timeout:.0f} s (CONVERT_DOCTOR_STEP_TIMEOUT); the process was stopped",
                             step=current["step"], output_tail="\n".join(tail))
        if returncode != 0 or not result_file.exists():
            last = _exception_line(tail)
            raise StepFailed(f"recipe {recipe['id']}: step {current['step']!r} failed (exit status {returncode}): "
                             f"{last.strip()}", step=current["step"], output_tail="\n".join(tail),
                             returncode=returncode)
        result = json.loads(result_file.read_text())
        if check:
            # In this process, so with the kernel's own packages, before the workdir goes.
            echo(STEP_MARKER + "verify in kernel")
            result = check.verify(result, workdir, recipe)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    result.setdefault("timings", {})
    result["timings"]["venv_s"] = round(venv_ready - started, 2)
    result["timings"]["total_s"] = round(time.monotonic() - started, 2)
    result.update({"recipe": recipe["id"], "lane": chosen["id"], "lane_reason": reason, "python": version,
                   "requirements": chosen["requirements"], "venv": str(venv)})
    for line in format_summary(result, recipe):
        echo(line)
    if not result.get("passed"):
        float16 = result.get("float16") or {}
        failing = (f"float16 max abs diff {float16.get('max_abs_diff')} exceeds tolerance {float16.get('tolerance')}"
                   if result.get("max_abs_diff", 0) <= result.get("tolerance", 0) and float16 else
                   f"max abs diff {result.get('max_abs_diff')} exceeds tolerance {result.get('tolerance')}")
        raise StepFailed(f"recipe {recipe['id']}: step 'verify' failed: {failing}", step="verify")
    return result
