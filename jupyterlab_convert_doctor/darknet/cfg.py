"""Reads a Darknet .cfg the way Darknet's `read_cfg` (src/parser.c) does.

Every line loses *all* whitespace (Darknet's `strip()`), `#`/`;` lines and empty lines are skipped,
`[name]` opens a section, anything else is `key=value` split at the first `=`.
Typed access (`get_int`, `get_float`, `get_ints`, ...) applies Darknet's defaults per call.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .errors import CfgError


@dataclass
class Section:
    """One `[type]` block; `index` is the Darknet layer index (-1 for [net])."""

    type: str
    line: int
    index: int
    options: dict[str, str] = field(default_factory=dict)
    option_lines: dict[str, int] = field(default_factory=dict)

    def error(self, message: str, key: str | None = None, cls=CfgError) -> CfgError:
        line = self.option_lines.get(key, self.line) if key else self.line
        return cls(message, layer=None if self.index < 0 else self.index,
                   layer_type=self.type, key=key, line=line)

    def _raw(self, key: str) -> str | None:
        return self.options.get(key)

    def get_str(self, key: str, default: str | None = None) -> str | None:
        value = self._raw(key)
        return default if value is None else value

    def get_int(self, key: str, default: int | None = None) -> int:
        value = self._raw(key)
        if value is None:
            if default is None:
                raise self.error(f"missing required key '{key}'", key)
            return default
        try:
            # Darknet uses atoi: "1.0" would read as 1, but a non-number is a typo worth reporting.
            return int(float(value)) if "." in value else int(value)
        except ValueError:
            raise self.error(f"key '{key}' must be an integer, got '{value}'", key) from None

    def get_float(self, key: str, default: float | None = None) -> float:
        value = self._raw(key)
        if value is None:
            if default is None:
                raise self.error(f"missing required key '{key}'", key)
            return default
        try:
            return float(value)
        except ValueError:
            raise self.error(f"key '{key}' must be a number, got '{value}'", key) from None

    def get_list(self, key: str, convert, default=None) -> list:
        value = self._raw(key)
        if value is None or value == "":
            if default is None:
                raise self.error(f"missing required key '{key}'", key)
            return list(default)
        try:
            return [convert(part) for part in value.split(",") if part != ""]
        except ValueError:
            raise self.error(f"key '{key}' must be a comma-separated list of numbers, "
                             f"got '{value}'", key) from None

    def get_ints(self, key: str, default=None) -> list[int]:
        return self.get_list(key, int, default)

    def get_floats(self, key: str, default=None) -> list[float]:
        return self.get_list(key, float, default)


@dataclass
class DarknetCfg:
    """A parsed cfg: the [net] section and the layer sections in order."""

    net: Section
    layers: list[Section]
    source: str


def parse_cfg_text(text: str, source: str = "<cfg>") -> DarknetCfg:
    sections: list[Section] = []
    current: Section | None = None
    for line_no, raw_line in enumerate(text.splitlines(), start=1):
        line = "".join(raw_line.split())  # Darknet's strip(): removes whitespace anywhere
        if not line or line[0] in "#;":
            continue
        if line[0] == "[":
            if not line.endswith("]") or len(line) < 3:
                raise CfgError(f"malformed section header '{raw_line.strip()}'", line=line_no)
            current = Section(type=line[1:-1].lower(), line=line_no, index=len(sections) - 1)
            sections.append(current)
            continue
        if current is None:
            raise CfgError(f"option '{raw_line.strip()}' appears before any [section]",
                           line=line_no)
        key, sep, value = line.partition("=")
        if not sep or not key:
            raise CfgError(f"line is neither a [section] nor key=value: '{raw_line.strip()}'",
                           layer=None if current.index < 0 else current.index,
                           layer_type=current.type, line=line_no)
        # Darknet's option_find returns the first match, so a repeated key keeps its first value.
        if key not in current.options:
            current.options[key] = value
            current.option_lines[key] = line_no
    if not sections:
        raise CfgError(f"{source}: no sections found (is this a Darknet .cfg?)")
    net = sections[0]
    if net.type not in ("net", "network"):
        raise CfgError(f"{source}: the first section must be [net] or [network], "
                       f"found [{net.type}]", line=net.line)
    return DarknetCfg(net=net, layers=sections[1:], source=source)


def parse_cfg(path: str | os.PathLike) -> DarknetCfg:
    path = os.fspath(path)
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError as exc:
        raise CfgError(f"cannot read cfg file '{path}': {exc.strerror or exc}") from None
    return parse_cfg_text(text, source=path)
