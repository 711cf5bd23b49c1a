"""Find a Python interpreter for a lane: the kernel's own base interpreter, python3.X on PATH,
or pyenv's versions. The lane's venv is created from it; the interpreter itself is never modified."""

import glob
import os
import shutil
import subprocess
import sys

from .catalog import describe_lanes, get_lane, lane_for_python
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


def choose_interpreter(recipe, python=None, lane_id=None):
    """(python path, its version, lane). An explicit `python` must fit a lane (or `lane_id`)."""
    if python:
        version = interpreter_version(python)
        if lane_id:
            lane = get_lane(recipe, lane_id)
            if not matches(lane["python"], version):
                raise NoLaneForPython(
                    f"lane {lane_id!r} of recipe {recipe['id']!r} needs Python {lane['python']}, "
                    f"but {python} is Python {version}", step="select lane")
            return python, version, lane
        return python, version, lane_for_python(recipe, version)
    wanted = [get_lane(recipe, lane_id)] if lane_id else recipe["lanes"]
    tried = []
    for path in candidate_interpreters():
        try:
            version = interpreter_version(path)
        except NoLaneForPython:
            continue
        tried.append(f"{path} ({version})")
        for lane in wanted:
            if matches(lane["python"], version):
                return path, version, lane
    raise NoLaneForPython(
        f"no Python interpreter on this machine fits recipe {recipe['id']!r}; its lanes are: "
        f"{describe_lanes(recipe)}; interpreters found: {', '.join(tried) or 'none'}. "
        "Install a matching Python (e.g. with pyenv) and pass python='/path/to/python'.",
        step="select lane")
