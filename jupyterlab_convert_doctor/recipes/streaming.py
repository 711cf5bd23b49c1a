"""Run a subprocess, echo its output line by line as it comes (visible progress in the cell),
and keep the last lines for error messages. The subprocess gets its own process group, which
is stopped as a whole on timeout or kernel interrupt: nothing it spawned outlives the cell."""

import collections
import os
import signal
import subprocess
import threading
import time

_DROPPED_ENV = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTHONNOUSERSITE", "__PYVENV_LAUNCHER__")

# SIGTERM first so converters can clean up; SIGKILL after this many seconds. Kept well under
# the 5 s an interrupted cell may take to give control back.
TERM_GRACE_SECONDS = 2.0


def clean_env(extra=None, drop_pip_config=False):
    """The kernel's environment minus whatever would leak the kernel's packages into the child."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
    if drop_pip_config:
        env = {k: v for k, v in env.items() if not k.startswith("PIP_")}
        env["PIP_CONFIG_FILE"] = os.devnull
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


def _signal_group(pgid, sig):
    try:
        os.killpg(pgid, sig)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def stop_group(proc, grace=TERM_GRACE_SECONDS):
    """SIGTERM the process group of `proc` (its own session), SIGKILL it after `grace` seconds,
    and reap `proc`. Members that ignore SIGTERM or outlive the leader are killed too."""
    try:
        if _signal_group(proc.pid, signal.SIGTERM):
            deadline = time.monotonic() + grace
            while time.monotonic() < deadline:
                if proc.poll() is not None and not _signal_group(proc.pid, 0):
                    return  # leader reaped and no member left
                time.sleep(0.05)
    finally:
        # Also reached on a second interrupt during the grace period.
        _signal_group(proc.pid, signal.SIGKILL)
        proc.wait()


def run_streamed(cmd, env, cwd=None, echo=print, tail_lines=80, prefix="  ", timeout=None):
    """Returns (returncode, list of the last output lines, timed_out). With `timeout` seconds,
    the process group is killed when it runs longer (a hung converter must not hang the cell).
    A KeyboardInterrupt (kernel interrupt) stops the whole group, then propagates."""
    tail = collections.deque(maxlen=tail_lines)
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, text=True, bufsize=1, errors="replace", start_new_session=True,
    )
    fired = threading.Event()

    def kill():
        fired.set()
        _signal_group(proc.pid, signal.SIGKILL)

    watchdog = threading.Timer(timeout, kill) if timeout else None
    if watchdog:
        watchdog.daemon = True
        watchdog.start()
    try:
        for line in proc.stdout:
            line = line.rstrip("\n")
            tail.append(line)
            echo(prefix + line)
        returncode = proc.wait()
    except BaseException:
        # Interrupted (or echo failed) mid-stream: the child must not keep running unseen.
        stop_group(proc)
        raise
    finally:
        if watchdog:
            watchdog.cancel()
        proc.stdout.close()
    return returncode, list(tail), fired.is_set()
