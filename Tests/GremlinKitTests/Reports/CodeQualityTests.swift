// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("GitLab Code Quality")
struct CodeQualityTests {
    static func report(line: Int = 1, extra: [Finding] = []) -> AuditReport {
        AuditReport(
            tool: "gremlin test", verdict: .blocked, repository: ".", revision: "HEAD",
            commit: String(repeating: "c", count: 40), policy: "test", model: nil,
            generatedAt: "2024-01-01T00:00:00Z", inputs: [:],
            checks: [
                CheckResult(
                    id: "commits", title: "Commit Hygiene", status: .fail, severity: .block, summary: "1",
                    findings: [Finding(rule: "commits.sign-off", message: "abc no sign-off")]),
                CheckResult(
                    id: "ip", title: "IP Compliant", status: .fail, severity: .block, summary: "2",
                    findings: [
                        Finding(
                            rule: "ip.missing-header", message: "no license header",
                            location: Location(path: "src/a,b.py", line: line)),
                        Finding(
                            rule: "ip.missing-header", message: "no license header",
                            location: Location(path: "src/c.py", line: line)),
                    ] + extra),
                CheckResult(
                    id: "lineage", title: "Lineage Complete", status: .error, severity: .block, summary: "bad",
                    findings: [
                        Finding(
                            rule: "lineage.error", message: "unknown key",
                            location: Location(path: "lineage.yaml", line: 4, column: 3))
                    ]),
                CheckResult(
                    id: "bias", title: "Bias Analysis", status: .warn, severity: .warn, summary: "gap",
                    findings: [
                        Finding(
                            rule: "bias.gap", message: "sex=F below overall",
                            location: Location(path: "eval/candidate.csv"))
                    ]),
                CheckResult(
                    id: "pii", title: "PII Scrubbed", status: .pass, severity: .block, summary: "ok",
                    notes: [Finding(rule: "pii.note", message: "n", location: Location(path: "x"))]),
            ])
    }

    @Test("findings with a location become issues with GitLab's fields and severities")
    func shape() throws {
        let data = try CodeQualityReport.encode(Self.report(line: 12))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(json.count == 4)
        #expect(
            json.map { $0["check_name"] as? String } == [
                "ip.missing-header", "ip.missing-header", "lineage.error", "bias.gap",
            ])
        #expect(json.map { $0["severity"] as? String } == ["blocker", "blocker", "critical", "minor"])
        let first = json[0]
        #expect(Set(first.keys) == ["description", "check_name", "fingerprint", "severity", "location"])
        #expect(first["description"] as? String == "IP Compliant: no license header")
        let location = try #require(first["location"] as? [String: Any])
        #expect(location["path"] as? String == "src/a,b.py")
        #expect((location["lines"] as? [String: Any])?["begin"] as? Int == 12)
        // A finding without a line points at line 1.
        let bias = try #require(json[3]["location"] as? [String: Any])
        #expect((bias["lines"] as? [String: Any])?["begin"] as? Int == 1)
        #expect(String(decoding: data, as: UTF8.self).hasSuffix("]\n"))
    }

    @Test("fingerprints are stable across runs and line moves, and distinct per finding")
    func fingerprints() throws {
        let first = CodeQualityReport.issues(for: Self.report(line: 1))
        let again = CodeQualityReport.issues(for: Self.report(line: 1))
        let moved = CodeQualityReport.issues(for: Self.report(line: 40))
        #expect(first.map(\.fingerprint) == again.map(\.fingerprint))
        #expect(first.map(\.fingerprint) == moved.map(\.fingerprint))
        #expect(Set(first.map(\.fingerprint)).count == first.count)
        #expect(first.allSatisfy { $0.fingerprint.count == 64 && $0.fingerprint.allSatisfy(\.isHexDigit) })
        #expect(try CodeQualityReport.encode(Self.report()) == CodeQualityReport.encode(Self.report()))

        // The same problem twice in one file (different lines) gets two fingerprints.
        let twice = CodeQualityReport.issues(
            for: Self.report(extra: [
                Finding(
                    rule: "ip.missing-header", message: "no license header",
                    location: Location(path: "src/c.py", line: 9))
            ]))
        #expect(Set(twice.map(\.fingerprint)).count == twice.count)
        // And a different message is a different issue.
        let other = CodeQualityReport.issues(
            for: Self.report(extra: [
                Finding(rule: "ip.missing-header", message: "other", location: Location(path: "src/z.py", line: 1))
            ]))
        #expect(!first.map(\.fingerprint).contains(other[2].fingerprint))
    }

    @Test("a clean or unevaluated audit writes an empty array")
    func empty() throws {
        let report = AuditRunner.errorReport(
            reason: "no policy", options: AuditOptions(), generatedAt: "2024-01-01T00:00:00Z")
        let json = try JSONSerialization.jsonObject(with: CodeQualityReport.encode(report)) as? [Any]
        #expect(json?.isEmpty == true)
    }

    @Test("the report validates against the Code Quality schema (check-jsonschema)")
    func schema() throws {
        let directory = try Fixtures.temporaryDirectory("codequality")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(CodeQualityReport.fileName)
        try CodeQualityReport.encode(Self.report(line: 7)).write(to: file)
        let schema = Fixtures.path("ci/gitlab-code-quality.schema.json")
        let valid = try JSONSchemaValidator.run(schema: schema, instance: file.path)
        #expect(valid.status == 0, "\(valid.output)")

        // The validator is not a rubber stamp: a wrong severity and a missing line fail.
        let bad = directory.appendingPathComponent("bad.json")
        try Data(
            #"[{"description":"d","check_name":"c","fingerprint":"f","severity":"high","location":{"path":"a"}}]"#.utf8
        )
        .write(to: bad)
        #expect(try JSONSchemaValidator.run(schema: schema, instance: bad.path).status != 0)
    }
}

/// Runs `check-jsonschema` (installed by scripts/install-deps.sh).
enum JSONSchemaValidator {
    static func run(schema: String, instance: String) throws -> (status: Int32, output: String) {
        try run(["--no-cache", "--schemafile", schema, instance])
    }

    /// check-jsonschema with `arguments` (its vendored schemas need no network).
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["check-jsonschema"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        if process.terminationStatus == 127 {
            Issue.record("check-jsonschema is not installed: run scripts/install-deps.sh")
        }
        return (process.terminationStatus, output)
    }
}
