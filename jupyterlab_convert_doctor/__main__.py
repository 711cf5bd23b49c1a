"""`python -m jupyterlab_convert_doctor`: the Python engine from the command line, with the output
contract and exit codes of the Node CLI `convert-doctor` (src/cli/main.ts):

    python -m jupyterlab_convert_doctor diagnose [--env ENV.json] [--json] FILE|-

(More subcommands go beside `diagnose` in build_parser; the Node CLI's `check`/`env` are
being reworked, so they are not mirrored yet.)

Exit codes: 0 done, 2 usage or input error (unreadable file, bad JSON, not a report), 1 a bug.
"""

import argparse
import errno
import sys

from .engine import EnvReportError, ErrorInputError, parse_env_report, parse_error_input, shipped_knowledge
from .engine.error_input import parse_json
from .engine.jsregex import compile_js
from .engine.jstext import js_json, js_trim, lone_surrogates

_SPACES = compile_js("\\s+")


class InputError(Exception):
    """A usage or input problem: printed without a stack trace, exit code 2."""


def _read_input(file):
    try:
        if file == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(file, "rb") as f:
                data = f.read()
    except OSError as err:
        # Node's wording (libuv): "ENOENT: no such file or directory, open 'x'".
        code = errno.errorcode.get(err.errno, "EIO")
        reason = (err.strerror or str(err)).lower()
        where = "stdin" if file == "-" else file
        raise InputError(f"cannot read {where}: {code}: {reason}, open '{file}'") from None
    return data.decode("utf-8", "replace")


def _as_env_report(value, where):
    if not isinstance(value, dict) or not isinstance(value.get("packages"), dict):
        raise InputError(f'{where} is not an environment report (expected a JSON object with "packages")')
    try:
        # Absent sections stay absent; the rules' conditions treat them as unknown.
        return parse_env_report(value, partial=True)
    except EnvReportError as err:
        raise InputError(f"{where}: {err}") from None


def _read_env(file):
    text = _read_input(file)
    try:
        parsed = parse_json(text)
    except ValueError as err:
        raise InputError(f"{file} is not valid JSON: {err}") from None
    return _as_env_report(parsed, file)


def _embedded_env(text, file):
    """A failure-lab fixture carries its environment beside the error: used without --env."""
    trimmed = js_trim(text)
    if not trimmed.startswith("{"):
        return None
    try:
        document = parse_json(trimmed)
    except ValueError:
        return None
    env = document.get("env") if isinstance(document, dict) else None
    return None if env is None else _as_env_report(env, f'{"stdin" if file == "-" else file}: "env"')


def format_finding(f):
    """A finding as `convert-doctor` prints it under a diagnosis."""
    return (
        f"  [{f['severity']}] {f['message']}\n    fix: {'; '.join(f['fix']) or '-'}\n"
        f"    source: {f['sources'][0] if f['sources'] else '-'}"
    )


def format_diagnosis(d):
    lines = [
        f"category:   {d['category']} (confidence {d['confidence']:.2f})",
        f"title:      {d['title']}",
        f"cause:      {d['cause'] if d['cause'] is not None else '-'}",
        f"evidence:   {d['evidence'] or '-'}",
        f"why:        {d['explanation']}",
        f"fixes:      {'; '.join(d['fixes']) or '-'}",
    ]
    lines += [f"sources:    {s}" if i == 0 else f"            {s}" for i, s in enumerate(d["sources"])]
    if d["findings"]:
        lines += ["environment findings:"] + [format_finding(f) for f in d["findings"]]
    return "\n".join(lines)


def _write(text):
    # As Node writes a string: UTF-8, a lone surrogate as U+FFFD.
    sys.stdout.buffer.write(lone_surrogates(text, lambda _: "\ufffd").encode("utf-8"))
    sys.stdout.flush()


def _diagnose(args):
    text = _read_input(args.file)
    try:
        error = parse_error_input(text)
    except ErrorInputError as err:
        raise InputError(str(err)) from None
    env = _read_env(args.env) if args.env else _embedded_env(text, args.file)
    diagnosis = shipped_knowledge().diagnose(error, env)
    _write((js_json(diagnosis) if args.json else format_diagnosis(diagnosis)) + "\n")


class _OneLineParser(argparse.ArgumentParser):
    """Usage errors in one line on stderr, exit 2: the contract of `npx convert-doctor`."""

    def error(self, message):
        sys.stderr.write(f"convert-doctor: {_SPACES.sub(' ', message)} (see --help)\n")
        sys.exit(2)


def build_parser():
    parser = _OneLineParser(
        prog="python -m jupyterlab_convert_doctor",
        description="Diagnose failing model conversions (Darknet/PyTorch/TF to ONNX, SavedModel, TFLite).",
    )
    commands = parser.add_subparsers(dest="command", metavar="command")
    diagnose = commands.add_parser(
        "diagnose",
        help="classify a traceback (text, or a Jupyter error output as JSON) into a taxonomy category",
    )
    diagnose.add_argument("file", help="file holding the traceback or error output, or '-' for stdin")
    diagnose.add_argument("--env", help="environment report (JSON) of the kernel that raised it")
    diagnose.add_argument("--json", action="store_true",
                          help="print one JSON object (category, confidence, evidence, ...)")
    diagnose.set_defaults(run=_diagnose)
    return parser


def main(argv=None):
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help (0) or a usage error (2, message printed)
        return done.code
    if not getattr(args, "run", None):  # as the Node CLI: help on stderr, exit 0
        parser.print_help(sys.stderr)
        return 0
    try:
        args.run(args)
        return 0
    except Exception as err:  # one line: messages may quote input text
        message = _SPACES.sub(" ", str(err))
        sys.stderr.write(f"convert-doctor: {message}\n")
        return 2 if isinstance(err, InputError) else 1


if __name__ == "__main__":
    sys.exit(main())
