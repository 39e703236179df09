// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2
import Foundation

/// One non-tree entry of a commit's tree, found by a recursive walk.
public struct TreeEntry: Hashable, Sendable {
    /// What the entry's mode says it is.
    public enum Kind: String, Sendable, Hashable {
        case blob, executable, symlink, submodule
    }

    /// Repository-relative path with `/` separators, decoded lossily when not UTF-8.
    public var path: String
    /// The exact path bytes as stored in the tree.
    public var rawPath: [UInt8]
    /// The raw git mode, e.g. `0o100644`.
    public var mode: UInt32
    public var kind: Kind
    /// The blob id, or the submodule's commit id.
    public var oid: ObjectID
    /// The blob's size in bytes (read from the object header); `nil` for a submodule.
    public var size: Int?

    public init(path: String, rawPath: [UInt8], mode: UInt32, kind: Kind, oid: ObjectID, size: Int?) {
        self.path = path
        self.rawPath = rawPath
        self.mode = mode
        self.kind = kind
        self.oid = oid
        self.size = size
    }

    static func kind(ofMode mode: UInt32) -> Kind {
        switch mode {
        case GIT_FILEMODE_COMMIT.rawValue: return .submodule
        case GIT_FILEMODE_LINK.rawValue: return .symlink
        case GIT_FILEMODE_BLOB_EXECUTABLE.rawValue: return .executable
        default: return .blob
        }
    }
}

extension Repository {
    /// Every blob, symlink and submodule entry in the tree of `commit`, recursively, sorted by
    /// path bytes (git's order for files).
    public func treeEntries(at commit: ObjectID) throws -> [TreeEntry] {
        try treeEntries(at: commit, where: { _ in true })
    }

    /// The entries of `treeEntries(at:)` whose path `keep` accepts; the others are dropped before
    /// their object header (size) is read, which is most of the walk's cost in a large tree.
    public func treeEntries(at commit: ObjectID, where keep: (String) throws -> Bool) throws -> [TreeEntry] {
        try treeEntries(at: commit, where: keep, sizes: true)
    }

    /// `sizes: false` leaves every `size` nil, for a caller that reads them later with
    /// `withSize(_:)` (on several threads, each with its own handle).
    func treeEntries(at commit: ObjectID, where keep: (String) throws -> Bool, sizes: Bool) throws -> [TreeEntry] {
        try locked {
            let context = "reading the tree of \(commit.short) in \(displayPath)"
            let treeID = try lookupCommit(commit).use { ObjectID(git_commit_tree_id($0)) }
            let odb = try objectDatabase()
            func lookup(_ id: ObjectID) throws -> Handle {
                var oid = id.gitOID
                return try Handle.object("git_tree_lookup", context: context) { git_tree_lookup(&$0, raw, &oid) }
            }
            var entries: [TreeEntry] = []
            // Depth first, each tree's entries in their stored order: git sorts a tree's names
            // as if a subtree's ended in `/`, so a well-formed tree yields its paths in byte
            // order and no sort is needed (checked below).
            var open: [(tree: Handle, prefix: [UInt8], next: Int)] = [(try lookup(treeID), [], 0)]
            while let top = open.last {
                let index = top.next
                open[open.count - 1].next += 1
                let subtree = try top.tree.use { pointer -> (prefix: [UInt8], id: ObjectID)? in
                    guard index < git_tree_entrycount(pointer) else {
                        open.removeLast()
                        return nil
                    }
                    guard let entry = git_tree_entry_byindex(pointer, index) else { return nil }
                    let name = copyBytes(git_tree_entry_name(entry))
                    let path = top.prefix.isEmpty ? name : top.prefix + [UInt8(ascii: "/")] + name
                    let mode = UInt32(git_tree_entry_filemode_raw(entry).rawValue)
                    let entryID = ObjectID(git_tree_entry_id(entry))
                    if mode == GIT_FILEMODE_TREE.rawValue { return (path, entryID) }
                    let pathText = String(decoding: path, as: UTF8.self)
                    guard try keep(pathText) else { return nil }
                    let kind = TreeEntry.kind(ofMode: mode)
                    var size: Int?
                    if sizes, kind != .submodule {
                        var length = 0
                        var type = GIT_OBJECT_INVALID
                        var blobOID = entryID.gitOID
                        let rc = odb.use { git_odb_read_header(&length, &type, $0, &blobOID) }
                        try GitError.check(
                            rc, "git_odb_read_header", context: "\(context): reading '\(pathText)'",
                            hint: rc == GIT_ENOTFOUND.rawValue ? shallowHint : nil)
                        size = length
                    }
                    entries.append(
                        TreeEntry(path: pathText, rawPath: path, mode: mode, kind: kind, oid: entryID, size: size))
                    return nil
                }
                if let subtree { open.append((try lookup(subtree.id), subtree.prefix, 0)) }
            }
            return Self.sortedByPath(entries)
        }
    }

    /// `entry` with its blob's size read from the object header, as `treeEntries(at:where:)`
    /// reads it, when it has none; a submodule or an entry with a size is returned as it is.
    func withSize(_ entry: TreeEntry) throws -> TreeEntry {
        guard entry.size == nil, entry.kind != .submodule else { return entry }
        return try locked {
            var length = 0
            var type = GIT_OBJECT_INVALID
            var oid = entry.oid.gitOID
            let rc = try objectDatabase().use { git_odb_read_header(&length, &type, $0, &oid) }
            try GitError.check(
                rc, "git_odb_read_header",
                context: "reading '\(entry.path)' (blob \(entry.oid.short)) in \(displayPath)",
                hint: rc == GIT_ENOTFOUND.rawValue ? shallowHint : nil)
            var sized = entry
            sized.size = length
            return sized
        }
    }

    /// `entries` sorted by path bytes (stable): returned as they are when already in order, as a
    /// well-formed tree's walk is; sorted otherwise (a tree written out of order by other tools).
    static func sortedByPath(_ entries: [TreeEntry]) -> [TreeEntry] {
        if zip(entries, entries.dropFirst()).allSatisfy({ pathBytesPrecede($0.rawPath, $1.rawPath) }) {
            return entries
        }
        return entries.sorted { pathBytesPrecede($0.rawPath, $1.rawPath) }
    }

    /// Byte order (unsigned, a prefix first), as git orders file paths: what
    /// `lexicographicallyPrecedes` says, compared with `memcmp`.
    static func pathBytesPrecede(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let common = min(a.count, b.count)
        let order = a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common) }
        }
        return order != 0 ? order < 0 : a.count < b.count
    }

    /// A blob's bytes, or only its first `maxBytes`. A prefix of a loose object is streamed so
    /// the rest is never inflated; a packed object is inflated whole (libgit2 1.5's pack backend
    /// has no streaming read).
    public func readBlob(_ id: ObjectID, prefix maxBytes: Int? = nil) throws -> [UInt8] {
        try locked {
            let context = "reading blob \(id.short) in \(displayPath)"
            var oid = id.gitOID
            if let maxBytes, let streamed = try streamPrefix(&oid, maxBytes, context: context) {
                return streamed
            }
            var out: OpaquePointer?
            let rc = git_blob_lookup(&out, raw, &oid)
            if rc == GIT_ENOTFOUND.rawValue, let odb = try? objectDatabase() {
                // libgit2 says "not found" for a type mismatch too; name the real type instead.
                var size = 0
                var type = GIT_OBJECT_INVALID
                if odb.use({ git_odb_read_header(&size, &type, $0, &oid) }) == 0 {
                    throw GitError(
                        kind: .invalid, function: "git_blob_lookup", code: GIT_EINVALID.rawValue,
                        message: "object is a \(copyString(git_object_type2string(type))), not a blob",
                        context: context)
                }
            }
            try GitError.check(
                rc, "git_blob_lookup", context: context, hint: rc == GIT_ENOTFOUND.rawValue ? shallowHint : nil)
            guard let out else {
                throw GitError(
                    kind: .other, function: "git_blob_lookup", message: "libgit2 returned no blob", context: context)
            }
            let blob = Handle(out, free: { git_object_free($0) })
            return blob.use { pointer in
                let size = Int(git_blob_rawsize(pointer))
                let count = min(size, maxBytes.map { max(0, $0) } ?? size)
                guard count > 0, let data = git_blob_rawcontent(pointer) else { return [] }
                return Array(UnsafeRawBufferPointer(start: data, count: count))
            }
        }
    }

    /// The first `maxBytes` of a loose blob via libgit2's read stream; `nil` when no backend can
    /// stream the object (it is packed), so the caller falls back to a whole read.
    private func streamPrefix(_ oid: inout git_oid, _ maxBytes: Int, context: String) throws -> [UInt8]? {
        let odb = try objectDatabase()
        var stream: UnsafeMutablePointer<git_odb_stream>?
        var length = 0
        var type = GIT_OBJECT_INVALID
        let rc = odb.use { git_odb_open_rstream(&stream, &length, &type, $0, &oid) }
        guard rc == 0, let stream else { return nil }
        defer { git_odb_stream_free(stream) }
        guard type == GIT_OBJECT_BLOB else {
            throw GitError(
                kind: .invalid, function: "git_odb_open_rstream", code: GIT_EINVALID.rawValue,
                message: "object is a \(copyString(git_object_type2string(type))), not a blob",
                context: context)
        }
        let want = min(length, max(0, maxBytes))
        var bytes = [UInt8](repeating: 0, count: want)
        var filled = 0
        while filled < want {
            // The loose backend returns the number of bytes produced (0 at the end).
            let read = bytes.withUnsafeMutableBytes { buffer in
                git_odb_stream_read(
                    stream, buffer.baseAddress!.assumingMemoryBound(to: CChar.self) + filled,
                    want - filled)
            }
            try GitError.check(read, "git_odb_stream_read", context: context)
            if read == 0 { break }
            filled += Int(read)
        }
        return Array(bytes.prefix(filled))
    }

    /// Reads many blobs on `workers` threads, each with its own `reopen()`ed handle (libgit2
    /// handles are single-threaded). Results are in the order of `ids`; the first error wins.
    public func readBlobs(_ ids: [ObjectID], prefix maxBytes: Int? = nil, workers: Int = 2) throws -> [[UInt8]] {
        let workerCount = max(1, min(workers, ids.count))
        if workerCount == 1 { return try ids.map { try readBlob($0, prefix: maxBytes) } }
        let handles = try (0..<workerCount).map { _ in try reopen() }
        return try parallelMap(
            ids, workers: workerCount,
            perWorker: { worker, id in
                try handles[worker].readBlob(id, prefix: maxBytes)
            })
    }
}
