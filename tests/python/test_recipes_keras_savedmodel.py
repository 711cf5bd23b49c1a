"""keras-savedmodel end to end in its pinned lane (the tf-tflite-select-ops lanes' venvs, shared):
a small Keras 3 model with deterministic weights saved as .keras / .h5, exported by the recipe
with model.export, and the SavedModel reloaded on its own and compared with the Keras model."""

import json
import subprocess
import textwrap

import pytest

from jupyterlab_convert_doctor.recipes import StepFailed, get_recipe, run_recipe
from jupyterlab_convert_doctor.recipes.venvs import lock_path, venv_path, venv_python
from model_sources import build_keras_model
from recipe_lanes import pip_freeze, prebuilt
from recipe_pythons import lane_pythons, lane_version, python_or_skip

LANES = lane_pythons("keras-savedmodel")
PY311_VERSION = lane_version("keras-savedmodel", "py311")

# Reload the SavedModel with TensorFlow alone and run it next to the Keras file (in the lane).
CHECK_SAVED_MODEL = textwrap.dedent('''
    import json, os, sys
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
    import keras, numpy as np, tensorflow as tf

    model = keras.saving.load_model(sys.argv[1], compile=False)
    signature = tf.saved_model.load(sys.argv[2]).signatures["serving_default"]
    rng = np.random.RandomState(3)
    images, extra = rng.uniform(size=(2, 24, 20, 3)).astype("float32"), rng.uniform(size=(2, 4)).astype("float32")
    want = [v.numpy() for v in model([images, extra])]
    got = signature(images=tf.constant(images), extra=tf.constant(extra))
    print(json.dumps({"keys": sorted(got), "diffs": [float(np.max(np.abs(got[f"output_{i}"].numpy() - w)))
                                                     for i, w in enumerate(want)]}))
''')


def test_its_lanes_are_the_tf_select_ops_lanes_so_no_venv_is_added():
    recipe, owner = get_recipe("keras-savedmodel"), get_recipe("tf-tflite-select-ops")
    for lane, owner_lane in zip(recipe["lanes"], owner["lanes"]):
        assert lane["shares_lane"] == f"tf-tflite-select-ops:{owner_lane['id']}"
        assert lane["requirements"] == owner_lane["requirements"]
        assert lock_path(recipe, lane) == lock_path(owner, owner_lane)
        assert venv_path(recipe, lane, lane["tested_on"][0]) == venv_path(owner, owner_lane, lane["tested_on"][0])


@pytest.mark.parametrize("lane_id,version", LANES, ids=[l for l, _ in LANES])
def test_exports_a_saved_model_that_matches_the_keras_model(lane_id, version, tmp_path, recipe_cache):
    python = python_or_skip(version)
    venv = prebuilt("keras-savedmodel", lane_id, python)
    model = build_keras_model(venv, tmp_path, "detector.keras")
    before = pip_freeze()
    lines = []
    result = run_recipe("keras-savedmodel", keras_model=str(model), python=str(python), echo=lines.append)
    assert pip_freeze() == before  # nothing installed into the kernel
    out = tmp_path / "detector_saved_model"
    assert result["passed"] and result["venv"] == str(venv), lines[-15:]
    # The tf-tflite-select-ops lane's venv, not one of its own.
    assert venv == prebuilt("tf-tflite-select-ops", lane_id, python)
    assert result["saved_model"] == str(out) and (out / "saved_model.pb").is_file()
    assert sorted(result["diffs"]) == ["SavedModel output_0", "SavedModel output_1"]
    assert result["max_abs_diff"] <= 1e-5
    # The open dimensions were fed as 16 (batch 1); the heat map keeps them.
    heat = next(o for o in result["models"][0]["outputs"] if o["name"] == "output_1")
    assert heat["shape"] == [1, 16, 16, 2]
    assert any(f"reusing {venv}" in line for line in lines)

    # Independently: TensorFlow alone loads the SavedModel; on another input and batch it matches.
    script = tmp_path / "check.py"
    script.write_text(CHECK_SAVED_MODEL)
    checked = json.loads(subprocess.run([str(venv_python(venv)), str(script), str(model), str(out)],
                                        check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
    assert checked["keys"] == ["output_0", "output_1"]
    assert max(checked["diffs"]) <= 1e-5, checked


def test_an_h5_model_to_saved_model_and_tflite(tmp_path, recipe_cache):
    python = python_or_skip(PY311_VERSION)
    venv = prebuilt("keras-savedmodel", "py311", python)
    model = build_keras_model(venv, tmp_path, "legacy.h5")
    out = tmp_path / "exported"
    out.mkdir()
    (out / "saved_model.pb").write_bytes(b"an earlier export")  # the fix cell run twice: replaced
    result = run_recipe("keras-savedmodel", keras_model=str(model), out=str(out), tflite=True,
                        python=str(python), echo=lambda line: None)
    assert result["passed"]
    assert sorted(result["diffs"]) == ["SavedModel output_0", "SavedModel output_1",
                                       "TFLite output_0", "TFLite output_1"]
    assert max(v for k, v in result["diffs"].items() if k.startswith("TFLite")) <= 1e-4
    assert (tmp_path / "legacy.tflite").stat().st_size > 1000
    assert (out / "saved_model.pb").stat().st_size > 1000
    assert not (tmp_path / "exported.partial").exists()


def test_a_custom_layer_it_cannot_load_gives_a_clear_error_naming_custom_objects(tmp_path, recipe_cache):
    python = python_or_skip(PY311_VERSION)
    venv = prebuilt("keras-savedmodel", "py311", python)
    model = build_keras_model(venv, tmp_path, "custom.keras", "with-custom-layer")
    lines = []
    with pytest.raises(StepFailed) as caught:
        run_recipe("keras-savedmodel", keras_model=str(model), python=str(python), echo=lines.append)
    message = str(caught.value)
    assert caught.value.step == "load the Keras model"
    assert "KerasModelLoadError" in message and "custom_objects" in message and "{'Scale': Scale}" in message, message
    assert not any(line.startswith("Traceback") for line in lines), lines[-10:]
    assert not (tmp_path / "custom_saved_model").exists()
