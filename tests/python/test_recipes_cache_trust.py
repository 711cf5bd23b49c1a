"""The venv cache is only trusted when nobody else can write to it: a shared or planted cache is
refused with a one-line error naming the way out (CONVERT_DOCTOR_REBUILD_LANES), and a venv
whose packages drifted from its lock is rebuilt. Real venvs, real pip, offline (local wheels)."""

import os
import pwd
import subprocess
import sys

import pytest

from jupyterlab_convert_doctor.recipes import CacheNotTrusted, run_recipe
from jupyterlab_convert_doctor.recipes.venvs import REBUILD_ENV, ensure_venv, installed_set, read_lock
from lock_builders import write_lock, write_wheel
from recipe_pythons import lane_version, python_or_skip

RECIPE, LANE = {"id": "trust-test"}, {"id": "only"}
DEAD_INDEX = "http://127.0.0.1:9/simple"
VERSION = "%d.%d.%d" % sys.version_info[:3]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVERT_DOCTOR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("CONVERT_DOCTOR_FIND_LINKS", str(tmp_path))
    monkeypatch.delenv(REBUILD_ENV, raising=False)
    return tmp_path / "cache"


def build(lock, lines=None, **kwargs):
    return ensure_venv(RECIPE, LANE, sys.executable, VERSION, index_url=DEAD_INDEX, lock=lock,
                       echo=(lines.append if lines is not None else lambda line: None), **kwargs)


def test_the_cache_root_is_created_private(cache):
    old = os.umask(0)
    try:
        build(write_lock(cache.parent, write_wheel(cache.parent)))
    finally:
        os.umask(old)
    for folder in (cache, cache / "venvs", cache / "locks"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder


def test_a_world_writable_cache_root_is_refused_with_the_path_and_the_switch(cache, tmp_path):
    py311 = python_or_skip(lane_version("darknet-onnx", "py311plus"))
    cache.mkdir()
    cache.chmod(0o777)
    weights = tmp_path / "w.weights"
    weights.write_bytes(b"\0" * 20)
    with pytest.raises(CacheNotTrusted) as info:
        run_recipe("darknet-onnx", cfg=str(weights), weights=str(weights), onnx=str(tmp_path / "o.onnx"),
                   python=py311, echo=lambda line: None)
    message = str(info.value)
    assert f"recipe cache {cache} is writable by group/others (mode 0777)" in message
    assert REBUILD_ENV in message and "\n" not in message
    assert info.value.step == "check cache"
    assert not (cache / "venvs").exists()  # nothing was built or run


def test_the_rebuild_switch_makes_a_writable_root_private_and_drops_its_venvs(cache, monkeypatch):
    lock = write_lock(cache.parent, write_wheel(cache.parent))
    planted = build(lock)
    cache.chmod(0o777)
    monkeypatch.setenv(REBUILD_ENV, "1")
    lines = []
    assert build(lock, lines) == planted
    assert cache.stat().st_mode & 0o777 == 0o700
    assert any("[venv] creating" in line for line in lines)


def test_a_venv_owned_by_another_user_is_refused_then_rebuilt_on_request(cache):
    lock = write_lock(cache.parent, write_wheel(cache.parent))
    venv = build(lock)
    if os.getuid() != 0:
        pytest.skip("needs root to hand the venv to another user")
    nobody = pwd.getpwnam("nobody").pw_uid
    subprocess.run(["chown", "-R", "nobody", str(venv)], check=True)
    with pytest.raises(CacheNotTrusted) as info:
        build(lock)
    message = str(info.value)
    assert f"lane venv {venv} is owned by uid {nobody}, not by you" in message
    assert REBUILD_ENV in message and "\n" not in message
    lines = []
    assert build(lock, lines, rebuild=True) == venv
    assert venv.stat().st_uid == os.getuid()
    assert any("[venv] creating" in line for line in lines)


def test_a_venv_whose_packages_were_changed_is_rebuilt(cache):
    wheel = write_wheel(cache.parent)
    lock = write_lock(cache.parent, wheel)
    venv = build(lock)
    (cache.parent / "extra").mkdir()
    extra = write_wheel(cache.parent / "extra", name="cdintruder", version="6.6")
    # Someone pip-installs an extra package into the lane's venv.
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-index",
                    "--no-deps", str(extra)], check=True, capture_output=True)
    assert "cdintruder" in installed_set(venv)
    lines = []
    assert build(lock, lines) == venv
    text = "\n".join(lines)
    assert "no longer match the lock: cdintruder 6.6 (lock: absent)" in text and "[venv] creating" in text
    assert installed_set(venv) == read_lock(lock)
    lines.clear()
    build(lock, lines)
    assert lines == [f"[venv] reusing {venv}"]
