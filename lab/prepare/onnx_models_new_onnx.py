"""Writes YOLOv4-tiny-like models with a current onnx (1.19): one at its default IR version,
one stamped IR 8 but importing a newer default-domain opset than older runtimes know,
and a portable one (opset 13, IR 7)."""

import sys

import onnx

sys.path.insert(0, __file__.rsplit("/prepare/", 1)[0] + "/labkit")
from yolo_like_onnx import build  # noqa: E402

out = sys.argv[1]
onnx.save(build(opset=13), f"{out}/yolov4-tiny.onnx")  # make_model stamps onnx.IR_VERSION
onnx.save(build(opset=21, ir_version=8), f"{out}/yolov4-tiny-opset21.onnx")
onnx.save(build(opset=13, ir_version=7), f"{out}/yolov4-tiny-ir7.onnx")  # readable by any ORT >= 1.6
print("IR", onnx.load(f"{out}/yolov4-tiny.onnx").ir_version)
