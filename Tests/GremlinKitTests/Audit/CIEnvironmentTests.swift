// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("CI detection")
struct CIEnvironmentTests {
    @Test(
        "each CI is recognised by the variable it sets on every job",
        arguments: [
            (["GITHUB_ACTIONS": "true", "CI": "true"], CIProvider.github),
            (["GITLAB_CI": "true", "CI": "true"], .gitlab),
            (["JENKINS_URL": "https://jenkins.example.com/"], .jenkins),
            (["TF_BUILD": "True"], .azure),
            (["BUILDKITE": "true", "CI": "true"], .buildkite),
            (["CI": "true"], .generic),
            (["CI": "1"], .generic),
        ])
    func detects(env: [String: String], provider: CIProvider) throws {
        let detected = try #require(CIEnvironment.detect(env))
        #expect(detected.provider == provider)
    }

    @Test("outside CI, or with CI switched off, nothing is detected")
    func nothing() {
        #expect(CIEnvironment.detect([:]) == nil)
        #expect(CIEnvironment.detect(["CI": "false"]) == nil)
        #expect(CIEnvironment.detect(["CI": ""]) == nil)
        #expect(CIEnvironment.detect(["GITHUB_ACTIONS": "false"]) == nil)
        #expect(CIEnvironment.detect(["JENKINS_URL": "  "]) == nil)
        #expect(CIEnvironment.detect(["TF_BUILD": "False"]) == nil)
    }

    @Test("a specific CI wins over another's leftovers in a fixed order")
    func precedence() {
        #expect(
            CIEnvironment.detect(["GITLAB_CI": "true", "JENKINS_URL": "http://j", "CI": "true"])?.provider == .gitlab)
        #expect(CIEnvironment.detect(["GITHUB_ACTIONS": "true", "TF_BUILD": "True"])?.provider == .github)
        #expect(CIEnvironment.detect(["JENKINS_URL": "http://j", "BUILDKITE": "true"])?.provider == .jenkins)
    }

    @Test("the pull request base comes from the shared CIBase detection")
    func base() throws {
        let github = try #require(
            CIEnvironment.detect([
                "GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "main",
                "GITHUB_STEP_SUMMARY": "/tmp/summary.md",
            ]))
        #expect(github.base == CIBase.detect(["GITHUB_BASE_REF": "main"]))
        #expect(github.base?.reference == "main")
        #expect(github.stepSummary == "/tmp/summary.md")

        let azure = try #require(
            CIEnvironment.detect([
                "TF_BUILD": "True",
                "SYSTEM_PULLREQUEST_TARGETBRANCH": "refs/heads/develop",
            ]))
        #expect(azure.base?.reference == "develop")
        #expect(azure.stepSummary == nil)

        let buildkite = try #require(
            CIEnvironment.detect(["BUILDKITE": "true", "BUILDKITE_PULL_REQUEST_BASE_BRANCH": "main"]))
        #expect(buildkite.base?.ci == "Buildkite")
        #expect(buildkite.base?.reference == "main")
        #expect(buildkite.base?.isMergeBase == false)
        // Not a pull request build: Buildkite sets the variable to the empty string.
        #expect(CIEnvironment.detect(["BUILDKITE": "true", "BUILDKITE_PULL_REQUEST_BASE_BRANCH": ""])?.base == nil)

        let gitlab = try #require(
            CIEnvironment.detect(["GITLAB_CI": "true", "CI_MERGE_REQUEST_DIFF_BASE_SHA": "abc123"]))
        #expect(gitlab.base?.isMergeBase == true)
        #expect(gitlab.stepSummary == nil)
    }
}

@Suite("Terminal colour")
struct TerminalStyleTests {
    @Test("colour only on a terminal, never with NO_COLOR or TERM=dumb")
    func decision() {
        #expect(TerminalStyle.detect(isTerminal: true, environment: [:]).colored)
        #expect(!TerminalStyle.detect(isTerminal: false, environment: [:]).colored)
        #expect(!TerminalStyle.detect(isTerminal: true, environment: ["NO_COLOR": "1"]).colored)
        #expect(!TerminalStyle.detect(isTerminal: true, environment: ["NO_COLOR": "0"]).colored)
        #expect(!TerminalStyle.detect(isTerminal: true, environment: ["TERM": "dumb"]).colored)
        // no-color.org: an empty NO_COLOR does not count.
        #expect(TerminalStyle.detect(isTerminal: true, environment: ["NO_COLOR": ""]).colored)
    }

    @Test("a pipe is not a terminal")
    func pipe() throws {
        let pipe = Pipe()
        #expect(
            !TerminalStyle.detect(fileDescriptor: pipe.fileHandleForWriting.fileDescriptor, environment: [:]).colored)
    }

    @Test("painting wraps in ANSI SGR only when coloured")
    func paint() {
        #expect(TerminalStyle.plain.paint("READY", .green, bold: true) == "READY")
        #expect(TerminalStyle(colored: true).paint("READY", .green, bold: true) == "\u{1B}[1;32mREADY\u{1B}[0m")
        #expect(TerminalStyle(colored: true).paint("warn", .yellow) == "\u{1B}[33mwarn\u{1B}[0m")
    }

    @Test("the summary table is plain by default and keeps its columns when coloured")
    func summary() {
        let report = AuditReport(
            tool: "gremlin test", verdict: .blocked, repository: ".", revision: "HEAD",
            commit: String(repeating: "a", count: 40), policy: "p", model: nil,
            generatedAt: "2024-01-01T00:00:00Z", inputs: [:],
            checks: [
                CheckResult(
                    id: "ip", title: "IP Compliant", status: .fail, severity: .block,
                    summary: "1 file without a header")
            ])
        let plain = SummaryTable.render(report)
        #expect(!plain.contains("\u{1B}"))
        let colored = SummaryTable.render(report, style: TerminalStyle(colored: true))
        #expect(colored.hasPrefix("\u{1B}[1;31mBLOCKED\u{1B}[0m — "))
        let stripped = colored.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plain)
    }
}
