// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// `require_signature`: an approval counts only when a commit signed (SSH, Ed25519) by a key the
/// policy lists for the approver carries it. Keys are made by `ssh-keygen` and commits signed by
/// `git commit -S`, as an approver would.
@Suite struct ApprovalSignatureTests {
    /// An Ed25519 key pair in a temporary directory.
    struct Key {
        let path: String
        let publicLine: String

        init(_ name: String, in directory: URL) throws {
            path = directory.appendingPathComponent(name).path
            let run = try Self.run(["/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path])
            guard run == 0 else { throw CheckError("ssh-keygen failed (\(run))") }
            publicLine = try String(contentsOfFile: path + ".pub", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// The environment that makes `git commit -S` sign with this key.
        var signing: [String: String] {
            [
                "GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_0": "gpg.format", "GIT_CONFIG_VALUE_0": "ssh",
                "GIT_CONFIG_KEY_1": "user.signingkey", "GIT_CONFIG_VALUE_1": path,
            ]
        }

        static func run(_ arguments: [String]) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen")

    static func policy(signers: [String]) -> String {
        ApprovalEvasionTests.policy(
            "    require_signature: true\n    signers:\n"
                + signers.map { "      - \"\($0)\"\n" }.joined())
    }

    static func setUp() throws -> (repo: GovernanceRepo, smith: Key, patel: Key, eve: Key) {
        let repo = try GovernanceRepo()
        let keys = repo.git.url("../keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        return (repo, try Key("smith", in: keys), try Key("patel", in: keys), try Key("eve", in: keys))
    }

    @Test(.enabled(if: available)) func signedRecordCountsUnsignedOrForeignKeyDoesNot() throws {
        let (repo, smith, _, eve) = try Self.setUp()
        try repo.write("approvals.yaml", "apiVersion: gremlin/v1\nkind: Approvals\napprovals:\n")
        try repo.git.commit("chore(release): approvals file")
        let smithIdentity = ["GIT_AUTHOR_NAME": "J. Smith", "GIT_AUTHOR_EMAIL": "j.smith@example.com"]
        let line = "  - {role: model_owner, name: J. Smith, email: j.smith@example.com, status: approved}\n"
        try repo.write("approvals.yaml", "apiVersion: gremlin/v1\nkind: Approvals\napprovals:\n" + line)
        // Signed, but with a key the policy lists for no one called J. Smith.
        try repo.git.commit(
            "chore(release): approve", environment: smithIdentity.merging(eve.signing) { $1 }, arguments: ["-S"])
        let policy = Self.policy(signers: [
            "j.smith@example.com \(smith.publicLine)", "eve@example.com \(eve.publicLine)",
        ])
        let foreign = try ApprovalEvasionTests.approvals(repo, policy: policy)
        #expect(ApprovalEvasionTests.row(foreign, "model_owner") == "missing")
        #expect(foreign.notes.map(\.rule) == ["approvals.unsigned"])

        try repo.write("approvals.yaml", "apiVersion: gremlin/v1\nkind: Approvals\napprovals:\n" + line + "\n")
        try repo.write(
            "approvals.yaml",
            "apiVersion: gremlin/v1\nkind: Approvals\napprovals:\n"
                + line.replacingOccurrences(of: "{role", with: "{ role"))
        try repo.git.commit(
            "chore(release): approve", environment: smithIdentity.merging(smith.signing) { $1 }, arguments: ["-S"])
        let signed = try ApprovalEvasionTests.approvals(repo, policy: policy)
        #expect(ApprovalEvasionTests.row(signed, "model_owner") == "approved")
        #expect(signed.notes.isEmpty, "\(signed.notes)")

        // The same record, unsigned, when the policy asks for signatures.
        try repo.write(
            "approvals.yaml",
            "apiVersion: gremlin/v1\nkind: Approvals\napprovals:\n"
                + line.replacingOccurrences(of: "{role", with: "{  role"))
        try repo.git.commit("chore(release): approve", environment: smithIdentity)
        let unsigned = try ApprovalEvasionTests.approvals(repo, policy: policy)
        #expect(unsigned.notes.map(\.rule) == ["approvals.unsigned"])
        #expect(unsigned.notes.first?.message.contains("is not signed by a key the policy lists") == true)
    }

    /// A trailer counts when the approver signed (committed) the commit someone else authored.
    @Test(.enabled(if: available)) func trailerCountsWhenTheApproverSignedTheCommit() throws {
        let (repo, _, patel, eve) = try Self.setUp()
        try repo.commitApprovals([("  - {role: mlops_lead, name: K. Patel, status: pending}", nil)])
        let policy = Self.policy(signers: ["k.patel@example.com \(patel.publicLine)"])
        let patelCommits = ["GIT_COMMITTER_NAME": "K. Patel", "GIT_COMMITTER_EMAIL": "k.patel@example.com"]
        let message = "chore(release): approve\n\nApproved-by: K. Patel <k.patel@example.com> (mlops_lead)"
        try repo.git.commit(message, environment: patelCommits.merging(eve.signing) { $1 }, arguments: ["-S"])
        let forged = try ApprovalEvasionTests.approvals(repo, policy: policy)
        #expect(ApprovalEvasionTests.row(forged, "mlops_lead") == "pending")
        #expect(forged.notes.map(\.rule) == ["approvals.unsigned"])

        try repo.git.commit(message, environment: patelCommits.merging(patel.signing) { $1 }, arguments: ["-S"])
        let signed = try ApprovalEvasionTests.approvals(repo, policy: policy)
        #expect(ApprovalEvasionTests.row(signed, "mlops_lead") == "approved")
    }

    @Test(.enabled(if: available)) func tamperedPayloadOrNamespaceFailsVerification() throws {
        let (repo, smith, _, _) = try Self.setUp()
        let id = try repo.git.commit("feat: signed", environment: smith.signing, arguments: ["-S"])
        let repository = try Repository.open(at: repo.git.path)
        let oid = try #require(ObjectID(hex: id))
        let signature = try #require(try repository.signature(of: oid))
        let key = try #require(AllowedSigner(line: "a@b.c \(smith.publicLine)"))
        #expect(SSHSignature.verify(armored: signature.armored, payload: signature.payload, keys: [key.publicKey]))
        #expect(
            !SSHSignature.verify(armored: signature.armored, payload: signature.payload + [0x0a], keys: [key.publicKey])
        )
        #expect(!SSHSignature.verify(armored: signature.armored, payload: signature.payload, keys: []))
        #expect(try repository.signature(of: try #require(ObjectID(hex: repo.trainingCommit))) == nil)
        #expect(AllowedSigner(line: "a@b.c namespaces=\"file\" \(smith.publicLine)") == nil)
        #expect(AllowedSigner(line: "a@b.c ssh-rsa AAAAB3NzaC1yc2E") == nil)
    }

    @Test func malformedSignerIsAPolicyError() throws {
        let repo = try GovernanceRepo()
        try repo.commitContractApprovals()
        try repo.manifest("approvals: approvals.yaml\n")
        let report = try repo.audit(["approvals"], policy: Self.policy(signers: ["j.smith@example.com not-a-key"]))
        #expect(report.verdict == .error)
        let check = try #require(report.check("approvals"))
        #expect(check.status == .error)
        #expect(check.summary.contains("checks.approvals.signers[0]: is not an Ed25519 key"))
        #expect(!check.summary.contains("not-a-key"))
    }
}
