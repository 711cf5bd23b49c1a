"""The closing summary of scripts/test.sh is strict: a missing tier report, a report with no test
and (in CI) an unlisted skip all fail the run and show in the closing line."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "summarize_reports.py"


def junit(folder: Path, name: str, cases: str) -> None:
    (folder / f"{name}.xml").write_text(f'<testsuites><testsuite name="{name}">{cases}</testsuite></testsuites>')


PASS = '<testcase classname="a" name="ok"/>'
SKIP = '<testcase classname="a" name="later"><skipped/></testcase>'


def summarize(folder: Path, *args: str, ci: bool = False, allowed: Path | None = None):
    env = {"PATH": "/usr/bin:/bin", "CI": "true" if ci else ""}
    extra = ["--allowed-skips", str(allowed)] if allowed else ["--allowed-skips", str(folder / "none.txt")]
    return subprocess.run([sys.executable, str(SCRIPT), str(folder), *args, *extra],
                          capture_output=True, text=True, env=env)


def test_all_expected_reports_present_and_passing(tmp_path):
    junit(tmp_path, "units", PASS)
    junit(tmp_path, "ui", PASS + PASS)
    done = summarize(tmp_path, "--expect", "units", "--expect", "ui")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "3 passed, 0 failed, 0 skipped"


def test_a_tier_that_wrote_no_report_fails_the_run(tmp_path):
    junit(tmp_path, "units", PASS)
    done = summarize(tmp_path, "--expect", "units", "--expect", "ui-tests")
    assert done.returncode == 1
    assert "ui-tests.xml was not written" in done.stderr
    assert done.stdout.splitlines()[-1] == "1 passed, 1 failed, 0 skipped"


def test_an_empty_or_broken_report_fails_the_run(tmp_path):
    junit(tmp_path, "units", PASS)
    junit(tmp_path, "pytest", "")
    (tmp_path / "ui.xml").write_text("<testsuites><testsuite")
    done = summarize(tmp_path, "--expect", "units", "--expect", "pytest")
    assert done.returncode == 1
    assert "pytest.xml holds no test" in done.stderr
    assert "ui.xml is not readable JUnit XML" in done.stderr


def test_skips_fail_in_ci_unless_allowed_with_a_reason(tmp_path):
    junit(tmp_path, "units", PASS + SKIP)
    assert summarize(tmp_path, "--expect", "units").returncode == 0  # locally a skip is fine
    done = summarize(tmp_path, "--expect", "units", ci=True)
    assert done.returncode == 1
    assert "skipped without an entry in none.txt: a::later" in done.stderr
    allowed = tmp_path / "allowed.txt"
    allowed.write_text("a::later  # needs a GPU\n")
    assert summarize(tmp_path, "--expect", "units", ci=True, allowed=allowed).returncode == 0
    allowed.write_text("a::later\n")
    done = summarize(tmp_path, "--expect", "units", ci=True, allowed=allowed)
    assert done.returncode != 0 and "needs a reason" in done.stderr
