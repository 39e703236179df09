// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("Registry snapshot: approvals tags and lineage merge")
struct RegistrySnapshotTests {
    static func snapshot(tags: [(key: String, value: String)]) -> RegistrySnapshot {
        let source = RegistrySource(
            trackingURI: "http://127.0.0.1:1", model: "m", version: "3", alias: nil, productionAlias: nil,
            predictionsArtifact: nil, file: "release.yaml", line: 1)
        let version = RegistryModelVersion(
            model: "m", version: "3", runID: "r1", tags: tags, aliases: [], description: "")
        let run = RegistryRun(
            id: "r1", name: "train", artifactURI: "mlflow-artifacts:/1/r1/artifacts",
            tags: ["mlflow.source.git.commit": "abcd123"], metrics: [:],
            datasets: [
                RegistryDataset(
                    name: "split_v1", digest: "d1", sourceType: "http",
                    source: #"{"url": "https://u:p@data.example/s?x=1"}"#,
                    context: "training", tags: ["pii_status": "scrubbed", "stage": "split"])
            ])
        return RegistrySnapshot(
            source: source, server: "http://127.0.0.1:1", candidate: version, candidateRun: run)
    }

    @Test("approval.<role> tags are approval records; a malformed one is an input error naming the tag")
    func approvals() throws {
        let records = try Self.snapshot(tags: [
            ("approval.model_owner", "J. Smith|2024-12-01|approved"), ("other", "x"),
            ("approval.data_steward", "M. Chen||pending"),
        ]).approvals()
        #expect(records.map(\.role) == ["model_owner", "data_steward"])
        #expect(records[0].name == "J. Smith" && records[0].date == "2024-12-01" && records[0].status == "approved")
        #expect(records[1].date == nil && records[1].status == "pending")
        #expect(records[0].source == "mlflow:m/3 tag approval.model_owner")
        let error = #expect(throws: InputError.self) {
            try Self.snapshot(tags: [("approval.model_owner", "J. Smith approved")]).approvals()
        }
        #expect(error?.description.contains("approval.model_owner") == true)
    }

    @Test("datasets → run → model version join the file graph; the source URL loses credentials and query")
    func lineageMerge() throws {
        let file = LineageGraph(
            file: "lineage.yaml", format: .yaml,
            nodes: [LineageNode(id: "raw", kind: .dataset, stage: "raw")])
        let merged = Self.snapshot(tags: []).merged(
            into: file, artifacts: [Manifest.Artifact(name: "weights", uri: nil, sha256: nil, path: nil)])
        #expect(merged.nodes.map(\.id) == ["raw", "split_v1", "mlflow:run/r1", "mlflow:m/3"])
        let dataset = try #require(merged.node("split_v1"))
        #expect(dataset.digest == "d1" && dataset.pii?.status == "scrubbed" && dataset.stage == "split")
        #expect(dataset.uri == "https://data.example/s")
        #expect(merged.node("mlflow:run/r1")?.code?.commit == "abcd123")
        #expect(merged.node("mlflow:m/3")?.artifact == "weights")
        #expect(merged.conflicts.isEmpty)
    }
}
