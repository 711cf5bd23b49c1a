"""The diagnosis engine in Python: the same answers as the TypeScript core (src/core/), read from
the same knowledge files, for kernels where the labextension does not run (Colab). Standard
library and `packaging` only; nothing heavy is imported.

    from jupyterlab_convert_doctor.engine import shipped_knowledge, parse_error_input
    kb = shipped_knowledge()                        # loaded once per process
    diagnosis = kb.diagnose(parse_error_input(text), env, failing_cell_source)  # source optional
    findings = kb.evaluate_rules(env)
    for recipe in kb.recipes_for(diagnosis):
        source = kb.render_fix_cell(recipe["id"], diagnosis, failing_cell_source, env)

`env` is an environment report (env_probe.py's output; parse_env_report validates one).
Every result is the TypeScript core's, value for value (tests/python/test_engine_parity.py).

The names below load on first use, so importing one module of the engine (the recipes import
fix_cell, standard library only) does not load the rest.
"""

import importlib

_EXPORTS = {
    "EnvReportError": "env_report",
    "parse_env_report": "env_report",
    "parse_probe_reply": "env_report",
    "ErrorInputError": "error_input",
    "FreezeError": "freeze_report",
    "freeze_report": "freeze_report",
    "parse_error_input": "error_input",
    "KnowledgeBase": "knowledge_base",
    "load_knowledge": "knowledge_base",
    "shipped_knowledge": "knowledge_base",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
