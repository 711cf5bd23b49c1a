"""Environment rules (knowledge/rules.json) evaluated on a kernel's env report
(src/core/rules.ts). Generic: each rule is a list of declarative conditions."""

import re

from .conditions import EnvView, evaluate_all, normalize_name

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_PLACEHOLDER = re.compile(r"\{([\w.-]+)\}", re.ASCII)


def _fill_message(message, witness):
    """`{name}` placeholders become the version that made the rule fire."""

    def fill(match):
        name = match.group(1)
        if name not in witness:
            return match.group(0)
        value = witness[name]
        return "not installed" if value is None else value

    return _PLACEHOLDER.sub(fill, message)


# The rules list last evaluated and each rule's gate (below), so a gate is computed once.
_gates = (None, [])


def _gate(rule):
    """The names of the rule's first condition when it is `package` / `present`: that condition
    (so the rule) fails unless one is installed, which a set lookup tells without evaluating."""
    when = rule.get("when")
    first = when[0] if isinstance(when, list) and when else None
    if not isinstance(first, dict):
        return None
    names = first["package"] if "package" in first else first.get("present")
    return frozenset(normalize_name(n) for n in names) if isinstance(names, list) else None


def _gates_of(rules):
    global _gates
    if _gates[0] is not rules:
        _gates = (rules, [_gate(rule) for rule in rules])
    return _gates[1]


def evaluate_rules(report, rules_document):
    """The findings of every rule that fires on `report`, worst first (then in file order)."""
    # As `typeof report.packages !== 'object'`: null passes, a missing key does not.
    if not isinstance(report, dict) or "packages" not in report or not (
        report["packages"] is None or isinstance(report["packages"], (dict, list))
    ):
        raise ValueError('evaluateRules: not an environment report (no "packages" object)')
    view = EnvView(report)
    findings = []
    rules = rules_document["rules"]
    installed = view.packages.keys()
    for rule, gate in zip(rules, _gates_of(rules)):
        if gate is not None and installed.isdisjoint(gate):
            continue  # rules indexed by package name: ~700 packages, most rules name absent ones
        witness = evaluate_all(rule["when"], view)
        if witness is not None:
            findings.append({
                "rule": rule["id"],
                "severity": rule["severity"],
                "message": _fill_message(rule["message"], witness),
                "explanation": rule["explanation"],
                "sources": list(rule["sources"]),
                "fix": list(rule["fix"]),
                "packages": witness,
            })
    # sorted() is stable: equal severities keep file order.
    return sorted(findings, key=lambda f: _SEVERITY_ORDER.get(f["severity"], 0))
