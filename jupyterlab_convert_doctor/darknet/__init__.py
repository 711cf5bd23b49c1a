"""Darknet (.cfg + .weights) → ONNX with only numpy and onnx, plus a numpy reference forward pass.

`convert(cfg, weights, out)` is the entry point; `python -m jupyterlab_convert_doctor.darknet`
the command line. onnx is imported only when a model is built. numpy and onnx come with the
`convert` extra; a missing one is reported with the extra that brings it (requirements.py).
"""

from .errors import (CfgError, DarknetError, OutputError, UnsupportedKeyError,
                     UnsupportedLayerError, WeightsError)
from .requirements import MissingDependency, missing_from

try:
    from .convert import ConversionResult, convert
except ImportError as exc:  # numpy missing: say which extra brings it, not just "No module named"
    if missing_from(exc) is None:
        raise
    raise missing_from(exc) from None

__all__ = ["convert", "ConversionResult", "DarknetError", "CfgError", "UnsupportedLayerError",
           "UnsupportedKeyError", "WeightsError", "OutputError", "MissingDependency"]
