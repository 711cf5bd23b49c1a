"""Writes yolov4-tiny.pt the way older YOLO repos do: the whole module pickled with torch.save."""

import sys

import torch

sys.path.insert(0, __file__.rsplit("/prepare/", 1)[0] + "/labkit")
from tiny_yolo_torch import build  # noqa: E402

torch.save({"epoch": 300, "model": build()}, f"{sys.argv[1]}/yolov4-tiny.pt")
