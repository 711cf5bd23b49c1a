"""Reads a Darknet .cfg the way Darknet's `read_cfg` (src/parser.c) does.

Every line loses *all* whitespace (Darknet's `strip()`), `#`/`;` lines and empty lines are skipped,
`[name]` opens a section, anything else is `key=value` split at the first `=`.
Typed access (`get_int`, `get_float`, `get_ints`, ...) applies Darknet's defaults per call.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field

from .errors import CfgError
from .limits import MAX_ABS_INT, MAX_CFG_BYTES

# What atoi/atof would read as a whole number; anything else (hex, "1_0", non-ASCII digits that
# Python's int() accepts) is reported rather than guessed.
_INT = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


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

    def _number(self, key: str, text: str, integer: bool):
        """Parses one value; anything but a finite number within MAX_ABS_INT is a CfgError."""
        kind = "integer" if integer else "number"
        if len(text.lstrip("+-0")) > 40:  # also keeps int() clear of its 4300-digit limit
            raise self.error(f"key '{key}'={show(text)} is out of range", key)
        if integer and _INT.fullmatch(text):
            value = int(text)
        elif _NUMBER.fullmatch(text) and (not integer or "." in text):
            value = float(text)
            if not math.isfinite(value):
                raise self.error(f"key '{key}' must be a finite {kind}, got '{show(text)}'", key)
            # Darknet reads integers with atoi: "1.0" reads as 1 (a non-number is a typo).
            value = int(value) if integer else value
        elif text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            raise self.error(f"key '{key}' must be a finite {kind}, got '{show(text)}'", key)
        else:
            raise self.error(f"key '{key}' must be {'an' if integer else 'a'} {kind}, "
                             f"got '{show(text)}'", key)
        if abs(value) > MAX_ABS_INT:
            raise self.error(f"key '{key}'={show(text)} is out of range", key)
        return value

    def _in_range(self, key: str, value, low, high, why: str):
        if (low is not None and value < low) or (high is not None and value > high):
            raw = self._raw(key)
            got = f"'{show(raw)}'" if raw is not None else f"{value} (the default)"
            bounds = (f"between {low} and {high}" if low is not None and high is not None
                      else f"at least {low}" if low is not None else f"at most {high}")
            raise self.error(f"key '{key}' must be {bounds}{why}, got {got}", key)
        return value

    def get_int(self, key: str, default: int | None = None, low: int | None = None,
                high: int | None = None, why: str = "") -> int:
        value = self._raw(key)
        if value is None:
            if default is None:
                raise self.error(f"missing required key '{key}'", key)
            return self._in_range(key, default, low, high, why)
        return self._in_range(key, self._number(key, value, True), low, high, why)

    def get_float(self, key: str, default: float | None = None) -> float:
        value = self._raw(key)
        if value is None:
            if default is None:
                raise self.error(f"missing required key '{key}'", key)
            return default
        return self._number(key, value, False)

    def get_list(self, key: str, integer: bool, default=None) -> list:
        """Comma-separated numbers; `default` (a list, or a callable building one, so a large
        default is only built when the key is absent) applies when the key is missing."""
        value = self._raw(key)
        if value is None or value == "":
            if default is None:
                raise self.error(f"missing required key '{key}'", key)
            return list(default() if callable(default) else default)
        values = [self._number(key, part, integer) for part in value.split(",") if part != ""]
        if not values:
            raise self.error(f"key '{key}' has no values, got '{show(value)}'", key)
        return values

    def get_ints(self, key: str, default=None) -> list[int]:
        return self.get_list(key, True, default)

    def get_floats(self, key: str, default=None) -> list[float]:
        return self.get_list(key, False, default)


def show(text: str, limit: int = 40) -> str:
    """A cfg value or line for a one-line message: shortened when long."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


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
                raise CfgError(f"malformed section header '{show(raw_line.strip())}'",
                               line=line_no)
            current = Section(type=line[1:-1].lower(), line=line_no, index=len(sections) - 1)
            sections.append(current)
            continue
        if current is None:
            raise CfgError(f"option '{show(raw_line.strip())}' appears before any [section]",
                           line=line_no)
        key, sep, value = line.partition("=")
        if not sep or not key:
            raise CfgError(f"line is neither a [section] nor key=value: "
                           f"'{show(raw_line.strip())}'",
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
            text = handle.read(MAX_CFG_BYTES + 1)
    except OSError as exc:
        raise CfgError(f"cannot read cfg file '{path}': {exc.strerror or exc}") from None
    if len(text) > MAX_CFG_BYTES:
        raise CfgError(f"{path}: more than {MAX_CFG_BYTES:,} characters, too long for a "
                       "Darknet .cfg")
    return parse_cfg_text(text, source=path)
