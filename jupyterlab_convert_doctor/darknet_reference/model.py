"""A Darknet network as this reference reads it: the cfg's sections and each convolution's
parameters from the .weights file."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cfg import Section, read_cfg
from .weights import read_weights


@dataclass
class Model:
    net: Section
    layers: list[Section]  # the sections after [net]; list position = Darknet layer index
    params: dict[int, dict[str, np.ndarray]]  # per [convolutional] index (see weights.py)
    header: tuple[int, int, int, int]  # major, minor, revision, seen

    @property
    def shape(self) -> tuple[int, int, int]:
        """The input (channels, height, width) the [net] section asks for."""
        return (self.net.integer("channels", 0), self.net.integer("height", 0),
                self.net.integer("width", 0))


def load(cfg_path, weights_path) -> Model:
    sections = read_cfg(cfg_path)
    net, layers = sections[0], sections[1:]
    header, params = read_weights(weights_path, net, layers)
    return Model(net, layers, params, header)
