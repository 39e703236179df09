#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""Writes the example's weights file: a PyTorch-style zip archive whose data.pkl holds a benign
state dict (an OrderedDict of tensors rebuilt by torch._utils._rebuild_tensor_v2), built from raw
pickle opcodes so that torch is not needed. Deterministic: fixed timestamps, stored entries.

    python3 examples/make_example_artifact.py [OUT]
"""

import hashlib
import pickletools
import struct
import sys
import zipfile

DEFAULT_OUT = "examples/cl_unimodal_v2/models/cl_unimodal_v2/artifacts/model.pt"


def unicode(text: str) -> bytes:
    data = text.encode()
    return b"X" + struct.pack("<I", len(data)) + data


def state_dict_pickle(names) -> bytes:
    """Protocol 2: OrderedDict() then, per tensor, name -> _rebuild_tensor_v2(storage, 0, (4,), (1,), False, OrderedDict())."""
    out = b"\x80\x02" + b"ccollections\nOrderedDict\n" + b")R"
    for index, name in enumerate(names):
        out += unicode(name)
        out += b"ctorch._utils\n_rebuild_tensor_v2\n"
        out += b"("  # MARK for the argument tuple
        # persistent id of the storage: ('storage', torch.FloatStorage, key, 'cpu', 4)
        out += b"(" + unicode("storage") + b"ctorch\nFloatStorage\n" + unicode(str(index)) + unicode("cpu") + b"K\x04tQ"
        out += b"K\x00" + b"K\x04\x85" + b"K\x01\x85" + b"\x89"
        out += b"ccollections\nOrderedDict\n)R"
        out += b"tR"  # TUPLE, REDUCE
        out += b"s"  # SETITEM into the state dict
    out += b"."
    pickletools.dis(out, out=open("/dev/null", "w"))  # raises if the stream is malformed
    return out


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    names = ["encoder.layers.0.attention.weight", "encoder.layers.0.attention.bias", "head.weight"]
    entries = [("archive/data.pkl", state_dict_pickle(names)), ("archive/version", b"3\n")]
    for index in range(len(names)):
        entries.append((f"archive/data/{index}", struct.pack("<4f", 0.25 * index, -0.5, 0.125, 1.0)))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    with open(out, "rb") as handle:
        print(hashlib.sha256(handle.read()).hexdigest(), out)


if __name__ == "__main__":
    main()
