// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2
import Foundation

/// A commit's signature header and the bytes it signs (the commit object without that header).
public struct CommitSignature: Sendable, Equatable {
    /// The armored signature (`-----BEGIN SSH SIGNATURE-----` or a PGP block).
    public var armored: String
    public var payload: [UInt8]
}

extension Repository {
    /// The signature of `commit`, or nil when it is unsigned.
    public func signature(of commit: ObjectID) throws -> CommitSignature? {
        try locked {
            let signature = Buffer()
            let payload = Buffer()
            var oid = commit.gitOID
            let rc = git_commit_extract_signature(&signature.raw, &payload.raw, raw, &oid, nil)
            if rc == GIT_ENOTFOUND.rawValue { return nil }
            try GitError.check(rc, "git_commit_extract_signature", context: "reading the signature of \(commit.short)")
            return CommitSignature(armored: signature.string, payload: payload.bytes)
        }
    }
}
