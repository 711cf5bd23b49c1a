"""keras-savedmodel recipe step: load a .keras / .h5 model with Keras 3, export it with
model.export(format="tf_saved_model") (what Keras 3 offers instead of model.save('dir') and
the Keras-2 paths into TFLiteConverter), reload the SavedModel and compare its serving
signature with the Keras model; with tflite=True also convert the SavedModel to .tflite."""

import os
import re
import shutil
import sys
from importlib.metadata import version

from _common import args, deterministic_input, file_entries, finish, step

SAVED_MODEL_TOLERANCE = 1e-5  # the same graph and weights, run by the same TensorFlow
TFLITE_TOLERANCE = 1e-4  # TFLite kernels round differently (as tf-tflite-select-ops)
# Spatial / sequence dimensions a model leaves open get this size for the check (batch: 1).
OPEN_DIMENSION = 16
_MISSING_NAME = re.compile(r"(?:Could not locate (?:class|function)|Unknown (?:layer|object|activation|loss|metric):?)"
                           r" '([^']+)'", re.IGNORECASE)
_CUSTOM_CODE = re.compile(r"Unknown (?:layer|object|activation|loss|metric)|Could not locate (?:class|function)"
                          r"|could not be deserialized properly|custom_objects|Lambda", re.IGNORECASE)


class KerasModelLoadError(RuntimeError):
    """The lane's Keras cannot rebuild the model (it needs the user's own code)."""


def load_error(keras, path, exc):
    """What went wrong loading the model, as one clear message (Keras raises TypeError /
    ValueError with texts that vary by version)."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:400]
    if _CUSTOM_CODE.search(str(exc)):
        names = sorted(set(_MISSING_NAME.findall(str(exc))))
        missing = f"it needs {', '.join(names)}" if names else first
        example = names[0].split(">")[-1] if names else "YourClass"
        return KerasModelLoadError(
            f"Keras {keras.__version__} cannot rebuild {os.path.basename(path)} without your code ({missing}). "
            "The model uses a custom layer, function or Lambda, and this pinned venv does not have the code "
            "that defines it. In your notebook, load it with that code: keras.saving.load_model(path, "
            f"custom_objects={{'{example}': {example}}}) (or decorate the class with "
            "@keras.saving.register_keras_serializable()), then call model.export('saved_model_dir') there; "
            "see https://keras.io/guides/serialization_and_saving/#custom-objects")
    return KerasModelLoadError(f"Keras {keras.__version__} cannot load {path}: {first}")


def concrete_shape(shape):
    return [1 if i == 0 and d is None else (OPEN_DIMENSION if d is None else d) for i, d in enumerate(shape)]


def feeds_for(model):
    return {spec.name.split(":")[0]: deterministic_input(concrete_shape(spec.shape), seed=i)
            for i, spec in enumerate(model.inputs)}


def keras_outputs(model, feeds):
    values = model(list(feeds.values()) if len(feeds) > 1 else next(iter(feeds.values())), training=False)
    values = values if isinstance(values, (list, tuple)) else [values]
    return [v.numpy() for v in values]


def max_diffs(expected, got):
    import numpy as np
    return {name: float(np.max(np.abs(got[name].astype(np.float64) - value.astype(np.float64))))
            for name, value in expected.items()}


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, names in os.walk(path) for f in names)


def export(model, out):
    """model.export into a fresh folder, then moved to `out`: a failed export leaves no half
    SavedModel, and an earlier SavedModel at `out` (the fix cell run again) is replaced."""
    if os.path.exists(out) and not os.path.isfile(os.path.join(out, "saved_model.pb")) and os.listdir(out):
        raise FileExistsError(f"{out} exists and is not a SavedModel; name another folder with out=...")
    partial = out.rstrip("/\\") + ".partial"
    shutil.rmtree(partial, ignore_errors=True)
    model.export(partial, format="tf_saved_model", verbose=False)
    shutil.rmtree(out, ignore_errors=True)
    os.replace(partial, out)


def to_tflite(tf, saved_model, path):
    """TFLiteConverter.from_saved_model, builtin ops first, then SELECT_TF_OPS (as tf-tflite-select-ops)."""
    from tf_tflite_select_ops import convert
    try:
        flatbuffer, note = convert(tf, saved_model, [tf.lite.OpsSet.TFLITE_BUILTINS]), "builtin ops only"
    except Exception:  # ConverterError: ops without a builtin
        flatbuffer = convert(tf, saved_model, [tf.lite.OpsSet.TFLITE_BUILTINS, tf.lite.OpsSet.SELECT_TF_OPS])
        note = "needed SELECT_TF_OPS (Flex)"
    with open(path, "wb") as f:
        f.write(flatbuffer)
    return flatbuffer, note


def main():
    params, result_path = args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ["KERAS_BACKEND"] = "tensorflow"  # model.export(format="tf_saved_model") traces with TF
    print(f"tensorflow {version('tensorflow')}, keras {version('keras')}, numpy {version('numpy')}, "
          f"Python {sys.version.split()[0]}", flush=True)
    import keras
    import tensorflow as tf

    source = params["keras_model"]
    stem = re.sub(r"\.(?:keras|h5|hdf5)$", "", source, flags=re.IGNORECASE)
    out = params.get("out") or stem + "_saved_model"
    step("load the Keras model")
    try:  # safe_mode: Keras refuses to deserialize Python lambdas
        model = keras.saving.load_model(params["keras_model"], compile=False, safe_mode=True)
    except Exception as exc:
        raise load_error(keras, source, exc) from None
    feeds = feeds_for(model)
    expected = dict(zip((f"output_{i}" for i in range(len(model.outputs))), keras_outputs(model, feeds)))

    step("export the SavedModel")
    export(model, out)

    step("verify the SavedModel")
    signature = tf.saved_model.load(out).signatures["serving_default"]
    got = {k: v.numpy() for k, v in signature(**{k: tf.constant(v) for k, v in feeds.items()}).items()}
    if sorted(got) != sorted(expected):
        raise RuntimeError(f"the SavedModel's serving signature returns {sorted(got)}, the model {sorted(expected)}")
    diffs = {f"SavedModel {k}": v for k, v in max_diffs(expected, got).items()}
    worst = max(diffs.values())
    passed = worst <= SAVED_MODEL_TOLERANCE
    files, notes = [], [f"SavedModel signature 'serving_default' (endpoint 'serve'); load it with "
                           f"tf.saved_model.load or convert it with TFLiteConverter.from_saved_model('{out}')"]
    if params.get("tflite"):
        step("convert to TFLite")
        tflite = stem + ".tflite"
        flatbuffer, note = to_tflite(tf, out, tflite)
        runner = tf.lite.Interpreter(model_content=flatbuffer).get_signature_runner("serving_default")
        tflite_diffs = max_diffs(expected, runner(**feeds))
        diffs.update({f"TFLite {k}": v for k, v in tflite_diffs.items()})
        passed = passed and max(tflite_diffs.values()) <= TFLITE_TOLERANCE
        files.append(tflite)
        notes.append(f"TFLite {os.path.basename(tflite)}: {note}; max abs diff vs Keras "
                     f"{max(tflite_diffs.values()):.3g} (tolerance {TFLITE_TOLERANCE})")
    finish(result_path, {
        "files": [{"path": out, "bytes": folder_bytes(out)}] + file_entries(files),
        "models": [{"label": f"SavedModel {os.path.basename(out)}",
                    "inputs": [{"name": n, "shape": list(v.shape), "dtype": str(v.dtype)} for n, v in feeds.items()],
                    "outputs": [{"name": n, "shape": list(v.shape), "dtype": str(v.dtype)} for n, v in got.items()]}],
        "diffs": diffs, "max_abs_diff": worst, "tolerance": SAVED_MODEL_TOLERANCE, "passed": passed,
        "compare": "SavedModel serving signature (and TFLite with tflite=True) vs the Keras model",
        "saved_model": out, "notes": notes,
    })


if __name__ == "__main__":
    try:
        main()
    except KerasModelLoadError as exc:  # a clear message, not a traceback of Keras internals
        print(f"KerasModelLoadError: {exc}", flush=True)
        sys.exit(1)
