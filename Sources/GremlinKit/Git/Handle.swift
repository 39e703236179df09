// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2
import Foundation

/// Owns one libgit2 pointer (commit, tree, blob, tag, index, diff, patch, odb, reference, revwalk
/// ...) and frees it exactly once in `deinit`.
///
/// Pointers are only handed out inside `use`, which keeps the owner alive for the whole body:
/// without it the optimizer may release the owner (and free the C object) right after its last
/// Swift use, while C strings borrowed from it are still being copied.
final class Handle {
    private let pointer: OpaquePointer
    private let free: (OpaquePointer) -> Void

    init(_ pointer: OpaquePointer, free: @escaping (OpaquePointer) -> Void) {
        self.pointer = pointer
        self.free = free
    }

    deinit { free(pointer) }

    @discardableResult
    func use<Result, Failure: Error>(_ body: (OpaquePointer) throws(Failure) -> Result) throws(Failure) -> Result {
        defer { withExtendedLifetime(self) {} }
        return try body(pointer)
    }

    /// Runs a libgit2 constructor (`int fn(T **out, ...)`) and wraps its result.
    static func make(
        _ function: String, context: @autoclosure () -> String? = nil,
        free: @escaping (OpaquePointer) -> Void,
        _ create: (inout OpaquePointer?) -> Int32
    ) throws(GitError) -> Handle {
        var out: OpaquePointer?
        let rc = create(&out)
        try GitError.check(rc, function, context: context())
        guard let out else {
            throw GitError(
                kind: .other, function: function, message: "libgit2 returned no object",
                context: context())
        }
        return Handle(out, free: free)
    }

    /// A `git_object` (commit, tree, blob, tag): all are freed with `git_object_free`.
    static func object(
        _ function: String, context: @autoclosure () -> String? = nil,
        _ create: (inout OpaquePointer?) -> Int32
    ) throws(GitError) -> Handle {
        try make(function, context: context(), free: { git_object_free($0) }, create)
    }
}

/// Owns a `git_buf` filled by libgit2 and disposes of it.
final class Buffer {
    var raw = git_buf()

    deinit { git_buf_dispose(&raw) }

    /// The bytes libgit2 wrote.
    var bytes: [UInt8] {
        guard let base = raw.ptr, raw.size > 0 else { return [] }
        return base.withMemoryRebound(to: UInt8.self, capacity: raw.size) {
            Array(UnsafeBufferPointer(start: $0, count: raw.size))
        }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// Copies a C string that may be NULL or not UTF-8 (git paths are bytes) into Swift.
func copyBytes(_ text: UnsafePointer<CChar>?) -> [UInt8] {
    guard let text else { return [] }
    return text.withMemoryRebound(to: UInt8.self, capacity: 1) { start in
        Array(UnsafeBufferPointer(start: start, count: strlen(text)))
    }
}

func copyString(_ text: UnsafePointer<CChar>?) -> String {
    String(decoding: copyBytes(text), as: UTF8.self)
}
