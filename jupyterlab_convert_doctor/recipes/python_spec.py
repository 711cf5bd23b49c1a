"""Just enough PEP 440 to match a Python version against a lane's specifier (stdlib only,
because this runs inside the user's kernel). Supports ==, !=, >=, <=, >, < and ==X.Y.*."""

import re

_CLAUSE = re.compile(r"^\s*(==|!=|>=|<=|>|<)\s*([0-9]+(?:\.[0-9]+)*)(\.\*)?\s*$")


def parse_version(text):
    parts = re.match(r"^\s*([0-9]+(?:\.[0-9]+)*)", text)
    if not parts:
        raise ValueError(f"not a Python version: {text!r}")
    return tuple(int(p) for p in parts.group(1).split("."))


def _pad(a, b):
    width = max(len(a), len(b))
    return a + (0,) * (width - len(a)), b + (0,) * (width - len(b))


def _clause_matches(op, wanted, wildcard, version):
    if wildcard:
        prefix_equal = version[: len(wanted)] == wanted
        if op == "==":
            return prefix_equal
        if op == "!=":
            return not prefix_equal
        raise ValueError(f"wildcard only allowed with == or !=: {op}{wanted}.*")
    v, w = _pad(version, wanted)
    return {
        "==": v == w, "!=": v != w, ">=": v >= w, "<=": v <= w, ">": v > w, "<": v < w,
    }[op]


def matches(specifier, version):
    """True when `version` (str or int tuple) satisfies every comma-separated clause."""
    if isinstance(version, str):
        version = parse_version(version)
    for clause in specifier.split(","):
        if not clause.strip():
            continue
        m = _CLAUSE.match(clause)
        if not m:
            raise ValueError(f"unsupported Python specifier clause: {clause!r}")
        op, number, wildcard = m.groups()
        if not _clause_matches(op, tuple(int(p) for p in number.split(".")), bool(wildcard), version):
            return False
    return True
