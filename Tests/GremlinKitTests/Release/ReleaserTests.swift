// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("gremlin release: refusals, tag, release.json, attestation")
struct ReleaserTests {
    static func refusal(_ options: ReleaseOptions) async -> ReleaseRefused? {
        do {
            _ = try await Releaser(options: options).run()
            return nil
        } catch let refused as ReleaseRefused {
            return refused
        } catch {
            Issue.record("expected a refusal, got \(error)")
            return nil
        }
    }

    @Test("a blocked audit is refused, naming the failing check")
    func blockedVerdict() async throws {
        let fixture = try ReleaseFixture()
        try fixture.git.commit("feat(model): add a helper", files: ["src/helper.py": "def helper():\n    return 1\n"])
        let report = try fixture.audit()
        #expect(report.verdict == .blocked)
        let refused = try #require(await Self.refusal(fixture.releaseOptions()))
        #expect(refused.reasons.count == 1)
        #expect(refused.reasons[0].contains("verdict is blocked (ip)"))
        #expect(try fixture.git.git(["tag", "-l"]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.out.appendingPathComponent("release.json").path))
    }

    @Test(
        "a manifest byte changed after the audit is refused, naming the file (even when the edit breaks the YAML)",
        arguments: [" ", "\nx"])
    func manifestEdited(appended: String) async throws {
        let fixture = try ReleaseFixture()
        #expect(try fixture.audit().verdict == .ready)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: fixture.manifestPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(appended.utf8))
        try handle.close()
        let refused = try #require(await Self.refusal(fixture.releaseOptions()))
        #expect(refused.reasons.count == 1)
        #expect(refused.reasons[0].hasPrefix("models/demo/release.yaml: changed since the audit"))
        #expect(try fixture.git.git(["tag", "-l"]).isEmpty)
    }

    @Test("HEAD moved after the audit is refused")
    func headMoved() async throws {
        let fixture = try ReleaseFixture()
        let audited = try fixture.audit().commit
        let head = try fixture.git.commit("docs(readme): describe the model", files: ["README.md": "demo\n"])
        let refused = try #require(await Self.refusal(fixture.releaseOptions()))
        #expect(
            refused.reasons == [
                "\(fixture.auditPath): the audit is for commit \(audited.prefix(12)), but HEAD is \(head.prefix(12)) — the repository moved since the audit; re-run gremlin audit on this commit"
            ])
    }

    @Test("a tag that already exists on another commit is refused and left alone")
    func tagElsewhere() async throws {
        let fixture = try ReleaseFixture()
        let first = try fixture.git.git(["rev-parse", "HEAD"])
        try fixture.git.git(["tag", "-a", fixture.tagName, "-m", "an earlier release", first])
        try fixture.git.commit(
            "fix(model): tune the score",
            files: [
                "src/model.py": try String(contentsOf: fixture.git.url("src/model.py"), encoding: .utf8) + "\n# tuned\n"
            ])
        #expect(try fixture.audit().verdict == .ready)
        let refused = try #require(await Self.refusal(fixture.releaseOptions()))
        #expect(refused.reasons[0].hasPrefix("tag \(fixture.tagName) already exists on \(first.prefix(12)),"))
        #expect(try fixture.git.git(["rev-parse", fixture.tagName + "^{commit}"]) == first)
    }

    @Test("release tags the audited commit, writes release.json, and a re-run changes nothing")
    func releaseAndRerun() async throws {
        let fixture = try ReleaseFixture()
        let head = try fixture.git.git(["rev-parse", "HEAD"])
        try fixture.audit()
        let progress = RecordingProgress()
        let result = try await Releaser(options: fixture.releaseOptions(), progress: progress).run()
        #expect(result.exitCode == .ready)

        // The tag, read back by git itself.
        let tagObject = try fixture.git.git(["cat-file", "-p", "refs/tags/\(fixture.tagName)"])
        let lines = tagObject.components(separatedBy: "\n")
        #expect(lines[0] == "object \(head)")
        #expect(lines[1] == "type commit")
        #expect(lines[2] == "tag \(fixture.tagName)")
        #expect(lines[3] == "tagger \(GitFixture.authorName) <\(GitFixture.authorEmail)> \(ReleaseFixture.epoch) +0000")
        #expect(lines[5] == "Release demo_model 1.0.0 (production-candidate)")
        let auditDigest = try Reference.sha256sum(fixture.auditPath)
        #expect(lines.contains("stage: production-candidate"))
        #expect(lines.contains("verdict: ready"))
        #expect(lines.contains("commit: \(head)"))
        #expect(lines.contains("audit: sha256:\(auditDigest)"))
        #expect(lines.contains { $0.hasPrefix("  ip ") && $0.contains("pass") })
        #expect(try fixture.git.git(["cat-file", "-t", fixture.tagName]) == "tag")

        // release.json, checked against independent digests.
        let recordURL = fixture.out.appendingPathComponent("release.json")
        let first = try Data(contentsOf: recordURL)
        let json = try #require(try JSONSerialization.jsonObject(with: first) as? [String: Any])
        #expect(json["model"] as? String == "demo_model")
        #expect(json["version"] as? String == "1.0.0")
        #expect(json["commit"] as? String == head)
        #expect(json["tag"] as? String == fixture.tagName)
        #expect(json["stage"] as? String == "production-candidate")
        #expect(json["notification"] as? String == "none")
        #expect(json["releasedAt"] as? String == "2024-06-01T00:00:00Z")
        #expect(json["modelCard"] is NSNull)
        let artifacts = try #require(json["artifacts"] as? [[String: Any]])
        #expect(artifacts.count == 1)
        #expect(artifacts[0]["name"] as? String == "weights")
        #expect(artifacts[0]["uri"] as? String == "s3://models/demo_model/1.0.0/model.bin")
        #expect(artifacts[0]["sha256"] as? String == (try Reference.sha256sum(fixture.artifactPath)))
        let audit = try #require(json["audit"] as? [String: Any])
        #expect(audit["sha256"] as? String == auditDigest)
        #expect(audit["verdict"] as? String == "ready")
        #expect(audit["policy"] as? String == "release-test")
        // Sorted keys: the text is stable.
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.range(of: "\"artifacts\"")!.lowerBound < text.range(of: "\"audit\"")!.lowerBound)

        // Again: the tag is kept (same object), release.json is byte-identical.
        let tagID = try fixture.git.git(["rev-parse", "refs/tags/\(fixture.tagName)"])
        var later = fixture.releaseOptions()
        later.environment["SOURCE_DATE_EPOCH"] = ReleaseFixture.epoch
        let again = RecordingProgress()
        let second = try await Releaser(options: later, progress: again).run()
        #expect(second.exitCode == .ready)
        #expect(try fixture.git.git(["rev-parse", "refs/tags/\(fixture.tagName)"]) == tagID)
        #expect(try Data(contentsOf: recordURL) == first)
        #expect(again.lines.contains("[DONE] already there (annotated), kept"))
        #expect(again.lines.contains("[DONE] unchanged"))
    }

    @Test("--dry-run reports the plan and touches nothing")
    func dryRun() async throws {
        let fixture = try ReleaseFixture()
        try fixture.audit()
        var options = fixture.releaseOptions(out: fixture.git.root.appendingPathComponent("dry"))
        options.dryRun = true
        let key = SigningKey.generate()
        options.signingKey = "env:KEY"
        options.environment["KEY"] = key.pem
        options.webhook = "https://hooks.example.com/services/\(WebhookServer.secretToken)"
        let result = try await Releaser(options: options).run()
        #expect(result.exitCode == .ready)
        #expect(result.plan.count == 4)
        #expect(result.plan[0].hasPrefix("would create annotated tag \(fixture.tagName) on "))
        #expect(result.plan[1].contains("with key \(key.publicKey.keyID.prefix(16))"))
        #expect(result.plan[3] == "would notify the webhook at hooks.example.com (at most 20 s, 3 retries)")
        #expect(!result.plan.joined().contains(WebhookServer.secretToken))
        #expect(try fixture.git.git(["tag", "-l"]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: options.outDirectory))
    }

    @Test("--sign writes an attestation that verifies, bound to the artifact, the policy and the audit")
    func signedAttestation() async throws {
        let fixture = try ReleaseFixture()
        try fixture.audit()
        let key = SigningKey.generate()
        var options = fixture.releaseOptions()
        options.signingKey = "env:GREMLIN_SIGNING_KEY"
        options.environment["GREMLIN_SIGNING_KEY"] = key.seed.base64EncodedString()
        let result = try await Releaser(options: options).run()
        #expect(result.record.attestation?.keyid == key.publicKey.keyID)

        let path = fixture.out.appendingPathComponent("attestation.intoto.json")
        let envelope = try AttestationVerifier.readEnvelope(try Data(contentsOf: path), source: path.path)
        let artifactDigest = try Reference.sha256sum(fixture.artifactPath)
        let verified = try AttestationVerifier.verify(
            envelope, key: key.publicKey,
            artifacts: [(fixture.artifactPath, artifactDigest)])
        #expect(verified.artifacts.map(\.subject) == ["weights"])
        let predicate = verified.statement.predicate
        #expect(predicate.passedTests == ["commits", "ip"])
        #expect(predicate.warnedTests == [])
        #expect(predicate.configuration.map(\.name) == ["policies/release-test.yaml", fixture.auditPath])
        #expect(predicate.configuration[0].digest["sha256"] == (try Reference.sha256sum(fixture.policyPath)))
        #expect(predicate.configuration[1].digest["sha256"] == (try Reference.sha256sum(fixture.auditPath)))
        #expect(result.record.attestation?.sha256 == (try Reference.sha256sum(path.path)))

        // The key never lands in any output.
        let record = try String(contentsOf: fixture.out.appendingPathComponent("release.json"), encoding: .utf8)
        #expect(!record.contains(key.seed.base64EncodedString()))
    }

    @Test("an unreadable audit is an input error (exit 2), not a refusal")
    func unreadableAudit() async throws {
        let fixture = try ReleaseFixture()
        var options = fixture.releaseOptions()
        options.audit = fixture.git.root.appendingPathComponent("missing.json").path
        await #expect(throws: InputError.self) { _ = try await Releaser(options: options).run() }
        let garbage = try Fixtures.write("{\"schema\": 3}", to: "bad.json", in: fixture.git.root)
        options.audit = garbage
        await #expect(throws: InputError.self) { _ = try await Releaser(options: options).run() }
    }
}
