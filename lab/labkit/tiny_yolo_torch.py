"""A small PyTorch module with YOLOv4-tiny's building blocks (conv+leaky, route group, maxpool,
nearest upsample, 1x1 head), deterministic weights. Needs torch (runs in lab venvs)."""

import torch
from torch import nn


class ConvLeaky(nn.Module):
    def __init__(self, cin, cout, k, stride):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.act = nn.LeakyReLU(0.1)

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class TinyYolo(nn.Module):
    def __init__(self, classes=80):
        super().__init__()
        self.c0 = ConvLeaky(3, 32, 3, 2)
        self.c1 = ConvLeaky(32, 64, 3, 2)
        self.c2 = ConvLeaky(64, 64, 3, 1)
        self.c3 = ConvLeaky(32, 32, 3, 1)
        self.pool = nn.MaxPool2d(2, 2)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.head = nn.Conv2d(96, 3 * (5 + classes), 1)

    def forward(self, x):
        x = self.c2(self.c1(self.c0(x)))
        group = x[:, x.shape[1] // 2:]  # [route] groups=2 group_id=1
        x = torch.cat([self.c3(group), x], 1)
        return self.head(self.up(self.pool(x)))


def build(seed=0):
    torch.manual_seed(seed)
    return TinyYolo().eval()
