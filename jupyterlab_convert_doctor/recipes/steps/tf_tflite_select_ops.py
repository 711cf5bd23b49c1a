"""tf-tflite-select-ops recipe step: TFLiteConverter from a SavedModel, builtin ops only first,
then with SELECT_TF_OPS; reports which ops needed Flex and compares TFLite with the SavedModel."""

import os
import re
import sys
from importlib.metadata import version

from _common import args, deterministic_input, file_entries, finish, step


def convert(tf, saved_model, ops):
    converter = tf.lite.TFLiteConverter.from_saved_model(saved_model)
    converter.target_spec.supported_ops = ops
    return converter.convert()


def ops_from_error(text, label):
    """Op names from the converter's 'TF Select ops: A, B' or 'Custom ops: A, B' line (TF 2.x)."""
    match = re.search(label + r":\s*([^\n]+)", text)
    return sorted({op.strip().rstrip(".") for op in match.group(1).split(",")}) if match else []


class NoFlexKernel(RuntimeError):
    """Ops that have neither a TFLite builtin nor a Flex (SELECT_TF_OPS) kernel."""


def main():
    params, result_path = args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    print(f"tensorflow {version('tensorflow')}, numpy {version('numpy')}, Python {sys.version.split()[0]}", flush=True)
    import numpy as np
    import tensorflow as tf

    step("convert with builtin ops only")
    flex_needed, builtin_error = [], None
    try:
        flatbuffer = convert(tf, params["saved_model"], [tf.lite.OpsSet.TFLITE_BUILTINS])
        print("builtin-only conversion succeeded: no Flex ops needed", flush=True)
    except Exception as exc:  # the converter raises ConverterError; its text lists the ops
        builtin_error = str(exc)
        flex_needed = ops_from_error(builtin_error, "TF Select ops")
        custom = ops_from_error(builtin_error, "Custom ops")
        print(f"builtin-only conversion failed; ops without a TFLite builtin: "
              f"{', '.join(flex_needed + custom) or 'see the converter error above'}", flush=True)
        step("convert with SELECT_TF_OPS")
        try:
            flatbuffer = convert(tf, params["saved_model"],
                                 [tf.lite.OpsSet.TFLITE_BUILTINS, tf.lite.OpsSet.SELECT_TF_OPS])
        except Exception as exc:
            custom = ops_from_error(str(exc), "Custom ops")
            if not custom:
                raise
            raise NoFlexKernel(f"ops with neither a TFLite builtin nor a Flex kernel: {', '.join(custom)}; "
                               "SELECT_TF_OPS cannot help: rewrite them with supported ops or implement a custom op "
                               "(https://www.tensorflow.org/lite/guide/ops_custom)") from None
    os.makedirs(os.path.dirname(params["tflite"]) or ".", exist_ok=True)
    with open(params["tflite"], "wb") as f:
        f.write(flatbuffer)

    step("verify")
    loaded = tf.saved_model.load(params["saved_model"])
    signature = loaded.signatures["serving_default"]
    (_, input_specs) = signature.structured_input_signature
    feeds = {name: deterministic_input(spec.shape.as_list()) for name, spec in input_specs.items()}
    expected = {k: v.numpy() for k, v in signature(**{k: tf.constant(v) for k, v in feeds.items()}).items()}
    # tf.lite.Interpreter links the Flex delegate; ai-edge-litert's interpreter does not.
    interpreter = tf.lite.Interpreter(model_content=flatbuffer)
    runner = interpreter.get_signature_runner("serving_default")
    got = runner(**feeds)
    flex_in_model = sorted({op["op_name"] for op in interpreter._get_ops_details() if op["op_name"].startswith("Flex")})
    diffs = {name: float(np.max(np.abs(got[name].astype(np.float64) - value.astype(np.float64))))
             for name, value in expected.items()}
    worst = max(diffs.values())
    tolerance = 1e-4
    finish(result_path, {
        "files": file_entries([params["tflite"]]),
        "models": [{"label": f"TFLite {os.path.basename(params['tflite'])}",
                    "inputs": [{"name": n, "shape": list(v.shape), "dtype": str(v.dtype)} for n, v in feeds.items()],
                    "outputs": [{"name": n, "shape": list(v.shape), "dtype": str(v.dtype)} for n, v in got.items()]}],
        "diffs": diffs, "max_abs_diff": worst, "tolerance": tolerance, "passed": worst <= tolerance,
        "compare": "TFLite (tf.lite.Interpreter with Flex) vs SavedModel serving signature",
        "flex_ops_needed": flex_needed, "flex_ops_in_model": flex_in_model,
        "notes": [f"ops that needed Flex (SELECT_TF_OPS): {', '.join(flex_in_model) or 'none'}"]
                 + (["builtin-only error: " + builtin_error.strip().splitlines()[0][:300]] if builtin_error else []),
    })


if __name__ == "__main__":
    main()
