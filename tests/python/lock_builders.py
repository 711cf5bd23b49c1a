"""Offline inputs for the lane-lock tests: a minimal wheel pip installs without any index, and a
hash-pinned lane lock for such wheels (as scripts/lock-recipe-lanes.py writes them)."""

import base64
import hashlib
import zipfile


def write_wheel(folder, name="cdlockprobe", version="0.1"):
    """A minimal pure-Python wheel, so pip installs without any index."""
    files = {
        f"{name}/__init__.py": "VALUE = 42\n",
        f"{name}-{version}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{name}-{version}.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    record.append(f"{name}-{version}.dist-info/RECORD,,")
    files[f"{name}-{version}.dist-info/RECORD"] = "\n".join(record) + "\n"
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return wheel


def write_lock(folder, *wheels):
    """A lane lock (as scripts/lock-recipe-lanes.py writes them) for local wheels; install it with
    CONVERT_DOCTOR_FIND_LINKS=folder."""
    lines = []
    for wheel in wheels:
        name, version = wheel.name.split("-")[:2]
        lines.append(f"{name}=={version} \\\n    --hash=sha256:{hashlib.sha256(wheel.read_bytes()).hexdigest()}")
    lock = folder / "test-lane.txt"
    lock.write_text("\n".join(lines) + "\n")
    return lock
