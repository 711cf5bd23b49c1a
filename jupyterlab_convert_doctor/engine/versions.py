"""PEP 440 matching for the rules (src/core/versions.ts). Versions are parsed and ordered by
`packaging.version`; specifiers are read and applied as the TypeScript core's
`@renovatebot/pep440` does, so both answer the same:

- versions are compared on their release segment (`2.16.0rc1+cpu` behaves like `2.16.0`);
- a prefix match (`==2.16.*`) compares the release numbers given, without zero padding;
- `<V`/`>V` are false for any version whose release equals V's (PEP 440's exclusive ordered
  comparison, simplified the same way).

On the specifiers of rules.json both agree with `packaging.specifiers` (test_engine_versions.py).
"""

import json
import re

from packaging.version import InvalidVersion, Version

from .jsregex import compile_js
from .jstext import js_number, js_trim

# @renovatebot/pep440's VERSION_PATTERN (JS syntax, read by the same translator as the data).
_VERSION_PATTERN = (
    "v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
    "(?<pre>[-_\\.]?(?<pre_l>(a|b|c|rc|alpha|beta|pre|preview))[-_\\.]?(?<pre_n>[0-9]+)?)?"
    "(?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_\\.]?(?<post_l>post|rev|r)[-_\\.]?(?<post_n2>[0-9]+)?))?"
    "(?<dev>[-_\\.]?(?<dev_l>dev)[-_\\.]?(?<dev_n>[0-9]+)?)?)"
    "(?:\\+(?<local>[a-z0-9]+(?:[-_\\.][a-z0-9]+)*))?"
)
_VALID = compile_js("^" + _VERSION_PATTERN + "$", "i")
_RANGE = compile_js(
    "^(?<operator>(===|~=|==|!=|<=|>=|<|>))\\s*((?<version>(?:"
    + re.sub(r"\?<\w+>", "?:", _VERSION_PATTERN)
    + "))(?<prefix>\\.\\*)?|(?<legacy>[^,;\\s)]+))$",
    "i",
)
_EQUALITY = ("==", "!=", "===")
_MAX_EXACT = 2**53


def parse_version(text):
    """A packaging Version when `text` is one for @renovatebot/pep440 too, else None."""
    if not _VALID.search(text):
        return None
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _release_text(release):
    return ".".join(js_number(n) if n > _MAX_EXACT else str(n) for n in release)


def release_of(version):
    """The release segment (`2.16.0rc1+cpu` -> `2.16.0`), or None if not a version."""
    parsed = parse_version(js_trim(version))
    if parsed is None:
        return None
    release = _release_text(parsed.release)
    return f"{parsed.epoch}!{release}" if parsed.epoch else release


def _parse_specifier(specifier):
    """The clauses of a specifier set, or None when it is not valid (as renovate's parse)."""
    if not js_trim(specifier):
        return []
    clauses = []
    for part in specifier.split(","):
        found = _RANGE.search(js_trim(part))
        if not found:
            return None
        operator, version, prefix, legacy = found.group("operator", "version", "prefix", "legacy")
        if version:
            parsed = parse_version(version)
            if parsed is None:
                return None
            if operator == "~=" and len(parsed.release) < 2:
                return None
            if operator not in _EQUALITY and parsed.local:
                return None
            if prefix and (operator not in _EQUALITY or parsed.dev or parsed.local):
                return None
        else:
            parsed = None
        if legacy and operator != "===":
            return None
        clauses.append((operator, version or legacy, parsed, bool(prefix)))
    return clauses


def is_valid_specifier(specifier):
    return _parse_specifier(specifier) is not None


def _starts_with(release, prefix):
    return len(prefix) <= len(release) and tuple(release[: len(prefix)]) == tuple(prefix)


def _same_release(a, b):
    width = max(len(a), len(b))
    return tuple(a) + (0,) * (width - len(a)) == tuple(b) + (0,) * (width - len(b))


def _contains(clause, text, version):
    operator, spec_text, spec, prefix = clause
    if operator == "~=":
        return version >= spec and version.epoch == spec.epoch and _starts_with(version.release, spec.release[:-1])
    if prefix:
        matching = version.epoch == spec.epoch and _starts_with(version.release, spec.release)
        return matching if operator != "!=" else not matching
    if operator == "===":
        return text.lower() == spec_text.lower()
    if version.local and spec is not None:
        version, spec = Version(version.public), Version(spec.public)
    if operator in ("<", ">") and _same_release(spec.release, version.release):
        return False
    return {
        "<": version < spec,
        "<=": version <= spec,
        "==": version == spec,
        "!=": version != spec,
        ">=": version >= spec,
        ">": version > spec,
    }[operator]


def _satisfies(text, clauses):
    version = parse_version(text)
    if version is None:
        return False
    return all(_contains(clause, text, version) for clause in clauses)


_match_cache = {}
_MATCH_CACHE_LIMIT = 10000


def matches(version, specifier):
    """Does `version` satisfy `specifier`? False for an unparsable version; ValueError for an
    invalid specifier (a data error)."""
    key = (version, specifier)
    cached = _match_cache.get(key)
    if cached is not None:
        return cached
    clauses = _parse_specifier(specifier)
    if clauses is None:
        raise ValueError(f"invalid PEP 440 specifier: {json.dumps(specifier, ensure_ascii=False)}")
    release = release_of(version)
    result = release is not None and _satisfies(release, clauses)
    if len(_match_cache) >= _MATCH_CACHE_LIMIT:
        _match_cache.clear()
    _match_cache[key] = result
    return result


def same_version(a, b):
    """Two versions name the same release, ignoring local tags and trailing release segments
    one side leaves out (cv2 `4.12.0` for opencv-python-headless `4.12.0.88`)."""
    pa = parse_version(js_trim(a))
    pb = parse_version(js_trim(b))
    if pa is None or pb is None:
        return js_trim(a) == js_trim(b)
    n = min(len(pa.release), len(pb.release))
    same_prefix = pa.release[:n] == pb.release[:n]
    same_pre = (pa.pre, pa.post, pa.dev) == (pb.pre, pb.post, pb.dev)
    return same_prefix and same_pre and pa.epoch == pb.epoch
