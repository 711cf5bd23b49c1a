"""darknet2any (Tianxiaomo's darknet2pytorch) loading custom one-class weights with the stock cfg."""

CASE = {
    "venv": "torch213-no-onnxscript",
    "prepare": [["torch213-no-onnxscript", "darknet_files.py"]],
    "expected_category": "darknet_cfg_weights_mismatch",
    "fitting_recipe": 'darknet-onnx',
    "expect": "is invalid for input of size",
    "description": "darknet2any 0.7.6 Darknet('yolov4-tiny.cfg').load_weights() on weights trained "
                   "for 1 class (heads of 18 filters) while the cfg still says classes=80/filters=255.",
}

from darknet2any.tool.darknet2pytorch import Darknet

model = Darknet("yolov4-tiny.cfg")
model.load_weights("yolov4-tiny-1class.weights")
model.eval()
