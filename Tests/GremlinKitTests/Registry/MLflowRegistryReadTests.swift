// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The read side of `MLflowRegistry` against a real `mlflow server` populated the way a
/// training script would populate it.
@Suite("MLflow registry: reading a real server", .enabled(if: MLflowServer.available))
struct MLflowRegistryReadTests {
    static let example = Fixtures.packageRoot.appendingPathComponent(
        "examples/cl_unimodal_v2/models/cl_unimodal_v2/eval")

    func registry(_ server: MLflowServer, environment: [String: String] = [:]) throws -> MLflowRegistry {
        let connection = try RegistryConnection(
            uri: server.url, key: "registry.mlflow.tracking_uri", file: "release.yaml", environment: environment)
        return MLflowRegistry(connection: connection, file: "release.yaml", timeout: 20, retries: 1, budget: 60)
    }

    @Test("a version by number and by alias, its run's tags, metrics and datasets, and an artifact")
    func readsVersionRunAndArtifacts() throws {
        let server = try MLflowServer.get()
        let model = "read_\(UUID().uuidString.prefix(8))"
        let versions = try server.populate([
            "model": model,
            "versions": [
                [
                    "run": [
                        "tags": [
                            "mlflow.source.git.commit": "abc1234",
                            "mlflow.source.git.repoURL": "https://git.example/m.git",
                        ],
                        "metrics": ["c_index": 0.71],
                        "datasets": [
                            [
                                "name": "mm_fusion_v1", "digest": "d41d8cd9", "context": "training",
                                "tags": ["pii_status": "scrubbed", "pii_certified_by": "text_anchor_date_redaction"],
                            ]
                        ],
                        "artifacts": [
                            "eval/predictions.csv": Self.example.appendingPathComponent("candidate.csv").path
                        ],
                    ],
                    "tags": ["approval.model_owner": "J. Smith|2024-12-01|approved"],
                    "aliases": ["challenger"],
                ]
            ],
        ])
        let registry = try registry(server)
        let byNumber = try registry.modelVersion(model: model, version: versions[0].version)
        let byAlias = try registry.modelVersion(model: model, alias: "challenger")
        #expect(byNumber.runID == versions[0].run)
        #expect(byAlias.version == versions[0].version)
        #expect(byAlias.tag("approval.model_owner") == "J. Smith|2024-12-01|approved")
        #expect(try registry.aliases(model: model) == ["challenger": versions[0].version])

        let run = try registry.run(id: byNumber.runID)
        #expect(run.gitCommit == "abc1234")
        #expect(run.repoURL == "https://git.example/m.git")
        #expect(run.metrics == ["c_index": 0.71])
        #expect(run.artifactURI.hasPrefix("mlflow-artifacts:"))
        let dataset = try #require(run.datasets.first)
        #expect(dataset.name == "mm_fusion_v1")
        #expect(dataset.digest == "d41d8cd9")
        #expect(dataset.context == "training")
        #expect(dataset.tags == ["pii_status": "scrubbed", "pii_certified_by": "text_anchor_date_redaction"])

        let downloaded = try registry.downloadArtifact(run: run, path: "eval/predictions.csv")
        #expect(downloaded == (try Data(contentsOf: Self.example.appendingPathComponent("candidate.csv"))))
        #expect(try registry.downloadArtifact(run: run, path: "eval/absent.csv") == nil)
    }

    @Test("unknown model, version and alias are input errors naming the server and the object")
    func unknownObjects() throws {
        let server = try MLflowServer.get()
        let registry = try registry(server)
        let missing = "absent_\(UUID().uuidString.prefix(8))"
        for (what, call) in [
            ("model version \(missing) version 3", { _ = try registry.modelVersion(model: missing, version: "3") }),
            ("alias \(missing)@production", { _ = try registry.modelVersion(model: missing, alias: "production") }),
            ("registered model \(missing)", { _ = try registry.aliases(model: missing) }),
        ] as [(String, () throws -> Void)] {
            let error = #expect(throws: InputError.self) { try call() }
            let text = error?.description ?? ""
            #expect(text.contains(what), "\(text)")
            #expect(text.contains("http://127.0.0.1:\(server.port)"), "\(text)")
            #expect(error?.fix?.isEmpty == false)
        }
    }
}
