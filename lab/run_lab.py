"""The failure lab: really runs failing conversions in real venvs and writes the fixtures.

    python lab/run_lab.py --list                 # the cases, their venvs and categories
    python lab/run_lab.py                        # build missing venvs, write missing fixtures
    python lab/run_lab.py --only CASE [--only CASE ...]
    python lab/run_lab.py --force                # rewrite every selected fixture from scratch
    python lab/run_lab.py --rebuild              # also rebuild the selected cases' venvs
    python lab/run_lab.py --check                # validate the committed fixtures (no venv needed)

Each case is one file in lab/cases/ whose `CASE = {...}` literal names its venv, the expected
taxonomy category (the real root cause, jupyterlab_convert_doctor/knowledge/taxonomy.json), what it shows and `expect`,
a text the real error must contain (so that an unrelated failure never becomes a fixture); the rest
of the file is the failing code, run by lab/harness.py inside the venv. Optional `prepare`
steps (scripts in lab/prepare/, each with its own venv) build input files first, e.g. a model
written by a newer onnx for an older onnxruntime. A case whose code does not raise is an error,
never a fixture.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import venvs

LAB = Path(__file__).resolve().parent
REPO = LAB.parent
# The published Darknet cfgs the cases and prepare steps copy (inherited by every lab subprocess).
os.environ.setdefault("LAB_DARKNET_CFG_DIR", str(REPO / "jupyterlab_convert_doctor" / "darknet" / "cfgs"))
CASES_DIR = LAB / "cases"
PREPARE_DIR = LAB / "prepare"
WORK_ROOT = REPO / ".cache" / "lab-work"
FIXTURES = REPO / "tests" / "fixtures" / "failure-lab"
PROBE = REPO / "jupyterlab_convert_doctor" / "env_probe.py"
WATCH_LIST = REPO / "jupyterlab_convert_doctor" / "knowledge" / "packages.json"
CASE_TIMEOUT_S = 1200
STDERR_KEEP = 60  # last lines of the case's stderr kept in the fixture (warnings printed beside the error)


def load_case(path: Path) -> dict:
    """Read the CASE literal without importing the file (its imports need the lab venv)."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "CASE" for t in node.targets
        ):
            case = ast.literal_eval(node.value)
            break
    else:
        sys.exit(f"lab: {path} has no CASE = {{...}} literal")
    missing = {"venv", "expected_category", "fitting_recipe", "description"} - case.keys()
    if missing:
        sys.exit(f"lab: {path} CASE lacks {sorted(missing)}")
    for venv_name in [case["venv"], *(v for v, _ in case.get("prepare", []))]:
        if venv_name not in venvs.VENVS:
            sys.exit(f"lab: {path} names unknown venv {venv_name!r}")
    case["id"] = path.stem
    case["path"] = path
    return case


def all_cases() -> dict[str, dict]:
    return {p.stem: load_case(p) for p in sorted(CASES_DIR.glob("*.py")) if not p.stem.startswith("_")}


_rebuilt: set[str] = set()  # venvs already rebuilt in this run (--rebuild builds each once)


def _venv(name: str, rebuild: bool) -> Path:
    force = rebuild and name not in _rebuilt
    _rebuilt.add(name)
    return venvs.ensure(venvs.VENVS[name], force=force)


def run_case(case: dict, rebuild: bool) -> dict:
    spec = venvs.VENVS[case["venv"]]
    work = WORK_ROOT / case["id"]
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    for venv_name, script in case.get("prepare", []):
        prep_python = _venv(venv_name, rebuild)
        subprocess.run([str(prep_python), str(PREPARE_DIR / script), str(work)], cwd=work, check=True)
    python = _venv(spec.name, rebuild)
    out_json = work / "_harness.json"
    command = [str(python), str(LAB / "harness.py"), str(case["path"]), str(work), str(out_json),
               str(PROBE), str(WATCH_LIST)]
    proc = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=CASE_TIMEOUT_S)
    if proc.returncode != 0 or not out_json.exists():
        raise RuntimeError(f"harness crashed (rc {proc.returncode}):\n{proc.stderr[-4000:]}")
    result = json.loads(out_json.read_text())
    if not result["raised"]:
        raise RuntimeError("the case's code did not raise: no real failure, no fixture")
    # Guard against an unrelated failure (a typo, a missing input file) posing as the case.
    seen = "\n".join([result["ename"], result["evalue"], *result["traceback"]])
    if case.get("expect") and case["expect"] not in seen:
        raise RuntimeError(f"failed, but not as the case expects ({case['expect']!r} not in the error): "
                           f"{result['ename']}: {result['evalue'][:300]}")
    rel = case["path"].relative_to(REPO)
    return {
        "case": case["id"],
        "expected_category": case["expected_category"],
        "fitting_recipe": case["fitting_recipe"],
        "description": case["description"],
        # Chosen as held out before the case first ran: signatures are never tuned on its text.
        # True is the first lab held-out set (`lab-heldout`); a string names a later one.
        **({"heldout": case["heldout"]} if case.get("heldout") else {}),
        "command": f"{spec.path.relative_to(REPO)}/bin/python {rel}",
        "source": rel.as_posix(),
        "venv": spec.name,
        "requirements": venvs.freeze(spec),
        "python": result["python"],
        "ename": result["ename"],
        "evalue": result["evalue"],
        "traceback": result["traceback"],
        "stderr": proc.stderr.splitlines()[-STDERR_KEEP:],
        "env": result["env"],
        "env_error": result["env_error"],
    }


FIXTURE_FIELDS = ("case", "expected_category", "fitting_recipe", "description", "command", "requirements",
                  "ename", "evalue", "traceback", "env", "python")
TAXONOMY = REPO / "jupyterlab_convert_doctor" / "knowledge" / "taxonomy.json"
RECIPES = REPO / "jupyterlab_convert_doctor" / "knowledge" / "recipes.json"


def _taxonomy_ids() -> set[str]:
    """The category ids of the project's taxonomy (knowledge/taxonomy.json)."""
    return {category["id"] for category in json.loads(TAXONOMY.read_text())["categories"]}


def check_fixtures(cases: dict[str, dict]) -> list[str]:
    """Problems with the committed fixtures: fields, categories, case files, expected text."""
    problems = []
    ids = _taxonomy_ids()
    recipe_ids = {recipe["id"] for recipe in json.loads(RECIPES.read_text())["recipes"]}
    for path in sorted(FIXTURES.glob("*.json")):
        fx = json.loads(path.read_text())
        missing = [f for f in FIXTURE_FIELDS if f not in fx]
        if missing:
            problems.append(f"{path.name}: missing {missing}")
            continue
        case = cases.get(fx["case"])
        if case is None or path.stem != fx["case"]:
            problems.append(f"{path.name}: no case file lab/cases/{fx['case']}.py")
            continue
        if fx["expected_category"] != case["expected_category"] or fx["expected_category"] not in ids:
            problems.append(f"{path.name}: category {fx['expected_category']!r} is not the case's or not a taxonomy id")
        # The recipe that fits the case (null: none does), judged from the case, not the code's answer.
        if fx["fitting_recipe"] != case["fitting_recipe"] or fx["fitting_recipe"] not in recipe_ids | {None}:
            problems.append(f"{path.name}: fitting_recipe {fx['fitting_recipe']!r} is not the case's or not a recipe id")
        if not fx["traceback"] or not fx["ename"]:
            problems.append(f"{path.name}: empty traceback")
        text = "\n".join([fx["ename"], fx["evalue"], *fx["traceback"]])
        if case.get("expect") and case["expect"] not in text:
            problems.append(f"{path.name}: {case['expect']!r} not in the recorded error")
        if fx["env"] is None:
            problems.append(f"{path.name}: no env report ({fx.get('env_error')})")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--only", action="append", metavar="CASE", help="run only this case (repeatable)")
    parser.add_argument("--force", action="store_true", help="rewrite fixtures that already exist")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the venvs the selected cases use")
    parser.add_argument("--check", action="store_true", help="validate the committed fixtures and exit")
    args = parser.parse_args()

    cases = all_cases()
    if args.check:
        problems = check_fixtures(cases)
        for problem in problems:
            print(f"lab: {problem}", file=sys.stderr)
        count = len(list(FIXTURES.glob("*.json")))
        categories = sorted({json.loads(p.read_text())["expected_category"] for p in FIXTURES.glob("*.json")})
        print(f"lab: {count} fixtures, {len(categories)} categories, {len(problems)} problems")
        return 1 if problems else 0
    if args.list:
        for case in cases.values():
            print(f"{case['id']:40} {case['venv']:24} {case['expected_category']}")
        return 0
    unknown = sorted(set(args.only or []) - cases.keys())
    if unknown:
        print(f"lab: unknown case(s) {unknown}; see --list", file=sys.stderr)
        return 2
    selected = [cases[c] for c in (args.only or cases)]
    FIXTURES.mkdir(parents=True, exist_ok=True)
    failed = []
    started = time.monotonic()
    for case in selected:
        target = FIXTURES / f"{case['id']}.json"
        if target.exists() and not (args.force or args.rebuild):
            print(f"lab: {case['id']}: fixture exists (use --force to rewrite)")
            continue
        t0 = time.monotonic()
        try:
            fixture = run_case(case, args.rebuild)
        except Exception as error:
            failed.append(case["id"])
            print(f"lab: {case['id']}: FAILED: {error}", file=sys.stderr)
            continue
        target.write_text(json.dumps(fixture, indent=2, ensure_ascii=False) + "\n")
        print(f"lab: {case['id']}: {fixture['ename']}: {fixture['evalue'][:100]!r} "
              f"({time.monotonic() - t0:.1f}s)")
    print(f"lab: {len(selected) - len(failed)}/{len(selected)} cases in {time.monotonic() - started:.0f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
