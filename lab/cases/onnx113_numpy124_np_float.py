"""onnx 1.13's node test-case generators under NumPy 1.24 (aliases np.float/np.object removed)."""

CASE = {
    "venv": "ort114-onnx113-np124",
    "expect": "has no attribute 'float'",
    "expected_category": "numpy_api_removed",
    "fitting_recipe": None,
    "description": "Generating onnx 1.13.0's backend node test cases (as `backend-test-tools "
                   "generate-data` does, to check a runtime's operator coverage) with numpy 1.24.4: "
                   "onnx's bernoulli case uses np.float, removed in NumPy 1.24.",
}

from onnx.backend.test.case.node import collect_testcases

cases = collect_testcases(None)
