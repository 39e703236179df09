// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2
import Foundation

/// One entry of the index (staging area), with the stat data git recorded for it.
public struct IndexEntry: Hashable, Sendable {
    /// Repository-relative path, decoded lossily when not UTF-8.
    public var path: String
    public var rawPath: [UInt8]
    public var oid: ObjectID
    /// The raw git mode, e.g. `0o100644`.
    public var mode: UInt32
    public var kind: TreeEntry.Kind
    /// The work-tree file's size when staged (git keeps only the low 32 bits).
    public var size: Int
    /// The work-tree file's modification time when staged: seconds and nanoseconds.
    public var mtimeSeconds: Int64
    public var mtimeNanoseconds: Int
    /// 0 normally; 1 (base), 2 (ours) or 3 (theirs) during a conflicted merge.
    public var stage: Int

    // Kept to compare with a fresh stat() in `workTreeFileMatches`.
    var inode: UInt32 = 0
    var ctimeSeconds: Int64 = 0
    var ctimeNanoseconds: Int = 0

    init(_ raw: git_index_entry) {
        rawPath = copyBytes(raw.path)
        path = String(decoding: rawPath, as: UTF8.self)
        oid = ObjectID(raw.id)
        mode = raw.mode
        kind = TreeEntry.kind(ofMode: raw.mode)
        size = Int(raw.file_size)
        mtimeSeconds = Int64(raw.mtime.seconds)
        mtimeNanoseconds = Int(raw.mtime.nanoseconds)
        stage = Int((raw.flags & UInt16(GIT_INDEX_ENTRY_STAGEMASK)) >> UInt16(GIT_INDEX_ENTRY_STAGESHIFT))
        inode = raw.ino
        ctimeSeconds = Int64(raw.ctime.seconds)
        ctimeNanoseconds = Int(raw.ctime.nanoseconds)
    }
}

extension Repository {
    private func openIndex(_ context: String) throws -> Handle {
        let index = try Handle.make("git_repository_index", context: context, free: { git_index_free($0) }) {
            git_repository_index(&$0, raw)
        }
        // The repository caches its index; re-read it if another process (git add) changed it.
        try index.use { try GitError.check(git_index_read($0, 0), "git_index_read", context: context) }
        return index
    }

    /// Every index entry, in index order (path bytes, then stage).
    public func indexEntries() throws -> [IndexEntry] {
        try locked {
            let index = try openIndex("reading the index of \(displayPath)")
            return index.use { pointer in
                (0..<git_index_entrycount(pointer)).compactMap {
                    git_index_get_byindex(pointer, $0).map { IndexEntry($0.pointee) }
                }
            }
        }
    }

    /// The staged (stage 0) entry for `path`, or `nil` when it is not staged.
    public func indexEntry(at path: String) throws -> IndexEntry? {
        try locked {
            let index = try openIndex("reading the index of \(displayPath)")
            return index.use { git_index_get_bypath($0, path, 0).map { IndexEntry($0.pointee) } }
        }
    }

    /// The staged content of `path` (whole, or its first `maxBytes`), or `nil` when not staged:
    /// what a pre-commit hook must check, whatever the work tree holds.
    public func stagedBlob(at path: String, prefix maxBytes: Int? = nil) throws -> [UInt8]? {
        try locked {
            guard let entry = try indexEntry(at: path) else { return nil }
            guard entry.kind != .submodule else { return nil }
            return try readBlob(entry.oid, prefix: maxBytes)
        }
    }

    /// Whether the work-tree file at `path` holds exactly the bytes of `blob`, so a caller may
    /// read it from disk instead of inflating the blob.
    ///
    /// Cheap when git's index vouches for it: the entry has this blob, its stat data (size,
    /// mtime, ctime, inode) still matches the file, the entry is not racily clean (written in the
    /// same second as the index), the sizes agree, and no filter (`text`/`eol`/`ident`/`filter=`
    /// such as LFS) rewrites the bytes on checkout. Otherwise the file is hashed as it is on disk.
    /// `false` for a missing file, a symlink or a directory.
    public func workTreeFileMatches(_ path: String, blob: ObjectID) throws -> Bool {
        switch try compareWorkTreeFile(path, blob: blob) {
        case .matchesByIndex, .matchesByHash: return true
        case .missing, .differs: return false
        }
    }

    /// How `workTreeFileMatches` decided; tests use it to prove the cheap path is taken.
    enum WorkTreeComparison: Equatable { case missing, differs, matchesByIndex, matchesByHash }

    func compareWorkTreeFile(_ path: String, blob: ObjectID) throws -> WorkTreeComparison {
        try locked {
            let context = "comparing work-tree file '\(path)' with blob \(blob.short)"
            guard let workdir else {
                throw GitError(
                    kind: .invalid, function: "git_repository_workdir", code: GIT_EBAREREPO.rawValue,
                    message: "a bare repository has no work tree", context: context)
            }
            let fullPath = workdir + "/" + path
            var info = stat()
            guard lstat(fullPath, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .missing }

            let odb = try objectDatabase()
            var blobOID = blob.gitOID
            var blobSize = 0
            var type = GIT_OBJECT_INVALID
            try odb.use {
                try GitError.check(
                    git_odb_read_header(&blobSize, &type, $0, &blobOID), "git_odb_read_header", context: context)
            }
            guard type == GIT_OBJECT_BLOB, Int(info.st_size) == blobSize else { return .differs }

            if try indexVouches(for: path, stat: info, blob: blob, context: context) {
                return .matchesByIndex
            }
            var fileOID = git_oid()
            try GitError.check(
                git_odb_hashfile(&fileOID, fullPath, GIT_OBJECT_BLOB), "git_odb_hashfile", context: context)
            return ObjectID(fileOID) == blob ? .matchesByHash : .differs
        }
    }

    private func indexVouches(
        for path: String, stat info: stat, blob: ObjectID,
        context: String
    ) throws -> Bool {
        guard let entry = try indexEntry(at: path), entry.oid == blob, entry.kind != .symlink,
            entry.size == Int(UInt32(truncatingIfNeeded: info.st_size))
        else { return false }
        guard entry.timesMatch(info), entry.inode == 0 || entry.inode == UInt32(truncatingIfNeeded: info.st_ino)
        else { return false }

        // Racily clean: a file changed within the index's own timestamp keeps matching stat data.
        var indexInfo = stat()
        guard lstat(gitDirectory + "/index", &indexInfo) == 0 else { return false }
        #if os(Linux)
            let indexTime = indexInfo.st_mtim
        #else
            let indexTime = indexInfo.st_mtimespec
        #endif
        guard (entry.mtimeSeconds, entry.mtimeNanoseconds) < (Int64(indexTime.tv_sec), Int(indexTime.tv_nsec)) else {
            return false
        }

        return try checkoutIsVerbatim(Array(path.utf8), context: context)
    }
}

/// The stat times an index entry records, as both index readers hold them.
protocol IndexTimes {
    var mtimeSeconds: Int64 { get }
    var mtimeNanoseconds: Int { get }
    var ctimeSeconds: Int64 { get }
    var ctimeNanoseconds: Int { get }
}

extension IndexEntry: IndexTimes {}

extension IndexTimes {
    /// Whether the file's mtime and ctime are the ones the index recorded, to the nanosecond
    /// (a write changes ctime, which no caller can set back).
    func timesMatch(_ info: stat) -> Bool {
        #if os(Linux)
            let (mtime, ctime) = (info.st_mtim, info.st_ctim)
        #else
            let (mtime, ctime) = (info.st_mtimespec, info.st_ctimespec)
        #endif
        return mtimeSeconds == Int64(mtime.tv_sec) && mtimeNanoseconds == Int(mtime.tv_nsec)
            && ctimeSeconds == Int64(ctime.tv_sec) && ctimeNanoseconds == Int(ctime.tv_nsec)
    }
}
