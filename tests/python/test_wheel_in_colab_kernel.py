"""Issue 9's "done when", as a Colab user does it: the project's wheel (built from this checkout by
`pip wheel`) pip-installed into a fresh Colab-like venv (scripts/setup-colab-kernel.sh's pins,
Python 3.13, IPython 7.34), `%load_ext`, a real failing conversion (onnx's default IR refused by
onnxruntime 1.20.1). The diagnosis is the one the JupyterLab extension's TypeScript core gives
for the same error, cell and environment, and `%convert_doctor fix` leaves the fix cell that
core renders."""

import json
import os
import subprocess
import sys

import pytest

from kernel_extension_helpers import ROOT, Kernel, errors, stdout

sys.path.insert(0, str(ROOT / "tests" / "parity"))
import ts_engine  # noqa: E402

MIME = "application/vnd.convert-doctor.diagnosis+json"
CELL = """import onnx, onnxruntime
from onnx import TensorProto, helper
x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])
model = helper.make_model(helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g", [x], [y]))
onnx.save(model, "relu.onnx")
onnxruntime.InferenceSession("relu.onnx", providers=["CPUExecutionProvider"])"""


@pytest.fixture(scope="module")
def wheel_kernel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(folder)],
                   check=True, capture_output=True, text=True)
    (wheel,) = folder.glob("jupyterlab_convert_doctor-*.whl")
    venv = folder / "colab-venv"
    built = subprocess.run(["bash", str(ROOT / "scripts" / "setup-colab-kernel.sh")], capture_output=True, text=True,
                           env={**os.environ, "CONVERT_DOCTOR_COLAB_VENV": str(venv),
                                "CONVERT_DOCTOR_COLAB_PACKAGE": str(wheel)})
    assert built.returncode == 0, built.stderr[-3000:]
    python = built.stdout.strip().splitlines()[-1]
    work = folder / "notebook"
    work.mkdir()
    kernel = Kernel(python, work)
    yield kernel
    kernel.shutdown()


def test_the_installed_wheel_diagnoses_as_jupyterlab_does_and_inserts_the_same_fix_cell(wheel_kernel):
    where = wheel_kernel.value("import json, jupyterlab_convert_doctor as p; print(json.dumps(p.__file__))")
    assert "site-packages" in where and not where.startswith(str(ROOT)), where

    content, outputs = wheel_kernel.run("%load_ext jupyterlab_convert_doctor")
    assert content["status"] == "ok" and errors(outputs) == []
    content, outputs = wheel_kernel.run(CELL)
    assert content["status"] == "error"
    (bundle,) = [m["content"]["data"] for m in outputs if m["msg_type"] == "display_data"]
    shown = bundle[MIME]
    last = wheel_kernel.value("import json\nfrom jupyterlab_convert_doctor.ipython_extension import doctor_of\n"
                              "_last = doctor_of(get_ipython()).last\n"
                              "print(json.dumps({'record': _last['record'], 'env': _last['env']}))")
    assert last["env"]["packages"]["onnxruntime"]["installed"] == "1.20.1"

    with ts_engine.node_build() as build:
        diagnosis_text, cell_text = ts_engine.run_cases(build, [
            {"kind": "diagnose", "error": last["record"], "env": last["env"], "source": CELL},
            {"kind": "fixcell", "recipe": "onnx-restamp", "category": shown["category"], "source": CELL},
        ])
    lab = json.loads(diagnosis_text)["ok"]["diagnosis"]
    assert shown["category"] == lab["category"] == "onnxruntime_ir_version"
    assert (shown["evidence"], shown["recipes"], shown["title"]) == (lab["evidence"], lab["recipes"], lab["title"])
    assert shown["recipes"] == ["onnx-restamp"]

    content, outputs = wheel_kernel.run("%convert_doctor fix")
    assert content["status"] == "ok"
    (payload,) = [p for p in content["payload"] if p["source"] == "set_next_input"]
    assert payload["text"] == json.loads(cell_text)["ok"]["source"]
    assert "relu.onnx" in payload["text"]
    assert "inserted below" in stdout(outputs)
