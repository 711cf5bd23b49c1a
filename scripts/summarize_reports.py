"""Adds up the JUnit XML reports of every test tier into one closing line."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def count(path: Path) -> tuple[int, int, int]:
    root = ET.parse(path).getroot()
    passed = failed = skipped = 0
    for case in root.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def main(folder: str) -> int:
    reports = sorted(Path(folder).glob("*.xml"))
    if not reports:
        print("no test reports were written", file=sys.stderr)
        return 1
    total = [0, 0, 0]
    for report in reports:
        p, f, s = count(report)
        print(f"{report.stem:>20}: {p} passed, {f} failed, {s} skipped")
        total = [total[0] + p, total[1] + f, total[2] + s]
    print(f"{total[0]} passed, {total[1]} failed, {total[2]} skipped")
    return 1 if total[1] or not total[0] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
