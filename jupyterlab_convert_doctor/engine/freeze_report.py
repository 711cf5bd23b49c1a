"""A `pip freeze` / `requirements.txt` text as an environment report (src/core/freezeReport.ts),
so the rules run on an environment nobody opened a kernel in (Colab's published freezes, a
colleague's requirements). Only exact pins are installed versions; anything else is listed in
`errors`, never guessed. `python.env_kind` is `freeze`, no version is `loaded`, no host is
claimed. Messages, key order and limits are the TypeScript core's, value for value."""

import re

from .conditions import normalize_name
from .env_report import ENV_REPORT_SCHEMA_VERSION
from .jsregex import compile_js
from .jstext import from_units, js_json, js_key_order, js_trim, to_units
from .versions import release_of

FREEZE_ENV_KIND = "freeze"
MAX_FREEZE_CHARS = 2 * 1024 * 1024
UNKNOWN_VERSION = "unknown"

_DISTRIBUTION_NAME = compile_js("^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,198}[A-Za-z0-9])?$")
_REQUIREMENT = compile_js("^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:\\[[^\\]]*\\])?\\s*(.*)$")
_SPECIFIERS = compile_js(
    "^(?:~=|===|==|!=|<=|>=|<|>)\\s*[^\\s,]+(?:\\s*,\\s*(?:~=|===|==|!=|<=|>=|<|>)\\s*[^\\s,]+)*$"
)
_REQUIREMENT_OPTIONS = compile_js("\\s+--?[A-Za-z].*$")
_COMMENT = compile_js("(?:^|\\s)#.*$")
_EDITABLE = compile_js("^(?:-e|--editable)(?:\\s+|=)(.*)$")
_EGG = compile_js("[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_EGG_VERSION = compile_js("-[0-9].*$")
_PIN = compile_js("^===?\\s*([^\\s,]+)$")
_PYTHON_VERSION = compile_js("^\\d+\\.\\d+(?:\\.\\d+)?$")
_SPACES = compile_js("\\s+")
_WHEEL = compile_js("\\.whl$", "i")
_URL_END = re.compile("[?#]")
_LINE_BREAK = re.compile("\r\n|\r|\n")
_PERCENT_RUN = re.compile("(?:%[0-9A-Fa-f]{2})+")
_MAX_NOTES = 50
_MAX_LINE_SHOWN = 80


class FreezeError(ValueError):
    """A text that is not a usable freeze file; the message is one line."""


def _quote(line):
    units = to_units(line)
    short = from_units(units[:_MAX_LINE_SHOWN]) + "..." if len(units) > _MAX_LINE_SHOWN else line
    return js_json(short)


def _decode_uri_component(text):
    """decodeURIComponent: None where JavaScript throws (a stray `%`, bytes that are not UTF-8)."""
    if "%" in _PERCENT_RUN.sub("", text):
        return None
    try:
        return _PERCENT_RUN.sub(
            lambda m: bytes.fromhex(m.group().replace("%", "")).decode("utf-8"), text)
    except UnicodeDecodeError:
        return None


def _wheel_version(url, name):
    """The version in a wheel URL's file name (`torch-2.10.0%2Bcpu-cp312-...whl` -> 2.10.0+cpu)."""
    file = _URL_END.split(url, maxsplit=1)[0].split("/")[-1]
    if not _WHEEL.search(file):
        return None
    decoded = _decode_uri_component(file)
    if decoded is None:
        return None
    # Wheel names: {distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl
    parts = decoded[:-4].split("-")
    if len(parts) < 5 or normalize_name(parts[0]) != normalize_name(name):
        return None
    return parts[1] if release_of(parts[1]) else None


def _egg_name(line):
    egg = _EGG.search(line)
    return _EGG_VERSION.sub("", egg.group(1), count=1) if egg else None


def _logical_lines(text):
    """Physical lines -> (number, logical line): a trailing backslash continues, as in pip."""
    out = []
    pending = ""
    start = 0
    for index, raw in enumerate(_LINE_BREAK.split(text)):
        if not pending:
            start = index + 1
        if raw.endswith("\\"):
            pending += raw[:-1]
            continue
        out.append((start, pending + raw))
        pending = ""
    if pending:
        out.append((start, pending))
    return out


def freeze_report(text, python=None, source=None):
    """The environment report of a freeze / requirements text (freezeReport in the TS core).
    Raises FreezeError for a text that is not a freeze at all (binary, too large, no pin)."""
    source = "the freeze" if source is None else source
    length = len(to_units(text))
    if length > MAX_FREEZE_CHARS:
        raise FreezeError(
            f"{source} is too large for a pip freeze ({length} characters, at most {MAX_FREEZE_CHARS})")
    # NUL or undecodable bytes (read as U+FFFD): not a text file, so nothing in it is a pin.
    if "\x00" in text or "\ufffd" in text:
        raise FreezeError(f"{source} is not a text file (binary content)")
    if python is not None:
        python = js_trim(python)
        if not _PYTHON_VERSION.search(python):
            raise FreezeError(f"the Python version must be X.Y or X.Y.Z, got {_quote(python)}")
    packages = {}
    notes = []
    skipped = 0

    def note(message):
        nonlocal skipped
        if len(notes) < _MAX_NOTES:
            notes.append(message)
        else:
            skipped += 1

    def install(no, name, version):
        key = normalize_name(name)
        existing = packages.get(key)
        if existing is not None:
            if existing["installed"] != version:
                note(f"line {no}: {key} listed again as {_quote(version)}; kept {existing['installed']}")
            return
        packages[key] = {"installed": version, "loaded": None}

    for no, raw in _logical_lines(text[1:] if text.startswith("\ufeff") else text):
        # pip: `#` starts a comment at the line start or after whitespace.
        uncommented = js_trim(_COMMENT.sub("", raw, count=1))
        if not uncommented:
            continue
        if uncommented.startswith("-"):
            # Options say nothing about what is installed, except an editable install.
            editable = _EDITABLE.search(uncommented)
            if editable:
                name = _egg_name(raw)
                if name:
                    install(no, name, UNKNOWN_VERSION)
                    note(f"line {no}: {normalize_name(name)} is an editable install, version unknown "
                         "(rules on its version cannot run)")
                else:
                    note(f"line {no}: editable install without a name, ignored: {_quote(uncommented)}")
            continue
        line = _REQUIREMENT_OPTIONS.sub("", uncommented, count=1)
        semicolon = line.find(";")
        requirement = js_trim(line if semicolon < 0 else line[:semicolon])
        marker = "" if semicolon < 0 else js_trim(line[semicolon + 1:])
        match = _REQUIREMENT.search(requirement)
        name = match.group(1) if match else None
        if not name or not _DISTRIBUTION_NAME.search(name):
            note(f"line {no}: not a requirement, ignored: {_quote(line)}")
            continue
        rest = js_trim(match.group(2))
        if marker:
            note(f"line {no}: {normalize_name(name)} has an environment marker ({_quote(marker)}), "
                 "not evaluated: taken as installed")
        if rest.startswith("@"):
            version = _wheel_version(js_trim(rest[1:]), name)
            install(no, name, version or UNKNOWN_VERSION)
            if not version:
                note(f"line {no}: {normalize_name(name)} is installed from a URL, version unknown "
                     "(rules on its version cannot run)")
            continue
        pin = _PIN.search(rest)
        arbitrary = rest.startswith("===")
        if pin and "*" not in pin.group(1) and (arbitrary or release_of(pin.group(1))):
            install(no, name, pin.group(1))
            continue
        if rest and not _SPECIFIERS.search(rest):
            note(f"line {no}: not a requirement, ignored: {_quote(line)}")
            continue
        note(f"line {no}: {normalize_name(name)}{_SPACES.sub('', rest)} is not a pinned version, "
             "not an installed one: ignored" if rest
             else f"line {no}: {normalize_name(name)} has no version, ignored")
    if skipped:
        notes.append(f"... and {skipped} more notes")
    if not packages:
        raise FreezeError(
            f"{source} has no installed versions (no `name==version` line): is it a pip freeze?")
    # Partial on purpose: no host (unknown) and no CUDA section, which a freeze cannot know.
    return {
        "schema_version": ENV_REPORT_SCHEMA_VERSION,
        "python": {
            "version": "" if python is None else python,
            "implementation": "",
            "executable": source,
            "platform": "",
            "env_kind": FREEZE_ENV_KIND,
        },
        "packages": js_key_order(packages),
        "errors": notes,
    }
