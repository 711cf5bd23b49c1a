"""A small ONNX graph with YOLOv4-tiny's building blocks, deterministic weights.

Conv 3x3/s2 + LeakyRelu(0.1), a CSP block whose route `groups=2 group_id=1` is a channel Slice,
MaxPool 2/2, a nearest Resize x2 and a 1x1 detection head of 3*(5+80) channels, like the first
layers and the head of jupyterlab_convert_doctor/darknet/cfgs/yolov4-tiny.cfg. Needs onnx and numpy (runs in lab venvs).
"""

import numpy as np
from onnx import TensorProto, helper, numpy_helper


def build(opset=13, ir_version=None, size=416, resize_attrs=None):
    """resize_attrs: the upsample's Resize attributes (default: Darknet-exact nearest/asymmetric/floor)."""
    rng = np.random.RandomState(0)
    inits, nodes = [], []

    def conv(name, x, cin, cout, k, stride):
        w = numpy_helper.from_array((rng.randn(cout, cin, k, k) * 0.05).astype(np.float32), name + "_w")
        b = numpy_helper.from_array(np.zeros(cout, np.float32), name + "_b")
        inits.extend([w, b])
        p = k // 2
        nodes.append(helper.make_node("Conv", [x, w.name, b.name], [name], kernel_shape=[k, k],
                                      strides=[stride, stride], pads=[p, p, p, p]))
        nodes.append(helper.make_node("LeakyRelu", [name], [name + "_act"], alpha=0.1))
        return name + "_act"

    x = conv("c0", "images", 3, 32, 3, 2)
    x = conv("c1", x, 32, 64, 3, 2)
    x = conv("c2", x, 64, 64, 3, 1)
    for n, v in (("st", [32]), ("en", [64]), ("ax", [1])):
        inits.append(numpy_helper.from_array(np.array(v, np.int64), "route_" + n))
    nodes.append(helper.make_node("Slice", [x, "route_st", "route_en", "route_ax"], ["route_group"]))
    y = conv("c3", "route_group", 32, 32, 3, 1)
    nodes.append(helper.make_node("Concat", [y, x], ["cat"], axis=1))
    nodes.append(helper.make_node("MaxPool", ["cat"], ["pool"], kernel_shape=[2, 2], strides=[2, 2]))
    inits.append(numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "up_scales"))
    if resize_attrs is None:
        resize_attrs = {"mode": "nearest", "coordinate_transformation_mode": "asymmetric", "nearest_mode": "floor"}
    nodes.append(helper.make_node("Resize", ["pool", "", "up_scales"], ["up"], **resize_attrs))
    head = conv("head", "up", 96, 255, 1, 1)
    graph = helper.make_graph(
        nodes, "yolov4_tiny_like",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, size, size])],
        [helper.make_tensor_value_info(head, TensorProto.FLOAT, [1, 255, size // 4, size // 4])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                              producer_name="convert-doctor-failure-lab")
    if ir_version is not None:
        model.ir_version = ir_version
    return model
