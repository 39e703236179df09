// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2
import Foundation

/// A failure reported by libgit2 (or by Gremlin's repository layer), with libgit2's own message.
public struct GitError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, coarsely, so callers can branch without parsing messages.
    public enum Kind: String, Sendable, Equatable {
        /// A revision, object, reference, path or index entry does not exist.
        case notFound
        /// An abbreviated id or short name matches more than one object.
        case ambiguous
        /// The path is not (inside) a git repository.
        case notARepository
        /// The repository exists but is owned by another user (git's `safe.directory` rule).
        case notOwned
        /// An object or pack could not be read back: bad zlib stream, bad header, hash mismatch.
        case corrupt
        /// Something with that name already exists (and differs from what was asked for).
        case exists
        /// The input is malformed: a bad revision syntax, tag name, hex id or object type.
        case invalid
        /// The answer depends on history that a shallow clone does not have.
        case shallowBoundary
        /// Anything else libgit2 reports (I/O, memory, locks, ...).
        case other
    }

    public let kind: Kind
    /// The libgit2 function that failed (or the Gremlin operation, for checks done in Swift).
    public let function: String
    /// libgit2's return code (`git_error_code`, e.g. -3 for GIT_ENOTFOUND).
    public let code: Int32
    /// libgit2's message from `git_error_last()`, or Gremlin's own when libgit2 gave none.
    public let message: String
    /// What Gremlin was doing, e.g. `resolving revision 'origin/main' in /src/repo`.
    public let context: String?
    /// How to fix it, when there is a known fix.
    public let hint: String?

    public init(
        kind: Kind, function: String, code: Int32 = -1, message: String,
        context: String? = nil, hint: String? = nil
    ) {
        self.kind = kind
        self.function = function
        self.code = code
        self.message = message
        self.context = context
        self.hint = hint
    }

    public var isNotFound: Bool { kind == .notFound }
    public var isAmbiguous: Bool { kind == .ambiguous }
    public var isNotARepository: Bool { kind == .notARepository }
    public var isCorrupt: Bool { kind == .corrupt }
    public var isShallowBoundary: Bool { kind == .shallowBoundary }

    public var description: String {
        var text = context.map { "\($0): \(message)" } ?? message
        if let hint { text += "; \(hint)" }
        return text + " (\(function))"
    }

    /// Turns a libgit2 return code into a thrown `GitError`; passes non-negative codes through.
    ///
    /// Must run on the thread that made the call: libgit2 keeps its last error per thread.
    @discardableResult
    static func check(
        _ rc: Int32, _ function: String, context: @autoclosure () -> String? = nil,
        hint: @autoclosure () -> String? = nil
    ) throws(GitError) -> Int32 {
        guard rc < 0 else { return rc }
        throw fromLast(rc, function, context: context(), hint: hint())
    }

    /// Builds the error for `rc` from `git_error_last()` (thread-local in libgit2).
    static func fromLast(
        _ rc: Int32, _ function: String, context: String? = nil,
        hint: String? = nil
    ) -> GitError {
        var klass = Int32(GIT_ERROR_NONE.rawValue)
        var message = "libgit2 error \(rc)"
        if let last = git_error_last() {
            klass = last.pointee.klass
            if let text = last.pointee.message {
                let string = String(cString: text)
                if !string.isEmpty { message = string }
            }
        }
        return GitError(
            kind: classify(rc: rc, klass: klass), function: function, code: rc,
            message: message, context: context, hint: hint)
    }

    /// Maps libgit2's (code, class) pair onto `Kind`; corruption has no code of its own, so the
    /// object-database and zlib classes with a generic code count as corrupt.
    static func classify(rc: Int32, klass: Int32) -> Kind {
        func isClass(_ value: git_error_t) -> Bool { klass == Int32(value.rawValue) }
        switch rc {
        case GIT_ENOTFOUND.rawValue, GIT_EUNBORNBRANCH.rawValue:
            return isClass(GIT_ERROR_REPOSITORY) ? .notARepository : .notFound
        case GIT_EAMBIGUOUS.rawValue: return .ambiguous
        case GIT_EEXISTS.rawValue: return .exists
        case GIT_EINVALIDSPEC.rawValue, GIT_EINVALID.rawValue, GIT_EPEEL.rawValue: return .invalid
        case GIT_EMISMATCH.rawValue: return .corrupt
        case GIT_EOWNER.rawValue: return .notOwned
        default:
            if isClass(GIT_ERROR_ZLIB) { return .corrupt }
            if rc == GIT_ERROR.rawValue && (isClass(GIT_ERROR_ODB) || isClass(GIT_ERROR_OBJECT)) {
                return .corrupt
            }
            return .other
        }
    }
}

/// One-time, thread-safe libgit2 start-up: Swift runs a global `let` initializer exactly once.
public enum LibGit2 {
    private static let initialized: Int32 = git_libgit2_init()

    static func ensureInitialized() { _ = initialized }

    /// Runs the start-up on a background thread and returns at once, so that its cost (libgit2
    /// 1.5 built with mbedTLS parses the system's CA bundle, ~10 ms) overlaps argument parsing
    /// and policy loading. Nothing changes otherwise: the first repository opened still waits
    /// for the same one-time initializer to finish (a second caller blocks until it has run).
    public static func startInBackground() {
        Thread.detachNewThread { ensureInitialized() }
    }
}
