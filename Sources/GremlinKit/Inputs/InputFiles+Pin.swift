// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The audited commit inputs are compared with, and its tree's file entries once read.
struct Pin {
    var repository: Repository
    var commit: ObjectID
    /// The work tree with symlinks resolved.
    var root: String
    /// Path → entry of the commit's tree; `nil` until first needed.
    var entries: [String: TreeEntry]?
}

extension InputFiles {
    /// Pins every input recorded from now on to `commit`: each gets its `InputState`.
    public func pin(repository: Repository, commit: ObjectID) {
        guard let workdir = repository.workdir else { return }
        let root = Self.realPath(URL(fileURLWithPath: workdir).standardizedFileURL.path) ?? workdir
        pinned.withLock { $0 = Pin(repository: repository, commit: commit, root: root, entries: nil) }
    }

    /// The commit inputs are pinned to, if any.
    public var pinnedCommit: ObjectID? { pinned.withLock { $0?.commit } }

    /// The repository-relative path of an opened input (symlinks resolved), when it lies in the
    /// pinned repository's work tree.
    public func repositoryPath(of input: OpenedInput) -> String? {
        pinned.withLock { pin in
            guard let root = pin?.root, input.realPath.hasPrefix(root + "/") else { return nil }
            return String(input.realPath.dropFirst(root.count + 1))
        }
    }

    /// The input against the pinned commit: `nil` when not pinned, outside the work tree, or
    /// when the commit's tree cannot be read.
    func state(of input: OpenedInput, data: Data?, blobID known: ObjectID? = nil) -> InputState? {
        let lookup: (String, TreeEntry?)? = pinned.withLock { pin in
            guard var current = pin else { return nil }
            guard input.realPath.hasPrefix(current.root + "/") else { return nil }
            if current.entries == nil {
                guard let list = try? current.repository.treeEntries(at: current.commit) else { return nil }
                current.entries = Dictionary(list.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
                pin = current
            }
            let relative = String(input.realPath.dropFirst(current.root.count + 1))
            return (relative, current.entries?[relative])
        }
        guard let (_, entry) = lookup else { return nil }
        guard let entry else { return .untracked }
        guard entry.kind == .blob || entry.kind == .executable, entry.size == input.size else { return .modified }
        guard let id = known ?? data.map({ Self.blobID($0) }) ?? (try? Self.blobID(streaming: input)) else {
            return nil
        }
        return id == entry.oid ? .committed : .modified
    }

    /// The id git gives a blob with these bytes: sha1 of "blob <size>\0" + content.
    static func blobID(_ data: Data) -> ObjectID {
        var hasher = blobHasher(size: data.count)
        hasher.update(data: data)
        return ObjectID(bytes: Array(hasher.finalize())) ?? .zero
    }

    /// sha1 primed with git's blob header for `size` bytes.
    static func blobHasher(size: Int) -> Insecure.SHA1 {
        var hasher = Insecure.SHA1()
        hasher.update(data: Data("blob \(size)\u{0}".utf8))
        return hasher
    }

    /// The git blob id of an opened input, read again from its start.
    static func blobID(streaming input: OpenedInput) throws -> ObjectID? {
        var hasher = blobHasher(size: input.size)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset = 0
        while offset < input.size {
            let count = buffer.withUnsafeMutableBytes { raw in
                pread(input.descriptor, raw.baseAddress!, min(raw.count, input.size - offset), off_t(offset))
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            hasher.update(data: buffer[0..<count])
            offset += count
        }
        return ObjectID(bytes: Array(hasher.finalize()))
    }
}
