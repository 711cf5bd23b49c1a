"""onnx-restamp end to end: models written by this venv's onnx 1.23 (IR 14 by default) that an
older onnxruntime refuses, re-stamped in the recipe's pinned lane and verified in the onnxruntime
that refused them (the Colab-like kernel venv's 1.20.1, which reads IR <= 10 and opset <= 21);
refusals naming the operators that changed (in local functions and subgraphs too), a
verification that fails when the outputs differ, and one clear message for bad input."""

import json
import os
import subprocess
import textwrap

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from jupyterlab_convert_doctor.recipes import BadParameters, StepFailed, get_recipe, run_recipe
from jupyterlab_convert_doctor.recipes.kernel_checks import onnx_restamp as kernel_check
from jupyterlab_convert_doctor.recipes.python_spec import matches
from kernel_extension_helpers import colab_python
from recipe_pythons import lane_pythons, python_or_skip



def tensor(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def save(model, path):
    onnx.save(model, str(path))
    return str(path)


def mlp_model(path, opset=25):
    """A small MLP head at opset 25 (IR 14): Gemm, MatMul, Relu, Sigmoid, Concat, Softmax, and a
    local function, all with the same schema at opsets 21..25, so a stamp for onnxruntime 1.20
    (opset <= 21) computes the same."""
    rng = np.random.RandomState(3)
    weights = [numpy_helper.from_array(rng.uniform(-1, 1, size=s).astype(np.float32), n)
               for n, s in (("w1", (8, 16)), ("b1", (16,)), ("w2", (16, 4)), ("scale", (1, 4)))]
    scale_shift = helper.make_function(
        "local.fn", "ScaleShift", ["v", "s"], ["r"],
        [helper.make_node("Mul", ["v", "s"], ["m"]), helper.make_node("Add", ["m", "s"], ["r"])],
        opset_imports=[helper.make_opsetid("", opset)])
    nodes = [
        helper.make_node("Gemm", ["x", "w1", "b1"], ["h"]),
        helper.make_node("Relu", ["h"], ["hr"]),
        helper.make_node("MatMul", ["hr", "w2"], ["logits"]),
        helper.make_node("ScaleShift", ["logits", "scale"], ["scaled"], domain="local.fn"),
        helper.make_node("Sigmoid", ["scaled"], ["gate"]),
        helper.make_node("Concat", ["scaled", "gate"], ["both"], axis=1),
        helper.make_node("Softmax", ["both"], ["y"], axis=1),
    ]
    graph = helper.make_graph(nodes, "mlp", [tensor("x", [2, 8])], [tensor("y", [2, 8])], weights)
    model = helper.make_model(graph, functions=[scale_shift],
                              opset_imports=[helper.make_opsetid("", opset), helper.make_opsetid("local.fn", 1)])
    onnx.checker.check_model(model)
    assert model.ir_version == onnx.IR_VERSION == 14
    return save(model, path)


def run_in_colab_kernel_python(code, cwd, cache):
    """Runs `code` with the Colab-like kernel's interpreter (onnxruntime 1.20.1): what its fix cell does."""
    run = subprocess.run([colab_python(), "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True,
                         timeout=900, env=dict(os.environ, CONVERT_DOCTOR_CACHE=str(cache)))
    return run.returncode, run.stdout + run.stderr


def test_a_model_the_kernel_onnxruntime_refuses_is_restamped_and_loads_there(tmp_path, recipe_cache):
    model = mlp_model(tmp_path / "mlp.onnx")
    code = """
        import onnxruntime as ort
        try:
            ort.InferenceSession("mlp.onnx", providers=["CPUExecutionProvider"])
        except Exception as exc:
            print("REFUSED:", str(exc).splitlines()[-1][-80:])
        from jupyterlab_convert_doctor.recipes import run_recipe
        result = run_recipe("onnx-restamp", onnx="mlp.onnx")
        session = ort.InferenceSession(result["out"], providers=["CPUExecutionProvider"])
        print("LOADED", ort.__version__, [o.name for o in session.get_outputs()])
    """
    status, text = run_in_colab_kernel_python(code, tmp_path, recipe_cache)
    assert status == 0, text[-3000:]
    assert "Unsupported model IR version: 14, max supported IR version: 10\nRecipe onnx-restamp" in text
    assert "Target: onnxruntime 1.20.1 (this kernel's) reads IR <= 10, ai.onnx opset <= 21" in text
    assert "note: IR version 14 -> 10, ai.onnx opset 25 -> 21" in text
    # The function's Add and Mul are checked too.
    assert "8 operator type(s) checked unchanged between opsets 21 and 25: Add, Concat, Gemm, MatMul, Mul, Relu, " \
           "Sigmoid, Softmax" in text
    line = next(l for l in text.splitlines() if "(tolerance " in l)
    assert line.endswith("re-stamped copy in this kernel's onnxruntime 1.20.1 vs the original in the lane's "
                         "onnxruntime 1.32.0, same input") and ": PASSED" in line
    assert "LOADED 1.20.1 ['y']" in text
    copy = onnx.load(str(tmp_path / "mlp-ir10-opset21.onnx"))
    assert copy.ir_version == 10
    assert {o.domain: o.version for o in copy.opset_import}[""] == 21
    assert copy.functions[0].opset_import[0].version == 21
    assert onnx.load(model).ir_version == 14  # the original is never touched


@pytest.mark.parametrize("lane_id,version", lane_pythons("onnx-restamp"))
def test_restamps_and_verifies_on_each_python_its_lane_lists(lane_id, version, tmp_path, recipe_cache):
    """Each Colab Python (3.11, 3.12, 3.13) runs the lane that claims it in tested_on."""
    python = python_or_skip(version)
    result = run_recipe("onnx-restamp", onnx=mlp_model(tmp_path / "mlp.onnx"), onnxruntime="1.20.1",
                        python=python, echo=lambda line: None)
    assert (result["lane"], result["python"]) == (lane_id, version)
    assert result["passed"] and onnx.load(result["out"]).ir_version == 10


def changed_in_function(opset):
    fn = helper.make_function("local.fn", "Pass", ["v"], ["r"], [helper.make_node("Identity", ["v"], ["r"])],
                              opset_imports=[helper.make_opsetid("", opset)])
    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["h"]),
                               helper.make_node("Pass", ["h"], ["y"], domain="local.fn")],
                              "g", [tensor("x", [1, 3])], [tensor("y", [1, 3])])
    return helper.make_model(graph, functions=[fn], opset_imports=[helper.make_opsetid("", opset),
                                                                   helper.make_opsetid("local.fn", 1)])


def changed_in_subgraph(opset):
    branch = helper.make_graph([helper.make_node("Identity", ["x"], ["b"])], "branch", [], [tensor("b", [1, 3])])
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["h"]),
         helper.make_node("If", ["cond"], ["y"], then_branch=branch, else_branch=branch)],
        "g", [tensor("x", [1, 3]), helper.make_tensor_value_info("cond", TensorProto.BOOL, [])],
        [tensor("y", [1, 3])])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


@pytest.mark.parametrize("build", [changed_in_function, changed_in_subgraph])
def test_refuses_when_an_operator_changed_between_the_opsets_and_names_it(build, tmp_path, recipe_cache):
    model = save(build(28), tmp_path / "m.onnx")  # Identity is version 25 at opset 28, 21 at opset 21
    lines = []
    with pytest.raises(StepFailed) as failed:
        run_recipe("onnx-restamp", onnx=model, onnxruntime="1.20.1", echo=lines.append)
    message = str(failed.value)
    assert failed.value.step == "check operators"
    assert "Identity (version 25 at opset 28, 21 at opset 21)" in message
    assert "Relu" not in message  # unchanged (version 14) across 21..28
    assert "re-export the model at opset <= 21" in message
    assert not (tmp_path / "m-ir10-opset21.onnx").exists()


def random_model(path):
    """Adds RandomUniform noise drawn without a seed: every run differs, so does every runtime."""
    graph = helper.make_graph(
        [helper.make_node("RandomUniform", [], ["noise"], shape=[1, 64], dtype=TensorProto.FLOAT),
         helper.make_node("Add", ["x", "noise"], ["y"])],
        "noisy", [tensor("x", [1, 64])], [tensor("y", [1, 64])])
    return save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path)


def test_verification_fails_when_the_copy_computes_something_else(tmp_path, recipe_cache):
    # Stamped for onnxruntime 1.20.1, run in this venv's onnxruntime (1.32, reads it too).
    lines = []
    with pytest.raises(StepFailed, match=r"step 'verify' failed: max abs diff \S+ exceeds tolerance 0\.0001"):
        run_recipe("onnx-restamp", onnx=random_model(tmp_path / "noisy.onnx"), onnxruntime="1.20.1",
                   echo=lines.append)
    line = next(l for l in lines if "(tolerance " in l)
    assert ": FAILED" in line and "in this kernel's onnxruntime 1.32.0" in line
    assert not (tmp_path / "noisy-ir10-opset13.onnx").exists()  # removed: it computes something else
    assert any("the copy was removed" in l for l in lines)


def test_the_kernel_check_compares_with_the_lane_outputs(tmp_path):
    """verify() itself: the same inputs give the reference outputs (0 diff) or not (the diff)."""
    import onnxruntime as ort
    model = mlp_model(tmp_path / "mlp.onnx")
    feeds = {"x": np.random.RandomState(0).uniform(size=(2, 8)).astype(np.float32)}
    expected = ort.InferenceSession(model, providers=["CPUExecutionProvider"]).run(None, feeds)[0]
    recipe = get_recipe("onnx-restamp")
    for shift, passed in ((0.0, True), (0.01, False)):
        np.savez(tmp_path / "reference.npz", input_0=feeds["x"], output_0=expected + shift)
        copy = tmp_path / "copy.onnx"
        copy.write_bytes(open(model, "rb").read())
        result = {"reference": "reference.npz", "out": str(copy), "ir_version": 14, "opset": 25,
                  "lane_onnxruntime": "1.32.0", "models": [{"outputs": [{"name": "y"}]}]}
        checked = kernel_check.verify(result, str(tmp_path), recipe)
        assert checked["passed"] is passed
        assert checked["max_abs_diff"] == pytest.approx(shift, abs=1e-6)
        assert copy.exists() is passed


@pytest.mark.parametrize("content,expected", [
    (b"this is not a model\n", r"is not a readable ONNX model \(DecodeError: "),
    (b"", r"is empty: no graph and no opset, not an ONNX model"),
])
def test_a_file_that_is_no_onnx_model_gets_one_clear_message(content, expected, tmp_path, recipe_cache):
    bad = tmp_path / "model.onnx"
    bad.write_bytes(content)
    with pytest.raises(StepFailed, match=expected) as failed:
        run_recipe("onnx-restamp", onnx=str(bad), onnxruntime="1.20.1", echo=lambda line: None)
    assert "\n" not in str(failed.value) and failed.value.step in ("read model", "check operators")


def test_a_model_the_target_already_reads_is_not_restamped(tmp_path, recipe_cache):
    model = helper.make_model(helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g",
                                                [tensor("x", [1])], [tensor("y", [1])]),
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    with pytest.raises(StepFailed, match=r"stamped IR 8, ai\.onnx opset 13: the target onnxruntime already reads "
                                         r"that \(IR <= 10, opset <= 21\), so its stamp is not why it fails"):
        run_recipe("onnx-restamp", onnx=save(model, tmp_path / "ok.onnx"), onnxruntime="1.20.1",
                   echo=lambda line: None)


@pytest.mark.parametrize("given,expected", [
    ("latest", r"onnxruntime: expected a version such as '1\.20\.1', got 'latest'"),
    ("1.13.1", r"no measured limits for onnxruntime 1\.13\.1; it knows onnxruntime ==1\.30\.\*"),
])
def test_a_target_without_measured_limits_is_refused_before_any_venv(given, expected, tmp_path):
    model = random_model(tmp_path / "m.onnx")
    with pytest.raises(BadParameters, match=expected):
        run_recipe("onnx-restamp", onnx=model, onnxruntime=given, echo=lambda line: None)


def test_each_python_onnxruntime_version_has_at_most_one_measured_limit():
    table = json.loads(kernel_check.RUNTIMES_PATH.read_text())["runtimes"]
    python_entries = [e for e in table if e["runtime"] == "onnxruntime"]
    assert all(e["measured"] for e in python_entries)
    for minor in range(14, 33):
        version = f"1.{minor}.0"
        hits = [e["versions"] for e in python_entries if matches(e["versions"], version)]
        assert len(hits) == 1, (version, hits)
    assert kernel_check.runtime_limit("1.20.1")[:2] == (10, 21)
    assert kernel_check.runtime_limit("1.32.0")[:2] == (14, 28)
    assert kernel_check.runtime_limit("1.14.1")[:2] == (8, 18)


def test_a_model_no_onnxruntime_reads_is_refused_and_no_copy_written(tmp_path, recipe_cache):
    """Stamped above what the newest onnxruntime reads (the lane's 1.32, IR <= 14): nothing runs the
    original, so there is nothing to verify a copy against."""
    model = helper.make_model(helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g",
                                                [tensor("x", [1])], [tensor("y", [1])]),
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = onnx.IR_VERSION + 1
    with pytest.raises(StepFailed, match=r"step 'run original' failed \(exit status 1\): Refused: the lane's onnxruntime "
                                         r"1\.32\.0 cannot load the original either, so there is nothing to verify the "
                                         r"copy against \(Unsupported model IR version: 15, max supported IR version: 14\)$"):
        run_recipe("onnx-restamp", onnx=save(model, tmp_path / "m.onnx"), echo=lambda line: None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.onnx"]
