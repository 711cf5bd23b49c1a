"""onnx-restamp, in the kernel: before the lane step, the target (the kernel's onnxruntime or
the `onnxruntime` parameter) and what it reads, from knowledge/runtimes.json; after it, the
re-stamped copy run in the kernel's own onnxruntime on the inputs the lane ran the original on,
compared with the lane's outputs."""

import json
import os
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..errors import BadParameters, StepFailed
from ..python_spec import matches

RUNTIMES_PATH = Path(__file__).resolve().parent.parent.parent / "knowledge" / "runtimes.json"
_VERSION = re.compile(r"^\d+\.\d+(\.\d+)?$")


def kernel_onnxruntime():
    try:
        return version("onnxruntime")
    except PackageNotFoundError:
        return None


def runtime_limit(ort_version, path=RUNTIMES_PATH):
    """(max_ir, max ai.onnx opset, entry) of the Python onnxruntime `ort_version`, or None."""
    with open(path, encoding="utf-8") as f:
        table = json.load(f)["runtimes"]
    for entry in table:
        if entry["runtime"] == "onnxruntime" and matches(entry["versions"], ort_version):
            return entry["max_ir"], entry["max_opset"]["ai.onnx"], entry
    return None


def known_versions(path=RUNTIMES_PATH):
    with open(path, encoding="utf-8") as f:
        return [e["versions"] for e in json.load(f)["runtimes"] if e["runtime"] == "onnxruntime"]


def prepare(params, echo):
    """params plus target_onnxruntime, target_ir, target_opset; BadParameters when unknown."""
    given = params.get("onnxruntime")
    target = given or kernel_onnxruntime()
    if target is None:
        raise BadParameters("onnx-restamp: this kernel has no onnxruntime; pass onnxruntime='X.Y.Z', the version "
                            "that must read the model", step="check parameters")
    if not isinstance(target, str) or not _VERSION.match(target):
        raise BadParameters(f"onnxruntime: expected a version such as '1.20.1', got {target!r}",
                            step="check parameters")
    limit = runtime_limit(target)
    if limit is None:
        raise BadParameters(f"onnx-restamp: knowledge/runtimes.json has no measured limits for onnxruntime {target}; "
                            f"it knows onnxruntime {', '.join(known_versions())}. Pass onnxruntime= one of those "
                            "that your runtime matches, or add a measured entry (scripts/measure-runtime-limits.py)",
                            step="check parameters")
    max_ir, max_opset, _entry = limit
    whose = "given" if given else "this kernel's"
    echo(f"Target: onnxruntime {target} ({whose}) reads IR <= {max_ir}, ai.onnx opset <= {max_opset} "
         "(knowledge/runtimes.json)")
    return dict(params, target_onnxruntime=target, target_ir=max_ir, target_opset=max_opset)


def _diff(expected, actual):
    import numpy as np
    if expected.shape != actual.shape:
        return float("inf")
    if expected.size == 0:
        return 0.0
    return float(np.max(np.abs(expected.astype(np.float64) - actual.astype(np.float64))))


def verify(result, workdir, recipe):
    """Runs the copy in the kernel's onnxruntime and fills in the result's diffs and verdict."""
    ort_version = kernel_onnxruntime()
    if ort_version is None:
        raise StepFailed("recipe onnx-restamp: step 'verify in kernel' failed: this kernel has no onnxruntime to run "
                         "the re-stamped copy in", step="verify in kernel")
    import numpy as np
    import onnxruntime as ort
    reference = np.load(os.path.join(workdir, result["reference"]))
    try:
        session = ort.InferenceSession(result["out"], providers=["CPUExecutionProvider"])
    except Exception as exc:
        _discard(result)
        lines = str(exc).strip().splitlines() or [type(exc).__name__]
        said = re.split(r"\)\s+(?=[A-Z])", lines[-1])[-1][-300:]
        raise StepFailed(f"recipe onnx-restamp: step 'verify in kernel' failed: this kernel's onnxruntime {ort_version} "
                         f"does not load the re-stamped copy either ({said}); the copy was removed",
                         step="verify in kernel") from None
    inputs = session.get_inputs()
    feeds = {meta.name: reference[f"input_{i}"] for i, meta in enumerate(inputs)}
    values = session.run(None, feeds)
    outputs = session.get_outputs()
    expected = [reference[f"output_{i}"] for i in range(len(result["models"][0]["outputs"]))]
    if len(values) != len(expected):
        _discard(result)
        raise StepFailed(f"recipe onnx-restamp: step 'verify in kernel' failed: the copy has {len(values)} outputs, "
                         f"the original {len(expected)}", step="verify in kernel")
    diffs = {meta.name: _diff(e, v) for meta, e, v in zip(outputs, expected, values)}
    worst = max(diffs.values()) if diffs else 0.0
    tolerance = recipe["verification"]["tolerance"]
    result["models"].append({
        "label": f"re-stamped {os.path.basename(result['out'])} (IR {result['ir_version']}, opset {result['opset']}) "
                 f"in this kernel's onnxruntime {ort_version}",
        "inputs": [{"name": i.name, "shape": list(i.shape), "dtype": i.type} for i in inputs],
        "outputs": [{"name": o.name, "shape": list(o.shape), "dtype": o.type} for o in outputs]})
    result.update({
        "diffs": diffs, "max_abs_diff": worst, "tolerance": tolerance, "passed": worst <= tolerance,
        "kernel_onnxruntime": ort_version,
        "compare": f"re-stamped copy in this kernel's onnxruntime {ort_version} vs the original in the lane's "
                   f"onnxruntime {result['lane_onnxruntime']}, same input"})
    if not result["passed"]:
        _discard(result)
        result["notes"] = result.get("notes", []) + [f"the copy was removed ({result['out']}): it does not compute "
                                                     "what the original does"]
    return result


def _discard(result):
    """A copy that failed its check is removed, so nothing loads it by mistake."""
    try:
        os.remove(result["out"])
    except FileNotFoundError:
        pass
