// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// `gremlin audit` with the real binary on a real repository whose lineage is OpenLineage
/// events: an unfinished training run produces nothing, an untrusted source clears nothing.
@Suite struct OpenLineageEndToEndTests {
    typealias E = OpenLineageEvents

    /// raw (`pii: present`, Gremlin's tag) → make-split → split → training run → weights. The
    /// split's scrub is tagged by `splitSource`; the training run ends with `trainingEnd`.
    static func events(
        repo: GovernanceRepo, splitSource: String = "gremlin", trainingEnd: [String] = ["COMPLETE"]
    )
        -> String
    {
        let raw = E.dataset(
            "s3://tdm", "mm_curated_q225",
            facets: ["tags": E.tags([E.gremlin("stage", "raw"), E.gremlin("pii", "present")])])
        let split = E.dataset(
            "s3://tdm", "mm_fusion_v1",
            facets: [
                "tags": E.tags([
                    E.gremlin("stage", "split"),
                    ["key": "pii", "value": "scrubbed", "source": splitSource],
                    ["key": "pii_certified_by", "value": "text_anchor_date_redaction", "source": splitSource],
                ]),
                "ownership": E.facet(
                    "OwnershipDatasetFacet", ["owners": [["name": "team:data", "type": "MAINTAINER"]]]),
            ])
        let code = E.sourceCode(
            url: "https://git.example/model-repo/blob/main/train.py", repoUrl: "https://git.example/model-repo.git",
            version: String(repo.trainingCommit.prefix(8)), path: "train.py")
        let weights = E.dataset(
            "s3://ml-models", "m1/1.0.0/model.pt",
            facets: ["version": E.facet("DatasetVersionDatasetFacet", ["datasetVersion": "sha256:\(repo.weightsSHA)"])])
        var lines = [
            E.event("START", run: "r1", job: "make-split", inputs: [raw]),
            E.event("COMPLETE", run: "r1", job: "make-split", inputs: [raw], outputs: [split]),
            E.event("START", run: "r2", job: "job-train", jobFacets: ["sourceCodeLocation": code], inputs: [split]),
        ]
        for type in trainingEnd { lines.append(E.event(type, run: "r2", job: "job-train", outputs: [weights])) }
        return E.file(lines)
    }

    static func audit(_ repo: GovernanceRepo, policy: String = GovernanceRepo.policy) throws -> (Int32, AuditReport) {
        try repo.write("policy.yaml", policy)
        let run = try Binary.run(
            [
                "audit", "--only", "lineage,pii", "--manifest", repo.manifestPath, "--policy",
                repo.git.url("models/m1/policy.yaml").path, "--out", "out", "--quiet",
            ], in: URL(fileURLWithPath: repo.git.path))
        let report = try JSONDecoder().decode(AuditReport.self, from: Data(contentsOf: repo.git.url("out/audit.json")))
        return (run.status, report)
    }

    @Test func aTrainingRunWithoutCompleteLeavesTheArtifactWithoutAProducer() throws {
        let repo = try GovernanceRepo()
        try repo.write("lineage.jsonl", Self.events(repo: repo, trainingEnd: ["RUNNING"]))
        try repo.manifest(lineage: "lineage.jsonl")
        let (status, report) = try Self.audit(repo)
        #expect(status == 1)
        let lineage = try #require(report.check("lineage"))
        #expect(lineage.status == .fail)
        #expect(
            lineage.findings.contains {
                $0.rule == "lineage.no-producer" && $0.message == "artifact m1/1.0.0/model.pt has no producing run"
            })
        #expect(lineage.notes.contains { $0.message.contains("1 run(s) with no COMPLETE event (r2)") })

        // The same run once it completed: the artifact has its producer and the audit passes.
        try repo.write("lineage.jsonl", Self.events(repo: repo))
        let (passing, completed) = try Self.audit(repo)
        #expect(passing == 0, "\(completed.checks.flatMap(\.findings))")
        #expect(completed.check("lineage")?.measurements["commits"]?["job-train"]?["status"] == .string("ancestor"))
        #expect(
            completed.check("lineage")?.measurements["facets"]?["mm_fusion_v1"]?["owners"]
                == .array([.object(["name": .string("team:data"), "type": .string("MAINTAINER")])]))
    }

    @Test func anUntrustedSourcesScrubDoesNotClearRawData() throws {
        let repo = try GovernanceRepo()
        try repo.write("lineage.jsonl", Self.events(repo: repo, splitSource: "catalog"))
        try repo.manifest(lineage: "lineage.jsonl")
        let (status, report) = try Self.audit(repo)
        #expect(status == 1)
        let pii = try #require(report.check("pii"))
        #expect(pii.status == .fail)
        #expect(
            pii.findings.map(\.message).map { String($0.prefix(40)) }.sorted() == [
                "dataset mm_curated_q225 has PII status `", "dataset mm_fusion_v1 states no PII statu",
            ])
        let lineage = try #require(report.check("lineage"))
        #expect(lineage.notes.contains { $0.message.hasPrefix("ignored tags with source `catalog`") })
        #expect(!lineage.notes.contains { $0.message.contains("text_anchor_date_redaction") })

        // Listed in the lineage policy's `tag_sources`, the catalog's scrub counts.
        let trusting = GovernanceRepo.policy.replacingOccurrences(
            of: "    verify_artifact_digest: true\n",
            with: "    verify_artifact_digest: true\n    tag_sources: [gremlin, catalog]\n")
        #expect(trusting != GovernanceRepo.policy)
        let (passing, trusted) = try Self.audit(repo, policy: trusting)
        #expect(passing == 0, "\(trusted.checks.flatMap(\.findings))")
        #expect(trusted.check("pii")?.status == .pass)
    }
}
