// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// `gremlin release` writing to a real MLflow server, read back with the Python client.
@Suite("MLflow registry: gremlin release end to end", .enabled(if: MLflowServer.available))
struct RegistryReleaseEndToEndTests {
    func versionState(_ state: [String: Any], _ version: String) -> [String: Any] {
        (state["versions"] as? [String: Any])?[version] as? [String: Any] ?? [:]
    }

    func releaseRecord(_ example: RegistryExample, _ out: String) throws -> [String: Any] {
        let data = try Data(contentsOf: example.root.appendingPathComponent(out).appendingPathComponent("release.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test("alias, gremlin.* tags, card/audit/attestation artifacts and description; a re-run changes nothing")
    func releaseWritesAndIsIdempotent() throws {
        let example = try RegistryExample("release")
        try example.writeRegistryManifest()
        let audit = try example.audit(example.registryManifest, out: "audit")
        #expect(audit.status == 0, "\(audit.stderr)")
        let keys = example.root.appendingPathComponent("keys")
        #expect(try Binary.run(["keygen", "--out", keys.path]).status == 0)
        let sign = ["--sign", keys.appendingPathComponent("gremlin.key").path]

        let release = try example.release(audit: "audit", out: "release", sign)
        #expect(release.status == 0, "\(release.stderr)")
        let state = try example.server.readBack(example.model)
        #expect((state["aliases"] as? [String: String])?["production-candidate"] == example.candidateVersion)
        #expect((state["aliases"] as? [String: String])?["production"] == example.versions[0].version)
        let version = versionState(state, example.candidateVersion)
        let tags = version["tags"] as? [String: String] ?? [:]
        let head = try Reference.run("git", ["-C", example.repo.path, "rev-parse", "HEAD"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let auditDigest = try Reference.sha256sum(example.root.appendingPathComponent("audit/audit.json").path)
        let attestationDigest = try Reference.sha256sum(
            example.root.appendingPathComponent("release/attestation.intoto.json").path)
        #expect(tags["gremlin.verdict"] == "ready")
        #expect(tags["gremlin.commit"] == head)
        #expect(tags["gremlin.audit_sha256"] == auditDigest)
        #expect(tags["gremlin.attestation_sha256"] == attestationDigest)
        let artifacts = version["artifacts"] as? [String] ?? []
        #expect(artifacts.contains("gremlin/audit.md"))
        #expect(artifacts.contains("gremlin/attestation.intoto.json"))
        #expect(artifacts.contains("gremlin/cl_unimodal_v2.md"), "\(artifacts)")
        #expect((version["description"] as? String)?.contains("| Intended use | Research-grade") == true)
        // The production version is untouched.
        #expect((versionState(state, example.versions[0].version)["tags"] as? [String: String])?.isEmpty == true)

        let record = try releaseRecord(example, "release")
        let registry = try #require(record["registry"] as? [String: Any])
        #expect(registry["status"] as? String == "written")
        #expect(
            registry["server"] as? String
                == example.server.url.replacingOccurrences(of: "127.0.0.1:", with: "127.0.0.1:"))
        #expect((registry["notDone"] as? [Any])?.isEmpty == true)

        let again = try example.release(audit: "audit", out: "release", sign)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(NSDictionary(dictionary: try example.server.readBack(example.model)) == NSDictionary(dictionary: state))

        for out in ["audit", "release"] {
            for (path, text) in try example.artifacts(out) { #expect(!text.contains(RegistryExample.token), "\(path)") }
        }
        for run in [release, again] {
            #expect(!run.stderr.contains(RegistryExample.token) && !run.stdout.contains(RegistryExample.token))
        }
    }

    @Test("an alias on another version is refused without --move-alias, and moved and recorded with it")
    func moveAlias() throws {
        let example = try RegistryExample("move", productionAliases: ["production", "production-candidate"])
        try example.writeRegistryManifest()
        #expect(try example.audit(example.registryManifest, out: "audit").status == 0)
        let before = try example.server.readBack(example.model)

        let plan = try example.release(audit: "audit", out: "release", ["--dry-run", "--move-alias"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(
            (plan.stdout + plan.stderr).contains(
                "would set alias production-candidate on \(example.model) version \(example.candidateVersion) "
                    + "(moving it from version \(example.versions[0].version))"), "\(plan.stdout)")

        let refused = try example.release(audit: "audit", out: "release")
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("--move-alias"))
        #expect(refused.stderr.contains("version \(example.versions[0].version)"))
        #expect(
            NSDictionary(dictionary: try example.server.readBack(example.model)) == NSDictionary(dictionary: before))
        let tags = try Reference.run("git", ["-C", example.repo.path, "tag"]).stdout
        #expect(tags.isEmpty, "nothing is tagged when the release is refused")

        let moved = try example.release(audit: "audit", out: "release", ["--move-alias"])
        #expect(moved.status == 0, "\(moved.stderr)")
        let state = try example.server.readBack(example.model)
        #expect((state["aliases"] as? [String: String])?["production-candidate"] == example.candidateVersion)
        let registry = try #require(try releaseRecord(example, "release")["registry"] as? [String: Any])
        #expect(registry["movedFrom"] as? String == example.versions[0].version)
    }

    @Test("a registry read that changed since the audit is refused before anything is written")
    func changedSinceAudit() throws {
        let example = try RegistryExample("changed")
        try example.writeRegistryManifest()
        #expect(try example.audit(example.registryManifest, out: "audit").status == 0)
        let connection = try RegistryConnection(uri: example.server.url, key: "k", file: nil, environment: [:])
        try MLflowRegistry(connection: connection).setVersionTag(
            model: example.model, version: example.candidateVersion, key: "approval.auditor",
            value: "A. Person|2024-12-02|approved")
        let result = try example.release(audit: "audit", out: "release")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "mlflow:\(example.model)/\(example.candidateVersion): changed in the registry since the audit"),
            "\(result.stderr)")
        #expect(try Reference.run("git", ["-C", example.repo.path, "tag"]).stdout.isEmpty)
        let state = try example.server.readBack(example.model)
        #expect((state["aliases"] as? [String: String])?["production-candidate"] == nil)
    }

    @Test("a registry write that fails after the git tag is exit 3, saying what was and was not done")
    func writeFailsAfterTag() throws {
        let example = try RegistryExample("readonly")
        try example.writeRegistryManifest()
        #expect(try example.audit(example.registryManifest, out: "audit").status == 0)
        let proxy = try FakeRegistryServer("readonly", upstream: example.server.url)
        let result = try example.release(
            audit: "audit", out: "release", environment: ["MLFLOW_TRACKING_URI": proxy.url])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("HTTP 403"), "\(result.stderr)")
        #expect(result.stderr.contains("not done: alias production-candidate"), "\(result.stderr)")
        let tags = try Reference.run("git", ["-C", example.repo.path, "tag"]).stdout
        #expect(tags.contains("models/cl_unimodal_v2/v1.0.0"))
        let registry = try #require(try releaseRecord(example, "release")["registry"] as? [String: Any])
        #expect(registry["status"] as? String == "failed")
        #expect((registry["notDone"] as? [String])?.first?.hasPrefix("alias production-candidate") == true)
        #expect(!result.stderr.contains(RegistryExample.token))
        // The credentials went to the server in the Authorization header only.
        #expect(
            try proxy.requests().allSatisfy { ($0["authorization"] as? String) == "Bearer \(RegistryExample.token)" })
    }
}
