"""ANSI escape removal for kernel tracebacks (IPython colours them): the pattern of the
`ansi-regex` package (v5) that the TypeScript core's `strip-ansi` uses."""

from .jsregex import compile_js

_ANSI = compile_js(
    "[\\u001B\\u009B][[\\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\\d\\/#&.:=?%@~_]+)*"
    "|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/#&.:=?%@~_]*)*)?\\u0007)"
    "|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PR-TZcf-ntqry=><~]))"
)


def strip_ansi(text):
    if "\x1b" not in text and "\x9b" not in text:
        return text
    return _ANSI.sub("", text)
