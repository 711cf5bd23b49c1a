"""The README's Benchmarks section names every benchmark in bench/ (a script that is only the
implementation of a named .sh wrapper counts through its wrapper)."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def benchmark_entries():
    bench = REPO / "bench"
    wrappers = {p.stem for p in bench.glob("*.sh")}
    entries = []
    for path in sorted(bench.iterdir()):
        if path.suffix in (".sh", ".py") or (path.suffix in (".js", ".ts") and path.stem not in wrappers):
            entries.append(f"bench/{path.name}")
    return entries


def test_readme_lists_every_benchmark():
    readme = (REPO / "README.md").read_text()
    section = re.search(r"^## Benchmarks\n(.*?)(?=^## )", readme, re.S | re.M)
    assert section, "README.md has no '## Benchmarks' section"
    entries = benchmark_entries()
    assert len(entries) >= 5
    missing = [entry for entry in entries if entry not in section.group(1)]
    assert missing == []
