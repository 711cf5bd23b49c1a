"""In CI, a focused test (`.only`) fails the jest tiers instead of quietly skipping the rest of its
file (the Playwright tier checks its own `forbidOnly` in ui-tests/tests/jupyterlab/suiteConfig.spec.ts)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(not (REPO / "node_modules").is_dir() or NODE is None,
                                reason="needs the npm packages (scripts/setup.sh installs them)")


def run_jest(folder: Path, ci: bool):
    config = {"rootDir": str(folder), "testEnvironment": "node", "testRegex": r"focused\.spec\.js$",
              "setupFilesAfterEnv": [str(REPO / "tests" / "jest" / "forbidOnly.js")], "transform": {}}
    env = {**os.environ, "CI": "true" if ci else ""}
    return subprocess.run([NODE, str(REPO / "node_modules" / "jest" / "bin" / "jest.js"),
                           "--config", json.dumps(config)], capture_output=True, text=True, env=env,
                          cwd=folder, timeout=120)


def test_jest_refuses_it_only_in_ci(tmp_path):
    (tmp_path / "focused.spec.js").write_text(
        "it.only('focused', () => expect(1).toBe(1));\nit('other', () => expect(2).toBe(2));\n")
    assert run_jest(tmp_path, ci=False).returncode == 0
    done = run_jest(tmp_path, ci=True)
    assert done.returncode != 0
    assert "a focused test (.only, fit, fdescribe) is not allowed in CI" in done.stderr

