"""tf-tflite-select-ops end to end in its pinned TF venv: a SavedModel with an op that has no
TFLite builtin; the builtin-only attempt fails, SELECT_TF_OPS succeeds, the Flex op is named."""


import pytest

from jupyterlab_convert_doctor.recipes import StepFailed, run_recipe
from model_sources import make_saved_model
from recipe_lanes import pip_freeze, prebuilt
from recipe_pythons import lane_version, python_or_skip, lane_pythons

LANES = lane_pythons("tf-tflite-select-ops")
PY311_VERSION = lane_version("tf-tflite-select-ops", "py311")

@pytest.mark.parametrize("lane_id,version", LANES, ids=[l for l, _ in LANES])
def test_select_ops_reports_the_flex_ops_and_matches_the_saved_model(lane_id, version, tmp_path, recipe_cache):
    python = python_or_skip(version)
    venv = prebuilt("tf-tflite-select-ops", lane_id, python)
    saved_model = make_saved_model(venv, tmp_path)
    before = pip_freeze()
    lines = []
    result = run_recipe("tf-tflite-select-ops", saved_model=str(saved_model), tflite=str(tmp_path / "m.tflite"),
                        python=str(python), echo=lines.append)
    assert pip_freeze() == before
    assert result["lane"] == lane_id and result["python"] == version
    text = "\n".join(lines)
    assert "[step] convert with builtin ops only" in text and "[step] convert with SELECT_TF_OPS" in text
    assert result["flex_ops_in_model"] == ["FlexCumprod", "FlexMatrixInverse"]
    assert result["flex_ops_needed"] == ["Cumprod", "MatrixInverse"]
    assert result["passed"] and result["max_abs_diff"] <= 1e-4
    assert (tmp_path / "m.tflite").stat().st_size > 0
    assert "ops that needed Flex (SELECT_TF_OPS): FlexCumprod, FlexMatrixInverse" in text


def test_an_op_without_a_flex_kernel_fails_in_the_select_step_naming_it(tmp_path, recipe_cache):
    py311 = python_or_skip(PY311_VERSION)
    venv = prebuilt("tf-tflite-select-ops", "py311", py311)
    saved_model = make_saved_model(venv, tmp_path, "no-flex")
    with pytest.raises(StepFailed) as info:
        run_recipe("tf-tflite-select-ops", saved_model=str(saved_model), tflite=str(tmp_path / "m.tflite"),
                   python=py311, echo=lambda line: None)
    assert info.value.step == "convert with SELECT_TF_OPS"
    assert "NoFlexKernel: ops with neither a TFLite builtin nor a Flex kernel: Erfinv" in str(info.value)
    assert not (tmp_path / "m.tflite").exists()
