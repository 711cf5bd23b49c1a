"""Errors the Darknet converter raises: each names what is wrong and where."""


class DarknetError(ValueError):
    """Base class: a cfg or weights file this converter cannot turn into a correct model."""


class CfgError(DarknetError):
    """The .cfg is malformed or uses something this converter does not reproduce exactly.

    `layer` is the Darknet layer index (sections after [net], from 0), `layer_type` the section
    name, `key` the offending option (or None), `line` the 1-based line in the cfg.
    """

    def __init__(self, message, *, layer=None, layer_type=None, key=None, line=None):
        where = []
        if layer is not None:
            where.append(f"layer {layer}")
        if layer_type is not None:
            where.append(f"[{layer_type}]")
        if line is not None:
            where.append(f"(cfg line {line})")
        prefix = " ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)
        self.layer = layer
        self.layer_type = layer_type
        self.key = key
        self.line = line


class UnsupportedLayerError(CfgError):
    """A section type (e.g. [reorg], [gaussian_yolo]) the converter does not implement."""


class UnsupportedKeyError(CfgError):
    """An option the converter does not know or cannot reproduce exactly (e.g. dilation=2)."""


class WeightsError(DarknetError):
    """The .weights file does not fit the cfg (size, header) or cannot be read."""


class OutputError(DarknetError):
    """The ONNX file cannot be written (missing folder, no permission, disk full)."""
