"""The labelled tracebacks and environment reports both engines are compared on: the failure
lab's fixtures (with their real env reports), the training set, the held-out sets, and errors
really raised in this Python (tests/fixtures/real_failures.py). Each loader asserts its
premise: at least the rows counted when this was written, so a moved file fails loudly."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAB_DIR = ROOT / "tests" / "fixtures" / "failure-lab"
TRAIN = ROOT / "tests" / "fixtures" / "tracebacks" / "train.jsonl"
HELDOUT_DIR = ROOT / "src" / "core" / "__tests__" / "data"
REAL_FAILURES = ROOT / "tests" / "fixtures" / "real_failures.py"

MIN_LAB = 28
MIN_TRAIN = 36
MIN_HELDOUT = {"heldout.jsonl": 35, "heldout2.jsonl": 23, "heldout3.jsonl": 64, "heldout4.jsonl": 21,
               "heldout5.jsonl": 21}
MIN_REAL_FAILURES = 8


def _jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def lab_fixtures():
    """[(file name, file text, fixture)] sorted by name."""
    files = sorted(LAB_DIR.glob("*.json"))
    assert len(files) >= MIN_LAB, f"{len(files)} failure-lab fixtures in {LAB_DIR}, expected >= {MIN_LAB}"
    out = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        fixture = json.loads(text)
        assert fixture.get("env"), f"{path.name} has no env report"
        out.append((path.name, text, fixture))
    return out


def labelled_texts():
    """[(id, error text, label)] of the training and held-out sets."""
    rows = _jsonl(TRAIN)
    assert len(rows) >= MIN_TRAIN, f"{len(rows)} rows in {TRAIN}, expected >= {MIN_TRAIN}"
    out = [(f"train:{row.get('id', i)}", row["error_text"], row["label"]) for i, row in enumerate(rows)]
    for name, minimum in MIN_HELDOUT.items():
        rows = _jsonl(HELDOUT_DIR / name)
        assert len(rows) >= minimum, f"{len(rows)} rows in {name}, expected >= {minimum}"
        out += [(f"{name}:{row.get('id', i)}", row["error_text"], row["label"]) for i, row in enumerate(rows)]
    return out


def real_failures(python=sys.executable):
    """[(case, Jupyter error output, expected category)] of errors really raised by `python`."""
    done = subprocess.run([python, str(REAL_FAILURES)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert len(rows) >= MIN_REAL_FAILURES and not any(r.get("did_not_fail") for r in rows), rows
    return [
        (row["case"], {"output_type": "error", "ename": row["ename"], "evalue": row["evalue"],
                       "traceback": row["traceback"]}, row["expected"])
        for row in rows
    ]
