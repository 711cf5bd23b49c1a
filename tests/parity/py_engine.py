"""The Python engine on the parity cases: the counterpart of ts_engine.js, case for case, each
result as the JSON text JavaScript would write for it."""

from jupyterlab_convert_doctor.engine import parse_env_report, parse_error_input, parse_probe_reply, shipped_knowledge
from jupyterlab_convert_doctor.engine.classifier import wrap_tolerant
from jupyterlab_convert_doctor.engine.freeze_report import freeze_report
from jupyterlab_convert_doctor.engine.jsregex import compile_js, fold_case
from jupyterlab_convert_doctor.engine.jstext import js_json, to_units
from jupyterlab_convert_doctor.engine.knowledge_base import KnowledgeBase
from jupyterlab_convert_doctor.engine.versions import matches


def _run(case):
    kb = shipped_knowledge()
    kind = case["kind"]
    if kind == "diagnose":
        error = case.get("error")
        if error is None:
            error = parse_error_input(case["text"])
        return {"error": error, "diagnosis": kb.diagnose(error, case.get("env"), case.get("source"))}
    if kind == "rules":
        return kb.evaluate_rules(case["env"])
    if kind == "fixcell":
        return kb.fix_cell(case["recipe"], {"category": case.get("category")}, case.get("source"))
    if kind == "env":
        return parse_env_report(case["data"], partial=bool(case.get("partial")))
    if kind == "probe":
        return parse_probe_reply(case["reply"])
    if kind == "freeze":
        env = freeze_report(case["text"], python=case.get("python"), source=case.get("source"))
        return {"env": env, "findings": kb.evaluate_rules(env)}
    if kind == "matches":
        return matches(case["version"], case["specifier"])
    if kind == "knowledge":
        return KnowledgeBase(case["data"]).rules
    if kind == "regex":
        regex = compile_js(wrap_tolerant(case["source"]), "im")
        starts = []
        for text in map(to_units, case["texts"]):
            plain, folded = regex.search(text), regex.search_folded(text, fold_case(text))
            start = plain.start() if plain else -1
            # The classifier searches the folded text: both variants must agree.
            starts.append(start if start == (folded.start() if folded else -1) else "variants differ")
        return starts
    raise ValueError(f"unknown case kind {kind}")


def run_case(case):
    try:
        result = {"ok": _run(case)}
    except (ValueError, KeyError) as err:
        result = {"error": err.args[0] if isinstance(err, KeyError) else str(err)}
    return js_json(result)
