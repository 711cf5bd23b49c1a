"""Writes deterministic random weights in Darknet's .weights format (stdlib only).

Header: int32 major, minor, revision, then `seen` as int64 if major*10+minor >= 2 else int32
(Darknet src/parser.c load_weights_upto); then little-endian float32 parameters.
"""

import random
import struct
from array import array


def write_weights(path, n_floats, major=0, minor=2, revision=5, seen=32013312, seed=0):
    rng = random.Random(seed)
    with open(path, "wb") as out:
        out.write(struct.pack("<3i", major, minor, revision))
        out.write(struct.pack("<q" if major * 10 + minor >= 2 else "<i", seen))
        chunk = 1 << 16
        left = n_floats
        while left:
            n = min(chunk, left)
            out.write(array("f", (rng.uniform(0.5, 1.5) for _ in range(n))).tobytes())
            left -= n
