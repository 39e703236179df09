// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2
import Foundation

/// git's index stat data, read once, so that a blob's first bytes can be taken from the work
/// tree when the index proves the file there holds exactly those bytes.
///
/// The proof, per file, is git's own (`git status` trusts the same data): the stage-0 entry has
/// the audited blob's id, is not racily clean (modified no later than the index was written), is
/// not assume-unchanged, skip-worktree or intent-to-add; the file's size, mtime, ctime and inode,
/// taken with `fstat` after its bytes were read, equal the entry's; its size equals the blob's;
/// and no filter (`text`/`eol`/`ident`/`filter=`, `core.autocrlf`) rewrites it on checkout.
/// Anything else is read from the object database.
public final class WorkTreeSnapshot: @unchecked Sendable {
    struct Entry: IndexTimes {
        var oid: ObjectID
        var size: UInt32
        var mtimeSeconds: Int64, mtimeNanoseconds: Int
        var ctimeSeconds: Int64, ctimeNanoseconds: Int
        var inode: UInt32
    }

    /// Stage-0 regular-file entries that are not racily clean, by path bytes.
    let entries: [PathKey: Entry]
    /// The work tree, opened once: files are opened relative to it.
    private let directory: Int32
    /// True when no attribute source sets a filter-selecting attribute and libgit2 applies no
    /// filter to a probe path: then every path is checked out verbatim (attributes are what makes
    /// paths differ), and the per-file libgit2 check, ~60 system calls each, is not needed.
    let allVerbatim: Bool

    init(entries: [PathKey: Entry], directory: Int32, allVerbatim: Bool) {
        self.entries = entries
        self.directory = directory
        self.allVerbatim = allVerbatim
    }

    deinit { close(directory) }

    /// How many entries may be read from the work tree (tests use it).
    public var count: Int { entries.count }

    /// Reads up to `limit` bytes (all when `nil`) of the work-tree file at `path` when its stat
    /// data, taken after the read, still matches `entry` and its size is `blobSize`; else `nil`.
    func read(_ path: [UInt8], entry: Entry, blobSize: Int, limit: Int?) -> [UInt8]? {
        // The NUL-terminated name on the stack, not in a new array per file.
        let descriptor = path.withUnsafeBufferPointer { bytes in
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { name in
                for (offset, byte) in bytes.enumerated() { name[offset] = CChar(bitPattern: byte) }
                name[bytes.count] = 0
                // O_NONBLOCK: a FIFO put at the path must not hang the audit (no effect on a
                // regular file).
                return openat(directory, name.baseAddress!, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            }
        }
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let want = min(blobSize, limit.map { max(0, $0) } ?? blobSize)
        var complete = true
        // Filled by the reads alone (no zeroing first); only a complete read is used.
        let bytes = [UInt8](unsafeUninitializedCapacity: want) { buffer, initialized in
            while initialized < want {
                let count = pread(descriptor, buffer.baseAddress! + initialized, want - initialized, off_t(initialized))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    complete = false
                    return
                }
                initialized += count
            }
        }
        guard complete else { return nil }
        // After the read: a write before this point changed ctime (which no caller can set).
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
            Int(info.st_size) == blobSize, UInt32(truncatingIfNeeded: info.st_size) == entry.size,
            entry.inode == 0 || entry.inode == UInt32(truncatingIfNeeded: info.st_ino)
        else { return nil }
        guard entry.timesMatch(info) else { return nil }
        return bytes
    }
}

/// A path's bytes as a dictionary key, hashed in one pass (`[UInt8]`'s own `Hashable` feeds
/// the hasher one byte at a time, which dominated building and probing the snapshot).
struct PathKey: Hashable {
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (a: PathKey, b: PathKey) -> Bool { a.bytes == b.bytes }
}

/// Where `Repository.readBlob(_:prefix:snapshot:)` took a blob's bytes from.
public enum BlobOrigin: Sendable, Equatable {
    case workTree, objectDatabase
}

extension Repository {
    /// The index's stat data for the work-tree shortcut, read once; `nil` for a bare repository
    /// or when the index cannot be read consistently (the caller then reads objects only).
    public func workTreeSnapshot() -> WorkTreeSnapshot? {
        locked { () -> WorkTreeSnapshot? in
            guard let workdir else { return nil }
            // The file `git_repository_index` would read (the linked worktree's own index for a
            // worktree), read here once: through the repository, it would be parsed when first
            // opened and again by a forced re-read.
            let pathBuffer = Buffer()
            guard git_repository_item_path(&pathBuffer.raw, raw, GIT_REPOSITORY_ITEM_INDEX) == 0 else { return nil }
            let indexPath = pathBuffer.string
            // The index's mtime bounds which entries are racily clean; it must be the mtime of
            // the very file read, so stat it before and after reading it.
            var before = stat()
            var after = stat()
            guard stat(indexPath, &before) == 0,
                let index = try? Handle.make(
                    "git_index_open", free: { git_index_free($0) }, { git_index_open(&$0, indexPath) }),
                stat(indexPath, &after) == 0,
                Self.sameFile(before, after),
                // The handle's index from now on, with its owner's capabilities (ignore-case
                // order), just as git_repository_index would set it up: libgit2's attribute
                // lookups below (checkout filters) then use it instead of parsing the file again.
                index.use({ git_repository_set_index(raw, $0) }) == 0,
                index.use({ git_index_set_caps($0, Int32(GIT_INDEX_CAPABILITY_FROM_OWNER.rawValue)) }) == 0
            else { return nil }
            #if os(Linux)
                let written = (Int64(after.st_mtim.tv_sec), Int(after.st_mtim.tv_nsec))
            #else
                let written = (Int64(after.st_mtimespec.tv_sec), Int(after.st_mtimespec.tv_nsec))
            #endif
            let skipFlags = UInt16(GIT_INDEX_ENTRY_STAGEMASK) | UInt16(GIT_INDEX_ENTRY_VALID.rawValue)
            let skipExtended = UInt16(GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue | GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue)
            var entries: [PathKey: WorkTreeSnapshot.Entry] = [:]
            var directories: Set<PathKey> = [PathKey([])]
            var indexAttributes: [ObjectID] = []
            var probe: [UInt8]?
            index.use { pointer in
                let count = git_index_entrycount(pointer)
                entries.reserveCapacity(count)
                for position in 0..<count {
                    guard let raw = git_index_get_byindex(pointer, position)?.pointee else { continue }
                    let path = copyBytes(raw.path)
                    let slash = path.lastIndex(of: UInt8(ascii: "/"))
                    if path[(slash.map { $0 + 1 } ?? 0)...].elementsEqual(Self.attributesName) {
                        indexAttributes.append(ObjectID(raw.id))
                    }
                    // Every ancestor directory: each may hold a `.gitattributes` for this path.
                    var end = slash
                    while let cut = end, directories.insert(PathKey(Array(path[..<cut]))).inserted {
                        end = path[..<cut].lastIndex(of: UInt8(ascii: "/"))
                    }
                    guard raw.flags & skipFlags == 0, raw.flags_extended & skipExtended == 0,
                        raw.mode == GIT_FILEMODE_BLOB.rawValue || raw.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue,
                        (Int64(raw.mtime.seconds), Int(raw.mtime.nanoseconds)) < written
                    else { continue }
                    if probe == nil { probe = path }
                    entries[PathKey(path)] = WorkTreeSnapshot.Entry(
                        oid: ObjectID(raw.id), size: raw.file_size,
                        mtimeSeconds: Int64(raw.mtime.seconds), mtimeNanoseconds: Int(raw.mtime.nanoseconds),
                        ctimeSeconds: Int64(raw.ctime.seconds), ctimeNanoseconds: Int(raw.ctime.nanoseconds),
                        inode: raw.ino)
                }
            }
            guard let probe else { return nil }
            let directory = Foundation.open(workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard directory >= 0 else { return nil }
            var allVerbatim = false
            if !attributesMayFilter(workTree: directory, directories: directories, indexAttributes: indexAttributes) {
                // No attribute that selects a filter is set anywhere, so what libgit2 decides for
                // one path (from the configuration alone) holds for every path.
                guard (try? checkoutIsVerbatim(probe, context: "probing checkout filters in \(workdir)")) == true else {
                    close(directory)
                    return nil
                }
                allVerbatim = true
            }
            return WorkTreeSnapshot(entries: entries, directory: directory, allVerbatim: allVerbatim)
        }
    }

    private static let attributesName = Array(".gitattributes".utf8)

    /// Attributes that decide a checkout filter: libgit2's crlf filter reads `text eol crlf`,
    /// ident `ident`, a driver `filter`; `binary` is a macro unsetting `text`; git's own
    /// checkout also re-encodes by `working-tree-encoding`.
    static let filterAttributes: Set<String> = [
        "text", "eol", "crlf", "ident", "filter", "binary", "working-tree-encoding",
    ]

    /// Whether a gitattributes text may set an attribute that selects a checkout filter: any
    /// token naming one of `filterAttributes` (after `-`/`!`, before `=`), or any macro
    /// definition (`[attr]`), which could expand to one. Errs towards yes.
    static func mayFilter(attributes text: [UInt8]) -> Bool {
        for line in text.split(whereSeparator: { $0 == 10 || $0 == 13 }) {
            let tokens = line.split(whereSeparator: { $0 == 32 || $0 == 9 })
            guard let first = tokens.first, first.first != UInt8(ascii: "#") else { continue }
            if first.starts(with: Array("[attr]".utf8)) { return true }
            for token in tokens {
                var name = token[...]
                while let lead = name.first, lead == UInt8(ascii: "-") || lead == UInt8(ascii: "!") {
                    name = name.dropFirst()
                }
                if let equals = name.firstIndex(of: UInt8(ascii: "=")) { name = name[..<equals] }
                if filterAttributes.contains(String(decoding: name, as: UTF8.self)) { return true }
            }
        }
        return false
    }

    /// Whether any place gitattributes(5) reads may set a filter-selecting attribute:
    /// `.gitattributes` in any directory holding an index entry (work tree and index), the
    /// `info/attributes` files, `core.attributesFile` (any value counts) or the XDG
    /// `git/attributes`, and the system `gitattributes`. An unreadable place counts as yes.
    private func attributesMayFilter(
        workTree: Int32, directories: Set<PathKey>,
        indexAttributes: [ObjectID]
    ) -> Bool {
        /// nil: absent; otherwise the contents ([] when unreadable, so callers treat it as yes).
        func contents(_ path: [UInt8], relativeTo base: Int32) -> [UInt8]?? {
            var name = path.map { CChar(bitPattern: $0) }
            name.append(0)
            var info = stat()
            if fstatat(base, name, &info, AT_SYMLINK_NOFOLLOW) != 0 {
                return errno == ENOENT || errno == ENOTDIR ? .some(nil) : nil
            }
            guard (info.st_mode & S_IFMT) == S_IFREG else { return nil }
            let descriptor = openat(base, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { return nil }
                if count == 0 { return .some(bytes) }
                bytes += chunk[..<count]
            }
        }
        func mayFilter(_ path: [UInt8], relativeTo base: Int32) -> Bool {
            switch contents(path, relativeTo: base) {
            case .none: return true  // there but unreadable
            case .some(.none): return false  // absent
            case .some(.some(let text)): return Self.mayFilter(attributes: text)
            }
        }
        for directory in directories {
            let name =
                directory.bytes.isEmpty
                ? Self.attributesName : directory.bytes + [UInt8(ascii: "/")] + Self.attributesName
            if mayFilter(name, relativeTo: workTree) { return true }
        }
        for blob in indexAttributes {
            guard let text = try? readBlob(blob), !Self.mayFilter(attributes: text) else { return true }
        }
        for file in Set([gitDirectory, commonDirectory]).map({ $0 + "/info/attributes" })
        where mayFilter(Array(file.utf8), relativeTo: AT_FDCWD) { return true }

        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, raw) == 0, let config else { return true }
        defer { git_config_free(config) }
        var entry: UnsafeMutablePointer<git_config_entry>?
        let rc = git_config_get_entry(&entry, config, "core.attributesfile")
        if let entry { git_config_entry_free(entry) }
        guard rc == GIT_ENOTFOUND.rawValue else { return true }

        for (level, file) in [(GIT_CONFIG_LEVEL_XDG, "attributes"), (GIT_CONFIG_LEVEL_SYSTEM, "gitattributes")] {
            let buffer = Buffer()
            guard gremlin_git_search_path(level, &buffer.raw) == 0 else { return true }
            for folder in buffer.string.split(separator: ":")
            where mayFilter(Array((folder + "/" + file).utf8), relativeTo: AT_FDCWD) { return true }
        }
        return false
    }

    private static func sameFile(_ a: stat, _ b: stat) -> Bool {
        #if os(Linux)
            let (ma, mb, ca, cb) = (a.st_mtim, b.st_mtim, a.st_ctim, b.st_ctim)
        #else
            let (ma, mb, ca, cb) = (a.st_mtimespec, b.st_mtimespec, a.st_ctimespec, b.st_ctimespec)
        #endif
        return a.st_ino == b.st_ino && a.st_size == b.st_size && ma.tv_sec == mb.tv_sec && ma.tv_nsec == mb.tv_nsec
            && ca.tv_sec == cb.tv_sec && ca.tv_nsec == cb.tv_nsec
    }

    /// The bytes of `entry`'s blob, whole or its first `maxBytes`: from the work tree when
    /// `snapshot` proves the file holds exactly the blob's bytes (see `WorkTreeSnapshot`), else
    /// through `readBlob(_:prefix:)`.
    public func readBlob(
        _ entry: TreeEntry, prefix maxBytes: Int?,
        snapshot: WorkTreeSnapshot?
    ) throws -> (bytes: [UInt8], source: BlobOrigin) {
        if let snapshot, entry.kind == .blob || entry.kind == .executable, let size = entry.size,
            let staged = snapshot.entries[PathKey(entry.rawPath)], staged.oid == entry.oid,
            let bytes = snapshot.read(entry.rawPath, entry: staged, blobSize: size, limit: maxBytes),
            try snapshot.allVerbatim
                || checkoutIsVerbatim(entry.rawPath, context: "reading '\(entry.path)' in \(displayPath)")
        {
            return (bytes, .workTree)
        }
        return (try readBlob(entry.oid, prefix: maxBytes), .objectDatabase)
    }

    /// Whether checking `path` out writes the blob's bytes unchanged: no built-in filter (crlf,
    /// ident) applies, no `filter=` driver (LFS and the like) is named for it and no
    /// `working-tree-encoding` (git re-encodes; libgit2 does not know it) is set.
    func checkoutIsVerbatim(_ path: [UInt8], context: @autoclosure () -> String) throws -> Bool {
        try locked {
            var name = path.map { CChar(bitPattern: $0) }
            name.append(0)
            var filters: OpaquePointer?
            try GitError.check(
                git_filter_list_load(
                    &filters, raw, nil, name, GIT_FILTER_TO_WORKTREE,
                    GIT_FILTER_DEFAULT.rawValue),
                "git_filter_list_load", context: context())
            if let filters {
                git_filter_list_free(filters)
                return false
            }
            // Drivers libgit2 cannot run (LFS and the like), and git's re-encoding on checkout.
            for attribute in ["filter", "working-tree-encoding"] {
                var value: UnsafePointer<CChar>?
                try GitError.check(
                    git_attr_get(&value, raw, UInt32(GIT_ATTR_CHECK_FILE_THEN_INDEX), name, attribute),
                    "git_attr_get", context: context())
                let kind = git_attr_value(value)
                guard kind == GIT_ATTR_VALUE_UNSPECIFIED || kind == GIT_ATTR_VALUE_FALSE else { return false }
            }
            return true
        }
    }
}
