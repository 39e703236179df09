// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import GremlinXML
import Testing

@testable import GremlinKit

/// The real binary on real repositories: exit codes, messages, evidence on disk.
@Suite struct AuditCommandTests {
    static let goodPolicy = AuditHarness.policy(
        """
          ip:
            include: ["**/*.swift"]
            spdx: [Apache-2.0]
          commits:
            sign_off: true
            subject_pattern: '^(feat|fix)(\\([a-z]+\\))?: .+$'

        """)

    static func repository() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write("policy.yaml", goodPolicy)
        try repo.commit(
            "feat(core): add code\n\nSigned-off-by: \(GitFixture.authorName) <\(GitFixture.authorEmail)>",
            files: ["a.swift": "// SPDX-License-Identifier: Apache-2.0\nlet a = 1\n"])
        return repo
    }

    @Test func readyAuditExitsZeroAndWritesEvidence() throws {
        let repo = try Self.repository()
        let run = try Binary.run(
            ["audit", "--policy", "policy.yaml", "--out", "out"], in: repo.url(""),
            environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("READY"))
        #expect(run.stderr.contains("[LOG] Running ip: IP Compliant…"))
        #expect(run.stderr.contains("[DONE] PASS"))
        let data = try Data(contentsOf: repo.url("out/audit.json"))
        let report = try JSONDecoder().decode(AuditReport.self, from: data)
        #expect(report.verdict == .ready)
        #expect(report.schema == "gremlin.audit/v1")
        #expect(report.generatedAt == "2023-11-14T22:13:20Z")
        #expect(report.commit == (try repo.git(["rev-parse", "HEAD"])))
        #expect(report.inputs["policy.yaml"]?.sha256.count == 64)
    }

    @Test func blockedAuditExitsOne() throws {
        let repo = try Self.repository()
        try repo.commit("feat(core): unsigned", files: ["b.swift": "let b = 2\n"])
        let run = try Binary.run(["audit", "--policy", "policy.yaml", "--out", "out"], in: repo.url(""))
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("BLOCKED"))
    }

    /// Every artifact of a blocked audit, parsed back: exact counts in JUnit (libxml2), SARIF and JSON.
    @Test func artifactsParseBackWithExactCounts() throws {
        let repo = try IPCheckTests.makeRepository()
        try repo.write("policy.yaml", IPCheckTests.policy)
        try repo.commit("feat(core): policy")
        for flavor in ["gitlab", "strict"] {
            let run = try Binary.run(
                [
                    "audit", "--policy", "policy.yaml", "--only", "ip", "--out", "out-\(flavor)",
                    "--junit-flavor", flavor,
                ], in: repo.url(""))
            #expect(run.status == 1, "\(run.stderr)")
            let report = try JSONDecoder().decode(
                AuditReport.self, from: Data(contentsOf: repo.url("out-\(flavor)/audit.json")))
            let findings = try #require(report.check("ip")).findings
            // The seven files of the fixture plus policy.yaml itself (include is **/*).
            #expect(findings.count == 8)
            let junit = try [UInt8](Data(contentsOf: repo.url("out-\(flavor)/junit.xml")))
            let xml = try ParsedXML(bytes: junit)
            #expect(try xml.count("//testsuite[@name='ip']/testcase/failure") == 8)
            #expect(try xml.count("//testsuite") == CheckRegistry.ids.count)
            #expect(try xml.count("//testcase/skipped") == CheckRegistry.ids.count - 1)
            #expect(try xml.values("/testsuites/@failures") == ["8"])
            if flavor == "strict" {
                #expect(validate(xml: junit, againstXSDAt: Fixtures.path("reports/junit-10.xsd")).isEmpty)
                #expect(try xml.count("//testcase[@file]") == 0)
            } else {
                #expect(try xml.count("//testcase[@file='dir with space/a]]>b.swift']") == 1)
            }
            let sarif = try JSONSerialization.jsonObject(
                with: Data(contentsOf: repo.url("out-\(flavor)/gremlin.sarif")))
            let runs = (sarif as? [String: Any])?["runs"] as? [[String: Any]]
            #expect((runs?.first?["results"] as? [Any])?.count == 8)
        }
    }

    @Test func sameInputsGiveByteIdenticalArtifacts() throws {
        let repo = try Self.repository()
        let env = ["SOURCE_DATE_EPOCH": "1700000000"]
        _ = try Binary.run(["audit", "--policy", "policy.yaml", "--out", "out1"], in: repo.url(""), environment: env)
        _ = try Binary.run(["audit", "--policy", "policy.yaml", "--out", "out2"], in: repo.url(""), environment: env)
        let names = try FileManager.default.contentsOfDirectory(atPath: repo.url("out1").path).sorted()
        #expect(!names.isEmpty)
        for name in names {
            let first = try Data(contentsOf: repo.url("out1/\(name)"))
            let second = try Data(contentsOf: repo.url("out2/\(name)"))
            #expect(first == second, "\(name) differs between runs")
        }
    }

    /// Each bad input: exit 2, one message naming the culprit and the fix, no crash.
    @Test func badInputsExitTwoWithAClearMessage() throws {
        let repo = try Self.repository()
        let dir = repo.url("")
        try repo.write("syntax.yaml", "apiVersion: gremlin/v1\nkind: Policy\nchecks:\n  ip: [unclosed\n")
        try repo.write("unknown.yaml", Self.goodPolicy.replacingOccurrences(of: "sign_off", with: "sign_of"))
        try repo.write("type.yaml", Self.goodPolicy.replacingOccurrences(of: "sign_off: true", with: "sign_off: 3"))
        try repo.write("regex.yaml", Self.goodPolicy.replacingOccurrences(of: ".+$'", with: "(.+$'"))
        let notRepo = try Fixtures.temporaryDirectory("not-a-repo")
        defer { try? FileManager.default.removeItem(at: notRepo) }
        let cases: [(args: [String], expected: [String])] = [
            (["audit", "--policy", "missing.yaml"], ["missing.yaml", "file not found"]),
            (["audit", "--policy", "syntax.yaml"], ["syntax.yaml:5:1", "YAML syntax error", "at line 4"]),
            (["audit", "--policy", "unknown.yaml"], ["checks.commits.sign_of", "did you mean sign_off?"]),
            (["audit", "--policy", "type.yaml"], ["checks.commits.sign_off", "expected true or false"]),
            (["audit", "--policy", "regex.yaml"], ["checks.commits.subject_pattern", "invalid regular expression"]),
            (["audit", "--policy", "policy.yaml", "--rev", "no-such-branch"], ["--rev", "no-such-branch"]),
            (["audit", "--policy", "policy.yaml", "--repo", notRepo.path], ["not a git repository"]),
            (["audit", "--policy", "policy.yaml", "--only", "lineag"], ["did you mean lineage?"]),
            (["audit", "--policy", "policy.yaml", "--manifest", "nope.yaml"], ["nope.yaml", "file not found"]),
            (["audit", "--policy", "policy.yaml", "--base", "nope"], ["--base", "'nope' does not resolve"]),
            (["audit", "--junit-flavor", "xml"], ["--junit-flavor must be gitlab or strict"]),
        ]
        for testCase in cases {
            let run = try Binary.run(testCase.args + ["--out", "out-bad"], in: dir)
            #expect(run.status == 2, "\(testCase.args): exit \(run.status) \(run.stderr)")
            for text in testCase.expected {
                #expect(run.stderr.contains(text) || run.stdout.contains(text), "\(testCase.args): \(run.stderr)")
            }
            #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("Stack dump"))
        }
    }

    @Test func unevaluableAuditStillWritesEvidence() throws {
        let repo = try Self.repository()
        let run = try Binary.run(["audit", "--policy", "missing.yaml", "--out", "out"], in: repo.url(""))
        #expect(run.status == 2)
        let report = try JSONDecoder().decode(AuditReport.self, from: Data(contentsOf: repo.url("out/audit.json")))
        #expect(report.verdict == .error)
        #expect(report.reason?.contains("missing.yaml") == true)
    }

    @Test func corruptObjectIsAnErrorNotACrash() throws {
        let repo = try Self.repository()
        let blob = try repo.git(["rev-parse", "HEAD:a.swift"])
        let objectPath = repo.url(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))").path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: objectPath)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: objectPath))
        let run = try Binary.run(["audit", "--policy", "policy.yaml", "--only", "ip"], in: repo.url(""))
        #expect(run.status == 2, "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("ERROR"))
        #expect(!run.stderr.contains("Fatal error"))
    }

    @Test func checksCommandListsEveryCheck() throws {
        let run = try Binary.run(["checks"])
        #expect(run.status == 0)
        for id in CheckRegistry.ids { #expect(run.stdout.contains("\(id) — ")) }
    }

    @Test func headersFixInsertsOnceAndThenPasses() throws {
        let repo = try Self.repository()
        try repo.write(
            "policy.yaml",
            AuditHarness.policy("  ip:\n    include: ['**/*.swift', '**/*.sh']\n    spdx: [Apache-2.0]\n"))
        try repo.commit("feat(core): more", files: ["b.swift": "let b = 2\n", "run.sh": "#!/bin/sh\necho hi\n"])
        let report = try Binary.run(["headers", "--policy", "policy.yaml"], in: repo.url(""))
        #expect(report.status == 1)
        #expect(report.stdout.contains("b.swift: no license header"))
        let fix = try Binary.run(["headers", "--policy", "policy.yaml", "--fix"], in: repo.url(""))
        #expect(fix.status == 0, "\(fix.stdout)\(fix.stderr)")
        #expect(
            try String(contentsOf: repo.url("run.sh"), encoding: .utf8)
                == "#!/bin/sh\n# SPDX-License-Identifier: Apache-2.0\n\necho hi\n")
        try repo.commit("feat(core): headers")
        let again = try Binary.run(["headers", "--policy", "policy.yaml", "--fix"], in: repo.url(""))
        #expect(again.stdout.contains("0 files fixed"))
        #expect(
            try String(contentsOf: repo.url("b.swift"), encoding: .utf8)
                == "// SPDX-License-Identifier: Apache-2.0\n\nlet b = 2\n")
    }

    @Test func headersFixTakesTheYearFromSourceDateEpoch() throws {
        let repo = try Self.repository()
        try repo.write(
            "policy.yaml",
            AuditHarness.policy(
                """
                  ip:
                    include: ['b.swift']
                    spdx: [Apache-2.0]
                    copyright: 'Copyright \\(c\\) [0-9]{4} Acme'
                    header: ['SPDX-License-Identifier: {spdx}', 'Copyright (c) {year} Acme']

                """))
        try repo.commit("feat(core): more", files: ["b.swift": "let b = 2\n"])
        // 2001-09-09T01:46:40Z
        let fix = try Binary.run(
            ["headers", "--policy", "policy.yaml", "--fix"], in: repo.url(""),
            environment: ["SOURCE_DATE_EPOCH": "1000000000"])
        #expect(fix.status == 0, "\(fix.stdout)\(fix.stderr)")
        #expect(
            try String(contentsOf: repo.url("b.swift"), encoding: .utf8)
                == "// SPDX-License-Identifier: Apache-2.0\n// Copyright (c) 2001 Acme\n\nlet b = 2\n")
        let invalid = try Binary.run(
            ["headers", "--policy", "policy.yaml", "--fix"], in: repo.url(""),
            environment: ["SOURCE_DATE_EPOCH": "yesterday"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("SOURCE_DATE_EPOCH"))
    }
}
