"""Shared set-up for tests/python: builders every test module gets by fixture name. Helpers a
module needs at import time (cfg paths, the all-forms cfg) stay in darknet_helpers.py."""

import pytest

from darknet_helpers import write_weights_for


@pytest.fixture(scope="session")
def darknet_weights(tmp_path_factory):
    """`darknet_weights(name, seed=0)`: a random .weights file for a published cfg, written once
    per session and shared read-only (a test that changes one writes its own copy)."""
    directory = tmp_path_factory.mktemp("darknet-weights")
    written = {}

    def get(name, seed=0):
        if (name, seed) not in written:
            written[(name, seed)] = write_weights_for(directory, name, seed=seed)
        return written[(name, seed)]

    return get
