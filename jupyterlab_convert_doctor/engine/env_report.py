"""Validation of environment reports (src/core/envReport.ts): the probe's output, or with
`partial` a hand-written report where only `packages` is required. Raises EnvReportError naming
the bad field in one line, with the TypeScript core's messages."""

import math

from .conditions import normalize_name
from .jsregex import compile_js
from .jstext import from_units, js_json, js_key_order, js_trim, to_units

ENV_REPORT_SCHEMA_VERSION = 1
PROBE_EXPRESSION_KEY = "convert_doctor_env"
HOSTS = ("colab", "kaggle", "sagemaker", "local")

_DISTRIBUTION_NAME = compile_js("^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,198}[A-Za-z0-9])?$")
_MODULE_NAME = compile_js("^[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*$")
_PLAIN_KEY = compile_js("^[A-Za-z_][A-Za-z0-9_-]{0,79}$")
_SPACES = compile_js("\\s+")
_MISSING = object()


class EnvReportError(ValueError):
    """A reply that is not a usable env report; the message says what is wrong and where."""


def describe(value):
    if value is _MISSING:
        return "nothing"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        units = to_units(value)
        return js_json(from_units(units[:40])) + ("..." if len(units) > 40 else "")
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "object"


def _field(where, key):
    return f"{where}.{key}" if _PLAIN_KEY.search(key) else f"{where}[{describe(key)}]"


def _fail(where, expected, value):
    raise EnvReportError(f"{where}: expected {expected}, got {describe(value)}")


def _object(value, where):
    return value if isinstance(value, dict) else _fail(where, "an object", value)


def _string(value, where):
    return value if isinstance(value, str) else _fail(where, "a string", value)


def _nullable_string(value, where):
    if value is None or value is _MISSING:
        return None
    return value if isinstance(value, str) else _fail(where, "a string or null", value)


def _string_array(value, where):
    if not isinstance(value, list):
        _fail(where, "an array", value)
    return [_string(item, f"{where}[{i}]") for i, item in enumerate(value)]


def _map_of(value, where, item):
    return {key: item(entry, _field(where, key)) for key, entry in js_key_order(_object(value, where)).items()}


def _or_default(mapping, key, default):
    """`mapping[key] ?? default`."""
    value = mapping.get(key)
    return default if value is None else value


def _python(value):
    python = _object(value, "python")
    info = {
        "version": _string(python.get("version", _MISSING), "python.version"),
        "implementation": _string(python.get("implementation", _MISSING), "python.implementation"),
        "executable": _string(python.get("executable", _MISSING), "python.executable"),
        "platform": _string(python.get("platform", _MISSING), "python.platform"),
        "env_kind": _string(python.get("env_kind", _MISSING), "python.env_kind"),
    }
    if "prefix" in python:
        info["prefix"] = _string(python["prefix"], "python.prefix")
    return info


def _package_state(value, where):
    entry = _object(value, where)
    state = {
        "installed": _nullable_string(entry.get("installed", _MISSING), f"{where}.installed"),
        "loaded": _nullable_string(entry.get("loaded", _MISSING), f"{where}.loaded"),
    }
    if "also_provided_by" in entry:
        state["also_provided_by"] = _string_array(entry["also_provided_by"], f"{where}.also_provided_by")
    return state


def _cuda(value):
    cuda = _object(value, "cuda")
    return {
        "driver": _nullable_string(cuda.get("driver", _MISSING), "cuda.driver"),
        "env": _map_of(_or_default(cuda, "env", {}), "cuda.env", _string),
        "wheels": _map_of(_or_default(cuda, "wheels", {}), "cuda.wheels", _string),
        "cuda_runtime": _nullable_string(cuda.get("cuda_runtime", _MISSING), "cuda.cuda_runtime"),
        "cudnn": _nullable_string(cuda.get("cudnn", _MISSING), "cuda.cudnn"),
        "libraries": _string_array(_or_default(cuda, "libraries", []), "cuda.libraries"),
    }


def _finite_non_negative(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(float(value)) and value >= 0
    except OverflowError:
        return False


def parse_env_report(data, partial=False):
    """The validated report (a new dict). With `partial`, sections other than `packages` may be
    absent and are checked when present."""
    report = _object(data, "the probe report")
    if isinstance(report.get("probe_failed"), str):
        raise EnvReportError("the probe failed in the kernel: " + _SPACES.sub(" ", report["probe_failed"]))

    def optional(key):
        return partial and key not in report

    schema = report.get("schema_version", _MISSING)
    if not optional("schema_version") and (
        isinstance(schema, bool) or not isinstance(schema, (int, float)) or schema != ENV_REPORT_SCHEMA_VERSION
    ):
        raise EnvReportError(
            f"unsupported report schema_version {describe(schema)} (expected {ENV_REPORT_SCHEMA_VERSION})"
        )
    parsed = {"packages": _map_of(report.get("packages", _MISSING), "packages", _package_state)}
    if not optional("schema_version"):
        parsed["schema_version"] = ENV_REPORT_SCHEMA_VERSION
    if not optional("python"):
        parsed["python"] = _python(report.get("python", _MISSING))
    if not optional("host"):
        host = report.get("host", _MISSING)
        if not isinstance(host, str) or host not in HOSTS:
            _fail("host", "one of " + ", ".join(HOSTS), host)
        parsed["host"] = host
    if not optional("cuda"):
        parsed["cuda"] = _cuda(report.get("cuda", _MISSING))
    if not optional("probe_ms"):
        probe_ms = report.get("probe_ms", _MISSING)
        if not _finite_non_negative(probe_ms):
            _fail("probe_ms", "a non-negative number", probe_ms)
        parsed["probe_ms"] = probe_ms
    parsed["errors"] = _string_array(_or_default(report, "errors", []), "errors")
    return parsed


def parse_probe_reply(user_expressions):
    """The report from an execute reply's `user_expressions` (the whole map)."""
    expressions = _object(user_expressions, "user_expressions")
    result = expressions.get(PROBE_EXPRESSION_KEY, _MISSING)
    if result is _MISSING:
        raise EnvReportError(f'the reply has no "{PROBE_EXPRESSION_KEY}" user expression')
    entry = _object(result, "the probe expression result")
    if entry.get("status") == "error":
        ename = entry["ename"] if isinstance(entry.get("ename"), str) else "Error"
        evalue = entry["evalue"] if isinstance(entry.get("evalue"), str) else ""
        raise EnvReportError(js_trim(f"the probe expression raised {ename}: {evalue}"))
    if entry.get("status") != "ok":
        raise EnvReportError(f"the probe expression status is {describe(entry.get('status', _MISSING))}")
    data = _object(entry.get("data", _MISSING), "the probe expression data")
    if "application/json" not in data:
        plain = data["text/plain"] if isinstance(data.get("text/plain"), str) else ""
        raise EnvReportError(
            "the probe reply has no application/json data"
            + (f" (text/plain: {from_units(to_units(plain)[:200])})" if plain else "")
        )
    return parse_env_report(data["application/json"])


def read_watch_list(document):
    """The watch-list of a knowledge/packages.json document."""
    packages = document.get("packages") if isinstance(document, dict) else None
    if not isinstance(packages, list):
        raise ValueError('packages.json: "packages" must be an array')
    entries = []
    for index, entry in enumerate(packages):
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("distribution"), str)
            or not isinstance(entry.get("modules"), list)
            or not all(isinstance(m, str) for m in entry["modules"])
        ):
            raise ValueError(f"packages.json: packages[{index}] needs a distribution and string modules")
        entries.append({"distribution": entry["distribution"], "modules": list(entry["modules"])})
    return entries


def parse_extra_package(spec):
    """One "extra package" setting: `name` or `name:module[,module...]`."""
    # Split at the first `:` only: a second one is part of a (then invalid) module name.
    parts = [js_trim(part) for part in js_trim(spec).split(":", 1)]
    distribution = parts[0]
    modules_part = parts[1] if len(parts) > 1 else ""
    if not _DISTRIBUTION_NAME.search(distribution):
        raise EnvReportError(f'"{spec}" is not a valid distribution name')
    if modules_part:
        modules = [js_trim(m) for m in modules_part.split(",")]
    else:
        modules = [distribution.lower().replace("-", "_").replace(".", "_")]
    for module in modules:
        if not _MODULE_NAME.search(module):
            raise EnvReportError(f'"{module}" in "{spec}" is not a valid module name')
    return {"distribution": distribution, "modules": modules}


def watch_list(shipped, extra_packages=()):
    """The shipped watch-list plus extra entries, without duplicate distributions."""
    entries = [dict(entry) for entry in shipped]
    seen = {normalize_name(entry["distribution"]) for entry in entries}
    for spec in extra_packages:
        entry = parse_extra_package(spec)
        if normalize_name(entry["distribution"]) not in seen:
            seen.add(normalize_name(entry["distribution"]))
            entries.append(entry)
    return entries
