"""torch.onnx.export's default (dynamo) exporter on a head with a data-dependent branch."""

CASE = {
    "venv": "colab-2025-08",
    "expected_category": "torch_onnx_dynamo_default",
    "fitting_recipe": "torch-onnx",
    "expect": "torch.onnx.export",
    "description": "torch.onnx.export(model, args, 'head.onnx') with torch 2.13.0+cpu and onnxscript "
                   "installed (the default exporter is dynamo since torch 2.9) on a YOLO head that skips "
                   "decoding when no score passes the threshold (`if scores.max() > t:`): torch.export "
                   "cannot trace a branch on tensor data, where the TorchScript exporter (dynamo=False) "
                   "traces the taken branch.",
}

import torch


class Head(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(32, 255, 1)

    def forward(self, x):
        out = self.conv(x)
        scores = out[:, 4::85].sigmoid()
        if scores.max() > 0.25:
            return out.sigmoid()
        return torch.zeros_like(out)


torch.onnx.export(Head().eval(), (torch.zeros(1, 32, 13, 13),), "head.onnx",
                  input_names=["features"], output_names=["head"])
