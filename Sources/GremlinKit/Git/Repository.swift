// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2
import Foundation

/// An open git repository (work tree, bare, or linked worktree), read through libgit2.
///
/// Threading: libgit2 objects, including a `git_repository` and its object cache, must not be
/// used by two threads at once (libgit2 `docs/threading.md`), and its last-error message is
/// thread-local. So every method here takes an internal lock and reads the error on the same
/// thread as the failing call: sharing one `Repository` is safe but serializes. For parallel
/// work give each worker its own handle with `reopen()` (cheap: it re-reads the config and
/// refs, and packs are mapped on demand), or call `readBlobs(_:prefix:workers:)`, which does so.
public final class Repository: @unchecked Sendable {
    let raw: OpaquePointer
    private let lock = NSRecursiveLock()

    /// The work tree without a trailing slash; `nil` for a bare repository.
    public let workdir: String?
    /// The git directory (`.git`, the bare repository, or `.git/worktrees/NAME` for a linked
    /// worktree) without a trailing slash.
    public let gitDirectory: String
    /// The directory holding objects and refs shared by all worktrees (equals `gitDirectory`
    /// except for a linked worktree).
    public let commonDirectory: String
    public let isBare: Bool
    /// Whether this is a linked worktree (`git worktree add`), not the main one.
    public let isWorktree: Bool

    private init(raw: OpaquePointer) {
        self.raw = raw
        workdir = git_repository_workdir(raw).map { Repository.trimSlash(String(cString: $0)) }
        gitDirectory = Repository.trimSlash(copyString(git_repository_path(raw)))
        commonDirectory = Repository.trimSlash(copyString(git_repository_commondir(raw)))
        isBare = git_repository_is_bare(raw) == 1
        isWorktree = git_repository_is_worktree(raw) == 1
    }

    deinit { git_repository_free(raw) }

    private static func trimSlash(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Opens the repository at exactly `path`: a work tree's root, a `.git` directory, a bare
    /// repository or a linked worktree. Does not search parent directories (see `discover`).
    public static func open(at path: String) throws -> Repository {
        try open(path, flags: GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, verb: "opening")
    }

    /// Finds the repository containing `path` (a subdirectory or file in a work tree), searching
    /// upwards like `git` does, without crossing a file-system boundary.
    public static func discover(from path: String) throws -> Repository {
        try open(path, flags: 0, verb: "looking for a repository from")
    }

    private static func open(_ path: String, flags: UInt32, verb: String) throws -> Repository {
        LibGit2.ensureInitialized()
        var out: OpaquePointer?
        let rc = git_repository_open_ext(&out, path, flags, nil)
        if rc < 0 {
            var error = GitError.fromLast(rc, "git_repository_open_ext", context: "\(verb) '\(path)'")
            // libgit2 1.5 reports a foreign owner as a missing `safe.directory` config value.
            if error.message.contains("safe.directory") {
                error = GitError(
                    kind: .notOwned, function: error.function, code: rc,
                    message: "the repository is owned by another user (\(error.message))",
                    context: error.context)
            }
            switch error.kind {
            case .notFound, .notARepository:
                error = GitError(
                    kind: .notARepository, function: error.function, code: rc,
                    message: "not a git repository (\(error.message))", context: error.context,
                    hint: "run inside a git checkout or point Gremlin at the repository root")
            case .notOwned:
                error = GitError(
                    kind: .notOwned, function: error.function, code: rc, message: error.message,
                    context: error.context,
                    hint: "run as its owner, or trust it: git config --global --add safe.directory <path>")
            default: break
            }
            throw error
        }
        guard let out else {
            throw GitError(
                kind: .other, function: "git_repository_open_ext", message: "no repository returned",
                context: "\(verb) '\(path)'")
        }
        return Repository(raw: out)
    }

    /// A new, independent handle on the same repository, for use on another thread.
    public func reopen() throws -> Repository {
        try Repository.open(at: workdir ?? gitDirectory)
    }

    /// Whether this is a shallow clone (`.git/shallow` lists grafted roots whose parents are absent).
    public var isShallow: Bool {
        locked { git_repository_is_shallow(raw) == 1 }
    }

    /// A short name for messages: the work tree, or the git directory for a bare repository.
    public var displayPath: String { workdir ?? gitDirectory }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    var shallowHint: String? {
        git_repository_is_shallow(raw) == 1
            ? "this is a shallow clone that may not contain it: fetch the full history (fetch-depth: 0)"
            : nil
    }

    // MARK: - Revisions

    /// Resolves any revision git understands (`HEAD`, a branch, a tag, a full or abbreviated id,
    /// `HEAD~2`, `origin/main`, `v1^{commit}`) and peels it to a commit.
    ///
    /// Throws `.notFound` (with a shallow-clone hint when relevant), `.ambiguous`, or `.invalid`
    /// when it names a tree or blob.
    public func resolve(_ revision: String) throws -> ObjectID {
        try locked {
            let context = "resolving revision '\(revision)' in \(displayPath)"
            guard !revision.isEmpty else {
                throw GitError(
                    kind: .invalid, function: "resolve", code: GIT_EINVALIDSPEC.rawValue,
                    message: "empty revision", context: context)
            }
            let object: Handle
            do {
                object = try Handle.object("git_revparse_single", context: context) {
                    git_revparse_single(&$0, raw, revision)
                }
            } catch let error as GitError
                where error.kind == .ambiguous && revision.utf8.allSatisfy({ ObjectID.nibble($0) != nil })
            {
                // libgit2 counts blobs and trees as candidates too; git itself prefers the commit.
                return try resolveCommitPrefixLocked(revision)
            } catch let error as GitError where error.kind == .notFound {
                throw GitError(
                    kind: .notFound, function: error.function, code: error.code,
                    message: error.message, context: context, hint: shallowHint)
            }
            return try peelToCommit(object, context: context)
        }
    }

    func peelToCommit(_ object: Handle, context: String) throws -> ObjectID {
        let type = object.use { git_object_type($0) }
        switch type {
        case GIT_OBJECT_COMMIT:
            return object.use { ObjectID(git_object_id($0)) }
        case GIT_OBJECT_TAG:
            let peeled = try Handle.object("git_object_peel", context: context) { out in
                object.use { git_object_peel(&out, $0, GIT_OBJECT_COMMIT) }
            }
            return peeled.use { ObjectID(git_object_id($0)) }
        default:
            let name = copyString(git_object_type2string(type))
            throw GitError(
                kind: .invalid, function: "git_object_type", code: GIT_EPEEL.rawValue,
                message: "it names a \(name), not a commit", context: context)
        }
    }

    /// Resolves an abbreviated commit id (4 to 40 hex digits). Only commits count as candidates,
    /// as in `git rev-parse abcd^{commit}`; throws `.ambiguous` when two commits share the prefix
    /// and `.notFound` when none has it.
    public func resolveCommitPrefix(_ hex: String) throws -> ObjectID {
        try locked { try resolveCommitPrefixLocked(hex) }
    }

    private func resolveCommitPrefixLocked(_ hex: String) throws -> ObjectID {
        let context = "resolving commit '\(hex)' in \(displayPath)"
        let nibbles = hex.utf8.compactMap(ObjectID.nibble)
        guard (4...40).contains(hex.utf8.count), nibbles.count == hex.utf8.count else {
            throw GitError(
                kind: .invalid, function: "resolveCommitPrefix", code: GIT_EINVALIDSPEC.rawValue,
                message: "an abbreviated commit needs 4 to 40 hex digits", context: context)
        }
        var oid = git_oid()
        try GitError.check(git_oid_fromstrn(&oid, hex, hex.utf8.count), "git_oid_fromstrn", context: context)
        do {
            let object = try Handle.object("git_object_lookup_prefix", context: context) {
                git_object_lookup_prefix(&$0, raw, &oid, hex.utf8.count, GIT_OBJECT_ANY)
            }
            return try peelToCommit(object, context: context)
        } catch let error as GitError where error.kind == .ambiguous {
            let commits = try commitsMatching(nibbles: nibbles.map { UInt8($0) }, context: context)
            if commits.count == 1 { return commits[0] }
            if commits.isEmpty {
                throw GitError(
                    kind: .notFound, function: "git_odb_foreach", code: GIT_ENOTFOUND.rawValue,
                    message: "no commit has this prefix (other objects do)", context: context,
                    hint: shallowHint)
            }
            throw GitError(
                kind: .ambiguous, function: "git_odb_foreach", code: GIT_EAMBIGUOUS.rawValue,
                message: "\(commits.count) commits share this prefix: "
                    + commits.map(\.short).joined(separator: ", "),
                context: context, hint: "use more hex digits")
        } catch let error as GitError where error.kind == .notFound {
            throw GitError(
                kind: .notFound, function: error.function, code: error.code,
                message: error.message, context: context, hint: shallowHint)
        }
    }

    /// Every commit whose id starts with `nibbles`, sorted. Scans the whole object database, so
    /// it runs only after libgit2 reported an ambiguity.
    private func commitsMatching(nibbles: [UInt8], context: String) throws -> [ObjectID] {
        final class Scan {
            let nibbles: [UInt8]
            var matches: [git_oid] = []
            init(_ nibbles: [UInt8]) { self.nibbles = nibbles }
        }
        let odb = try objectDatabase()
        let scan = Scan(nibbles)
        let rc = odb.use { db in
            git_odb_foreach(
                db,
                { oid, payload in
                    guard let oid, let payload else { return 0 }
                    let scan = Unmanaged<Scan>.fromOpaque(payload).takeUnretainedValue()
                    let matches = withUnsafeBytes(of: oid.pointee.id) { bytes -> Bool in
                        for (index, nibble) in scan.nibbles.enumerated() {
                            let byte = bytes[index / 2]
                            if (index % 2 == 0 ? byte >> 4 : byte & 0x0f) != nibble { return false }
                        }
                        return true
                    }
                    if matches { scan.matches.append(oid.pointee) }
                    return 0
                }, Unmanaged.passUnretained(scan).toOpaque())
        }
        withExtendedLifetime(scan) {}
        try GitError.check(rc, "git_odb_foreach", context: context)
        var commits = Set<ObjectID>()
        for var oid in scan.matches {
            var size = 0
            var type = GIT_OBJECT_INVALID
            let header = odb.use { git_odb_read_header(&size, &type, $0, &oid) }
            try GitError.check(header, "git_odb_read_header", context: context)
            if type == GIT_OBJECT_COMMIT { commits.insert(ObjectID(oid)) }
        }
        return commits.sorted()
    }

    func objectDatabase() throws(GitError) -> Handle {
        try Handle.make(
            "git_repository_odb", context: "opening the object database of \(displayPath)",
            free: { git_odb_free($0) }
        ) { git_repository_odb(&$0, raw) }
    }

    // MARK: - HEAD and identity

    /// The full name of the branch HEAD points to (`refs/heads/main`), also for a branch with no
    /// commit yet; `nil` when HEAD is detached or unreadable.
    public func headReference() -> String? {
        locked {
            guard
                let head = try? Handle.make(
                    "git_reference_lookup", free: { git_reference_free($0) },
                    {
                        git_reference_lookup(&$0, raw, "HEAD")
                    })
            else { return nil }
            return head.use { ref -> String? in
                guard git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC,
                    let target = git_reference_symbolic_target(ref)
                else { return nil }
                return String(cString: target)
            }
        }
    }

    /// The identity from git config (`user.name`, `user.email`) with the current time; `nil` when
    /// not configured.
    public func defaultSignature() -> Signature? {
        locked {
            var out: UnsafeMutablePointer<git_signature>?
            guard git_signature_default(&out, raw) == 0, let out else { return nil }
            defer { git_signature_free(out) }
            return Signature(out.pointee)
        }
    }
}
