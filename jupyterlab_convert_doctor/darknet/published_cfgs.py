"""The published Darknet cfgs shipped with the package (see cfgs/README.md for their provenance)."""

from pathlib import Path

CFG_DIR = Path(__file__).resolve().parent / "cfgs"
NAMES = ("yolov4-tiny", "yolov4", "yolov3-tiny")


def published_cfg(name: str) -> Path:
    """The path of a shipped cfg by its name, e.g. ``published_cfg("yolov4-tiny")``."""
    if name not in NAMES:
        raise ValueError(f"no published cfg {name!r}; shipped: {', '.join(NAMES)}")
    return CFG_DIR / f"{name}.cfg"
