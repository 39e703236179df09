// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Everything an audit reads from the model registry, read once before the checks run (which
/// never call the registry) and recorded in audit.json's inputs under `mlflow:` names, so that
/// `gremlin release` can read it again and refuse when it changed. Reading never writes.
public struct RegistrySnapshot: Sendable {
    /// Input names of registry reads start with this; they are not files.
    public static let inputPrefix = "mlflow:"

    public var source: RegistrySource
    /// scheme://host:port.
    public var server: String
    public var candidate: RegistryModelVersion
    public var candidateRun: RegistryRun
    public var production: RegistryModelVersion?
    public var productionRun: RegistryRun?
    /// The runs' `predictions_artifact` bytes, when logged, under their input names.
    public var candidatePredictions: (name: String, data: Data)?
    public var productionPredictions: (name: String, data: Data)?

    /// The candidate as nodes and messages name it: `mlflow:cl_unimodal_v2/7`.
    public var candidateNode: String { "\(Self.inputPrefix)\(candidate.model)/\(candidate.version)" }
    /// The candidate's run as a lineage node.
    public var runNode: String { "\(Self.inputPrefix)run/\(candidateRun.id)" }

    /// Reads the candidate version, its run and datasets, the production version and both runs'
    /// predictions, recording a digest of each in `files`. Any failure is an `InputError` (exit 2).
    public static func read(
        source: RegistrySource, registry: any ModelRegistry, files: InputFiles
    ) throws -> RegistrySnapshot {
        let server = registry.server
        let candidate =
            try source.version.map { try registry.modelVersion(model: source.model, version: $0) }
            ?? registry.modelVersion(model: source.model, alias: source.alias ?? "")
        let run = try registry.run(id: candidate.runID)
        guard let commit = run.gitCommit?.trimmingCharacters(in: .whitespaces), !commit.isEmpty else {
            throw InputError(
                file: source.file, line: source.line, key: "registry.mlflow",
                message: "run \(run.id) of \(source.candidateName) on the MLflow server at \(server) has no "
                    + "mlflow.source.git.commit tag, so the code it trained on cannot be verified",
                fix:
                    "train from a git checkout (MLflow then tags the commit) or mlflow.set_tag(\"mlflow.source.git.commit\", <sha>)"
            )
        }
        for dataset in run.datasets where dataset.digest.trimmingCharacters(in: .whitespaces).isEmpty {
            throw InputError(
                file: source.file, line: source.line, key: "registry.mlflow",
                message: "dataset \(dataset.name) of run \(run.id) (\(source.candidateName)) on the MLflow server at "
                    + "\(server) has no digest, so the data the model trained on cannot be pinned",
                fix:
                    "log the dataset with its digest (mlflow.data.from_pandas / MetaDataset(…, digest=…) and mlflow.log_input)"
            )
        }
        var snapshot = RegistrySnapshot(
            source: source, server: server, candidate: candidate, candidateRun: run)
        if let alias = source.productionAlias {
            let production = try registry.modelVersion(model: source.model, alias: alias)
            snapshot.production = production
            snapshot.productionRun = try registry.run(id: production.runID)
        }
        if let path = source.predictionsArtifact {
            snapshot.candidatePredictions = try registry.downloadArtifact(run: run, path: path).map {
                (artifactName(candidate, path), $0)
            }
            if let production = snapshot.production, let productionRun = snapshot.productionRun {
                snapshot.productionPredictions = try registry.downloadArtifact(run: productionRun, path: path).map {
                    (artifactName(production, path), $0)
                }
            }
        }
        snapshot.record(in: files)
        return snapshot
    }

    static func artifactName(_ version: RegistryModelVersion, _ path: String) -> String {
        "\(inputPrefix)\(version.model)/\(version.version)/artifacts/\(path)"
    }

    /// Records a digest of what the audit used from each version (never what `gremlin release`
    /// writes: gremlin.* tags, aliases, the description) and of each downloaded artifact.
    func record(in files: InputFiles) {
        func add(_ name: String, _ data: Data) {
            files.record(name: name, sha256: InputFiles.sha256(data), bytes: data.count)
        }
        add("\(Self.inputPrefix)\(candidate.model)/\(candidate.version)", Self.used(candidate, run: candidateRun))
        if let production, let productionRun {
            add(
                "\(Self.inputPrefix)\(production.model)/\(production.version)",
                Self.used(production, run: productionRun))
        }
        for item in [candidatePredictions, productionPredictions].compactMap({ $0 }) { add(item.name, item.data) }
    }

    /// Canonical JSON of the parts of a version and its run the audit relies on.
    static func used(_ version: RegistryModelVersion, run: RegistryRun) -> Data {
        var tags: [String: String] = [:]
        for tag in version.tags where tag.key.hasPrefix("approval.") { tags[tag.key] = tag.value }
        let datasets: [[String: Any]] = run.datasets.map { dataset in
            [
                "name": dataset.name, "digest": dataset.digest, "source_type": dataset.sourceType,
                "source": dataset.source, "context": dataset.context ?? "", "tags": dataset.tags,
            ]
        }
        let object: [String: Any] = [
            "model": version.model, "version": version.version, "run_id": run.id, "version_tags": tags,
            "git_commit": run.gitCommit ?? "", "repo_url": run.repoURL ?? "",
            "metrics": run.metrics.mapValues { $0.isFinite ? String($0) : "non-finite" }, "datasets": datasets,
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    /// Approvals recorded as candidate version tags `approval.<role>` = `name|date|status`.
    public func approvals() throws -> [ApprovalRecord] {
        try candidate.tags.filter { $0.key.hasPrefix("approval.") }.map { tag in
            let role = String(tag.key.dropFirst("approval.".count))
            let parts = tag.value.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard !role.isEmpty, parts.count == 3, ApprovalRecord.statuses.contains(parts[2]) else {
                throw InputError(
                    file: source.file, key: "registry.mlflow",
                    message: "tag \(tag.key) of \(candidateNode) on the MLflow server at \(server) is not "
                        + "`name|YYYY-MM-DD|status` with status \(ApprovalRecord.statuses.joined(separator: ", "))",
                    fix:
                        "set it as client.set_model_version_tag(model, version, \"approval.<role>\", \"Name|2024-12-01|approved\")"
                )
            }
            return ApprovalRecord(
                role: role, name: parts[0].isEmpty ? nil : parts[0], date: parts[1].isEmpty ? nil : parts[1],
                status: parts[2], source: "\(candidateNode) tag \(tag.key)")
        }
    }

    /// Opens the manifest's registry and reads it; `environment` carries the tracking URI,
    /// credentials and `GREMLIN_REGISTRY_TIMEOUT` (total seconds for each request and its retries).
    public static func read(
        manifest: Manifest, files: InputFiles, environment: [String: String],
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> RegistrySnapshot? {
        guard let source = manifest.registry else { return nil }
        let registry = try open(source, environment: environment, log: log)
        return try read(source: source, registry: registry, files: files)
    }

    /// The registry a manifest names, with the time limits the environment sets.
    static func open(
        _ source: RegistrySource, environment: [String: String], log: @escaping @Sendable (String) -> Void
    ) throws -> MLflowRegistry {
        let connection = try source.connection(environment: environment)
        var budget: TimeInterval = 30
        if let text = environment["GREMLIN_REGISTRY_TIMEOUT"] {
            guard let value = Double(text), value.isFinite, value > 0 else {
                throw InputError(
                    key: "GREMLIN_REGISTRY_TIMEOUT", message: "'\(text)' is not a positive number of seconds",
                    fix: "set it to e.g. 30, or unset it")
            }
            budget = value
        }
        return MLflowRegistry(
            connection: connection, file: source.file, timeout: min(10, budget), retries: 3, backoff: 0.5,
            budget: budget, log: log)
    }
}
