"""Crafted (hostile or broken) cfgs through the real CLI, in a subprocess with 2 GB of address
space: each must end with exit code 2 and a one-line message naming the section and key, no
traceback, and no ONNX file (or temporary file) left behind."""

import re
import struct
import subprocess
import sys

import pytest

from darknet_helpers import REPO

BASE_NET = "[net]\nwidth=32\nheight=32\nchannels=3\n"
CONV18 = "[convolutional]\nfilters=18\nsize=1\nactivation=linear\n"
YOLO3 = "[yolo]\nmask=0,1,2\nanchors=10,14,23,27,37,58\nclasses=1\nnum=3\n"
CONV18_PARAMS = 18 + 18 * 3  # biases + 18x3x1x1 weights


def cfg(net=BASE_NET, *sections):
    return "\n".join([net, *sections]) + "\n"


# id: (cfg text, float32 values the .weights holds, extra CLI args, section, key)
CRAFTED = {
    # list(range(num)) / [0.5] * 2num were built even when mask and anchors were given
    "yolo-num-300M": (cfg(BASE_NET, CONV18, YOLO3.replace("num=3", "num=300000000")),
                      CONV18_PARAMS, [], "layer 1 [yolo]", "num"),
    "net-size-1e9": (cfg(BASE_NET.replace("32", "1000000000"), CONV18, YOLO3),
                     CONV18_PARAMS, [], "[net]", "width"),
    "net-size-1e9-decode": (cfg(BASE_NET.replace("32", "1000000000"), CONV18, YOLO3),
                            CONV18_PARAMS, ["--decode"], "[net]", "width"),
    "net-width-overflow": (cfg(BASE_NET.replace("width=32", "width=1.0e400"), CONV18, YOLO3),
                           CONV18_PARAMS, [], "[net]", "width"),
    "upsample-stride-1M": (cfg(BASE_NET, CONV18, "[upsample]\nstride=1000000\n", YOLO3),
                           CONV18_PARAMS, ["--decode"], "layer 1 [upsample]", "stride"),
    # (4 + 0 - 64) // 1 + 1 = -59: the old converter wrote an output [1,6,-59,-59]
    "maxpool-negative-size": (
        cfg("[net]\nwidth=4\nheight=4\nchannels=6\n",
            "[convolutional]\nfilters=6\nsize=1\nactivation=linear\n",
            "[maxpool]\nsize=64\nstride=1\npadding=0\n",
            "[yolo]\nmask=0\nanchors=10,14\nclasses=1\nnum=1\n"),
        6 + 6 * 6, [], "layer 1 [maxpool]", "size"),
    "route-empty-layers": (cfg(BASE_NET, CONV18, "[route]\nlayers=,\n", YOLO3),
                           CONV18_PARAMS, [], "layer 1 [route]", "layers"),
    "anchors-nan": (cfg(BASE_NET, CONV18, YOLO3.replace("anchors=10,", "anchors=nan,")),
                    CONV18_PARAMS, [], "layer 1 [yolo]", "anchors"),
    "anchors-inf": (cfg(BASE_NET, CONV18, YOLO3.replace("37,58", "37,inf")),
                    CONV18_PARAMS, ["--decode"], "layer 1 [yolo]", "anchors"),
    # 64x4096x4096 = 1.07G values in one output
    "activations-over-budget": (
        cfg(BASE_NET.replace("32", "4096"), "[convolutional]\nfilters=64\nsize=1\n", CONV18,
            YOLO3), CONV18_PARAMS, ["--decode"], "layer 0 [convolutional]", "filters"),
    # 65536 filters of 64x64x64: 17G parameters
    "parameters-over-budget": (
        cfg(BASE_NET.replace("channels=3", "channels=64"),
            "[convolutional]\nfilters=65536\nsize=64\npad=1\n", CONV18, YOLO3),
        CONV18_PARAMS, [], "layer 0 [convolutional]", "filters"),
    # --decode concatenates every head's scores, so the heads must agree on classes
    "decode-mixed-classes": (
        cfg(BASE_NET, CONV18, YOLO3, "[route]\nlayers=0\n",
            CONV18.replace("18", "21"), YOLO3.replace("classes=1", "classes=2")),
        CONV18_PARAMS + 21 + 21 * 18, ["--decode"], "layer 4 [yolo]", "classes"),
    "scale_x_y-nan": (cfg(BASE_NET, CONV18, YOLO3 + "scale_x_y=nan\n"),
                      CONV18_PARAMS, ["--decode"], "layer 1 [yolo]", "scale_x_y"),
}


def write_zero_weights(path, values):
    """A Darknet 0.2.5 .weights file (int32 version, uint64 seen) holding `values` zeros."""
    path.write_bytes(struct.pack("<iiiQ", 0, 2, 5, 0) + bytes(4 * values))
    return path


def run_cli(args, fsize_kb=None):
    """The converter CLI as a real process with at most 2 GB of virtual memory (and optionally
    a file-size limit, which makes writes fail as on a full disk)."""
    limits = "ulimit -v 2000000;" + (f" ulimit -f {fsize_kb};" if fsize_kb else "")
    command = f'{limits} exec "$0" -m jupyterlab_convert_doctor.darknet "$@"'
    return subprocess.run(["bash", "-c", command, sys.executable, *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def assert_clean_failure(proc, *names):
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    for name in names:
        assert name in lines[0], (name, lines[0])
    return lines[0]


@pytest.mark.parametrize("case", sorted(CRAFTED))
def test_crafted_cfg_fails_cleanly_in_bounded_memory(tmp_path, case):
    text, values, extra, section, key = CRAFTED[case]
    inputs, out_dir = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    out_dir.mkdir()
    cfg_file = inputs / "crafted.cfg"
    cfg_file.write_text(text)
    weights = write_zero_weights(inputs / "crafted.weights", values)
    proc = run_cli([cfg_file, weights, out_dir / "model.onnx", *extra])
    message = assert_clean_failure(proc, section)
    assert re.search(rf"\b{key}\b", message), (key, message)
    assert list(out_dir.iterdir()) == []


def test_missing_output_folder_is_a_clear_error(tmp_path):
    cfg_file = tmp_path / "ok.cfg"
    cfg_file.write_text(cfg(BASE_NET, CONV18, YOLO3))
    weights = write_zero_weights(tmp_path / "ok.weights", CONV18_PARAMS)
    out = tmp_path / "missing" / "model.onnx"
    proc = run_cli([cfg_file, weights, out])
    assert_clean_failure(proc, str(out.parent))
    assert not (tmp_path / "missing").exists()


def test_failed_write_leaves_no_partial_model(tmp_path):
    """A write that fails half-way (here: a 4 KB file-size limit, as on a full disk) leaves
    neither a truncated .onnx nor a temporary file, and an earlier model stays intact."""
    cfg_file = tmp_path / "ok.cfg"
    cfg_file.write_text(cfg(BASE_NET, "[convolutional]\nfilters=18\nsize=5\npad=1\n"
                            "activation=linear\n", YOLO3))
    weights = write_zero_weights(tmp_path / "ok.weights", 18 + 18 * 3 * 5 * 5)  # 5.6 KB of model
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    previous = out_dir / "model.onnx"
    previous.write_bytes(b"an earlier model")
    proc = run_cli([cfg_file, weights, previous], fsize_kb=4)
    assert_clean_failure(proc, str(previous))
    assert [p.name for p in out_dir.iterdir()] == ["model.onnx"]
    assert previous.read_bytes() == b"an earlier model"
    # and without the limit the same command writes the model
    ok = run_cli([cfg_file, weights, previous])
    assert ok.returncode == 0, ok.stderr
    assert previous.stat().st_size > 5000
    assert [p.name for p in out_dir.iterdir()] == ["model.onnx"]
