// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The real binary on real repositories that try to switch the secret scan off from inside
/// (issue 16, items 6–9): each one is BLOCKED (exit 1), and no secret reaches an artifact.
@Suite struct SecretEvasionEndToEndTests {
    static let keyPair = SecretEvasionTests.keyPair
    static let secrets = [SecretEvasionTests.accessKey, SecretEvasionTests.secretKey, SecretEvasionTests.password]

    static func policy(history: Bool, extra: String = "") -> String {
        AuditHarness.policy(
            """
              security:
                secrets: true
                scan_history: \(history)
            \(extra)
              ip:
                include: ["**/*.py"]
                spdx: [Apache-2.0]

            """)
    }

    struct Outcome {
        var run: Binary.Run
        var report: AuditReport
        var artifacts: String
        func rules(_ check: String = "security") -> [String] { report.check(check)?.findings.map(\.rule) ?? [] }
        func notes(_ check: String = "security") -> [String] { report.check(check)?.notes.map(\.rule) ?? [] }
    }

    /// `gremlin audit` with `policy` (a file outside the repository) on `only`.
    /// `gremlin audit` with `policy` (a file outside the repository), or the policy file at
    /// `policyFile`, on `only`.
    static func audit(
        _ repo: GitFixture, policy: String = "", policyFile: String? = nil, only: String = "security"
    ) throws -> Outcome {
        let policyPath = policyFile ?? repo.sibling("policy-\(UUID().uuidString.prefix(6)).yaml")
        if policyFile == nil { try Data(policy.utf8).write(to: URL(fileURLWithPath: policyPath)) }
        let out = repo.sibling("out-\(UUID().uuidString.prefix(6))")
        let run = try Binary.run(["audit", "--policy", policyPath, "--only", only, "--out", out], in: repo.url(""))
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/audit.json"))
        var artifacts = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: out).sorted() {
            artifacts += String(
                decoding: (try? Data(contentsOf: URL(fileURLWithPath: out + "/" + name))) ?? Data(), as: UTF8.self)
        }
        return Outcome(
            run: run, report: try JSONDecoder().decode(AuditReport.self, from: data),
            artifacts: artifacts + run.stdout + run.stderr)
    }

    static func expectBlocked(_ outcome: Outcome, _ rules: [String], _ comment: Comment) {
        #expect(outcome.run.status == 1, comment)
        #expect(outcome.run.stdout.hasPrefix("BLOCKED"), comment)
        #expect(rules.allSatisfy(outcome.rules().contains), "\(comment): \(outcome.rules())")
        for secret in secrets { #expect(!outcome.artifacts.contains(secret), comment) }
    }

    /// Item 6: one NUL byte near the top, in the tree and in history.
    @Test func aNULByteDoesNotHideAKeyPair() throws {
        let repo = try GitFixture()
        try repo.commit("chore(repo): start", files: ["README.md": "# r\n"])
        try repo.write("conf/credentials", bytes: Array("[default]".utf8) + [0] + Array(("\n" + Self.keyPair).utf8))
        try repo.commit("feat(conf): credentials")
        let tree = try Self.audit(repo, policy: Self.policy(history: false))
        Self.expectBlocked(tree, ["security.aws-access-token", "security.aws-secret-key"], "tree")
        #expect(tree.report.check("security")?.findings.first?.location?.description == "conf/credentials:2:21")

        try repo.git(["rm", "-q", "conf/credentials"])
        try repo.commit("fix(conf): remove")
        Self.expectBlocked(
            try Self.audit(repo, policy: Self.policy(history: true)),
            ["security.aws-access-token", "security.aws-secret-key"], "history")
    }

    /// Item 7: `*.cfg -diff` in `.gitattributes` does not hide a key added and later removed.
    @Test func gitattributesDoNotHideARemovedKey() throws {
        let repo = try GitFixture()
        try repo.commit("chore(repo): attributes", files: [".gitattributes": "*.cfg -diff\n"])
        try repo.commit("feat(cfg): deploy", files: ["deploy.cfg": Self.keyPair])
        try repo.commit("fix(cfg): drop keys", files: ["deploy.cfg": "# keys come from the vault\n"])
        #expect(try Self.audit(repo, policy: Self.policy(history: false)).run.status == 0)
        let outcome = try Self.audit(repo, policy: Self.policy(history: true))
        Self.expectBlocked(outcome, ["security.aws-access-token", "security.aws-secret-key"], "history")
        #expect(outcome.report.check("security")?.findings.first?.message.contains("was added by commit") == true)
    }

    /// Item 8: a source file stored through Git LFS blocks under the shipped release policy
    /// (header and secret checks), and is a note under a policy without the key.
    @Test func anLFSPointerBlocksUnderTheReleasePolicy() throws {
        let repo = try GitFixture()
        let pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:\(FakeToken.hex(64, 9201))\nsize 4096\n"
        try repo.write(".gitattributes", "train.py filter=lfs diff=lfs merge=lfs -text\n")
        try repo.write("train.py", pointer)
        try repo.write("models/weights.safetensors", pointer)
        try repo.write("ok.py", "# SPDX-License-Identifier: Apache-2.0\nprint('ok')\n")
        try repo.commit("feat(model): training code")

        let lenient = try Self.audit(repo, policy: Self.policy(history: false), only: "security,ip")
        #expect(lenient.run.status == 0, "\(lenient.run.stderr)")
        // The model artifact keeps its own note; the source file gets the new one.
        #expect(Set(lenient.notes()) == ["security.lfs-pointer", "security.artifact-not-scanned"])
        #expect(lenient.notes("ip") == ["ip.lfs-pointer"])

        let strict = Self.policy(history: false, extra: "    lfs_pointers: fail\n").replacingOccurrences(
            of: "spdx: [Apache-2.0]\n", with: "spdx: [Apache-2.0]\n    lfs_pointers: fail\n")
        let blocked = try Self.audit(repo, policy: strict, only: "security,ip")
        Self.expectBlocked(blocked, ["security.lfs-pointer"], "lfs_pointers: fail")
        #expect(blocked.rules("ip") == ["ip.lfs-pointer"])
        // The model artifact has its own rule (artifact-not-scanned), so it is not reported twice.
        #expect(blocked.report.check("security")?.findings.compactMap { $0.location?.path } == ["train.py"])
        #expect(blocked.report.check("security")?.findings.first?.message.contains(LFSPointer.message) == true)

        // The shipped release policy sets `lfs_pointers: fail` for security.
        let release = Fixtures.packageRoot.appendingPathComponent("policies/release.yaml").path
        let shipped = try Self.audit(repo, policyFile: release)
        Self.expectBlocked(shipped, ["security.lfs-pointer"], "release.yaml")
    }

    /// Item 9: credentials in `.gitmodules`, an annotated tag message, a git note, and base64.
    @Test func secretsOutsidePlainFilesAreFound() throws {
        let url = "https://deploy:\(SecretEvasionTests.password)@git.internal.corp/ml/weights.git"
        let cases: [(String, String, (GitFixture) throws -> Void)] = [
            (
                "gitmodules", "security.url-credentials",
                { repo in
                    try repo.commit(
                        "feat(repo): weights submodule",
                        files: [".gitmodules": "[submodule \"weights\"]\n\tpath = weights\n\turl = \(url)\n"])
                }
            ),
            (
                "tag", "security.aws-access-token",
                { repo in
                    try repo.git(["tag", "-a", "v1.0.0", "-m", "release\n\n" + Self.keyPair])
                }
            ),
            (
                "note", "security.aws-secret-key",
                { repo in
                    try repo.git(["notes", "add", "-m", "deployed with\n" + Self.keyPair, "HEAD"])
                }
            ),
            (
                "base64", "security.aws-access-token",
                { repo in
                    let encoded = SecretEvasionTests.base64(Self.keyPair)
                    try repo.commit("feat(cfg): values", files: ["values.yaml": "creds: \(encoded)\n"])
                }
            ),
        ]
        for (name, rule, plant) in cases {
            let repo = try GitFixture()
            try repo.commit("chore(repo): start", files: ["README.md": "# r\n"])
            try repo.commit("feat(app): code", files: ["app.py": "print('hi')\n"])
            try plant(repo)
            Self.expectBlocked(try Self.audit(repo, policy: Self.policy(history: true)), [rule], "\(name)")
        }
    }
}
