"""onnx-tflite end to end, every onnx2tf lane, in their real pinned venvs (built by
scripts/setup-recipe-venvs.py under .cache/recipes, or here on first use): TFLite (+ SavedModel on
the TensorFlow lanes), TFLite (ai-edge-litert) vs ONNX (onnxruntime) max abs diff <= 1e-3, with
all network access blocked during the conversion, and the calling environment left
byte-identical; the TensorFlow-free lane falls back to a TensorFlow lane on a graph its
flatbuffer_direct backend rejects."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from jupyterlab_convert_doctor.recipes import BadParameters, StepFailed, get_recipe, render_cell, run_recipe
from jupyterlab_convert_doctor.recipes.catalog import get_lane
from recipe_lanes import CACHE, REPO, block_network, pip_freeze, prebuilt
from recipe_pythons import lane_version, python_or_skip, lane_pythons

LANES = lane_pythons("onnx-tflite", first_only=True)  # [(lane, the Python it was first tested on)]
PY311_VERSION = lane_version("onnx-tflite", "py311")
PY312_VERSION = lane_version("onnx-tflite", "py312plus-direct")


def build_tiny_yolo_onnx(path, size=64, seed=0):
    """A small YOLOv4-tiny-shaped graph (conv+leaky, channel-split Slice, concat, maxpool,
    nearest Resize, two linear 1x1 heads) at opset 13 / IR 7, with explicit symmetric pads."""
    rng = np.random.RandomState(seed)
    inits, nodes = [], []

    def conv(name, x, cin, cout, k, stride=1, leaky=True):
        w = (rng.standard_normal((cout, cin, k, k)) / np.sqrt(cin * k * k)).astype(np.float32)
        b = (0.1 * rng.standard_normal(cout)).astype(np.float32)
        inits.extend([numpy_helper.from_array(w, name + "_w"), numpy_helper.from_array(b, name + "_b")])
        p = k // 2
        nodes.append(helper.make_node("Conv", [x, name + "_w", name + "_b"], [name + "_c"], kernel_shape=[k, k],
                                      strides=[stride, stride], pads=[p, p, p, p]))
        if not leaky:
            return name + "_c"
        nodes.append(helper.make_node("LeakyRelu", [name + "_c"], [name], alpha=0.1))
        return name

    def const(name, values, dtype=np.int64):
        inits.append(numpy_helper.from_array(np.array(values, dtype=dtype), name))
        return name

    c1 = conv("c1", "images", 3, 8, 3, stride=2)
    c2 = conv("c2", c1, 8, 16, 3)
    nodes.append(helper.make_node("Slice", [c2, const("s_start", [8]), const("s_end", [16]), const("s_axes", [1])], ["split"]))
    c3 = conv("c3", "split", 8, 8, 3)
    nodes.append(helper.make_node("Concat", [c3, "split"], ["cat1"], axis=1))
    nodes.append(helper.make_node("MaxPool", ["cat1"], ["pool"], kernel_shape=[2, 2], strides=[2, 2]))
    c4 = conv("c4", "pool", 16, 32, 3)
    conv("head_small", c4, 32, 18, 1, leaky=False)
    c5 = conv("c5", c4, 32, 8, 1)
    nodes.append(helper.make_node("Resize", [c5, "", const("scales", [1, 1, 2, 2], np.float32)], ["up"], mode="nearest",
                                  coordinate_transformation_mode="asymmetric", nearest_mode="floor"))
    nodes.append(helper.make_node("Concat", ["up", c2], ["cat2"], axis=1))
    conv("head_large", "cat2", 24, 18, 1, leaky=False)
    half, quarter = size // 2, size // 4
    graph = helper.make_graph(
        nodes, "tiny_yolo", [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, size, size])],
        [helper.make_tensor_value_info("head_small_c", TensorProto.FLOAT, [1, 18, quarter, quarter]),
         helper.make_tensor_value_info("head_large_c", TensorProto.FLOAT, [1, 18, half, half])], inits)
    model = helper.make_model_gen_version(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, str(path))
    return path


def both_py312_lanes():
    """Python 3.12 with both its onnx-tflite lanes built: py312plus-direct (TensorFlow-free,
    ranked first) and py312plus (TensorFlow), the lane a conversion falls back to. Returns that
    Python and the py312plus venv."""
    py312 = python_or_skip(PY312_VERSION)
    prebuilt("onnx-tflite", "py312plus-direct", py312)
    return py312, prebuilt("onnx-tflite", "py312plus", py312)


@pytest.mark.parametrize("lane_id,version", LANES, ids=[l for l, _ in LANES])
def test_onnx_tflite_lane_converts_offline_with_tflite_parity(lane_id, version, tmp_path, recipe_cache, monkeypatch):
    python = python_or_skip(version)
    prebuilt("onnx-tflite", lane_id, python)
    model = build_tiny_yolo_onnx(tmp_path / "tiny.onnx")
    block_network(monkeypatch)
    before = pip_freeze()
    lines = []
    result = run_recipe("onnx-tflite", onnx=str(model), out=str(tmp_path / "out"), python=str(python),
                        lane=lane_id, echo=lines.append)
    assert pip_freeze() == before
    text = "\n".join(lines)
    assert result["lane"] == lane_id and result["passed"]
    assert set(result["diffs"]) == {"head_small_c", "head_large_c"}
    assert result["max_abs_diff"] <= 1e-3
    assert (tmp_path / "out" / "tiny_float32.tflite").stat().st_size > 10_000
    with_tf = lane_id != "py312plus-direct"
    assert (tmp_path / "out" / "saved_model.pb").exists() is with_tf and result["saved_model"] is with_tf
    tflite = [m for m in result["models"] if m["label"].startswith("TFLite")][0]
    assert sorted(o["shape"] for o in tflite["outputs"]) == [[1, 16, 16, 18], [1, 32, 32, 18]]  # NHWC
    assert "[step] convert" in text and "Verification summary (onnx-tflite" in text and "PASSED" in text
    pins = get_lane(get_recipe("onnx-tflite"), lane_id)["requirements"]
    assert "Pins: " + " ".join(pins) in text
    if lane_id == "py311":
        assert "wrote" in text and "calibration_image_sample_data_20x128x128x3_float32.npy" in text


def test_failed_step_is_named_and_carries_the_real_traceback(tmp_path, recipe_cache):
    python = python_or_skip(PY311_VERSION)
    prebuilt("onnx-tflite", "py311", python)
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"this is not a protobuf")
    with pytest.raises(StepFailed) as info:
        run_recipe("onnx-tflite", onnx=str(broken), out=str(tmp_path / "out"), python=str(python),
                   echo=lambda line: None)
    assert info.value.step == "inspect onnx"
    assert "step 'inspect onnx' failed" in str(info.value)
    assert "Traceback (most recent call last)" in info.value.output_tail
    assert "InvalidProtobuf" in info.value.output_tail or "INVALID_PROTOBUF" in info.value.output_tail


def test_fix_cell_in_a_real_kernel_leaves_its_environment_untouched(tmp_path, recipe_cache):
    """The rendered fix cell, executed by a real ipykernel running in this (project) venv whose
    numpy/onnx/onnxruntime/protobuf conflict with the lanes' pins. The kernel is Python 3.11, but
    the machine has a 3.12: the runner takes the faster TensorFlow-free lane and says why."""
    from jupyter_client.manager import start_new_kernel
    py312 = python_or_skip(PY312_VERSION)
    prebuilt("onnx-tflite", "py312plus-direct", py312)
    model = build_tiny_yolo_onnx(tmp_path / "tiny.onnx")
    cell = render_cell(get_recipe("onnx-tflite"), onnx=str(model), out=str(tmp_path / "out"))
    probe = "import sys, json; print(json.dumps(sorted(m for m in ('tensorflow', 'onnx2tf', 'onnxruntime', 'onnx') if m in sys.modules)))"
    before = pip_freeze()
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(tmp_path))
    try:
        outputs = []
        reply = kc.execute_interactive(cell, timeout=900, output_hook=lambda msg: outputs.append(msg))
        assert reply["content"]["status"] == "ok", [m["content"] for m in outputs if m["msg_type"] == "error"]
        probed = []
        kc.execute_interactive(probe, timeout=60, output_hook=lambda msg: probed.append(msg))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
    assert pip_freeze() == before
    assert "Lane py312plus-direct" in text and "the best-ranked lane of onnx-tflite" in text
    assert "onnx2tf==2.6.9" in text and "tensorflow==" not in text and "PASSED" in text
    loaded = json.loads("".join(m["content"].get("text", "") for m in probed if m["msg_type"] == "stream"))
    assert loaded == []  # nothing heavy was imported into the kernel


def test_a_step_running_past_the_timeout_is_stopped_with_its_process_group(tmp_path, recipe_cache, monkeypatch):
    python = python_or_skip(PY311_VERSION)
    prebuilt("onnx-tflite", "py311", python)
    model = build_tiny_yolo_onnx(tmp_path / "tiny.onnx")
    monkeypatch.setenv("CONVERT_DOCTOR_STEP_TIMEOUT", "4")
    with pytest.raises(StepFailed, match=r"failed: no result after 4 s \(CONVERT_DOCTOR_STEP_TIMEOUT\)") as info:
        run_recipe("onnx-tflite", onnx=str(model), out=str(tmp_path / "out"), python=str(python),
                   echo=lambda line: None)
    assert info.value.step in ("inspect onnx", "prepare offline data", "convert")
    leftovers = subprocess.run(["pgrep", "-f", f"onnx2tf -i {model}"], capture_output=True, text=True).stdout
    assert leftovers.strip() == ""


@pytest.fixture(scope="module")
def yolov4_tiny_onnx(tmp_path_factory, darknet_weights):
    """yolov4-tiny (the real cfg, deterministic random weights) through the darknet-onnx recipe."""
    from jupyterlab_convert_doctor.darknet.published_cfgs import published_cfg
    folder = tmp_path_factory.mktemp("yolov4-tiny-chain")
    cfg = published_cfg("yolov4-tiny")
    weights = darknet_weights("yolov4-tiny", seed=4, gain=1.0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONVERT_DOCTOR_CACHE", str(CACHE))
        run_recipe("darknet-onnx", cfg=str(cfg), weights=str(weights), onnx=str(folder / "yolov4-tiny.onnx"),
                   python=python_or_skip(PY311_VERSION), echo=lambda line: None)
    return folder / "yolov4-tiny.onnx"


@pytest.mark.parametrize("lane_id,version", LANES, ids=[l for l, _ in LANES])
def test_yolov4_tiny_through_every_onnx2tf_lane(lane_id, version, yolov4_tiny_onnx, tmp_path, recipe_cache, monkeypatch):
    python = python_or_skip(version)
    prebuilt("onnx-tflite", lane_id, python)
    block_network(monkeypatch)
    result = run_recipe("onnx-tflite", onnx=str(yolov4_tiny_onnx), out=str(tmp_path / "out"), python=str(python),
                        lane=lane_id, echo=lambda line: None)
    assert result["passed"] and result["max_abs_diff"] <= 1e-3
    tflite = [m for m in result["models"] if m["label"].startswith("TFLite")][0]
    assert tflite["inputs"][0]["shape"] == [1, 416, 416, 3]
    assert sorted(o["shape"] for o in tflite["outputs"]) == [[1, 13, 13, 255], [1, 26, 26, 255]]
    assert (tmp_path / "out" / "yolov4-tiny_float32.tflite").stat().st_size > 20_000_000
    float16 = result["float16"]
    if lane_id != "py311":
        # onnx2tf 2.x (flatbuffer_direct) writes a float16 model that computes in float16
        # (float16 input): LiteRT's x86 CPU kernels refuse it, and the step says so instead of
        # failing or claiming a check. onnx2tf 1.x's float16 model keeps float32 inputs.
        assert float16 is None or float16["passed"]
        assert float16 or any("float16 .tflite not verified" in n for n in result["notes"])
    else:
        assert float16["passed"] and float16["max_abs_diff"] <= float16["tolerance"]
    assert (tmp_path / "out" / "yolov4-tiny_float16.tflite").stat().st_size > 10_000_000


def test_yolov3_tiny_through_the_tensorflow_free_lane(tmp_path, recipe_cache, monkeypatch, darknet_weights):
    from jupyterlab_convert_doctor.darknet.published_cfgs import published_cfg
    py312 = python_or_skip(PY312_VERSION)
    venv = prebuilt("onnx-tflite", "py312plus-direct", py312)
    cfg = published_cfg("yolov3-tiny")
    weights = darknet_weights("yolov3-tiny", seed=3, gain=1.0)
    onnx_path = tmp_path / "yolov3-tiny.onnx"
    subprocess.run([sys.executable, "-m", "jupyterlab_convert_doctor.darknet", str(cfg), str(weights), str(onnx_path)],
                   check=True, capture_output=True)
    block_network(monkeypatch)
    result = run_recipe("onnx-tflite", onnx=str(onnx_path), out=str(tmp_path / "out"), python=py312,
                        echo=lambda line: None)
    assert result["lane"] == "py312plus-direct" and result["passed"] and result["max_abs_diff"] <= 1e-3
    assert not list(Path(venv).glob("lib/python3.*/site-packages/tensorflow"))
    tflite = [m for m in result["models"] if m["label"].startswith("TFLite")][0]
    assert sorted(o["shape"] for o in tflite["outputs"]) == [[1, 13, 13, 255], [1, 26, 26, 255]]


def build_same_lower_onnx(path):
    """One Conv with auto_pad=SAME_LOWER: onnx2tf 2.6.9's flatbuffer_direct backend rejects it
    ("Conv auto_pad=SAME_LOWER is not supported in flatbuffer_direct"), and so does its
    TensorFlow backend ("Invalid auto_pad attribute: SAME_LOWER")."""
    w = numpy_helper.from_array(np.random.RandomState(0).standard_normal((4, 3, 3, 3)).astype(np.float32), "w")
    node = helper.make_node("Conv", ["images", "w"], ["y"], kernel_shape=[3, 3], strides=[2, 2], auto_pad="SAME_LOWER")
    graph = helper.make_graph([node], "same_lower", [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, 32, 32])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 16, 16])], [w])
    model = helper.make_model_gen_version(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, str(path))
    return path


def test_a_graph_flatbuffer_direct_rejects_falls_back_to_a_tensorflow_lane(tmp_path, recipe_cache, monkeypatch):
    """The TensorFlow-free lane says its backend could not convert the graph, the runner moves on
    to the next-ranked lane (TensorFlow), which retries with onnx2tf's tf_converter backend; the
    error raised is the last lane's, with its real traceback."""
    py312, _ = both_py312_lanes()
    model = build_same_lower_onnx(tmp_path / "same_lower.onnx")
    block_network(monkeypatch)
    lines = []
    with pytest.raises(StepFailed) as info:
        run_recipe("onnx-tflite", onnx=str(model), out=str(tmp_path / "out"), python=py312, echo=lines.append)
    text = "\n".join(lines)
    assert "SAME_LOWER is not supported in flatbuffer_direct" in text
    assert "could not convert same_lower.onnx" in text
    assert "Lane py312plus-direct cannot convert this input (step 'convert'); falling back to lane py312plus" in text
    assert "Lane py312plus (Python >=3.12)" in text and "retrying with its TensorFlow backend" in text
    assert info.value.step == "convert" and "Invalid auto_pad attribute: SAME_LOWER" in info.value.output_tail


def build_rms_norm_onnx(path):
    """MatMul then RMSNormalization (opset 23) over the last axis of a [1, 10, 16] tensor: onnx2tf
    2.6.9's flatbuffer_direct backend has no builtin for RMSNormalization and lowers it to its own
    custom op ONNX_RMSNORMALIZATION, which the LiteRT interpreter cannot run; its TensorFlow
    backend (tf_converter) writes a model LiteRT runs."""
    rng = np.random.RandomState(0)
    w = numpy_helper.from_array((rng.standard_normal((16, 16)) / 4).astype(np.float32), "w")
    scale = numpy_helper.from_array((1 + 0.1 * rng.standard_normal(16)).astype(np.float32), "scale")
    nodes = [helper.make_node("MatMul", ["x", "w"], ["m"]),
             helper.make_node("RMSNormalization", ["m", "scale"], ["y"], axis=-1, epsilon=1e-5)]
    graph = helper.make_graph(nodes, "rms_norm", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 10, 16])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 10, 16])], [w, scale])
    model = helper.make_model_gen_version(graph, opset_imports=[helper.make_opsetid("", 23)])
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, str(path))
    return path


def test_a_graph_only_the_tensorflow_backend_converts_falls_back_and_is_verified(tmp_path, recipe_cache, monkeypatch):
    """The TensorFlow-free lane's model would need a custom op LiteRT lacks: the step says so, the
    runner moves on to the TensorFlow lane, whose step retries with the tf_converter backend,
    and that lane's .tflite passes the check against onnxruntime."""
    py312, _ = both_py312_lanes()
    model = build_rms_norm_onnx(tmp_path / "rms_norm.onnx")
    block_network(monkeypatch)
    lines = []
    result = run_recipe("onnx-tflite", onnx=str(model), out=str(tmp_path / "out"), python=py312, echo=lines.append)
    text = "\n".join(lines)
    assert "Custom ops lowered" in text and "unresolved custom op: ONNX_RMSNORMALIZATION" in text
    assert "could not convert rms_norm.onnx to a model LiteRT runs" in text
    assert "Lane py312plus-direct cannot convert this input (step 'convert'); falling back to lane py312plus" in text
    assert "retrying with its TensorFlow backend" in text and "-tb tf_converter" in text
    assert result["lane"] == "py312plus" and result["passed"] and result["max_abs_diff"] <= 1e-3
    assert set(result["diffs"]) == {"y"} and "PASSED" in text
    tflite = [m for m in result["models"] if m["label"].startswith("TFLite")][0]
    assert tflite["inputs"][0]["shape"] == [1, 16, 10]  # NCW -> NWC, fed transposed


def test_the_fix_cell_defaults_to_tflite_only_and_savedmodel_true_writes_a_savedmodel(tmp_path, recipe_cache):
    """The rendered cell shows the choice (savedmodel=False); flipping it runs the cell on a
    TensorFlow lane, whose SavedModel loads in TensorFlow and computes what ONNX computes."""
    py312, venv = both_py312_lanes()
    model = build_tiny_yolo_onnx(tmp_path / "tiny.onnx")
    cell = render_cell(get_recipe("onnx-tflite"), onnx=str(model), out=str(tmp_path / "out"))
    assert "savedmodel=False)" in cell and "# savedmodel=True also writes the TensorFlow SavedModel" in cell
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    ran = subprocess.run([sys.executable, "-c", cell.replace("savedmodel=False)", "savedmodel=True)")],
                         capture_output=True, text=True, env=env, cwd=tmp_path, timeout=1200)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    assert "Lane py312plus (Python >=3.12)" in ran.stdout and "PASSED" in ran.stdout
    assert "savedmodel=True asks for the savedmodel: lane py312plus is the best-ranked lane here" in ran.stdout
    assert (tmp_path / "out" / "saved_model.pb").is_file() and (tmp_path / "out" / "tiny_float32.tflite").is_file()
    check = ("import sys, numpy as np, onnxruntime as ort, tensorflow as tf\n"
             "x = np.random.RandomState(1).uniform(0, 1, (1, 3, 64, 64)).astype(np.float32)\n"
             "ref = dict(zip(['head_small_c', 'head_large_c'], ort.InferenceSession(sys.argv[1]).run(None, {'images': x})))\n"
             "fn = tf.saved_model.load(sys.argv[2]).signatures['serving_default']\n"
             "out = [v.numpy() for v in fn(**{fn.structured_input_signature[1].popitem()[0]: x.transpose(0, 2, 3, 1)}).values()]\n"
             "diffs = [min(float(np.abs(o.transpose(0, 3, 1, 2) - r).max()) for o in out if o.shape == r.shape[:1] + r.shape[2:] + r.shape[1:2])\n"
             "         for r in ref.values()]\n"
             "print(max(diffs))\n")
    loaded = subprocess.run([str(venv / "bin" / "python"), "-c", check, str(model), str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=600)
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    assert float(loaded.stdout.strip().splitlines()[-1]) <= 1e-3


def test_savedmodel_true_on_the_tensorflow_free_lane_is_refused_with_the_lanes_that_write_one(tmp_path):
    py312 = python_or_skip(PY312_VERSION)
    model = build_tiny_yolo_onnx(tmp_path / "tiny.onnx")
    with pytest.raises(BadParameters, match=r"savedmodel=True needs a lane that writes the savedmodel "
                                            r"\(py311, py312plus\); the lane\(s\) left to run here do not: py312plus-direct"):
        run_recipe("onnx-tflite", onnx=str(model), out=str(tmp_path / "out"), savedmodel=True,
                   lane="py312plus-direct", python=py312, echo=lambda line: None)
