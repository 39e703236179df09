// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The globals a policy trusts a model pickle to import (`security.pickle_allow`), on top of
/// the built-in `PickleAllowlist`.
///
/// An entry is an exact `module.qualname` (`lifelines.fitters.coxph_fitter.CoxPHFitter`) or a
/// module pattern `module.*` (`sklearn.*`: the module and its submodules). Whatever can run
/// code, reach the file system, the network or a process (`PickleAllowlist.deniedModules`,
/// `PickleAllowlist.deniedGlobals`) is refused when the policy lists it, and stays unsafe when
/// a pattern happens to cover it.
public struct PicklePolicyAllowlist: Sendable, Equatable {
    /// Exact `module.qualname` entries, Python 2 module names mapped.
    public private(set) var exact: Set<String> = []
    /// Modules of `module.*` entries.
    public private(set) var modules: [String] = []

    public init() {}

    /// Why `entry` can never be allowed, or nil when it is an acceptable entry.
    public enum Refusal: Equatable, Sendable {
        case malformed
        case tooBroad
        case executesCode
    }

    /// Validates and collects the entries; `key` names the policy list in messages.
    public init(_ entries: [String], file: String?, key: String) throws {
        for (index, raw) in entries.enumerated() {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            if let refusal = Self.refusal(entry) {
                let shown = InputExcerpt.short(entry)
                let (message, fix): (String, String)
                switch refusal {
                case .malformed:
                    message = "'\(shown)' is not a `module.qualname` global nor a `module.*` pattern"
                    fix = "write e.g. `lifelines.fitters.coxph_fitter.CoxPHFitter` or `sklearn.*`"
                case .tooBroad:
                    message = "'\(shown)' covers globals that execute code, so it can never be allowed"
                    fix = "list the exact globals the model needs (`module.qualname`) or a library's own `module.*`"
                case .executesCode:
                    message =
                        "'\(shown)' can run code, touch files, sockets or processes, so it can never be allowed "
                        + "in a trusted pickle, listed or not"
                    fix = "remove it and re-export the model without it (e.g. as safetensors)"
                }
                throw InputError(file: file, key: "\(key)[\(index)]", message: message, fix: fix)
            }
            if entry.hasSuffix(".*") {
                modules.append(Self.normalized(String(entry.dropLast(2))))
            } else {
                exact.insert(Self.normalized(entry))
            }
        }
        modules = Array(Set(modules)).sorted()
    }

    /// True when the policy allows `item` and it is not a denied global.
    public func allows(_ item: PickleImport) -> Bool {
        guard item.resolved, !PickleAllowlist.isDenied(module: item.module, name: item.name) else { return false }
        let module = PickleAllowlist.normalizedModule(item.module)
        if exact.contains("\(module).\(item.name)") { return true }
        return modules.contains { module == $0 || module.hasPrefix($0 + ".") }
    }

    /// True when the policy lists nothing.
    public var isEmpty: Bool { exact.isEmpty && modules.isEmpty }

    /// `entry` with its first component mapped from Python 2 (`__builtin__.x` → `builtins.x`).
    static func normalized(_ entry: String) -> String {
        let parts = entry.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first else { return entry }
        return ([PickleAllowlist.normalizedModule(first)] + parts.dropFirst()).joined(separator: ".")
    }

    /// Why `entry` is refused, or nil.
    public static func refusal(_ entry: String) -> Refusal? {
        if entry == "*" || entry == ".*" { return .tooBroad }
        let isPattern = entry.hasSuffix(".*")
        let body = isPattern ? String(entry.dropLast(2)) : entry
        let parts = body.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy(isIdentifier), isPattern ? !parts.isEmpty : parts.count >= 2 else {
            return .malformed
        }
        let normalizedParts = normalized(body).split(separator: ".").map(String.init)
        if isPattern {
            let module = normalizedParts.joined(separator: ".")
            if PickleAllowlist.patternRefused.contains(module) { return .tooBroad }
            if PickleAllowlist.isDeniedModule(module) { return .executesCode }
            return nil
        }
        // `a.b.c` may be module `a.b`, name `c` or module `a`, name `b.c`: refuse if any reading is denied.
        for split in 1..<normalizedParts.count {
            let module = normalizedParts[..<split].joined(separator: ".")
            let name = normalizedParts[split...].joined(separator: ".")
            if PickleAllowlist.isDenied(module: module, name: name) { return .executesCode }
        }
        return nil
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return text.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}

extension PickleAllowlist {
    /// Modules (and their submodules) whose globals can run code, reach files, sockets or
    /// processes, or load further pickles: never allowed, whatever the policy lists.
    public static let deniedModules: Set<String> = [
        "os", "posix", "nt", "subprocess", "_posixsubprocess", "sys", "importlib", "runpy", "socket", "shutil",
        "pty", "pickle", "_pickle", "marshal", "ctypes", "_ctypes", "code", "codeop", "multiprocessing", "asyncio",
        "signal", "webbrowser", "pdb", "bdb", "timeit", "cProfile", "profile", "trace", "tempfile", "io", "_io",
        "commands", "popen2", "pip", "setuptools", "distutils", "urllib", "http", "requests", "ftplib",
        "smtplib", "telnetlib", "types", "operator", "_operator", "functools", "inspect", "dill", "cloudpickle",
        "joblib", "yaml", "numpy.testing", "numpy.lib.npyio", "torch.hub", "torch.serialization",
        "torch.storage", "torch.jit", "torch.package",
    ]

    /// Single globals of otherwise harmless modules that run code or load files.
    public static let deniedGlobals: Set<String> = [
        "builtins.eval", "builtins.exec", "builtins.execfile", "builtins.compile", "builtins.open",
        "builtins.__import__", "builtins.getattr", "builtins.setattr", "builtins.delattr", "builtins.globals",
        "builtins.locals", "builtins.vars", "builtins.input", "builtins.breakpoint", "builtins.apply",
        "builtins.file", "builtins.reload", "builtins.help", "builtins.exit", "builtins.quit",
        "numpy.load", "numpy.loadtxt", "numpy.fromfile", "torch.load", "torch.from_file",
    ]

    /// Module patterns refused as too broad although not all of the module is denied.
    static let patternRefused: Set<String> = ["builtins", "copyreg", "_codecs", "torch", "numpy", "__main__"]

    /// True when `module` or a module it is part of is denied.
    public static func isDeniedModule(_ module: String) -> Bool {
        var current = normalizedModule(module)
        while true {
            if deniedModules.contains(current) { return true }
            guard let dot = current.lastIndex(of: ".") else { return false }
            current = String(current[..<dot])
        }
    }

    /// True when `module.name` can never be allowed by a policy.
    public static func isDenied(module: String, name: String) -> Bool {
        let module = normalizedModule(module)
        if isDeniedModule(module) { return true }
        if deniedGlobals.contains("\(module).\(name)") { return true }
        // A dotted name reaches into the object it starts with (`builtins` `getattr.__call__`…).
        if let head = name.split(separator: ".").first, deniedGlobals.contains("\(module).\(head)") { return true }
        return false
    }
}
