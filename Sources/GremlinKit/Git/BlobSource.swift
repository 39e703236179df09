// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Where a content scanner (headers, secrets) takes its files from: a commit's tree, or the
/// staged content of the index, as a pre-commit hook must (the work tree may differ from what
/// is being committed). Either way the bytes come from git objects via `readBlob`.
public enum BlobSource: Sendable, Equatable {
    /// Every file in the tree of a commit.
    case commit(ObjectID)
    /// Staged files (stage-0 index entries). `changedOnly`: only those added or changed
    /// relative to HEAD's tree (all of them when HEAD is unborn), so a hook checks what this
    /// commit brings, not the whole history's debt.
    case staged(changedOnly: Bool)

    /// The entries to scan whose path `keep` accepts, sorted by path bytes. Filtering here
    /// rather than after spares a large tree's walk the object headers of unselected files.
    public func entries(in repository: Repository, where keep: (String) -> Bool = { _ in true }) throws -> [TreeEntry] {
        try entries(in: repository, where: keep, sizes: true)
    }

    /// `sizes: false`: a commit's entries come without their blob sizes (see
    /// `Repository.withSize(_:)`); staged entries always have them.
    func entries(in repository: Repository, where keep: (String) -> Bool, sizes: Bool) throws -> [TreeEntry] {
        switch self {
        case .commit(let commit):
            return try repository.treeEntries(at: commit, where: keep, sizes: sizes)
        case .staged(let changedOnly):
            let staged = try repository.stagedEntries().filter { keep($0.path) }
            guard changedOnly, let head = try? repository.resolve("HEAD") else { return staged }
            var committed: [[UInt8]: (ObjectID, UInt32)] = [:]
            for entry in try repository.treeEntries(at: head) { committed[entry.rawPath] = (entry.oid, entry.mode) }
            return staged.filter { entry in
                guard let known = committed[entry.rawPath] else { return true }
                return known.0 != entry.oid || known.1 != entry.mode
            }
        }
    }

    /// How reports name the source: `the index` or the short commit id.
    public var label: String {
        switch self {
        case .commit(let commit): return commit.short
        case .staged(let changedOnly): return changedOnly ? "the index (changes staged since HEAD)" : "the index"
        }
    }
}
