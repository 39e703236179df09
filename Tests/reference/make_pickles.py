#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""Writes the pickle-scanner fixtures with nothing but Python's own pickle/zipfile.

PyTorch is not needed: stand-in modules named `torch` and `torch._utils` are registered in
sys.modules so that pickle references their functions by the real names, exactly as
torch.save would. The reference answers (`expected.json`) come from Python itself:
`pickletools.genops` for the opcode walk and an Unpickler whose find_class records each
import and returns an inert stub, so nothing named in a fixture is ever called.

Run from the repository root:  python3 Tests/reference/make_pickles.py
"""

import collections
import io
import json
import os
import pickle
import pickletools
import random
import struct
import sys
import types
import zipfile

OUT = os.path.join(os.path.dirname(__file__), "..", "GremlinKitTests", "Fixtures", "security")
ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed timestamps: reproducible archives


# --- stand-in torch -----------------------------------------------------------------------

def _install_fake_torch():
    torch = types.ModuleType("torch")
    utils = types.ModuleType("torch._utils")

    def _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks):
        raise RuntimeError("stand-in: never called")

    _rebuild_tensor_v2.__module__ = "torch._utils"
    _rebuild_tensor_v2.__qualname__ = "_rebuild_tensor_v2"
    utils._rebuild_tensor_v2 = _rebuild_tensor_v2

    class FloatStorage:
        pass

    FloatStorage.__module__ = "torch"
    FloatStorage.__qualname__ = "FloatStorage"
    torch.FloatStorage = FloatStorage
    torch._utils = utils
    sys.modules["torch"] = torch
    sys.modules["torch._utils"] = utils
    return torch, utils


TORCH, TORCH_UTILS = _install_fake_torch()


class FakeTensor:
    """Reduces like torch.Tensor: _rebuild_tensor_v2(storage, offset, size, stride, grad, hooks)."""

    def __init__(self, key, numel):
        self.key = key
        self.numel = numel

    def __reduce__(self):
        storage = FakeStorageRef(self.key, self.numel)
        return (TORCH_UTILS._rebuild_tensor_v2,
                (storage, 0, (self.numel,), (1,), False, collections.OrderedDict()))


class FakeStorageRef:
    def __init__(self, key, numel):
        self.key = key
        self.numel = numel


class TorchPickler(pickle.Pickler):
    """torch.save's persistent ids: ('storage', storage_type, key, location, numel)."""

    def persistent_id(self, obj):
        if isinstance(obj, FakeStorageRef):
            return ("storage", TORCH.FloatStorage, obj.key, "cpu", obj.numel)
        return None


def torch_zip(data_pkl, storages):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        def add(name, payload):
            info = zipfile.ZipInfo("archive/" + name, date_time=ZIP_DATE)
            archive.writestr(info, payload)
        add("data.pkl", data_pkl)
        add("byteorder", b"little")
        for key, payload in storages.items():
            add("data/" + key, payload)
        add("version", b"3\n")
    return buffer.getvalue()


# --- hand-assembled opcode streams ---------------------------------------------------------

def short_unicode(text):
    raw = text.encode("utf-8")
    return b"\x8c" + bytes([len(raw)]) + raw


def framed(body):
    """Protocol 4 header, one FRAME around `body`, STOP inside the frame."""
    return b"\x80\x04\x95" + struct.pack("<Q", len(body)) + body


def stack_global_call(module, name, argument):
    # module, name -> STACK_GLOBAL; memoize like pickle does; call with a 1-tuple.
    body = (short_unicode(module) + b"\x94" + short_unicode(name) + b"\x94" + b"\x93" + b"\x94"
            + short_unicode(argument) + b"\x94" + b"\x85" + b"\x94" + b"R" + b"\x94" + b".")
    return framed(body)


def memo_stack_global(module, name):
    # The module string is memoized, popped, then fetched back with BINGET: tests memo tracking.
    body = (short_unicode(module) + b"\x94" + b"0" + b"h\x00" + short_unicode(name) + b"\x93"
            + b")" + b"R" + b".")
    return framed(body)


def proto0_global(module, name, argument):
    return (b"c" + module.encode() + b"\n" + name.encode() + b"\n" + b"(S'" + argument.encode()
            + b"'\ntR.")


# --- reference answers ----------------------------------------------------------------------

class Stub:
    """Inert stand-in for every global: accepts any construction protocol, does nothing."""

    def __new__(cls, *args, **kwargs):
        return object.__new__(cls)

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        return Stub()

    def __setstate__(self, state):
        pass

    def __setitem__(self, key, value):
        pass

    def append(self, value):
        pass

    def extend(self, values):
        pass

    def add(self, value):
        pass


class RecordingUnpickler(pickle.Unpickler):
    def __init__(self, file, buffers=None):
        super().__init__(file, buffers=buffers)
        self.imports = []

    def find_class(self, module, name):
        self.imports.append(module + "." + name)
        return Stub

    def persistent_load(self, pid):
        return Stub()


def reference(stream, buffers=None):
    """Opcodes per pickletools, imports per pickle's own loader, or where Python rejects it."""
    ops = []
    try:
        for opcode, _arg, pos in pickletools.genops(stream):
            ops.append([pos, opcode.name])
        genops_error = None
    except Exception as error:  # noqa: BLE001 - any rejection means malformed
        genops_error = type(error).__name__
    unpickler = RecordingUnpickler(io.BytesIO(stream), buffers=buffers)
    try:
        unpickler.load()
        load_error = None
    except Exception as error:  # noqa: BLE001
        load_error = type(error).__name__
    return {
        "opcodes": ops if genops_error is None else None,
        "imports": unpickler.imports if load_error is None else None,
        "malformed": genops_error is not None or load_error is not None,
    }


# --- fixtures -------------------------------------------------------------------------------

def kitchen_sink():
    value = {
        "ints": [0, 1, -1, 255, 256, 65535, 65536, -(2 ** 31), 2 ** 31, 2 ** 70, -(2 ** 600)],
        "floats": [0.0, 1.5, -2.25e300],
        "text": ["", "ascii", "ünïcödé", "x" * 300],
        "bytes": [b"", b"\x00\xff", b"y" * 300],
        "bytearray": bytearray(b"abc"),
        "tuples": [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)],
        "sets": [set(), {1, 2}, frozenset({3})],
        "flags": [None, True, False],
        "ordered": collections.OrderedDict([("a", 1), ("b", 2)]),
        "complex": complex(1, 2),
        "slice": slice(1, 10, 2),
    }
    shared = [1, 2, 3]
    value["shared"] = [shared, shared]  # memo GET/BINGET
    return value


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}

    def emit(name, payload, streams=None):
        with open(os.path.join(OUT, name), "wb") as handle:
            handle.write(payload)
        expected[name] = streams if streams is not None else [reference(payload)]

    # Plain pickles of a dict, protocols 0..5 (protocol 5 also with out-of-band buffers).
    for proto in range(6):
        emit(f"plain-p{proto}.pkl", pickle.dumps(kitchen_sink(), protocol=proto))
    # A false buffer_callback result sends the buffer out of band (NEXT_BUFFER, READONLY_BUFFER).
    oob = []
    buffers = pickle.dumps([pickle.PickleBuffer(b"abc"), pickle.PickleBuffer(bytearray(b"de"))],
                           protocol=5, buffer_callback=lambda buffer: oob.append(buffer) and False)
    emit("buffers-p5.pkl", buffers, [reference(buffers, buffers=oob)])

    # PyTorch-style checkpoint, benign.
    state = collections.OrderedDict([("layer.weight", FakeTensor("0", 4)), ("layer.bias", FakeTensor("1", 2))])
    out = io.BytesIO()
    TorchPickler(out, protocol=2).dump(state)
    benign_pkl = out.getvalue()
    emit("benign-torch.pt", torch_zip(benign_pkl, {"0": struct.pack("<4f", 1, 2, 3, 4), "1": struct.pack("<2f", 5, 6)}),
         [reference(benign_pkl)])

    # Malicious checkpoint: os.system through STACK_GLOBAL (protocol 4), hand-assembled.
    evil_pkl = stack_global_call("os", "system", "echo gremlin-fixture")
    emit("evil-stack-global.pt", torch_zip(evil_pkl, {}), [reference(evil_pkl)])

    # What pickle itself writes for os.system at protocol 4 (posix.system on Linux).
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo gremlin-fixture",))
    emit("evil-reduce-p4.pkl", pickle.dumps(Evil(), protocol=4))

    # Memoized module string fetched back with BINGET before STACK_GLOBAL.
    emit("evil-memo.pkl", memo_stack_global("builtins", "eval"))

    # Protocol 0 GLOBAL and INST.
    emit("evil-global-p0.pkl", proto0_global("os", "system", "echo gremlin-fixture"))
    emit("evil-inst-p0.pkl", b"(S'echo gremlin-fixture'\nisubprocess\nPopen\n.")

    # Legacy (non-zip) torch.save: several pickles, then raw storage bytes.
    legacy = io.BytesIO()
    for item in (0x1950A86A20F9469CFC6C, 1001, {"protocol_version": 1001, "little_endian": True}):
        pickle.dump(item, legacy, protocol=2)
    TorchPickler(legacy, protocol=2).dump(state)
    pickle.dump(["0", "1"], legacy, protocol=2)
    legacy.write(struct.pack("<q4f", 4, 1, 2, 3, 4))
    legacy_bytes = legacy.getvalue()
    streams = []
    position = 0
    for _ in range(5):
        stream = legacy_bytes[position:]
        unpickler = RecordingUnpickler(io.BytesIO(stream))
        unpickler.load()
        streams.append({"imports": unpickler.imports, "malformed": False, "opcodes": None})
        # Length of this stream: position after STOP per pickletools.
        last = None
        for opcode, _arg, pos in pickletools.genops(stream):
            last = pos
        position += last + 1
    emit("legacy.pt", legacy_bytes, streams)

    # Malformed inputs.
    emit("truncated.pkl", pickle.dumps(kitchen_sink(), protocol=4)[:-40])
    rng = random.Random(20260101)
    noise = bytes(rng.randrange(256) for _ in range(512))
    emit("random.pkl", noise)
    emit("random.pt", bytes(rng.randrange(256) for _ in range(512)))

    # safetensors: 8-byte little-endian header length, JSON header, raw data.
    header = json.dumps({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                         "__metadata__": {"format": "pt"}}, separators=(",", ":")).encode()
    header += b" " * (-len(header) % 8)
    emit("model.safetensors", struct.pack("<Q", len(header)) + header + struct.pack("<2f", 1, 2),
         [])
    emit("bad.safetensors", struct.pack("<Q", 1 << 40) + b"{}", [])

    for name, streams in expected.items():
        if name.startswith(("truncated", "random")):
            assert streams[0]["malformed"], name
    with open(os.path.join(OUT, "expected.json"), "w") as handle:
        json.dump(expected, handle, indent=1, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main()
