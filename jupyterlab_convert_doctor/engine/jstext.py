"""JavaScript string semantics the TypeScript core relies on, so the Python engine gives the same
answers: `trim()` (JS whitespace, not `str.isspace`), `String(value)`, number formatting, object
key order, and lengths/slices in UTF-16 code units (a JS string's `length` counts an emoji twice).

Inside the engine, text that is sliced by length is kept as "units": every astral character
written as its surrogate pair, so Python slices where JavaScript slices. `from_units` joins the
pairs again for output; a pair a slice cut in half stays a lone surrogate, as in JavaScript.
"""

import decimal
import json
import math
import re

# ECMAScript WhiteSpace + LineTerminator: what `trim()` and `\s` mean in JavaScript.
JS_WHITESPACE = (
    "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_LONE = re.compile("[\ud800-\udfff]")


def js_trim(text):
    return text.strip(JS_WHITESPACE)


def _split_astral(match):
    code = ord(match.group()) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def _join_pair(match):
    high, low = match.group()
    return chr(0x10000 + ((ord(high) - 0xD800) << 10) + (ord(low) - 0xDC00))


def to_units(text):
    """`text` with astral characters as surrogate pairs: len() and slices count UTF-16 units."""
    if text.isascii() or not _ASTRAL.search(text):
        return text
    return _ASTRAL.sub(_split_astral, text)


def from_units(text):
    """Surrogate pairs joined back into characters; lone surrogates stay."""
    if text.isascii():
        return text
    return _PAIR.sub(_join_pair, text)


def lone_surrogates(text, replacement):
    """Every lone surrogate of `text` replaced by `replacement(char)`."""
    if text.isascii():
        return text
    return _LONE.sub(lambda m: replacement(m.group()), from_units(text))


def js_number(value):
    """`String(n)` for a JavaScript number (shortest round trip, JS exponent rules)."""
    try:
        f = float(value)
    except OverflowError:
        f = math.inf if value > 0 else -math.inf
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "Infinity" if f > 0 else "-Infinity"
    if f == 0:
        return "0"
    sign = "-" if f < 0 else ""
    _, digit_tuple, exponent = decimal.Decimal(repr(abs(f))).as_tuple()
    digits = "".join(map(str, digit_tuple))
    stripped = digits.rstrip("0")
    exponent += len(digits) - len(stripped)
    digits = stripped.lstrip("0")
    # value = 0.<digits> x 10**point
    point = len(digits) + exponent
    k, n = len(digits), point
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        out = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + out


def js_string(value):
    """`String(value)` for a JSON value."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return js_number(value)
    if isinstance(value, list):
        return ",".join("" if item is None else js_string(item) for item in value)
    return "[object Object]"


_ARRAY_INDEX = re.compile(r"(?:0|[1-9][0-9]{0,9})")


def _is_array_index(key):
    return bool(_ARRAY_INDEX.fullmatch(key)) and int(key) < 2**32 - 1


def js_key_order(mapping):
    """`mapping` re-ordered as a JavaScript object orders its keys: array indices ascending
    first, then the other keys in insertion order."""
    keys = list(mapping)
    # An index starts with an ASCII digit: the cheap test first (reports have ~700 keys).
    indices = [k for k in keys if "0" <= k[:1] <= "9" and _is_array_index(k)]
    if not indices:
        return mapping
    ordered = sorted(indices, key=int) + [k for k in keys if not _is_array_index(k)]
    return {k: mapping[k] for k in ordered}


def _escape_surrogate(char):
    return f"\\u{ord(char):04x}"


def _json_parts(value, out):
    if isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif value is None or isinstance(value, bool):
        out.append("null" if value is None else "true" if value else "false")
    elif isinstance(value, (int, float)):
        f = float(value)
        out.append(js_number(value) if math.isfinite(f) else "null")
    elif isinstance(value, dict):
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            out.append("," if i else "")
            out.append(json.dumps(str(key), ensure_ascii=False))
            out.append(":")
            _json_parts(item, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            out.append("," if i else "")
            _json_parts(item, out)
        out.append("]")
    else:
        raise TypeError(f"not JSON: {type(value).__name__}")


def js_json(value):
    """`JSON.stringify(value)`: compact, non-ASCII as is, lone surrogates escaped, numbers as
    JavaScript writes them (`1`, `1.5e-7`)."""
    out = []
    _json_parts(value, out)
    return lone_surrogates("".join(out), _escape_surrogate)
