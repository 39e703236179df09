// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// `gremlin release` recomputes the audit and refuses partial, forged, stale or re-policied ones.
@Suite("End to end: release recomputes the audit")
struct ReleaseRecomputeEndToEndTests {
    static let environment = ReleaseEndToEndTests.environment

    /// `gremlin audit` on the fixture with extra flags (`--skip`, `--only`).
    static func audit(_ fixture: ReleaseFixture, _ extra: [String]) throws -> Binary.Run {
        try Binary.run(
            [
                "audit", "--repo", fixture.git.path, "--manifest", fixture.manifestPath,
                "--policy", fixture.policyPath, "--out", fixture.out.path,
            ] + extra,
            in: URL(fileURLWithPath: fixture.git.path), environment: environment)
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// Nothing was released: no tag, no release.json, no attestation.
    static func expectNothingReleased(_ fixture: ReleaseFixture) throws {
        #expect(try fixture.git.git(["tag", "-l"]).isEmpty)
        for file in ["release.json", "attestation.intoto.json"] {
            #expect(!FileManager.default.fileExists(atPath: fixture.out.appendingPathComponent(file).path))
        }
    }

    @Test(
        "a partial audit exits 0 and says partial everywhere; release refuses it, naming the check left out",
        arguments: [
            (["--skip", "commits"], "commits (excluded by --skip)"),
            (["--only", "ip"], "commits (not selected by --only)"),
        ])
    func partialAuditIsNeverReleased(flags: [String], named: String) throws {
        let fixture = try ReleaseFixture()
        let audit = try Self.audit(fixture, flags)
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.hasPrefix("READY (partial: 1 of 2 checks) — demo_model 1.0.0"))

        let json = try Self.json(fixture.out.appendingPathComponent("audit.json"))
        #expect(json["complete"] as? Bool == false)
        let coverage = try #require(json["coverage"] as? [String: Any])
        #expect(coverage["enabled"] as? [String] == ["commits", "ip"])
        #expect(coverage["ran"] as? [String] == ["ip"])
        let skipped = try #require(coverage["skipped"] as? [[String: String]])
        #expect(skipped.first { $0["id"] == "commits" }?["reason"] == "flag")
        #expect(skipped.first { $0["id"] == "leakage" }?["reason"] == "policy")
        #expect(json["policyFile"] as? String == "policies/release-test.yaml")
        #expect(
            json["policyDigest"] as? String
                == PolicyDigest.of(fileDigests: [try Reference.sha256sum(fixture.policyPath)]))
        let markdown = try String(contentsOf: fixture.out.appendingPathComponent("audit.md"), encoding: .utf8)
        #expect(markdown.hasPrefix("# Gremlin audit: READY ✅ (partial: 1 of 2 checks)"))
        let junit = try String(contentsOf: fixture.out.appendingPathComponent("junit.xml"), encoding: .utf8)
        #expect(junit.contains(#"<property name="audit_complete" value="false"/>"#))
        #expect(junit.contains("partial audit, 1 of 2 checks ran; it cannot be released"))

        let release = try ReleaseEndToEndTests.release(fixture, [])
        #expect(release.status == 1, "\(release.stderr)")
        #expect(
            release.stderr.contains("the audit is partial (1 of 2 checks the policy enables): \(named) did not run"))
        #expect(
            release.stderr.contains(
                "gremlin audit --manifest \(fixture.manifestPath) --policy policies/release-test.yaml"))
        #expect(release.stderr.contains("without --only/--skip"))
        try Self.expectNothingReleased(fixture)
    }

    @Test("a forged audit.json (blocked commit edited to ready, every check pass) is refused; nothing written")
    func forgedAudit() throws {
        let fixture = try ReleaseFixture()
        try fixture.git.commit("feat(model): add a helper", files: ["src/helper.py": "x = 1\n"])
        let audit = try Self.audit(fixture, [])
        #expect(audit.status == 1)
        let url = fixture.out.appendingPathComponent("audit.json")
        var json = try Self.json(url)
        #expect(json["verdict"] as? String == "blocked")
        json["verdict"] = "ready"
        json["checks"] = (json["checks"] as? [[String: Any]])?.map { check in
            var check = check
            if check["status"] as? String != "skipped" {
                check["status"] = "pass"
                check["findings"] = []
            }
            return check
        }
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .prettyPrinted]).write(to: url)
        let outBefore = try FileManager.default.contentsOfDirectory(atPath: fixture.out.path).sorted()

        let release = try ReleaseEndToEndTests.release(fixture, [])
        #expect(release.status == 1, "\(release.stderr)")
        let head = try fixture.git.git(["rev-parse", "HEAD"])
        #expect(release.stderr.contains("a fresh audit of \(head.prefix(12)) is blocked: ip ("))
        #expect(
            release.stderr.contains(
                "audit.json does not match a fresh audit of \(head.prefix(12)): edited or stale — re-run gremlin audit")
        )
        #expect(release.stderr.contains("verdict ready, fresh blocked"))
        #expect(release.stderr.contains("ip pass, fresh fail"))
        try Self.expectNothingReleased(fixture)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.out.path).sorted() == outBefore)
    }

    @Test("a policy edited after the audit, or another --policy, is refused")
    func policyChanged() throws {
        let fixture = try ReleaseFixture()
        #expect(try Self.audit(fixture, []).status == 0)

        // Another policy with different content: its digest is not the audited one.
        let other = fixture.git.root.appendingPathComponent("other.yaml")
        let text = try String(contentsOfFile: fixture.policyPath, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "max_count: 20", with: "max_count: 21").utf8).write(to: other)
        let otherPolicy = try ReleaseEndToEndTests.release(fixture, ["--policy", other.path])
        #expect(otherPolicy.status == 1, "\(otherPolicy.stderr)")
        #expect(otherPolicy.stderr.contains("is not the one the audit used"))
        try Self.expectNothingReleased(fixture)

        // The same bytes elsewhere are the same policy.
        let copy = fixture.git.root.appendingPathComponent("copy.yaml")
        try Data(text.utf8).write(to: copy)
        let dryRun = try ReleaseEndToEndTests.release(fixture, ["--policy", copy.path, "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")

        // The audited policy itself edited in the work tree.
        try Data((text + "# tightened later\n").utf8).write(to: URL(fileURLWithPath: fixture.policyPath))
        let edited = try ReleaseEndToEndTests.release(fixture, [])
        #expect(edited.status == 1, "\(edited.stderr)")
        #expect(edited.stderr.contains("policies/release-test.yaml: changed since the audit"))
        try Self.expectNothingReleased(fixture)
    }

    @Test("a complete ready audit is released; the attestation lists every enabled check; --allow-dirty is recorded")
    func completeRelease() throws {
        let fixture = try ReleaseFixture()
        let audit = try Self.audit(fixture, [])
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.hasPrefix("READY — demo_model 1.0.0"))
        #expect(try Self.json(fixture.out.appendingPathComponent("audit.json"))["complete"] as? Bool == true)

        let keys = fixture.git.root.appendingPathComponent("keys")
        #expect(try Binary.run(["keygen", "--out", keys.path]).status == 0)
        let release = try ReleaseEndToEndTests.release(
            fixture, ["--sign", keys.appendingPathComponent("gremlin.key").path, "--allow-dirty"])
        #expect(release.status == 0, "\(release.stderr)")
        #expect(release.stderr.contains("recomputed: 2 of 2 checks agree"))
        #expect(try fixture.git.git(["cat-file", "-t", fixture.tagName]) == "tag")

        let record = try Self.json(fixture.out.appendingPathComponent("release.json"))
        #expect(record["allowDirty"] as? Bool == true)
        let auditReference = try #require(record["audit"] as? [String: Any])
        #expect(
            auditReference["policyDigest"] as? String
                == PolicyDigest.of(fileDigests: [try Reference.sha256sum(fixture.policyPath)]))

        let envelope = try JSONDecoder().decode(
            DSSEEnvelope.self, from: Data(contentsOf: fixture.out.appendingPathComponent("attestation.intoto.json")))
        let payload = try #require(Data(base64Encoded: envelope.payload))
        let statement = try JSONDecoder().decode(InTotoStatement.self, from: payload)
        #expect(statement.predicate.checks == ["commits": "pass", "ip": "pass"])
        #expect(statement.predicate.complete == true)
        #expect(statement.predicate.allowDirty == true)
        #expect(statement.predicate.policyDigest == auditReference["policyDigest"] as? String)
        let verify = try Binary.run([
            "verify", fixture.out.appendingPathComponent("attestation.intoto.json").path,
            "--key", keys.appendingPathComponent("gremlin.pub").path,
        ])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    /// An input edited in the work tree and not committed (the manifest, here) is audited and
    /// recorded as `modified`; release refuses it unless --allow-dirty, which is recorded.
    @Test func dirtyInputsNeedAllowDirty() throws {
        let fixture = try ReleaseFixture()
        let manifest = try String(contentsOfFile: fixture.manifestPath, encoding: .utf8)
        try (manifest + "# edited after the commit\n").write(
            toFile: fixture.manifestPath, atomically: true, encoding: .utf8)
        let audit = try Self.audit(fixture, [])
        #expect(audit.status == 0, "\(audit.stderr)")
        let inputs = try #require(
            try Self.json(fixture.out.appendingPathComponent("audit.json"))["inputs"] as? [String: Any])
        let state = (inputs["models/demo/release.yaml"] as? [String: Any])?["state"] as? String
        #expect(state == "modified")

        let refused = try ReleaseEndToEndTests.release(fixture, [])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("models/demo/release.yaml (modified): not the bytes of the audited commit"))
        #expect(refused.stderr.contains("--allow-dirty"))
        try Self.expectNothingReleased(fixture)

        let allowed = try ReleaseEndToEndTests.release(fixture, ["--allow-dirty"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let record = try Self.json(fixture.out.appendingPathComponent("release.json"))
        #expect(record["allowDirty"] as? Bool == true)
    }
}
