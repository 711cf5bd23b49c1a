"""A torch.library custom op (Mish written as a custom kernel) in a TorchScript ONNX export."""

CASE = {
    "venv": "colab-2025-08",
    "expected_category": "custom_op_not_convertible",
    "fitting_recipe": None,
    "expect": "mylib",
    "description": "torch.onnx.export(..., dynamo=False, opset_version=17) of a backbone block whose Mish "
                   "is a torch.library.custom_op ('mylib::mish') with no ONNX symbolic registered, "
                   "torch 2.13.0+cpu.",
}

import torch
import torch.nn.functional as F


@torch.library.custom_op("mylib::mish", mutates_args=())
def mish(x: torch.Tensor) -> torch.Tensor:
    return x * torch.tanh(F.softplus(x))


@mish.register_fake
def _(x):
    return torch.empty_like(x)


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 32, 3, 2, 1)

    def forward(self, x):
        return mish(self.conv(x))


torch.onnx.export(Block().eval(), (torch.zeros(1, 3, 416, 416),), "block.onnx", dynamo=False,
                  opset_version=17)
