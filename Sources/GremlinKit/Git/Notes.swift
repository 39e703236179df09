// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2
import Foundation

extension Repository {
    /// Where `git notes` keeps notes unless told otherwise.
    public static let defaultNotesRef = "refs/notes/commits"

    /// The note attached to `commit` under `ref`, or `nil` when there is none (or no notes ref).
    public func note(on commit: ObjectID, ref: String = Repository.defaultNotesRef) throws -> [UInt8]? {
        try locked {
            var oid = commit.gitOID
            var out: OpaquePointer?
            let rc = git_note_read(&out, raw, ref, &oid)
            if rc == GIT_ENOTFOUND.rawValue { return nil }
            try GitError.check(
                rc, "git_note_read", context: "reading the \(ref) note of \(commit.short) in \(displayPath)")
            guard let out else { return nil }
            let note = Handle(out, free: { git_note_free($0) })
            return note.use { copyBytes(git_note_message($0)) }
        }
    }
}
