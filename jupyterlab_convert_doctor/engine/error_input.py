"""What a user or a script hands the diagnoser, as an error record (src/core/errorInput.ts): a
Jupyter error output (`{"output_type": "error", "ename", "evalue", "traceback"}`), a bare error
record, a notebook cell with `outputs`, or a traceback pasted as plain text."""

import json

from .jsregex import compile_js
from .jstext import from_units, js_string, js_trim, to_units

# `SomeError: message` or `pkg.module.SomeError: message` at the start of a line.
_EXCEPTION_LINE = compile_js(
    r"^\s*((?:[A-Za-z_][\w]*\.)*[A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt|Warning))(?::\s?(.*))?$"
)
_ERROR_WORD = compile_js("Error|Exception")
_NEWLINES = compile_js("\\r\\n?")
# Pasted text beyond this is cut to its head and tail: the classifier reads only those.
_TEXT_HEAD_CHARS = 8 * 1024
_TEXT_TAIL_CHARS = 64 * 1024


class ErrorInputError(ValueError):
    """Input that is neither a traceback nor a Jupyter error output."""


def error_from_text(text):
    """A plain-text traceback: the last exception line gives ename/evalue."""
    limit = _TEXT_HEAD_CHARS + _TEXT_TAIL_CHARS
    if len(text) > limit or (not text.isascii() and len(to_units(text)) > limit):
        units = to_units(text[:_TEXT_HEAD_CHARS])[:_TEXT_HEAD_CHARS]
        bounded = units + "\n…\n" + to_units(text[-_TEXT_TAIL_CHARS:])[-_TEXT_TAIL_CHARS:]
    else:
        bounded = to_units(text)
    lines = _NEWLINES.sub("\n", bounded).split("\n")
    ename = evalue = ""
    for i in range(len(lines) - 1, max(0, len(lines) - 400) - 1, -1):
        line = lines[i]
        match = _EXCEPTION_LINE.search(line[:2000] if len(line) > 2000 else line)
        if match and (match.group(2) is not None or _ERROR_WORD.search(match.group(1))):
            ename = match.group(1)
            evalue = js_trim(match.group(2) or "")
            break
    return {"ename": ename, "evalue": from_units(evalue), "traceback": [from_units(line) for line in lines]}


def _is_error_like(value):
    return isinstance(value, dict) and isinstance(value.get("ename"), str) and isinstance(value.get("traceback"), list)


def error_from_json(value):
    """An error output / error record, or the first error output of a cell's `outputs`."""
    if _is_error_like(value):
        evalue = value.get("evalue")
        return {
            "ename": value["ename"],
            "evalue": evalue if isinstance(evalue, str) else ("" if evalue is None else js_string(evalue)),
            "traceback": [js_string(line) for line in value["traceback"]],
        }
    outputs = value.get("outputs") if isinstance(value, dict) else None
    if isinstance(outputs, list):
        found = next((output for output in outputs if _is_error_like(output)), None)
        if found is not None:
            return error_from_json(found)
        raise ErrorInputError("the cell has no error output (no output with ename and traceback)")
    raise ErrorInputError(
        'JSON input is not a Jupyter error output: expected {"ename", "evalue", "traceback": [...]} '
        'or a cell with "outputs"'
    )


def parse_json(text):
    """`JSON.parse(text)`: no NaN/Infinity, ValueError on anything JavaScript rejects."""

    def reject(constant):
        raise ValueError(f"Unexpected token {constant}")

    try:
        return json.loads(text, parse_constant=reject)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def parse_error_input(text):
    """Text that is JSON (an object) is parsed as JSON; anything else is a plain-text traceback.
    Raises ErrorInputError for empty input or JSON that holds no error."""
    trimmed = js_trim(text)
    if trimmed == "":
        raise ErrorInputError("empty input: expected a traceback (text) or a Jupyter error output (JSON)")
    if trimmed.startswith("{"):
        try:
            parsed = parse_json(trimmed)
        except ValueError:
            return error_from_text(text)
        return error_from_json(parsed)
    return error_from_text(text)
