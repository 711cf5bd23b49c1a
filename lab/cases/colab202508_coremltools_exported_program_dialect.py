"""coremltools 9.0 on a torch.export ExportedProgram as torch 2.13's torch.export.export returns it."""

CASE = {
    "venv": "colab-2025-08",
    "expected_category": "coreml_framework_unsupported",
    "fitting_recipe": None,
    "expect": "Dialect",
    "description": "coremltools.convert(torch.export.export(model, args)) with coremltools 9.0 and torch "
                   "2.13.0+cpu on a YOLOv4-tiny-like module: torch.export.export returns a TRAINING-dialect "
                   "program on current torch, coremltools accepts only ATEN/EDGE dialect programs "
                   "(coremltools 9.0 is tested with torch up to 2.7). Anything converted here would be "
                   "unverified: Core ML predictions need macOS.",
}

import coremltools as ct
import torch

from tiny_yolo_torch import build

exported = torch.export.export(build().eval(), (torch.zeros(1, 3, 416, 416),))
mlmodel = ct.convert(exported, convert_to="mlprogram")
mlmodel.save("yolov4-tiny.mlpackage")
