// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2
import Foundation

extension Repository {
    /// The paths `commit` added, modified, deleted or renamed against its first parent (a root
    /// commit against the empty tree), both sides of a change, sorted and without repeats.
    public func changedPaths(in commit: ObjectID) throws -> [String] {
        try locked {
            let context = "listing the files commit \(commit.short) changed in \(displayPath)"
            let handle = try lookupCommit(commit)
            let newTree = try Handle.object("git_commit_tree", context: context) { out in
                handle.use { git_commit_tree(&out, $0) }
            }
            var oldTree: Handle?
            if handle.use({ git_commit_parentcount($0) }) > 0 {
                let parent = try Handle.object("git_commit_parent", context: context) { out in
                    handle.use { git_commit_parent(&out, $0, 0) }
                }
                oldTree = try Handle.object("git_commit_tree", context: context) { out in
                    parent.use { git_commit_tree(&out, $0) }
                }
            }
            var options = git_diff_options()
            try GitError.check(
                git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
            options.ignore_submodules = GIT_SUBMODULE_IGNORE_ALL
            let diff = try Handle.make("git_diff_tree_to_tree", context: context, free: { git_diff_free($0) }) { out in
                newTree.use { new in
                    if let oldTree { return oldTree.use { git_diff_tree_to_tree(&out, raw, $0, new, &options) } }
                    return git_diff_tree_to_tree(&out, raw, nil, new, &options)
                }
            }
            var paths: Set<String> = []
            diff.use { pointer in
                for index in 0..<git_diff_num_deltas(pointer) {
                    guard let delta = git_diff_get_delta(pointer, index)?.pointee else { continue }
                    for path in [delta.old_file.path, delta.new_file.path] {
                        let bytes = copyBytes(path)
                        if !bytes.isEmpty { paths.insert(String(decoding: bytes, as: UTF8.self)) }
                    }
                }
            }
            return paths.sorted()
        }
    }
}
