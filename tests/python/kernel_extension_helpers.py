"""Real kernels for the IPython-extension tests and bench: the Colab-like venv (Python 3.13,
IPython 7.34, ipykernel 6.17.1; scripts/setup-colab-kernel.sh) and the project venv's own
interpreter (current IPython), started through jupyter_client from a kernelspec written to a
temporary directory."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY_MODULES = ("numpy", "onnx", "onnxruntime", "tensorflow", "torch", "keras", "jax")


def colab_python():
    """The Colab-like venv's python, built (once, cached under .cache/) by the setup script."""
    run = subprocess.run(["bash", str(ROOT / "scripts" / "setup-colab-kernel.sh")],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError("scripts/setup-colab-kernel.sh failed:\n" + run.stderr[-3000:])
    return run.stdout.strip().splitlines()[-1]


def kernel_python(name):
    return colab_python() if name == "colab" else sys.executable


class Kernel:
    """A started kernel: run(code) returns (execute_reply content, iopub output messages)."""

    def __init__(self, python, cwd):
        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_client.manager import KernelManager

        spec_dir = Path(cwd) / "kernelspecs" / "under-test"
        spec_dir.mkdir(parents=True, exist_ok=True)
        (spec_dir / "kernel.json").write_text(json.dumps({
            "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "under test", "language": "python",
        }))
        self.km = KernelManager(kernel_name="under-test",
                                kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec_dir.parent)]))
        self.km.start_kernel(cwd=str(cwd))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    def run(self, code, timeout=300):
        outputs = []
        # stop_on_error=False: after an error, ipykernel 6.x aborts requests that reach it
        # before its abort window closes, so the next cell, sent at once, came back
        # "aborted" under load. A person running cells one by one never races it.
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append,
                                            store_history=True, stop_on_error=False)
        kept = [m for m in outputs
                if m["msg_type"] in ("stream", "error", "display_data", "execute_result")]
        return reply["content"], kept

    def value(self, code):
        """Runs code whose last line prints one JSON document; returns it."""
        content, outputs = self.run(code)
        assert content["status"] == "ok", outputs
        return json.loads(stdout(outputs))

    def shutdown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def stdout(outputs, name="stdout"):
    return "".join(m["content"]["text"] for m in outputs
                   if m["msg_type"] == "stream" and m["content"]["name"] == name)


def displays(outputs):
    return [m["content"]["data"] for m in outputs if m["msg_type"] == "display_data"]


def errors(outputs):
    return [m["content"] for m in outputs if m["msg_type"] == "error"]
