"""Runs one failure-lab case inside its venv and records the real exception it raises.

Usage (inside the lab venv): python harness.py CASE_SCRIPT WORKDIR OUT_JSON [PROBE_PY PACKAGES_JSON]

The case script runs as __main__ with WORKDIR as its working directory. The exception it
raises is recorded as a Jupyter error output would carry it: ename (the class name), evalue
(str of the exception) and the formatted traceback as lines, starting at the case script's
own frame (the harness and runpy frames are dropped, as IPython drops its own). After the
failure the project's environment probe runs in the same process, so `loaded` versions show
what the failing code had imported. Stdlib only: it must run on every lab interpreter.
"""

import json
import os
import platform
import runpy
import sys
import traceback


def _frames_from(tb, filename):
    """The traceback from the first frame that belongs to `filename` on."""
    start = tb
    while start is not None and os.path.abspath(start.tb_frame.f_code.co_filename) != filename:
        start = start.tb_next
    return start if start is not None else tb


def _probe(probe_py, packages_json):
    """Run the project's env_probe.py source in this interpreter; return (report, error)."""
    if not probe_py or not os.path.exists(probe_py):
        return None, "env probe not found: %s" % probe_py
    namespace = {"__name__": "convert_doctor_env_probe", "__file__": probe_py}
    try:
        with open(probe_py) as handle:
            exec(compile(handle.read(), probe_py, "exec"), namespace)
        with open(packages_json) as handle:
            watch = json.load(handle)
        return namespace["probe_environment"](watch["packages"]), None
    except Exception as error:  # the lab records a probe failure rather than hiding the case
        return None, "env probe failed: %s: %s" % (type(error).__name__, error)


def main():
    case_script, workdir, out_json = (os.path.abspath(a) for a in sys.argv[1:4])
    probe_py = sys.argv[4] if len(sys.argv) > 4 else None
    packages_json = sys.argv[5] if len(sys.argv) > 5 else None
    os.chdir(workdir)
    sys.argv = [case_script, workdir]
    sys.path.insert(0, os.path.dirname(case_script))
    sys.path.insert(1, os.path.join(os.path.dirname(os.path.dirname(case_script)), "labkit"))
    record = {"raised": False}
    try:
        runpy.run_path(case_script, run_name="__main__")
    except BaseException as error:  # SystemExit too: a converter CLI exits on failure
        tb = _frames_from(error.__traceback__, case_script)
        text = "".join(traceback.format_exception(type(error), error, tb))
        record = {
            "raised": True,
            "ename": type(error).__name__,
            "evalue": str(error),
            "traceback": text.splitlines(),
        }
    record["python"] = platform.python_version()
    record["env"], record["env_error"] = _probe(probe_py, packages_json)
    with open(out_json, "w") as handle:
        json.dump(record, handle, indent=1, default=str)


if __name__ == "__main__":
    main()
