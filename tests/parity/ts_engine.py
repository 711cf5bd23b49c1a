"""The TypeScript core under Node, for the parity test and the engine bench: builds the Node core
(with tsconfig.node.json's settings, as the package's bin ships it) into a private folder of
.cache/ (inside the repository so Node finds node_modules) and runs tests/parity/ts_engine.js on
cases. The core alone by default, so the core's parity does not wait on the CLI compiling."""

import json
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "parity" / "ts_engine.js"
TSC = ROOT / "node_modules" / "typescript" / "bin" / "tsc"
NODE = shutil.which("node") or "node"


@contextmanager
def node_build(cli=False):
    """A fresh Node build of src/core (with `cli`, of src/cli too, exactly tsconfig.node.json);
    yields its folder, removes it after."""
    cache = ROOT / ".cache"
    cache.mkdir(exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix="engine-parity-", dir=cache))
    try:
        if cli:
            project = ROOT / "tsconfig.node.json"
        else:
            project = out / "tsconfig.core.json"
            up = os.path.relpath(ROOT, out)
            project.write_text(json.dumps({
                "extends": f"{up}/tsconfig.node.json",
                "compilerOptions": {"outDir": ".", "rootDir": up},
                "include": [f"{up}/src/core/**/*", f"{up}/jupyterlab_convert_doctor/knowledge/**/*.json"],
                "exclude": [f"{up}/src/**/__tests__/**/*", f"{up}/src/**/*.spec.ts"],
            }))
        done = subprocess.run(
            [NODE, str(TSC), "-p", str(project), "--outDir", str(out)],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
        )
        if done.returncode != 0:
            raise RuntimeError(f"tsc failed:\n{done.stdout}\n{done.stderr}")
        yield out
    finally:
        shutil.rmtree(out, ignore_errors=True)


def run_cases(build, cases, rounds=None):
    """Each case's result as the JSON text Node wrote, or with `rounds` the ms timings per case."""
    request = {"build": str(build), "cases": cases}
    if rounds:
        request["rounds"] = rounds
    done = subprocess.run(
        [NODE, "--stack-size=4000", str(SCRIPT)], input=json.dumps(request), capture_output=True,
        text=True, encoding="utf-8", timeout=1800, env={**os.environ, "NODE_OPTIONS": ""},
    )
    if done.returncode != 0:
        raise RuntimeError(f"ts_engine.js failed ({done.returncode}):\n{done.stderr[-4000:]}")
    reply = json.loads(done.stdout)
    return reply["timings"] if rounds else reply["results"]


def cli_path(build):
    return build / "src" / "cli" / "main.js"
