"""A second, independent Darknet implementation: its own cfg reader, its own .weights reader and
a plain numpy forward pass, written for checking rather than speed.

The darknet-onnx recipe verifies the converter's ONNX model against this, so a parsing bug in the
converter (jupyterlab_convert_doctor.darknet) cannot also hide in the reference it is checked
with. It therefore imports nothing from that package (tests/python/test_darknet_reference.py
checks it) and needs only numpy. Each step cites the AlexeyAB/darknet src/ file whose semantics
it follows, so it can be read side by side with the C source.

    model = load("yolov4-tiny.cfg", "yolov4-tiny.weights")
    heads = forward(model, image)          # the raw tensor each [yolo] layer reads
    boxes, scores = decode(model, heads)   # forward_yolo_layer + get_yolo_box
"""

from .cfg import read_cfg
from .forward import decode, forward
from .model import Model, load

__all__ = ["Model", "decode", "forward", "load", "read_cfg"]
