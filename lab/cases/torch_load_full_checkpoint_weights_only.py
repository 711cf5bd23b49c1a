"""Loading a fully pickled YOLO checkpoint before export, on torch >= 2.6."""

CASE = {
    "venv": "torch213-no-onnxscript",
    "prepare": [["torch213-no-onnxscript", "torch_full_checkpoint.py"]],
    "expected_category": "torch_load_weights_only",
    "fitting_recipe": "torch-onnx",
    "expect": "weights_only",
    "description": "torch.load('yolov4-tiny.pt') of a checkpoint holding the pickled nn.Module (as "
                   "YOLOv5-era repos save it) on torch 2.13, where weights_only defaults to True.",
}

import torch

ckpt = torch.load("yolov4-tiny.pt", map_location="cpu")
model = ckpt["model"].float().eval()
torch.onnx.export(model, (torch.zeros(1, 3, 416, 416),), "yolov4-tiny.onnx", dynamo=False)
