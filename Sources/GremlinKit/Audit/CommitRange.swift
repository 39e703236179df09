// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The commits a pull request or release adds: what `commits`, `security` and `approvals` examine.
public struct CommitRange: Sendable {
    public var head: ObjectID
    /// The excluded base (merge base), when the range has one.
    public var base: ObjectID?
    /// Newest first.
    public var commits: [CommitInfo]
    /// How the range was chosen, for the report ("origin/main..HEAD (GitHub pull request)").
    public var origin: String
}

/// Where a CI says a pull/merge request wants to merge, read from its environment.
public struct CIBase: Sendable, Equatable {
    /// The CI that set it (GitHub, GitLab, Jenkins, Azure Pipelines, Buildkite).
    public var ci: String
    /// The variable that carried it.
    public var variable: String
    /// A branch name or a commit sha.
    public var reference: String
    /// Whether `reference` is already the merge-base sha (GitLab's diff base).
    public var isMergeBase: Bool
    /// How to fetch enough history in that CI.
    public var fix: String

    /// Reads the CIs' variables (GitHub, GitLab, Jenkins, Azure, Buildkite), in a fixed order.
    public static func detect(_ env: [String: String]) -> CIBase? {
        func value(_ key: String) -> String? {
            guard let text = env[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        if let ref = value("GITHUB_BASE_REF") {
            return CIBase(
                ci: "GitHub Actions", variable: "GITHUB_BASE_REF", reference: ref, isMergeBase: false,
                fix: "check out with actions/checkout `fetch-depth: 0`")
        }
        if let sha = value("CI_MERGE_REQUEST_DIFF_BASE_SHA") {
            return CIBase(
                ci: "GitLab CI", variable: "CI_MERGE_REQUEST_DIFF_BASE_SHA", reference: sha, isMergeBase: true,
                fix: "set `GIT_DEPTH: 0` in the job's variables")
        }
        if let ref = value("CHANGE_TARGET") {
            return CIBase(
                ci: "Jenkins", variable: "CHANGE_TARGET", reference: ref, isMergeBase: false,
                fix: "disable shallow clone in the Git SCM's clone options (or fetch the target branch)")
        }
        if let ref = value("SYSTEM_PULLREQUEST_TARGETBRANCH") {
            var branch = ref
            if branch.hasPrefix("refs/heads/") { branch.removeFirst("refs/heads/".count) }
            return CIBase(
                ci: "Azure Pipelines", variable: "SYSTEM_PULLREQUEST_TARGETBRANCH", reference: branch,
                isMergeBase: false, fix: "set `fetchDepth: 0` on the checkout step")
        }
        if let ref = value("BUILDKITE_PULL_REQUEST_BASE_BRANCH") {
            return CIBase(
                ci: "Buildkite", variable: "BUILDKITE_PULL_REQUEST_BASE_BRANCH", reference: ref,
                isMergeBase: false, fix: "fetch the base branch in the step (git fetch origin \(ref))")
        }
        return nil
    }
}

/// Decides and walks the commit range once per audit; checks share the result.
public final class CommitRangeResolver: @unchecked Sendable {
    private let repository: Repository
    private let head: ObjectID
    private let headName: String
    private let explicitBase: String?
    private let environment: [String: String]
    /// Ranges by `maxCount`; the lock is held while one is computed, so each is walked once.
    private let cache = Locked<[Int: Result<CommitRange, Error>]>([:])

    public init(
        repository: Repository, head: ObjectID, headName: String, explicitBase: String?,
        environment: [String: String]
    ) {
        self.repository = repository
        self.head = head
        self.headName = headName
        self.explicitBase = explicitBase
        self.environment = environment
    }

    /// The range: `--base`, else the CI's merge base, else the last `maxCount` commits.
    public func range(maxCount: Int) throws -> CommitRange {
        try cache.withLock { cache in
            if let cached = cache[maxCount] { return try cached.get() }
            let result = Result { try compute(maxCount: maxCount) }
            cache[maxCount] = result
            return try result.get()
        }
    }

    private func compute(maxCount: Int) throws -> CommitRange {
        if let explicitBase {
            let base: ObjectID
            do {
                base = try repository.resolve(explicitBase)
            } catch {
                throw shallowAware(
                    InputError(
                        key: "--base", message: "'\(explicitBase)' does not resolve to a commit",
                        fix: "name a branch, tag or sha that exists locally (git fetch it first)"),
                    fix: "fetch the full history (git fetch --unshallow)")
            }
            return try walk(
                base: base, origin: "\(explicitBase)..\(headName) (--base)",
                fix: "fetch the full history (git fetch --unshallow)")
        }
        if let ci = CIBase.detect(environment) {
            let baseCommit: ObjectID
            if ci.isMergeBase {
                guard let sha = try? repository.resolve(ci.reference) else {
                    throw shallowAware(
                        InputError(
                            key: ci.variable,
                            message: "\(ci.ci) merge base \(ci.reference.prefix(12)) is not in this clone",
                            fix: ci.fix), fix: ci.fix)
                }
                baseCommit = sha
            } else {
                let candidates = ["refs/remotes/origin/\(ci.reference)", "origin/\(ci.reference)", ci.reference]
                guard let target = candidates.lazy.compactMap({ try? self.repository.resolve($0) }).first else {
                    throw shallowAware(
                        InputError(
                            key: ci.variable,
                            message: "\(ci.ci) target branch '\(ci.reference)' is not in this clone",
                            fix: "fetch it (git fetch origin \(ci.reference)); \(ci.fix)"), fix: ci.fix)
                }
                guard let mergeBase = try repository.mergeBase(head, target) else {
                    throw shallowAware(
                        InputError(
                            key: ci.variable,
                            message: "\(headName) and \(ci.reference) share no history",
                            fix: ci.fix), fix: ci.fix)
                }
                baseCommit = mergeBase
            }
            return try walk(base: baseCommit, origin: "\(ci.reference)..\(headName) (\(ci.ci) merge base)", fix: ci.fix)
        }
        let commits = try repository.commits(from: head, excluding: nil, limit: maxCount)
        if repository.isShallow, commits.count < maxCount {
            throw InputError(
                message: "this is a shallow clone: the last \(maxCount) commits are not all present "
                    + "(found \(commits.count)), so commit hygiene cannot be verified",
                fix: "fetch the full history (actions/checkout `fetch-depth: 0`, GitLab `GIT_DEPTH: 0`, "
                    + "or git fetch --unshallow), or pass --base")
        }
        return CommitRange(head: head, base: nil, commits: commits, origin: "last \(maxCount) commits of \(headName)")
    }

    private func walk(base: ObjectID, origin: String, fix: String) throws -> CommitRange {
        let commits = try repository.commits(from: head, excluding: base, limit: nil)
        if repository.isShallow, try !repository.isAncestor(base, of: head) {
            throw InputError(
                message: "this is a shallow clone and the base \(base.short) is not an ancestor "
                    + "of \(headName) in it: the range cannot be walked", fix: fix)
        }
        return CommitRange(head: head, base: base, commits: commits, origin: origin)
    }

    private func shallowAware(_ error: InputError, fix: String) -> InputError {
        guard repository.isShallow else { return error }
        var error = error
        error.message = "shallow clone: " + error.message
        error.fix = fix
        return error
    }
}
