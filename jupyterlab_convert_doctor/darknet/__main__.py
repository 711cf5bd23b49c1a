"""python -m jupyterlab_convert_doctor.darknet CFG WEIGHTS OUT.onnx [--opset N] [--decode]"""

from __future__ import annotations

import argparse
import json
import sys

from . import limits
from .convert import convert
from .errors import DarknetError
from .requirements import MissingDependency
from .onnx_builder import DEFAULT_OPSET, IR_VERSION_FOR_OPSET


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m jupyterlab_convert_doctor.darknet",
        description="Convert a Darknet YOLO .cfg + .weights to ONNX (numpy + onnx only).",
        epilog=limits.describe() + " Exit status 2: the cfg, weights or output path does not "
        "fit (one-line message naming the layer and key).")
    parser.add_argument("cfg", help="Darknet .cfg file")
    parser.add_argument("weights", help="Darknet .weights file")
    parser.add_argument("out", help="ONNX file to write")
    parser.add_argument("--opset", type=int, default=DEFAULT_OPSET,
                        choices=sorted(IR_VERSION_FOR_OPSET),
                        help=f"ONNX opset (default {DEFAULT_OPSET}; IR version follows)")
    parser.add_argument("--decode", action="store_true",
                        help="decode in the graph: outputs boxes [1,N,4] and scores [1,N,C]")
    parser.add_argument("--keep-batchnorm", action="store_true",
                        help="emit BatchNormalization nodes instead of folding them into Conv")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    try:
        result = convert(args.cfg, args.weights, args.out, opset=args.opset,
                         decode=args.decode, fold_batchnorm=not args.keep_batchnorm)
    except DarknetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except MissingDependency as exc:  # onnx, imported when the model is built
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result.to_dict(), indent=2) if args.json else result.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
