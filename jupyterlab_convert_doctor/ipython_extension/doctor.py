"""The kernel-side Convert Doctor: after each failed cell it diagnoses the error with the
kernel's own environment and displays one bundle under the cell; it keeps the last diagnosis
for `%convert_doctor fix`. Its post_run_cell callback never adds an error to the user's cell:
a bug inside it is reported once, as one line on stderr."""

import sys
import threading
import time

from .bundle import diagnosis_bundle, unknown_line
from .environment import EnvironmentCache
from .error_record import error_record
from .package_install import ran_package_install

# Diagnoses kept for the Colab fix buttons of earlier outputs.
MAX_KEPT = 32


class KernelDoctor:
    def __init__(self, shell, colab_buttons=False):
        self.shell = shell
        self.colab_buttons = colab_buttons
        self.environment = EnvironmentCache(lambda: self.knowledge().watch_list())
        self.last = None  # the last diagnosed error: record, diagnosis, recipes, source, env
        self.last_callback_ms = None  # callback start to bundle displayed, for the bench
        self._kept = {}
        self._serial = 0
        self._kb = None
        self._kb_lock = threading.Lock()
        self._bug_reported = False

    # -- the post_run_cell callback ---------------------------------------------------------

    def post_run_cell(self, result):
        started = time.perf_counter()
        try:
            if self._after_cell(result):
                self.last_callback_ms = (time.perf_counter() - started) * 1000.0
        except BaseException as exc:  # never a second error in the user's cell
            self.report_bug(exc)

    def _after_cell(self, result):
        info = getattr(result, "info", None)
        source = getattr(info, "raw_cell", None)
        if ran_package_install(source):
            self.environment.saw_install()
        error = getattr(result, "error_before_exec", None)
        if error is None:
            error = getattr(result, "error_in_exec", None)
        # An interrupt is the user's doing, not a failure to explain.
        if error is None or isinstance(error, KeyboardInterrupt):
            return False
        entry = self.diagnose(error, source, getattr(result, "execution_count", None))
        self.show(entry)
        return True

    def report_bug(self, exc):
        if self._bug_reported:
            return
        self._bug_reported = True
        try:
            message = str(exc)[:200]
        except BaseException:
            message = "?"
        try:
            sys.stderr.write("Convert Doctor: internal error (%s: %s); this error was not diagnosed.\n"
                             % (type(exc).__name__, message))
        except BaseException:
            pass

    # -- diagnosis ---------------------------------------------------------------------------

    def knowledge(self):
        with self._kb_lock:
            if self._kb is None:
                from ..engine import shipped_knowledge

                self._kb = shipped_knowledge()
            return self._kb

    def warm_up(self):
        """Builds the knowledge base and reads the environment in the background: compiling
        the signatures and the first full probe take long enough that the first failed cell
        should not wait for them (it waits only if it comes first)."""

        def build():
            try:
                # A first diagnosis compiles the signatures' patterns (the engine does it lazily).
                self.knowledge().diagnose({"ename": "Error", "evalue": "warm-up", "traceback": []}, None)
                self.environment.report()
            except BaseException:  # the first diagnosis raises it again, and reports it
                pass

        threading.Thread(target=build, name="convert-doctor-warm-up", daemon=True).start()

    def environment_report(self):
        """The cached EnvReport; None when it cannot be read (the diagnosis goes on without)."""
        try:
            return self.environment.report()
        except Exception:
            return None

    def diagnose(self, error, source, execution_count=None):
        record = error_record(self.shell, error, execution_count)
        return self.diagnose_record(record, source)

    def diagnose_record(self, record, source):
        kb = self.knowledge()
        env = self.environment_report()
        # The cell's source (ExecutionInfo.raw_cell) is context: which recipes fit depends on it.
        diagnosis = kb.diagnose(record, env, source if isinstance(source, str) else None)
        self._serial += 1
        entry = {
            "key": self._serial,
            "record": record,
            "diagnosis": diagnosis,
            "recipes": self._recipes(kb, diagnosis),
            "source": source if isinstance(source, str) else "",
            "env": env,
        }
        self.last = entry
        if self.colab_buttons:
            self._kept[entry["key"]] = entry
            while len(self._kept) > MAX_KEPT:
                del self._kept[min(self._kept)]
        return entry

    @staticmethod
    def _recipes(kb, diagnosis):
        """The recipe ids the JupyterLab annotation offers for a diagnosis (those that fit, best first)."""
        return [recipe["id"] for recipe in kb.recipes_for(diagnosis)]

    def show(self, entry):
        from IPython.display import display

        diagnosis = entry["diagnosis"]
        if diagnosis.get("category") == "unknown":
            display(unknown_line(), raw=True)
            return
        colab_key = entry["key"] if self.colab_buttons else None
        display(diagnosis_bundle(diagnosis, entry["recipes"], entry["record"].get("execution_count"),
                                 colab_key), raw=True)

    # -- fix cells ---------------------------------------------------------------------------

    def insert_fix(self, entry=None, recipe_id=None):
        """Puts the fix cell of a diagnosis into the next cell (never runs it); says what it did."""
        entry = entry or self.last
        if entry is None:
            return "Convert Doctor: no diagnosed error yet."
        recipes = entry["recipes"]
        if not recipes:
            return "Convert Doctor: no fix cell for this diagnosis (%s)." % entry["diagnosis"].get("category")
        if recipe_id is None:
            recipe_id = recipes[0]
        elif recipe_id not in recipes:
            return "Convert Doctor: %r is not a fix of this diagnosis (%s)." % (recipe_id, ", ".join(recipes))
        cell = self.knowledge().render_fix_cell(recipe_id, entry["diagnosis"], entry["source"], entry["env"])
        self.shell.set_next_input(cell, replace=False)
        return "Convert Doctor: fix cell for recipe %s inserted below; review it, then run it." % recipe_id

    def fix_from_button(self, key):
        """The Colab button's callback: the fix of the output it was shown in."""
        try:
            entry = self._kept.get(key) if isinstance(key, int) else None
            print(self.insert_fix(entry) if entry else "Convert Doctor: that diagnosis is no longer kept.")
        except BaseException as exc:
            self.report_bug(exc)
