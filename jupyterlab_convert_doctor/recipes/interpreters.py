"""Find a Python interpreter for a lane (the kernel's own base interpreter, python3.X on PATH,
or pyenv's versions) and rank the lanes this machine can run. The lane's venv is created from
that interpreter; the interpreter itself is never modified.

This is the project's one interpreter finder: scripts, benches, the lab and the tests ask it for
"a Python 3.12" (find_interpreter) instead of naming pyenv paths. Shell scripts use its CLI,
`python -m jupyterlab_convert_doctor.recipes.find_python 3.13` (recipes/find_python.py)."""

import glob
import os
import shutil
import subprocess
import sys

from .catalog import describe_lanes, get_lane, lane_for_python, ranked_lanes, why_no_lane
from .errors import NoLaneForPython
from .python_spec import matches

_VERSION_CODE = "import sys; print('.'.join(map(str, sys.version_info[:3])))"


def interpreter_version(python):
    try:
        out = subprocess.run([python, "-I", "-c", _VERSION_CODE], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NoLaneForPython(f"cannot run the Python interpreter {python!r}: {exc}", step="select lane") from exc
    if out.returncode != 0:
        raise NoLaneForPython(f"cannot run the Python interpreter {python!r}: {out.stderr.strip()}", step="select lane")
    return out.stdout.strip()


def candidate_interpreters():
    """Interpreters in order of preference, deduplicated by real path."""
    found = [getattr(sys, "_base_executable", None) or sys.executable]
    for minor in range(20, 9, -1):
        path = shutil.which(f"python3.{minor}")
        if path:
            found.append(path)
    pyenv_root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found.extend(sorted(glob.glob(os.path.join(pyenv_root, "versions", "3.*", "bin", "python")), reverse=True))
    seen, unique = set(), []
    for path in found:
        real = os.path.realpath(path)
        if os.path.exists(real) and real not in seen:
            seen.add(real)
            unique.append(path)
    return unique


_VERSIONS = {}  # path -> version (None: does not run); interpreters don't change within a process


def _cached_version(path):
    if path not in _VERSIONS:
        try:
            _VERSIONS[path] = interpreter_version(path)
        except NoLaneForPython:
            _VERSIONS[path] = None
    return _VERSIONS[path]


def override_variable(version):
    """The environment variable naming the interpreter for `version`'s minor: CONVERT_DOCTOR_PY312."""
    return "CONVERT_DOCTOR_PY" + "".join(version.split(".")[:2])


def find_interpreter(version):
    """The path of a Python `version`: "3.12" (any 3.12.x) or "3.12.1" (exactly that, because a
    lane's lock and its cached venv belong to the patch in its tested_on); None when there is none.

    CONVERT_DOCTOR_PY312 (for 3.12; likewise each minor) names the interpreter to use instead.
    Candidates whose path names the version are tried first and pyenv shims last, so the usual
    case runs one interpreter, not every one on the machine."""
    minor = ".".join(version.split(".")[:2])
    override = os.environ.get(override_variable(version))
    if override:
        return override
    candidates = sorted(candidate_interpreters(),
                        key=lambda path: (version not in path and minor not in path, "shims" in path.split(os.sep)))
    exact = version.count(".") >= 2
    for path in candidates:
        found = _cached_version(path)
        if found and (found == version if exact else found.startswith(minor + ".")):
            return path
    return None


def require_interpreter(version):
    """find_interpreter(version), or NoLaneForPython saying where it looked and how to name one."""
    path = find_interpreter(version)
    if not path:
        raise NoLaneForPython(f"no Python {version} found (looked at the kernel's interpreter, python3.X on PATH "
                              f"and pyenv's versions; set {override_variable(version)} to one)", step="select lane")
    return path


def available_interpreters():
    """[(path, version)] of every interpreter candidate_interpreters() finds that runs."""
    found = []
    for path in candidate_interpreters():
        try:
            found.append((path, interpreter_version(path)))
        except NoLaneForPython:
            continue
    return found


def plan_lanes(recipe, python=None, lane_id=None, interpreters=None):
    """Every lane this machine can run, best first, as [(python path, version, lane, reason)].

    The lanes are ranked for the user, not for the kernel: the best-ranked lane ("preference"
    in recipes.json) that any interpreter here fits comes first; among the interpreters fitting a
    lane, one of a minor in its tested_on first, then candidate_interpreters() order (the
    kernel's own first). An explicit `python`
    (or `lane_id`) narrows the choice; the reason says what decided it."""
    if python:
        version = interpreter_version(python)
        if lane_id:
            lane = get_lane(recipe, lane_id)
            if not matches(lane["python"], version):
                raise NoLaneForPython(
                    f"lane {lane_id!r} of recipe {recipe['id']!r} needs Python {lane['python']}, "
                    f"but {python} is Python {version}", step="select lane")
            return [(python, version, lane, f"lane {lane_id} and python={python} were asked for")]
        fitting = [lane for lane in ranked_lanes(recipe) if matches(lane["python"], version)]
        if not fitting:
            lane_for_python(recipe, version)  # raises the usual message
        return [(python, version, lane, f"python={python} (Python {version}) was asked for; lane {lane['id']} "
                 f"is the best-ranked lane for it") for lane in fitting]
    wanted = [get_lane(recipe, lane_id)] if lane_id else ranked_lanes(recipe)
    found = available_interpreters() if interpreters is None else interpreters
    chosen = []  # (rank, index of its interpreter in `found`, file order, path, version, lane)
    for order, lane in enumerate(wanted):
        # An interpreter of a minor the lane was tested on first (its lock was resolved for it and
        # CI built it); otherwise candidate_interpreters() order, the kernel's own first.
        tested = {".".join(v.split(".")[:2]) for v in lane.get("tested_on", [])}
        fits = sorted((i for i, (_, version) in enumerate(found) if matches(lane["python"], version)),
                      key=lambda i: ".".join(found[i][1].split(".")[:2]) not in tested)
        if fits:
            chosen.append((lane.get("preference", float("inf")), fits[0], order, *found[fits[0]], lane))
    # Lanes of equal rank (e.g. a recipe without ranks): the kernel's interpreter decides, as before.
    chosen.sort(key=lambda c: c[:3])
    plan = []
    for _, _, _, path, version, lane in chosen:
        if lane_id:
            reason = f"lane {lane_id} was asked for"
        elif not plan and lane is wanted[0] and "preference" in lane:
            reason = (f"the best-ranked lane of {recipe['id']} (fastest verified); this machine has "
                      f"Python {version} for it")
        elif not plan:
            better = [l for l in wanted if l.get("preference", float("inf")) < lane.get("preference", float("inf"))]
            reason = ("no interpreter here fits the better-ranked lane(s) "
                      + ", ".join(f"{l['id']} (Python {l['python']})" for l in better) if better else
                      f"the first lane this machine's interpreters fit (the kernel's first): Python {version}")
        else:
            reason = f"next-ranked lane after {plan[-1][2]['id']}"
        plan.append((path, version, lane, reason))
    if not plan:
        tried = ", ".join(f"{path} ({version})" for path, version in found)
        raise NoLaneForPython(
            f"no Python interpreter on this machine fits recipe {recipe['id']!r}; its lanes are: "
            f"{describe_lanes(recipe)}; interpreters found: {tried or 'none'}. "
            "Install a matching Python (e.g. with pyenv) and pass python='/path/to/python'."
            + why_no_lane(recipe, [version for _, version in found]),
            step="select lane")
    return plan


def choose_interpreter(recipe, python=None, lane_id=None):
    """(python path, its version, lane): the first of plan_lanes()."""
    return plan_lanes(recipe, python=python, lane_id=lane_id)[0][:3]

