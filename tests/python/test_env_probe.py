"""Edge cases of the kernel environment probe (jupyterlab_convert_doctor/env_probe.py)."""

import importlib.metadata
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from jupyterlab_convert_doctor import env_probe
from jupyterlab_convert_doctor.env_probe import MAX_ERRORS, MAX_TEXT, MAX_WATCH, probe_environment

ROOT = Path(__file__).resolve().parents[2]
WATCH = json.loads((ROOT / "jupyterlab_convert_doctor" / "knowledge" / "packages.json").read_text())["packages"]


def kernel_json(report):
    """Serialise as the kernel does (UTF-8 JSON): raises if the report could hang a reply."""
    return json.dumps(report, ensure_ascii=False, allow_nan=False).encode("utf-8")


@pytest.fixture
def fake_module(monkeypatch):
    """Registers a real module object in sys.modules for the test's duration."""

    def register(name, **attributes):
        module = types.ModuleType(name)
        for key, value in attributes.items():
            setattr(module, key, value)
        monkeypatch.setitem(sys.modules, name, module)
        return module

    return register


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """Makes distributions "installed": a real .dist-info folder on sys.path for each name."""
    monkeypatch.syspath_prepend(str(tmp_path))

    def install(*names, version="1.0"):
        for name in names:
            dist_info = tmp_path / f"{name.replace('-', '_')}-{version}.dist-info"
            dist_info.mkdir()
            (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")

    return install


def test_report_shape_and_installed_versions_match_importlib_metadata():
    report = probe_environment(WATCH)
    assert set(report) == {"schema_version", "python", "host", "packages", "cuda", "probe_ms", "errors"}
    assert report["errors"] == []
    for entry in WATCH:
        name = entry["distribution"]
        try:
            expected = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            expected = None
        assert report["packages"][name]["installed"] == expected, name
    assert report["packages"]["numpy"]["installed"] is not None
    assert report["python"]["executable"] == sys.executable
    assert report["python"]["env_kind"] == ("venv" if sys.prefix != sys.base_prefix else "system")
    kernel_json(report)


def test_absent_packages_are_null_without_errors():
    report = probe_environment([{"distribution": "surely-not-installed-convert-doctor", "modules": ["nope_mod"]}])
    assert report["packages"] == {"surely-not-installed-convert-doctor": {"installed": None, "loaded": None}}
    assert report["errors"] == []


def test_loaded_version_needs_an_imported_module_with_a_version(fake_module, installed):
    installed("a", "b", "c")
    fake_module("cd_no_version")
    fake_module("cd_with_version", __version__="3.1.4")
    fake_module("cd_tuple_version", __version__=(1, 2, 3))
    report = probe_environment(
        [
            {"distribution": "a", "modules": ["cd_no_version"]},
            {"distribution": "b", "modules": ["cd_not_imported", "cd_with_version"]},
            {"distribution": "c", "modules": ["cd_tuple_version"]},
        ]
    )
    assert report["packages"]["a"]["loaded"] is None
    assert report["packages"]["b"]["loaded"] == "3.1.4"
    assert report["packages"]["c"]["loaded"] == "1.2.3"


def test_hostile_versions_are_bounded_and_never_raise(fake_module, installed):
    installed("cd_hostile", "cd_huge", "cd_surrogate")
    class Hostile:
        def __str__(self):
            raise RuntimeError("no")

    fake_module("cd_hostile", __version__=Hostile())
    fake_module("cd_huge", __version__="9" * 100_000)
    fake_module("cd_surrogate", __version__="1.0\udcff")
    report = probe_environment(
        [{"distribution": name, "modules": [name]} for name in ("cd_hostile", "cd_huge", "cd_surrogate")]
    )
    assert report["packages"]["cd_hostile"]["loaded"] == "<unprintable RuntimeError>"
    assert len(report["packages"]["cd_huge"]["loaded"]) == MAX_TEXT
    assert report["packages"]["cd_surrogate"]["loaded"] == "1.0?"
    kernel_json(report)


def test_lazy_module_getattr_is_not_triggered(fake_module, installed):
    installed("cd-lazy")
    calls = []
    lazy = fake_module("cd_lazy")
    lazy.__getattr__ = lambda name: calls.append(name) or "from __getattr__"
    report = probe_environment([{"distribution": "cd-lazy", "modules": ["cd_lazy"]}])
    assert calls == []
    assert report["packages"]["cd-lazy"]["loaded"] is None


def test_non_module_objects_in_sys_modules(monkeypatch):
    class NotAModule:
        __slots__ = ()

    monkeypatch.setitem(sys.modules, "cd_slots", NotAModule())
    monkeypatch.setitem(sys.modules, "cd_none_like", 0)
    report = probe_environment([{"distribution": "x", "modules": ["cd_slots", "cd_none_like"]}])
    assert report["packages"]["x"] == {"installed": None, "loaded": None}
    assert report["errors"] == []


@pytest.mark.parametrize(
    "watch, error",
    [
        ("numpy", "watch-list is not a list"),
        ([42], "watch-list entry ignored: 42"),
        ([{"distribution": ""}], "watch-list entry ignored"),
        ([{"distribution": "x" * 1000, "modules": []}], "watch-list entry ignored"),
    ],
)
def test_malformed_watch_lists_are_reported_not_raised(watch, error):
    report = probe_environment(watch)
    assert report["packages"] == {}
    assert report["errors"] and report["errors"][0].startswith(error)


def test_oversized_watch_list_is_truncated_and_errors_are_bounded():
    watch = [{"distribution": "cd-missing-%d" % i, "modules": "not-a-list"} for i in range(MAX_WATCH + 50)]
    watch += [None] * 100
    report = probe_environment(watch)
    assert len(report["packages"]) == MAX_WATCH
    assert report["errors"][0] == "watch-list truncated to %d entries" % MAX_WATCH
    assert len(report["errors"]) <= MAX_ERRORS


def test_reads_versions_from_dist_info_on_sys_path(tmp_path, monkeypatch):
    dist_info = tmp_path / "cd_local_pkg-7.0.1.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: cd-local-pkg\nVersion: 7.0.1\n\nVersion: 0.0 in the description\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    report = probe_environment([{"distribution": "CD_Local.Pkg", "modules": []}])
    assert report["packages"]["CD_Local.Pkg"]["installed"] == "7.0.1"


def test_cuda_from_nvidia_wheels_library_files_and_environment(tmp_path, monkeypatch):
    for name in ("nvidia_cudnn_cu12-9.1.0.70.dist-info", "nvidia_cuda_runtime_cu12-12.1.105.dist-info"):
        (tmp_path / name).mkdir()
    (tmp_path / "nvidia" / "cudnn" / "lib").mkdir(parents=True)
    (tmp_path / "nvidia" / "cudnn" / "lib" / "libcudnn.so.9").write_bytes(b"")
    (tmp_path / "nvidia" / "cuda_runtime" / "lib").mkdir(parents=True)
    (tmp_path / "nvidia" / "cuda_runtime" / "lib" / "libcudart.so.12").write_bytes(b"")
    (tmp_path / "nvidia" / "cuda_runtime" / "lib" / "unrelated.txt").write_bytes(b"")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("CUDA_VERSION", "12.2.0")
    monkeypatch.setenv("NVIDIA_REQUIRE_CUDA", "cuda>=12.2 " + "x" * 10_000)
    cuda = probe_environment([])["cuda"]
    assert cuda["wheels"] == {"nvidia-cudnn-cu12": "9.1.0.70", "nvidia-cuda-runtime-cu12": "12.1.105"}
    assert cuda["cuda_runtime"] == "12.1"  # the wheel wins over the container's CUDA_VERSION
    assert cuda["cudnn"] == "9.1.0"
    assert cuda["libraries"] == ["libcudart.so.12", "libcudnn.so.9"]
    assert cuda["env"]["CUDA_VERSION"] == "12.2.0"
    assert len(cuda["env"]["NVIDIA_REQUIRE_CUDA"]) == MAX_TEXT


def test_cuda_falls_back_to_environment(monkeypatch):
    monkeypatch.setenv("CUDA_VERSION", "13.0.2")
    monkeypatch.setenv("CUDNN_VERSION", "9.19.0")
    cuda = probe_environment([])["cuda"]
    assert cuda["cuda_runtime"] == "13.0"
    assert cuda["cudnn"] == "9.19.0"


def test_driver_regex_reads_the_proc_line():
    line = "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.159.04  Release Build  (dvs-builder@U22)"
    assert env_probe.DRIVER_RE.search(line).group(1) == "580.159.04"
    legacy = "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023"
    assert env_probe.DRIVER_RE.search(legacy).group(1) == "535.104.05"


@pytest.mark.parametrize(
    "env, modules, host",
    [
        ({"KAGGLE_KERNEL_RUN_TYPE": "Interactive"}, [], "kaggle"),
        ({"SAGEMAKER_INTERNAL_IMAGE_URI": "x"}, [], "sagemaker"),
        ({}, ["google.colab"], "colab"),
        ({}, [], "local"),
    ],
)
def test_host_detection(monkeypatch, env, modules, host):
    for name in list(os.environ):
        if name.startswith(("KAGGLE_", "SAGEMAKER_")):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name in modules:
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    if host == "local" and (Path("/kaggle/working").is_dir() or "google.colab" in sys.modules):
        pytest.skip("this machine is a hosted notebook")
    assert probe_environment([])["host"] == host


def test_undecodable_environment_bytes_stay_encodable(monkeypatch):
    os.environb[b"NVIDIA_DRIVER_CAPABILITIES"] = b"compute\xff"
    try:
        report = probe_environment([])
    finally:
        del os.environb[b"NVIDIA_DRIVER_CAPABILITIES"]
    assert report["cuda"]["env"]["NVIDIA_DRIVER_CAPABILITIES"] == "compute?"
    kernel_json(report)


def test_exec_in_a_fresh_namespace_imports_nothing_watched():
    """As the frontend runs it: exec'd source in a fresh dict, in a fresh interpreter."""
    script = """
import json, sys
source, watch = json.load(sys.stdin)
before = set(sys.modules)
ns = {"__name__": "__convert_doctor_probe__"}
exec(compile(source, "<probe>", "exec"), ns)
report = ns["probe_environment"](watch)
added = sorted(set(sys.modules) - before)
print(json.dumps({"report": report, "added": added, "stdlib": sorted(sys.stdlib_module_names)}))
"""
    source = (ROOT / "jupyterlab_convert_doctor" / "env_probe.py").read_text()
    run = subprocess.run(
        [sys.executable, "-c", script], input=json.dumps([source, WATCH]), capture_output=True, text=True, check=True
    )
    out = json.loads(run.stdout)
    assert out["report"]["packages"]["numpy"]["installed"] is not None
    assert out["report"]["packages"]["numpy"]["loaded"] is None
    assert [m for m in out["added"] if m.split(".")[0] not in out["stdlib"]] == []
    assert "numpy" not in out["added"] and "onnx" not in out["added"]


def test_a_distribution_that_is_not_installed_is_never_loaded(fake_module, installed):
    # tensorflow-cpu's `tensorflow` module is imported; tensorflow-gpu (same module) is absent.
    installed("cd-tf-cpu", version="2.19.1")
    fake_module("cd_tf", __version__="2.19.1")
    report = probe_environment([{"distribution": "cd-tf-cpu", "modules": ["cd_tf"]},
                                {"distribution": "cd-tf-gpu", "modules": ["cd_tf"]}])
    assert report["packages"] == {"cd-tf-cpu": {"installed": "2.19.1", "loaded": "2.19.1"},
                                  "cd-tf-gpu": {"installed": None, "loaded": None}}


def _wheel(folder, name, version, module, text):
    """A real, minimal wheel of a distribution that provides `module`."""
    import base64
    import hashlib
    import zipfile

    def record_line(path, data):
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        return f"{path},sha256={digest},{len(data)}"

    dist_info = f"{name.replace('-', '_')}-{version}.dist-info"
    files = {
        f"{module}/__init__.py": text.encode(),
        f"{dist_info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode(),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "\n".join([record_line(p, d) for p, d in files.items()] + [f"{dist_info}/RECORD,,"]) + "\n"
    path = folder / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for file, data in files.items():
            archive.writestr(file, data)
        archive.writestr(f"{dist_info}/RECORD", record)
    return path


def test_two_installed_distributions_of_one_module_name_the_one_loaded_and_the_conflict(tmp_path):
    # Colab's 2026-08 image has opencv-python 5.0.0.93 and opencv-contrib-python 4.14.0.94, both
    # providing cv2: pip installs both, the later one's files win, and each RECORD lists cv2/.
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    first = _wheel(wheels, "cd-opencv-python", "5.0.0.93", "cd_cv2", "__version__ = '5.0.0'\n")
    second = _wheel(wheels, "cd-opencv-contrib-python", "4.14.0.94", "cd_cv2", "__version__ = '4.14.0'\n")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    for wheel in (first, second):  # one after the other, as people do
        subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-index",
                        "--no-deps", str(wheel)], check=True, capture_output=True)
    watch = [{"distribution": "cd-opencv-python", "modules": ["cd_cv2"]},
             {"distribution": "cd-opencv-contrib-python", "modules": ["cd_cv2"]},
             {"distribution": "cd-opencv-python-headless", "modules": ["cd_cv2"]}]
    script = ("import json, runpy, sys; import cd_cv2; probe = runpy.run_path(sys.argv[1]); "
              "print(json.dumps(probe['probe_environment'](json.loads(sys.argv[2]))))")
    done = subprocess.run([str(python), "-c", script, str(ROOT / "jupyterlab_convert_doctor" / "env_probe.py"),
                           json.dumps(watch)], check=True, capture_output=True, text=True)
    report = json.loads(done.stdout)
    assert report["errors"] == []
    assert report["packages"] == {
        "cd-opencv-python": {"installed": "5.0.0.93", "loaded": None,
                             "also_provided_by": ["cd-opencv-contrib-python"]},
        "cd-opencv-contrib-python": {"installed": "4.14.0.94", "loaded": "4.14.0",
                                     "also_provided_by": ["cd-opencv-python"]},
        "cd-opencv-python-headless": {"installed": None, "loaded": None},
    }
