"""Two kernels running the same fix cell at once must not build (or delete) the same lane venv
twice: the second waits for the first and reuses its venv. Real processes, real venvs, real
pip, offline (the requirement is a wheel written here; the index is a dead port)."""

import subprocess
import sys
import time

from jupyterlab_convert_doctor.recipes.venvs import lane_build_lock, venv_path, venv_python
from lock_builders import write_lock, write_wheel
from recipe_lanes import REPO

def test_concurrent_builds_of_one_lane_build_it_once(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVERT_DOCTOR_CACHE", str(tmp_path / "cache"))
    lock = write_lock(tmp_path, write_wheel(tmp_path))
    recipe = {"id": "lock-test"}
    lane = {"id": "only", "requirements": ["cdlockprobe==0.1"]}
    version = "%d.%d.%d" % sys.version_info[:3]
    env = {"CONVERT_DOCTOR_CACHE": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO),
           "CONVERT_DOCTOR_FIND_LINKS": str(tmp_path)}
    builder = (
        "import sys\n"
        "from jupyterlab_convert_doctor.recipes.venvs import ensure_venv\n"
        f"print('PATH', ensure_venv({recipe!r}, {lane!r}, sys.executable, {version!r},"
        f" index_url='http://127.0.0.1:9/simple', lock={str(lock)!r}), flush=True)\n"
    )
    path = venv_path(recipe, lane, version, lock)
    # Hold the lane's lock ourselves until both builders are waiting on it: a real overlap.
    with lane_build_lock(path, echo=lambda line: None):
        procs = [subprocess.Popen([sys.executable, "-u", "-c", builder], env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(2)]
        lines = [[], []]
        deadline = time.monotonic() + 60
        for proc, out in zip(procs, lines):
            while not any("waiting for it" in line for line in out):
                assert time.monotonic() < deadline, f"builder never waited: {out}"
                line = proc.stdout.readline()
                assert line, f"builder exited early: {out}"
                out.append(line)
    for proc, out in zip(procs, lines):
        rest, _ = proc.communicate(timeout=300)
        out.extend(rest.splitlines())
        assert proc.returncode == 0, "".join(out)
    outputs = ["\n".join(out) for out in lines]
    assert sum(text.count("[venv] creating") for text in outputs) == 1, outputs
    assert sum("built while we waited" in text for text in outputs) == 1, outputs
    assert all(f"PATH {path}" in text for text in outputs), outputs
    check = subprocess.run([str(venv_python(path)), "-c", "import cdlockprobe; print(cdlockprobe.VALUE)"],
                           capture_output=True, text=True)
    assert check.stdout.strip() == "42", check.stderr
