// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Where findings without a file of their own point in `gremlin.sarif`: the manifest key a
/// manifest check reads, at its line, on a real repository audited in-process.
@Suite struct AuditAnchorTests {
    @Test func approvalsFindingsPointAtTheManifestsApprovalsKey() throws {
        let repo = try GovernanceRepo()
        try repo.manifest("approvals: approvals.yaml")
        try repo.commitContractApprovals()
        let report = try repo.audit(["approvals"])
        let approvals = try #require(report.check("approvals"))
        #expect(approvals.status == .warn, "\(approvals.summary)")
        let unlocated = approvals.findings.filter { $0.location == nil }
        #expect(!unlocated.isEmpty, "the pending role has no file of its own")

        let manifest = try String(contentsOf: repo.git.url("models/m1/release.yaml"), encoding: .utf8)
        let line =
            try #require(
                manifest.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                    $0.hasPrefix("approvals:")
                }) + 1
        #expect(approvals.anchor == Location(path: "models/m1/release.yaml", line: line))

        let bytes = try SARIFReport().render(report, options: ReportOptions())
        let log = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let results = try #require(((log["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
        let approvalResults = results.filter { ($0["ruleId"] as? String)?.hasPrefix("approvals.") == true }
        #expect(approvalResults.count == approvals.findings.count)
        for result in approvalResults where unlocated.contains(where: { $0.rule == result["ruleId"] as? String }) {
            let physical = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            #expect((physical?["artifactLocation"] as? [String: Any])?["uri"] as? String == "models/m1/release.yaml")
            #expect((physical?["region"] as? [String: Any])?["startLine"] as? Int == line)
        }
    }

    @Test func policyChecksPointAtTheirSectionEvenWhenExtended() throws {
        let repo = try GitFixture()
        try repo.commit("wip", files: ["a.txt": "a\n"])
        let base = AuditHarness.policy("  ip:\n    include: ['**/*.swift']\n  commits:\n    sign_off: true\n")
        try Data(base.utf8).write(to: repo.root.appendingPathComponent("base.yaml"))
        let child = "apiVersion: gremlin/v1\nkind: Policy\nname: child\nextends: base.yaml\n"
        let report = try AuditHarness.audit(repo, policy: child, only: ["commits"])
        let commits = try #require(report.check("commits"))
        #expect(commits.status == .fail)
        // The section lives in base.yaml (line 7: after apiVersion, kind, name, checks and ip's two lines).
        #expect(commits.anchor?.path.hasSuffix("base.yaml") == true)
        #expect(commits.anchor?.line == 7)
    }
}
