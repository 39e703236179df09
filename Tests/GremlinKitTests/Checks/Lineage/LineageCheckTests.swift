// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct LineageCheckTests {
    @Test func completeGraphPassesAndVerifiesCommitAndDigest() throws {
        let repo = try GovernanceRepo()
        let short = String(repo.trainingCommit.prefix(7))
        try repo.write("lineage.yaml", GovernanceRepo.lineageYAML(commit: short))
        try repo.manifest()
        let report = try repo.audit(["lineage"])
        let lineage = try #require(report.check("lineage"))
        #expect(lineage.status == .pass, "\(lineage.summary) \(lineage.findings)")
        #expect(lineage.summary == "4 nodes (yaml); raw → split → training → artifact")
        #expect(
            lineage.measurements["commits"]?["job-train"]
                == .object([
                    "commit": .string(short), "resolved": .string(repo.trainingCommit), "status": .string("ancestor"),
                ]))
        #expect(lineage.measurements["artifacts"]?["weights"]?["local"] == .string(repo.weightsSHA))
        #expect(
            lineage.measurements["chains"]
                == .array([
                    .array(
                        ["mm_curated_q225", "mm_fusion_v1", "job-train", "m1"]
                            .map(JSONValue.string))
                ]))
        #expect(report.inputs["models/m1/artifacts/model.pt"]?.sha256 == repo.weightsSHA)
        #expect(report.inputs["models/m1/lineage.yaml"] != nil)
        let markdown = try #require(lineage.markdown)
        #expect(
            markdown.contains(
                "| `mm_curated_q225` | dataset | raw | — | scrubbed (certified by text\\_anchor\\_date\\_redaction) | internal-only | 1365 |"
            ))
        #expect(markdown.contains("| `mm_fusion_v1` | dataset | split | `mm_curated_q225` |"))
        #expect(markdown.contains("```mermaid\nflowchart LR\n  n0[(\"mm_curated_q225 · raw · PII scrubbed\")]"))
        #expect(markdown.contains("  n0 --> n1\n  n1 --> n2\n  n2 --> n3\n```"))
    }

    @Test func openLineageVersionOfTheGraphPassesToo() throws {
        let repo = try GovernanceRepo()
        try repo.write(
            "lineage.jsonl",
            GovernanceRepo.lineageEvents(
                commit: String(repo.trainingCommit.prefix(4)),
                digest: repo.weightsSHA))
        try repo.manifest(lineage: "lineage.jsonl")
        let lineage = try #require(try repo.audit(["lineage"]).check("lineage"))
        #expect(lineage.status == .pass, "\(lineage.findings)")
        #expect(lineage.measurements["format"] == .string("openlineage"))
        #expect(lineage.measurements["commits"]?["job-train"]?["resolved"] == .string(repo.trainingCommit))
        #expect(lineage.measurements["artifacts"]?["weights"]?["lineage"] == .string(repo.weightsSHA))
        #expect(
            lineage.measurements["commits"]?["make-split"]
                == .object([
                    "commit": .null, "resolved": .null, "status": .string("not-stated"),
                ]))
        #expect(lineage.notes.map(\.message) == ["transform run make-split names no code commit; it was not verified"])
    }

    @Test func trainingRunWithoutCommitFails() throws {
        let repo = try GovernanceRepo()
        let events = GovernanceRepo.lineageEvents(commit: "x", digest: repo.weightsSHA)
            .replacingOccurrences(of: ", \"version\": \"x\"", with: "")
        try repo.write("lineage.jsonl", events)
        try repo.manifest(lineage: "lineage.jsonl")
        let lineage = try #require(try repo.audit(["lineage"]).check("lineage"))
        #expect(
            lineage.findings.map(\.message) == ["run job-train names no code commit, so its code cannot be verified"])
        #expect(lineage.findings.first?.location == Location(path: "models/m1/lineage.jsonl", line: 2))
    }

    @Test func danglingInputIsAFailureNamingBothNodes() throws {
        let repo = try GovernanceRepo()
        try repo.write(
            "lineage.yaml",
            GovernanceRepo.lineageYAML(
                commit: repo.trainingCommit,
                runInputs: "[mm_fusion_v1, labels_v3]"))
        try repo.manifest()
        let lineage = try #require(try repo.audit(["lineage"]).check("lineage"))
        #expect(lineage.status == .fail)
        #expect(lineage.findings.map(\.rule) == ["lineage.dangling"])
        #expect(
            lineage.findings.first?.message
                == "run job-train names `inputs: labels_v3`, which is not a node of the graph")
        #expect(lineage.findings.first?.location == Location(path: "models/m1/lineage.yaml", line: 22))
        #expect(lineage.markdown?.contains("m0[\"labels_v3 · missing\"]") == true)
    }

    @Test func cycleIsNamed() throws {
        let repo = try GovernanceRepo()
        let yaml =
            GovernanceRepo.lineageYAML(commit: repo.trainingCommit)
            .replacingOccurrences(
                of: "derived_from: [mm_curated_q225]", with: "derived_from: [mm_curated_q225, loop_b]")
            + "  - {id: loop_b, kind: dataset, stage: split, derived_from: [mm_fusion_v1], pii: {status: none}}\n"
        try repo.write("lineage.yaml", yaml)
        try repo.manifest()
        let lineage = try #require(try repo.audit(["lineage"]).check("lineage"))
        #expect(lineage.status == .fail)
        #expect(lineage.findings.map(\.message) == ["cycle: loop_b → mm_fusion_v1 → loop_b"])
    }

    @Test func missingStageNamesThePath() throws {
        let repo = try GovernanceRepo()
        try repo.write("lineage.yaml", GovernanceRepo.lineageYAML(commit: repo.trainingCommit, splitStage: "curated"))
        try repo.manifest()
        let lineage = try #require(try repo.audit(["lineage"]).check("lineage"))
        #expect(lineage.status == .fail)
        #expect(
            lineage.findings.map(\.message) == [
                "no `split` stage on the path m1 (artifact) ← job-train (training) ← mm_fusion_v1 (curated) ← mm_curated_q225 (raw)"
            ])
    }

    @Test func artifactWithoutProducerFails() throws {
        let repo = try GovernanceRepo()
        try repo.write("lineage.yaml", GovernanceRepo.lineageYAML(commit: repo.trainingCommit, producedBy: nil))
        try repo.manifest()
        let lineage = try #require(try repo.audit(["lineage"]).check("lineage"))
        #expect(lineage.findings.map(\.rule) == ["lineage.no-producer"])
        #expect(lineage.findings.first?.message == "artifact m1 has no producing run")
    }

    @Test func commitThatIsNotAnAncestorFails() throws {
        let repo = try GovernanceRepo()
        try repo.git.git(["checkout", "-q", "-b", "experiment"])
        let side = try repo.git.commit("feat(model): experiment", files: ["exp.py": "x\n"])
        try repo.git.git(["checkout", "-q", "main"])
        try repo.write("lineage.yaml", GovernanceRepo.lineageYAML(commit: String(side.prefix(10))))
        try repo.manifest()
        let lineage = try #require(try repo.audit(["lineage"]).check("lineage"))
        #expect(lineage.status == .fail)
        #expect(lineage.findings.map(\.rule) == ["lineage.commit-not-ancestor"])
        #expect(
            lineage.findings.first?.message.hasPrefix("run job-train: commit \(side.prefix(12)) is not an ancestor")
                == true)
        // Audited at the experiment branch, the same commit is fine.
        let there = try #require(try repo.audit(["lineage"], revision: "experiment").check("lineage"))
        #expect(there.status == .pass)
    }

    @Test func unknownAndInvalidCommitsFail() throws {
        let repo = try GovernanceRepo()
        for (commit, rule) in [
            ("deadbeefdeadbeef", "lineage.commit-unknown"), ("a8f", "lineage.commit-invalid"),
            ("main", "lineage.commit-invalid"),
        ] {
            try repo.write("lineage.yaml", GovernanceRepo.lineageYAML(commit: commit))
            try repo.manifest()
            let lineage = try #require(try repo.audit(["lineage"]).check("lineage"))
            #expect(lineage.findings.map(\.rule) == [rule], "\(commit)")
        }
    }

    @Test func digestMismatchesFail() throws {
        let repo = try GovernanceRepo()
        try repo.write("lineage.yaml", GovernanceRepo.lineageYAML(commit: repo.trainingCommit))
        try repo.manifest(sha256: String(repeating: "0", count: 64))
        let lineage = try #require(try repo.audit(["lineage"]).check("lineage"))
        #expect(lineage.findings.map(\.rule) == ["lineage.digest-mismatch"])
        #expect(
            lineage.findings.first?.message == "artifact `weights`: models/m1/artifacts/model.pt has sha256 "
                + "\(repo.weightsSHA), the manifest says \(String(repeating: "0", count: 64))")

        // OpenLineage records another digest than the manifest.
        try repo.write(
            "lineage.jsonl",
            GovernanceRepo.lineageEvents(
                commit: repo.trainingCommit,
                digest: String(repeating: "ab", count: 32)))
        try repo.manifest(lineage: "lineage.jsonl")
        let events = try #require(try repo.audit(["lineage"]).check("lineage"))
        #expect(
            events.findings.filter { $0.rule == "lineage.digest-mismatch" }.map(\.message) == [
                "artifact m1/1.0.0/model.pt: the lineage graph records sha256 \(String(repeating: "ab", count: 32)), "
                    + "the manifest says \(repo.weightsSHA)"
            ])
    }

    @Test func digestChecksCanBeTurnedOff() throws {
        let repo = try GovernanceRepo()
        try repo.write("lineage.yaml", GovernanceRepo.lineageYAML(commit: "deadbeef"))
        try repo.manifest(sha256: String(repeating: "0", count: 64))
        let policy = AuditHarness.policy("  lineage:\n    verify_commits: false\n    verify_artifact_digest: false\n")
        let lineage = try #require(try repo.audit(["lineage"], policy: policy).check("lineage"))
        #expect(lineage.status == .pass)
    }

    @Test func malformedLineageOrMissingArtifactIsAnError() throws {
        let repo = try GovernanceRepo()
        try repo.write(
            "lineage.yaml",
            GovernanceRepo.lineageYAML(commit: repo.trainingCommit)
                .replacingOccurrences(of: "patients: 1120", with: "patient: 1120"))
        try repo.manifest()
        let broken = try #require(try repo.audit(["lineage"]).check("lineage"))
        #expect(broken.status == .error)
        #expect(broken.summary.contains("lineage.yaml:16:5: nodes[1].patient: unknown key — did you mean patients?"))

        try repo.write("lineage.yaml", GovernanceRepo.lineageYAML(commit: repo.trainingCommit))
        try repo.manifest(artifactPath: "artifacts/missing.pt")
        let missing = try #require(try repo.audit(["lineage"]).check("lineage"))
        #expect(missing.status == .error)
        #expect(missing.summary.contains("artifacts/missing.pt"))
    }
}
