"""Darknet (.cfg + .weights) → ONNX with only numpy and onnx, plus a numpy reference forward pass.

`convert(cfg, weights, out)` is the entry point; `python -m jupyterlab_convert_doctor.darknet`
the command line. onnx is imported only when a model is built.
"""

from .convert import ConversionResult, convert
from .errors import (CfgError, DarknetError, OutputError, UnsupportedKeyError,
                     UnsupportedLayerError, WeightsError)

__all__ = ["convert", "ConversionResult", "DarknetError", "CfgError", "UnsupportedLayerError",
           "UnsupportedKeyError", "WeightsError", "OutputError"]
