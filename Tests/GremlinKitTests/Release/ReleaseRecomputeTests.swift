// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The release's own audit: completeness, agreement with audit.json, --allow-dirty.
@Suite("gremlin release: recomputed audit")
struct ReleaseRecomputeTests {
    /// Rewrites audit.json through `edit` (a JSON object), as a hand edit would.
    static func editAudit(_ fixture: ReleaseFixture, _ edit: (inout [String: Any]) -> Void) throws {
        let url = URL(fileURLWithPath: fixture.auditPath)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&json)
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: url)
    }

    @Test("an audit.json that does not say which checks ran (an older gremlin) is refused")
    func noCoverage() async throws {
        let fixture = try ReleaseFixture()
        #expect(try fixture.audit().complete == true)
        try Self.editAudit(fixture) { json in
            json["coverage"] = nil
            json["complete"] = nil
        }
        let refused = try #require(await ReleaserTests.refusal(fixture.releaseOptions()))
        #expect(refused.reasons.count == 1)
        #expect(refused.reasons[0].contains("does not record which checks the policy enables and which ran"))
        #expect(refused.reasons[0].contains("gremlin audit --manifest \(fixture.manifestPath)"))
        #expect(try fixture.git.git(["tag", "-l"]).isEmpty)
    }

    @Test("a ready audit.json whose check statuses differ from the fresh audit is stale: refused, naming them")
    func statusDiffers() async throws {
        let fixture = try ReleaseFixture()
        #expect(try fixture.audit().verdict == .ready)
        try Self.editAudit(fixture) { json in
            json["checks"] = (json["checks"] as? [[String: Any]])?.map { check in
                var check = check
                if check["id"] as? String == "commits" { check["status"] = "warn" }
                return check
            }
        }
        let refused = try #require(await ReleaserTests.refusal(fixture.releaseOptions()))
        #expect(refused.reasons.count == 1)
        #expect(refused.reasons[0].contains("audit.json does not match a fresh audit of"))
        #expect(refused.reasons[0].contains("(differs: commits warn, fresh pass)"))
        #expect(!FileManager.default.fileExists(atPath: fixture.out.appendingPathComponent("release.json").path))
    }

    @Test("a recorded policy digest that is not the policy's is refused")
    func policyDigestDiffers() async throws {
        let fixture = try ReleaseFixture()
        #expect(try fixture.audit().verdict == .ready)
        try Self.editAudit(fixture) { json in json["policyDigest"] = String(repeating: "0", count: 64) }
        let refused = try #require(await ReleaserTests.refusal(fixture.releaseOptions()))
        #expect(refused.reasons.count == 1)
        #expect(refused.reasons[0].contains("is not the one the audit used (000000000000…)"))
    }

    @Test("--allow-dirty never excuses an input changed since the audit; it is recorded when releasing")
    func allowDirty() async throws {
        let fixture = try ReleaseFixture()
        let audit = try fixture.audit()
        #expect(audit.verdict == .ready)
        var options = fixture.releaseOptions()
        options.allowDirty = true
        let manifest = try String(contentsOfFile: fixture.manifestPath, encoding: .utf8)
        try Data((manifest + "# edited\n").utf8).write(to: URL(fileURLWithPath: fixture.manifestPath))
        let refused = try #require(await ReleaserTests.refusal(options))
        #expect(refused.reasons[0].hasPrefix("models/demo/release.yaml: changed since the audit"))

        try Data(manifest.utf8).write(to: URL(fileURLWithPath: fixture.manifestPath))
        let result = try await Releaser(options: options).run()
        #expect(result.record.allowDirty == true)
        #expect(result.record.audit.policyDigest == audit.policyDigest)
        #expect(audit.policyDigest != nil)
        let json = try String(contentsOf: fixture.out.appendingPathComponent("release.json"), encoding: .utf8)
        #expect(json.contains(#""allowDirty" : true"#))
    }

    @Test("the suggested audit command names the recorded policy so that it works from the current directory")
    func displayPolicy() {
        var report = ReportSamples.mixed()
        report.policyFile = "policies/p.yaml"
        let recompute = ReleaseRecompute(options: ReleaseOptions(manifest: "m.yaml", audit: "a.json"))
        let elsewhere = URL(fileURLWithPath: "/nonexistent/repo")
        #expect(recompute.displayPolicy(report, root: elsewhere) == "/nonexistent/repo/policies/p.yaml")
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        #expect(recompute.displayPolicy(report, root: here) == "policies/p.yaml")
        #expect(
            recompute.auditCommand(policy: "policies/p.yaml")
                == "gremlin audit --manifest m.yaml --policy policies/p.yaml (without --only/--skip)")
    }
}
