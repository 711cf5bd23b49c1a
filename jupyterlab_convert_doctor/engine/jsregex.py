"""JavaScript regular expressions (the knowledge data's and the core's) compiled for Python's `re`
with the same meaning: one translation, at load time.

JavaScript without the `u` flag and Python differ in: `\\s` (JS: Unicode spaces and line
terminators, incl. U+FEFF), `.` (JS: not \\n \\r U+2028 U+2029), `^`/`$` under `m` (the same
four terminators), `\\d` `\\w` `\\b` (JS: ASCII only; Python's `re.ASCII` matches that), case
folding (JS folds no non-ASCII character onto ASCII: `re.ASCII` again), a `{` that starts no
quantifier (literal in JS; Python reads `{,3}` as one), `[]`/`[^]`, named groups
`(?<n>...)`/`\\k<n>`, `\\cX`, `\\0`, and identity escapes of letters (`\\a` is `a` in JS).
Anything else unknown raises ValueError rather than quietly meaning something else.
"""

import re

from .jstext import JS_WHITESPACE

# Class members as literal characters: Python's parser reads them much faster than escapes.
_TERMINATORS = "\n\r\u2028\u2029"
# With re.ASCII, `\s` in a class is JS's ASCII whitespace; the rest of JS_WHITESPACE follows.
_WS_MEMBERS = "\\s\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ANY = "[\\s\\S]"
# Escapes with the same meaning in both (re.ASCII makes \d \w \b ASCII like JS).
_SAME_ESCAPES = set("dDwWbBfnrtv")
_QUANTIFIER = re.compile(r"\{[0-9]+(?:,[0-9]*)?\}")
_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_FLAGS = {"i": re.IGNORECASE, "m": 0, "s": 0, "g": 0}


_DASH = object()  # an unescaped `-` in a class: a range operator between two characters


def _is_cased(char):
    return char.lower() != char.upper()


def _literal(char, in_class):
    """A literal character as Python pattern text."""
    if in_class:
        return "\\" + char if char in "\\]^-[&~|" else char
    return re.escape(char)


class _Translator:
    """One pass over a JS pattern. `exact`: classes exact on every text, else ASCII classes
    (right on texts without the JS-only spaces); `fold`: for an `i` pattern, the pattern to run
    without IGNORECASE on the text with its ASCII letters lower-cased (sre scans such a pattern
    several times faster)."""

    def __init__(self, source, flags, exact, fold):
        for flag in flags:
            if flag not in _FLAGS:
                raise ValueError(f"unsupported JavaScript regex flag {flag!r}")
        self.source, self.n = source, len(source)
        self.ignore_case, self.multiline, self.dotall = "i" in flags, "m" in flags, "s" in flags
        self.exact, self.fold = exact, fold
        self.terminators = _TERMINATORS if exact else "\n\r"
        self.ws_members = _WS_MEMBERS if exact else "\\s"

    def _char(self, char, in_class):
        """Text for a literal character; None for `char` itself (a plain one)."""
        if self.ignore_case and not char.isascii() and _is_cased(char):
            # JS folds non-ASCII letters onto each other, Python under re.ASCII does not.
            raise ValueError(f"non-ASCII letter {char!r} in a case-insensitive pattern")
        if self.fold and not in_class and char.isascii() and char.isalpha():
            char = char.lower()
        return _literal(char, in_class)

    def _escape(self, i, in_class):
        """(python text, literal char or None, next index) of the escape at source[i] == '\\'."""
        source, n = self.source, self.n
        if i + 1 >= n:
            raise ValueError("pattern ends with a backslash")
        e = source[i + 1]
        i += 2
        if e == "s":
            return (self.ws_members if in_class or not self.exact else f"[{self.ws_members}]"), None, i
        if e == "S":
            if in_class:
                raise ValueError("\\S inside a character class is not supported")
            return (f"[^{self.ws_members}]" if self.exact else "\\S"), None, i
        if e == "b" and in_class:
            return "\\x08", "\x08", i
        if e in _SAME_ESCAPES:
            char = {"f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}.get(e)
            return "\\" + e, char, i
        if e == "x" and re.fullmatch(r"[0-9A-Fa-f]{2}", source[i:i + 2]):
            char = chr(int(source[i:i + 2], 16))
            return self._char(char, in_class), char, i + 2
        if e == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", source[i:i + 4]):
            char = chr(int(source[i:i + 4], 16))
            return self._char(char, in_class), char, i + 4
        if e == "c" and i < n and source[i].isascii() and source[i].isalpha():
            char = chr(ord(source[i]) % 32)
            return _literal(char, in_class), char, i + 1
        if e == "0" and not (i < n and source[i].isdigit()):
            return "\\x00", "\0", i
        if e.isdigit() and e != "0" and not in_class:
            return "\\" + e, None, i  # a back-reference
        if e == "k" and not in_class and source.startswith("<", i):
            end = source.find(">", i)
            name = source[i + 1:end] if end > 0 else ""
            if not _NAME.fullmatch(name):
                raise ValueError("bad \\k<name> back-reference")
            return f"(?P={name})", None, end + 1
        if e.isalnum() and (e in "xuc" or e.isdigit()):
            raise ValueError(f"unsupported escape \\{e}")
        # An identity escape (`\\/`, or a letter, which is the letter itself in JS).
        return self._char(e, in_class), e, i

    def _class(self, i):
        """(python text, next index) of the class opened at source[i] == '['."""
        source, n = self.source, self.n
        negated = source.startswith("[^", i)
        i += 2 if negated else 1
        if source.startswith("]", i):
            raise ValueError("unsupported empty class before ']'")
        atoms = []  # (python text, literal char or None)
        while True:
            if i >= n:
                raise ValueError("unterminated character class")
            c = source[i]
            if c == "]":
                i += 1
                break
            if c == "\\":
                text, char, i = self._escape(i, True)
            elif c == "-":
                text, char, i = "\\-", _DASH, i + 1
            else:
                text, char, i = self._char(c, True), c, i + 1
            atoms.append((text, char))
        parts, extra = [], []
        k = 0
        while k < len(atoms):
            text, char = atoms[k]
            # JS (Annex B): `-` between two characters is a range, else a literal `-`.
            is_range = (k + 2 < len(atoms) and atoms[k + 1][1] is _DASH
                        and isinstance(char, str) and isinstance(atoms[k + 2][1], str))
            if is_range:
                low, high = char, atoms[k + 2][1]
                if ord(low) > ord(high):
                    raise ValueError("range out of order in character class")
                parts.append(f"{text}-{atoms[k + 2][0]}")
                k += 3
            else:
                low = high = char if isinstance(char, str) else None
                parts.append(text)
                k += 1
            if self.fold and low is not None:
                # The text is lower-cased: a class holding `A`..`Z` must also hold `a`..`z`.
                a, b = max(ord(low), ord("A")), min(ord(high), ord("Z"))
                if a <= b:
                    extra.append(chr(a + 32) if a == b else f"{chr(a + 32)}-{chr(b + 32)}")
        return ("[^" if negated else "[") + "".join(parts + extra) + "]", i

    def run(self):
        source, n = self.source, self.n
        out = []
        i = 0
        while i < n:
            c = source[i]
            if c == "\\":
                text, _, i = self._escape(i, False)
                out.append(text)
                continue
            if c == "[":
                if source.startswith("[]", i):
                    out.append("(?!)")
                    i += 2
                elif source.startswith("[^]", i):
                    out.append(_ANY)
                    i += 3
                else:
                    text, i = self._class(i)
                    out.append(text)
                continue
            if c == ".":
                out.append(_ANY if self.dotall else f"[^{self.terminators}]")
            elif c == "^":
                out.append(f"(?<![^{self.terminators}])" if self.multiline else "\\A")
            elif c == "$":
                out.append(f"(?![^{self.terminators}])" if self.multiline else "\\Z")
            elif c == "{":
                quantifier = _QUANTIFIER.match(source, i)
                if quantifier:
                    out.append(quantifier.group())
                    i = quantifier.end()
                    continue
                out.append("\\{")
            elif c in "}]":
                out.append("\\" + c)
            elif c == "(" and source.startswith("(?<", i) and not source.startswith(("(?<=", "(?<!"), i):
                end = source.find(">", i)
                name = source[i + 3:end] if end > 0 else ""
                if not _NAME.fullmatch(name):
                    raise ValueError("bad (?<name> group")
                out.append(f"(?P<{name}>")
                i = end + 1
                continue
            elif c in "()|*+?":
                out.append(c)
            else:
                out.append(self._char(c, False))
            i += 1
        return "".join(out)


def translate(source, flags="", exact=True, fold=False):
    """The Python pattern that matches what `new RegExp(source, flags)` matches. With
    `exact=False`, only on texts without the non-ASCII JS spaces and line terminators (ASCII
    classes, which Python compiles twenty times faster). With `fold` (an `i` pattern, not
    exact), the pattern that matches without IGNORECASE on the ASCII-lower-cased text."""
    if fold and (exact or "i" not in flags):
        raise ValueError("fold is for case-insensitive patterns on the fast path")
    return _Translator(source, flags, exact, fold).run()


# The characters on which the fast variant could answer differently (U+2028/9 are among them).
_SPECIAL = re.compile("[" + "".join(c for c in JS_WHITESPACE if not c.isascii()) + "]")
_special_seen = {}


def _needs_exact(text):
    """Whether `text` holds a character on which JS and ASCII classes differ (the answer for the
    last few texts is kept: every signature is tried on the same two texts)."""
    if text.isascii():
        return False
    key = id(text)
    seen = _special_seen.get(key)
    if seen is not None and seen[0] is text:
        return seen[1]
    answer = _SPECIAL.search(text) is not None
    if len(_special_seen) >= 8:
        _special_seen.clear()
    _special_seen[key] = (text, answer)
    return answer


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def fold_case(text):
    """`text` with its ASCII letters lower-cased (same length, same indices), for search_folded."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


class JsRegex:
    """A JavaScript regex for Python, in up to three compiled variants (each on first use): the
    exact one on texts with non-ASCII JS spaces or line terminators, the fast one on the others,
    and for `i` patterns the folded one that search_folded runs on fold_case(text)."""

    __slots__ = ("source", "flags", "_python_flags", "_fast", "_exact", "_folded")

    def __init__(self, source, flags=""):
        self.source = source
        self.flags = flags
        self._python_flags = re.ASCII
        for flag in flags:
            self._python_flags |= _FLAGS.get(flag, 0)
        self._fast = self._exact = self._folded = None
        # Refuse an untranslatable pattern now, not at its first use.
        translate(source, flags)
        if "i" in flags:
            translate(source, flags, exact=False, fold=True)

    def _compile(self, exact, fold=False):
        flags = self._python_flags & ~re.IGNORECASE if fold else self._python_flags
        try:
            return re.compile(translate(self.source, self.flags, exact, fold), flags)
        except re.error as err:
            raise ValueError(f"{self.source!r}: {err}") from None

    def exact(self):
        if self._exact is None:
            self._exact = self._compile(True)
        return self._exact

    def fast(self):
        if self._fast is None:
            self._fast = self._compile(False)
        return self._fast

    def folded(self):
        if self._folded is None:
            self._folded = self._compile(False, fold=True)
        return self._folded

    def _for(self, text):
        return self.exact() if _needs_exact(text) else self.fast()

    def search(self, text):
        return self._for(text).search(text)

    def search_folded(self, text, folded):
        """search(text), given folded = fold_case(text): the match's indices are text's."""
        if _needs_exact(text):
            return self.exact().search(text)
        if "i" in self.flags:
            return self.folded().search(folded)
        return self.fast().search(text)

    def finditer(self, text):
        return self._for(text).finditer(text)

    def sub(self, replacement, text, count=0):
        return self._for(text).sub(replacement, text, count=count)


def compile_js(source, flags=""):
    """`new RegExp(source, flags)` for Python; ValueError if it cannot be translated."""
    return JsRegex(source, flags)
