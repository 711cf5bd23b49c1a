"""Converter parity: the ONNX model run in onnxruntime vs the numpy Darknet reference, on the real
cfgs with deterministic random weights (raw heads and the in-graph decode), plus a small cfg that
exercises every supported layer form at every supported opset."""

import json
import subprocess
import sys

import numpy as np
import onnx
import pytest

from darknet_helpers import ALL_FORMS_CFG, cfg_path, network_from_text, random_image, resized_cfg, run_onnx
from jupyterlab_convert_doctor.darknet import convert, reference
from jupyterlab_convert_doctor.darknet.network import load_network
from jupyterlab_convert_doctor.darknet.onnx_builder import build_model, head_output_name
from jupyterlab_convert_doctor.darknet.weights import random_weights, read_weights

TOLERANCE = 1e-4  # float32 runtime vs float64 reference, activations O(1)

def max_diffs(outputs, heads, net):
    return [float(np.abs(outputs[head_output_name(y)] - h).max())
            for y, h in zip(net.yolo_layers, heads)]


@pytest.fixture(scope="module")
def all_forms():
    net = network_from_text(ALL_FORMS_CFG, "all-forms.cfg")
    params = random_weights(net, seed=3, gain=1.3)
    image = random_image(net, seed=4)
    return net, params, image, reference.forward(net, params, image)


@pytest.mark.parametrize("opset", [13, 17, 18])
@pytest.mark.parametrize("fold_batchnorm", [True, False])
def test_all_forms_raw_heads(tmp_path, all_forms, opset, fold_batchnorm):
    net, params, image, heads = all_forms
    assert [h.shape for h in heads] == [(1, 18, 5, 5), (1, 18, 10, 10)]
    model = build_model(net, params, opset=opset, fold_batchnorm=fold_batchnorm)
    path = tmp_path / "m.onnx"
    onnx.save(model, path)
    assert max(max_diffs(run_onnx(path, image), heads, net)) <= TOLERANCE
    assert np.abs(heads[0]).max() > 0.5  # the comparison is between O(1) numbers


@pytest.mark.parametrize("opset", [13, 18])
def test_all_forms_decode(tmp_path, all_forms, opset):
    net, params, image, heads = all_forms
    path = tmp_path / "d.onnx"
    onnx.save(build_model(net, params, opset=opset, decode=True), path)
    out = run_onnx(path, image)
    boxes, scores = reference.decode(net, heads)
    assert out["boxes"].shape == boxes.shape == (1, 3 * 25 + 3 * 100, 4)
    assert out["scores"].shape == scores.shape == (1, 375, 1)
    assert np.abs(out["boxes"] - boxes).max() <= TOLERANCE
    assert np.abs(out["scores"] - scores).max() <= TOLERANCE


@pytest.mark.parametrize("opset", [13, 17, 18])
def test_model_form(all_forms, opset):
    """Pinned opset/IR, explicit pads, no auto_pad, no bare Split, Resize nearest/floor."""
    net, params, _, _ = all_forms
    model = build_model(net, params, opset=opset)
    assert [(o.domain, o.version) for o in model.opset_import] == [("", opset)]
    assert model.ir_version == {13: 7, 17: 8, 18: 8}[opset]
    ops = [n.op_type for n in model.graph.node]
    assert "Split" not in ops and ops.count("Slice") == 1
    assert ("Mish" in ops) == (opset >= 18)
    for node in model.graph.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        assert "auto_pad" not in attrs
        if node.op_type == "Resize":
            assert attrs["mode"] == b"nearest" and attrs["nearest_mode"] == b"floor"
            assert attrs["coordinate_transformation_mode"] == b"asymmetric"
    pools = [onnx.helper.get_attribute_value(a) for n in model.graph.node if n.op_type == "MaxPool"
             for a in n.attribute if a.name == "pads"]
    # Darknet: begin = (size-1)//2, out = (H + size-1 - size)//stride + 1; only the reached end
    # pad is emitted. 2/2 on 39 → out 20, end 1; 2/1 on 10 → end 1; SPP 5/1 → 2 each side;
    # 3/2 on 10 → begin 1, out 5, last window ends at 4*2+3-1 = 10 = H → end 0.
    assert pools == [[0, 0, 1, 1], [0, 0, 1, 1], [2, 2, 2, 2], [1, 1, 0, 0]]


@pytest.fixture(scope="module")
def converted(tmp_path_factory, darknet_weights):
    """Per real network (at its published input size, or `size`x`size`): network, weights file,
    input, reference heads, cfg (computed once)."""
    cache = {}
    directory = tmp_path_factory.mktemp("darknet")

    def get(name, size=None):
        if (name, size) not in cache:
            cfg = resized_cfg(directory, name, size) if size else cfg_path(name)
            net = load_network(cfg)
            weights = darknet_weights(name)
            image = random_image(net)
            heads = reference.forward(net, read_weights(weights, net).conv, image)
            cache[name, size] = (net, weights, image, heads, directory, cfg)
        return cache[name, size]

    return get


def check_network(converted, name, opsets, size=None):
    net, weights, image, heads, directory, cfg = converted(name, size)
    assert np.abs(heads[0]).max() > 0.3  # O(1) values, not vanishing ones
    for opset in opsets:
        raw_path = directory / f"{name}-{opset}.onnx"
        result = convert(cfg, weights, raw_path, opset=opset)
        assert result.outputs[0].shape == [1, *net.yolo_layers[0].out_shape]
        diffs = max_diffs(run_onnx(raw_path, image), heads, net)
        assert max(diffs) <= TOLERANCE, (opset, diffs)
    decoded_path = directory / f"{name}-decode.onnx"
    result = convert(cfg, weights, decoded_path, decode=True)
    out = run_onnx(decoded_path, image)
    boxes, scores = reference.decode(net, heads)
    n = sum(len(y.mask) * y.out_shape[1] * y.out_shape[2] for y in net.yolo_layers)
    assert out["boxes"].shape == boxes.shape == (1, n, 4)
    assert out["scores"].shape == scores.shape == (1, n, 80)
    assert [o.name for o in result.outputs] == ["boxes", "scores"]
    assert np.abs(out["boxes"] - boxes).max() <= TOLERANCE
    assert np.abs(out["scores"] - scores).max() <= TOLERANCE


def test_yolov4_tiny_parity(converted):
    check_network(converted, "yolov4-tiny", [13, 17, 18])


def test_yolov4_tiny_second_head_uses_mask_1_2_3(converted):
    """Candidate k of head 2 uses anchor mask[k % 3]: with tw = th = 0 its size is the anchor."""
    net = converted("yolov4-tiny")[0]
    heads = [np.zeros((1, 255, 13, 13)), np.zeros((1, 255, 26, 26))]
    boxes, _ = reference.decode(net, heads)
    second = boxes[0, 3 * 169:3 * 169 + 3, 2:] * [416, 416]
    np.testing.assert_allclose(second, [[23, 27], [37, 58], [81, 82]])


def test_yolov3_tiny_parity(converted):
    check_network(converted, "yolov3-tiny", [13, 18])


@pytest.mark.slow
def test_yolov4_parity(converted):
    """Every yolov4 layer as published, at 320x320 rather than 608x608 (3.6 times fewer pixels)."""
    check_network(converted, "yolov4", [13, 18], size=320)


def test_cli(tmp_path, converted):
    net, weights, image, heads, *_ = converted("yolov4-tiny")
    out = tmp_path / "cli.onnx"
    done = subprocess.run([sys.executable, "-m", "jupyterlab_convert_doctor.darknet",
                           str(cfg_path("yolov4-tiny")), str(weights), str(out), "--opset", "17",
                           "--json"], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["opset"] == 17 and result["ir_version"] == 8
    assert [o["name"] for o in result["outputs"]] == ["yolo_30", "yolo_37"]
    assert max(max_diffs(run_onnx(out, image), heads, net)) <= TOLERANCE


def test_cli_error_names_the_layer(tmp_path, converted):
    weights = converted("yolov4-tiny")[1]
    cfg = tmp_path / "bad.cfg"
    cfg.write_text(cfg_path("yolov4-tiny").read_text().replace("[upsample]", "[reorg]"))
    done = subprocess.run([sys.executable, "-m", "jupyterlab_convert_doctor.darknet", str(cfg),
                           str(weights), str(tmp_path / "x.onnx")], capture_output=True, text=True)
    assert done.returncode == 2
    assert "layer 33 [reorg]" in done.stderr and "not supported" in done.stderr
    assert not (tmp_path / "x.onnx").exists()


def test_unsupported_opset(tmp_path, converted):
    weights = converted("yolov4-tiny")[1]
    with pytest.raises(ValueError, match="opset 21 is not supported"):
        convert(cfg_path("yolov4-tiny"), weights, tmp_path / "x.onnx", opset=21)


def test_import_does_not_load_onnx():
    code = ("import sys, jupyterlab_convert_doctor.darknet as d; "
            "assert callable(d.convert); print(sorted(m for m in ('onnx', 'onnxruntime', 'torch', "
            "'tensorflow') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"

