"""Adds up the JUnit XML reports of every test tier into one closing line.

Strict on purpose: a tier named with --expect whose report is missing, unreadable or empty fails
the run (a tier that died before its runner wrote anything must not read as "0 failed"), and with
CI=true a skipped test fails the run unless tests/allowed-skips.txt names it with a reason.
"""

import argparse
import fnmatch
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ALLOWED_SKIPS = Path(__file__).resolve().parents[1] / "tests" / "allowed-skips.txt"


def load_allowed_skips(path: Path) -> list[tuple[str, str]]:
    """(pattern, reason) per line `PATTERN  # reason`; a pattern without a reason is refused."""
    allowed = []
    if not path.exists():
        return allowed
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, _, reason = line.partition("#")
        if not reason.strip():
            raise SystemExit(f"{path}:{number}: an allowed skip needs a reason after '#'")
        allowed.append((pattern.strip(), reason.strip()))
    return allowed


def cases(path: Path):
    """(name, outcome) for each testcase: outcome is passed, failed or skipped."""
    root = ET.parse(path).getroot()
    for case in root.iter("testcase"):
        name = f"{case.get('classname', '')}::{case.get('name', '')}"
        if case.find("failure") is not None or case.find("error") is not None:
            yield name, "failed"
        elif case.find("skipped") is not None:
            yield name, "skipped"
        else:
            yield name, "passed"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--expect", action="append", default=[],
                        help="a tier's report name (without .xml) that must exist with tests in it")
    parser.add_argument("--allowed-skips", type=Path, default=ALLOWED_SKIPS)
    args = parser.parse_args(argv)
    strict_skips = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    allowed = load_allowed_skips(args.allowed_skips)

    problems = []
    total = {"passed": 0, "failed": 0, "skipped": 0}
    reports = {p.stem: p for p in sorted(args.folder.glob("*.xml"))}
    for name in args.expect:
        if name not in reports:
            problems.append(f"tier report {name}.xml was not written (the tier died before its runner reported)")
    for stem, report in reports.items():
        counts = {"passed": 0, "failed": 0, "skipped": 0}
        try:
            outcomes = list(cases(report))
        except ET.ParseError as exc:
            problems.append(f"{report.name} is not readable JUnit XML: {exc}")
            continue
        for case, outcome in outcomes:
            counts[outcome] += 1
            if outcome == "skipped" and strict_skips and not any(
                    fnmatch.fnmatchcase(case, pattern) for pattern, _ in allowed):
                problems.append(f"skipped without an entry in {args.allowed_skips.name}: {case}")
        if stem in args.expect and not outcomes:
            problems.append(f"tier report {report.name} holds no test")
        print(f"{stem:>20}: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
        total = {k: total[k] + counts[k] for k in total}
    for problem in problems:
        print(f"summary: {problem}", file=sys.stderr)
    # A problem counts as a failure in the closing line, so the line never hides it.
    failed = total["failed"] + len(problems)
    print(f"{total['passed']} passed, {failed} failed, {total['skipped']} skipped")
    return 1 if failed or not total["passed"] else 0


if __name__ == "__main__":
    sys.exit(main())
