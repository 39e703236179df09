// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2
import Foundation

extension Repository {
    /// The staged files — stage-0 index entries — as tree entries with their blob's real size
    /// (the index records the work-tree file's size, which filters such as CRLF can change), in
    /// path-byte order. What a commit made now would contain; pre-commit hooks scan this.
    ///
    /// An index with unresolved merge conflicts is an error: there is no single staged content.
    public func stagedEntries() throws -> [TreeEntry] {
        let entries = try indexEntries()
        let conflicted = Set(entries.filter { $0.stage != 0 }.map(\.path)).sorted()
        if !conflicted.isEmpty {
            let shown = conflicted.prefix(5).joined(separator: ", ") + (conflicted.count > 5 ? ", …" : "")
            throw InputError(
                message: "the index has unresolved merge conflicts in \(shown)",
                fix: "resolve them and `git add` the result, then run again")
        }
        return try locked {
            let odb = try objectDatabase()
            return try entries.map { entry in
                var size: Int?
                if entry.kind != .submodule {
                    var length = 0
                    var type = GIT_OBJECT_INVALID
                    var oid = entry.oid.gitOID
                    let rc = odb.use { git_odb_read_header(&length, &type, $0, &oid) }
                    try GitError.check(
                        rc, "git_odb_read_header",
                        context: "reading staged blob \(entry.oid.short) of '\(entry.path)' in \(displayPath)")
                    size = length
                }
                return TreeEntry(
                    path: entry.path, rawPath: entry.rawPath, mode: entry.mode, kind: entry.kind,
                    oid: entry.oid, size: size)
            }.sorted { $0.rawPath.lexicographicallyPrecedes($1.rawPath) }
        }
    }
}
