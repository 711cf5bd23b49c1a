"""`%load_ext jupyterlab_convert_doctor` (the Colab path) in real kernels: the Colab-like one
(Python 3.13, IPython 7.34.0, ipykernel 6.17.1, onnxruntime 1.20.1) and the project venv's
(current IPython). Conversion cells fail for real; the tests read what the kernel sends."""

import html

import pytest

from jupyterlab_convert_doctor.engine import shipped_knowledge
from kernel_extension_helpers import HEAVY_MODULES, Kernel, displays, errors, kernel_python, stdout

MIME = "application/vnd.convert-doctor.diagnosis+json"
LOAD = "%load_ext jupyterlab_convert_doctor"
DOCTOR = ("import jupyterlab_convert_doctor.ipython_extension as _cdx; "
          "_doctor = _cdx.doctor_of(get_ipython())")

# A Relu model onnx makes by default. onnxruntime 1.20.1 (the Colab-like kernel) loads IR <= 10
# and refuses the default; the project venv's newer onnxruntime loads it, so there the model is
# stamped with an IR version no runtime knows.
ONNX_CELL = """
import onnx, onnxruntime
from onnx import TensorProto, helper
x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])
model = helper.make_model(helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g", [x], [y]))
{stamp}
onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
"""


@pytest.fixture(params=["colab", "current"])
def kernel(request, tmp_path):
    started = Kernel(kernel_python(request.param), tmp_path)
    started.name = request.param
    yield started
    started.shutdown()


@pytest.fixture
def loaded(kernel):
    content, outputs = kernel.run(LOAD)
    assert content["status"] == "ok" and outputs == [], outputs
    return kernel


def only_bundle(outputs):
    """The one diagnosis bundle of a failed cell, after the cell's own (single) error."""
    shown = displays(outputs)
    assert len(shown) == 1, outputs
    assert len(errors(outputs)) == 1, outputs
    kinds = [m["msg_type"] for m in outputs]
    assert kinds.index("error") < kinds.index("display_data")
    return shown[0]


def assert_fix_offers_no_cell(kernel):
    """`%convert_doctor fix` after a diagnosis no recipe fits: nothing is put in the next cell,
    and the magic says why."""
    content, outputs = kernel.run("%convert_doctor fix")
    assert content["payload"] == []
    assert "no fix cell" in stdout(outputs)


def test_load_adds_one_callback_and_magic_and_imports_nothing_heavy(kernel):
    state = kernel.value(f"""
import json, sys
ip = get_ipython()
before, callbacks, custom = set(sys.modules), len(ip.events.callbacks['post_run_cell']), ip.custom_exceptions
ip.run_line_magic('load_ext', 'jupyterlab_convert_doctor')
new = sorted(set(sys.modules) - before)
print(json.dumps({{'new': new, 'callbacks': len(ip.events.callbacks['post_run_cell']) - callbacks,
    'custom_unchanged': ip.custom_exceptions == custom, 'magic': 'convert_doctor' in ip.magics_manager.magics['line'],
    'heavy': sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY_MODULES!r})}}))
""")
    assert state["callbacks"] == 1 and state["magic"] and state["custom_unchanged"]
    assert state["heavy"] == []
    assert "jupyterlab_convert_doctor.ipython_extension" in state["new"]


def test_a_refused_onnx_model_is_diagnosed_under_the_cell(loaded):
    stamp = "" if loaded.name == "colab" else "model.ir_version = 99"
    content, outputs = loaded.run(ONNX_CELL.format(stamp=stamp))
    assert content["status"] == "error"
    bundle = only_bundle(outputs)
    assert set(bundle) == {"text/plain", "text/html", MIME}
    diagnosis = bundle[MIME]
    assert diagnosis["category"] == "onnxruntime_ir_version"
    assert 0 < diagnosis["confidence"] <= 1
    assert "Unsupported model IR version" in diagnosis["evidence"]
    # Built with onnx.helper: neither a Darknet nor a torch model, so no converter recipe fits
    # (issue 14); onnxruntime refusing the model's stamp is what the re-stamp recipe fixes.
    assert diagnosis["recipes"] == ["onnx-restamp"] and diagnosis["title"]
    assert "%convert_doctor fix" in bundle["text/plain"]
    assert diagnosis["explanation"] and diagnosis["title"] in bundle["text/plain"]
    assert html.escape(diagnosis["evidence"]) in bundle["text/html"]
    # The record holds the traceback the frontend got (the JupyterLab path reads that one).
    record = loaded.value(DOCTOR + "\nimport json; print(json.dumps(_doctor.last['record']))")
    sent = errors(outputs)[0]
    assert (record["ename"], record["evalue"], record["traceback"]) == (sent["ename"], sent["evalue"], sent["traceback"])


# np.float in an old Darknet script: the cell's source is the context the recipe choice reads.
DARKNET_NP_FLOAT_CELL = "import numpy as np\nweights_path = 'yolov4-tiny.weights'\nnp.float(1)"


def test_np_float_is_diagnosed_and_fix_puts_the_fix_cell_in_the_next_cell(loaded):
    cell = DARKNET_NP_FLOAT_CELL
    content, outputs = loaded.run(cell)
    assert content["status"] == "error"
    diagnosis = only_bundle(outputs)[MIME]
    assert diagnosis["category"] == "numpy_api_removed"
    assert diagnosis["recipes"] == ["darknet-onnx"], diagnosis
    assert "%convert_doctor fix" in only_bundle(outputs)["text/plain"]

    content, outputs = loaded.run("%convert_doctor fix")
    assert content["status"] == "ok"
    payloads = [p for p in content["payload"] if p["source"] == "set_next_input"]
    assert len(payloads) == 1 and payloads[0]["replace"] is False
    # The cell the JupyterLab annotation would insert for the same diagnosis and cell.
    expected = shipped_knowledge().render_fix_cell(diagnosis["recipes"][0], diagnosis, cell)
    assert payloads[0]["text"] == expected
    assert "inserted below" in stdout(outputs)
    # Inserted, never run: the fix cell's pip installs did not happen.
    assert displays(outputs) == [] and errors(outputs) == []


def test_np_float_outside_darknet_code_offers_no_darknet_fix_cell(loaded):
    content, outputs = loaded.run("import numpy as np\nnp.float(1)")
    assert content["status"] == "error"
    bundle = only_bundle(outputs)
    assert bundle[MIME]["category"] == "numpy_api_removed"
    assert bundle[MIME]["recipes"] == []
    assert "%convert_doctor fix" not in bundle["text/plain"]
    assert_fix_offers_no_cell(loaded)


def test_a_missing_onnx_tf_is_diagnosed_and_fix_says_there_is_no_fix_cell(loaded):
    content, outputs = loaded.run("import onnx_tf")
    assert content["status"] == "error"
    diagnosis = only_bundle(outputs)[MIME]
    assert diagnosis["category"] == "missing_dependency"
    assert "onnx_tf" in diagnosis["evidence"]
    assert_fix_offers_no_cell(loaded)


def test_a_successful_cell_displays_nothing(loaded):
    content, outputs = loaded.run("x = 1\nprint('fine')")
    assert content["status"] == "ok"
    assert [m["msg_type"] for m in outputs] == ["stream"] and stdout(outputs) == "fine\n"
    content, outputs = loaded.run("x + 1")
    assert [m["msg_type"] for m in outputs] == ["execute_result"]


def test_an_unknown_error_gets_one_quiet_line_and_loads_nothing_heavy(loaded):
    for cell in ("1 / 0", "def f(:\n    pass"):  # error_in_exec, error_before_exec
        content, outputs = loaded.run(cell)
        assert content["status"] == "error"
        assert displays(outputs) == [{"text/plain": "Convert Doctor: no known conversion failure matches this error."}]
    heavy = loaded.value(f"import json, sys; print(json.dumps(sorted(m for m in sys.modules "
                         f"if m.split('.')[0] in {HEAVY_MODULES!r})))")
    assert heavy == []


def test_hostile_exception_text_stays_escaped(loaded):
    script = "<script>alert(1)</script>"
    content, outputs = loaded.run(f"raise ValueError({script!r})")
    assert all(script not in str(data.get("text/html", "")) for data in displays(outputs))
    # Diagnosed (not `unknown`), so the html carries the hostile evidence: escaped.
    content, outputs = loaded.run(
        f"raise RuntimeError('Unsupported model IR version: 99, max supported IR version: 10 {script}')")
    bundle = only_bundle(outputs)
    assert bundle[MIME]["category"] == "onnxruntime_ir_version"
    assert script in bundle[MIME]["evidence"]
    assert script not in bundle["text/html"] and html.escape(script) in bundle["text/html"]


def test_a_broken_hook_never_adds_an_error_to_the_users_cell(loaded):
    content, _ = loaded.run(DOCTOR + "\nfrom jupyterlab_convert_doctor.engine import KnowledgeBase\n"
                            "def _broken(*args): raise RuntimeError('engine bug')\n"
                            "KnowledgeBase.diagnose = _broken")
    assert content["status"] == "ok"
    for _ in range(2):
        content, outputs = loaded.run("import numpy as np\nnp.float(1)")
        assert content["status"] == "error" and content["ename"] == "AttributeError"
        assert [e["ename"] for e in errors(outputs)] == ["AttributeError"]
        assert displays(outputs) == []
        reported = stdout(outputs, "stderr")
        if _ == 0:
            assert reported == "Convert Doctor: internal error (RuntimeError: engine bug); this error was not diagnosed.\n"
        else:
            assert reported == ""  # reported once
    content, outputs = loaded.run("print('still fine')")
    assert stdout(outputs) == "still fine\n" and len(outputs) == 1


def test_unload_removes_the_callback_and_the_magic(loaded):
    state = loaded.value("""
import json
ip = get_ipython()
ip.run_line_magic('unload_ext', 'jupyterlab_convert_doctor')
ours = [cb for cb in ip.events.callbacks['post_run_cell']
        if 'convert_doctor' in getattr(getattr(cb, '__func__', cb), '__module__', '')]
print(json.dumps({'ours': len(ours), 'magic': 'convert_doctor' in ip.magics_manager.magics['line'],
                  'attr': hasattr(ip.magics_manager.user_magics, 'convert_doctor')}))
""")
    assert state == {"ours": 0, "magic": False, "attr": False}
    content, outputs = loaded.run("import numpy as np\nnp.float(1)")
    assert displays(outputs) == [] and len(errors(outputs)) == 1
    content, outputs = loaded.run("%convert_doctor fix")
    assert content["status"] == "error" and content["ename"] == "UsageError"
    # Loading again works after an unload.
    content, outputs = loaded.run(LOAD)
    assert content["status"] == "ok"
    content, outputs = loaded.run("import numpy as np\nnp.float(1)")
    assert only_bundle(outputs)[MIME]["category"] == "numpy_api_removed"


def test_env_prints_the_report_and_the_findings(loaded):
    content, outputs = loaded.run("%convert_doctor env")
    text = stdout(outputs)
    assert content["status"] == "ok", outputs
    version = "3.13" if loaded.name == "colab" else "3.1"
    assert text.startswith(f"Python {version}") and "Packages (installed / loaded):" in text
    assert "onnxruntime" in text and "Findings" in text


def test_diagnose_reads_the_error_shown_before_the_extension_was_loaded(kernel):
    # No cell source reaches the magic: the Darknet context is read from the traceback's lines.
    kernel.run(DARKNET_NP_FLOAT_CELL)
    kernel.run(LOAD)
    content, outputs = kernel.run("%convert_doctor diagnose")
    assert content["status"] == "ok"
    assert displays(outputs)[0][MIME]["category"] == "numpy_api_removed"
    content, outputs = kernel.run("%convert_doctor fix")
    assert [p["source"] for p in content["payload"]] == ["set_next_input"]


def test_an_install_cell_makes_the_next_diagnosis_read_the_environment_again(loaded):
    loaded.run(DOCTOR + "\n_doctor.environment.report()")
    flag = "import json; print(json.dumps(_doctor.environment._installed))"
    assert loaded.value(flag) is False
    content, outputs = loaded.run("%pip uninstall -y convert-doctor-absent-package")
    assert content["status"] == "ok"
    assert loaded.value(flag) is True


# colabtools' google/colab/output/_js.py, reduced to what the extension uses: Colab cannot run
# here. register_callback stores the function; the output frame's
# google.colab.kernel.invokeFunction(name, args, {}) makes the kernel call it.
COLAB_OUTPUT_STUB = """
import sys, types
google = types.ModuleType('google'); colab = types.ModuleType('google.colab')
output = types.ModuleType('google.colab.output'); _js = types.ModuleType('google.colab.output._js')
_js._functions = {}
def register_callback(name, callback):
    _js._functions[name] = callback
output.register_callback, output._js = register_callback, _js
google.colab, colab.output = colab, output
sys.modules.update({'google': google, 'google.colab': colab, 'google.colab.output': output,
                    'google.colab.output._js': _js})
"""


def test_in_colab_the_diagnosis_has_a_button_that_inserts_the_fix_cell(tmp_path):
    kernel = Kernel(kernel_python("current"), tmp_path)
    try:
        kernel.run(COLAB_OUTPUT_STUB)
        kernel.run(LOAD)
        content, outputs = kernel.run(DARKNET_NP_FLOAT_CELL)
        bundle = only_bundle(outputs)
        assert "google.colab.kernel.invokeFunction('convert_doctor.fix', [1], {})" in bundle["text/html"]
        # What Colab runs when the button is clicked.
        content, outputs = kernel.run(
            "import sys; sys.modules['google.colab.output']._js._functions['convert_doctor.fix'](1)")
        assert [p["source"] for p in content["payload"]] == ["set_next_input"]
        assert "Convert Doctor fix" in content["payload"][0]["text"]
        kernel.run("%unload_ext jupyterlab_convert_doctor")
        assert kernel.value("import json, sys; print(json.dumps(list("
                            "sys.modules['google.colab.output']._js._functions)))") == []
    finally:
        kernel.shutdown()


def test_after_an_import_the_environment_reads_as_a_full_probe_would(loaded):
    loaded.run(DOCTOR + "\n_doctor.environment.report()\nimport onnx")
    state = loaded.value("""
import json
from jupyterlab_convert_doctor import env_probe
from jupyterlab_convert_doctor.engine import parse_env_report
cached = _doctor.environment.report()['packages']
full = parse_env_report(env_probe.probe_environment(_doctor.knowledge().watch_list()))['packages']
print(json.dumps({'cached': cached, 'full': full}))
""")
    assert state["cached"]["onnx"]["loaded"] is not None
    assert state["cached"] == state["full"]
