// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// `gremlin.sarif` from the real binary: a check whose findings have no file (commits) is
/// located at its section of the policy, and the log validates against SARIF 2.1.0.
@Suite struct SARIFEndToEndTests {
    @Test func commitFindingsPointAtThePolicySection() throws {
        let repo = try AuditCommandTests.repository()
        try repo.commit("wip stuff", files: ["b.swift": "// SPDX-License-Identifier: Apache-2.0\nlet b = 2\n"])
        let run = try Binary.run(
            ["audit", "--policy", "policy.yaml", "--only", "commits", "--out", "out"], in: repo.url(""),
            environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(run.status == 1, "\(run.stderr)")
        let bytes = try [UInt8](Data(contentsOf: repo.url("out/gremlin.sarif")))
        let schema = try SARIFReportTests().schemaErrors(bytes)
        #expect(schema.status == 0, "not valid SARIF 2.1.0: \(schema.output)")

        let log = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let sarifRun = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(sarifRun["results"] as? [[String: Any]])
        let rules = Set(results.compactMap { $0["ruleId"] as? String })
        #expect(rules.contains("commits.sign-off"), "\(rules)")
        // `commits:` is line 8 of the policy (apiVersion, kind, name, checks, ip and its two keys).
        let policyLines = try String(contentsOf: repo.url("policy.yaml"), encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        let commitsLine = try #require(policyLines.firstIndex { $0 == "  commits:" }) + 1
        for result in results {
            let physical = try #require(
                (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "policy.yaml")
            #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == commitsLine)
            #expect((result["partialFingerprints"] as? [String: String])?["gremlinFingerprint/v1"] != nil)
        }
        let bases = sarifRun["originalUriBaseIds"] as? [String: Any]
        #expect(bases?["%SRCROOT%"] != nil)
        #expect(!String(decoding: bytes, as: UTF8.self).contains(repo.url("").path), "no machine path in the log")
    }
}
