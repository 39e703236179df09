// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Lineage cannot be edited away: a failure appended for a completed run, and a derived dataset
/// that no run produced.
@Suite struct LineageEvasionTests {
    /// The split run completed; one FAIL event appended for the same run would erase its edges.
    @Test func aRunThatCompletedAndFailedIsAConflictNamingIt() throws {
        let repo = try GovernanceRepo()
        let events =
            GovernanceRepo.lineageEvents(commit: String(repo.trainingCommit.prefix(4)), digest: repo.weightsSHA)
            + "{\"eventType\": \"FAIL\", \"run\": {\"runId\": \"r1\"}, "
            + "\"job\": {\"namespace\": \"ofm\", \"name\": \"make-split\"}}\n"
        try repo.write("lineage.jsonl", events)
        try repo.manifest(lineage: "lineage.jsonl")
        let lineage = try #require(try repo.audit(["lineage"]).check("lineage"))
        #expect(lineage.status == .fail)
        let conflict = try #require(lineage.findings.first { $0.rule == "lineage.conflict" })
        #expect(conflict.message.contains("node make-split"))
        #expect(conflict.message.contains("run r1 outcome"))
        #expect(conflict.message.contains("COMPLETE vs FAIL"))
        #expect(conflict.location == Location(path: "models/m1/lineage.jsonl", line: 1))
    }

    /// A split the training run reads, with no run or raw dataset behind it.
    @Test func aDerivedDatasetWithoutAProducerFails() throws {
        let repo = try GovernanceRepo()
        try repo.write(
            "lineage.yaml",
            GovernanceRepo.lineageYAML(
                commit: String(repo.trainingCommit.prefix(7)), runInputs: "[mm_fusion_v1, orphan_split]",
                extraNodes: "  - id: orphan_split\n    kind: dataset\n    stage: split\n"
                    + "    pii: {status: scrubbed, certified_by: text_anchor_date_redaction}\n"))
        try repo.manifest()
        let lineage = try #require(try repo.audit(["lineage"]).check("lineage"))
        #expect(lineage.status == .fail)
        #expect(
            lineage.findings.contains {
                $0.rule == "lineage.no-producer" && $0.message.hasPrefix("dataset orphan_split (stage split)")
            })
    }
}
