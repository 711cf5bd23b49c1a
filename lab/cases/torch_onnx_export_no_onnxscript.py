"""torch.onnx.export with its defaults on torch 2.13 (dynamo exporter) without onnxscript."""

CASE = {
    "venv": "torch213-no-onnxscript",
    "expected_category": "torch_onnx_dynamo_onnxscript",
    "fitting_recipe": 'torch-onnx',
    "expect": "onnxscript",
    "description": "torch.onnx.export(model, args, 'yolov4-tiny.onnx', opset_version=11) of a "
                   "YOLOv4-tiny-like module on torch 2.13.0+cpu: the default exporter is the dynamo "
                   "one since torch 2.9 and needs onnxscript, which torch does not install.",
}

import torch

from tiny_yolo_torch import build

model = build()
torch.onnx.export(model, (torch.zeros(1, 3, 416, 416),), "yolov4-tiny.onnx", opset_version=11,
                  input_names=["images"], output_names=["head"])
