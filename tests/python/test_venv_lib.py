"""scripts/venv-lib.sh, the one venv builder of the setup-*.sh scripts: a venv whose stamp (or
ready check) holds is left alone, in well under a second; a changed stamp rebuilds it; a
missing interpreter is named with the hint. Real venvs, built with this interpreter."""

import subprocess
import sys
import time
from pathlib import Path

LIB = Path(__file__).resolve().parents[2] / "scripts" / "venv-lib.sh"


def ensure(venv: Path, want: str, check: str = "", python: str = sys.executable, hint: str = ""):
    # POPULATE counts its runs in a file next to the venv: the only sign of a (re)build.
    script = f"""
set -euo pipefail
source {LIB}
populate() {{ echo run >>{venv}.populated; mkdir -p {venv}.checkout; venv_put_checkout_on_path {venv}.checkout; }}
{f'VENV_INTERPRETER_HINT="{hint}"' if hint else ''}
ensure_venv test "{venv}" "{python}" "{want}" populate '{check}'
echo "$VENV_PYTHON"
"""
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True)


def builds(venv: Path) -> int:
    marker = Path(f"{venv}.populated")
    return len(marker.read_text().splitlines()) if marker.exists() else 0


def test_a_stamped_venv_is_built_once_and_rebuilt_when_the_stamp_changes(tmp_path):
    venv = tmp_path / "v"
    first = ensure(venv, "v1 a")
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1] == f"{venv}/bin/python"
    assert (venv / ".convert-doctor-ready").read_text() == "v1 a\n"
    assert "test venv built in" in first.stderr
    site = subprocess.run([f"{venv}/bin/python", "-c", "import sys; print(sys.path)"],
                          capture_output=True, text=True, check=True).stdout
    assert f"{venv}.checkout" in site  # the .pth venv_put_checkout_on_path wrote

    started = time.monotonic()
    again = ensure(venv, "v1 a")
    assert again.returncode == 0 and time.monotonic() - started < 2
    assert f"test venv ready: {venv}" in again.stderr
    assert builds(venv) == 1

    changed = ensure(venv, "v2 a")
    assert changed.returncode == 0, changed.stderr
    assert builds(venv) == 2
    assert (venv / ".convert-doctor-ready").read_text() == "v2 a\n"


def test_without_a_stamp_the_ready_check_decides(tmp_path):
    venv = tmp_path / "v"
    check = "import sys; sys.exit(0 if sys.prefix != sys.base_prefix else 1)"
    assert ensure(venv, "", check).returncode == 0
    assert not (venv / ".convert-doctor-ready").exists()
    assert ensure(venv, "", check).returncode == 0
    assert builds(venv) == 1
    # A check that fails in a fresh venv fails the build, loudly.
    broken = ensure(venv, "", "import no_such_module_here")
    assert broken.returncode != 0
    assert "No module named 'no_such_module_here'" in broken.stderr


def test_a_missing_interpreter_is_named_with_the_hint(tmp_path):
    done = ensure(tmp_path / "v", "v1", python="/nonexistent/python3.13", hint="set X_PYTHON")
    assert done.returncode == 1
    assert "no interpreter /nonexistent/python3.13" in done.stderr
    assert "set X_PYTHON" in done.stderr
    assert not (tmp_path / "v").exists()
