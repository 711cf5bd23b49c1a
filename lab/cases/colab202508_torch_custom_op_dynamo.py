"""The same torch.library custom op through the default (dynamo) exporter."""

CASE = {
    "venv": "colab-2025-08",
    "expected_category": "custom_op_not_convertible",
    "fitting_recipe": None,
    "expect": "mylib",
    "description": "torch.onnx.export(model, args, 'block.onnx') (dynamo, the default since torch 2.9, "
                   "onnxscript 0.7.2 installed) of a block whose Mish is a torch.library.custom_op "
                   "('mylib::mish') with no ONNX translation in custom_translation_table, torch 2.13.0+cpu.",
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


torch.onnx.export(Block().eval(), (torch.zeros(1, 3, 416, 416),), "block.onnx")
