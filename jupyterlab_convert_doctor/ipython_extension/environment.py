"""The kernel's EnvReport, read in-process by env_probe.probe_environment (the probe the
JupyterLab inspector execs through user_expressions; the module is standard library only, so
importing it here imports nothing heavy) and cached.

A cell that installs packages makes the next read a full probe. Otherwise, when the number of
imported modules changed, only the `loaded` versions can have changed (installed versions and
CUDA files change by installing), so only those are read again, with the probe's own reader:
a failing conversion cell usually imports something, and a full probe (importlib.metadata for
every watched package) would cost more than the whole diagnosis."""

import sys
import threading

from .. import env_probe


class EnvironmentCache:
    def __init__(self, watch_list):
        """`watch_list()` gives the knowledge's [{distribution, modules}] (read once)."""
        self._watch_list = watch_list
        self._entries = None
        self._report = None
        self._modules = -1
        self._installed = False
        self._lock = threading.Lock()  # the warm-up thread may be reading it

    def saw_install(self):
        self._installed = True

    def report(self):
        """The current EnvReport; probed again only when something may have changed it."""
        with self._lock:
            if self._report is None or self._installed:
                self._probe()
            elif len(sys.modules) != self._modules:
                self._reread_loaded()
            return self._report

    def _probe(self):
        from ..engine import parse_env_report

        if self._entries is None:
            self._entries = env_probe._clean_watch(self._watch_list(), env_probe._Errors())
        self._installed = False
        self._modules = len(sys.modules)
        watch = [{"distribution": dist, "modules": modules} for dist, modules in self._entries]
        # Validated as the JupyterLab path validates the probe's reply.
        self._report = parse_env_report(env_probe.probe_environment(watch))

    def _reread_loaded(self):
        self._modules = len(sys.modules)
        # The probe's own rule for "loaded" (owners, conflicts), without re-reading metadata.
        packages = env_probe.refresh_loaded(self._entries, self._report["packages"], env_probe._Errors())
        # A new report: diagnoses already made keep the one they were made with.
        self._report = dict(self._report, packages=packages)


def format_report(report, findings):
    """`%convert_doctor env`: the report and the rule findings as plain text."""
    python = report.get("python") or {}
    lines = [
        "Python %s (%s, %s) on %s, host: %s"
        % (python.get("version"), python.get("env_kind"), python.get("executable"),
           python.get("platform"), report.get("host")),
        "Packages (installed / loaded):",
    ]
    present = [(dist, state) for dist, state in sorted((report.get("packages") or {}).items())
               if state.get("installed") or state.get("loaded")]
    for dist, state in present:
        lines.append("  %-24s %s / %s" % (dist, state.get("installed") or "-", state.get("loaded") or "-"))
    if not present:
        lines.append("  none of the watched packages")
    cuda = report.get("cuda") or {}
    lines.append("CUDA: driver %s, runtime %s, cuDNN %s"
                 % (cuda.get("driver") or "-", cuda.get("cuda_runtime") or "-", cuda.get("cudnn") or "-"))
    for error in report.get("errors") or []:
        lines.append("Probe could not read: %s" % error)
    lines.append("Probe: %.1f ms" % (report.get("probe_ms") or 0))
    if findings:
        lines.append("Findings:")
        for finding in findings:
            lines.append("  [%s] %s: %s" % (finding.get("severity"), finding.get("rule"), finding.get("message")))
            if finding.get("fix"):
                lines.append("      fix: %s" % ", ".join(str(f) for f in finding["fix"]))
    else:
        lines.append("Findings: none (no environment rule fired)")
    return "\n".join(lines)
