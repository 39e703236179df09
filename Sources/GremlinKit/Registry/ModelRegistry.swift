// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A model registry as the gate uses it: read a model version (by number or alias), its run and
/// the run's artifacts; write aliases, version tags, artifacts and the version description.
///
/// Every failure throws an `InputError` naming the server (scheme://host:port only) and the
/// object (model, version, alias, run), with the fix. Checks never see this protocol: the audit
/// reads everything once (`RegistrySnapshot`), `gremlin release` writes (`RegistryPublisher`).
public protocol ModelRegistry: Sendable {
    /// scheme://host:port, for messages.
    var server: String { get }
    /// A model version by number.
    func modelVersion(model: String, version: String) throws -> RegistryModelVersion
    /// The model version an alias points to.
    func modelVersion(model: String, alias: String) throws -> RegistryModelVersion
    /// Every alias of a registered model → the version it points to.
    func aliases(model: String) throws -> [String: String]
    /// A run: tags, latest metrics and dataset inputs.
    func run(id: String) throws -> RegistryRun
    /// A run artifact's bytes (`path` relative to the run's artifact root); `nil` when the run has none there.
    func downloadArtifact(run: RegistryRun, path: String) throws -> Data?

    func setAlias(model: String, alias: String, version: String) throws
    func setVersionTag(model: String, version: String, key: String, value: String) throws
    func uploadArtifact(run: RegistryRun, path: String, data: Data) throws
    func updateDescription(model: String, version: String, description: String) throws
}

/// A registered model version.
public struct RegistryModelVersion: Sendable, Equatable {
    public var model: String
    public var version: String
    public var runID: String
    /// Version tags in the server's order.
    public var tags: [(key: String, value: String)]
    public var aliases: [String]
    public var description: String

    public func tag(_ key: String) -> String? { tags.first { $0.key == key }?.value }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.model == rhs.model && lhs.version == rhs.version && lhs.runID == rhs.runID
            && lhs.tags.map(\.key) == rhs.tags.map(\.key) && lhs.tags.map(\.value) == rhs.tags.map(\.value)
            && lhs.aliases == rhs.aliases && lhs.description == rhs.description
    }
}

/// A dataset a run read (`mlflow.log_input`).
public struct RegistryDataset: Sendable, Equatable, Codable {
    public var name: String
    public var digest: String
    public var sourceType: String
    public var source: String
    /// `mlflow.data.context` (training, validation, evaluation…).
    public var context: String?
    /// Input tags besides the context (`pii_status`, `pii_certified_by`…), sorted by key.
    public var tags: [String: String]
}

/// A training or evaluation run.
public struct RegistryRun: Sendable, Equatable {
    public var id: String
    public var name: String?
    /// `info.artifact_uri` as the server reports it (`mlflow-artifacts:/1/<run>/artifacts`).
    public var artifactURI: String
    public var tags: [String: String]
    /// Latest value of each metric.
    public var metrics: [String: Double]
    public var datasets: [RegistryDataset]

    /// `mlflow.source.git.commit`.
    public var gitCommit: String? { tags["mlflow.source.git.commit"] }
    /// `mlflow.source.git.repoURL`.
    public var repoURL: String? { tags["mlflow.source.git.repoURL"] }
}
