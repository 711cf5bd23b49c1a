"""The kernel environment probe: the single source of truth for what the inspector reads.

The frontend embeds this file's text (src/core/probeSource.ts, made by scripts/embed-probe.js)
and execs it in a fresh namespace inside the user's kernel, so it must stay standard library
only, never import a framework, never raise, and return plain JSON data (EnvReport in
src/core/types.ts).
"""

import os
import re
import sys
import time

SCHEMA_VERSION = 1

MAX_TEXT = 256  # versions, names, environment values
MAX_PATH = 1024
MAX_ERRORS = 20
MAX_WATCH = 500
MAX_MODULES_PER_ENTRY = 8
MAX_LIBRARIES = 32
MAX_WHEELS = 64
MAX_DIR_ENTRIES = 5000  # per directory scanned for nvidia-* wheels and libraries

# Environment variables that say something about CUDA without importing anything.
CUDA_ENV_NAMES = ("CUDA_VERSION", "CUDA_HOME", "CUDA_PATH", "CUDNN_VERSION", "CUDA_VISIBLE_DEVICES")
CUDA_ENV_PREFIXES = ("NVIDIA_", "NV_CUDA")
MAX_CUDA_ENV = 24

DRIVER_FILE = "/proc/driver/nvidia/version"
# "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.159.04  Release Build ..."
DRIVER_RE = re.compile(r"Kernel Module(?:\s+for\s+\S+)?\s+(\d+\.\d+(?:\.\d+)?)")
LIBRARY_RE = re.compile(r"^lib(cudart|cudnn)[\w.-]*\.so(?:\.(\d+))?")


def bounded(value, limit=MAX_TEXT):
    """A str no longer than limit, whatever value is (never raises)."""
    try:
        text = value if isinstance(value, str) else str(value)
    except BaseException as exc:  # a hostile __str__
        text = "<unprintable %s>" % type(exc).__name__
    if not isinstance(text, str):
        text = "<unprintable>"
    text = str.__str__(text)  # a plain str, not a subclass such as torch's TorchVersion
    if not text.isascii():
        # Lone surrogates (undecodable environment bytes, hostile values) would make the
        # kernel fail to encode its reply as UTF-8.
        text = text.encode("utf-8", "replace").decode("utf-8")
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


class _Errors:
    def __init__(self):
        self.items = []

    def add(self, what, exc=None):
        if len(self.items) >= MAX_ERRORS:
            return
        if exc is not None:
            what = "%s: %s: %s" % (what, type(exc).__name__, bounded(exc, 160))
        self.items.append(bounded(what, 300))


def _python_info(errors):
    info = {"version": "", "implementation": "", "executable": "", "platform": "", "env_kind": "unknown"}
    try:
        info["version"] = "%d.%d.%d" % tuple(sys.version_info[:3])
        info["implementation"] = bounded(sys.implementation.name)
        info["executable"] = bounded(sys.executable or "", MAX_PATH)
        try:
            uname = os.uname()
            info["platform"] = bounded("%s-%s-%s" % (uname.sysname, uname.release, uname.machine))
        except (AttributeError, OSError):  # Windows has no os.uname
            info["platform"] = bounded(sys.platform)
        prefix = sys.prefix
        info["prefix"] = bounded(prefix, MAX_PATH)
        if os.path.isdir(os.path.join(prefix, "conda-meta")):
            info["env_kind"] = "conda"
        elif prefix != getattr(sys, "base_prefix", prefix):
            info["env_kind"] = "venv"
        else:
            info["env_kind"] = "system"
    except BaseException as exc:
        errors.add("python info", exc)
    return info


def _host(errors):
    try:
        if "google.colab" in sys.modules:
            return "colab"
        if os.environ.get("KAGGLE_KERNEL_RUN_TYPE") or os.path.isdir("/kaggle/working"):
            return "kaggle"
        # SageMaker notebook instances and Studio set these; training containers set SM_*.
        if any(name.startswith("SAGEMAKER_") for name in os.environ) or os.path.isfile(
            "/opt/ml/metadata/resource-metadata.json"
        ):
            return "sagemaker"
    except BaseException as exc:
        errors.add("host", exc)
    return "local"


def _clean_watch(watch, errors):
    """[(distribution, [module, ...])] from the caller's watch-list, dropping bad entries."""
    entries = []
    if not isinstance(watch, (list, tuple)):
        errors.add("watch-list is not a list")
        return entries
    if len(watch) > MAX_WATCH:
        errors.add("watch-list truncated to %d entries" % MAX_WATCH)
    for item in watch[:MAX_WATCH]:
        dist = item.get("distribution") if isinstance(item, dict) else None
        modules = item.get("modules", []) if isinstance(item, dict) else None
        if not isinstance(dist, str) or not dist or len(dist) > MAX_TEXT:
            errors.add("watch-list entry ignored: %s" % bounded(item, 80))
            continue
        if not isinstance(modules, (list, tuple)):
            modules = []
        modules = [m for m in modules if isinstance(m, str) and m][:MAX_MODULES_PER_ENTRY]
        entries.append((dist, modules))
    return entries


def _metadata_version(dist):
    """The Version header of a distribution's metadata, reading only the header block."""
    text = None
    for name in ("METADATA", "PKG-INFO"):
        text = dist.read_text(name)
        if text:
            break
    if text:
        for line in text.splitlines():
            if not line.strip():
                break  # end of the headers: the description follows
            if line[:8].lower() == "version:":
                return line[8:].strip()
    return dist.version


def _installed_version(metadata, dist_name):
    # distributions(name=...) yields nothing for an absent package, where version() raises.
    for dist in metadata.distributions(name=dist_name):
        version = _metadata_version(dist)
        return bounded(version) if version is not None else None
    return None


def _module_namespace(name):
    """An already imported module's own __dict__ (getattr could run a lazy __getattr__ that imports)."""
    module = sys.modules.get(name)
    if module is None:
        return None
    try:
        namespace = object.__getattribute__(module, "__dict__")
    except BaseException:
        return None
    return namespace if isinstance(namespace, dict) else None


def _loaded_version(module_names):
    """__version__ of the first watched module that is ALREADY imported; never imports."""
    for name in module_names:
        namespace = _module_namespace(name)
        version = namespace.get("__version__") if namespace is not None else None
        if version is None:
            continue
        if isinstance(version, (tuple, list)):
            version = ".".join(bounded(part, 32) for part in version[:8])
        return bounded(version)
    return None


def _record_hash(dist, module_file):
    """The sha256 that dist's RECORD gives for the file module_file, or None when it lists no such file."""
    try:
        files = dist.files or []
    except BaseException:
        return None
    target = os.path.realpath(module_file)
    for entry in files:
        try:
            if entry.hash is not None and os.path.realpath(str(entry.locate())) == target:
                return entry.hash.value
        except BaseException:
            continue
    return None


def _file_sha256(path):
    import base64
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode("ascii")


def _loaded_owner(metadata, module, candidates, errors):
    """Which of several installed distributions the imported module's file came from.

    Both may list the same path in their RECORD (the later install overwrote the file), so the
    file's current sha256 against each RECORD's hash decides. None when it cannot be told.
    """
    namespace = _module_namespace(module)
    module_file = namespace.get("__file__") if namespace is not None else None
    if not isinstance(module_file, str) or not os.path.isfile(module_file):
        return None
    try:
        actual = _file_sha256(module_file)
    except BaseException as exc:
        errors.add("hash of %s" % bounded(module_file, 120), exc)
        return None
    owners = []
    for name in candidates:
        for dist in metadata.distributions(name=name):
            if _record_hash(dist, module_file) == actual:
                owners.append(name)
            break
    if len(owners) == 1:
        return owners[0]
    errors.add("cannot tell which of %s provides the loaded %s" % (", ".join(candidates), bounded(module, 80)))
    return None


def _metadata(errors):
    try:
        import importlib.metadata as metadata
    except BaseException as exc:  # Python < 3.8
        errors.add("importlib.metadata unavailable", exc)
        return None
    return metadata


def _packages(entries, errors):
    """{distribution: {installed, loaded[, also_provided_by]}} for the watch-list entries."""
    metadata = _metadata(errors)
    packages = {}
    for dist, modules in entries:
        state = {"installed": None, "loaded": None}
        if metadata is not None:
            try:
                state["installed"] = _installed_version(metadata, dist)
            except BaseException as exc:
                errors.add("installed version of %s" % bounded(dist, 80), exc)
        packages[dist] = state
    return refresh_loaded(entries, packages, errors, metadata)


def refresh_loaded(entries, packages, errors, metadata=None):
    """The packages with their `loaded` versions (re)read; `installed` is taken as given.

    A distribution that is not installed is never "loaded" (tensorflow-cpu's `tensorflow` is not
    tensorflow-gpu's). When several installed distributions provide the same module (Colab's
    opencv-python beside opencv-contrib-python), only the one the imported module's file came
    from is "loaded", and each names the others in `also_provided_by`: a conflict to flag.
    Callers that already hold the installed versions (the IPython extension) call this alone.
    """
    metadata = metadata or _metadata(errors)
    packages = {dist: dict(state) for dist, state in packages.items()}
    providers = {}  # watched module -> installed distributions that provide it
    for dist, modules in entries:
        if dist in packages and packages[dist].get("installed") is not None:
            for module in modules:
                names = providers.setdefault(module, [])
                if dist not in names:
                    names.append(dist)
    for dist, modules in entries:
        state = packages.get(dist)
        if state is None:
            continue
        state["loaded"] = None
        state.pop("also_provided_by", None)
        if state.get("installed") is None:
            continue
        try:
            others = sorted({o for m in modules for o in providers.get(m, ()) if o != dist})
            if others:
                state["also_provided_by"] = [bounded(other, 80) for other in others]
            loaded = _loaded_version(modules)
            if loaded is not None and others and metadata is not None:
                module = next(m for m in modules if _module_namespace(m) is not None)
                if _loaded_owner(metadata, module, providers[module], errors) != dist:
                    loaded = None
            state["loaded"] = loaded
        except BaseException as exc:
            errors.add("loaded version of %s" % bounded(dist, 80), exc)
    return packages


def _site_dirs():
    seen = []
    for entry in sys.path:
        if isinstance(entry, str) and entry and entry not in seen and os.path.isdir(entry):
            seen.append(entry)
    return seen


def _scan(directory):
    names = []
    with os.scandir(directory) as it:
        for count, entry in enumerate(it):
            if count >= MAX_DIR_ENTRIES:
                break
            names.append(entry.name)
    return names


def _short_version(version, parts):
    return ".".join(version.split(".")[:parts]) if version else None


def _cuda(errors):
    cuda = {"driver": None, "env": {}, "wheels": {}, "cuda_runtime": None, "cudnn": None, "libraries": []}
    try:
        for name in sorted(os.environ):
            if name in CUDA_ENV_NAMES or name.startswith(CUDA_ENV_PREFIXES):
                if len(cuda["env"]) >= MAX_CUDA_ENV:
                    break
                cuda["env"][bounded(name, 64)] = bounded(os.environ[name])
    except BaseException as exc:
        errors.add("CUDA environment", exc)

    try:
        if os.path.exists(DRIVER_FILE):
            with open(DRIVER_FILE, "r", errors="replace") as handle:
                text = handle.read(4096)
            match = DRIVER_RE.search(text)
            cuda["driver"] = bounded(match.group(1) if match else text.splitlines()[0] if text else "")
    except BaseException as exc:
        errors.add("NVIDIA driver version", exc)

    runtime_major = cudnn_major = None
    for site in _site_dirs():
        try:
            # nvidia-* wheels: the dist-info folder name holds the normalised name and version.
            for entry in _scan(site):
                if entry.startswith("nvidia_") and entry.endswith(".dist-info"):
                    stem = entry[: -len(".dist-info")]
                    name, _, version = stem.partition("-")
                    dist = name.lower().replace("_", "-")
                    if dist not in cuda["wheels"] and len(cuda["wheels"]) < MAX_WHEELS:
                        cuda["wheels"][bounded(dist, 80)] = bounded(version, 64)
            nvidia_dir = os.path.join(site, "nvidia")
            if not os.path.isdir(nvidia_dir):
                continue
            for package in _scan(nvidia_dir):
                lib_dir = os.path.join(nvidia_dir, package, "lib")
                if not os.path.isdir(lib_dir):
                    continue
                for lib in _scan(lib_dir):
                    match = LIBRARY_RE.match(lib)
                    if not match:
                        continue
                    if lib not in cuda["libraries"] and len(cuda["libraries"]) < MAX_LIBRARIES:
                        cuda["libraries"].append(bounded(lib, 128))
                    if match.group(2):
                        if match.group(1) == "cudart":
                            runtime_major = runtime_major or match.group(2)
                        else:
                            cudnn_major = cudnn_major or match.group(2)
        except BaseException as exc:
            errors.add("CUDA files in %s" % bounded(site, 120), exc)

    wheels = cuda["wheels"]
    runtime_wheel = next((v for d, v in sorted(wheels.items()) if d.startswith("nvidia-cuda-runtime")), None)
    cudnn_wheel = next((v for d, v in sorted(wheels.items()) if d.startswith("nvidia-cudnn")), None)
    cuda["cuda_runtime"] = _short_version(runtime_wheel, 2) or runtime_major or (
        _short_version(cuda["env"].get("CUDA_VERSION"), 2)
    )
    cuda["cudnn"] = _short_version(cudnn_wheel, 3) or cudnn_major or cuda["env"].get("CUDNN_VERSION")
    cuda["libraries"].sort()
    return cuda


def probe_environment(watch):
    """The EnvReport dict (src/core/types.ts) for a watch-list [{distribution, modules}].

    Never raises and never imports a third-party module; what it cannot read goes to errors.
    """
    started = time.perf_counter()
    errors = _Errors()
    report = {"schema_version": SCHEMA_VERSION}
    report["python"] = _python_info(errors)
    report["host"] = _host(errors)
    try:
        report["packages"] = _packages(_clean_watch(watch, errors), errors)
    except BaseException as exc:
        report["packages"] = {}
        errors.add("packages", exc)
    try:
        report["cuda"] = _cuda(errors)
    except BaseException as exc:
        report["cuda"] = {"driver": None, "env": {}, "wheels": {}, "cuda_runtime": None, "cudnn": None, "libraries": []}
        errors.add("cuda", exc)
    report["probe_ms"] = round((time.perf_counter() - started) * 1000.0, 3)
    report["errors"] = errors.items
    return report


if __name__ == "__main__":
    # `python env_probe.py [packages.json]`: the report for this interpreter, as JSON.
    import json

    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "knowledge", "packages.json"
    )
    with open(path, encoding="utf-8") as handle:
        watch_list = json.load(handle)["packages"]
    print(json.dumps(probe_environment(watch_list), indent=2))
