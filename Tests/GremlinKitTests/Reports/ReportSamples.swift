// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Audit reports for the reporter tests: every status, and findings with hostile text.
enum ReportSamples {
    static let spacePath = "src/with space/model.py"
    static let scriptPath = "docs/<script>alert(1)</script>.md"
    static let controlPath = "data/]]>weird\u{01}\u{07}\u{1B}name.py"
    static let unicodePath = "src/ünïcödé/模型.py"
    static let hostileSubject =
        "<script>alert(\"x\")</script> | pipe `tick` [link](http://evil.example) *bold*\n# heading"

    /// ip fails with five blocking findings (two share a place and rule) and one warn-only finding;
    /// commits warns twice (no locations); security and performance pass; lineage errors with one
    /// located finding; bias is skipped; leakage fails without findings.
    static func mixed() -> AuditReport {
        let ip = CheckResult(
            id: "ip", title: "IP Compliant", status: .fail, severity: .block,
            summary: "6 files, 5 without a header",
            findings: [
                Finding(
                    rule: "ip.missing-header", message: "no SPDX-License-Identifier in the first 10 lines",
                    location: Location(path: spacePath, line: 1)),
                Finding(
                    rule: "ip.missing-header", message: "no copyright line <b>bold</b>",
                    location: Location(path: scriptPath, line: 3, column: 2)),
                Finding(
                    rule: "ip.missing-header", message: "control \u{00}\u{08}\u{0C} characters\u{7F}\u{85} here",
                    location: Location(path: controlPath, line: 5)),
                Finding(
                    rule: "ip.missing-header", message: "kein Header in 模型",
                    location: Location(path: unicodePath, line: 2)),
                Finding(
                    rule: "ip.missing-header", message: "second finding at the same place",
                    location: Location(path: spacePath, line: 1)),
                Finding(
                    rule: "ip.stale-year", message: "copyright year is old",
                    location: Location(path: "README.md", line: 1), severity: .warn),
            ],
            notes: [
                Finding(
                    rule: "ip.skipped-binary", message: "binary file skipped",
                    location: Location(path: "assets/logo.png"))
            ],
            duration: 1.2344)
        let commits = CheckResult(
            id: "commits", title: "Commit Hygiene", status: .warn, severity: .warn,
            summary: "2 of 5 commits break the subject pattern",
            findings: [
                Finding(rule: "commits.subject", message: "commit a1b2c3d: subject \(hostileSubject)"),
                Finding(rule: "commits.sign-off", message: "commit d4e5f6a: no Signed-off-by"),
            ],
            duration: 0.5)
        let security = CheckResult(
            id: "security", title: "Security Scan", status: .pass, severity: .block,
            summary: "no secrets in 6 files", duration: 0.25)
        let lineage = CheckResult(
            id: "lineage", title: "Lineage Complete", status: .error, severity: .block,
            summary: "lineage.yaml:3: unknown key `stagez` — did you mean `stage`?",
            findings: [
                Finding(
                    rule: "lineage.input", message: "unknown key stagez",
                    location: Location(path: "models/m/lineage.yaml", line: 3, column: 5),
                    fingerprint: "lin-0001")
            ])
        let bias = CheckResult(
            id: "bias", title: "Bias Analysis", status: .skipped, severity: .warn,
            summary: "disabled by the policy")
        let performance = CheckResult(
            id: "performance", title: "Performance Gate", status: .pass, severity: .block,
            summary: "c_index 0.71 vs 0.68, delta 0.03 [0.01, 0.05]",
            measurements: ["bootstrap": .int(1000), "seed": .int(42)],
            markdown: "| metric | candidate | baseline |\n| --- | --- | --- |\n| c_index | 0.71 | 0.68 |\n")
        let leakage = CheckResult(
            id: "leakage", title: "Leakage Verified", status: .fail, severity: .block,
            summary: "3 IDs shared by train/test")
        let checks = [ip, commits, security, lineage, bias, performance, leakage]
        var report = AuditReport(
            tool: "gremlin 0.1.0", verdict: Verdict.from(checks.map(\.status)), repository: ".", revision: "HEAD",
            commit: "0123456789abcdef0123456789abcdef01234567", policy: "policies/production.yaml",
            model: ModelInfo(name: "cl_unimodal_v2", version: "2.1.0"), generatedAt: "2026-01-02T03:04:05Z",
            inputs: [
                "predictions": InputDigest(
                    path: "eval/pred|ictions.csv", sha256: String(repeating: "ab", count: 32), bytes: 1234)
            ],
            checks: checks)
        let ran = checks.filter { $0.status != .skipped }.map(\.id)
        report.policyFile = "policies/production.yaml"
        report.policyDigest = String(repeating: "cd", count: 32)
        report.coverage = AuditCoverage(
            enabled: ran, ran: ran, skipped: [.init(id: "bias", reason: .policy, detail: "disabled by the policy")])
        report.complete = true
        return report
    }

    /// `mixed()` run with `--skip leakage,performance`: the same checks, two of them left out by flag.
    static func partial() -> AuditReport {
        var report = mixed()
        for index in report.checks.indices where ["leakage", "performance"].contains(report.checks[index].id) {
            let check = report.checks[index]
            report.checks[index] = CheckResult(
                id: check.id, title: check.title, status: .skipped, severity: check.severity,
                summary: "excluded by --skip")
        }
        let ran = report.checks.filter { $0.status != .skipped }.map(\.id)
        report.verdict = Verdict.from(report.checks.map(\.status))
        report.coverage = AuditCoverage(
            enabled: ran + ["leakage", "performance"], ran: ran,
            skipped: [
                .init(id: "bias", reason: .policy, detail: "disabled by the policy"),
                .init(id: "leakage", reason: .flag, detail: "excluded by --skip"),
                .init(id: "performance", reason: .flag, detail: "excluded by --skip"),
            ])
        report.complete = false
        return report
    }

    /// An audit that stopped before any check could run (exit 2).
    static func unevaluated() -> AuditReport {
        AuditReport(
            tool: "gremlin 0.1.0", verdict: .error,
            reason: "policies/production.yaml: checks.ip.spdxx: unknown key — did you mean `spdx`?",
            repository: ".", revision: "HEAD", commit: "", policy: "policies/production.yaml",
            model: nil, generatedAt: "2026-01-02T03:04:05Z", inputs: [:], checks: [])
    }

    /// Sample names for parameterised tests (short names keep the test log readable).
    static let names = ["mixed", "unevaluated"]

    static func named(_ name: String) -> AuditReport {
        name == "unevaluated" ? unevaluated() : mixed()
    }

    /// A fixture file copied into the test bundle.
    static func fixture(_ name: String) throws -> URL {
        let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/reports")
        return try #require(url, "missing fixture Fixtures/reports/\(name)")
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gremlin-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
