"""The committed failure-lab fixtures stay consistent with the lab's case files (no venv needed)."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_failure_lab_fixtures_match_their_cases():
    run = subprocess.run([sys.executable, "lab/run_lab.py", "--check"], cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 problems" in run.stdout
