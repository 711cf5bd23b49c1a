"""darknet2any (Tianxiaomo's parser) on the stock yolov3-tiny.cfg."""

CASE = {
    "venv": "torch213-no-onnxscript",
    "expected_category": "darknet_cfg_parse",
    "fitting_recipe": 'darknet-onnx',
    "expect": "scale_x_y",
    "description": "darknet2any 0.7.6 Darknet('yolov3-tiny.cfg'): its [yolo] parser reads scale_x_y "
                   "as a required key, which yolov3-tiny.cfg does not set (Darknet defaults it to 1).",
}

import os
import shutil

shutil.copy(os.path.join(os.environ["LAB_DARKNET_CFG_DIR"], "yolov3-tiny.cfg"), ".")

from darknet2any.tool.darknet2pytorch import Darknet

model = Darknet("yolov3-tiny.cfg")
