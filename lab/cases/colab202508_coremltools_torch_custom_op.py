"""coremltools 9.0 on a traced module whose Mish is a torch.library custom op."""

CASE = {
    "venv": "colab-2025-08",
    "expected_category": "coreml_op_unsupported",
    "fitting_recipe": None,
    "expect": "mish",
    "description": "coremltools.convert(torch.jit.trace(block)) with coremltools 9.0 and torch 2.13.0+cpu of "
                   "a backbone block whose Mish is a torch.library.custom_op ('mylib::mish') with no "
                   "coremltools conversion registered. Anything converted here would be unverified: "
                   "Core ML predictions need macOS.",
}

import coremltools as ct
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


traced = torch.jit.trace(Block().eval(), torch.zeros(1, 3, 416, 416))
mlmodel = ct.convert(traced, inputs=[ct.TensorType(name="images", shape=(1, 3, 416, 416))],
                     convert_to="mlprogram")
