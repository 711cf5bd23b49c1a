"""An old export script passing torch.onnx.export's removed `example_outputs` argument."""

CASE = {
    "venv": "torch213-no-onnxscript",
    "expected_category": "torch_onnx_api_changed",
    "fitting_recipe": 'torch-onnx',
    "expect": "example_outputs",
    "description": "torch.onnx.export(..., example_outputs=...) as torch-1.x-era Darknet->ONNX "
                   "scripts call it (removed in torch 1.11), on torch 2.13 with dynamo=False.",
}

import torch

from tiny_yolo_torch import build

model = build()
dummy = torch.zeros(1, 3, 416, 416)
torch.onnx.export(model, dummy, "yolov4-tiny.onnx", dynamo=False, opset_version=11,
                  example_outputs=model(dummy), input_names=["images"], output_names=["head"])
