// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2
import Foundation

/// A line a commit added to a text file, as the secret scanner's history mode reads it.
public struct AddedLine: Hashable, Sendable {
    /// The file's path after the commit, decoded lossily when not UTF-8.
    public var path: String
    public var rawPath: [UInt8]
    /// 1-based line number in the file after the commit.
    public var line: Int
    /// The line's bytes without its line terminator (`\n`; a `\r` before it is kept).
    public var text: [UInt8]

    public init(path: String, rawPath: [UInt8], line: Int, text: [UInt8]) {
        self.path = path
        self.rawPath = rawPath
        self.line = line
        self.text = text
    }
}

extension Repository {
    /// The lines `commit` added, against its first parent (a root commit against the empty
    /// tree), sorted by path bytes then line. Renames are detected as `git log -p`
    /// does, so a moved file contributes only the lines it changed. Submodules, symlinks,
    /// deletions and blobs over `maxBlobBytes` contribute nothing; every other file is diffed as
    /// text whatever `.gitattributes` says (a binary blob's "lines" lie between its newline bytes).
    ///
    /// Throws `.shallowBoundary` for a shallow clone's grafted root, whose parent is absent.
    public func addedLines(in commit: ObjectID, maxBlobBytes: Int? = nil) throws -> [AddedLine] {
        try locked {
            let context = "diffing commit \(commit.short) in \(displayPath)"
            let handle = try lookupCommit(commit)
            let newTree = try Handle.object("git_commit_tree", context: context) { out in
                handle.use { git_commit_tree(&out, $0) }
            }
            var oldTree: Handle?
            if handle.use({ git_commit_parentcount($0) }) > 0 {
                do {
                    let parent = try Handle.object("git_commit_parent", context: context) { out in
                        handle.use { git_commit_parent(&out, $0, 0) }
                    }
                    oldTree = try Handle.object("git_commit_tree", context: context) { out in
                        parent.use { git_commit_tree(&out, $0) }
                    }
                } catch let error as GitError where error.kind == .notFound && git_repository_is_shallow(raw) == 1 {
                    throw GitError(
                        kind: .shallowBoundary, function: error.function, code: error.code,
                        message: "the parent of \(commit.short) is not in this shallow clone",
                        context: context, hint: shallowHint)
                }
            }

            var options = git_diff_options()
            try GitError.check(
                git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
            options.context_lines = 0
            options.interhunk_lines = 0
            options.ignore_submodules = GIT_SUBMODULE_IGNORE_ALL
            // `.gitattributes` in the audited repository (`*.cfg -diff`, `binary`) must not hide
            // lines from the scan: every blob is diffed as text; the scanner judges binary content.
            options.flags |= GIT_DIFF_FORCE_TEXT.rawValue
            let diff = try Handle.make("git_diff_tree_to_tree", context: context, free: { git_diff_free($0) }) { out in
                newTree.use { new in
                    if let oldTree {
                        return oldTree.use { git_diff_tree_to_tree(&out, raw, $0, new, &options) }
                    }
                    return git_diff_tree_to_tree(&out, raw, nil, new, &options)
                }
            }
            var find = git_diff_find_options()
            try GitError.check(
                git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)),
                "git_diff_find_options_init")
            find.flags = GIT_DIFF_FIND_RENAMES.rawValue
            try diff.use {
                try GitError.check(git_diff_find_similar($0, &find), "git_diff_find_similar", context: context)
            }

            var lines: [AddedLine] = []
            let deltaCount = diff.use { git_diff_num_deltas($0) }
            let odb = try objectDatabase()
            for index in 0..<deltaCount {
                if let maxBlobBytes, var id = diff.use({ git_diff_get_delta($0, index)?.pointee.new_file.id }) {
                    var size = 0
                    var type = GIT_OBJECT_INVALID
                    if odb.use({ git_odb_read_header(&size, &type, $0, &id) }) == 0, size > maxBlobBytes { continue }
                }
                var out: OpaquePointer?
                try diff.use { pointer in
                    try GitError.check(
                        git_patch_from_diff(&out, pointer, index), "git_patch_from_diff", context: context)
                }
                guard let out else { continue }
                let patch = Handle(out, free: { git_patch_free($0) })
                try patch.use { try collectAdditions($0, into: &lines, context: context) }
            }
            return lines.sorted {
                $0.rawPath != $1.rawPath ? $0.rawPath.lexicographicallyPrecedes($1.rawPath) : $0.line < $1.line
            }
        }
    }

    private func collectAdditions(_ patch: OpaquePointer, into lines: inout [AddedLine], context: String) throws {
        guard let delta = git_patch_get_delta(patch)?.pointee else { return }
        if delta.flags & GIT_DIFF_FLAG_BINARY.rawValue != 0 { return }
        if delta.status == GIT_DELTA_DELETED { return }
        let mode = UInt32(delta.new_file.mode)
        guard mode == GIT_FILEMODE_BLOB.rawValue || mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue else { return }
        let rawPath = copyBytes(delta.new_file.path)
        let path = String(decoding: rawPath, as: UTF8.self)
        for hunk in 0..<git_patch_num_hunks(patch) {
            let count = git_patch_num_lines_in_hunk(patch, hunk)
            try GitError.check(count, "git_patch_num_lines_in_hunk", context: context)
            for index in 0..<Int(count) {
                var line: UnsafePointer<git_diff_line>?
                try GitError.check(
                    git_patch_get_line_in_hunk(&line, patch, hunk, index),
                    "git_patch_get_line_in_hunk", context: "\(context): '\(path)'")
                guard let line = line?.pointee, line.origin == CChar(GIT_DIFF_LINE_ADDITION.rawValue) else { continue }
                var text: [UInt8] = []
                if let content = line.content, line.content_len > 0 {
                    text = content.withMemoryRebound(to: UInt8.self, capacity: line.content_len) {
                        Array(UnsafeBufferPointer(start: $0, count: line.content_len))
                    }
                }
                if text.last == UInt8(ascii: "\n") { text.removeLast() }
                lines.append(AddedLine(path: path, rawPath: rawPath, line: Int(line.new_lineno), text: text))
            }
        }
    }
}
