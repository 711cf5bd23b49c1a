"""Checks a recipe runs in the kernel itself, around its lane step (knowledge/recipes.json
`verification.in_kernel`): for fixes whose proof is that the kernel's own packages accept the
output (onnx-restamp: the kernel's onnxruntime loads the copy it refused the original of).
Standard library at import time; a check imports what it needs when it runs."""

import importlib


def get_check(name):
    return importlib.import_module(f"{__name__}.{name}")
