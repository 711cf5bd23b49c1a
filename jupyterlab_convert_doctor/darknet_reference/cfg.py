"""Reads a Darknet .cfg into sections, as read_cfg / read_option do (src/parser.c,
src/option_list.c, strip() in src/utils.c), and reads typed options with Darknet's defaults."""

from __future__ import annotations

# Darknet's string_to_layer_type (src/parser.c) accepts these short names too.
ALIASES = {"conv": "convolutional", "max": "maxpool", "network": "net"}


class Section:
    """One `[type]` block with its `key=value` options (values are still text)."""

    def __init__(self, kind: str, line: int):
        self.type = ALIASES.get(kind, kind)
        self.line = line
        self.options: dict[str, str] = {}

    def __repr__(self):
        return f"Section([{self.type}] at line {self.line}, {self.options})"

    def text(self, key: str, default: str) -> str:
        return self.options.get(key, default)

    def integer(self, key: str, default: int) -> int:
        # option_find_int uses atoi: "2" and "2.0" both read as 2.
        value = self.options.get(key)
        return default if value is None else int(float(value))

    def number(self, key: str, default: float) -> float:
        value = self.options.get(key)
        return default if value is None else float(value)

    def integers(self, key: str, default: list[int]) -> list[int]:
        value = self.options.get(key)
        if not value:
            return list(default)
        return [int(float(part)) for part in value.split(",") if part]

    def numbers(self, key: str, default: list[float]) -> list[float]:
        value = self.options.get(key)
        if not value:
            return list(default)
        return [float(part) for part in value.split(",") if part]


def read_cfg(path) -> list[Section]:
    """All sections in file order; the first is [net]."""
    sections: list[Section] = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, raw in enumerate(handle, start=1):
            line = "".join(raw.split())  # strip(): removes every space, tab, CR and LF
            if not line or line[0] in "#;":
                continue
            if line[0] == "[":
                sections.append(Section(line[1:].rstrip("]").lower(), number))
                continue
            if not sections:
                raise ValueError(f"{path}:{number}: option outside any [section]")
            key, equals, value = line.partition("=")
            if not equals:
                raise ValueError(f"{path}:{number}: not key=value: {raw.strip()!r}")
            # option_find returns the first match, so a repeated key keeps its first value.
            sections[-1].options.setdefault(key, value)
    if not sections or sections[0].type != "net":
        raise ValueError(f"{path}: the first section must be [net]")
    return sections


def absolute(index: int, ref: int) -> int:
    """parse_route / parse_shortcut: a negative layer reference counts back from `index`."""
    return index + ref if ref < 0 else ref
