"""The traceback classifier (src/core/classifier.ts): scores every error signature
(knowledge/signatures.json) against a bounded window of the error, refines the best by context
and by the kernel's environment, and answers `unknown` rather than a confident guess when
nothing (or more than one cause) fits."""

import math
import re

from .conditions import evaluate_all
from .jsregex import compile_js, fold_case
from .jstext import from_units, js_trim
from .recipe_choice import choose_recipes
from .scan import build_scan

MIN_CONFIDENCE = 0.4
_AMBIGUITY_GAP = 0.05
_OFF_ERROR_LINE_PENALTY = {"error": 0.15, "any": 0.05}
_EVIDENCE_CHARS = 300
_QUANTIFIER_NEXT = re.compile(r"[*+?{]")


def wrap_tolerant(regex):
    """A literal space also matches a line break (pasted errors are wrapped): each unescaped
    space outside a character class and not quantified becomes `\\s+`."""
    out = []
    in_class = False
    i = 0
    while i < len(regex):
        c = regex[i]
        if c == "\\":
            out.append(c + regex[i + 1:i + 2])
            i += 1
        elif in_class:
            in_class = c != "]"
            out.append(c)
        elif c == "[":
            in_class = True
            out.append(c)
        elif c == " " and not _QUANTIFIER_NEXT.match(regex[i + 1:i + 2]):
            out.append("\\s+")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _compile(regex):
    return compile_js(wrap_tolerant(regex), "im")


class CompiledSignature:
    __slots__ = ("signature", "patterns", "any", "require", "exclude", "refine")

    def __init__(self, signature):
        self.signature = signature
        self.patterns = [(_compile(p["regex"]), p["weight"], p["scope"]) for p in signature["patterns"]]
        self.any = _compile("|".join(f"(?:{p['regex']})" for p in signature["patterns"]))
        context = signature.get("context") or {}
        self.require = [_compile(r) for r in context.get("require") or []]
        self.exclude = [_compile(r) for r in context.get("exclude") or []]
        self.refine = [
            (
                [_compile(r) for r in refinement["when"].get("text") or []],
                [_compile(r) for r in refinement["when"].get("not_text") or []],
                refinement,
            )
            for refinement in signature.get("refine") or []
        ]


def compile_signatures(document):
    """Compile a signatures file; raises ValueError naming the signature on a bad regex."""
    compiled = []
    for signature in document["signatures"]:
        try:
            compiled.append(CompiledSignature(signature))
        except ValueError as err:
            raise ValueError(f"signature {signature.get('id')}: {err}") from None
    return compiled


def _js_round(x):
    """Math.round: halves go up."""
    r = math.floor(x)
    return r + 1 if x - r >= 0.5 else r


def line_at(text, index):
    """The whole line of `text` around `index`, bounded, as plain text (units in, units out)."""
    start = text.rfind("\n", 0, index + 1) + 1
    end = text.find("\n", index)
    if end < 0:
        end = len(text)
    line = js_trim(text[start:end])
    if len(line) > _EVIDENCE_CHARS:
        offset = max(0, min(index - start - _EVIDENCE_CHARS / 3, len(line) - _EVIDENCE_CHARS))
        offset = int(offset)
        line = ("…" if offset > 0 else "") + line[offset:offset + _EVIDENCE_CHARS] + "…"
    return line


class _Texts:
    """The scan's two texts and their case-folded copies (folded once for every signature)."""

    __slots__ = ("error", "window", "error_folded", "window_folded")

    def __init__(self, error_text, window_text):
        self.error, self.window = error_text, window_text
        self.error_folded, self.window_folded = fold_case(error_text), fold_case(window_text)

    def in_error(self, regex):
        return regex.search_folded(self.error, self.error_folded)

    def in_window(self, regex):
        return regex.search_folded(self.window, self.window_folded)

    def seen(self, regex):
        return bool(self.in_window(regex) or self.in_error(regex))


def _score(compiled, texts):
    if not texts.in_error(compiled.any) and not texts.in_window(compiled.any):
        return None
    for r in compiled.require:
        if not texts.in_window(r) and not texts.in_error(r):
            return None
    for r in compiled.exclude:
        if texts.seen(r):
            return None
    best = None
    for regex, weight, scope in compiled.patterns:
        score = 0
        evidence = ""
        found = texts.in_error(regex)
        if found:
            score = weight
            evidence = line_at(texts.error, found.start())
        else:
            found = texts.in_window(regex)
            if found:
                score = weight - _OFF_ERROR_LINE_PENALTY[scope]
                evidence = line_at(texts.window, found.start())
        if score > (best["score"] if best else 0):
            best = {
                "compiled": compiled,
                "score": score,
                "evidence": evidence,
                "category": compiled.signature["category"],
                "refinement": None,
            }
    return best


def _refine(candidate, texts, env):
    seen = texts.seen
    for text, not_text, refinement in candidate["compiled"].refine:
        when_env = refinement["when"].get("env")
        if when_env is not None and (env is None or evaluate_all(when_env, env) is None):
            continue
        if (text and not any(seen(r) for r in text)) or any(seen(r) for r in not_text):
            continue
        refined = dict(candidate)
        refined["category"] = _or(refinement.get("category"), candidate["category"])
        refined["score"] = _or(refinement.get("confidence"), candidate["score"])
        refined["refinement"] = refinement
        return refined
    return candidate


def _or(value, fallback):
    """`value ?? fallback`."""
    return fallback if value is None else value


def _unknown(evidence, findings):
    return {
        "category": "unknown",
        "confidence": 0.2,
        "evidence": evidence,
        "cause": None,
        "title": "Cause not recognised",
        "explanation": "No known conversion failure matches this error clearly enough. "
        "The environment findings (if any) may still explain it.",
        "sources": [],
        "fixes": [],
        "recipes": [],
        "findings": findings,
    }


def _number(x):
    """A JSON number as JavaScript writes it: integral values without `.0`."""
    return int(x) if float(x).is_integer() else x


def diagnose(error, env, knowledge, source=None):
    """Diagnose a failing cell's error; `env` refines it and supplies the findings; `source` (the
    failing cell's, when known) tells which recipes fit."""
    error_text, window_text = build_scan(error)
    texts = _Texts(error_text, window_text)
    candidates = []
    for compiled in knowledge.signatures:
        candidate = _score(compiled, texts)
        if candidate:
            candidates.append(_refine(candidate, texts, env))
    candidates.sort(key=lambda c: -c["score"])
    all_findings = knowledge.evaluate_rules(env) if env is not None else []
    top = candidates[0] if candidates else None
    if not top or top["score"] < MIN_CONFIDENCE:
        fallback = next((line for line in error_text.split("\n") if js_trim(line)), "")
        return _unknown(from_units(line_at(fallback, 0)), all_findings)
    rival = next((c for c in candidates if c["category"] != top["category"]), None)
    confidence = top["score"]
    if rival and top["score"] - rival["score"] < _AMBIGUITY_GAP:
        confidence = min(confidence, 0.6)
    confidence = max(0, min(1, _js_round(confidence * 100) / 100))
    signature = top["compiled"].signature
    refinement = top["refinement"] or {}
    fixes = list(_or(refinement.get("fixes"), signature["fixes"]))
    return {
        "category": top["category"],
        "confidence": _number(confidence),
        "evidence": from_units(top["evidence"]),
        "cause": signature["cause"],
        "title": _or(refinement.get("title"), signature["title"]),
        "explanation": _or(refinement.get("explanation"), signature["explanation"]),
        "sources": list(signature["sources"]),
        "fixes": fixes,
        "recipes": choose_recipes({"category": top["category"], "fixes": fixes}, knowledge.recipes,
                                  window_text + "\n" + error_text, source),
        "findings": [f for f in all_findings if top["category"] in knowledge.rule_categories(f["rule"])],
        "signature": signature["id"],
    }
