"""Pinned venvs, one per recipe lane and interpreter, created in a private cache folder and then
reused. A lane installs exactly its lock (recipes/locks/<recipe>-<lane>.txt: every package,
exact version, sha256 hashes, wheels only, no resolver), and its venv is keyed on the lock's
hash. The kernel's own environment is never installed into."""

import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import CacheNotTrusted, InstallFailed, RegistryUnreachable
from .streaming import clean_env, run_streamed

READY_MARKER = "convert-doctor-lane.json"
LOCKS_DIR = Path(__file__).resolve().parent / "locks"
REBUILD_ENV = "CONVERT_DOCTOR_REBUILD_LANES"

# pip output that means the index could not be reached (rather than a real resolution conflict).
_NETWORK_PATTERNS = re.compile(
    r"Connection refused|NewConnectionError|Failed to establish a new connection|Max retries exceeded"
    r"|Network is unreachable|Temporary failure in name resolution|Name or service not known"
    r"|ConnectTimeoutError|ReadTimeoutError|timed out|ProxyError|SSLError",
    re.IGNORECASE,
)
_NOT_FOUND = re.compile(r"Could not find a version that satisfies|No matching distribution found", re.IGNORECASE)
_HASH_MISMATCH = re.compile(r"DO NOT MATCH THE HASHES", re.IGNORECASE)
_LOCK_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def cache_root():
    """$CONVERT_DOCTOR_CACHE, else ~/.cache/jupyterlab-convert-doctor."""
    root = os.environ.get("CONVERT_DOCTOR_CACHE")
    return Path(root).expanduser() if root else Path.home() / ".cache" / "jupyterlab-convert-doctor"


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def lane_name(recipe, lane):
    """'<recipe>-<lane>': the name of the lane's lock and venv. A lane that `shares_lane` another
    recipe's lane ('tf-tflite-select-ops:py311') has that lane's name, so it installs the same
    lock into the same venv: no second copy of the same packages is locked or built."""
    shared = lane.get("shares_lane")
    return shared.replace(":", "-", 1) if shared else f"{recipe['id']}-{lane['id']}"


def lock_path(recipe, lane):
    return LOCKS_DIR / f"{lane_name(recipe, lane)}.txt"


def read_lock(path):
    """{canonical name: version} of a lock file (pip requirements with --hash options)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InstallFailed(f"step 'read lock' failed: cannot read the lane's lock {path}: {exc}. "
                            "Run scripts/lock-recipe-lanes.py.", step="read lock") from exc
    pins = {}
    for line in text.replace("\\\n", " ").splitlines():
        m = _LOCK_LINE.match(line.strip())
        if m:
            pins[canonical(m.group(1))] = m.group(2)
    return pins


def lane_key(lock, python_version):
    minor = ".".join(python_version.split(".")[:2])
    digest = hashlib.sha256(f"python {minor}\n".encode() + Path(lock).read_bytes())
    return digest.hexdigest()[:12]


def venv_path(recipe, lane, python_version, lock=None):
    lock = lock or lock_path(recipe, lane)
    return cache_root() / "venvs" / f"{lane_name(recipe, lane)}-{lane_key(lock, python_version)}"


def venv_python(path):
    return Path(path) / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def _site_packages(path):
    return sorted(Path(path).glob("lib/python3*/site-packages")) + sorted(Path(path).glob("Lib/site-packages"))


def installed_set(path):
    """{canonical name: version} of every distribution in the venv's site-packages."""
    found = {}
    for site in _site_packages(path):
        for dist in importlib.metadata.distributions(path=[str(site)]):
            name = dist.metadata["Name"]
            if name:
                found[canonical(name)] = dist.version
    return found


def lock_difference(expected, installed):
    """Human-readable differences between the lock and the venv ('' when they match)."""
    parts = []
    for name in sorted(set(expected) | set(installed)):
        want, have = expected.get(name), installed.get(name)
        if want != have:
            parts.append(f"{name} {have or 'missing'} (lock: {want or 'absent'})")
    return ", ".join(parts)


def is_ready(path):
    return (Path(path) / READY_MARKER).is_file() and venv_python(path).exists()


def rebuild_requested(rebuild=None):
    return bool(rebuild) or os.environ.get(REBUILD_ENV, "") not in ("", "0")


def _untrusted_reason(path, follow):
    """(why `path` is not trusted, whether we own it) or None. POSIX ownership and mode bits;
    Windows has neither in st_mode, so nothing is checked there."""
    if os.name == "nt":
        return None
    info = path.stat() if follow else path.lstat()
    if not follow and stat.S_ISLNK(info.st_mode):
        return "is a symbolic link", True
    if info.st_uid != os.getuid():
        return f"is owned by uid {info.st_uid}, not by you (uid {os.getuid()})", False
    if info.st_mode & 0o022:
        return f"is writable by group/others (mode {stat.S_IMODE(info.st_mode):04o})", True
    return None


def _private_dir(path):
    """Create `path` 0700 (parents with the default mode) if missing."""
    if not path.exists():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.chmod(0o700)


def trusted_cache_root(rebuild=False):
    """The cache root (and its venvs/ and locks/), created 0700. A folder someone else could
    write to is refused: its venvs may be planted. With the rebuild switch, folders we own
    are made private and the venvs under them dropped (they are rebuilt on use)."""
    root = cache_root()
    for folder in (root, root / "venvs", root / "locks"):
        _private_dir(folder)
        problem = _untrusted_reason(folder, follow=folder == root)
        if problem and rebuild and problem[1] and not folder.is_symlink():
            folder.chmod(0o700)
            shutil.rmtree(root / "venvs", ignore_errors=True)
            _private_dir(root / "venvs")
            continue
        if problem:
            reason, ours = problem
            way_out = (f"set {REBUILD_ENV}=1 (or run_recipe(..., rebuild=True)) to make it private and rebuild "
                       "the venvs, or " if ours else "")
            raise CacheNotTrusted(f"recipe cache {folder} {reason}; a venv planted there would run as you. "
                                  f"Refusing it: {way_out}point CONVERT_DOCTOR_CACHE at a private folder of yours.",
                                  step="check cache")
    return root


def _venv_problem(path, lock, rebuild):
    """None when the venv at `path` is ready and trusted, else why it must be (re)built.
    Raises CacheNotTrusted for a venv someone else could have written, unless rebuilding."""
    if not os.path.lexists(path):
        return "missing"
    checked = [path] + ([] if os.path.islink(path) else [path / "bin", *_site_packages(path)])
    for item in checked:
        problem = _untrusted_reason(item, follow=False) if os.path.lexists(item) else None
        if problem:
            if rebuild:
                return f"{item} {problem[0]}"
            raise CacheNotTrusted(f"lane venv {item} {problem[0]}; refusing to run it. Set {REBUILD_ENV}=1 "
                                  "(or run_recipe(..., rebuild=True)) to delete and rebuild it.",
                                  step="check cache")
    if not is_ready(path):
        return "incomplete"
    if rebuild:
        return f"{REBUILD_ENV} / rebuild=True"
    difference = lock_difference(read_lock(lock), installed_set(path))
    return f"its packages no longer match the lock: {difference}" if difference else None


def _pip_options():
    timeout = os.environ.get("CONVERT_DOCTOR_PIP_TIMEOUT", "15")
    retries = os.environ.get("CONVERT_DOCTOR_PIP_RETRIES", "1")
    return ["--timeout", timeout, "--retries", retries, "--no-input", "--progress-bar", "off",
            "--disable-pip-version-check"]


def configured_pip_option(python, key, pip_wheel=None):
    """Values of pip option `key` (e.g. 'index-url', 'find-links') in pip's configuration
    (PIP_* env, config files) as `python -m pip` sees it (pip run from `pip_wheel` if given)."""
    env_value = os.environ.get("PIP_" + key.upper().replace("-", "_"))
    if env_value:
        return env_value.split()
    out = subprocess.run([str(python), "-m", "pip", "config", "list"], capture_output=True, text=True,
                         env=clean_env({"PYTHONPATH": pip_wheel} if pip_wheel else None), timeout=60)
    for line in out.stdout.splitlines():
        name, _, value = line.partition("=")
        if name.rpartition(".")[2] == key and name.split(".")[0] in (":env:", "global", "install"):
            return value.strip().strip("'\"").split()
    return []


def configured_find_links():
    """CONVERT_DOCTOR_FIND_LINKS, else pip's configured find-links, as its value: how the
    project's setup script and tests opt in to this machine's local wheel folders."""
    return os.environ.get("CONVERT_DOCTOR_FIND_LINKS") or os.pathsep.join(
        configured_pip_option(sys.executable, "find-links"))


def package_sources(python, index_url=None, pip_wheel=None):
    """pip options naming where the lock's files come from: one index (explicit, or
    CONVERT_DOCTOR_INDEX_URL, or pip's configured primary index, else PyPI) plus the folders /
    pages in CONVERT_DOCTOR_FIND_LINKS. The user's extra indexes are not consulted; every file
    is checked against the lock's hashes whichever source served it."""
    index_url = index_url or os.environ.get("CONVERT_DOCTOR_INDEX_URL")
    indexes = [index_url] if index_url else configured_pip_option(python, "index-url", pip_wheel)[:1]
    options = ["--index-url", indexes[0]] if indexes else []
    for link in os.environ.get("CONVERT_DOCTOR_FIND_LINKS", "").split(os.pathsep):
        if link.strip():
            options += ["--find-links", link.strip()]
    return options


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
    _private_dir(cache_root())
    _private_dir(lock_path.parent)
    with open(lock_path, "a+") as handle:
        if not _try_lock(handle):
            echo(f"[venv] another process is building {path.name}; waiting for it")
            while not _try_lock(handle):
                time.sleep(poll_seconds)
        try:
            yield
        finally:
            _unlock(handle)


def ensure_venv(recipe, lane, python, python_version, index_url=None, echo=print, rebuild=None, lock=None):
    """The lane's venv, built from its lock unless a trusted one matching the lock exists.
    `rebuild` (or CONVERT_DOCTOR_REBUILD_LANES=1) deletes and rebuilds it. Returns its path."""
    rebuild = rebuild_requested(rebuild)
    trusted_cache_root(rebuild)
    lock = Path(lock or lock_path(recipe, lane))
    path = venv_path(recipe, lane, python_version, lock)
    if _venv_problem(path, lock, rebuild) is None:
        echo(f"[venv] reusing {path}")
        return path
    with lane_build_lock(path, echo):
        problem = _venv_problem(path, lock, rebuild)
        if problem is None:
            echo(f"[venv] reusing {path} (built while we waited)")
            return path
        if problem not in ("missing", "incomplete"):
            echo(f"[venv] rebuilding {path}: {problem}")
        return _build_venv(recipe, lane, python, python_version, path, lock, index_url, echo)


def _remove(path):
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.exists(path):
        shutil.rmtree(path)


def _discard(path):
    """Move a partial venv out of the venvs folder at once (a rename), for _empty_trash to
    delete: an interrupted cell must not wait for thousands of files to be removed."""
    trash = cache_root() / "trash"
    _private_dir(trash)
    try:
        os.rename(path, trash / f"{path.name}-{os.getpid()}-{time.monotonic_ns()}")
    except FileNotFoundError:
        pass


def _empty_trash():
    shutil.rmtree(cache_root() / "trash", ignore_errors=True)


def _build_venv(recipe, lane, python, python_version, path, lock, index_url, echo):
    _empty_trash()
    if os.path.lexists(path):
        echo(f"[venv] removing {path}")
        _remove(path)
    try:
        return _create_and_install(recipe, lane, python, python_version, path, lock, index_url, echo)
    except KeyboardInterrupt:
        # No half-built venv stays at its path (the ready marker is written last anyway, so a
        # leftover would never be taken as complete); the next build deletes it.
        _discard(path)
        raise
    except BaseException:
        _discard(path)
        _empty_trash()
        raise


def _install_failed(returncode, tail, sources, timed_out, timeout):
    text = "\n".join(tail)
    where = ", ".join(v for v in sources if not v.startswith("--")) or "pip's default index"
    if timed_out:
        return InstallFailed(f"step 'install lock' failed: pip did not finish within {timeout:.0f} s "
                             "(CONVERT_DOCTOR_PIP_INSTALL_TIMEOUT); it was stopped. Last pip lines:\n"
                             + "\n".join(tail[-6:]), step="install lock")
    if _NETWORK_PATTERNS.search(text):
        return RegistryUnreachable(
            f"step 'install lock' failed: pip could not reach the package index ({where}); this machine "
            "looks offline or the index is blocked. Connect, set CONVERT_DOCTOR_INDEX_URL to a reachable "
            "mirror, or pre-build the venv on a connected machine into CONVERT_DOCTOR_CACHE. Last pip lines:\n"
            + "\n".join(tail[-6:]), step="install lock")
    if _HASH_MISMATCH.search(text):
        reason = "a downloaded file does not match the hash in the lane's lock"
    elif _NOT_FOUND.search(text):
        reason = (f"a locked wheel is not available from {where} for this Python/platform "
                  "(add a folder or page holding it to CONVERT_DOCTOR_FIND_LINKS)")
    else:
        reason = "pip exited with status %d" % returncode
    return InstallFailed(f"step 'install lock' failed: {reason}. Last pip lines:\n" + "\n".join(tail[-12:]),
                         step="install lock")


# Run in the lane's interpreter: the pip wheel its ensurepip ships (CPython's _bundled folder, or
# the folder a distribution moved it to, e.g. Debian's /usr/share/python-wheels), '' if none.
_BUNDLED_PIP_CODE = """import glob, os, ensurepip
folders = [os.path.join(os.path.dirname(ensurepip.__file__), "_bundled"), getattr(ensurepip, "_WHEEL_PKG_DIR", None) or ""]
wheels = [w for f in folders if f for w in glob.glob(os.path.join(f, "pip-*.whl"))]
print(sorted(wheels)[-1] if wheels else "")"""


def bundled_pip_wheel(python):
    """The pip wheel `python`'s ensurepip would install, or None (no ensurepip, e.g. Debian's
    python3 without python3-venv)."""
    try:
        out = subprocess.run([str(python), "-I", "-c", _BUNDLED_PIP_CODE], capture_output=True, text=True,
                             env=clean_env(), timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    wheel = out.stdout.strip() if out.returncode == 0 else ""
    return wheel if wheel and os.path.isfile(wheel) else None


def _make_venv(python, path, with_pip):
    cmd = [str(python), "-m", "venv", *([] if with_pip else ["--without-pip"]), str(path)]
    try:
        made = subprocess.run(cmd, capture_output=True, text=True, env=clean_env(), timeout=300)
    except subprocess.TimeoutExpired as exc:
        raise InstallFailed(f"step 'create venv' failed: {' '.join(cmd)} took over 300 s",
                            step="create venv") from exc
    if made.returncode != 0:
        raise InstallFailed(f"step 'create venv' failed: {' '.join(cmd)}: {made.stderr.strip()}",
                            step="create venv")


def _create_and_install(recipe, lane, python, python_version, path, lock, index_url, echo):
    started = time.monotonic()
    echo(f"[venv] creating {path} from {python} (Python {python_version})")
    # Speed (bench/lane_build_bench.py): seeding pip into the venv (ensurepip) costs ~12 s and
    # leaves pip/setuptools to uninstall; pip run from the interpreter's own bundled wheel
    # installs into a --without-pip venv just the same. Without a bundled wheel: seed as before.
    wheel = bundled_pip_wheel(python)
    _make_venv(python, path, with_pip=wheel is None)
    pip = [str(venv_python(path)), "-m", "pip"]
    pip_env = clean_env({"PYTHONPATH": wheel} if wheel else None, drop_pip_config=True)
    sources = package_sources(venv_python(path), index_url, wheel)
    expected = read_lock(lock)
    # --isolated: no pip config or PIP_* variables (extra indexes, constraints); --no-deps and
    # --require-hashes: exactly the lock's files, nothing resolved; wheels only: no setup.py runs.
    # --no-compile: byte-compiling every installed module took most of the build (~55 s of ~70 s
    # for the TensorFlow-free onnx-tflite lane); Python writes the .pyc of the modules a
    # conversion really imports on first use instead.
    cmd = [*pip, "install", "--isolated", "--require-hashes", "--only-binary=:all:", "--no-deps", "--no-compile",
           *_pip_options(), *sources, "-r", str(lock)]
    echo(f"[venv] installing the {len(expected)} locked packages of {lock.name}"
         + (f" ({' '.join(sources)})" if sources else ""))
    timeout = float(os.environ.get("CONVERT_DOCTOR_PIP_INSTALL_TIMEOUT", "1800"))
    returncode, tail, timed_out = run_streamed(cmd, env=pip_env, echo=echo, timeout=timeout)
    if returncode != 0 or timed_out:
        raise _install_failed(returncode, tail, sources, timed_out, timeout)
    # pip / setuptools that `python -m venv` seeded (no bundled wheel) are not in the lock:
    # remove them, so the venv holds exactly the lock and any later change to it shows.
    extra = sorted(set(installed_set(path)) - set(expected))
    if extra:
        subprocess.run([*pip, "uninstall", "--isolated", "-y", *extra], capture_output=True, text=True,
                       env=pip_env, timeout=300)
    difference = lock_difference(expected, installed_set(path))
    if difference:
        raise InstallFailed(f"step 'install lock' failed: the venv does not match {lock.name}: {difference}",
                            step="install lock")
    for item in [path, path / "bin", *_site_packages(path)]:  # a umask of 002 must not make it untrusted
        item.chmod(stat.S_IMODE(item.stat().st_mode) & ~0o022)
    marker = {"recipe": recipe["id"], "lane": lane["id"], "python": python_version,
              "lock": lock.name, "lock_sha256": hashlib.sha256(lock.read_bytes()).hexdigest(),
              "installed": expected, "build_seconds": round(time.monotonic() - started, 1)}
    (path / READY_MARKER).write_text(json.dumps(marker, indent=1))  # last: marks the venv complete
    echo(f"[venv] ready in {marker['build_seconds']} s")
    return path
