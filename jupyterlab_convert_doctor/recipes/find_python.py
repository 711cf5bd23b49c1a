"""`python -m jupyterlab_convert_doctor.recipes.find_python 3.13`: the interpreter finder
(interpreters.find_interpreter) for shell scripts. A module of its own because running
interpreters.py itself with -m would load it twice (the recipes package imports it)."""

import sys

from .errors import NoLaneForPython
from .interpreters import require_interpreter


def main(argv=None):
    """`python -m jupyterlab_convert_doctor.recipes.find_python 3.13`: print the path of a Python
    3.13 (see interpreters.find_interpreter), or say there is none and exit 1."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not args[0][:1].isdigit():
        print("usage: python -m jupyterlab_convert_doctor.recipes.find_python 3.X[.Y]", file=sys.stderr)
        return 2
    try:
        path = require_interpreter(args[0])
    except NoLaneForPython as exc:
        print(exc, file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
