// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// keygen → audit → release → verify with the real binary, as a pipeline runs them.
@Suite("End to end: gremlin keygen, release, verify")
struct ReleaseEndToEndTests {
    static let environment = ["SOURCE_DATE_EPOCH": ReleaseFixture.epoch]

    /// A fixture audited by the real `gremlin audit` (ip and commits only).
    static func audited() throws -> ReleaseFixture {
        let fixture = try ReleaseFixture()
        let run = try Binary.run(
            [
                "audit", "--repo", fixture.git.path, "--manifest", fixture.manifestPath,
                "--policy", fixture.policyPath, "--only", "ip,commits", "--out", fixture.out.path, "--quiet",
            ],
            in: URL(fileURLWithPath: fixture.git.path), environment: environment)
        #expect(run.status == 0, "audit: \(run.stderr)")
        return fixture
    }

    static func release(
        _ fixture: ReleaseFixture, _ extra: [String], environment extraEnvironment: [String: String] = [:]
    ) throws -> Binary.Run {
        try Binary.run(
            [
                "release", "--repo", fixture.git.path, "--manifest", fixture.manifestPath, "--audit", fixture.auditPath,
                "--out", fixture.out.path,
            ] + extra,
            in: URL(fileURLWithPath: fixture.git.path), environment: environment.merging(extraEnvironment) { $1 })
    }

    @Test("signed release verifies; wrong key, wrong artifact and a flipped byte fail with exit 1; unreadable is 2")
    func signAndVerify() throws {
        let fixture = try Self.audited()
        let keys = fixture.git.root.appendingPathComponent("keys")
        let keygen = try Binary.run(["keygen", "--out", keys.path])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let privateKey = keys.appendingPathComponent("gremlin.key").path
        let publicKey = keys.appendingPathComponent("gremlin.pub").path
        #expect(try FileManager.default.attributesOfItem(atPath: privateKey)[.posixPermissions] as? Int == 0o600)

        let release = try Self.release(fixture, ["--sign", privateKey])
        #expect(release.status == 0, "\(release.stderr)")
        #expect(release.stdout.hasPrefix("RELEASED demo_model 1.0.0 at "))
        #expect(release.stderr.contains("[LOG] Tagging \(fixture.tagName)"))
        #expect(release.stderr.contains("[LOG] Signing the attestation"))
        let attestation = fixture.out.appendingPathComponent("attestation.intoto.json").path

        let verify = try Binary.run(["verify", attestation, "--key", publicKey, "--artifact", fixture.artifactPath])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("VALID"))
        #expect(verify.stdout.contains("= subject weights"))

        // pyca/cryptography agrees the envelope is signed by that public key.
        let reference = try Reference.dsse(["verify", "--public-pem", publicKey, "--envelope", attestation])
        #expect(reference.status == 0)

        let otherKeys = fixture.git.root.appendingPathComponent("other")
        _ = try Binary.run(["keygen", "--out", otherKeys.path])
        let wrongKey = try Binary.run([
            "verify", attestation, "--key", otherKeys.appendingPathComponent("gremlin.pub").path,
        ])
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stdout.contains("INVALID") && wrongKey.stdout.contains("signature:"))

        let wrongArtifact = try Binary.run([
            "verify", attestation, "--key", publicKey, "--artifact", fixture.policyPath,
        ])
        #expect(wrongArtifact.status == 1)
        #expect(wrongArtifact.stdout.contains("subject:"))

        // One bit of the payload flipped.
        var envelope = try JSONDecoder().decode(
            DSSEEnvelope.self, from: Data(contentsOf: URL(fileURLWithPath: attestation)))
        envelope.payload = try #require(DSSETests.flipped(envelope.payload, at: 40))
        let tampered = try Fixtures.write(
            String(decoding: try CanonicalJSON.encode(envelope, pretty: true), as: UTF8.self),
            to: "tampered.json", in: fixture.git.root)
        let flipped = try Binary.run(["verify", tampered, "--key", publicKey])
        #expect(flipped.status == 1)

        // One bit of the public key flipped (given as raw base64, which --key accepts).
        let pemKey = try VerifyingKey.parse(Data(contentsOf: URL(fileURLWithPath: publicKey)), source: publicKey)
        var rawKey = [UInt8](pemKey.raw)
        rawKey[7] ^= 0x10
        let flippedKey = try Fixtures.write(
            Data(rawKey).base64EncodedString() + "\n", to: "flipped.pub", in: fixture.git.root)
        let wrongBit = try Binary.run(["verify", attestation, "--key", flippedKey])
        #expect(wrongBit.status == 1)
        #expect(wrongBit.stdout.contains("signature:"))
        let rawOK = try Fixtures.write(pemKey.raw.base64EncodedString(), to: "raw.pub", in: fixture.git.root)
        #expect(try Binary.run(["verify", attestation, "--key", rawOK]).status == 0)

        let missing = try Binary.run([
            "verify", fixture.git.root.appendingPathComponent("nope.json").path, "--key", publicKey,
        ])
        #expect(missing.status == 2)
        let notAKey = try Binary.run(["verify", attestation, "--key", fixture.manifestPath])
        #expect(notAKey.status == 2)

        // Re-running the release is idempotent and re-verifies.
        let again = try Self.release(fixture, ["--sign", privateKey])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("already there (annotated), kept"))
    }

    @Test("a blocked audit makes release exit 1 with the reason on stderr; a missing audit exits 2")
    func refusedAndUnreadable() throws {
        let fixture = try ReleaseFixture()
        try fixture.git.commit("feat(model): add a helper", files: ["src/helper.py": "x = 1\n"])
        let audit = try Binary.run(
            [
                "audit", "--repo", fixture.git.path, "--manifest", fixture.manifestPath,
                "--policy", fixture.policyPath, "--only", "ip,commits", "--out", fixture.out.path,
            ],
            environment: Self.environment)
        #expect(audit.status == 1)
        let refused = try Self.release(fixture, [])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("release refused"))
        #expect(refused.stderr.contains("verdict is blocked (ip)"))
        #expect(try fixture.git.git(["tag", "-l"]).isEmpty)

        let missing = try Binary.run([
            "release", "--repo", fixture.git.path, "--manifest", fixture.manifestPath,
            "--audit", fixture.git.root.appendingPathComponent("none.json").path,
        ])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read the audit report"))
    }

    @Test(
        "notification outcomes: exit code, requests, body, release.json, and the URL never printed",
        arguments: [
            ("ok", Int32(0), 1, "sent"),
            ("fail-then-ok", Int32(0), 2, "sent"),
            ("always-500", Int32(3), 4, "failed"),
            ("bad-request", Int32(3), 1, "failed"),
            // --notify-timeout is the whole budget: one attempt that never answers uses it up.
            ("hang", Int32(3), 1, "failed"),
        ])
    func notify(scenario: String, status: Int32, requests: Int, notification: String) throws {
        let fixture = try Self.audited()
        let server = try WebhookServer(scenario: scenario)
        // The URL comes from the environment, as a CI secret would.
        let timeout = scenario == "hang" ? "2" : "10"
        let start = Date()
        let run = try Self.release(
            fixture, ["--notify-timeout", timeout, "--notify-backoff", "0.01"],
            environment: ["GREMLIN_WEBHOOK_URL": server.url])
        #expect(run.status == status, "\(run.stderr)")
        if scenario == "hang" {
            #expect(Date().timeIntervalSince(start) < 15, "a silent webhook must not hold the release")
            #expect(run.stderr.contains("gave up after 2 s (--notify-timeout)"))
        }
        let bodies = try server.bodies()
        #expect(bodies.count == requests)
        let head = try fixture.git.git(["rev-parse", "HEAD"])
        for body in bodies {
            #expect(
                (body["text"] as? String)?.hasPrefix(
                    "demo_model 1.0.0 released as production-candidate: tag \(fixture.tagName) at \(head.prefix(12))")
                    == true)
            let fields = ((body["blocks"] as? [[String: Any]])?.last?["fields"] as? [[String: Any]])?.compactMap {
                $0["text"] as? String
            }
            #expect(fields?.contains("*Commit*\n\(head.prefix(12))") == true)
            #expect(fields?.contains("*Verdict*\nREADY") == true)
        }
        // Released either way: the tag and release.json exist and say how the notification went.
        #expect(try fixture.git.git(["cat-file", "-t", fixture.tagName]) == "tag")
        let recordText = try String(contentsOf: fixture.out.appendingPathComponent("release.json"), encoding: .utf8)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(recordText.utf8)) as? [String: Any])
        #expect(record["notification"] as? String == notification)
        #expect(record["commit"] as? String == head)
        for text in [run.stdout, run.stderr, recordText] {
            #expect(!text.contains(WebhookServer.secretToken))
            #expect(!text.contains("/services/"))
        }
        if status == 3 {
            #expect(run.stderr.contains("released but not notified"))
        }
    }
}
