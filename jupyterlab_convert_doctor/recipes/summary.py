"""The verification summary printed in the cell (plain text)."""

import os


def _size(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


def format_summary(result, recipe):
    lines = ["", f"Verification summary ({recipe['id']}, lane {result.get('lane')}, Python {result.get('python')})"]
    lines.append("  output files:")
    for item in result.get("files", []):
        lines.append(f"    {item['path']}  {_size(item['bytes'])}")
    for model in result.get("models", []):
        lines.append(f"  {model['label']}:")
        for tensor in model.get("inputs", []):
            lines.append(f"    input  {tensor['name']} {tensor['shape']} {tensor.get('dtype', '')}".rstrip())
        for tensor in model.get("outputs", []):
            lines.append(f"    output {tensor['name']} {tensor['shape']} {tensor.get('dtype', '')}".rstrip())
    for name, diff in result.get("diffs", {}).items():
        lines.append(f"  max abs diff {name}: {diff:.3g}")
    verdict = "PASSED" if result.get("passed") else "FAILED"
    lines.append(f"  max abs diff {result.get('max_abs_diff', float('nan')):.3g} "
                 f"(tolerance {result.get('tolerance')}): {verdict} — {result.get('compare', '')}")
    for note in result.get("notes", []):
        lines.append(f"  note: {note}")
    timings = ", ".join(f"{k[:-2] if k.endswith('_s') else k} {v:.2f} s" for k, v in result.get("timings", {}).items())
    lines.append(f"  timings: {timings}")
    lines.append(f"  venv: {result.get('venv')}")
    return lines
