// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// `gremlin secrets|headers --format text|json|sarif --report PATH` and `gremlin audit
/// --no-color`, through the real executable on real repositories.
@Suite struct FindingsFormatEndToEndTests {
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func results(_ sarif: [String: Any]) throws -> [[String: Any]] {
        try #require(((sarif["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
    }

    /// A repository with one baselined token and one new one.
    static func secretsRepository() throws -> (repo: GitFixture, tokens: [String]) {
        let repo = try GitFixture()
        let old = "glpat-" + FakeToken.b64url(20, 6101)
        try repo.commit("feat(cfg): old token", files: ["ci/old.env": "GITLAB_TOKEN=\(old)\n"])
        let update = try Binary.run(["secrets", "--baseline-update"], in: repo.url(""))
        #expect(update.status == 0, "\(update.stderr)")
        try repo.commit("chore(cfg): baseline")
        let new = "glpat-" + FakeToken.b64url(20, 6102)
        try repo.commit("feat(cfg): new token", files: ["ci/deploy.env": "A=1\nGITLAB_TOKEN=\(new)\n"])
        return (repo, [old, new])
    }

    @Test func secretsAsJSONOnStdout() throws {
        let (repo, tokens) = try Self.secretsRepository()
        let run = try Binary.run(["secrets", "--format", "json"], in: repo.url(""))
        #expect(run.status == 1, "\(run.stderr)")
        for token in tokens {
            #expect(!run.stdout.contains(token) && !run.stderr.contains(token))
            #expect(!run.stdout.contains(String(token.prefix(4)) + "…"), "not even the preview")
        }
        // stdout is one document; the summary line went to stderr.
        let json = try Self.object(run.stdout)
        #expect(run.stderr.contains("new secrets"))
        #expect(json["schema"] as? String == "gremlin.secrets/v1")
        #expect(json["verdict"] as? String == "blocked")
        #expect((json["counts"] as? [String: Int])?["new"] == 1)
        #expect((json["counts"] as? [String: Int])?["baselined"] == 1)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.count == 2)
        let new = try #require(
            findings.first { ($0["location"] as? [String: Any])?["path"] as? String == "ci/deploy.env" })
        #expect(new["rule"] as? String == "security.gitlab-pat")
        #expect(new["baselined"] as? Bool == false)
        #expect(new["blocking"] as? Bool == true)
        #expect((new["location"] as? [String: Any])?["line"] as? Int == 2)
        #expect((new["fingerprint"] as? String)?.count == 32)
        let old = try #require(
            findings.first { ($0["location"] as? [String: Any])?["path"] as? String == "ci/old.env" })
        #expect(old["baselined"] as? Bool == true)
        #expect(old["blocking"] as? Bool == false)
    }

    @Test func secretsAsSARIFToAReportFile() throws {
        let (repo, tokens) = try Self.secretsRepository()
        let run = try Binary.run(
            ["secrets", "--format", "sarif", "--report", "reports/secrets.sarif"], in: repo.url(""),
            environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.isEmpty, "the log went to the file: \(run.stdout)")
        #expect(run.stderr.contains("wrote reports/secrets.sarif"))
        let bytes = try [UInt8](Data(contentsOf: repo.url("reports/secrets.sarif")))
        let text = String(decoding: bytes, as: UTF8.self)
        for token in tokens { #expect(!text.contains(token)) }
        #expect(!text.contains(repo.url("").path), "no machine path in the log")
        let schema = try SARIFReportTests().schemaErrors(bytes)
        #expect(schema.status == 0, "not valid SARIF 2.1.0: \(schema.output)")
        // No temporary file is left next to it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo.url("reports").path) == ["secrets.sarif"])

        let sarif = try Self.object(text)
        let results = try Self.results(sarif)
        #expect(results.count == 2)
        let new = try #require(results.first { $0["suppressions"] == nil })
        #expect(new["ruleId"] as? String == "security.gitlab-pat")
        #expect(new["level"] as? String == "error")
        let baselined = try #require(results.first { $0["suppressions"] != nil })
        #expect(baselined["level"] as? String == "note")
        #expect((baselined["suppressions"] as? [[String: Any]])?.first?["kind"] as? String == "external")
        let rules = try #require(
            ((((sarif["runs"] as? [[String: Any]])?.first)?["tool"] as? [String: Any])?["driver"] as? [String: Any])?[
                "rules"] as? [[String: Any]])
        #expect(rules.count == 1)
        #expect((rules.first?["properties"] as? [String: Any])?["security-severity"] as? String == "7.0")
        #expect(((rules.first?["help"] as? [String: Any])?["markdown"] as? String)?.contains("rotate") == true)

        // Same inputs, same bytes.
        let again = try Binary.run(
            ["secrets", "--format", "sarif", "--report", "reports/secrets.sarif"], in: repo.url(""),
            environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(again.status == 1)
        #expect(try [UInt8](Data(contentsOf: repo.url("reports/secrets.sarif"))) == bytes)
    }

    @Test func headersAsJSONAndSARIF() throws {
        let repo = try AuditCommandTests.repository()
        try repo.write(
            "policy.yaml", AuditHarness.policy("  ip:\n    include: ['**/*.swift']\n    spdx: [Apache-2.0]\n"))
        try repo.commit("feat(core): more", files: ["b.swift": "let b = 2\n"])

        let json = try Binary.run(["headers", "--policy", "policy.yaml", "--format", "json"], in: repo.url(""))
        #expect(json.status == 1, "\(json.stderr)")
        let document = try Self.object(json.stdout)
        #expect(document["schema"] as? String == "gremlin.headers/v1")
        #expect(document["check"] as? String == "ip")
        #expect(document["policy"] as? String == "policy.yaml")
        #expect((document["counts"] as? [String: Int]) == ["files_checked": 2, "failing": 1])
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.count >= 1)
        #expect(findings.allSatisfy { ($0["location"] as? [String: Any])?["path"] as? String == "b.swift" })
        #expect(json.stderr.contains("without a compliant header"))

        let sarif = try Binary.run(
            ["headers", "--policy", "policy.yaml", "--format", "sarif", "--report", "out/headers.sarif"],
            in: repo.url(""))
        #expect(sarif.status == 1, "\(sarif.stderr)")
        let bytes = try [UInt8](Data(contentsOf: repo.url("out/headers.sarif")))
        let schema = try SARIFReportTests().schemaErrors(bytes)
        #expect(schema.status == 0, "not valid SARIF 2.1.0: \(schema.output)")
        let results = try Self.results(try Self.object(String(decoding: bytes, as: UTF8.self)))
        #expect(results.count == findings.count)
        #expect(results.allSatisfy { $0["level"] as? String == "error" })
        #expect(results.allSatisfy { ($0["partialFingerprints"] as? [String: String])?.isEmpty == false })

        // Text to a file: the same lines as stdout would have had.
        let text = try Binary.run(
            ["headers", "--policy", "policy.yaml", "--report", "out/headers.txt"], in: repo.url(""))
        #expect(text.status == 1)
        #expect(
            try String(contentsOf: repo.url("out/headers.txt"), encoding: .utf8).contains("b.swift: no license header"))

        // A passing tree: an empty document, exit 0.
        try repo.commit(
            "feat(core): header", files: ["b.swift": "// SPDX-License-Identifier: Apache-2.0\nlet b = 2\n"])
        let clean = try Binary.run(["headers", "--policy", "policy.yaml", "--format", "json"], in: repo.url(""))
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect((try Self.object(clean.stdout)["findings"] as? [Any])?.isEmpty == true)
    }

    @Test func badFormatOptionsAreUsageErrors() throws {
        let repo = try AuditCommandTests.repository()
        let bad = try Binary.run(["headers", "--policy", "policy.yaml", "--format", "xml"], in: repo.url(""))
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--format must be one of text, json, sarif, not 'xml'"))
        let fix = try Binary.run(["headers", "--policy", "policy.yaml", "--fix", "--format", "json"], in: repo.url(""))
        #expect(fix.status == 2)
        #expect(fix.stderr.contains("without --fix"))
        let update = try Binary.run(["secrets", "--baseline-update", "--format", "sarif"], in: repo.url(""))
        #expect(update.status == 2)
        #expect(update.stderr.contains("without --baseline-update"))
        let directory = try Binary.run(["secrets", "--report", "out/"], in: repo.url(""))
        #expect(directory.status == 2)
        #expect(directory.stderr.contains("--report must name a file"))
    }

    @Test func noColorIsAcceptedAndPlain() throws {
        #expect(!TerminalStyle.detect(isTerminal: true, environment: [:], noColor: true).colored)
        #expect(TerminalStyle.detect(isTerminal: true, environment: [:], noColor: false).colored)
        let repo = try AuditCommandTests.repository()
        let run = try Binary.run(["audit", "--policy", "policy.yaml", "--out", "out", "--no-color"], in: repo.url(""))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("READY"))
        #expect(!run.stdout.contains("\u{1B}["))
    }
}
