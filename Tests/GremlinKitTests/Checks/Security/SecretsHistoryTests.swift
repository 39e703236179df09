// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// What history holds besides files (commit messages), and what the audit may not trust
/// (a baseline that was never committed).
@Suite struct SecretsHistoryTests {
    static let awsKey = SecurityCheckTests.awsKey

    @Test func aKeyInACommitMessageFailsWithHistoryScanning() throws {
        let repo = try GitFixture()
        try repo.commit("chore(repo): start", files: ["README.md": "# demo\n"])
        try repo.commit(
            "fix(ci): rotate deploy credentials\n\nold key was \(Self.awsKey)", files: ["notes.txt": "rotated\n"])
        let report = try AuditHarness.audit(repo, policy: SecurityCheckTests.policy(history: true), only: ["security"])
        let check = try #require(report.check("security"))
        #expect(check.status == .fail)
        let finding = try #require(check.findings.first { $0.rule == "security.aws-access-token" })
        #expect(finding.message.contains("in the message of commit"))
        #expect(finding.location == nil)
        // Redacted: the key itself is in no artifact.
        let json = try JSONReport().render(report, options: ReportOptions(junitFlavor: .gitlab, environment: [:]))
        #expect(!String(decoding: json, as: UTF8.self).contains(Self.awsKey))
        // Without history scanning the message is not read.
        let treeOnly = try AuditHarness.audit(repo, policy: SecurityCheckTests.policy(), only: ["security"])
        #expect(treeOnly.check("security")?.status == .pass)
    }

    @Test func anUncommittedBaselineSuppressesNothing() throws {
        let repo = try GitFixture()
        try repo.commit("feat(cfg): fixture key", files: ["tests/fixture.cfg": "key = \(Self.awsKey)\n"])
        let repository = try Repository.open(at: repo.path)
        let audit = try SecretsAudit.run(
            repository: repository, entries: try repository.treeEntries(at: try repository.resolve("HEAD")),
            commits: [], maxBlobBytes: nil, scanner: try SecretScanner())
        // Written as `gremlin secrets --baseline-update` would, and not committed.
        try SecretsBaseline(matches: audit.allMatches).write(to: repo.url(SecretsBaseline.defaultPath))

        let check = try #require(
            try AuditHarness.audit(repo, policy: SecurityCheckTests.policy(), only: ["security"]).check("security"))
        #expect(check.status == .fail)
        #expect(check.findings.map(\.rule) == ["security.aws-access-token"])
        #expect(check.measurements["secrets"]?["baselined"] == .int(0))
        #expect(check.notes.map(\.rule) == ["security.uncommitted-baseline"])

        // Committed, it counts.
        try repo.commit("chore(security): baseline")
        let committed = try AuditHarness.audit(repo, policy: SecurityCheckTests.policy(), only: ["security"])
        #expect(committed.check("security")?.status == .pass)
        #expect(committed.check("security")?.notes.isEmpty == true)
    }
}
