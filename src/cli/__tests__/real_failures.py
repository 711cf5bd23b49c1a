"""Really runs small failing snippets in this Python and prints each error as a Jupyter error
output (ename, evalue, IPython's coloured traceback lines), one JSON object per line, with the
category the diagnoser must give it. Used by cli.spec.ts; needs numpy>=2, onnx, onnxruntime
(the project venv) and IPython for kernel-identical formatting."""
import json
import sys
import tempfile

from IPython.core import ultratb


def formatter():
    try:
        return ultratb.AutoFormattedTB(mode="Context", theme_name="linux")
    except TypeError:  # IPython < 9
        return ultratb.AutoFormattedTB(mode="Context", color_scheme="Linux")


def numpy_alias():
    import numpy as np
    return np.float


def missing_tfa():
    import tensorflow_addons  # noqa: F401


def missing_onnxscript():
    import onnxscript  # noqa: F401


def ort_missing_file():
    import onnxruntime as ort
    ort.InferenceSession("/nonexistent/yolov4-tiny.onnx", providers=["CPUExecutionProvider"])


def _relu_model(ir_version=None, opset=None):
    from onnx import TensorProto, helper
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"])], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])])
    kwargs = {"opset_imports": [helper.make_opsetid("", opset)]} if opset else {}
    model = helper.make_model(graph, **kwargs)
    if ir_version:
        model.ir_version = ir_version
    return model


def ort_ir_too_new():
    import onnxruntime as ort
    ort.InferenceSession(_relu_model(ir_version=99).SerializeToString(), providers=["CPUExecutionProvider"])


def onnx_checker_rejects():
    import onnx
    from onnx import TensorProto, helper
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x"], ["y"])], "g",  # Conv needs a weight input
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    onnx.checker.check_model(helper.make_model(graph), full_check=True)


def ort_input_shape():
    import numpy as np
    import onnxruntime as ort
    from onnx import TensorProto, helper
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"])], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 416, 416])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 416, 416])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    sess.run(None, {"x": np.zeros((1, 3, 320, 320), np.float32)})


def darknet_weights_short():
    import numpy as np
    with tempfile.NamedTemporaryFile(suffix=".weights") as f:
        np.zeros(5 + 30868, np.float32).tofile(f.name)
        conv_weights = np.fromfile(f.name, np.float32)[5:]
        conv_weights.reshape((256, 256, 3, 3))


CASES = [
    (numpy_alias, "numpy_api_removed"),
    (missing_tfa, "tensorflow_addons_broken"),
    (missing_onnxscript, "torch_onnx_dynamo_onnxscript"),
    (ort_missing_file, "file_not_found"),
    (ort_ir_too_new, "onnxruntime_ir_version"),
    (onnx_checker_rejects, "onnx_model_invalid"),
    (ort_input_shape, "input_shape_mismatch"),
    (darknet_weights_short, "darknet_cfg_weights_mismatch"),
]

if __name__ == "__main__":
    tb = formatter()
    for fn, expected in CASES:
        try:
            fn()
        except BaseException:
            etype, value, trace = sys.exc_info()
            print(json.dumps({
                "case": fn.__name__, "expected": expected, "output_type": "error",
                "ename": etype.__name__, "evalue": str(value),
                "traceback": tb.structured_traceback(etype, value, trace)}))
        else:
            print(json.dumps({"case": fn.__name__, "expected": expected, "did_not_fail": True}))
