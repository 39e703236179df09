// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// The imports a model pickle may perform without being flagged.
///
/// Conservative by design: only callables that rebuild plain tensors, arrays and containers
/// from their arguments, and that cannot reach the interpreter, the file system or a process.
/// Everything else (`posix.system`, `builtins.eval`, `builtins.getattr`, `subprocess.Popen`,
/// `torch.storage._load_from_bytes`, user classes…) is reported. Python 2 module names are
/// mapped as `pickle`'s `fix_imports` does (`__builtin__` → `builtins`, `copy_reg` → `copyreg`).
public enum PickleAllowlist {
    /// Exact `module.name` pairs considered safe.
    public static let safe: Set<String> = {
        var names: Set<String> = [
            // Containers state_dicts are made of.
            "collections.OrderedDict",
            // Tensor and parameter reconstruction as written by torch.save.
            "torch._utils._rebuild_tensor",
            "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_tensor_v3",
            "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state",
            "torch._utils._rebuild_qtensor",
            "torch.device",
            "torch.Size",
            // numpy arrays and scalars (numpy 1.x `core`, numpy 2.x `_core`).
            "numpy.core.multiarray._reconstruct",
            "numpy._core.multiarray._reconstruct",
            "numpy.core.multiarray.scalar",
            "numpy._core.multiarray.scalar",
            "numpy.ndarray",
            "numpy.dtype",
            // Value types with no side effects.
            "builtins.set",
            "builtins.frozenset",
            "builtins.slice",
            "builtins.complex",
            "builtins.bytearray",
            "builtins.bytes",
            "builtins.object",
            // Protocol 0/1 instance creation (the class it builds is itself an import we check)
            // and protocol-2 bytes (`_codecs.encode(text, "latin1")`).
            "copyreg._reconstructor",
            "_codecs.encode",
        ]
        for storage in storageTypes { names.insert("torch.\(storage)") }
        for dtype in dtypes { names.insert("torch.\(dtype)") }
        return names
    }()

    /// The typed storage classes persistent ids name in a PyTorch checkpoint.
    static let storageTypes = [
        "FloatStorage", "DoubleStorage", "HalfStorage", "BFloat16Storage", "LongStorage", "IntStorage",
        "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage", "ComplexFloatStorage",
        "ComplexDoubleStorage", "QUInt8Storage", "QInt8Storage", "QInt32Storage", "QUInt4x2Storage",
        "QUInt2x4Storage", "UntypedStorage",
    ]

    /// dtype objects, pickled by reference when a state dict stores one.
    static let dtypes = [
        "float16", "float32", "float64", "bfloat16", "complex64", "complex128", "uint8", "int8", "int16",
        "int32", "int64", "bool", "half", "float", "double", "long", "int", "short",
    ]

    /// `module` with Python 2 names mapped to Python 3.
    static func normalizedModule(_ module: String) -> String {
        switch module {
        case "__builtin__": return "builtins"
        case "copy_reg": return "copyreg"
        default: return module
        }
    }

    /// True when `item` is resolved and on the allowlist.
    public static func isSafe(_ item: PickleImport) -> Bool {
        item.resolved && isSafe(module: item.module, name: item.name)
    }

    /// True when `module.name` is on the allowlist.
    public static func isSafe(module: String, name: String) -> Bool {
        safe.contains("\(normalizedModule(module)).\(name)")
    }
}
