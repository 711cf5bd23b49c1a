"""onnxruntime on a torch.onnx export whose Mish autograd Function writes a custom-domain node."""

CASE = {
    "venv": "colab-2025-08",
    "expected_category": "custom_op_not_convertible",
    "fitting_recipe": None,
    "expect": "is not a registered function/op",
    "description": "A YOLOv4-style Mish as a torch.autograd.Function whose `symbolic` emits "
                   "g.op('custom_yolo::Mish'), exported by torch.onnx.export(..., dynamo=False) (torch "
                   "2.13.0+cpu), then onnxruntime 1.32.0 InferenceSession on the Colab 2025-08 image: the "
                   "runtime has no kernel for the custom-domain op.",
}

import onnxruntime as ort
import torch
import torch.nn.functional as F


class MishFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * torch.tanh(F.softplus(x))

    @staticmethod
    def symbolic(g, x):
        return g.op("custom_yolo::Mish", x)


class Stem(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 32, 3, stride=2, padding=1)

    def forward(self, x):
        return MishFn.apply(self.conv(x))


torch.onnx.export(Stem().eval(), (torch.zeros(1, 3, 416, 416),), "stem.onnx", dynamo=False,
                  input_names=["images"], output_names=["features"])
session = ort.InferenceSession("stem.onnx", providers=["CPUExecutionProvider"])
