/**
 * A cell that fails for real with a ~10 MB ANSI-coloured traceback: a converter's coloured log
 * carried by its error, then the old Darknet script as the fallback, which fails on numpy 2
 * (np.float). bench/annotation_bench.js runs the same cell. The log holds no '/': JupyterLab
 * turns every '/...' of an error output into a path link, which costs its renderer far more
 * than the text itself (see the report of issue 5).
 */
export const HUGE_TRACEBACK_SOURCE = [
  'import numpy as np',
  "log = '\\n'.join(",
  "    f'\\x1b[32mINFO:\\x1b[0m \\x1b[35monnx_op_type\\x1b[0m: Conv \\x1b[35monnx_op_name\\x1b[0m: model.{i}.conv \\x1b[36mshape\\x1b[0m: [1, 64, 52, 52]'",
  '    for i in range(87_000)',
  ')',
  'try:',
  "    raise RuntimeError('conversion failed; converter log:\\n' + log)",
  'except RuntimeError:',
  "    weights = np.fromfile('yolov4-tiny.weights', dtype=np.float)"
].join('\n');

/** What the kernel sends for it, in characters of traceback (measured: ~10.0 million). */
export const HUGE_TRACEBACK_MIN_CHARS = 9_500_000;
