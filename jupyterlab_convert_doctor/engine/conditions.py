"""Evaluates the declarative conditions of the knowledge data (src/core/conditions.ts) against an
environment report. Generic: no rule- or signature-specific code lives here."""

import json
import re

from .jstext import js_key_order, js_number
from .versions import matches, release_of, same_version

_SEPARATORS = re.compile(r"[-_.]+")


# Memo of normalize_name: every rule evaluation reads a report's ~700 names, the same ones each
# time (bench/rules_bench.js); bounded so untrusted reports cannot grow it.
_NORMALIZED = {}
_NORMALIZED_LIMIT = 20000


def normalize_name(name):
    """PEP 503 normalisation: `tf_keras`, `TF-Keras` and `tf-keras` are one distribution."""
    normalized = _NORMALIZED.get(name)
    if normalized is None:
        normalized = _SEPARATORS.sub("-", name.lower())
        if len(_NORMALIZED) >= _NORMALIZED_LIMIT:
            _NORMALIZED.clear()
        _NORMALIZED[name] = normalized
    return normalized


class EnvView:
    """A report and its installed packages keyed by normalised name, computed once for all the
    conditions evaluated on it (the TS core keeps the map in a WeakMap)."""

    __slots__ = ("report", "packages")

    def __init__(self, report):
        self.report = report
        packages = report.get("packages")
        if isinstance(packages, list):
            packages = {str(i): state for i, state in enumerate(packages)}
        memo = _NORMALIZED
        # Present = its metadata is installed; a `loaded` version alone comes from a module
        # another distribution provides (tensorflow-cpu's `tensorflow`). A comprehension: this
        # runs over ~700 names per evaluation.
        self.packages = {
            memo.get(name) or normalize_name(name): state
            for name, state in js_key_order(packages if isinstance(packages, dict) else {}).items()
            if isinstance(state, dict) and state.get("installed")
        }


def view_of(report):
    return report if isinstance(report, EnvView) else EnvView(report)


def find_package(view, names):
    for name in names:
        state = view.packages.get(normalize_name(name))
        if state:
            return normalize_name(name), state
    return None


def _effective(state):
    loaded = state.get("loaded")
    return loaded if loaded is not None else state.get("installed")


def evaluate_condition(cond, report):
    """The condition's witness (distribution -> version, None when it held by absence) when it
    holds, else None. `report` is an env report or its EnvView."""
    view = view_of(report)
    report = view.report
    if "package" in cond:
        found = find_package(view, cond["package"])
        if not found:
            return None
        state = found[1]
        installed, loaded = state.get("installed"), state.get("loaded")
        effective = _effective(state)
        if "installed" in cond and not (installed and matches(installed, cond["installed"])):
            return None
        if "loaded" in cond and not (loaded and matches(loaded, cond["loaded"])):
            return None
        if "version" in cond and not (effective and matches(effective, cond["version"])):
            return None
        return {normalize_name(cond["package"][0]): effective}
    if "present" in cond:
        found = find_package(view, cond["present"])
        return {normalize_name(cond["present"][0]): _effective(found[1])} if found else None
    if "absent" in cond:
        if find_package(view, cond["absent"]):
            return None
        return {normalize_name(cond["absent"][0]): None}
    if "python" in cond:
        version = (report.get("python") or {}).get("version")
        return {"python": version} if version and matches(version, cond["python"]) else None
    if "host" in cond:
        if "host" in report and report["host"] in cond["host"]:
            return {"host": report["host"]}
        return None
    if "loaded_differs" in cond:
        witness = {}
        for name, state in view.packages.items():
            installed, loaded = state.get("installed"), state.get("loaded")
            if installed and loaded and not same_version(installed, loaded):
                witness[name] = f"installed {installed}, loaded {loaded}"
        return witness or None
    if "versions_differ" in cond:
        spec = cond["versions_differ"]
        pa, pb = find_package(view, spec["a"]), find_package(view, spec["b"])
        va = pa and _effective(pa[1])
        vb = pb and _effective(pb[1])
        ra = va and release_of(va)
        rb = vb and release_of(vb)
        if not pa or not pb or not ra or not rb:
            return None

        def head(release):
            parts = (release.split(".") + ["0", "0", "0"])[: spec["segments"]]
            return ".".join(_js_number_of(part) for part in parts)

        if head(ra) != head(rb):
            return {normalize_name(spec["a"][0]): va, normalize_name(spec["b"][0]): vb}
        return None
    if "cuda" in cond:
        spec = cond["cuda"]
        cuda = report.get("cuda")
        value = cuda.get(spec["field"]) if cuda else None
        if spec.get("absent"):
            return None if value else {spec["field"]: None}
        if not value:
            return None
        if "version" in spec and not matches(value, spec["version"]):
            return None
        return {spec["field"]: value}
    if "any" in cond:
        for inner in cond["any"]:
            witness = evaluate_condition(inner, view)
            if witness is not None:
                return witness
        return None
    if "not" in cond:
        return None if evaluate_condition(cond["not"], view) is not None else {}
    raise ValueError(f"unknown condition: {json.dumps(cond)}")


_NUMERIC = re.compile(r"[0-9]+(?:e\+[0-9]+)?")


def _js_number_of(part):
    """`String(Number(part))` for a release part (`1!2` -> NaN, as in JavaScript)."""
    return js_number(float(part)) if _NUMERIC.fullmatch(part) else "NaN"


def evaluate_all(conds, report):
    """The merged witness when all conditions hold, else None."""
    view = view_of(report)
    merged = {}
    for cond in conds:
        witness = evaluate_condition(cond, view)
        if witness is None:
            return None
        merged.update(witness)
    return js_key_order(merged)
