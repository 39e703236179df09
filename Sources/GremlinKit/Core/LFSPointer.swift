// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// A Git LFS pointer file: what git stores in place of a file tracked by LFS. The content
/// itself is not in the repository, so no check that reads blobs can vouch for it.
public enum LFSPointer {
    /// The first line of every pointer (spec v1).
    public static let magic = Array("version https://git-lfs.github.com/spec/v1".utf8)
    /// Pointers are small by specification (under 1024 bytes).
    static let maxSize = 1024
    static let oidKey = Array("oid sha256:".utf8)
    static let sizeKey = Array("size ".utf8)

    /// The finding message both checks use.
    public static let message = "content not in the repository (Git LFS pointer); the gate cannot scan it"

    /// True when `bytes` is a Git LFS pointer: the spec's `version` first line, then an
    /// `oid sha256:` line and a `size` line, all within 1024 bytes.
    public static func isPointer<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        guard bytes.count < maxSize, bytes.starts(with: magic) else { return false }
        var hasOID = false
        var hasSize = false
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            if line.starts(with: oidKey) { hasOID = true }
            if line.starts(with: sizeKey) { hasSize = true }
        }
        return hasOID && hasSize
    }
}
