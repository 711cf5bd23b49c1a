"""The bounded text window the classifier reads from an error record (src/core/scan.ts), so its
cost does not grow with the traceback: the head lines (call site), the last lines (innermost
frames and the error), ename/evalue, each line capped. Lengths are UTF-16 units, as in
JavaScript (see jstext.py); the window's text is in units."""

from .ansi import strip_ansi
from .jsregex import compile_js
from .jstext import js_string, js_trim, to_units

SCAN_LIMITS = {
    "tailLines": 80,
    "headLines": 8,
    "lineChars": 1000,
    "entryChars": 24 * 1024,
    "evalueChars": 4096,
}
_TAIL_LINES = SCAN_LIMITS["tailLines"]
_HEAD_LINES = SCAN_LIMITS["headLines"]
_LINE_CHARS = SCAN_LIMITS["lineChars"]
_ENTRY_CHARS = SCAN_LIMITS["entryChars"]
_EVALUE_CHARS = SCAN_LIMITS["evalueChars"]

# A line that states an exception or error (Python, C++ runtimes, CLI tools).
_ERROR_LINE = compile_js(
    r"^\s*(?:[\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Fail)\w*\b(?::|$)"
    r"|(?:ERROR|Error|FAIL|Fail|error|fatal|LLVM ERROR)\b|\[ONNXRuntimeError\])"
)


def cap_line(line):
    half = _LINE_CHARS // 2
    return line if len(line) <= _LINE_CHARS else line[:half] + " … " + line[-half:]


def _text(value):
    """`String(value ?? '')`."""
    return "" if value is None else js_string(value)


def build_scan(error):
    """(errorText, windowText) of an error record, both in UTF-16 units."""
    entries = error.get("traceback")
    entries = entries if isinstance(entries, list) else []
    tail = []
    chars = 0
    for raw in reversed(entries):
        if len(tail) >= _TAIL_LINES:
            break
        entry = _text(raw)
        # Slicing code points first bounds the work; the units slice is then JS's slice.
        entry = to_units(entry[-_ENTRY_CHARS:])[-_ENTRY_CHARS:]
        lines = entry.split("\n")
        for line in reversed(lines):
            if len(tail) >= _TAIL_LINES:
                break
            tail.append(line)
            chars += len(line)
        if chars > _ENTRY_CHARS:
            break
    tail.reverse()
    head = []
    if entries and len(tail) >= _TAIL_LINES:
        limit = _LINE_CHARS * _HEAD_LINES
        first = to_units(_text(entries[0])[:limit])[:limit]
        head = first.split("\n")[:_HEAD_LINES]
    window = []
    for line in head + tail:
        line = cap_line(strip_ansi(line))
        window.append(line[:-1] if line.endswith("\r") else line)

    ename = js_trim(strip_ansi(to_units(_text(error.get("ename")))))
    evalue = strip_ansi(to_units(_text(error.get("evalue"))[:_EVALUE_CHARS])[:_EVALUE_CHARS])
    error_lines = []
    if ename or evalue:
        joined = ename + (": " if ename and evalue else "") + evalue
        error_lines.extend(cap_line(line) for line in joined.split("\n"))
    error_lines.extend(line for line in window if _ERROR_LINE.search(line))
    non_empty = [line for line in window if js_trim(line) != ""]
    error_lines.extend(non_empty[-3:])
    return "\n".join(error_lines), "\n".join(window)
