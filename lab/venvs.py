"""The lab's virtual environments: one entry per real version combination.

Each venv is built once under .cache/lab-venvs/<name> and reused; a stamp file holding the
spec's hash makes the build idempotent (a changed spec rebuilds it). `steps` are pip
invocations run in order: a later step may deliberately force a version that the first
step's resolver would refuse, which is how these broken environments arise in real life
(a second `pip install` that upgrades or downgrades a shared dependency).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_ROOT = REPO / ".cache" / "lab-venvs"
sys.path.insert(0, str(REPO))  # the project's one interpreter finder
from jupyterlab_convert_doctor.recipes.interpreters import require_interpreter  # noqa: E402
from jupyterlab_convert_doctor.recipes.errors import NoLaneForPython  # noqa: E402


@dataclass(frozen=True)
class VenvSpec:
    name: str
    python: str  # an exact Python version, e.g. "3.11.7" (found by require_interpreter)
    steps: tuple[tuple[str, ...], ...]  # pip install argument lists, run in order
    note: str = ""

    @property
    def path(self) -> Path:
        return VENV_ROOT / self.name

    @property
    def python_bin(self) -> Path:
        return self.path / "bin" / "python"

    def digest(self) -> str:
        return hashlib.sha256(json.dumps([self.python, self.steps]).encode()).hexdigest()[:16]


VENVS: dict[str, VenvSpec] = {
    spec.name: spec
    for spec in [
        VenvSpec(
            "tf219-keras3",
            "3.11.7",
            (
                (
                    "tensorflow==2.19.1",
                    "tf-keras==2.19.0",
                    "tensorflow-probability==0.25.0",
                    "tensorflow-addons==0.23.0",
                    "onnx-tf==1.10.0",
                    "onnx==1.17.0",
                    "tf2onnx==1.16.1",
                    "ai-edge-litert==1.2.0",
                ),
            ),
            "TF 2.19 with Keras 3 (Colab 2025): onnx-tf 1.10 + the last tensorflow-addons",
        ),
        VenvSpec(
            "tf221-py312",
            "3.12.1",
            (("tensorflow==2.21.0",),),
            "TF 2.21 on Python 3.12 (Colab 2026): its wheel ships tf.lite.Interpreter without the Flex delegate",
        ),
        VenvSpec(
            "tf215-onnxtf-no-tfp",
            "3.11.7",
            (("tensorflow-cpu==2.15.1", "tensorflow-addons==0.23.0", "onnx-tf==1.10.0", "onnx==1.15.0"),),
            "TF 2.15 / Keras 2 (Colab 2023-12) with onnx-tf 1.10 and tensorflow-addons, no tensorflow-probability",
        ),
        VenvSpec(
            "tf215-onnxtf",
            "3.11.7",
            (
                (
                    "tensorflow-cpu==2.15.1",
                    "tensorflow-addons==0.23.0",
                    "tensorflow-probability==0.23.0",
                    "onnx-tf==1.10.0",
                    "onnx==1.15.0",
                ),
            ),
            "TF 2.15 / Keras 2 with onnx-tf 1.10 and both of its undeclared imports (a working onnx-tf)",
        ),
        VenvSpec(
            "tf215-keras2onnx",
            "3.11.7",
            (("tensorflow-cpu==2.15.1", "keras2onnx==1.7.0", "onnx==1.15.0"),),
            "TF 2.15 / Keras 2 with keras2onnx 1.7.0 (its last release, 2020)",
        ),
        VenvSpec(
            "ort114-onnx113-np124",
            "3.10.13",
            (("onnx==1.13.0", "onnxruntime==1.14.1", "numpy==1.24.4", "protobuf==3.20.3"),),
            "onnxruntime 1.14 (max IR 8, opset 18) beside onnx 1.13 on numpy 1.24",
        ),
        VenvSpec(
            "opencv49-numpy2",
            "3.11.7",
            (("opencv-python-headless==4.9.0.80", "numpy==1.26.4"), ("numpy==2.0.2",)),
            "OpenCV 4.9 (built against NumPy 1.x) after a later `pip install numpy==2.0.2`",
        ),
        VenvSpec(
            "onnx112-protobuf4",
            "3.10.13",
            (("onnx==1.12.0", "numpy==1.23.5"), ("protobuf==4.21.12",)),
            "onnx 1.12 (old generated _pb2) after a later `pip install protobuf==4.21.12`",
        ),
        VenvSpec(
            "onnx116-protobuf319",
            "3.10.13",
            (("onnx==1.16.2", "numpy==1.26.4"), ("protobuf==3.19.6",)),
            "onnx 1.16 (protoc >= 3.20 generated code) after a later `pip install protobuf==3.19.6`",
        ),
        VenvSpec(
            "onnx-modern-cv4",
            "3.11.7",
            (
                (
                    "onnx==1.19.1",
                    "onnxruntime==1.23.2",
                    "numpy==2.2.6",
                    "opencv-python-headless==4.12.0.88",
                ),
            ),
            "current onnx/onnxruntime and the last OpenCV 4 with readNetFromDarknet",
        ),
        VenvSpec(
            "torch213-no-onnxscript",
            "3.11.7",
            (
                ("torch==2.13.0", "onnx==1.19.1", "numpy==2.2.6", "opencv-python-headless==4.12.0.88"),
                # darknet2any's own metadata asks for an unpinned (CUDA) torch: install it alone.
                ("--no-deps", "darknet2any==0.7.6"),
            ),
            "torch 2.13 CPU (local wheel) with onnx and darknet2any but without onnxscript",
        ),
        VenvSpec(
            "onnx119-mldtypes03",
            "3.11.7",
            (("onnx==1.19.1", "numpy==1.26.4"), ("ml-dtypes==0.3.2",)),
            "onnx 1.19 after a later `pip install ml-dtypes==0.3.2` (the pin of TF 2.16's ml-dtypes~=0.3.1)",
        ),
        VenvSpec(
            "tflite-runtime27-py38",
            "3.8.18",
            (("tflite-runtime==2.7.0", "numpy==1.19.5"),),
            "the tflite-runtime 2.7 interpreter (Nov 2021), as on older edge images",
        ),
        VenvSpec(
            "opencv43-py38",
            "3.8.18",
            (("opencv-python-headless==4.3.0.38", "numpy==1.19.5"),),
            "OpenCV 4.3 (May 2020): Darknet importer before Mish support",
        ),
    ]
}


COLAB_IMAGES = Path(__file__).resolve().parent / "colab_images.json"


def _colab_specs() -> list[VenvSpec]:
    """One venv per Colab image of lab/colab_images.json (issue 16): the image's pins that
    install here, then the converters a user adds with a second `pip install` in a cell."""
    specs = []
    for image in json.loads(COLAB_IMAGES.read_text())["images"]:
        lab = image["lab"]
        steps = (tuple(lab["installs"]),) + ((tuple(lab["user_installs"]),) if lab["user_installs"] else ())
        if lab.get("user_installs_no_deps"):
            steps += (("--no-deps", *lab["user_installs_no_deps"]),)
        source = image["source"]
        specs.append(VenvSpec(image["id"], lab["python"], steps,
                              f"Colab image {image['id']} (googlecolab/backend-info@{source['commit'][:7]}, "
                              f"Python {image['python']}, run here on {lab['python']})"))
    images = {spec.name: spec for spec in specs}
    for variant in json.loads(COLAB_IMAGES.read_text()).get("variants", []):
        base = images[variant["image"]]
        specs.append(VenvSpec(variant["id"], base.python, base.steps + (tuple(variant["then_installs"]),),
                              f"{base.note}, then `pip install {' '.join(variant['then_installs'])}`"))
    return specs


VENVS.update({spec.name: spec for spec in _colab_specs()})


def _run(cmd: list[str]) -> None:
    print("  $", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def ensure(spec: VenvSpec, force: bool = False) -> Path:
    """Build the venv if it is missing, stale, or `force`; return its python."""
    stamp = spec.path / ".lab-stamp"
    if not force and stamp.exists() and stamp.read_text() == spec.digest():
        return spec.python_bin
    if spec.path.exists():
        shutil.rmtree(spec.path)
    try:
        base = require_interpreter(spec.python)
    except NoLaneForPython as exc:
        sys.exit(f"lab: {exc} (needed by venv {spec.name})")
    print(f"lab: building venv {spec.name} ({spec.note})", flush=True)
    spec.path.parent.mkdir(parents=True, exist_ok=True)
    _run([base, "-m", "venv", str(spec.path)])
    py = str(spec.python_bin)
    _run([py, "-m", "pip", "install", "-q", "--upgrade", "pip<26", "setuptools<81", "wheel"])
    for step in spec.steps:
        _run([py, "-m", "pip", "install", "-q", *step])
    stamp.write_text(spec.digest())
    return spec.python_bin


def freeze(spec: VenvSpec) -> list[str]:
    out = subprocess.run(
        [str(spec.python_bin), "-m", "pip", "freeze", "--all"],
        check=True, capture_output=True, text=True,
    ).stdout
    return sorted(line for line in out.splitlines() if line.strip())
