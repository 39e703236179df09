// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct SecurityCheckTests {
    static let awsKey = "AKIA" + FakeToken.base32(16, 5001)
    static let githubToken = "ghp_" + FakeToken.alnum(36, 5002)
    static let slackToken =
        "xoxb-" + FakeToken.digits(12, 5003) + "-" + FakeToken.digits(12, 5004) + "-" + FakeToken.alnum(24, 5005)
    static let npmToken = "npm_" + FakeToken.alnum(36, 5006)

    static func policy(history: Bool = false, maxBlob: Int = 10_485_760, baseline: String? = nil) -> String {
        var body = """
              security:
                secrets: true
                scan_history: \(history)
                forbidden_paths: ["**/.env", "**/*.pem"]
                max_blob_bytes: \(maxBlob)
                pickle_scan: true

            """
        if let baseline { body += "    baseline: \(baseline)\n" }
        return AuditHarness.policy(body)
    }

    static func fixture(_ name: String) throws -> [UInt8] { try PickleReference.fixture(name) }

    @Test func plantedSecretsForbiddenPathsAndUnsafePicklesInTheTree() throws {
        let repo = try GitFixture()
        try repo.write("README.md", "# demo\n")
        try repo.write("config/settings.py", "AWS_KEY = '\(Self.awsKey)'\n")
        try repo.write("deploy/.env", "GITHUB_TOKEN=\(Self.githubToken)  # gremlin:allow\n")
        try repo.write("models/good.pt", bytes: try Self.fixture("benign-torch.pt"))
        try repo.write("models/evil.pt", bytes: try Self.fixture("evil-stack-global.pt"))
        try repo.write("models/weights.safetensors", bytes: try Self.fixture("model.safetensors"))
        try repo.write("image.png", bytes: [0x89, 0x50, 0x4E, 0x47, 0] + Array("\(Self.npmToken)".utf8))
        try repo.commit("feat(demo): planted")

        let report = try AuditHarness.audit(repo, policy: Self.policy(), only: ["security"])
        let check = try #require(report.check("security"))
        #expect(check.status == .fail)
        let byRule = Dictionary(grouping: check.findings, by: \.rule)
        #expect(byRule["security.aws-access-token"]?.map { $0.location?.description } == ["config/settings.py:1:12"])
        #expect(byRule["security.github-pat"] == nil, "inline allow")
        // A stray NUL does not make mostly-text bytes binary: the token is found.
        #expect(byRule["security.npm-access-token"]?.map { $0.location?.path } == ["image.png"])
        #expect(byRule["security.forbidden-path"]?.map { $0.location?.path } == ["deploy/.env"])
        #expect(byRule["security.unsafe-pickle"]?.count == 1)
        #expect(byRule["security.unsafe-pickle"]?.first?.message.contains("os.system") == true)
        #expect(byRule["security.unsafe-pickle"]?.first?.location?.path == "models/evil.pt")
        #expect(check.findings.count == 4)
        #expect(check.measurements["secrets"]?["allowed_inline"] == .int(1))
        // Both zip checkpoints and the safetensors file are binary: scanned in their printable runs.
        #expect(check.measurements["secrets"]?["binary_skipped"] == .int(0))
        #expect(check.measurements["secrets"]?["binary_strings_scanned"] == .int(3))
        #expect(check.measurements["secrets"]?["baseline"] == .string("missing"))
        #expect(check.measurements["artifacts"]?["scanned"] == .int(3))
        #expect(check.measurements["artifacts"]?["unsafe"] == .int(1))
        #expect(check.summary.contains("no baseline"))
    }

    @Test func oversizedBlobAgainstTheLimit() throws {
        let repo = try GitFixture()
        // 50 MB of zeros compresses to almost nothing in git; the check reads only its header.
        try repo.write("data/big.bin", bytes: [UInt8](repeating: 0, count: 50 << 20))
        try repo.write("small.txt", "ok\n")
        try repo.commit("feat(data): big blob")
        let report = try AuditHarness.audit(repo, policy: Self.policy(maxBlob: 10 << 20), only: ["security"])
        let check = try #require(report.check("security"))
        #expect(check.findings.map(\.rule) == ["security.oversized-blob"])
        #expect(check.findings.first?.location?.path == "data/big.bin")
        #expect(check.findings.first?.message.contains("\(50 << 20) bytes") == true)
        #expect(check.measurements["secrets"]?["oversized_skipped"] == .int(1))
    }

    @Test func secretInARevertedCommitIsFoundInHistoryOnly() throws {
        let repo = try GitFixture()
        let base = try repo.commit("chore(repo): start", files: ["app.py": "print('hi')\n"])
        try repo.commit("feat(app): add token", files: ["app.py": "print('hi')\nTOKEN = '\(Self.slackToken)'\n"])
        let leaky = try repo.git(["rev-parse", "HEAD"])
        try repo.commit("fix(app): remove token", files: ["app.py": "print('hi')\n"])

        let clean = try AuditHarness.audit(repo, policy: Self.policy(history: false), only: ["security"], base: base)
        #expect(clean.check("security")?.status == .pass)

        let report = try AuditHarness.audit(repo, policy: Self.policy(history: true), only: ["security"], base: base)
        let check = try #require(report.check("security"))
        #expect(check.status == .fail)
        let finding = try #require(check.findings.first)
        #expect(check.findings.count == 1)
        #expect(finding.rule == "security.slack-bot-token")
        #expect(finding.location?.description == "app.py:2:10")
        #expect(finding.message.contains(String(leaky.prefix(12))))
        #expect(check.measurements["secrets"]?["commits_scanned"] == .int(2))
        #expect(check.measurements["secrets"]?["in_history_only"] == .int(1))
    }

    @Test func renamedFileIsReportedOnceAtItsNewPath() throws {
        let repo = try GitFixture()
        let base = try repo.commit("chore(repo): start", files: ["README.md": "# r\n"])
        let body = (1...30).map { "line \($0) of the config file" }.joined(separator: "\n")
        try repo.commit("feat(cfg): config", files: ["old/name.cfg": body + "\nkey = \(Self.awsKey)\n"])
        try FileManager.default.createDirectory(at: repo.url("new"), withIntermediateDirectories: true)
        try repo.git(["mv", "old/name.cfg", "new/place.cfg"])
        try repo.commit("refactor(cfg): rename")
        let report = try AuditHarness.audit(repo, policy: Self.policy(history: true), only: ["security"], base: base)
        let check = try #require(report.check("security"))
        #expect(check.findings.map { $0.location?.description } == ["new/place.cfg:31:7"])
    }

    @Test func baselineSurvivesARebaseAndCatchesANewSecretOnTheOldLine() throws {
        let repo = try GitFixture()
        try repo.commit("chore(repo): start", files: ["notes.txt": "a\nb\n"])
        try repo.commit("feat(cfg): test fixture key", files: ["tests/fixture.cfg": "x\nkey = \(Self.awsKey)\n"])
        // Accept it: the baseline is written by the same code `gremlin secrets --baseline-update` uses.
        let first = try AuditHarness.audit(repo, policy: Self.policy(), only: ["security"])
        #expect(first.check("security")?.status == .fail)
        let repository = try Repository.open(at: repo.path)
        let audit = try SecretsAudit.run(
            repository: repository, entries: try repository.treeEntries(at: try repository.resolve("HEAD")),
            commits: [], maxBlobBytes: nil, scanner: try SecretScanner())
        try SecretsBaseline(matches: audit.allMatches).write(to: repo.url(SecretsBaseline.defaultPath))
        try repo.commit("chore(security): baseline")
        #expect(
            try AuditHarness.audit(repo, policy: Self.policy(), only: ["security"]).check("security")?.status == .pass)

        // Rewrite history: the key moves to another file and line, a new key takes its old line.
        try repo.git(["reset", "-q", "--soft", "HEAD~2"])
        try repo.write("tests/fixture.cfg", "x\nkey = \(Self.githubToken)\n")
        try repo.write("tests/other.cfg", "\n\n\n\nmoved = \(Self.awsKey)\n")
        try repo.commit("feat(cfg): fixtures, rebased")
        let rebased = try AuditHarness.audit(repo, policy: Self.policy(), only: ["security"])
        let check = try #require(rebased.check("security"))
        #expect(check.findings.map(\.rule) == ["security.github-pat"])
        #expect(check.findings.map { $0.location?.description } == ["tests/fixture.cfg:2:7"])
        #expect(check.measurements["secrets"]?["baselined"] == .int(1))
        #expect(check.measurements["secrets"]?["baseline"] == .string("tree"))
    }

    @Test func unusedBaselineEntriesAreNotes() throws {
        let repo = try GitFixture()
        let stale = SecretsBaseline.Entry(
            fingerprint: String(repeating: "0f", count: 16), rule: "github-pat", path: "gone.txt")
        try SecretsBaseline(entries: [stale]).write(to: repo.url(SecretsBaseline.defaultPath))
        try repo.commit("chore(security): baseline", files: ["a.txt": "nothing here\n"])
        let check = try #require(
            try AuditHarness.audit(repo, policy: Self.policy(), only: ["security"]).check("security"))
        #expect(check.status == .pass)
        #expect(check.notes.map(\.rule) == ["security.unused-baseline-entry"])
        #expect(check.notes.first?.fingerprint == stale.fingerprint)
    }

    @Test func invalidBaselineIsAnInputError() throws {
        let repo = try GitFixture()
        try repo.commit(
            "chore(security): bad baseline",
            files: [SecretsBaseline.defaultPath: "{\"schema\": \"nope\", \"entries\": []}\n"])
        let check = try #require(
            try AuditHarness.audit(repo, policy: Self.policy(), only: ["security"]).check("security"))
        #expect(check.status == .error)
        #expect(check.summary.contains(SecretsBaseline.defaultPath))
    }

    /// Redaction end to end: no artifact of a run on planted secrets holds any secret's bytes.
    @Test func noArtifactHoldsASecret() throws {
        let repo = try GitFixture()
        var planted: [String] = []
        var text = ""
        for rule in SecretRule.builtIn {
            for example in rule.truePositives {
                let matches = SecretRuleTests.scanner.scan(Array(example.utf8), path: "x").matches
                for match in matches {
                    planted.append(String(decoding: Array(example.utf8)[match.secretRange], as: UTF8.self))
                }
                text += example + "\n"
            }
        }
        try repo.write("leaks/all.txt", text)
        let base = try repo.commit("feat(leak): everything")
        try repo.commit("fix(leak): gone from the tree", files: ["leaks/all.txt": "clean\n"])
        _ = base
        let out = repo.root.appendingPathComponent("out")
        let policyPath = repo.root.appendingPathComponent("policy.yaml")
        try Data(Self.policy(history: true).utf8).write(to: policyPath)
        var options = AuditOptions()
        options.repository = repo.path
        options.policy = policyPath.path
        options.only = ["security"]
        options.outDirectory = out.path
        options.environment = [:]
        let runner = AuditRunner(options: options)
        let report = runner.run()
        try runner.writeReports(report)
        let check = try #require(report.check("security"))
        #expect(check.findings.count >= SecretRule.builtIn.count)
        var artifacts: [URL] = []
        if let enumerator = FileManager.default.enumerator(at: out, includingPropertiesForKeys: nil) {
            for case let url as URL in enumerator { artifacts.append(url) }
        }
        let names = Set(artifacts.map(\.lastPathComponent))
        #expect(names.isSuperset(of: ["audit.json", "junit.xml", "audit.md", "gremlin.sarif"]), "\(names)")
        var contents = artifacts.compactMap { try? Data(contentsOf: $0) }.map { String(decoding: $0, as: UTF8.self) }
        let encoder = JSONEncoder()
        contents.append(String(decoding: try encoder.encode(report), as: UTF8.self))
        // The findings did reach the artifacts, by fingerprint.
        let fingerprints = check.findings.compactMap(\.fingerprint)
        #expect(contents.contains { content in fingerprints.allSatisfy { content.contains($0) } })
        for secret in planted {
            for content in contents {
                #expect(!content.contains(secret), "a secret leaked into an artifact")
            }
        }
    }

    @Test func gitBlobIDMatchesGit() throws {
        let repo = try GitFixture()
        let bytes = try Self.fixture("benign-torch.pt")
        try repo.write("m.pt", bytes: bytes)
        let expected = try repo.git(["hash-object", "m.pt"])
        #expect(SecurityCheck.gitBlobID(Data(bytes)).hex == expected)
    }

    @Test func manifestArtifactsAreScannedFromDisk() throws {
        let repo = try GitFixture()
        try repo.write("README.md", "# r\n")
        try repo.commit("chore(repo): start")
        let evil = try Self.fixture("evil-reduce-p4.pkl")
        try repo.write("artifacts/model.pkl", bytes: evil)  // untracked: only the manifest names it
        try repo.write(
            "release.yaml",
            """
            apiVersion: gremlin/v1
            kind: ModelRelease
            model: {name: demo, version: 1.0.0}
            artifacts:
              - name: model
                path: artifacts/model.pkl

            """)
        let report = try AuditHarness.audit(
            repo, policy: Self.policy(), only: ["security"],
            manifest: repo.url("release.yaml").path)
        let check = try #require(report.check("security"))
        #expect(check.status == .fail, "\(check.summary)")
        #expect(check.findings.map(\.rule) == ["security.unsafe-pickle"])
        #expect(check.findings.first?.message.contains("posix.system") == true)
    }
}
