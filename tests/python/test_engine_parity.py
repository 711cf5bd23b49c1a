"""The Python engine (jupyterlab_convert_doctor/engine/) against the TypeScript core it ports, run
under Node on the same inputs: every labelled traceback (failure-lab fixtures with their env
reports, the training set, the held-out sets, errors really raised in this Python), every lab
env report (rules, report validation), every recipe's fix cell, every signature regex, and
edge inputs for the JavaScript semantics the port reproduces (UTF-16 lengths, JS whitespace,
1 MB tracebacks). Results are compared as the JSON text each side writes, so key order and
number formatting count too; any mismatch fails with a readable diff."""

import copy
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "parity"))
import corpus  # noqa: E402
import py_engine  # noqa: E402
import ts_engine  # noqa: E402

from jupyterlab_convert_doctor.engine.knowledge_base import KNOWLEDGE_DIR as KNOWLEDGE  # noqa: E402

LAB_CASES = Path(__file__).resolve().parents[2] / "lab" / "cases"


@pytest.fixture(scope="module")
def build():
    with ts_engine.node_build() as out:
        yield out


def _mismatches(cases, ts_results):
    assert len(ts_results) == len(cases)
    lines = []
    for case, ts_text in zip(cases, ts_results):
        py_text = py_engine.run_case(case)
        if py_text != ts_text:
            lines.append(_diff(case, ts_text, py_text))
    return lines


def _diff(case, ts_text, py_text):
    """One mismatch, key by key where both are objects."""
    head = f"--- {case.get('id', case['kind'])} ({case['kind']})"
    ts, py = json.loads(ts_text), json.loads(py_text)

    def walk(a, b, where):
        if isinstance(a, dict) and isinstance(b, dict):
            if list(a) != list(b):
                yield f"  {where} keys: ts {list(a)} | py {list(b)}"
            for key in a:
                if key in b:
                    yield from walk(a[key], b[key], f"{where}.{key}")
        elif a != b:
            yield f"  {where}:\n    ts {json.dumps(a)[:400]}\n    py {json.dumps(b)[:400]}"

    details = list(walk(ts, py, "")) or [f"  same values, different text:\n    ts {ts_text[:400]}\n    py {py_text[:400]}"]
    return "\n".join([head, *details])


def _assert_parity(build, cases):
    mismatches = _mismatches(cases, ts_engine.run_cases(build, cases))
    assert not mismatches, f"{len(mismatches)} of {len(cases)} cases differ:\n" + "\n".join(mismatches[:40])
    print(f"\n{len(cases)} {cases[0]['kind']} cases compared, 0 mismatches")


def _error_record(fixture):
    return {"ename": fixture["ename"], "evalue": fixture["evalue"], "traceback": fixture["traceback"]}


def test_diagnoses_of_every_labelled_traceback_are_identical(build):
    lab = corpus.lab_fixtures()
    texts = corpus.labelled_texts()
    real = corpus.real_failures()
    envs = [fixture["env"] for _, _, fixture in lab]
    cases = []
    for name, text, fixture in lab:
        # As the CLI reads a fixture file (its env beside the error), and without the env.
        cases.append({"id": name, "kind": "diagnose", "text": text, "env": fixture["env"]})
        cases.append({"id": f"{name} (no env)", "kind": "diagnose", "error": _error_record(fixture)})
    for i, (row_id, text, _) in enumerate(texts):
        cases.append({"id": row_id, "kind": "diagnose", "text": text})
        # Each row also under one lab env, so refinements by environment are compared too.
        cases.append({"id": f"{row_id} (+env {i % len(envs)})", "kind": "diagnose", "text": text,
                      "env": envs[i % len(envs)]})
    for case_id, output, _ in real:
        cases.append({"id": f"real:{case_id}", "kind": "diagnose", "error": output})
        cases.append({"id": f"real:{case_id} (json)", "kind": "diagnose", "text": json.dumps(output)})
    # The premise: every labelled set was read.
    assert len(lab) >= corpus.MIN_LAB and len(real) >= corpus.MIN_REAL_FAILURES
    assert len(texts) >= corpus.MIN_TRAIN + sum(corpus.MIN_HELDOUT.values())
    print(f"\n{len(lab)} lab fixtures, {len(texts)} training/held-out rows, {len(real)} real failures: "
          f"{len(cases)} diagnose cases")
    _assert_parity(build, cases)


_CELL_SOURCES = [
    "",
    'net = cv2.dnn.readNetFromDarknet("yolov4.cfg", "yolov4.weights")\nx = np.float(1)',
    "torch.onnx.export(model, x, 'm.onnx', opset_version=11)",
    "from onnx_tf.backend import prepare\nprepare(onnx.load('m.onnx'))",
    "m = onnx.helper.make_model(g)\nonnx.save(m, 'm.onnx')\nort.InferenceSession('m.onnx')",
    "c = tf.lite.TFLiteConverter.from_saved_model('saved_model')\nc.convert()",
    "model = keras.models.load_model('det.keras')\ntf.lite.TFLiteConverter.from_keras_model(model).convert()",
    "p = 'модель/😀 DARKNET net.cfg'  # astral, case\n" + "x" * (100 * 1024) + "\ntorch.onnx.export()",
]


def test_diagnoses_with_the_failing_cells_source_are_identical(build):
    """The recipes offered depend on the failing cell's source: each lab error with its case
    script's source and with each sample source, each labelled row with one of them."""
    cases = []
    for name, _, fixture in corpus.lab_fixtures():
        script = (LAB_CASES / f"{fixture['case']}.py").read_text(encoding="utf-8")
        for i, source in enumerate([script, *_CELL_SOURCES]):
            cases.append({"id": f"{name} + source {i}", "kind": "diagnose", "error": _error_record(fixture),
                          "source": source})
    for i, (row_id, text, _) in enumerate(corpus.labelled_texts()):
        cases.append({"id": f"{row_id} + source {i % len(_CELL_SOURCES)}", "kind": "diagnose", "text": text,
                      "source": _CELL_SOURCES[i % len(_CELL_SOURCES)]})
    _assert_parity(build, cases)


def test_each_lab_error_under_every_lab_env_is_diagnosed_identically(build):
    """Every lab fixture's error under every lab env: the env refinements and findings of each."""
    lab = corpus.lab_fixtures()
    cases = [
        {"id": f"{name} + env of {env_name}", "kind": "diagnose", "error": _error_record(fixture), "env": env["env"]}
        for name, _, fixture in lab
        for env_name, _, env in lab
    ]
    assert len(cases) >= corpus.MIN_LAB**2
    _assert_parity(build, cases)


def _env_variants(env):
    """A lab env and edits of it that exercise each condition kind's corners."""
    variants = [env]
    edited = copy.deepcopy(env)
    packages = edited["packages"]
    for name, state in list(packages.items())[:6]:
        if state.get("installed"):
            state["loaded"] = state["installed"] + "+local"  # same release, local tag
    packages["123"] = {"installed": "1.0", "loaded": "2.0"}  # JS orders index-like keys first
    packages["Zeta_Pkg.Name"] = {"installed": "2.0rc1", "loaded": "2.0"}
    variants.append(edited)
    for python in ("3.13.0rc1", "3.12", "1!3.11.0", "not a version", "3.10.12+local"):
        variant = copy.deepcopy(env)
        variant["python"]["version"] = python
        variants.append(variant)
    no_cuda = copy.deepcopy(env)
    no_cuda.pop("cuda", None)
    no_cuda.pop("host", None)
    variants.append(no_cuda)
    return variants


def test_rule_findings_and_report_validation_are_identical(build):
    lab = corpus.lab_fixtures()
    cases = []
    for name, _, fixture in lab:
        for i, env in enumerate(_env_variants(fixture["env"])):
            cases.append({"id": f"{name} variant {i}", "kind": "rules", "env": env})
        cases.append({"id": name, "kind": "env", "data": fixture["env"]})
        cases.append({"id": f"{name} partial", "kind": "env", "data": fixture["env"], "partial": True})
    env = lab[0][2]["env"]
    broken = [
        {"packages": {}},
        {**env, "schema_version": True},
        {**env, "schema_version": 2},
        {**env, "host": "mars"},
        {**env, "probe_ms": -1},
        {**env, "probe_failed": "Error:\n  boom\t here"},
        {**env, "packages": {"numpy": {"installed": 1}}},
        {**env, "packages": {"odd key é😀" + "x" * 50: {"installed": 1}}},
        {**env, "cuda": {**env["cuda"], "libraries": [1]}},
        {**env, "python": {**env["python"], "prefix": None}},
        {**env, "errors": "not a list"},
        ["not an object"],
    ]
    for i, data in enumerate(broken):
        cases.append({"id": f"broken report {i}", "kind": "env", "data": data})
        cases.append({"id": f"broken report {i} partial", "kind": "env", "data": data, "partial": True})
    # Execute replies as the kernel sends them (the probe's user expression).
    replies = [
        {"convert_doctor_env": {"status": "ok", "data": {"application/json": env, "text/plain": "<JSON>"}}},
        {"convert_doctor_env": {"status": "ok", "data": {"text/plain": "x" * 300 + "😀"}}},
        {"convert_doctor_env": {"status": "error", "ename": "NameError", "evalue": "  \u2028"}},
        {"convert_doctor_env": {"status": "aborted"}},
        {"convert_doctor_env": {"status": "ok", "data": {"application/json": {"probe_failed": "X:\n y"}}}},
        {"other": {}},
        None,
    ]
    cases += [{"id": f"probe reply {i}", "kind": "probe", "reply": reply} for i, reply in enumerate(replies)]
    assert len(lab) >= corpus.MIN_LAB
    _assert_parity(build, cases)


def test_version_matching_is_identical_on_every_rule_specifier(build, knowledge_specifiers):
    specifiers = knowledge_specifiers
    versions = ["2.16.0", "2.16", "2.15.1", "2.16.0rc1", "2.16.0.post1", "2.16.0.dev0", "2.16.0+cu121",
                "2", "1!2.16", "3.11.7", "3.12.0", "1.13.0", "1.26.4", "0.24.0", "4.10.0.84", "v2.17",
                " 2.18.1 ", "junk", "2.16.*", ""]
    assert len(specifiers) >= 50  # the premise: rules.json and signatures.json were read
    cases = [{"kind": "matches", "version": v, "specifier": s, "id": f"{v!r} {s}"} for s in specifiers for v in versions]
    cases += [{"kind": "matches", "version": "1.0", "specifier": bad, "id": bad}
              for bad in ("", ">=1,", "~=1", ">=1.0.*", "=>1", "==1.0.*+local", "<1.0+local", "===foo", "==1.0.dev0.*")]
    _assert_parity(build, cases)


def test_fix_cells_of_every_recipe_are_identical(build):
    from jupyterlab_convert_doctor.engine import shipped_knowledge

    recipes = [recipe["id"] for recipe in shipped_knowledge().recipes]
    sources = [path.read_text(encoding="utf-8") for path in sorted(LAB_CASES.glob("*.py"))]
    assert len(recipes) >= 4 and len(sources) >= corpus.MIN_LAB
    sources += [
        None,
        "",
        'convert("models/yolov4.cfg", "models/yolov4.weights")\nload("a.onnx"); load("b.ONNX")',
        "m = 'dir/my \"quoted\" model.onnx'\nx = \"C:\\\\models\\\\y.weights\"\ncfg = 'y.cfg'",
        "p = 'модель/😀 net.cfg'  # astral\nw = 'net.weights'\ns = 'saved_model_dir'\nt = 'out.tflite'",
        "p = '\u202eevil.onnx'\nq = 'line\u2028sep.weights'\nr = '" + "x" * 1100 + ".cfg'",
        "torch.load('ckpt.pth'); model = 'net.py:build'; sd = 'sd.safetensors'",
        "m = keras.saving.load_model('net.keras'); h = 'legacy/old.H5'; s = 'model.hdf5'",
        "'" + "😀" * 600 + ".onnx'",
    ]
    categories = [None, "darknet_cfg_unsupported", "unknown"]
    cases = [
        {"id": f"{recipe} / source {i} / {category}", "kind": "fixcell", "recipe": recipe, "source": source,
         "category": category}
        for recipe in recipes
        for i, source in enumerate(sources)
        for category in categories
    ]
    _assert_parity(build, cases)


def _edge_errors():
    """Inputs where JavaScript and Python strings differ, and bounded-window corners."""
    frame = '  File "/usr/lib/python3/site-packages/onnx/checker.py", line 163, in check_model\n    C.check_model(model)\n'
    big_frames = frame * (1024 * 1024 // len(frame))
    emoji_line = ("😀 é " * 200) + "RuntimeError: Unsupported ONNX opset 99 😀 " + ("x😀" * 300)
    return [
        {"ename": "ValueError", "evalue": "x", "traceback": [big_frames + "onnx.onnx_cpp2py_export.checker.ValidationError: "
                                                           "Nodes in a graph must be topologically sorted"]},
        {"ename": "RuntimeError", "evalue": "y" * (1024 * 1024), "traceback": ["z" * (1024 * 1024)]},
        {"ename": "RuntimeError", "evalue": emoji_line, "traceback": [emoji_line, "\x1b[0;31m" + emoji_line + "\x1b[0m"]},
        {"ename": " \ufeffModuleNotFoundError\xa0", "evalue": "No\u00a0module named\u2028'onnxscript'",
         "traceback": ["ModuleNotFoundError:\u3000No module named 'onnxscript'\r", "\u2028", "\ufeff"]},
        {"ename": "AttributeError", "evalue": 12.0, "traceback": [None, 1.5e-7, True, [1, None, [2]], {"a": 1},
                                                                  "AttributeError: module 'numpy' has no attribute 'float'"]},
        {"ename": "E", "evalue": "", "traceback": ["line\n" * 200 + "😀" * 30000]},
        {"ename": "", "evalue": "", "traceback": []},
    ]


def _edge_texts():
    tail = "Traceback (most recent call last):\n  File \"x.py\", line 1\nModuleNotFoundError: No module named 'tf_keras'\n"
    return [
        "x" * (8 * 1024 - 1) + "😀" + "y" * 100000 + tail,
        "😀" * 40000 + tail,
        "\ufeff  \n" + tail.replace("\n", "\r\n"),
        tail.replace("\n", "\r"),
        "KeyError\n",
        "a.b.SomeWarning\n" + "x" * 3000 + "Error: " + "y" * 10,
        json.dumps({"cell_type": "code", "outputs": [{"output_type": "stream", "text": "hi"},
                                                     {"output_type": "error", "ename": "ImportError",
                                                      "evalue": "cannot import name 'builder'", "traceback": [tail]}]}),
        json.dumps({"cell_type": "code", "outputs": [{"output_type": "stream", "text": "hi"}]}),
        json.dumps({"just": "an object"}),
        "{not json at all " + tail,
        "   \n\t ",
        "\u2028\u2029",
    ]


COLAB_FREEZES = Path(__file__).resolve().parents[2] / "src" / "core" / "__tests__" / "data" / "colab_freezes"

# Freeze lines for every branch of the reader: comments, continuations, options, editables, URL
# installs, markers, duplicates, specifiers, prototype-like names, JS whitespace, astral text.
_FREEZE_EDGES = [
    "\ufeffnumpy==2.0.2\r\ntorch @ https://x/torch-2.10.0%2Bcpu-cp312-cp312-linux_x86_64.whl?a=1#b",
    "a==1 \\\n  --hash=sha256:00\nb==2 # comment\n#c==3\nc==3#not-a-comment\n-r other.txt\n--index-url x",
    "-e git+https://x/y.git@abc#egg=My_Pkg-1.0\n-e .\n--editable=git+https://x#subdirectory=a&egg=b2",
    "pkg==1.0 ; python_version < '3.12'\npkg==2.0\nPKG==1.0\nother>=1,<2\nthird\n=== \nx===weird",
    "constructor==1.0\ntoString==2\nhasOwnProperty==3\n123==1\nzeta==1.0.*\nbad name==1",
    "w @ file:///tmp/w-1.0-py3-none-any.whl\nv @ https://x/v-1.0-py3-none-any.tar.gz\n"
    "u @ https://x/u-%zz-py3-none-any.whl\nt @ https://x/T_-1!2.0rc1-1-py3-none-any.WHL",
    "ok==1\n" + "\n".join(f"line{i}>={i}" for i in range(70)),
    "ok==1\nnot a requirement at all 😀 " + "é" * 90 + "\n\u2028x==1\nz==1\u00a0",
    "nothing pinned\n# at all",
    "binary\x00==1",
    "bad\ufffd==1",
    "",
]


def test_freeze_files_give_identical_reports_and_findings(build):
    """`env --freeze`: each Colab image's real pip freeze, with its Python version, another
    and none, and edge texts -- the same env report and the same findings on both sides."""
    freezes = sorted(COLAB_FREEZES.glob("*.pip-freeze.txt"))
    assert len(freezes) >= 5
    cases = []
    for path in freezes:
        text = path.read_text(encoding="utf-8")
        for python in ("3.12.12", "3.13.15", "3.11", None):
            cases.append({"id": f"{path.name} python {python}", "kind": "freeze", "text": text,
                          "python": python, "source": path.name})
    for i, text in enumerate(_FREEZE_EDGES):
        for python in (None, " 3.12 ", "3.12.x", "😀" * 50):
            cases.append({"id": f"edge {i} python {python!r}", "kind": "freeze", "text": text, "python": python})
    cases.append({"id": "too large", "kind": "freeze", "text": "a==1\n" * (MAX_FREEZE_LINES + 1)})
    _assert_parity(build, cases)
    # The premise: the real freezes gave findings, so the rules were compared, not only parsing.
    results = [json.loads(py_engine.run_case(c)) for c in cases[:len(freezes) * 4]]
    assert all(len(r["ok"]["env"]["packages"]) > 500 and r["ok"]["findings"] for r in results)


MAX_FREEZE_LINES = 2 * 1024 * 1024 // 5


def _knowledge_variants():
    """The shipped knowledge, and broken alias groups (packages.json "aliases") it must refuse."""
    data = {name: json.loads((KNOWLEDGE / f"{name}.json").read_text()) for name in ("rules", "signatures", "packages", "recipes")}

    def with_names(document, key, names):
        """`document` with the first condition naming an alias group given `names` instead."""
        broken = copy.deepcopy(document)
        items = broken[key]
        for item in items:
            conds = item["when"] if key == "rules" else [c for r in item.get("refine", []) for c in r["when"].get("env", [])]
            for cond in conds:
                if any(n.startswith("@") for n in cond.get("package", [])):
                    cond["package"] = names
                    return broken
        raise AssertionError(f"no alias group in {key}")

    def with_aliases(aliases):
        return {**data, "packages": {**data["packages"], "aliases": aliases}}

    return [
        ("shipped", data, None),
        ("unknown group in a rule", {**data, "rules": with_names(data["rules"], "rules", ["@tensorflw"])},
         'unknown alias group "@tensorflw" (packages.json "aliases" defines @tensorflow'),
        ("unknown group in a signature",
         {**data, "signatures": with_names(data["signatures"], "signatures", ["tf-nightly", "@tf"])},
         'signatures.json: signature "'),
        ("group not first in its list", with_aliases({"tensorflow": ["tensorflow-cpu", "tensorflow"]}),
         'packages.json: aliases "tensorflow" must list "tensorflow" first'),
        ("unwatched member", with_aliases({"tensorflow": ["tensorflow", "tf-nightly"]}),
         'packages.json: aliases "tensorflow" lists "tf-nightly", not in "packages"'),
    ]


def test_alias_groups_expand_and_are_checked_identically(build):
    """"@tensorflow" in a condition stands for its group; a group that does not exist, or is not
    a list of watched distributions led by its name, is refused with the same message."""
    variants = _knowledge_variants()
    cases = [{"kind": "knowledge", "id": name, "data": data} for name, data, _ in variants]
    _assert_parity(build, cases)
    for (name, _, message), case in zip(variants, cases):
        result = json.loads(py_engine.run_case(case))
        if message is None:
            assert '"@' not in json.dumps(result["ok"]), name
            assert json.dumps(result["ok"]).count('"tensorflow-macos"') >= 40, name
        else:
            assert message in result.get("error", ""), (name, result)


def test_edge_inputs_give_identical_results(build):
    cases = [{"id": f"edge error {i}", "kind": "diagnose", "error": error} for i, error in enumerate(_edge_errors())]
    cases += [{"id": f"edge text {i}", "kind": "diagnose", "text": text} for i, text in enumerate(_edge_texts())]
    _assert_parity(build, cases)


def test_every_signature_regex_matches_where_javascript_matches(build):
    """Each pattern, require/exclude/refine regex of signatures.json, compiled as the classifier
    compiles it, on the lines that decided the labelled diagnoses and variants of them with the
    characters JavaScript and Python classes disagree on."""
    from jupyterlab_convert_doctor.engine import shipped_knowledge

    regexes = set()
    for compiled in shipped_knowledge().signatures:
        signature = compiled.signature
        regexes.update(p["regex"] for p in signature["patterns"])
        context = signature.get("context") or {}
        regexes.update(context.get("require", []) + context.get("exclude", []))
        for refinement in signature.get("refine") or []:
            regexes.update(refinement["when"].get("text", []) + refinement["when"].get("not_text", []))
    lines = [text for _, text, _ in corpus.labelled_texts()]
    texts = []
    for text in lines:
        text = text[-3000:]
        texts += [text, text.replace(" ", "\xa0"), text.replace(" ", "\u2028"), text.replace("\n", "\u2029"),
                  text.upper(), text.replace(" ", " 😀 ")]
    assert len(regexes) >= 200 and len(texts) >= 1000
    cases = [{"id": regex, "kind": "regex", "source": regex, "texts": texts} for regex in sorted(regexes)]
    _assert_parity(build, cases)


def _run_cli(argv, stdin=None, cwd=None):
    import subprocess

    done = subprocess.run(argv, input=stdin, capture_output=True, timeout=120, cwd=cwd)
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


@pytest.fixture(scope="module")
def cli_build():
    with ts_engine.node_build(cli=True) as out:
        yield out


def test_python_cli_prints_what_the_node_cli_prints(cli_build, tmp_path):
    """`python -m jupyterlab_convert_doctor` against the built `convert-doctor` bin: the same
    stdout (text and --json) and exit codes, on good input and on each kind of bad input."""
    node = [ts_engine.NODE, str(ts_engine.cli_path(cli_build))]
    python = [sys.executable, "-m", "jupyterlab_convert_doctor"]
    lab = corpus.lab_fixtures()
    texts = corpus.labelled_texts()
    env_file = tmp_path / "env.json"
    env_file.write_text(json.dumps(lab[3][2]["env"]), encoding="utf-8")
    runs = []  # (argv tail, stdin, compare stderr exactly)
    for name, _, _ in lab:
        runs.append((["diagnose", "--json", str(corpus.LAB_DIR / name)], None, True))
    for name, _, _ in lab[:4]:
        runs.append((["diagnose", str(corpus.LAB_DIR / name)], None, True))
    for i, (_, text, _) in enumerate(texts[:: len(texts) // 6]):
        path = tmp_path / f"tb{i}.txt"
        path.write_text(text, encoding="utf-8")
        runs.append((["diagnose", str(path)], None, True))
        runs.append((["diagnose", "--env", str(env_file), "--json", str(path)], None, True))
    runs.append((["diagnose", "-"], texts[0][1].encode("utf-8"), True))
    runs.append((["diagnose", "--json", "-"], b"\xff\xfe broken utf-8 \xc3(\nValueError: bad\n", True))
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json", encoding="utf-8")
    no_packages = tmp_path / "nopackages.json"
    no_packages.write_text('{"python": {}}', encoding="utf-8")
    bad_field = tmp_path / "badfield.json"
    bad_field.write_text('{"packages": {"numpy": {"installed": 2}}}', encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n", encoding="utf-8")
    no_error = tmp_path / "cell.json"
    no_error.write_text('{"outputs": [{"output_type": "stream"}]}', encoding="utf-8")
    tb = tmp_path / "tb0.txt"
    runs += [
        (["diagnose", str(tmp_path / "missing.txt")], None, True),
        (["diagnose", "--env", str(bad_json), str(tb)], None, False),  # V8's and Python's JSON messages differ
        (["diagnose", "--env", str(no_packages), str(tb)], None, True),
        (["diagnose", "--env", str(bad_field), str(tb)], None, True),
        (["diagnose", "--env", str(tmp_path / "missing.json"), str(tb)], None, True),
        (["diagnose", str(empty)], None, True),
        (["diagnose", str(no_error)], None, True),
        # Usage errors: commander's and argparse's wording differ, the exit codes may not.
        (["diagnose"], None, False),
        (["diagnose", "--bogus", str(tb)], None, False),
        (["frobnicate"], None, False),
    ]
    # Each run is two short-lived processes; two at a time keep both cores busy.
    with ThreadPoolExecutor(max_workers=2) as pool:
        node_results = pool.map(lambda run: _run_cli(node + run[0], run[1]), runs)
        python_results = pool.map(lambda run: _run_cli(python + run[0], run[1]), runs)
        results = list(zip(node_results, python_results))
    failures = []
    for (tail, stdin, exact_stderr), ((n_code, n_out, n_err), (p_code, p_out, p_err)) in zip(runs, results):
        same_stdout = n_out == p_out
        same_stderr = n_err == p_err if exact_stderr else n_err.startswith("convert-doctor:") == p_err.startswith("convert-doctor:")
        if n_code != p_code or not same_stdout or not same_stderr:
            failures.append(f"{tail}: exit node {n_code} python {p_code}\n  node out {n_out[:300]!r}\n  py   out {p_out[:300]!r}"
                            f"\n  node err {n_err[:300]!r}\n  py   err {p_err[:300]!r}")
    assert sum(1 for tail, _, _ in runs if tail[:1] == ["diagnose"]) >= len(lab) + 10
    assert not failures, "\n".join(failures)


_NOISE = ["😀", "\xa0", "\u2028", "\u2029", "\ufeff", "\u3000", "\r", "\r\n", "\x1b[1;31m", "\x1b[0m", "\t", "é", "\x85",
          "\x1c", "K", "\u212a", "\u017f", "\ud83d", " " * 3, "\n" * 3, "…"]


def _mangle(rng, text):
    """`text` with the characters JavaScript and Python treat differently put in at random."""
    chars = list(text[-6000:])
    for _ in range(rng.randint(1, 40)):
        position = rng.randrange(len(chars) + 1)
        action = rng.random()
        if action < 0.6:
            chars.insert(position, rng.choice(_NOISE))
        elif action < 0.8 and chars:
            chars[position - 1] = chars[position - 1].swapcase()
        elif chars:
            del chars[position - 1]
    if rng.random() < 0.2:
        chars = ["😀x" * rng.randint(100, 500)] + chars  # long lines cut in UTF-16 units
    return "".join(chars)


def test_randomly_mangled_tracebacks_give_identical_results(build):
    """The labelled texts with emoji, JS-only spaces, line terminators, ANSI codes, case flips
    and lone surrogates put in at random (seeded), as text and as error records."""
    import random

    rng = random.Random(20261202)
    texts = [text for _, text, _ in corpus.labelled_texts()]
    envs = [fixture["env"] for _, _, fixture in corpus.lab_fixtures()]
    cases = []
    for i in range(600):
        mangled = _mangle(rng, rng.choice(texts))
        env = rng.choice(envs) if i % 3 == 0 else None
        if i % 2:
            cases.append({"id": f"mangled text {i}", "kind": "diagnose", "text": mangled, "env": env})
        else:
            lines = mangled.split("\n")
            cases.append({"id": f"mangled record {i}", "kind": "diagnose", "env": env,
                          "error": {"ename": rng.choice(["", "ValueError", lines[-1][:60]]),
                                    "evalue": rng.choice(["", lines[0][:200]]), "traceback": lines}})
    _assert_parity(build, cases)
