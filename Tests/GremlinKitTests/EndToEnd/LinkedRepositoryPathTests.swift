// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// A repository reached through a symlinked directory (`/home` → `/data/home`, a CI workspace
/// under a linked mount) is the same repository: its inputs are inside it, and the evidence is
/// the same as through the real path.
@Suite struct LinkedRepositoryPathTests {
    @Test func aLinkedRepositoryPathReadsTheSameInputs() throws {
        let repo = try GovernanceRepo()
        try repo.write("lineage.yaml", "apiVersion: gremlin/v1\nkind: Lineage\nnodes: []\n")
        try repo.write("splits/train.csv", "patient_id\nP1\n")
        try repo.write("splits/test.csv", "patient_id\nP3\n")
        try repo.manifest("splits:\n  train: splits/train.csv\n  test: splits/test.csv\n")
        try repo.git.write(
            "policy.yaml", "apiVersion: gremlin/v1\nkind: Policy\nchecks:\n  leakage: {splits: [train, test]}\n")
        try repo.git.commit("feat(eval): release evidence")
        let real = repo.git.url("").standardizedFileURL.path
        let links = try Fixtures.temporaryDirectory("linked-repo")
        let link = links.appendingPathComponent("checkout").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)

        var reports: [String: String] = [:]
        for (name, root) in [("real", real), ("link", link)] {
            let out = links.appendingPathComponent("out-" + name).path
            let run = try Binary.run(
                [
                    "audit", "--repo", root, "--manifest", root + "/models/m1/release.yaml", "--policy",
                    root + "/policy.yaml", "--only", "leakage", "--out", out,
                ], in: links, environment: ["SOURCE_DATE_EPOCH": "1700000000"])
            #expect(run.status == 0, "\(name): \(run.stdout)\n\(run.stderr)")
            #expect(!run.stdout.contains("leads outside the repository"), "\(name)")
            let data = try #require(FileManager.default.contents(atPath: out + "/audit.json"))
            let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let checks = try #require(report["checks"] as? [[String: Any]])
            let leakage = try #require(checks.first { $0["id"] as? String == "leakage" })
            #expect(leakage["status"] as? String == "pass", "\(name): \(leakage)")
            let measured = try JSONSerialization.data(
                withJSONObject: leakage["measurements"] ?? [:], options: [.sortedKeys])
            reports[name] = String(decoding: measured, as: UTF8.self)
        }
        #expect(reports["real"] == reports["link"])
        #expect(reports["real"]?.contains(#"models\/m1\/splits\/train.csv"#) == true, "\(reports)")
    }
}
