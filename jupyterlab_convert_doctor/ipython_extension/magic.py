"""`%convert_doctor fix | env | diagnose`: the kernel extension's line magic."""

import linecache
import sys

from .environment import format_report
from .error_record import error_record

USAGE = """%convert_doctor fix [RECIPE]  put the fix cell of the last diagnosed error into the next cell (not run)
%convert_doctor diagnose      diagnose the last error again (or the last error before the extension was loaded)
%convert_doctor env           the kernel's environment report and the environment rules that fire"""


def make_magic(doctor):
    def convert_doctor(line):
        words = line.split()
        command = words[0] if words else ""
        if command == "fix" and len(words) <= 2:
            try:
                print(doctor.insert_fix(recipe_id=words[1] if len(words) == 2 else None))
            except Exception as exc:  # broken recipe data: say so, don't fail the cell
                print("Convert Doctor: could not render the fix cell (%s: %s)." % (type(exc).__name__, exc))
        elif command == "diagnose" and len(words) == 1:
            _diagnose_again(doctor)
        elif command == "env" and len(words) == 1:
            env = doctor.environment.report()
            print(format_report(env, doctor.knowledge().evaluate_rules(env)))
        else:
            print(USAGE)

    convert_doctor.__doc__ = USAGE
    return convert_doctor


def _diagnose_again(doctor):
    if doctor.last is not None:
        entry = doctor.diagnose_record(doctor.last["record"], doctor.last["source"])
    else:
        # The error shown before `%load_ext` (IPython keeps it as sys.last_value).
        error = getattr(sys, "last_value", None)
        if error is None:
            print("Convert Doctor: no error to diagnose yet.")
            return
        entry = doctor.diagnose_record(error_record(doctor.shell, error), _cell_source(doctor.shell, error))
    doctor.show(entry)


def _cell_source(shell, error):
    """The source of the cell `error` was raised in (which recipes fit depends on it): IPython
    keeps each cell's code in linecache under the file name its compiler gave the cell. "" when
    no frame is a cell's."""
    # IPython >= 8 maps cell file names to cells; IPython 7 (Colab) keeps its own linecache copy.
    cells = getattr(getattr(shell, "compile", None), "_filename_map", None) or {}
    cells_7 = getattr(linecache, "_ipython_cache", None) or {}
    tb = getattr(error, "__traceback__", None)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name in cells or name in cells_7:
            return "".join(linecache.getlines(name))
        tb = tb.tb_next
    return ""
