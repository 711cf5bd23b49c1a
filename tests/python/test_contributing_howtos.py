"""CONTRIBUTING.md's "How to add …" recipes, followed as written (issue 11 item 6): each example
entry is appended where its `add-to=FILE:KEY` block says, in a copy of the package; the edited
document must pass its JSON schema, the knowledge must load, and the how-to's own check command
(run in the copy) must show the new entry taking effect, which it does not before. Commands that
build or need the network (jlpm, lock and venv scripts) are not run here: the files, scripts and
jlpm scripts they name must exist."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "jupyterlab_convert_doctor"
HOWTO_SECTION = re.compile(r"^## How to add …\n(.*?)(?=^## )", re.S | re.M)
BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.S | re.M)
# The how-to's checks that read only the knowledge copy (the rest are named, not run).
RUNNABLE = ("python -c ", "python -m jupyterlab_convert_doctor ")


def howtos():
    """{heading: [(language, attributes, body)]} of CONTRIBUTING.md's How-to section."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = HOWTO_SECTION.search(text)
    assert section, "CONTRIBUTING.md has no '## How to add …' section"
    parts = re.split(r"^### (.+)\n", section.group(1), flags=re.M)[1:]
    found = {}
    for heading, body in zip(parts[::2], parts[1::2]):
        found[heading.split(" (")[0]] = [
            (lang, dict(a.split("=", 1) for a in attrs.split()), code) for lang, attrs, code in BLOCK.findall(body)]
    return found


HOWTOS = howtos()


def blocks(howto, lang=None, attr=None):
    return [(attrs, code) for l, attrs, code in HOWTOS[howto] if (lang in (None, l)) and (attr in (None, *attrs))]


def container(document, key):
    """The list `key` names: "rules", or "recipes[onnx-restamp].lanes" (an id selects an item)."""
    node = document
    for part in key.split("."):
        name, _, selector = part.partition("[")
        node = node[name]
        if selector:
            node = next(item for item in node if item["id"] == selector.rstrip("]"))
    return node


def schema_of(root, file):
    return json.loads((root / PACKAGE / "knowledge" / "schema" / (Path(file).stem + ".schema.json")).read_text())


def apply(root, howto):
    """Appends the how-to's add-to entries in the copy `root`; returns [(file, the entry)]."""
    added = []
    for attrs, code in blocks(howto, "json", "add-to"):
        file, _, key = attrs["add-to"].partition(":")
        path = root / file
        document = json.loads(path.read_text(encoding="utf-8"))
        entry = json.loads(code)
        container(document, key).append(entry)
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
        added.append((file, entry))
    assert added, f"{howto}: no add-to block"
    return added


def run_checks(root, howto):
    """Writes the how-to's file= inputs into `root` and runs its knowledge-only commands there."""
    for attrs, code in blocks(howto, attr="file"):
        (root / attrs["file"]).write_text(code, encoding="utf-8")
    outputs = []
    env = {**os.environ, "PYTHONPATH": str(root), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for _, code in blocks(howto, "bash"):
        for line in code.splitlines():
            if line.startswith(RUNNABLE):
                run = subprocess.run(line, shell=True, cwd=root, env=env, capture_output=True, text=True, timeout=120)
                assert run.returncode == 0, (line, run.stderr)
                outputs.append(run.stdout)
    return "\n".join(outputs)


@pytest.fixture
def copy(tmp_path):
    """A copy of the package (its knowledge, schemas and engine), where the checks run."""
    shutil.copytree(REPO / PACKAGE, tmp_path / PACKAGE, ignore=shutil.ignore_patterns("labextension", "__pycache__"))
    return tmp_path


def test_every_kind_has_a_howto_and_what_it_names_exists():
    assert set(HOWTOS) == {"A rule", "A signature", "A taxonomy category", "A recipe lane"}
    scripts = json.loads((REPO / "package.json").read_text())["scripts"]
    section = HOWTO_SECTION.search((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")).group(1)
    named = set(re.findall(r"(?:jupyterlab_convert_doctor|knowledge|scripts|src|tests)/[\w./-]+\w", section))
    assert len(named) >= 10
    for path in named:
        assert (REPO / PACKAGE / path if path.startswith("knowledge/") else REPO / path).exists(), path
    commands = re.findall(r"jlpm ([\w:]+)", section)
    assert commands and all(c in scripts or c == "jest" for c in commands), commands


def test_the_rule_howto_adds_a_rule_that_fires(copy):
    before = run_checks(copy, "A rule")
    [(file, rule)] = apply(copy, "A rule")
    jsonschema.Draft202012Validator(schema_of(copy, file)).validate(json.loads((copy / file).read_text()))
    after = run_checks(copy, "A rule")
    assert rule["id"] not in before and rule["id"] in after


def test_the_signature_howto_adds_a_signature_the_classifier_uses(copy):
    before = run_checks(copy, "A signature")
    [(file, signature)] = apply(copy, "A signature")
    jsonschema.Draft202012Validator(schema_of(copy, file)).validate(json.loads((copy / file).read_text()))
    after = run_checks(copy, "A signature")
    assert signature["category"] not in before and signature["title"] not in before
    assert signature["category"] in after and signature["title"] in after


def test_the_category_howto_makes_a_new_category_usable_by_a_signature(copy):
    [(file, category)] = apply(copy, "A taxonomy category")
    jsonschema.Draft202012Validator(schema_of(copy, file)).validate(json.loads((copy / file).read_text()))
    # "add the same id to every category enum in rules.schema.json and signatures.schema.json"
    edited = 0
    for name in ("rules", "signatures"):
        path = copy / PACKAGE / "knowledge" / "schema" / f"{name}.schema.json"
        text = path.read_text(encoding="utf-8")
        text, count = re.subn(r'("enum": \[\s*)("tensorflow_addons_broken")', rf'\1"{category["id"]}", \2', text)
        path.write_text(text, encoding="utf-8")
        edited += count
    assert edited >= 2
    # Then use it in a signature, as the signature how-to says: accepted, and diagnosed.
    signature = {**json.loads(blocks("A signature", "json", "add-to")[0][1]), "category": category["id"]}
    signatures = json.loads((copy / PACKAGE / "knowledge" / "signatures.json").read_text())
    signatures["signatures"].append(signature)
    (copy / PACKAGE / "knowledge" / "signatures.json").write_text(json.dumps(signatures), encoding="utf-8")
    jsonschema.Draft202012Validator(schema_of(copy, "signatures.json")).validate(signatures)
    with pytest.raises(jsonschema.ValidationError):  # the shipped schema does not know the id
        jsonschema.Draft202012Validator(schema_of(REPO, "signatures.json")).validate(signatures)
    assert category["id"] in run_checks(copy, "A signature")


def test_the_lane_howto_adds_a_lane_to_the_test_matrix(copy):
    [(file, lane)] = apply(copy, "A recipe lane")
    document = json.loads((copy / file).read_text())
    jsonschema.Draft202012Validator(schema_of(copy, file)).validate(document)
    probe = ("import json; from jupyterlab_convert_doctor.recipes.catalog import lane_matrix, lane_for_python, "
             "get_recipe; print(json.dumps([lane_matrix('onnx-restamp'), lane_for_python(get_recipe('onnx-restamp'), "
             "'3.12.1')['id']]))")
    run = subprocess.run([sys.executable, "-c", probe], cwd=copy, env={**os.environ, "PYTHONPATH": str(copy)},
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    matrix, chosen = json.loads(run.stdout)
    assert [["onnx-restamp", lane["id"], v] for v in lane["tested_on"]] == [m for m in matrix if m[1] == lane["id"]]
    assert chosen in ("py311plus", lane["id"])  # the ranking decides; the lane is a candidate
    # The setup script's selection syntax accepts the new lane as the how-to runs it.
    setup = [shlex.split(line) for _, code in blocks("A recipe lane", "bash") for line in code.splitlines()
             if "setup-recipe-venvs.py" in line]
    assert setup and setup[0][2] == f"onnx-restamp:{lane['id']}"
