"""coremltools 9.0's PyTorch converter on a module using an op it has no conversion for."""

CASE = {
    "venv": "colab-2025-08",
    "expected_category": "coreml_op_unsupported",
    "fitting_recipe": None,
    "expect": "not implemented",
    "description": "coremltools.convert(torch.jit.trace(model)) with coremltools 9.0 and torch 2.13.0+cpu "
                   "of a feature block using torch.fft.rfft2 (a frequency-domain filter), which "
                   "coremltools' torch frontend does not convert. Anything converted here would be "
                   "unverified: Core ML predictions need macOS.",
}

import coremltools as ct
import torch


class SpectralBlock(torch.nn.Module):
    def forward(self, x):
        return torch.fft.rfft2(x).abs()


traced = torch.jit.trace(SpectralBlock().eval(), torch.zeros(1, 3, 64, 64))
mlmodel = ct.convert(traced, inputs=[ct.TensorType(name="x", shape=(1, 3, 64, 64))],
                     convert_to="mlprogram")
