"""onnx 1.19 in an environment where TF 2.16's pin put back ml-dtypes 0.3."""

CASE = {
    "venv": "onnx119-mldtypes03",
    "expected_category": "ml_dtypes_conflict",
    "fitting_recipe": None,
    "expect": "ml_dtypes",
    "description": "import onnx 1.19.1 (needs ml_dtypes >= 0.5 for float4_e2m1fn) after a later "
                   "`pip install ml-dtypes==0.3.2`, the version TF 2.16's ml-dtypes~=0.3.1 pin installs.",
}

import onnx

model = onnx.load("yolov4-tiny.onnx")
