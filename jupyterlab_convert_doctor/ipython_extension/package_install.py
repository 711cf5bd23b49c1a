"""Whether a cell's source changed the kernel's packages (`%pip install`, `!pip install`,
`!uv pip install`, `%conda install`, a `%%bash` cell running pip…): the kernel extension then
re-reads the environment before its next diagnosis.

The same rule as src/kernel/packageInstall.ts (the JupyterLab inspector's re-probe trigger),
in Python. It runs after every cell, so it is a word scan over a bounded prefix, and a cell
that names no package manager at all is answered by three substring searches."""

import re

# An install command is short and near the start of its cell and line.
MAX_SOURCE = 100_000
MAX_LINE = 4_000

# A command word (its basename) that manages packages, and the verb right after it.
_MANAGER = re.compile(r"(?:pip[\d.]*|conda|mamba|micromamba)\Z")
_VERB = re.compile(r"(?:install|uninstall|remove|update|upgrade|sync)\b")
_SEPARATORS = re.compile(r"[\s;&|()]+")
# `x = !cmd` / `a, b = !cmd`: what may stand before the `!`/`%` of a line command.
_ASSIGNMENT = re.compile(r"[\w, ]+=\s*\Z")
# A manager word's end, separators, a verb: every install has one, so a source without it is
# answered by one scan (a long cell of `!pip` lines would otherwise be split line by line).
_CANDIDATE = re.compile(r"(?:pip[\d.]*|conda|mamba)[\s;&|()]+(?:install|uninstall|remove|update|upgrade|sync)\b")
# Cell magics whose body is shell script.
_SHELL_CELL = re.compile(r"\s*%%(?:bash|sh|script\s+\S*(?:ba)?sh\b|system)")


def ran_package_install(source):
    """True when the cell source runs a pip/conda/uv/mamba install (or uninstall/update)."""
    if not isinstance(source, str):
        return False
    # Every manager word contains one of these; most cells stop here.
    if source.find("pip", 0, MAX_SOURCE) < 0 and source.find("conda", 0, MAX_SOURCE) < 0 \
            and source.find("mamba", 0, MAX_SOURCE) < 0:
        return False
    source = source[:MAX_SOURCE]
    if _CANDIDATE.search(source) is None:
        return False
    lines = source.split("\n")
    shell_cell = _SHELL_CELL.match(lines[0][:MAX_LINE]) is not None
    for index, line in enumerate(lines):
        trimmed = line[:MAX_LINE].strip()
        if trimmed.startswith("#"):
            continue
        command = _line_command(trimmed)
        text = command if command is not None else (trimmed if shell_cell and index > 0 else None)
        if text is not None and _runs_install(text):
            return True
    return False


def _line_command(line):
    """The command of a `!cmd` / `%magic` line (`%%` is a cell magic, not a line command)."""
    bang, percent = line.find("!"), line.find("%")
    at = percent if bang < 0 else bang if percent < 0 else min(bang, percent)
    if at < 0 or line[at + 1:at + 2] == "%":
        return None
    before = line[:at]
    return line[at + 1:] if before == "" or _ASSIGNMENT.match(before) else None


def _runs_install(command):
    words = _SEPARATORS.split(command)
    for word, following in zip(words, words[1:]):
        base = word[word.rfind("/") + 1:]
        if _MANAGER.match(base) and _VERB.match(following):
            return True
    return False
