"""TorchScript ONNX export of an op that only exists from a later opset."""

CASE = {
    "venv": "torch213-no-onnxscript",
    "expected_category": "torch_op_export_unsupported",
    "fitting_recipe": None,
    "expect": "opset version 11 is not supported",
    "description": "torch.onnx.export(..., dynamo=False, opset_version=11) of a module using "
                   "F.grid_sample (ONNX GridSample exists from opset 16), torch 2.13.0+cpu.",
}

import torch
import torch.nn.functional as F


class WarpHead(torch.nn.Module):
    def forward(self, features, grid):
        return F.grid_sample(features, grid, align_corners=False)


torch.onnx.export(WarpHead(), (torch.zeros(1, 255, 13, 13), torch.zeros(1, 13, 13, 2)),
                  "warp_head.onnx", dynamo=False, opset_version=11)
