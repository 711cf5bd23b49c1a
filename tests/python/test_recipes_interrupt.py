"""Interrupting a recipe (the kernel's Interrupt button: SIGINT, KeyboardInterrupt in the kernel's
main thread) stops the running step and everything it spawned within 5 s, and an interrupted
venv build leaves no venv behind. Real kernel, real processes, real pip."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from jupyterlab_convert_doctor.recipes.venvs import is_ready, venv_path
from lock_builders import write_lock, write_wheel
from recipe_lanes import REPO

# The step: ignores SIGTERM (so only the SIGKILL escalation stops it) and starts a grandchild
# that does the same; both sleep far past the test.
STEP = r"""
import os, signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
grandchild = subprocess.Popen([sys.executable, "-c",
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"])
print("PIDS", os.getpid(), grandchild.pid, flush=True)
time.sleep(600)
"""


def alive(pid):
    """Running (a zombie waiting for its reaper counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def group_members(pgid):
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


def kill_leftovers(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def test_kernel_interrupt_stops_the_step_and_its_process_group_within_5_s(tmp_path):
    from jupyter_client.manager import start_new_kernel

    step = tmp_path / "step.py"
    step.write_text(STEP)
    code = ("from jupyterlab_convert_doctor.recipes.streaming import clean_env, run_streamed\n"
            f"run_streamed([{sys.executable!r}, '-u', {str(step)!r}], env=clean_env())\n")
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(tmp_path))
    pids = []
    try:
        msg_id = kc.execute(code)
        deadline = time.monotonic() + 60
        while not pids:
            assert time.monotonic() < deadline, "the step never started"
            msg = kc.get_iopub_msg(timeout=60)
            text = msg["content"].get("text", "") if msg["parent_header"].get("msg_id") == msg_id else ""
            for line in text.splitlines():
                if line.strip().startswith("PIDS"):
                    pids = [int(p) for p in line.split()[1:]]
        assert all(alive(pid) for pid in pids)
        started = time.monotonic()
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:  # e.g. start-up's kernel_info reply
            reply = kc.get_shell_msg(timeout=30)
        elapsed = time.monotonic() - started
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
        assert elapsed < 5, f"the interrupt took {elapsed:.1f} s to surface"
        assert not any(alive(pid) for pid in pids), "a process of the step survived the interrupt"
        assert group_members(pids[0]) == []
        # The kernel is usable afterwards.
        assert kc.execute_interactive("1 + 1", timeout=30)["content"]["status"] == "ok"
    finally:
        kill_leftovers(pids)
        kc.stop_channels()
        km.shutdown_kernel(now=True)


class StallingIndex:
    """A package index on 127.0.0.1 that accepts connections and never answers: pip hangs in
    the install step until it is stopped."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}/simple"
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.connections.append(self.server.accept()[0])
            except OSError:
                return

    def close(self):
        self.server.close()
        for conn in self.connections:
            conn.close()


def start_builder(tmp_path, lock, index_url, extra_env=None):
    """ensure_venv in a separate Python process (standing in for the kernel), which prints the
    outcome (and when a KeyboardInterrupt reached it, wall clock) as JSON on its last line."""
    code = (
        "import json, signal, sys, time\n"
        # A kernel handles SIGINT whatever it inherited; a shell's background job starts with it ignored.
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "surfaced = None\n"
        "from jupyterlab_convert_doctor.recipes.venvs import ensure_venv\n"
        "try:\n"
        f"    ensure_venv({{'id': 'interrupt-test'}}, {{'id': 'only'}}, sys.executable, '3.11.0',\n"
        f"                index_url={index_url!r}, lock={str(lock)!r})\n"
        "    outcome = 'built'\n"
        "except KeyboardInterrupt:\n"
        "    outcome = 'KeyboardInterrupt'\n"
        "    surfaced = time.time()\n"
        "except Exception as exc:\n"
        "    outcome = type(exc).__name__ + ': ' + str(exc)\n"
        "print(json.dumps({'outcome': outcome, 'surfaced': surfaced}), flush=True)\n"
    )
    env = {"CONVERT_DOCTOR_CACHE": str(tmp_path / "cache"), "PATH": os.environ["PATH"], "PYTHONPATH": str(REPO),
           "CONVERT_DOCTOR_PIP_TIMEOUT": "120", **(extra_env or {})}
    return subprocess.Popen([sys.executable, "-u", "-c", code], env=env, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)


def pip_processes_under(folder):
    """The lock's `pip install` processes of venvs under `folder`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if (entry.name.isdigit() and str(folder) in cmdline and " -m pip install " in cmdline
                and "--require-hashes" in cmdline and alive(int(entry.name))):
            found.append(int(entry.name))
    return found


def test_interrupt_during_the_venv_build_stops_pip_and_leaves_no_venv(tmp_path):
    lock = write_lock(tmp_path, write_wheel(tmp_path))
    index = StallingIndex()
    builder = start_builder(tmp_path, lock, index.url)
    try:
        deadline = time.monotonic() + 180
        # pip has asked the index and waits, silent, for an answer that never comes.
        while not index.connections:
            assert time.monotonic() < deadline and builder.poll() is None, builder.stdout.read()
            time.sleep(0.2)
        assert pip_processes_under(tmp_path / "cache")
        time.sleep(0.5)
        interrupted = time.time()
        builder.send_signal(signal.SIGINT)
        rest, _ = builder.communicate(timeout=30)
        result = json.loads(rest.strip().splitlines()[-1])
    finally:
        index.close()
        kill_leftovers(pip_processes_under(tmp_path / "cache"))
        if builder.poll() is None:
            builder.kill()
    assert result["outcome"] == "KeyboardInterrupt", rest
    elapsed = result["surfaced"] - interrupted
    assert elapsed < 5, f"the interrupt took {elapsed:.1f} s"
    assert pip_processes_under(tmp_path / "cache") == []
    path = venv_path({"id": "interrupt-test"}, {"id": "only"}, "3.11.0", lock).name
    venvs = tmp_path / "cache" / "venvs"
    assert not (venvs / path).exists() and list(venvs.iterdir()) == []
    assert not is_ready(venvs / path)
    # The next build clears what the interrupted one left in the trash, and succeeds.
    builder = start_builder(tmp_path, lock, "http://127.0.0.1:9/simple", {"CONVERT_DOCTOR_FIND_LINKS": str(tmp_path)})
    out, _ = builder.communicate(timeout=300)
    assert json.loads(out.strip().splitlines()[-1])["outcome"] == "built", out
    assert is_ready(venvs / path) and not (tmp_path / "cache" / "trash").exists()


def test_a_pip_install_that_hangs_is_stopped_at_the_install_timeout(tmp_path):
    lock = write_lock(tmp_path, write_wheel(tmp_path))
    index = StallingIndex()
    try:
        builder = start_builder(tmp_path, lock, index.url, {"CONVERT_DOCTOR_PIP_INSTALL_TIMEOUT": "3"})
        out, _ = builder.communicate(timeout=120)
    finally:
        index.close()
    result = json.loads(out.strip().splitlines()[-1])
    assert result["outcome"].startswith("InstallFailed: step 'install lock' failed: pip did not finish within 3 s"), out
    assert pip_processes_under(tmp_path / "cache") == []
    assert list((tmp_path / "cache" / "venvs").iterdir()) == []
