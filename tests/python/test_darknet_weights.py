"""The .weights reader and writer: header versions, round trip, and mismatch explanations."""

import numpy as np
import pytest

from darknet_helpers import cfg_path, network, network_from_text
from jupyterlab_convert_doctor.darknet.errors import WeightsError
from jupyterlab_convert_doctor.darknet.weights import (random_weights, read_weights,
                                                       write_random_weights)


@pytest.fixture
def tiny_weights(darknet_weights):
    return darknet_weights("yolov4-tiny")


def test_size_matches_published_file_and_round_trips(tiny_weights):
    net = network("yolov4-tiny")
    assert tiny_weights.stat().st_size == 24_251_276  # darknet/cfgs/README.md
    loaded = read_weights(tiny_weights, net)
    assert (loaded.header.major, loaded.header.minor, loaded.header.revision) == (0, 2, 5)
    assert loaded.header.seen_bytes == 8
    expected = random_weights(net, seed=0, gain=1.3)
    for index, params in expected.items():
        got = loaded.conv[index]
        np.testing.assert_array_equal(got.weights, params.weights)
        np.testing.assert_array_equal(got.biases, params.biases)
        if params.scales is not None:
            np.testing.assert_array_equal(got.variance, params.variance)


def test_writer_is_deterministic(tmp_path):
    net = network("yolov3-tiny")
    a, b = tmp_path / "a.weights", tmp_path / "b.weights"
    write_random_weights(a, net, seed=7)
    write_random_weights(b, net, seed=7)
    assert a.read_bytes() == b.read_bytes()
    write_random_weights(b, net, seed=8)
    assert a.read_bytes() != b.read_bytes()


def test_32_bit_seen_header_is_read(tmp_path):
    """major=0 minor=1: major*10+minor < 2, so 'seen' is 32-bit and the header is 16 bytes."""
    net = network("yolov4-tiny")
    path = tmp_path / "old.weights"
    size = write_random_weights(path, net, seed=0, major=0, minor=1, revision=0, seen=123456)
    assert size == 16 + 4 * net.param_count
    loaded = read_weights(path, net)
    assert loaded.header.seen == 123456 and loaded.header.size == 16
    expected = random_weights(net, seed=0)
    first = net.layers[0].index
    np.testing.assert_array_equal(loaded.conv[first].biases, expected[first].biases)
    last = net.yolo_layers[-1].index - 1
    np.testing.assert_array_equal(loaded.conv[last].weights, expected[last].weights)


def test_header_that_lies_about_seen_width(tmp_path, tiny_weights):
    """A 0.2 header on a file written with a 32-bit 'seen' is 4 bytes short: say so."""
    data = bytearray(tiny_weights.read_bytes())
    path = tmp_path / "short-header.weights"
    path.write_bytes(bytes(data[:16]) + bytes(data[20:]))
    with pytest.raises(WeightsError, match="With a 4-byte 'seen' field the size would match"):
        read_weights(path, network("yolov4-tiny"))


@pytest.mark.parametrize("cut, short", [
    # (bytes kept, what is missing): 24,251,276 - 10,000,000 = 14,251,276 bytes = 3,562,819 values
    (10_000_000, "3,562,819 values (14,251,276 bytes) short"),
    (10_000_003, "3,562,819 values (14,251,273 bytes) short"),  # cut mid-value
])
def test_truncated_file(tmp_path, tiny_weights, cut, short):
    path = tmp_path / "truncated.weights"
    path.write_bytes(tiny_weights.read_bytes()[:cut])
    with pytest.raises(WeightsError) as err:
        read_weights(path, network("yolov4-tiny"))
    message = str(err.value)
    assert "it holds 2,499,995 float32 values" in message and "needs 6,062,814" in message
    assert "The file ends inside layer 26 [convolutional]" in message
    assert short in message and "truncated file" in message
    assert ("not a whole number of float32 values" in message) == bool(cut % 4)


def test_wrong_classes(tmp_path):
    """Weights trained for 3 classes read with the 80-class cfg: the size tells the class count."""
    text = cfg_path("yolov4-tiny").read_text()
    custom = network_from_text(text.replace("classes=80", "classes=3")
                                   .replace("filters=255", "filters=24"), "custom.cfg")
    path = tmp_path / "custom.weights"
    write_random_weights(path, custom, seed=0)
    with pytest.raises(WeightsError) as err:
        read_weights(path, network("yolov4-tiny"))
    message = str(err.value)
    assert "The size matches classes=3 (the cfg has classes=80)" in message
    assert "layer 29 filters=24, layer 36 filters=24" in message


def test_weights_of_another_published_network(darknet_weights):
    path = darknet_weights("yolov3-tiny")
    with pytest.raises(WeightsError) as err:
        read_weights(path, network("yolov4-tiny"))
    message = str(err.value)
    assert "This looks like yolov3-tiny.weights (8,858,734 values" in message
    assert "truncated" not in message and "left over" not in message  # the size is explained


def test_full_weights_with_tiny_cfg(tmp_path, tiny_weights):
    """yolov4.weights (full) read with yolov4-tiny.cfg: named from its size alone. The file is
    sparse (a real header, then holes) since the size is checked before the payload is read."""
    path = tmp_path / "yolov4.weights"
    with open(path, "wb") as handle:
        handle.write(tiny_weights.read_bytes()[:20])
        handle.truncate(20 + 4 * network("yolov4").param_count)
    with pytest.raises(WeightsError) as err:
        read_weights(path, network("yolov4-tiny"))
    assert "This looks like yolov4.weights (64,429,405 values, made for yolov4.cfg" in str(err.value)


def test_extra_bytes(tmp_path, tiny_weights):
    path = tmp_path / "extra.weights"
    path.write_bytes(tiny_weights.read_bytes() + b"\0" * 6)
    with pytest.raises(WeightsError, match="not a whole number of float32 values"):
        read_weights(path, network("yolov4-tiny"))


def test_missing_and_tiny_files(tmp_path):
    with pytest.raises(WeightsError, match="cannot read weights file"):
        read_weights(tmp_path / "nope.weights", network("yolov4-tiny"))
    path = tmp_path / "tiny.weights"
    path.write_bytes(b"\0" * 8)
    with pytest.raises(WeightsError, match="too short for a Darknet weights header"):
        read_weights(path, network("yolov4-tiny"))


def test_known_networks_data_is_valid_and_matches_the_cfgs():
    import json

    import jsonschema

    from darknet_helpers import REPO

    knowledge = REPO / "jupyterlab_convert_doctor" / "knowledge"
    data = json.loads((knowledge / "darknet-weights.json").read_text())
    schema = json.loads((knowledge / "schema" / "darknet-weights.schema.json").read_text())
    jsonschema.validate(data, schema)
    for entry in data["networks"]:
        net = network(entry["cfg"].removesuffix(".cfg"))
        assert entry["values"] == net.param_count
        assert entry["file_bytes"] == 20 + 4 * net.param_count
        assert {y.classes for y in net.yolo_layers} == {entry["classes"]}
