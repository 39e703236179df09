// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Inputs Committed: each manifest input's state against the audited commit.
@Suite struct InputsCheckTests {
    static func policy(requireCommitted: Bool) -> String {
        AuditHarness.policy("  inputs:\n    require_committed: \(requireCommitted)\n")
    }

    /// A release whose manifest, lineage, weights and train split are committed; then the test
    /// split is edited in the work tree and the validation split is never added.
    static func release() throws -> GovernanceRepo {
        let repo = try GovernanceRepo()
        try repo.write("lineage.yaml", "apiVersion: gremlin/v1\nkind: Lineage\nnodes: []\n")
        try repo.write("splits/train.csv", "patient_id\nP1\n")
        try repo.write("splits/test.csv", "patient_id\nP2\n")
        try repo.manifest(LeakageCheckTests.splitsSection.replacingOccurrences(of: "test.txt", with: "test.csv"))
        try repo.git.commit("feat(eval): release evidence")
        try repo.write("splits/test.csv", "patient_id\nP2\nP3\n")
        try repo.write("splits/validation.csv", "patient_id\nP4\n")
        return repo
    }

    @Test func modifiedAndUntrackedInputsAreFindingsWhenRequired() throws {
        let repo = try Self.release()
        let report = try repo.audit(["inputs"], policy: Self.policy(requireCommitted: true))
        let check = try #require(report.check("inputs"))
        #expect(check.status == .fail)
        #expect(check.findings.map(\.rule) == ["inputs.modified", "inputs.untracked"])
        #expect(
            check.findings.map { $0.location?.path } == [
                "models/m1/splits/test.csv", "models/m1/splits/validation.csv",
            ])
        #expect(
            check.findings.first?.message.hasPrefix("splits.test: models/m1/splits/test.csv differs from its blob")
                == true)
        #expect(check.notes.isEmpty)
        #expect(check.summary == "6 input(s): 4 committed, 1 modified, 1 untracked")
        #expect(report.inputs["models/m1/release.yaml"]?.state == .committed)
        #expect(report.inputs["models/m1/splits/train.csv"]?.state == .committed)
        #expect(report.inputs["models/m1/splits/test.csv"]?.state == .modified)
        #expect(report.inputs["models/m1/splits/validation.csv"]?.state == .untracked)
        #expect(report.inputs["models/m1/artifacts/model.pt"]?.state == .committed)
        #expect(check.markdown?.contains("| `models/m1/splits/test.csv` | `splits.test` | modified |") == true)
        let markdown = String(decoding: try MarkdownReport().render(report, options: ReportOptions()), as: UTF8.self)
        #expect(markdown.contains("| Input | Path | SHA-256 | Bytes | At commit |"))
        #expect(
            markdown.range(
                of: #"`models/m1/splits/validation\.csv` \| `[0-9a-f]{64}` \| 14 \| untracked \|"#,
                options: .regularExpression) != nil)
    }

    @Test func modifiedAndUntrackedInputsAreNotesOtherwise() throws {
        let repo = try Self.release()
        let report = try repo.audit(["inputs"], policy: Self.policy(requireCommitted: false))
        let check = try #require(report.check("inputs"))
        #expect(check.status == .pass)
        #expect(check.findings.isEmpty)
        #expect(check.notes.map(\.rule) == ["inputs.modified", "inputs.untracked"])
    }

    @Test func everythingCommittedPasses() throws {
        let repo = try Self.release()
        try repo.git.commit("feat(eval): the rest")
        let report = try repo.audit(["inputs"], policy: Self.policy(requireCommitted: true))
        let check = try #require(report.check("inputs"))
        #expect(check.status == .pass)
        #expect(check.summary == "6 input(s): 6 committed")
        // Audited at the earlier commit, the same work tree is not what was committed there.
        let earlier = try repo.audit(["inputs"], policy: Self.policy(requireCommitted: true), revision: "HEAD~1")
        #expect(earlier.check("inputs")?.findings.map(\.rule) == ["inputs.modified", "inputs.untracked"])
    }

    @Test func withoutAManifestThereIsNothingToPin() throws {
        let repo = try GitFixture()
        try repo.commit("feat(core): code", files: ["a.txt": "a\n"])
        let report = try AuditHarness.audit(repo, policy: Self.policy(requireCommitted: true))
        #expect(report.check("inputs")?.status == .pass)
        #expect(report.check("inputs")?.summary == "no release manifest given: no inputs to pin")
    }
}
