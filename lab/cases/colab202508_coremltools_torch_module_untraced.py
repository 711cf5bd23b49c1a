"""coremltools 9.0 given a plain torch nn.Module (neither traced nor exported), torch 2.13."""

CASE = {
    "venv": "colab-2025-08",
    "expected_category": "coreml_framework_unsupported",
    "fitting_recipe": None,
    "expect": "source framework",
    "description": "ct.convert(model, inputs=[ct.TensorType(shape=(1, 3, 416, 416))]) on an eager "
                   "YOLOv4-tiny-like torch module with coremltools 9.0 and torch 2.13.0+cpu (Colab 2025-08 "
                   "image): the converter takes a TorchScript (torch.jit.trace) or ExportedProgram object, "
                   "not an nn.Module.",
}

import coremltools as ct
import torch

from tiny_yolo_torch import build

mlmodel = ct.convert(build().eval(), inputs=[ct.TensorType(shape=(1, 3, 416, 416))], convert_to="mlprogram")
