"""Run a subprocess, echo its output line by line as it comes (visible progress in the cell),
and keep the last lines for error messages."""

import collections
import os
import signal
import subprocess
import threading

_DROPPED_ENV = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTHONNOUSERSITE", "__PYVENV_LAUNCHER__")


def clean_env(extra=None, drop_pip_config=False):
    """The kernel's environment minus whatever would leak the kernel's packages into the child."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
    if drop_pip_config:
        env = {k: v for k, v in env.items() if not k.startswith("PIP_")}
        env["PIP_CONFIG_FILE"] = os.devnull
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


def run_streamed(cmd, env, cwd=None, echo=print, tail_lines=80, prefix="  ", timeout=None):
    """Returns (returncode, list of the last output lines, timed_out). With `timeout` seconds,
    the process group is killed when it runs longer (a hung converter must not hang the cell)."""
    tail = collections.deque(maxlen=tail_lines)
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, text=True, bufsize=1, errors="replace", start_new_session=True,
    )
    fired = threading.Event()

    def kill():
        fired.set()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass

    watchdog = threading.Timer(timeout, kill) if timeout else None
    if watchdog:
        watchdog.daemon = True
        watchdog.start()
    try:
        for line in proc.stdout:
            line = line.rstrip("\n")
            tail.append(line)
            echo(prefix + line)
    finally:
        proc.stdout.close()
        returncode = proc.wait()
        if watchdog:
            watchdog.cancel()
    return returncode, list(tail), fired.is_set()
