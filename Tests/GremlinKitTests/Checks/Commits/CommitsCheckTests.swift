// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct CommitsCheckTests {
    static let policy = AuditHarness.policy(
        """
          commits:
            max_count: 50
            sign_off: true
            email_domains: [example.com]
            subject_pattern: '^(feat|fix|docs|chore)(\\([a-z0-9_-]+\\))?: .{1,72}$'
            forbidden_subjects: ['^WIP\\b', '^fixup!']
            allow_merge_commits: true

        """)

    static func signOff() -> String { "\n\nSigned-off-by: \(GitFixture.authorName) <\(GitFixture.authorEmail)>" }

    @Test func flagsEachRuleOnTheRightCommit() throws {
        let repo = try GitFixture()
        try repo.commit("feat(core): good" + Self.signOff())
        try repo.commit("feat(core): no sign-off")
        try repo.commit("fixup! feat(core): good" + Self.signOff())
        try repo.commit("Bad subject" + Self.signOff())
        try repo.commit(
            "feat(core): other domain" + "\n\nSigned-off-by: Eve <eve@evil.test>",
            environment: ["GIT_AUTHOR_NAME": "Eve", "GIT_AUTHOR_EMAIL": "eve@evil.test"])
        try repo.commit("fix(ui): escape <script>alert(1)</script> and ]]>" + Self.signOff())
        let report = try AuditHarness.audit(repo, policy: Self.policy, only: ["commits"])
        let commits = try #require(report.check("commits"))
        #expect(commits.status == .fail)
        #expect(commits.measurements["commits"] == .int(6))
        let rules = commits.findings.map(\.rule).sorted()
        #expect(
            rules == [
                "commits.email-domain", "commits.forbidden-subject", "commits.sign-off", "commits.subject",
                "commits.subject",
            ])
        // The fixup commit fails both the forbidden list and the subject pattern; the good ones pass.
        #expect(commits.findings.filter { $0.message.contains("“Bad subject”") }.map(\.rule) == ["commits.subject"])
        #expect(!commits.findings.contains { $0.message.contains("<script>") })
    }

    @Test func mergesAreAllowedOrFlaggedByPolicy() throws {
        let repo = try GitFixture()
        try repo.commit("feat(core): base" + Self.signOff())
        try repo.git(["checkout", "-q", "-b", "topic"])
        try repo.commit("feat(core): topic" + Self.signOff())
        try repo.git(["checkout", "-q", "main"])
        try repo.commit("feat(core): main" + Self.signOff())
        try repo.git(
            ["merge", "-q", "--no-ff", "topic", "-m", "Merge branch 'topic'"], environment: repo.environment())
        repo.tick()
        let allowed = try AuditHarness.audit(repo, policy: Self.policy, only: ["commits"])
        #expect(allowed.check("commits")?.status == .pass)
        #expect(allowed.check("commits")?.measurements["merges"] == .int(1))
        let strict = Self.policy.replacingOccurrences(
            of: "allow_merge_commits: true", with: "allow_merge_commits: false")
        let refused = try AuditHarness.audit(repo, policy: strict, only: ["commits"])
        #expect(refused.check("commits")?.findings.map(\.rule) == ["commits.merge"])
    }

    @Test func baseLimitsTheRange() throws {
        let repo = try GitFixture()
        let base = try repo.commit("bad old subject")
        try repo.commit("feat(core): new" + Self.signOff())
        let report = try AuditHarness.audit(repo, policy: Self.policy, only: ["commits"], base: base)
        #expect(report.check("commits")?.status == .pass)
        #expect(report.check("commits")?.measurements["commits"] == .int(1))
    }

    @Test func ciMergeBaseFromEachCI() throws {
        let repo = try GitFixture()
        try repo.commit("old: not checked")
        try repo.git(["branch", "main-copy"])
        try repo.git(["update-ref", "refs/remotes/origin/main", "HEAD"])
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.commit("feat(pr): one" + Self.signOff())
        try repo.commit("feat(pr): two" + Self.signOff())
        let base = try repo.git(["rev-parse", "main"])
        let environments: [[String: String]] = [
            ["GITHUB_BASE_REF": "main"],
            ["CI_MERGE_REQUEST_DIFF_BASE_SHA": base],
            ["CHANGE_TARGET": "main"],
            ["SYSTEM_PULLREQUEST_TARGETBRANCH": "refs/heads/main"],
        ]
        for environment in environments {
            let report = try AuditHarness.audit(repo, policy: Self.policy, only: ["commits"], environment: environment)
            #expect(report.check("commits")?.measurements["commits"] == .int(2), "\(environment)")
            #expect(report.check("commits")?.status == .pass, "\(environment)")
        }
    }

    @Test func shallowCloneWithoutTheBaseIsAnError() throws {
        let repo = try GitFixture()
        for index in 0..<4 { try repo.commit("feat(x): \(index)" + Self.signOff()) }
        let clone = repo.sibling("shallow")
        try repo.git(["clone", "-q", "--depth", "1", "file://\(repo.path)", clone])
        let plain = try AuditHarness.audit(path: clone, scratch: repo.root, policy: Self.policy, only: ["commits"])
        #expect(plain.check("commits")?.status == .error)
        #expect(plain.check("commits")?.summary.contains("fetch-depth: 0") == true)
        let github = try AuditHarness.audit(
            path: clone, scratch: repo.root, policy: Self.policy, only: ["commits"],
            environment: ["GITHUB_BASE_REF": "develop"])
        #expect(github.check("commits")?.status == .error)
        #expect(github.check("commits")?.summary.contains("fetch-depth: 0") == true)
        #expect(github.verdict == .error)
    }

    @Test func bareRepositoryAndLinkedWorktreeAreAudited() throws {
        let repo = try GitFixture()
        try repo.commit("feat(x): one" + Self.signOff())
        let bare = repo.sibling("bare.git")
        try repo.git(["clone", "-q", "--bare", repo.path, bare])
        let bareReport = try AuditHarness.audit(path: bare, scratch: repo.root, policy: Self.policy, only: ["commits"])
        #expect(bareReport.check("commits")?.status == .pass)
        let worktree = repo.sibling("wt")
        try repo.git(["worktree", "add", "-q", "-b", "wt-branch", worktree])
        let wtReport = try AuditHarness.audit(
            path: worktree, scratch: repo.root, policy: Self.policy, only: ["commits"])
        #expect(wtReport.check("commits")?.status == .pass)
        #expect(wtReport.check("commits")?.measurements["commits"] == .int(1))
    }
}
