// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2
import Foundation

/// Who made a commit or tag, and when (epoch seconds plus the writer's UTC offset).
public struct Signature: Hashable, Sendable, Codable {
    public var name: String
    public var email: String
    /// Seconds since the Unix epoch.
    public var time: Int64
    /// The writer's offset from UTC in minutes (`+0130` is 90).
    public var offsetMinutes: Int

    public init(name: String, email: String, time: Int64, offsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    init(_ raw: git_signature) {
        name = copyString(raw.name)
        email = copyString(raw.email)
        time = Int64(raw.when.time)
        offsetMinutes = Int(raw.when.offset)
    }
}

/// One `Key: value` trailer at the end of a commit message (`Signed-off-by`, `Approved-by`).
public struct Trailer: Hashable, Sendable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A commit's metadata, copied out of libgit2.
public struct CommitInfo: Hashable, Sendable {
    public var id: ObjectID
    public var tree: ObjectID
    /// Parent ids in order; they may be absent from a shallow clone.
    public var parents: [ObjectID]
    public var author: Signature
    public var committer: Signature
    /// The full message, as stored (lossily decoded if not UTF-8).
    public var message: String
    /// The first paragraph with line breaks folded into spaces: `git log --format=%s`.
    public var subject: String
    /// Trailers parsed by libgit2 (`git_message_trailers`), in message order.
    public var trailers: [Trailer]
    /// Whether the commit carries a `gpgsig` (or `gpgsig-sha256`) header: GPG, SSH or X.509
    /// signed. The signature itself is not verified here.
    public var hasSignature: Bool

    public var isMerge: Bool { parents.count > 1 }
}

/// The result of walking a commit range, with what a shallow clone left out.
public struct CommitWalk: Sendable {
    /// Newest first: no commit before all its children in the range, else by committer time
    /// (ties by id), the same order as `git rev-list --date-order`.
    public var commits: [CommitInfo]
    /// Whether `limit` cut the walk short.
    public var truncated: Bool
    /// Commits met during the walk (on either side of the range) whose parents are absent: the
    /// grafted roots of a shallow clone. When a base was given and this is not empty, the range
    /// cannot be trusted.
    public var shallowBoundary: [ObjectID]

    public var reachedShallowBoundary: Bool { !shallowBoundary.isEmpty }
}

extension Repository {
    /// The metadata of one commit. Throws `.notFound` if absent, `.corrupt` if unreadable.
    public func commit(_ id: ObjectID) throws -> CommitInfo {
        try locked {
            let handle = try lookupCommit(id)
            return try handle.use { try commitInfo($0) }
        }
    }

    func lookupCommit(_ id: ObjectID) throws(GitError) -> Handle {
        var oid = id.gitOID
        return try Handle.object("git_commit_lookup", context: "reading commit \(id.short) in \(displayPath)") {
            git_commit_lookup(&$0, raw, &oid)
        }
    }

    private func commitInfo(_ commit: OpaquePointer) throws -> CommitInfo {
        let id = ObjectID(git_commit_id(commit))
        var parents: [ObjectID] = []
        for index in 0..<git_commit_parentcount(commit) {
            if let parent = git_commit_parent_id(commit, index) { parents.append(ObjectID(parent)) }
        }
        guard let author = git_commit_author(commit), let committer = git_commit_committer(commit) else {
            throw GitError(
                kind: .corrupt, function: "git_commit_author", message: "commit has no author or committer",
                context: "reading commit \(id.short) in \(displayPath)")
        }
        let messagePointer = git_commit_message(commit)
        let message = copyString(messagePointer)
        let summary = git_commit_summary(commit)
        return CommitInfo(
            id: id,
            tree: ObjectID(git_commit_tree_id(commit)),
            parents: parents,
            author: Signature(author.pointee),
            committer: Signature(committer.pointee),
            message: message,
            subject: summary.map { String(cString: $0) } ?? "",
            trailers: try trailers(of: messagePointer, commit: id),
            hasSignature: hasHeader(commit, "gpgsig") || hasHeader(commit, "gpgsig-sha256"))
    }

    private func trailers(of message: UnsafePointer<CChar>?, commit: ObjectID) throws -> [Trailer] {
        guard let message else { return [] }
        var array = git_message_trailer_array()
        try GitError.check(
            git_message_trailers(&array, message), "git_message_trailers",
            context: "reading trailers of commit \(commit.short)")
        defer { git_message_trailer_array_free(&array) }
        guard let base = array.trailers else { return [] }
        return (0..<array.count).map { index in
            Trailer(key: copyString(base[index].key), value: copyString(base[index].value))
        }
    }

    private func hasHeader(_ commit: OpaquePointer, _ field: String) -> Bool {
        let buffer = Buffer()
        return git_commit_header_field(&buffer.raw, commit, field) == 0
    }

    // MARK: - Ranges

    /// The commits reachable from `head` and not from `base` (`base..head`), newest first, at
    /// most `limit` of them.
    ///
    /// Throws `.shallowBoundary` when a base is given and the walk met a shallow clone's grafted
    /// root (or the base is not in the clone): the range could silently include the base's
    /// history or miss commits, so the caller must ask for a full fetch (`fetch-depth: 0`).
    /// Without a base, a shallow clone simply yields fewer commits; see `walkCommits` to tell.
    public func commits(from head: ObjectID, excluding base: ObjectID?, limit: Int? = nil) throws -> [CommitInfo] {
        let walk = try walkCommits(from: head, excluding: base, limit: limit)
        if let base, walk.reachedShallowBoundary {
            throw GitError(
                kind: .shallowBoundary, function: "walkCommits", code: GIT_ENOTFOUND.rawValue,
                message: "the range \(base.short)..\(head.short) reaches the shallow clone's boundary at "
                    + walk.shallowBoundary.map(\.short).joined(separator: ", ")
                    + ", so it cannot tell which commits the base already has",
                context: "walking commits in \(displayPath)",
                hint: "fetch the full history (actions/checkout fetch-depth: 0, GIT_DEPTH: 0)")
        }
        return walk.commits
    }

    /// Walks `base..head` like `commits(from:excluding:limit:)` but reports a shallow boundary
    /// instead of throwing.
    ///
    /// A full clone uses libgit2's revwalk (topological + time sorting is git's `--date-order`).
    /// libgit2 1.5's revwalk fails outright on a shallow clone's missing parents, so a shallow
    /// clone is walked in Swift with the same order; tests hold both to `git rev-list`.
    public func walkCommits(from head: ObjectID, excluding base: ObjectID?, limit: Int? = nil) throws -> CommitWalk {
        try locked {
            if git_repository_is_shallow(raw) == 1 {
                return try walkInSwift(from: head, excluding: base, limit: limit)
            }
            return try walkWithRevwalk(from: head, excluding: base, limit: limit)
        }
    }

    private func walkWithRevwalk(from head: ObjectID, excluding base: ObjectID?, limit: Int?) throws -> CommitWalk {
        let context = "walking commits \(base.map { "\($0.short).." } ?? "")\(head.short) in \(displayPath)"
        let walk = try Handle.make("git_revwalk_new", context: context, free: { git_revwalk_free($0) }) {
            git_revwalk_new(&$0, raw)
        }
        return try walk.use { walker in
            try GitError.check(
                git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue),
                "git_revwalk_sorting", context: context)
            var headOID = head.gitOID
            try GitError.check(git_revwalk_push(walker, &headOID), "git_revwalk_push", context: context)
            if let base {
                var baseOID = base.gitOID
                try GitError.check(git_revwalk_hide(walker, &baseOID), "git_revwalk_hide", context: context)
            }
            let cap = limit.map { max(0, $0) } ?? Int.max
            var commits: [CommitInfo] = []
            var oid = git_oid()
            while true {
                let rc = git_revwalk_next(&oid, walker)
                if rc == GIT_ITEROVER.rawValue {
                    return CommitWalk(commits: commits, truncated: false, shallowBoundary: [])
                }
                try GitError.check(rc, "git_revwalk_next", context: context)
                if commits.count == cap { return CommitWalk(commits: commits, truncated: true, shallowBoundary: []) }
                commits.append(try lookupCommit(ObjectID(oid)).use { try commitInfo($0) })
            }
        }
    }

    /// The revwalk done by hand, tolerating missing parents. Internal so tests can compare it
    /// with `git rev-list` on full clones too.
    func walkInSwift(from head: ObjectID, excluding base: ObjectID?, limit: Int?) throws -> CommitWalk {
        try locked {
            let odb = try objectDatabase()
            func exists(_ id: ObjectID) -> Bool {
                var oid = id.gitOID
                return odb.use { git_odb_exists($0, &oid) } == 1
            }
            var boundary = Set<ObjectID>()
            let shallow = git_repository_is_shallow(raw) == 1
            // A parent missing from a full clone is damage, not a shallow graft.
            func noteMissing(_ parent: ObjectID, of child: ObjectID) throws {
                guard shallow else {
                    throw GitError(
                        kind: .corrupt, function: "git_odb_exists", code: GIT_ENOTFOUND.rawValue,
                        message: "parent \(parent.short) of commit \(child.short) is missing",
                        context: "walking commits in \(displayPath)")
                }
                boundary.insert(child)
            }
            guard exists(head) else { throw missing(head, "head") }

            // Everything the base can reach is excluded.
            var hidden = Set<ObjectID>()
            if let base {
                guard exists(base) else {
                    throw GitError(
                        kind: shallow ? .shallowBoundary : .notFound,
                        function: "git_odb_exists", code: GIT_ENOTFOUND.rawValue,
                        message: "base commit \(base.short) is not in this clone",
                        context: "walking commits in \(displayPath)", hint: shallowHint)
                }
                var stack = [base]
                hidden.insert(base)
                while let id = stack.popLast() {
                    for parent in try parentIDs(of: id) {
                        guard !hidden.contains(parent) else { continue }
                        guard exists(parent) else {
                            try noteMissing(parent, of: id)
                            continue
                        }
                        hidden.insert(parent)
                        stack.append(parent)
                    }
                }
            }

            // The range itself, with child counts for the topological order.
            struct Node {
                var time: Int64
                var parents: [ObjectID]
                var children = 0
            }
            var nodes: [ObjectID: Node] = [:]
            if !hidden.contains(head) {
                var stack = [head]
                nodes[head] = Node(time: 0, parents: [])
                while let id = stack.popLast() {
                    let commit = try lookupCommit(id)
                    let (time, parents) = commit.use { pointer in
                        (
                            Int64(git_commit_time(pointer)),
                            (0..<git_commit_parentcount(pointer)).compactMap {
                                git_commit_parent_id(pointer, $0).map(ObjectID.init)
                            }
                        )
                    }
                    var kept: [ObjectID] = []
                    for parent in parents where !hidden.contains(parent) && !kept.contains(parent) {
                        if nodes[parent] != nil {
                            kept.append(parent)
                        } else if exists(parent) {
                            nodes[parent] = Node(time: 0, parents: [])
                            stack.append(parent)
                            kept.append(parent)
                        } else {
                            try noteMissing(parent, of: id)
                        }
                    }
                    nodes[id]?.time = time
                    nodes[id]?.parents = kept
                }
            }
            for node in nodes.values {
                for parent in node.parents { nodes[parent]?.children += 1 }
            }

            // Kahn's algorithm; `ready` is kept sorted so the newest ready commit is last.
            func before(_ lhs: ObjectID, _ rhs: ObjectID) -> Bool {
                let (left, right) = (nodes[lhs]?.time ?? 0, nodes[rhs]?.time ?? 0)
                return left != right ? left < right : lhs < rhs
            }
            var ready = nodes.filter { $0.value.children == 0 }.map(\.key).sorted(by: before)
            var order: [ObjectID] = []
            let cap = limit.map { max(0, $0) } ?? Int.max
            while order.count < cap, let id = ready.popLast() {
                order.append(id)
                for parent in nodes[id]?.parents ?? [] {
                    nodes[parent]?.children -= 1
                    if nodes[parent]?.children == 0 {
                        let slot = ready.firstIndex { before(parent, $0) } ?? ready.endIndex
                        ready.insert(parent, at: slot)
                    }
                }
            }
            let commits = try order.map { id in try lookupCommit(id).use { try commitInfo($0) } }
            return CommitWalk(
                commits: commits, truncated: order.count < nodes.count,
                shallowBoundary: boundary.sorted())
        }
    }

    private func parentIDs(of id: ObjectID) throws -> [ObjectID] {
        try lookupCommit(id).use { pointer in
            (0..<git_commit_parentcount(pointer)).compactMap { git_commit_parent_id(pointer, $0).map(ObjectID.init) }
        }
    }

    private func missing(_ id: ObjectID, _ role: String) -> GitError {
        GitError(
            kind: .notFound, function: "git_odb_exists", code: GIT_ENOTFOUND.rawValue,
            message: "\(role) commit \(id.short) is not in this repository",
            context: "walking commits in \(displayPath)", hint: shallowHint)
    }

    /// The best common ancestor of two commits (`git merge-base a b`), `nil` when they share no
    /// history. Throws `.shallowBoundary` when a shallow clone lacks the history to decide.
    public func mergeBase(_ a: ObjectID, _ b: ObjectID) throws -> ObjectID? {
        try locked {
            var out = git_oid()
            var (left, right) = (a.gitOID, b.gitOID)
            let rc = git_merge_base(&out, raw, &left, &right)
            if rc == GIT_ENOTFOUND.rawValue, let last = git_error_last(),
                last.pointee.klass == Int32(GIT_ERROR_MERGE.rawValue)
            {
                return nil
            }
            try checkHistory(rc, "git_merge_base", "finding the merge base of \(a.short) and \(b.short)")
            return ObjectID(out)
        }
    }

    /// Whether `a` is `b` or one of its ancestors: a commit counts as its own ancestor (unlike
    /// libgit2's `git_graph_descendant_of`), so a run's commit equal to the audited revision passes.
    public func isAncestor(_ a: ObjectID, of b: ObjectID) throws -> Bool {
        if a == b { return true }
        return try locked {
            var (descendant, ancestor) = (b.gitOID, a.gitOID)
            let rc = git_graph_descendant_of(raw, &descendant, &ancestor)
            try checkHistory(rc, "git_graph_descendant_of", "checking whether \(a.short) is an ancestor of \(b.short)")
            return rc == 1
        }
    }

    /// Like `GitError.check`, but a missing object in a shallow clone becomes `.shallowBoundary`.
    private func checkHistory(_ rc: Int32, _ function: String, _ context: String) throws {
        guard rc < 0 else { return }
        let error = GitError.fromLast(rc, function, context: "\(context) in \(displayPath)")
        if error.kind == .notFound, git_repository_is_shallow(raw) == 1 {
            throw GitError(
                kind: .shallowBoundary, function: function, code: rc, message: error.message,
                context: error.context, hint: shallowHint)
        }
        throw error
    }
}
