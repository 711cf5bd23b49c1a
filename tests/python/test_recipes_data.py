"""The recipe data: schema-valid, exact pins, real taxonomy ids, cells that parse as Python."""

import ast
import json
import re
from pathlib import Path

import jsonschema
import pytest

from jupyterlab_convert_doctor.recipes import get_recipe, load_recipes, render_cell
from jupyterlab_convert_doctor.recipes.catalog import RECIPES_PATH, lane_for_python
from jupyterlab_convert_doctor.recipes.interpreters import available_interpreters, choose_interpreter, plan_lanes
from jupyterlab_convert_doctor.recipes.errors import NoLaneForPython, UnknownRecipe
from jupyterlab_convert_doctor.recipes.python_spec import matches
from jupyterlab_convert_doctor.recipes.runner import STEPS_DIR

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "jupyterlab_convert_doctor" / "knowledge" / "schema" / "recipes.schema.json"
TAXONOMY = REPO / "jupyterlab_convert_doctor" / "knowledge" / "taxonomy.json"


def taxonomy_ids():
    return {category["id"] for category in json.loads(TAXONOMY.read_text())["categories"]}


def test_recipes_json_matches_its_schema():
    data = json.loads(RECIPES_PATH.read_text())
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(data)


def test_the_recipes_of_issues_4_and_14_exist_with_scripts():
    ids = [r["id"] for r in load_recipes()]
    assert ids == ["darknet-onnx", "onnx-tflite", "torch-onnx", "tf-tflite-select-ops", "onnx-restamp",
                   "keras-savedmodel"]
    for recipe in load_recipes():
        assert (STEPS_DIR / recipe["script"]).is_file(), recipe["script"]


def test_categories_are_taxonomy_ids():
    known = taxonomy_ids()
    assert "tflite_unsupported_op_flex" in known  # the parser really read the table
    for recipe in load_recipes():
        assert set(recipe["categories"]) <= known, set(recipe["categories"]) - known


def test_every_requirement_is_an_exact_pin_and_onnx2tf_lanes_follow_the_metadata():
    for recipe in load_recipes():
        for lane in recipe["lanes"]:
            for req in lane["requirements"]:
                assert re.fullmatch(r"[A-Za-z0-9._-]+==[0-9][0-9A-Za-z.+]*", req), req
    lanes = {l["id"]: dict(r.split("==") for r in l["requirements"]) for l in get_recipe("onnx-tflite")["lanes"]}
    assert lanes["py311"]["onnx2tf"] == "1.29.24" and lanes["py311"]["tensorflow"] == "2.19.0"
    assert lanes["py312plus"]["onnx2tf"].startswith("2.6.") and lanes["py312plus"]["tensorflow"] == "2.21.0"


def test_cells_render_to_short_valid_python_that_calls_the_runner():
    for recipe in load_recipes():
        placeholders = re.findall(r"\{\{(\w+)\}\}", recipe["cell"])
        assert set(placeholders) <= set(recipe["parameters"]), recipe["id"]
        cell = render_cell(recipe, **{name: f"my dir/{name}'s \"file\"" for name in placeholders})
        tree = ast.parse(cell)
        call = tree.body[-1].value
        assert call.func.id == "run_recipe" and call.args[0].value == recipe["id"]
        # The header comments the extension's fix cell carries, then the short call.
        assert cell.startswith(f"# Convert Doctor fix: {recipe['title']} (recipe {recipe['id']})")
        assert len([line for line in cell.splitlines() if not line.startswith("#")]) <= 3


HOSTILE_VALUES = {
    "cfg": "a\u2028b\u2029c.cfg",
    "weights": "admin\u202e\u2066thgiew\u2069.weights",
    "onnx": "caf\u00e9 \u0430pple \U0001f600 \x7f\x00\t\"'\\ \ud800.onnx",
}


def test_rendered_cells_are_printable_ascii_and_mean_the_values():
    # U+2028, bidi controls and look-alikes would make the cell read differently from how it runs.
    cell = render_cell(get_recipe("darknet-onnx"), **HOSTILE_VALUES)
    assert re.fullmatch(r"[ -~\n]+", cell), cell
    assert "\\u2028" in cell and "\\U0001f600" in cell
    call = ast.parse(cell).body[-1].value
    assert {k.arg: ast.literal_eval(k.value) for k in call.keywords} == HOSTILE_VALUES


# Calls that run what they load: Python code, a TensorFlow graph, a pickle.
RUNS_AS_CODE = {"load_factory", "tf.saved_model.load", "tf.lite.TFLiteConverter.from_saved_model",
                "tf.keras.models.load_model", "keras.models.load_model", "keras.saving.load_model",
                "torch.load", "torch.jit.load", "pickle.load", "pickle.loads", "joblib.load"}


def _dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _weights_only(call):
    return any(k.arg == "weights_only" and getattr(k.value, "value", None) is True for k in call.keywords)


def test_inputs_a_step_runs_as_code_are_flagged_executes():
    """A fix cell must never fill such an input from the failing cell (src/core/fixCell.ts), so
    the data has to say which they are: every params["x"] a step hands to a loader that runs
    code is flagged, and torch.load is called with weights_only=True, except in a step whose
    recipe declares an opt-in (`opt_in`, False by default) that the step reads."""
    found = set()
    for recipe in load_recipes():
        text = (STEPS_DIR / recipe["script"]).read_text()
        tree = ast.parse(text)
        opt_ins = [n for n, p in recipe["parameters"].items() if p.get("opt_in")]
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = _dotted(call.func)
            if name == "torch.load":
                assert _weights_only(call) or (opt_ins and all(f'params.get("{n}") is not True' in text
                                                               for n in opt_ins)), (
                    f"{recipe['script']}: torch.load without weights_only=True and no opt-in checked")
                continue
            if name not in RUNS_AS_CODE:
                continue
            for sub in (n for n in ast.walk(call) if isinstance(n, ast.Subscript)):
                if _dotted(sub.value) == "params" and isinstance(sub.slice, ast.Constant):
                    found.add((recipe["id"], sub.slice.value))
    assert {("torch-onnx", "model"), ("tf-tflite-select-ops", "saved_model"),
            ("keras-savedmodel", "keras_model")} <= found
    for recipe_id, name in found:
        assert get_recipe(recipe_id)["parameters"][name].get("executes"), (recipe_id, name)


@pytest.mark.parametrize("spec,version,expected", [
    (">=3.12", "3.12.1", True), (">=3.12", "3.11.7", False), (">=3.10.12,<3.12", "3.11.7", True),
    (">=3.10.12,<3.12", "3.10.11", False), (">=3.10.12,<3.12", "3.12.0", False), ("==3.11.*", "3.11.9", True),
    ("==3.11.*", "3.1.1", False), ("!=3.11.*", "3.12.1", True), (">=3.11", "3.13.0", True),
])
def test_python_specifier_matching(spec, version, expected):
    assert matches(spec, version) is expected


def test_lane_selection_by_python_version():
    recipe = get_recipe("onnx-tflite")
    assert lane_for_python(recipe, "3.11.7")["id"] == "py311"
    # Both py312plus lanes fit 3.13; the one without TensorFlow ranks first ("preference").
    assert lane_for_python(recipe, "3.13.0")["id"] == "py312plus-direct"
    with pytest.raises(NoLaneForPython, match=r"no lane for Python 3\.9\.18.*py311 \(Python >=3\.10\.12,<3\.12\)"):
        lane_for_python(recipe, "3.9.18")


def test_lanes_are_ranked_for_the_user_not_the_kernel():
    """The kernel's interpreter comes first in candidate_interpreters(), yet the best-ranked lane
    any interpreter fits wins; the kernel's Python decides only among equals or when nothing
    else fits, and the reason says which."""
    recipe = get_recipe("onnx-tflite")
    kernel_311, other_312 = ("/kernel/python", "3.11.7"), ("/opt/python-3.12.1/bin/python", "3.12.1")
    plan = plan_lanes(recipe, interpreters=[kernel_311, other_312])
    assert [(p, lane["id"]) for p, _, lane, _ in plan] == [
        ("/opt/python-3.12.1/bin/python", "py312plus-direct"), ("/opt/python-3.12.1/bin/python", "py312plus"),
        ("/kernel/python", "py311")]
    assert "best-ranked lane of onnx-tflite" in plan[0][3] and "Python 3.12.1" in plan[0][3]
    only_kernel = plan_lanes(recipe, interpreters=[kernel_311])
    assert [lane["id"] for _, _, lane, _ in only_kernel] == ["py311"]
    assert "no interpreter here fits the better-ranked lane(s) py312plus-direct" in only_kernel[0][3]
    assert plan_lanes(recipe, lane_id="py312plus", interpreters=[kernel_311, other_312])[0][2]["id"] == "py312plus"
    # A recipe without ranks keeps the kernel-first choice: py310 is listed first, the kernel's 3.11 wins.
    unranked = plan_lanes(get_recipe("darknet-onnx"), interpreters=[kernel_311, ("/opt/python-3.10.13/bin/python", "3.10.13")])
    assert [lane["id"] for _, _, lane, _ in unranked] == ["py311plus", "py310"]
    assert "the kernel's first" in unranked[0][3]
    with pytest.raises(NoLaneForPython, match="interpreters found: /old/python .3.9.18."):
        plan_lanes(recipe, interpreters=[("/old/python", "3.9.18")])


def test_this_machine_gets_the_tensorflow_free_lane_when_it_has_a_python_312():
    if not any(matches(">=3.12", v) for _, v in available_interpreters()):
        pytest.skip("no Python >= 3.12 on this machine")
    python, version, lane = choose_interpreter(get_recipe("onnx-tflite"))
    assert lane["id"] == "py312plus-direct" and matches(">=3.12", version)
    assert not any(r.startswith(("tensorflow==", "tf-keras==", "keras==")) for r in lane["requirements"])


def test_unknown_recipe_names_the_known_ones():
    with pytest.raises(UnknownRecipe, match="unknown recipe 'onnx-tf'.*darknet-onnx, onnx-tflite"):
        get_recipe("onnx-tf")


def test_importing_the_runner_pulls_in_no_third_party_module():
    import subprocess
    import sys
    code = ("import sys; before = set(sys.modules); import jupyterlab_convert_doctor.recipes; "
            "new = {m.split('.')[0] for m in set(sys.modules) - before}; "
            "print(sorted(m for m in new if m not in sys.stdlib_module_names and m != 'jupyterlab_convert_doctor'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


def test_the_lane_matrix_is_every_lane_on_each_python_of_its_tested_on():
    from jupyterlab_convert_doctor.recipes.catalog import lane_matrix
    matrix = lane_matrix()
    assert len(matrix) == sum(len(l["tested_on"]) for r in load_recipes() for l in r["lanes"]) >= 10
    assert ("onnx-tflite", "py312plus-direct", "3.13.0") in matrix  # Colab's Python, claimed and built
    assert lane_matrix("torch-onnx") == [("torch-onnx", "py311-cpu", "3.11.7")]
    assert [l for _, l, _ in lane_matrix("onnx-tflite", first_only=True)] == [
        l["id"] for l in get_recipe("onnx-tflite")["lanes"]]


def test_find_interpreter_takes_an_exact_version_or_any_patch_of_a_minor(monkeypatch):
    """Real interpreters of this machine: "3.X.Y" finds exactly that version, "3.X" any 3.X."""
    import subprocess
    import sys
    from jupyterlab_convert_doctor.recipes.interpreters import find_interpreter, interpreter_version, override_variable
    found = available_interpreters()
    assert found  # at least the interpreter running this test
    for _, version in found:
        exact = find_interpreter(version)
        assert interpreter_version(exact) == version
        minor = ".".join(version.split(".")[:2])
        assert interpreter_version(find_interpreter(minor)).startswith(minor + ".")
    assert find_interpreter("3.99") is None and find_interpreter("3.11.999") is None
    monkeypatch.setenv(override_variable("3.11.999"), sys.executable)
    assert override_variable("3.11.999") == "CONVERT_DOCTOR_PY311" and find_interpreter("3.11.999") == sys.executable
    monkeypatch.delenv("CONVERT_DOCTOR_PY311")
    cli = [sys.executable, "-m", "jupyterlab_convert_doctor.recipes.find_python"]
    shown = subprocess.run([*cli, found[0][1]], capture_output=True, text=True, cwd=REPO)
    assert shown.returncode == 0 and interpreter_version(shown.stdout.strip()) == found[0][1]
    missing = subprocess.run([*cli, "3.99"], capture_output=True, text=True, cwd=REPO)
    assert missing.returncode == 1 and missing.stdout == ""
    assert "no Python 3.99 found" in missing.stderr and "CONVERT_DOCTOR_PY399" in missing.stderr
