"""The Python diagnosis engine on its own: the JS regex translation over every signature
pattern, the JavaScript semantics it keeps, speed on 1 MB tracebacks, what it imports, PEP 440
against `packaging.specifiers`, and the one fix-cell rendering the recipes use.
Parity with the TypeScript core, case by case, is test_engine_parity.py."""

import json
import re
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from jupyterlab_convert_doctor.engine import parse_error_input, shipped_knowledge
from jupyterlab_convert_doctor.engine.classifier import wrap_tolerant
from jupyterlab_convert_doctor.engine.jsregex import compile_js, fold_case, translate
from jupyterlab_convert_doctor.engine.versions import matches
from jupyterlab_convert_doctor.recipes.catalog import get_recipe, render_cell

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "jupyterlab_convert_doctor" / "knowledge"
LAB = ROOT / "tests" / "fixtures" / "failure-lab"


def _signature_regexes():
    regexes = []
    for signature in json.loads((KNOWLEDGE / "signatures.json").read_text())["signatures"]:
        regexes += [p["regex"] for p in signature["patterns"]]
        regexes.append("|".join(f"(?:{p['regex']})" for p in signature["patterns"]))
        context = signature.get("context") or {}
        regexes += context.get("require", []) + context.get("exclude", [])
        for refinement in signature.get("refine") or []:
            regexes += refinement["when"].get("text", []) + refinement["when"].get("not_text", [])
    return regexes


def test_every_signature_regex_translates_to_both_python_variants_without_warnings():
    regexes = _signature_regexes()
    assert len(regexes) >= 300  # the premise: signatures.json was read (48 signatures, 272 regexes)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. Python's FutureWarning on `[[` in a class
        for regex in regexes:
            for exact in (True, False):
                re.compile(translate(wrap_tolerant(regex), "im", exact), re.ASCII | re.IGNORECASE)
            re.compile(translate(wrap_tolerant(regex), "im", exact=False, fold=True), re.ASCII)


@pytest.mark.parametrize("source,flags,text,expected", [
    # JS \s: Unicode spaces and U+FEFF, but not \x1c-\x1f or \x85 (Python's str.isspace has those).
    (r"a\sb", "", "a\ufeffb", True), (r"a\sb", "", "a\xa0b", True), (r"a\sb", "", "a\x1cb", False),
    (r"a\sb", "", "a\x85b", False), (r"a\Sb", "", "a\u2028b", False), (r"a[\s,]b", "", "a\u3000b", True),
    # `.` stops at all four JS line terminators; with `s` it does not.
    ("a.b", "", "a\rb", False), ("a.b", "", "a\u2028b", False), ("a.b", "s", "a\u2028b", True),
    ("a.b", "", "a\x85b", True),
    # ^ and $ under `m` at \r and U+2029 too; without `m` only at the ends (Python's $ also
    # matches before a final \n).
    ("^b", "m", "a\rb", True), ("a$", "m", "a\u2029b", True), ("a$", "", "a\n", False), ("^b", "", "a\nb", False),
    # \d \w \b are ASCII; `i` folds no non-ASCII letter onto ASCII (Kelvin sign, long s).
    (r"\d", "", "\u0663", False), (r"\w", "", "\xe9", False), ("k", "i", "\u212a", False), ("s", "i", "\u017f", False),
    ("K", "i", "k", True),
    # A `{` that starts no quantifier is literal (Python reads `{,3}` as one).
    ("a{,3}", "", "a{,3}", True), ("a{,3}", "", "aaa", False), ("a{2}", "", "aa", True), ("a{x", "", "a{x", True),
    # Named groups and their back-references; `[]` never matches, `[^]` matches anything.
    (r"(?<q>['\"])x\k<q>", "", "'x'", True), (r"(?<q>['\"])x\k<q>", "", "'x\"", False),
    ("a[]", "", "a", False), ("a[^]b", "", "a\nb", True),
    # Identity escapes of letters are the letter (Python would read \a as BEL); \cJ is \n.
    (r"\a\e", "", "ae", True), (r"x\cJy", "", "x\ny", True), (r"\0", "", "\0", True),
    # Brackets inside a class (Python warns on `[[`) and `]` outside one are literal.
    (r"[[\]]+", "", "[]", True), ("a]", "", "a]", True),
    # A `-` is a range only between two characters (JS Annex B); escaped it is literal.
    (r"[a\-z]", "", "b", False), (r"[a\-z]", "", "-", True), (r"[\d-z]", "", "-", True), (r"[\d-z]", "", "m", False),
    # Case-insensitive classes, ranges and escapes (the folded variant must agree).
    ("[A-C]x", "i", "bX", True), ("[^A-Z]", "i", "a", False), ("[a-z]", "i", "Q", True), (r"[\x41-\x43]", "i", "b", True),
    (r"\x41", "i", "a", True), ("[A-z]", "i", "_", True), ("[0-Z]", "i", "q", True), ("[0-Z]", "i", "_", False),
    (r"(a)\1", "i", "aA", True), (r"\bERROR\b", "i", "an error:", True),
])
def test_translation_keeps_the_javascript_meaning(source, flags, text, expected):
    # The fast variant is used on texts without the JS-only spaces, the exact one on the others:
    # both must answer as JavaScript does.
    regex = compile_js(source, flags)
    assert (regex.search(text) is not None) is expected
    assert (regex.search_folded(text, fold_case(text)) is not None) is expected
    exact = re.compile(translate(source, flags, True), re.ASCII | (re.IGNORECASE if "i" in flags else 0))
    assert (exact.search(text) is not None) is expected


@pytest.mark.parametrize("source,flags", [("a", "u"), ("a", "y"), ("[a", ""), ("a\\", ""), (r"[\S]", ""),
                                          (r"\u{1F600}", ""), ("(?<1x>a)", ""), ("\xe9", "i"), ("[z-a]", "")])
def test_what_cannot_be_translated_faithfully_is_refused(source, flags):
    with pytest.raises(ValueError):
        compile_js(source, flags)


def _lab(name):
    return json.loads((LAB / name).read_text())


def _best_cpu_ms(fn, rounds=3):
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best * 1000


def test_a_1mb_traceback_is_diagnosed_within_50ms():
    """The scan reads bounded windows (as scan.ts does), so size does not cost: frames repeated
    to 1 MB, one 1 MB line, and 1 MB of pasted text each diagnose in <= 50 ms of CPU."""
    kb = shipped_knowledge()
    fixture = _lab("onnx_checker_dangling_input.json")
    frames = "\n".join(fixture["traceback"])
    big = (frames * (1024 * 1024 // len(frames) + 1))[: 1024 * 1024]
    cases = {
        "frames": {"ename": fixture["ename"], "evalue": fixture["evalue"], "traceback": [big] * 3},
        "one line": {"ename": "RuntimeError", "evalue": "e" * 1024 * 1024, "traceback": ["y" * 1024 * 1024]},
    }
    kb.diagnose(cases["frames"], fixture["env"])  # warm: regexes compiled, caches filled
    for name, error in cases.items():
        ms = _best_cpu_ms(lambda: kb.diagnose(error, fixture["env"]))
        assert ms <= 50, f"{name}: {ms:.1f} ms"
    text = big + "\nValueError: x"
    ms = _best_cpu_ms(lambda: kb.diagnose(parse_error_input(text), fixture["env"]))
    assert ms <= 50, f"pasted text: {ms:.1f} ms"
    assert kb.diagnose(cases["frames"], fixture["env"])["category"] == fixture["expected_category"]


def test_the_engine_imports_no_framework_and_loads_the_knowledge_once():
    script = (
        "import json, sys\n"
        "from jupyterlab_convert_doctor.engine import shipped_knowledge, parse_error_input\n"
        f"fixture = json.load(open({str(LAB / 'onnx113_numpy124_np_float.json')!r}))\n"
        "kb = shipped_knowledge()\n"
        "d = kb.diagnose(parse_error_input(json.dumps(fixture)), fixture['env'])\n"
        "kb.render_fix_cell('darknet-onnx', d, 'x = \"a.cfg\"', fixture['env'])\n"
        "heavy = sorted(m for m in ('numpy', 'onnx', 'onnxruntime', 'tensorflow', 'torch', 'keras') if m in sys.modules)\n"
        "print(json.dumps([d['category'], fixture['expected_category'], heavy, shipped_knowledge() is kb]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    category, expected, heavy, cached = json.loads(done.stdout)
    assert category == expected and heavy == [] and cached


def test_rule_specifiers_mean_what_packaging_specifiers_says_on_release_versions(knowledge_specifiers):
    """The engine applies specifiers as the TS core's @renovatebot/pep440 does; on the
    specifiers the data uses and the release versions a rule compares, that is what
    `packaging.specifiers` answers too (pre-releases allowed: versions are reduced to their
    release first)."""
    specifiers = knowledge_specifiers
    assert len(specifiers) >= 50
    versions = [f"{a}.{b}.{c}" for a in range(0, 5) for b in (0, 1, 9, 12, 13, 15, 16, 17, 19, 20, 24) for c in (0, 1, 17)]
    versions += ["3.11.7", "4.10.0.84", "4.10.0.83", "3.20.2", "4.25.1", "1.12.1", "2", "9", "2.16", "1!2.16.0"]
    for specifier in specifiers:
        spec = SpecifierSet(specifier)
        for version in versions:
            assert matches(version, specifier) is spec.contains(version, prereleases=True), (version, specifier)
    # Where the two differ, the engine answers as the TS core (no zero padding in prefix match).
    assert matches("2", "==2.0.*") is False and SpecifierSet("==2.0.*").contains("2") is True
    assert matches("2.16.0rc1+cpu", ">=2.16") is True  # compared on its release


def test_render_cell_is_the_fix_cell_the_extension_inserts():
    recipe = get_recipe("darknet-onnx")
    kb = shipped_knowledge()
    source = 'net = convert("models/yolov4.cfg", "models/yolov4.weights")'
    cell = render_cell(recipe, cfg="models/yolov4.cfg", weights="models/yolov4.weights", onnx="models/yolov4.onnx")
    assert cell == kb.fix_cell("darknet-onnx", {"category": None}, source)["source"]
    assert cell.splitlines()[-1] == (
        'run_recipe("darknet-onnx", cfg="models/yolov4.cfg", weights="models/yolov4.weights", onnx="models/yolov4.onnx")'
    )
    # Python literals, not JSON ones; a required value left out is None and named.
    torch_cell = render_cell(get_recipe("torch-onnx"), onnx="m.onnx")
    assert 'model=None' in torch_cell and "# Fill in model (" in torch_cell and "null" not in torch_cell
    with pytest.raises(KeyError, match="unknown recipe"):
        kb.render_fix_cell("no-such-recipe", {"category": "unknown"}, None, None)


def test_an_extra_package_splits_at_its_first_colon_only():
    """`name:module[,module…]` as the TS parser (and the settings schema) reads it: text after a
    second `:` is part of a module name, so it is refused rather than dropped."""
    from jupyterlab_convert_doctor.engine.env_report import EnvReportError, parse_extra_package

    assert parse_extra_package(" pillow : PIL ") == {"distribution": "pillow", "modules": ["PIL"]}
    assert parse_extra_package("numpy:") == {"distribution": "numpy", "modules": ["numpy"]}
    with pytest.raises(EnvReportError, match='"PIL:junk" in "pillow:PIL:junk" is not a valid module name'):
        parse_extra_package("pillow:PIL:junk")
