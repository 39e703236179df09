// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// `ModelRegistry` over the MLflow REST API 2.0 and its artifact proxy
/// (`/api/2.0/mlflow-artifacts/artifacts/…`), through the shared `HTTPClient`.
public struct MLflowRegistry: ModelRegistry {
    public let connection: RegistryConnection
    public var client: HTTPClient
    /// The manifest, for messages.
    public var file: String?
    /// Receives one line per retried attempt.
    public var log: @Sendable (String) -> Void

    public var server: String { connection.description }

    public init(
        connection: RegistryConnection, file: String? = nil, timeout: TimeInterval = 10, retries: Int = 3,
        backoff: TimeInterval = 0.5, budget: TimeInterval = 30, log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.connection = connection
        self.file = file
        self.log = log
        client = HTTPClient(
            label: "MLflow server", displayHost: connection.description, timeout: timeout, retries: retries,
            backoff: backoff, budget: budget, budgetName: "GREMLIN_REGISTRY_TIMEOUT")
    }

    // MARK: reading

    public func modelVersion(model: String, version: String) throws -> RegistryModelVersion {
        let object = "model version \(model) version \(version)"
        let json = try call(
            "GET", "model-versions/get", query: ["name": model, "version": version], object: object,
            fix: "check registry.mlflow.model and version: the version must exist in the registry")
        return try Self.version(json["model_version"], object: object, server: server)
    }

    public func modelVersion(model: String, alias: String) throws -> RegistryModelVersion {
        let object = "alias \(model)@\(alias)"
        let json = try call(
            "GET", "registered-models/alias", query: ["name": model, "alias": alias], object: object,
            fix: "set the alias (MlflowClient.set_registered_model_alias) or fix the alias name in the manifest")
        return try Self.version(json["model_version"], object: object, server: server)
    }

    public func aliases(model: String) throws -> [String: String] {
        let object = "registered model \(model)"
        let json = try call(
            "GET", "registered-models/get", query: ["name": model], object: object,
            fix: "check registry.mlflow.model: register the model first (mlflow.register_model)")
        guard let registered = json["registered_model"] as? [String: Any] else {
            throw malformed(object, "no registered_model")
        }
        var result: [String: String] = [:]
        for item in registered["aliases"] as? [[String: Any]] ?? [] {
            guard let alias = item["alias"] as? String, let version = Self.string(item["version"]) else {
                throw malformed(object, "an alias without a name or version")
            }
            result[alias] = version
        }
        return result
    }

    public func run(id: String) throws -> RegistryRun {
        let object = "run \(id)"
        let json = try call(
            "GET", "runs/get", query: ["run_id": id], object: object,
            fix: "the model version names a run the server does not have: register the version from an existing run")
        guard let run = json["run"] as? [String: Any], let info = run["info"] as? [String: Any],
            let artifactURI = info["artifact_uri"] as? String
        else { throw malformed(object, "no run.info.artifact_uri") }
        let data = run["data"] as? [String: Any] ?? [:]
        let tags = try Self.pairs(data["tags"], object: object, server: server)
        var metrics: [String: Double] = [:]
        for item in data["metrics"] as? [[String: Any]] ?? [] {
            guard let key = item["key"] as? String, let value = Self.number(item["value"]) else {
                throw malformed(object, "a metric without a key or numeric value")
            }
            metrics[key] = value
        }
        var datasets: [RegistryDataset] = []
        let inputs = run["inputs"] as? [String: Any] ?? [:]
        for item in inputs["dataset_inputs"] as? [[String: Any]] ?? [] {
            guard let dataset = item["dataset"] as? [String: Any], let name = dataset["name"] as? String else {
                throw malformed(object, "a dataset input without a name")
            }
            var inputTags = Dictionary(
                try Self.pairs(item["tags"], object: object, server: server).map { ($0.key, $0.value) },
                uniquingKeysWith: { first, _ in first })
            let context = inputTags.removeValue(forKey: "mlflow.data.context")
            datasets.append(
                RegistryDataset(
                    name: name, digest: dataset["digest"] as? String ?? "",
                    sourceType: dataset["source_type"] as? String ?? "", source: dataset["source"] as? String ?? "",
                    context: context, tags: inputTags))
        }
        return RegistryRun(
            id: id, name: info["run_name"] as? String, artifactURI: artifactURI,
            tags: Dictionary(tags.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }),
            metrics: metrics, datasets: datasets)
    }

    public func downloadArtifact(run: RegistryRun, path: String) throws -> Data? {
        let object = "artifact \(path) of run \(run.id)"
        let url = try artifactURL(run: run, path: path, object: object)
        let outcome = client.send(.init(method: "GET", url: url, headers: headers()), log: log)
        if outcome.status == 404 { return nil }
        try check(
            outcome, object: object,
            fix: "log it from the training pipeline (mlflow.log_artifact) or fix registry.mlflow.predictions_artifact")
        return outcome.body
    }

    // MARK: writing

    public func setAlias(model: String, alias: String, version: String) throws {
        _ = try call(
            "POST", "registered-models/alias", body: ["name": model, "alias": alias, "version": version],
            object: "alias \(model)@\(alias) → version \(version)", fix: Self.writeFix)
    }

    public func setVersionTag(model: String, version: String, key: String, value: String) throws {
        _ = try call(
            "POST", "model-versions/set-tag", body: ["name": model, "version": version, "key": key, "value": value],
            object: "tag \(key) of \(model) version \(version)", fix: Self.writeFix)
    }

    public func uploadArtifact(run: RegistryRun, path: String, data: Data) throws {
        let object = "artifact \(path) of run \(run.id)"
        let url = try artifactURL(run: run, path: path, object: object)
        var headers = headers()
        headers["Content-Type"] = "application/octet-stream"
        let outcome = client.send(.init(method: "PUT", url: url, headers: headers, body: data), log: log)
        try check(outcome, object: object, fix: Self.writeFix)
    }

    public func updateDescription(model: String, version: String, description: String) throws {
        _ = try call(
            "PATCH", "model-versions/update", body: ["name": model, "version": version, "description": description],
            object: "description of \(model) version \(version)", fix: Self.writeFix)
    }

    static let writeFix =
        "check that the account behind MLFLOW_TRACKING_TOKEN (or MLFLOW_TRACKING_USERNAME) may edit the model, then re-run gremlin release"
}
