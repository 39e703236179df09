// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("security.pickle_allow (end to end)", .serialized)
struct PickleAllowEndToEndTests {
    static func audit(_ repo: GitFixture, _ arguments: [String]) throws -> (Binary.Run, AuditReport) {
        let out = repo.sibling("out-\(UUID().uuidString.prefix(6))")
        let run = try Binary.run(["audit", "--out", out] + arguments, in: repo.url(""))
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/audit.json"))
        return (run, try JSONDecoder().decode(AuditReport.self, from: data))
    }

    /// A policy with only the security check, secrets off, and these `pickle_allow` entries.
    static func writePolicy(_ repo: GitFixture, allow: [String]) throws -> String {
        let path = repo.sibling("policy-\(UUID().uuidString.prefix(6)).yaml")
        let list = allow.map { "'\($0)'" }.joined(separator: ", ")
        let text = """
            apiVersion: gremlin/v1
            kind: Policy
            name: pickles
            checks:
              security:
                secrets: false
                pickle_scan: true
                pickle_allow: [\(list)]

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a committed lifelines pickle blocks by default and passes once the policy trusts its class")
    func pickleAllow() throws {
        let repo = try GitFixture(name: "pickles")
        try repo.write("models/coxph.pkl", bytes: PicklePolicyAllowlistTests.coxph)
        try repo.commit("feat(model): coxph")
        let (refused, before) = try Self.audit(
            repo, ["--policy", try Self.writePolicy(repo, allow: []), "--only", "security"])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(before.check("security")?.findings.map(\.rule) == ["security.unsafe-pickle"])

        let (accepted, after) = try Self.audit(
            repo,
            [
                "--policy", try Self.writePolicy(repo, allow: ["lifelines.fitters.coxph_fitter.CoxPHFitter"]),
                "--only", "security",
            ])
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
        #expect(after.check("security")?.findings.isEmpty == true)
    }

    @Test("os.system in pickle_allow is refused with exit 2, naming the key and index")
    func deniedEntryExitsTwo() throws {
        let repo = try GitFixture(name: "denied")
        try repo.commit("chore(repo): start", files: ["README.md": "# r\n"])
        for entry in ["os.system", "builtins.*", "*"] {
            let policy = try Self.writePolicy(repo, allow: ["sklearn.*", entry])
            let run = try Binary.run(["audit", "--policy", policy, "--out", repo.sibling("out")], in: repo.url(""))
            #expect(run.status == 2, "\(entry): \(run.stdout)")
            // Refused while loading the policy, before any check runs.
            #expect(!run.stderr.contains("Running security"), "\(entry): \(run.stderr)")
            #expect(run.stderr.contains("checks.security.pickle_allow[1]"), "\(entry): \(run.stderr)")
            #expect(run.stderr.contains("can never be allowed"), "\(entry): \(run.stderr)")
        }
    }
}
