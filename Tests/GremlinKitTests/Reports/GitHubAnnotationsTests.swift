// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Parses a workflow command line the way the Actions runner does (ActionCommand.TryParseV2):
/// `::` command [space properties] `::` data; properties split on `,` then the first `=`;
/// values unescaped with `%25` last.
struct ParsedCommand: Equatable {
    var command: String
    var properties: [String: String]
    var data: String

    init?(_ line: String) {
        guard line.hasPrefix("::") else { return nil }
        let body = line.dropFirst(2)
        guard let end = body.range(of: "::") else { return nil }
        let info = body[..<end.lowerBound]
        data = Self.unescape(String(body[end.upperBound...]), property: false)
        if let space = info.firstIndex(of: " ") {
            command = String(info[..<space])
            properties = [:]
            for pair in info[info.index(after: space)...].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty else { continue }
                properties[String(parts[0])] = Self.unescape(String(parts[1]), property: true)
            }
        } else {
            command = String(info)
            properties = [:]
        }
    }

    static func unescape(_ text: String, property: Bool) -> String {
        var text = text.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
        if property {
            text = text.replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",")
        }
        return text.replacingOccurrences(of: "%25", with: "%")
    }
}

@Suite("GitHub annotations")
struct GitHubAnnotationsTests {
    static func report(_ checks: [CheckResult], reason: String? = nil) -> AuditReport {
        AuditReport(
            tool: "gremlin test", verdict: Verdict.from(checks.map(\.status)), reason: reason, repository: ".",
            revision: "HEAD", commit: String(repeating: "b", count: 40), policy: "test", model: nil,
            generatedAt: "2024-01-01T00:00:00Z", inputs: [:], checks: checks)
    }

    @Test("data escapes %, CR and LF; properties also : and ,")
    func escaping() {
        #expect(GitHubAnnotations.escapeData("100% done\r\nnext::line, a:b") == "100%25 done%0D%0Anext::line, a:b")
        #expect(GitHubAnnotations.escapeProperty("src/a,b:c%d\n.py") == "src/a%2Cb%3Ac%25d%0A.py")
        #expect(GitHubAnnotations.escapeProperty("%0A") == "%250A")
    }

    @Test(
        "hostile file names, titles and messages survive the runner's parser unchanged",
        arguments: [
            "plain.py",
            "src/with,comma.py",
            "src/with:colon::double.py",
            "src/100%.py",
            "src/%0A%25literal.py",
            "src/new\nline::error::pwned.py",
            "src/cr\r\nlf.py",
            "ünïcödé/ファイル.py",
        ])
    func roundTrip(path: String) throws {
        let message = "bad \(path) :: ,%\n::warning::injected"
        let annotation = GitHubAnnotations.Annotation(
            level: .error, title: "IP Compliant (ip): \(path)",
            message: message,
            location: Location(path: path, line: 3, column: 7))
        let line = annotation.command
        #expect(!line.contains("\n") && !line.contains("\r"))
        let parsed = try #require(ParsedCommand(line))
        #expect(parsed.command == "error")
        #expect(parsed.properties == ["file": path, "line": "3", "col": "7", "title": "IP Compliant (ip): \(path)"])
        #expect(parsed.data == message)
    }

    @Test("a finding without a line gets a file only; without a location, neither")
    func locations() {
        let fileOnly = GitHubAnnotations.Annotation(
            level: .warning, title: "T", message: "m",
            location: Location(path: "a.py"))
        #expect(fileOnly.command == "::warning file=a.py,title=T::m")
        let column = GitHubAnnotations.Annotation(
            level: .error, title: "T", message: "m",
            location: Location(path: "a.py", line: 2, column: 5))
        #expect(column.command == "::error file=a.py,line=2,col=5,title=T::m")
        let nowhere = GitHubAnnotations.Annotation(level: .error, title: "T", message: "m")
        #expect(nowhere.command == "::error title=T::m")
    }

    @Test("fail findings are errors, warn checks and warn-severity findings are warnings, errors come first")
    func levels() {
        let report = Self.report([
            CheckResult(
                id: "approvals", title: "Approval Chain", status: .warn, severity: .warn, summary: "1 missing",
                findings: [Finding(rule: "approvals.missing", message: "no mlops_lead")]),
            CheckResult(
                id: "ip", title: "IP Compliant", status: .fail, severity: .block, summary: "2 files",
                findings: [
                    Finding(rule: "ip.missing-header", message: "no header", location: Location(path: "a.py", line: 1)),
                    Finding(rule: "ip.note", message: "soft", location: Location(path: "b.py"), severity: .warn),
                ]),
            CheckResult(
                id: "lineage", title: "Lineage Complete", status: .error, severity: .block,
                summary: "lineage.yaml:4: unknown key 'stagee'"),
            CheckResult(id: "pii", title: "PII Scrubbed", status: .pass, severity: .block, summary: "ok"),
        ])
        let parsed = GitHubAnnotations.render(report).split(separator: "\n").compactMap { ParsedCommand(String($0)) }
        #expect(parsed.map(\.command) == ["error", "error", "warning", "warning"])
        #expect(
            parsed.map { $0.properties["title"] ?? "" } == [
                "IP Compliant (ip): ip.missing-header",
                "Lineage Complete (lineage): could not be evaluated",
                "Approval Chain (approvals): approvals.missing",
                "IP Compliant (ip): ip.note",
            ])
        #expect(parsed[1].data == "lineage.yaml:4: unknown key 'stagee'")
        #expect(parsed[0].properties["file"] == "a.py")
    }

    @Test("more than the cap: the first cap annotations, then one notice counting the rest")
    func cap() throws {
        let findings = (1...57).map {
            Finding(
                rule: "ip.missing-header", message: "no header \($0)",
                location: Location(path: String(format: "f%03d.py", $0), line: 1))
        }
        let warnings = (1...3).map { Finding(rule: "bias.gap", message: "gap \($0)") }
        let report = Self.report([
            CheckResult(
                id: "bias", title: "Bias Analysis", status: .warn, severity: .warn, summary: "3", findings: warnings),
            CheckResult(
                id: "ip", title: "IP Compliant", status: .fail, severity: .block, summary: "57", findings: findings),
        ])
        let lines = GitHubAnnotations.render(report, reportHint: "out/audit.md").split(separator: "\n").map(String.init)
        #expect(lines.count == 51)
        #expect(lines.prefix(50).allSatisfy { $0.hasPrefix("::error ") })
        let notice = try #require(ParsedCommand(lines[50]))
        #expect(notice.command == "notice")
        #expect(notice.data == "10 more findings (7 errors, 3 warnings) not shown as annotations; see out/audit.md")
        #expect(GitHubAnnotations.render(report, cap: 60).split(separator: "\n").count == 60)
    }

    @Test("an audit that could not start is one error with the reason")
    func setupError() throws {
        let report = AuditRunner.errorReport(
            reason: "policy.yaml:3: unknown key 'chekcs'", options: AuditOptions(),
            generatedAt: "2024-01-01T00:00:00Z")
        let lines = GitHubAnnotations.render(report).split(separator: "\n")
        #expect(lines.count == 1)
        let parsed = try #require(ParsedCommand(String(lines[0])))
        #expect(parsed.command == "error")
        #expect(parsed.data == "policy.yaml:3: unknown key 'chekcs'")
    }

    @Test("a clean report prints nothing")
    func clean() {
        let report = Self.report([
            CheckResult(id: "ip", title: "IP Compliant", status: .pass, severity: .block, summary: "ok")
        ])
        #expect(GitHubAnnotations.render(report) == "")
    }

    @Test("annotations go to stdout under GitHub Actions only")
    func onlyGitHub() {
        let report = Self.report([
            CheckResult(
                id: "ip", title: "IP Compliant", status: .fail, severity: .block, summary: "1",
                findings: [
                    Finding(
                        rule: "ip.missing-header", message: "m",
                        location: Location(path: "a.py", line: 1))
                ])
        ])
        var options = AuditOptions()
        options.environment = ["GITHUB_ACTIONS": "true"]
        #expect(
            AuditRunner(options: options).ciConsoleOutput(report)
                == "::error file=a.py,line=1,title=IP Compliant (ip)%3A ip.missing-header::m\n")
        for env in [["GITLAB_CI": "true"], ["CI": "true"], [:]] {
            options.environment = env
            #expect(AuditRunner(options: options).ciConsoleOutput(report) == "")
        }
    }
}
