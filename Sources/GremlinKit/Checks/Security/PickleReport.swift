// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// One import a pickle stream performs (`GLOBAL`, `STACK_GLOBAL`, `INST`, `EXT*`).
public struct PickleImport: Sendable, Hashable, Codable {
    public var module: String
    public var name: String
    /// Byte offset of the importing opcode in the stream's file or archive entry.
    public var offset: Int
    /// The pickletools name of the opcode (`GLOBAL`, `STACK_GLOBAL`, `INST`, `EXT1`…).
    public var opcode: String
    /// False when the module/name could not be determined statically (always unsafe).
    public var resolved: Bool

    /// `module.name`, as Python would resolve it.
    public var qualifiedName: String { "\(module).\(name)" }
}

/// Where and why a pickle stream stopped making sense.
public struct PickleMalformation: Sendable, Hashable, Codable {
    public var offset: Int
    public var reason: String

    /// "malformed pickle at offset N: reason".
    public var message: String { "malformed pickle at offset \(offset): \(reason)" }
}

/// One decoded opcode (recorded on request, for tests and debugging).
public struct PickleOpcodeRecord: Sendable, Hashable {
    public var offset: Int
    public var name: String
}

/// What walking one pickle stream found.
public struct PickleStreamReport: Sendable {
    /// Highest protocol announced by `PROTO`, or nil for protocol 0/1 streams.
    public var protocolVersion: Int?
    /// Every import in stream order.
    public var imports: [PickleImport] = []
    /// Set when the stream is truncated, uses an unknown opcode, underflows its stack, etc.
    public var malformed: PickleMalformation?
    /// Offset just past `STOP` (or where decoding stopped).
    public var endOffset: Int = 0
    /// Opcodes in order, only when requested.
    public var opcodes: [PickleOpcodeRecord] = []

    /// Imports outside the safe allowlist, in stream order.
    public var unsafeImports: [PickleImport] { imports.filter { !PickleAllowlist.isSafe($0) } }
}
