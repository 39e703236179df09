// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A release manifest: what is being promoted and where its evidence lives.
public struct Manifest: Sendable {
    /// The model section.
    public struct Model: Sendable {
        public var name: String
        public var version: String
        /// Every field as written (task, modality, architecture, owner, intended_use, …).
        public var fields: [String: String]
    }

    /// A model artifact: where it is published, its digest, and optionally a local copy.
    public struct Artifact: Sendable {
        public var name: String
        public var uri: String?
        public var sha256: String?
        public var path: String?
    }

    /// Predictions or metrics of one model.
    public struct EvaluationSource: Sendable {
        public var name: String?
        public var predictions: String?
        public var metrics: String?
        /// The sheet of an `.xlsx` metrics workbook (default: the first).
        public var sheet: String?
        /// The first cell of the model's row in an `.xlsx` sheet with one row per model.
        public var row: String?
        /// This model's score direction (`risk` or `survival`) when the manifest gives one.
        public var score: String?
    }

    /// The evaluation section.
    public struct Evaluation: Sendable {
        public var candidate: EvaluationSource
        public var baseline: EvaluationSource?
        /// `risk` (higher = worse, default) or `survival`.
        public var score: String
        /// AUROC horizon, in the predictions' time unit.
        public var horizon: Double?

        /// The candidate's score direction: `candidate.score`, else `score`.
        public var candidateScore: ScoreDirection { ScoreDirection(rawValue: candidate.score ?? score) ?? .risk }
        /// The baseline's score direction: `baseline.score`, else `score`.
        public var baselineScore: ScoreDirection { ScoreDirection(rawValue: baseline?.score ?? score) ?? .risk }
        /// The manifest key a model's direction comes from, for messages.
        public func scoreKey(baseline: Bool) -> String {
            let own = baseline ? self.baseline?.score : candidate.score
            return own != nil ? "evaluation.\(baseline ? "baseline" : "candidate").score" : "evaluation.score"
        }
    }

    /// The splits section: one file per split, or one assignment file.
    public struct Splits: Sendable {
        /// Split name → file, in file order.
        public var files: [(name: String, path: String)]
        public var idColumn: String
        public var assignments: String?
        public var splitColumn: String
    }

    /// The file the user named.
    public var file: String
    /// Directory manifest paths resolve against.
    public var directory: URL
    public var model: Model
    public var artifacts: [Artifact]
    public var lineage: String?
    public var evaluation: Evaluation?
    public var splits: Splits?
    public var piiScan: [String]
    public var limitations: [String]
    public var approvals: String?
    /// The model registry the candidate, its run and the production baseline come from.
    public var registry: RegistrySource?
    /// The validated document, for `required_fields` lookups by dotted path.
    public var document: ConfigValue

    /// The value at a dotted path (`model.intended_use`, `limitations`), when present and non-empty.
    public func value(at path: String) -> ConfigValue? {
        var current: ConfigValue? = document
        for part in path.split(separator: ".") {
            current = current?[String(part)]
        }
        switch current {
        case .string(let text)? where text.trimmingCharacters(in: .whitespaces).isEmpty: return nil
        case .list(let items)? where items.isEmpty: return nil
        case .null?: return nil
        default: return current
        }
    }
}

/// Loads release manifests with closed key sets and clear errors.
public enum ManifestLoader {
    static let modelFields = [
        "name", "version", "task", "modality", "architecture", "owner", "intended_use",
        "description", "license", "contact", "framework", "endpoint",
    ]

    /// The manifest document's shape.
    public static let shape: Shape = .object([
        Field("apiVersion", .oneOf(["gremlin/v1"]), required: true, doc: "always gremlin/v1"),
        Field("kind", .oneOf(["ModelRelease"]), required: true, doc: "always ModelRelease"),
        Field(
            "model",
            .object(
                modelFields.map { name in
                    Field(name, .string, required: name == "name" || name == "version", doc: "model \(name)")
                }), required: true, doc: "the model being promoted"),
        Field(
            "artifacts",
            .list(
                .object([
                    Field("name", .string, required: true, doc: "artifact name (weights, tokenizer…)"),
                    Field("uri", .string, doc: "where the artifact is published"),
                    Field("sha256", .string, doc: "its sha256, 64 hex digits"),
                    Field("path", .string, doc: "an optional local copy, relative to the manifest"),
                ])), doc: "the files being released"),
        Field("lineage", .string, doc: "lineage graph file (YAML or OpenLineage JSON lines)"),
        Field(
            "evaluation",
            .object([
                Field("candidate", sourceShape, required: true, doc: "the candidate's predictions or metrics"),
                Field("baseline", sourceShape, doc: "the production model's predictions or metrics"),
                Field("score", .oneOf(["risk", "survival"]), doc: "risk (higher = worse, default) or survival"),
                Field("horizon", .number, doc: "AUROC horizon in the predictions' time unit"),
            ]), doc: "how the candidate and production models score"),
        Field(
            "splits", .dictionary(.string), doc: "split name → file, plus id_column, or assignments (+ split_column)"),
        Field("pii_scan", .list(.string), doc: "sample files scanned for PII"),
        Field("limitations", .list(.string), doc: "known limitations, for the model card"),
        Field("approvals", .string, doc: "approvals file"),
        Field(
            "registry", .object([Field("mlflow", RegistrySource.mlflowShape, doc: "an MLflow tracking server")]),
            doc: "the model registry the candidate version, its training run and the production baseline come from"),
    ])

    static let sourceShape: Shape = .object([
        Field("name", .string, doc: "model name"),
        Field("predictions", .string, doc: "CSV: patient_id,time,event,score[,subgroups]"),
        Field("metrics", .string, doc: "metrics file: JSON, or an Excel workbook (.xlsx)"),
        Field("sheet", .string, doc: "the .xlsx sheet to read (default: the first)"),
        Field(
            "row", .string,
            doc: "in an .xlsx sheet with one row per model, the first cell of this model's row (default: `name`)"),
        Field(
            "score", .oneOf(["risk", "survival"]),
            doc: "this model's score direction: risk (higher = worse) or survival (default: evaluation.score)"),
    ])

    /// Loads and validates a manifest.
    public static func load(path: String) throws -> Manifest {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let text = try PolicyLoader.readText(url: url, display: path)
        let node = try YAMLReader.compose(text, file: path)
        var validator = ShapeValidator(file: path)
        let document = validator.validate(node, against: shape)
        if let first = validator.errors.first { throw InputErrors(validator.errors, first: first) }

        let modelValue = document["model"]
        var fields: [String: String] = [:]
        for entry in modelValue?.entries ?? [] {
            if let text = entry.value.string { fields[entry.key] = text }
        }
        let model = Manifest.Model(name: fields["name"] ?? "", version: fields["version"] ?? "", fields: fields)
        if model.name.isEmpty || model.name.contains("/") || model.name.contains("..") {
            throw InputError(
                file: path, line: modelValue?.line(of: "name"), key: "model.name",
                message: "the model name must be non-empty and must not contain / or ..",
                fix: "use a plain name such as cl_unimodal_v2")
        }

        var artifacts: [Manifest.Artifact] = []
        for (index, item) in (document["artifacts"]?.list ?? []).enumerated() {
            let sha = item["sha256"]?.string
            if let sha, !(sha.count == 64 && sha.allSatisfy(\.isHexDigit)) {
                throw InputError(
                    file: path, key: "artifacts[\(index)].sha256",
                    message: "'\(sha)' is not a sha256 (64 hex digits)",
                    fix: "write the output of `sha256sum FILE`")
            }
            artifacts.append(
                Manifest.Artifact(
                    name: item["name"]?.string ?? "", uri: item["uri"]?.string,
                    sha256: sha?.lowercased(), path: item["path"]?.string))
        }

        var evaluation: Manifest.Evaluation?
        if let value = document["evaluation"] {
            func source(_ key: String) throws -> Manifest.EvaluationSource? {
                guard let item = value[key] else { return nil }
                let result = Manifest.EvaluationSource(
                    name: item["name"]?.string,
                    predictions: item["predictions"]?.string,
                    metrics: item["metrics"]?.string,
                    sheet: item["sheet"]?.string,
                    row: item["row"]?.string,
                    score: item["score"]?.string)
                if result.predictions == nil && result.metrics == nil {
                    throw InputError(
                        file: path, line: value.line(of: key), key: "evaluation.\(key)",
                        message: "needs `predictions:` or `metrics:`",
                        fix: "name the predictions CSV or the metrics JSON")
                }
                return result
            }
            guard let candidate = try source("candidate") else {
                throw InputError(file: path, key: "evaluation.candidate", message: "required key is missing")
            }
            evaluation = Manifest.Evaluation(
                candidate: candidate, baseline: try source("baseline"),
                score: value["score"]?.string ?? "risk",
                horizon: value["horizon"]?.double)
        }

        var splits: Manifest.Splits?
        if let value = document["splits"], let entries = value.entries {
            let reserved = ["id_column", "assignments", "split_column"]
            splits = Manifest.Splits(
                files: entries.filter { !reserved.contains($0.key) }.compactMap { entry in
                    entry.value.string.map { (entry.key, $0) }
                },
                idColumn: value["id_column"]?.string ?? "patient_id",
                assignments: value["assignments"]?.string,
                splitColumn: value["split_column"]?.string ?? "split")
        }

        return Manifest(
            file: path, directory: url.deletingLastPathComponent(), model: model, artifacts: artifacts,
            lineage: document["lineage"]?.string, evaluation: evaluation, splits: splits,
            piiScan: document["pii_scan"]?.strings ?? [],
            limitations: document["limitations"]?.strings ?? [],
            approvals: document["approvals"]?.string,
            registry: try RegistrySource.load(document["registry"], file: path), document: document)
    }
}
