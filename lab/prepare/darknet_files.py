"""Copies the Darknet cfgs into the work dir and writes deterministic random .weights files:
yolov4-tiny.weights (matches yolov4-tiny.cfg, 80 classes) and yolov4-tiny-1class.weights (a
custom one-class training of the same cfg: both [yolo] heads have 18 filters instead of 255).
Stdlib only."""

import os
import shutil
import sys

sys.path.insert(0, __file__.rsplit("/prepare/", 1)[0] + "/labkit")
from darknet_weights import write_weights  # noqa: E402

CFG_DIR = os.environ["LAB_DARKNET_CFG_DIR"]
YOLOV4_TINY_PARAMS = 6062814  # float32 values for yolov4-tiny.cfg (80 classes)
# Each head conv is 1x1 with bias: (255 - 18) * (cin + 1) fewer values, cin = 512 and 256.
ONE_CLASS_PARAMS = YOLOV4_TINY_PARAMS - (255 - 18) * (512 + 1) - (255 - 18) * (256 + 1)

out = sys.argv[1]
for name in ("yolov4-tiny.cfg", "yolov4.cfg"):
    shutil.copy(os.path.join(CFG_DIR, name), out)
write_weights(os.path.join(out, "yolov4-tiny.weights"), YOLOV4_TINY_PARAMS)
write_weights(os.path.join(out, "yolov4-tiny-1class.weights"), ONE_CLASS_PARAMS, seed=1)
