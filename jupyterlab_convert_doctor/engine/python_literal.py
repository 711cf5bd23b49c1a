"""Python source text for values that end up in cells the user reads and runs
(src/core/pythonLiteral.ts and fixCell.ts's literals): pure printable ASCII, so a line
separator (U+2028), a bidi control (U+202E) or a look-alike letter cannot make the cell read
differently from how it runs. The same escapes as Python's `ascii()`."""

import math
import re

from .jstext import js_number, js_string

_NAMED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_PRINTABLE = re.compile(r'[ -~]*\Z')
_LINE_BREAKS = re.compile(r"[\r\n]+")


def _escape(text, named):
    if _PRINTABLE.match(text) and not (named and ('"' in text or "\\" in text)):
        return text
    out = []
    for char in text:
        code = ord(char)
        if named and char in _NAMED:
            out.append(_NAMED[char])
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out)


def python_string_literal(text):
    """A Python str literal that evaluates to `text`, in printable ASCII."""
    return '"' + _escape(text, True) + '"'


def python_comment(text):
    """Text for a `#` comment: one line, printable ASCII."""
    return _escape(_LINE_BREAKS.sub(" ", text), False)


def python_literal(value, kind="string"):
    """A parameter value as Python source: lists (of integers), booleans, numbers (truncated
    for `integer` parameters, written as JavaScript writes numbers), strings."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(python_literal(item, "integer") for item in value) + "]"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"not a finite number: {js_number(value)}")
        return js_number(math.trunc(value) if kind == "integer" else value)
    return python_string_literal(js_string(value))
