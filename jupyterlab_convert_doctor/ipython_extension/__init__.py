"""Convert Doctor inside any IPython kernel (`%load_ext jupyterlab_convert_doctor`): Colab,
plain Jupyter, VS Code, which load no JupyterLab extension. It adds one post_run_cell callback
and the `%convert_doctor` line magic, nothing else: the custom-exception slot stays free for
the host (Colab owns it). Loading imports only the standard library; the knowledge base is built
in a background thread (the diagnosis engine: standard library and packaging)."""

import sys

from .doctor import KernelDoctor
from .magic import make_magic

MAGIC_NAME = "convert_doctor"

_loaded = {}  # id(shell) -> (shell, doctor)


def load(shell):
    if id(shell) in _loaded:
        return
    colab_output = _colab_output()
    doctor = KernelDoctor(shell, colab_buttons=colab_output is not None)
    shell.events.register("post_run_cell", doctor.post_run_cell)
    shell.register_magic_function(make_magic(doctor), magic_kind="line", magic_name=MAGIC_NAME)
    if colab_output is not None:
        colab_output.register_callback("convert_doctor.fix", doctor.fix_from_button)
    _loaded[id(shell)] = (shell, doctor)
    doctor.warm_up()


def unload(shell):
    entry = _loaded.pop(id(shell), None)
    if entry is None:
        return
    doctor = entry[1]
    try:
        shell.events.unregister("post_run_cell", doctor.post_run_cell)
    except ValueError:  # already removed by someone else
        pass
    manager = shell.magics_manager
    manager.magics["line"].pop(MAGIC_NAME, None)
    if MAGIC_NAME in vars(manager.user_magics):
        delattr(manager.user_magics, MAGIC_NAME)
    doctor.colab_buttons = False
    colab_output = _colab_output()
    if colab_output is not None:
        # colabtools has no unregister; its registry is _js._functions.
        functions = getattr(getattr(colab_output, "_js", None), "_functions", None)
        if isinstance(functions, dict):
            functions.pop("convert_doctor.fix", None)


def doctor_of(shell):
    """The loaded KernelDoctor of a shell, or None (tests and the bench read it)."""
    entry = _loaded.get(id(shell))
    return entry[1] if entry else None


def _colab_output():
    """google.colab.output when running in Colab (already imported there), else None."""
    if "google.colab" not in sys.modules:
        return None
    try:
        from google.colab import output
    except Exception:
        return None
    return output if hasattr(output, "register_callback") else None
