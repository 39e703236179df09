// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// What code-scanning UIs read from `gremlin.sarif` beyond the results: rule descriptions and
/// help, security severities, locations for findings without a file, fingerprints, base ids.
@Suite struct SARIFRuleMetadataTests {
    /// A security check with key material, a token, an unsafe pickle and an LFS pointer; a
    /// performance check that failed on a number (anchored at the manifest); a lineage check in
    /// error with no finding and no anchor (decoded from audit.json, say).
    static func sample() -> AuditReport {
        var security = CheckResult(
            id: "security", title: "Security Scan", status: .fail, severity: .block, summary: "4 problems",
            findings: [
                Finding(
                    rule: "security.private-key", message: "PEM private key block",
                    location: Location(path: "deploy/key.pem", line: 1), fingerprint: "security.private-key:abc123"),
                Finding(
                    rule: "security.github-pat", message: "GitHub personal access token",
                    location: Location(path: "ci/env.sh", line: 4, column: 9), fingerprint: "security.github-pat:def456"
                ),
                Finding(
                    rule: "security.unsafe-pickle", message: "model.pkl: imports os.system",
                    location: Location(path: "model.pkl")),
                Finding(rule: "security.lfs-pointer", message: "weights.bin is a Git LFS pointer"),
            ])
        security.anchor = Location(path: "policies/production.yaml", line: 12)
        var performance = CheckResult(
            id: "performance", title: "Performance Gate", status: .fail, severity: .block,
            summary: "c_index 0.66 below the minimum 0.70")
        performance.anchor = Location(path: "models/cl/release.yaml", line: 7)
        let ip = CheckResult(
            id: "ip", title: "IP Compliant", status: .fail, severity: .block, summary: "1 file without a header",
            findings: [Finding(rule: "ip.missing-header", message: "no SPDX line", location: Location(path: "a.py"))])
        let lineage = CheckResult(
            id: "lineage", title: "Lineage Complete", status: .error, severity: .block,
            summary: "models/cl/lineage.yaml: line 3: not YAML")
        var report = AuditReport(
            tool: "gremlin test", verdict: .error, repository: ".", revision: "HEAD",
            commit: String(repeating: "0", count: 40), policy: "production", model: nil,
            generatedAt: "2026-01-02T03:04:05Z", inputs: [:], checks: [ip, lineage, performance, security])
        report.policyFile = "policies/production.yaml"
        return report
    }

    func run(_ report: AuditReport = sample()) throws -> [String: Any] {
        let bytes = try SARIFReport().render(report, options: ReportOptions())
        let log = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        return try #require((log["runs"] as? [[String: Any]])?.first)
    }

    func rules(_ run: [String: Any]) throws -> [String: [String: Any]] {
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: rules.map { ($0["id"] as? String ?? "?", $0) })
    }

    func location(_ result: [String: Any]) -> (uri: String?, line: Int?) {
        let physical = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        let uri = (physical?["artifactLocation"] as? [String: Any])?["uri"] as? String
        return (uri, (physical?["region"] as? [String: Any])?["startLine"] as? Int)
    }

    @Test func theSampleIsValidSARIF() throws {
        let bytes = try SARIFReport().render(Self.sample(), options: ReportOptions())
        let result = try SARIFReportTests().schemaErrors(bytes)
        #expect(result.status == 0, "not valid SARIF 2.1.0: \(result.output)")
    }

    @Test func securityRulesCarryASecuritySeverityAndOthersNone() throws {
        let rules = try rules(try run())
        func severity(_ id: String) -> String? {
            (rules[id]?["properties"] as? [String: Any])?["security-severity"] as? String
        }
        #expect(severity("security.private-key") == "9.0")
        #expect(severity("security.github-pat") == "7.0")
        #expect(severity("security.unsafe-pickle") == "8.0")
        #expect(severity("security.lfs-pointer") == "5.0")
        #expect(rules["ip.missing-header"] != nil)
        #expect(severity("ip.missing-header") == nil)
        #expect(severity("performance.failed") == nil)
        #expect((rules["security.github-pat"]?["properties"] as? [String: Any])?["tags"] as? [String] == ["security"])
        #expect((rules["ip.missing-header"]?["properties"] as? [String: Any])?["tags"] == nil)
        // Every secret rule is classified; key material is the most severe.
        for rule in SecretRule.builtIn {
            let expected = SARIFRules.keyMaterial.contains(rule.id) ? "9.0" : "7.0"
            #expect(SARIFRules.securitySeverity(rule: "security.\(rule.id)") == expected, "\(rule.id)")
        }
        #expect(SARIFRules.securitySeverity(rule: "security.oversized-blob") == nil)
    }

    @Test func everyRuleHasAFullDescriptionAndHelpNamingTheFix() throws {
        let rules = try rules(try run())
        #expect(rules.count == 7)
        for (id, rule) in rules {
            let full = (rule["fullDescription"] as? [String: Any])?["text"] as? String ?? ""
            let help = rule["help"] as? [String: Any]
            let markdown = help?["markdown"] as? String ?? ""
            #expect(!full.isEmpty, "\(id)")
            #expect(markdown.contains("**How to fix.**"), "\(id)")
            let text = help?["text"] as? String ?? ""
            #expect(text.contains("Why: "), "\(id)")
        }
        let pat = rules["security.github-pat"]
        let full = (pat?["fullDescription"] as? [String: Any])?["text"] as? String ?? ""
        #expect(full.hasPrefix("GitHub"), "the secret rule's own description comes first: \(full)")
        #expect(full.contains(SecurityCheck.descriptor.rationale))
        let markdown = (pat?["help"] as? [String: Any])?["markdown"] as? String ?? ""
        #expect(markdown.contains("rotate") && markdown.contains("gremlin secrets --baseline-update"))
        let ip = (rules["ip.missing-header"]?["help"] as? [String: Any])?["markdown"] as? String ?? ""
        #expect(ip.contains("gremlin headers --fix"))
    }

    @Test func everyFailingCheckAppearsLocatedAtItsAnchorOrThePolicy() throws {
        let results = try #require(try run()["results"] as? [[String: Any]])
        func result(_ rule: String) -> [String: Any]? { results.first { $0["ruleId"] as? String == rule } }
        #expect(results.count == 7)
        // No file of its own: the manifest key the check reads.
        let performance = try #require(result("performance.failed"))
        #expect(location(performance).uri == "models/cl/release.yaml")
        #expect(location(performance).line == 7)
        #expect(performance["level"] as? String == "error")
        #expect((performance["message"] as? [String: Any])?["text"] as? String == "c_index 0.66 below the minimum 0.70")
        // The check's policy section.
        let pointer = try #require(result("security.lfs-pointer"))
        #expect(location(pointer).uri == "policies/production.yaml")
        #expect(location(pointer).line == 12)
        // In error, with no anchor: line 1 of the policy file.
        let lineage = try #require(result("lineage.error"))
        #expect(location(lineage).uri == "policies/production.yaml")
        #expect(location(lineage).line == 1)
        // A finding with a file keeps it.
        #expect(location(try #require(result("security.github-pat"))).uri == "ci/env.sh")
    }

    @Test func everyResultHasAStableFingerprintThatIsNotTheSecret() throws {
        let first = try #require(try run()["results"] as? [[String: Any]])
        let again = try #require(try run()["results"] as? [[String: Any]])
        let prints = first.map { $0["partialFingerprints"] as? [String: String] ?? [:] }
        #expect(prints.allSatisfy { ($0["gremlinFingerprint/v1"] ?? "").count >= 8 })
        #expect(prints == again.map { $0["partialFingerprints"] as? [String: String] ?? [:] })
        #expect(Set(prints.compactMap { $0["gremlinFingerprint/v1"] }).count == first.count)
        // A secret keeps the scanner's fingerprint (rule + content hash), which baselines use.
        let pat = try #require(first.first { $0["ruleId"] as? String == "security.github-pat" })
        #expect(
            (pat["partialFingerprints"] as? [String: String])?["gremlinFingerprint/v1"] == "security.github-pat:def456")
        // Moving a finding to another line changes its fingerprint; the same place does not.
        let a = SARIFReport.fingerprint(rule: "r", location: Location(path: "f", line: 1), message: "m")
        #expect(a == SARIFReport.fingerprint(rule: "r", location: Location(path: "f", line: 1), message: "m"))
        #expect(a != SARIFReport.fingerprint(rule: "r", location: Location(path: "f", line: 2), message: "m"))
    }

    @Test func theBaseIdIsDeclaredWithoutAMachinePath() throws {
        let run = try run()
        let bases = try #require(run["originalUriBaseIds"] as? [String: [String: Any]])
        #expect(Array(bases.keys) == ["%SRCROOT%"])
        #expect(bases["%SRCROOT%"]?["uri"] == nil, "an absolute checkout path would differ between runners")
        let results = try #require(run["results"] as? [[String: Any]])
        for result in results {
            let physical = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            let base = (physical?["artifactLocation"] as? [String: Any])?["uriBaseId"] as? String
            #expect(base.map { bases[$0] != nil } == true)
        }
    }

    @Test func anAuditThatCouldNotStartStillShowsWhy() throws {
        let run = try run(ReportSamples.unevaluated())
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 1)
        let result = try #require(results.first)
        #expect(result["ruleId"] as? String == "audit.error")
        #expect(result["level"] as? String == "error")
        #expect((result["message"] as? [String: Any])?["text"] as? String == ReportSamples.unevaluated().reason)
        #expect(location(result).uri == "policies/production.yaml")
        #expect(location(result).line == 1)
    }
}
