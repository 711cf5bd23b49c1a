"""The example notebook outside JupyterLab (issue 9 item 9): executed as nbconvert --execute
--allow-errors does (nbclient), in the Colab-like kernel (Python 3.13, IPython 7.34, no
TensorFlow, no onnx-tf) and the project venv's kernel (current IPython), in a folder without the
repository's data/ (as on Colab). Its `%load_ext` cell makes the kernel display the diagnosis
bundle under each failing cell; the cells that should work still work and display nothing."""

import json
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from kernel_extension_helpers import ROOT, kernel_python

MIME = "application/vnd.convert-doctor.diagnosis+json"
NOTEBOOK = ROOT / "examples" / "yolov4-tiny-conversion.ipynb"
LOAD = "%load_ext jupyterlab_convert_doctor"


def execute(python, folder):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    spec_dir = folder / "kernelspecs" / "under-test"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "under test", "language": "python",
    }))
    work = folder / "work"
    work.mkdir()
    shutil.copy(NOTEBOOK, work / NOTEBOOK.name)
    nb = nbformat.read(work / NOTEBOOK.name, as_version=4)
    km = KernelManager(kernel_name="under-test",
                       kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec_dir.parent)]))
    NotebookClient(nb, km=km, allow_errors=True, timeout=600,
                   resources={"metadata": {"path": str(work)}}).execute()
    return nb


def bundles(cell):
    return [o["data"][MIME] for o in cell.get("outputs", [])
            if o["output_type"] == "display_data" and MIME in o.get("data", {})]


def error_of(cell):
    kinds = [o["output_type"] for o in cell.get("outputs", [])]
    return kinds.index("error") if "error" in kinds else None


@pytest.mark.parametrize("kernel", ["colab", "current"])
def test_the_example_diagnoses_its_failing_cells_in_a_plain_kernel(kernel, tmp_path):
    nb = execute(kernel_python(kernel), tmp_path)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code[0].source.strip() == LOAD and code[0].outputs == []

    failing = [cell for cell in code if error_of(cell) is not None]
    working = [cell for cell in code if error_of(cell) is None]
    # The weights cell (with the package's own cfg: no data/ here) and the Darknet -> ONNX cell.
    assert len(working) == 3, [c.outputs for c in code]
    assert all(bundles(cell) == [] for cell in working)
    assert (tmp_path / "work" / "yolov4-tiny.onnx").stat().st_size > 1_000_000

    # onnx-tf (not installed in either kernel) and TensorFlow's converter (not installed either).
    assert [cell.source.splitlines()[1] for cell in failing[:1]] == ["from onnx_tf.backend import prepare"]
    assert len(failing) == 2
    for cell in failing:
        shown = bundles(cell)
        assert len(shown) == 1, cell.outputs
        outputs = cell.outputs
        # Right after the cell's own error, and no second error from the hook.
        assert [o["output_type"] for o in outputs].count("error") == 1
        assert outputs[error_of(cell) + 1]["output_type"] == "display_data"
        assert not any("internal error" in o.get("text", "") for o in outputs)
        diagnosis = shown[0]
        assert diagnosis["category"] == "missing_dependency", diagnosis
        assert 0 < diagnosis["confidence"] <= 1
        assert "No module named" in diagnosis["evidence"]
        assert diagnosis["title"]
