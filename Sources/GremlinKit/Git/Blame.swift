// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2
import Foundation

/// The commit that last changed a run of lines of a file, as `git blame` reports it.
public struct BlameHunk: Hashable, Sendable {
    /// First line of the run in the blamed version, 1-based.
    public var startLine: Int
    public var lineCount: Int
    public var commit: ObjectID
    /// The hunk reached the oldest commit the walk could see (a root, or a shallow clone's graft).
    public var boundary: Bool

    public var lines: ClosedRange<Int> { startLine...(startLine + max(lineCount, 1) - 1) }
}

extension Repository {
    /// Blames `path` (repository-relative) as it is at `commit`: which commit last changed each
    /// line. Throws `.notFound` when the path is not a file at that commit.
    public func blame(path: String, at commit: ObjectID) throws -> [BlameHunk] {
        try locked {
            let context = "blaming \(path) at \(commit.short) in \(displayPath)"
            var options = git_blame_options()
            try GitError.check(
                git_blame_options_init(&options, UInt32(GIT_BLAME_OPTIONS_VERSION)), "git_blame_options_init")
            options.newest_commit = commit.gitOID
            let blame = try Handle.make("git_blame_file", context: context, free: { git_blame_free($0) }) { out in
                path.withCString { git_blame_file(&out, raw, $0, &options) }
            }
            return blame.use { pointer in
                (0..<git_blame_get_hunk_count(pointer)).compactMap { index in
                    guard let hunk = git_blame_get_hunk_byindex(pointer, index)?.pointee else { return nil }
                    return BlameHunk(
                        startLine: Int(hunk.final_start_line_number), lineCount: Int(hunk.lines_in_hunk),
                        commit: ObjectID(hunk.final_commit_id), boundary: hunk.boundary != 0)
                }
            }
        }
    }
}
