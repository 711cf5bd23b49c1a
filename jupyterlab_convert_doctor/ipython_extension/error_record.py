"""The ErrorRecord (src/core/types.ts) of a failed cell, built inside the kernel.

The JupyterLab path reads the iopub `error` output; its traceback is the shell's structured
traceback (ANSI included), which ipykernel's `_showtraceback` (and Colab's override) also keeps
as `shell._last_traceback` for the execute reply. Reusing it gives the classifier the same
lines at no cost; `traceback.format_exception` is the fallback when the shell did not show
this exception (a custom handler that swallowed it, a non-ipykernel shell). The record is then
bounded as src/annotation/errorRecord.ts bounds it, so both paths see the same evidence."""

import sys
import traceback as traceback_module

# src/annotation/errorRecord.ts ERROR_BOUNDS.
HEAD_ENTRIES = 4
TAIL_ENTRIES = 60
ENTRY_CHARS = 16 * 1024
EVALUE_CHARS = 8 * 1024
ENAME_CHARS = 200


def _text(value):
    """str(value), whatever its __str__ does."""
    try:
        text = value if isinstance(value, str) else str(value)
        return str.__str__(text) if isinstance(text, str) else ""
    except BaseException as exc:  # a hostile __str__
        return "<unprintable %s>" % type(exc).__name__


def _cut(text, limit):
    if len(text) <= limit:
        return text
    half = limit // 2
    return "%s … %s" % (text[:half], text[-half:])


def _shown_traceback(shell, error):
    """The structured traceback the shell sent for `error`, or None."""
    # showtraceback/showsyntaxerror set sys.last_value before formatting and sending; a
    # traceback shown for another exception (or none) would be stale.
    if getattr(sys, "last_value", None) is not error:
        return None
    lines = getattr(shell, "_last_traceback", None)
    if isinstance(lines, list) and lines:
        return lines
    return None


def _formatted_traceback(error):
    try:
        return traceback_module.format_exception(type(error), error, error.__traceback__)
    except BaseException:  # a hostile exception object
        return ["%s: %s" % (type(error).__name__, _text(error))]


def error_record(shell, error, execution_count=None):
    """The bounded ErrorRecord of the exception a cell ended with."""
    entries = _shown_traceback(shell, error) or _formatted_traceback(error)
    if len(entries) > HEAD_ENTRIES + TAIL_ENTRIES:
        omitted = len(entries) - HEAD_ENTRIES - TAIL_ENTRIES
        entries = entries[:HEAD_ENTRIES] + [
            "… %d traceback entries omitted …" % omitted
        ] + entries[-TAIL_ENTRIES:]
    record = {
        "ename": _cut(_text(type(error).__name__), ENAME_CHARS),
        "evalue": _cut(_text(error), EVALUE_CHARS),
        "traceback": [_cut(_text(entry), ENTRY_CHARS) for entry in entries],
    }
    if isinstance(execution_count, int):
        record["execution_count"] = execution_count
    return record
