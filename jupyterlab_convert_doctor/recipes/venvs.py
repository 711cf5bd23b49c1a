"""Pinned venvs, one per recipe lane, created once in a cache folder and then reused.
The kernel's own environment is never installed into."""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import InstallFailed, RegistryUnreachable
from .streaming import clean_env, run_streamed

READY_MARKER = "convert-doctor-lane.json"

# pip output that means the index could not be reached (rather than a real resolution conflict).
_NETWORK_PATTERNS = re.compile(
    r"Connection refused|NewConnectionError|Failed to establish a new connection|Max retries exceeded"
    r"|Network is unreachable|Temporary failure in name resolution|Name or service not known"
    r"|ConnectTimeoutError|ReadTimeoutError|timed out|ProxyError|SSLError",
    re.IGNORECASE,
)
_NOT_FOUND = re.compile(r"Could not find a version that satisfies|No matching distribution found", re.IGNORECASE)


def cache_root():
    """$CONVERT_DOCTOR_CACHE, else ~/.cache/jupyterlab-convert-doctor."""
    root = os.environ.get("CONVERT_DOCTOR_CACHE")
    return Path(root).expanduser() if root else Path.home() / ".cache" / "jupyterlab-convert-doctor"


def pins_hash(lane, python_version):
    minor = ".".join(python_version.split(".")[:2])
    text = json.dumps({"python": minor, "requirements": sorted(lane["requirements"])}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def venv_path(recipe, lane, python_version):
    return cache_root() / "venvs" / f"{recipe['id']}-{lane['id']}-{pins_hash(lane, python_version)}"


def venv_python(path):
    return Path(path) / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def is_ready(path):
    return (Path(path) / READY_MARKER).is_file() and venv_python(path).exists()


def _pip_options():
    timeout = os.environ.get("CONVERT_DOCTOR_PIP_TIMEOUT", "15")
    retries = os.environ.get("CONVERT_DOCTOR_PIP_RETRIES", "1")
    return ["--timeout", timeout, "--retries", retries, "--no-input", "--progress-bar", "off",
            "--disable-pip-version-check"]


def _try_lock(handle):
    try:
        if sys.platform == "win32":
            import msvcrt
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(handle):
    if sys.platform == "win32":
        import msvcrt
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def lane_build_lock(path, echo=print, poll_seconds=0.5):
    """One builder per lane venv across processes (two notebooks running the same fix cell):
    the second waits, then finds the venv ready. The OS drops the lock if a builder dies."""
    # Beside the venvs, not among them: the venvs folder holds only venvs.
    lock_path = cache_root() / "locks" / (path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        if not _try_lock(handle):
            echo(f"[venv] another process is building {path.name}; waiting for it")
            while not _try_lock(handle):
                time.sleep(poll_seconds)
        try:
            yield
        finally:
            _unlock(handle)


def ensure_venv(recipe, lane, python, python_version, index_url=None, echo=print):
    """Create and install the lane's venv unless a complete one exists. Returns its path."""
    path = venv_path(recipe, lane, python_version)
    if is_ready(path):
        echo(f"[venv] reusing {path}")
        return path
    with lane_build_lock(path, echo):
        if is_ready(path):
            echo(f"[venv] reusing {path} (built while we waited)")
            return path
        return _build_venv(recipe, lane, python, python_version, path, index_url, echo)


def _build_venv(recipe, lane, python, python_version, path, index_url, echo):
    if path.exists():
        echo(f"[venv] removing incomplete venv {path}")
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    echo(f"[venv] creating {path} from {python} (Python {python_version})")
    made = subprocess.run([python, "-m", "venv", str(path)], capture_output=True, text=True, env=clean_env())
    if made.returncode != 0:
        raise InstallFailed(f"step 'create venv' failed: {python} -m venv {path}: {made.stderr.strip()}",
                            step="create venv")
    index_url = index_url or os.environ.get("CONVERT_DOCTOR_INDEX_URL")
    cmd = [str(venv_python(path)), "-m", "pip", "install", *_pip_options()]
    if index_url:
        cmd += ["--index-url", index_url]
    cmd += list(lane["requirements"])
    echo(f"[venv] installing {len(lane['requirements'])} pinned requirements"
         + (f" from {index_url}" if index_url else ""))
    returncode, tail, _ = run_streamed(cmd, env=clean_env(drop_pip_config=bool(index_url)), echo=echo)
    if returncode != 0:
        shutil.rmtree(path, ignore_errors=True)
        text = "\n".join(tail)
        if _NETWORK_PATTERNS.search(text):
            raise RegistryUnreachable(
                "step 'install pins' failed: pip could not reach the package index "
                f"({index_url or 'pip configuration default'}); this machine looks offline or the index is blocked. "
                "Connect, set CONVERT_DOCTOR_INDEX_URL to a reachable mirror, or pre-build the venv "
                "on a connected machine into CONVERT_DOCTOR_CACHE. Last pip lines:\n" + "\n".join(tail[-6:]),
                step="install pins")
        reason = "a pinned version is not available for this Python/platform" if _NOT_FOUND.search(text) \
            else "pip exited with status %d" % returncode
        raise InstallFailed(f"step 'install pins' failed: {reason}. Last pip lines:\n" + "\n".join(tail[-12:]),
                            step="install pins")
    freeze = subprocess.run([str(venv_python(path)), "-m", "pip", "freeze", "--all"],
                            capture_output=True, text=True, env=clean_env()).stdout.splitlines()
    marker = {"recipe": recipe["id"], "lane": lane["id"], "python": python_version,
              "requirements": lane["requirements"], "freeze": freeze,
              "build_seconds": round(time.monotonic() - started, 1)}
    (path / READY_MARKER).write_text(json.dumps(marker, indent=1))
    echo(f"[venv] ready in {marker['build_seconds']} s")
    return path
