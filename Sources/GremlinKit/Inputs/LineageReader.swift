// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Yams

/// Reads a lineage file (Gremlin YAML or OpenLineage JSON lines) into a `LineageGraph`.
///
/// A file that cannot be parsed, has unknown keys, wrong types or duplicate ids is an input
/// error naming file and line. Incompleteness (dangling references, cycles, …) is not: the
/// graph keeps it and the `lineage` check reports it as findings.
public enum LineageReader {
    /// Reads the manifest's lineage file, recording its digest. `tagSources` are the OpenLineage
    /// tag sources trusted besides `gremlin` (the lineage policy's `tag_sources`).
    public static func read(manifest: Manifest, files: InputFiles, tagSources: [String] = []) throws -> LineageGraph {
        guard let path = manifest.lineage else {
            throw InputError(
                file: manifest.file, key: "lineage", message: "the manifest names no lineage graph",
                fix: "add `lineage: lineage.yaml` (or an OpenLineage .jsonl file) to the manifest")
        }
        let data = try files.read(path, what: "lineage graph", key: "lineage")
        return try parse(data, file: path, artifacts: manifest.artifacts, tagSources: tagSources)
    }

    /// Reads the manifest's lineage file for a check, trusting the tag sources the policy's
    /// `lineage` section lists (whichever check reads the graph sees the same one).
    /// With a model registry, its `dataset → run → model version` nodes are merged in.
    static func read(manifest: Manifest, context: CheckContext, tagSources: [String]? = nil) throws -> LineageGraph {
        let graph = try read(
            manifest: manifest, files: context.files, tagSources: tagSources ?? Self.tagSources(context.policy))
        return context.registry?.merged(into: graph, artifacts: manifest.artifacts) ?? graph
    }

    /// The lineage policy section's `tag_sources` (empty without a policy or section).
    public static func tagSources(_ policy: Policy?) -> [String] {
        policy?.settings(for: "lineage")?.config.strings("tag_sources") ?? []
    }

    /// Parses lineage bytes; the format follows the extension (`.jsonl`, `.ndjson`, `.json` are
    /// OpenLineage), else the first character (`{` is OpenLineage).
    public static func parse(
        _ data: Data, file: String, artifacts: [Manifest.Artifact] = [], tagSources: [String] = []
    ) throws -> LineageGraph {
        switch format(of: file, data: data) {
        case .openLineage:
            return try OpenLineageReader.parse(data, file: file, artifacts: artifacts, tagSources: tagSources)
        case .yaml: return try LineageYAMLReader.parse(data, file: file, artifacts: artifacts)
        }
    }

    static func format(of file: String, data: Data) -> LineageGraph.Format {
        let lower = file.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") { return .openLineage }
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        let first = data.first { byte in !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D) }
        return first == UInt8(ascii: "{") ? .openLineage : .yaml
    }

    /// The stage a run gets when the file does not state one: `training` when it produces an
    /// artifact, `transform` otherwise (the OpenLineage rule, applied to YAML too).
    static func defaultStages(_ nodes: inout [LineageNode]) {
        var producers = Set<String>()
        for node in nodes where node.kind == .artifact {
            for edge in node.upstream where edge.relation == .producedBy { producers.insert(edge.target) }
        }
        for position in nodes.indices where nodes[position].stage == nil {
            switch nodes[position].kind {
            case .artifact: nodes[position].stage = "artifact"
            case .run: nodes[position].stage = producers.contains(nodes[position].id) ? "training" : "transform"
            case .dataset: break
            }
        }
    }

    /// Whether `uri` (as written in a manifest) names the OpenLineage dataset `namespace` + `name`.
    static func uri(_ uri: String, matches namespace: String, _ name: String) -> Bool {
        func trimmed(_ text: String) -> String {
            var text = text
            while text.hasSuffix("/") { text.removeLast() }
            return text
        }
        let ns = trimmed(namespace)
        var tail = name
        while tail.hasPrefix("/") { tail.removeFirst() }
        return trimmed(uri) == ns + "/" + tail || trimmed(uri) == trimmed(name)
    }
}

/// The Gremlin YAML lineage format (`contract/lineage.yaml`).
enum LineageYAMLReader {
    static let piiShape: Shape = .object([
        Field("status", .oneOf(PIIRecord.statuses), required: true, doc: "scrubbed | none | present | unknown"),
        Field("certified_by", .string, doc: "who certified the scrub (must be a trusted certifier)"),
        Field("certified_on", .string, doc: "when, YYYY-MM-DD"),
        Field("notes", .string, doc: "free text"),
    ])

    static let codeShape: Shape = .object([
        Field("repo", .string, doc: "the code repository's name"),
        Field("commit", .string, doc: "full or abbreviated (4+ hex) commit in the audited repository"),
        Field("url", .string, doc: "where the repository lives"),
    ])

    static let nodeFields: [Field] = [
        Field("id", .string, required: true, doc: "unique node id"),
        Field(
            "kind", .oneOf(LineageNode.Kind.allCases.map(\.rawValue)), required: true, doc: "dataset | run | artifact"),
        Field("stage", .string, doc: "raw, split, training, artifact, …"),
        Field("description", .string, doc: "free text"),
        Field("derived_from", .list(.string), doc: "datasets this dataset was derived from"),
        Field("produced_by", .string, doc: "the run that produced this dataset or artifact"),
        Field("inputs", .list(.string), doc: "datasets a run read"),
        Field("patients", .integer(minimum: 0), doc: "number of patients"),
        Field("date_range", .string, doc: "period covered, e.g. 2018-2024"),
        Field("license", .string, doc: "the data licence"),
        Field("pii", piiShape, doc: "PII status and certification"),
        Field("data_products", .list(.string), doc: "data products used (dp://…)"),
        Field("code", codeShape, doc: "the code a run executed"),
        Field("artifact", .string, doc: "the manifest artifact this node stands for"),
        Field("uri", .string, doc: "where the dataset or artifact lives"),
        Field(
            "digest", .string, doc: "the recorded digest of an artifact or dataset (compared with a model registry's)"),
    ]

    /// Keys that only make sense on some kinds of node.
    static let kindKeys: [LineageNode.Kind: Set<String>] = [
        .dataset: [
            "derived_from", "produced_by", "patients", "date_range", "license", "pii", "data_products", "uri", "digest",
        ],
        .run: ["inputs", "code"],
        .artifact: ["produced_by", "artifact", "uri", "digest", "license"],
    ]

    static let shape: Shape = .object([
        Field("apiVersion", .oneOf(["gremlin/v1"]), required: true, doc: "always gremlin/v1"),
        Field("kind", .oneOf(["Lineage"]), required: true, doc: "always Lineage"),
        Field("description", .string, doc: "free text"),
        Field("nodes", .list(.object(nodeFields)), required: true, doc: "datasets, runs and artifacts"),
    ])

    static func parse(_ data: Data, file: String, artifacts: [Manifest.Artifact]) throws -> LineageGraph {
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: file, message: "the lineage file is not UTF-8 text", fix: "save it as UTF-8")
        }
        let node = try YAMLReader.compose(text, file: file)
        var validator = ShapeValidator(file: file)
        let document = validator.validate(node, against: shape)
        var errors = validator.errors
        let items: [Node] = node["nodes"]?.sequence.map { Array($0) } ?? []

        var nodes: [LineageNode] = []
        var firstLine: [String: Int] = [:]
        for (position, value) in (document["nodes"]?.list ?? []).enumerated() {
            let line = position < items.count ? items[position].mark?.line : nil
            guard let id = value["id"]?.string, let kindName = value["kind"]?.string,
                let kind = LineageNode.Kind(rawValue: kindName)
            else { continue }
            let path = "nodes[\(position)]"
            if id.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(
                    InputError(
                        file: file, line: line, key: "\(path).id", message: "empty node id",
                        fix: "give every node a unique id"))
                continue
            }
            if let first = firstLine[id] {
                errors.append(
                    InputError(
                        file: file, line: line, key: "\(path).id",
                        message: "duplicate id '\(InputExcerpt.short(id))' (first defined on line \(first))",
                        fix: "give every node a unique id"))
                continue
            }
            firstLine[id] = line ?? 0
            let allowed = kindKeys[kind] ?? []
            let common: Set<String> = ["id", "kind", "stage", "description"]
            for entry in value.entries ?? [] where !common.contains(entry.key) && !allowed.contains(entry.key) {
                errors.append(
                    InputError(
                        file: file, line: entry.line, column: entry.column, key: "\(path).\(entry.key)",
                        message: "`\(InputExcerpt.short(entry.key))` does not apply to a \(kind.rawValue) node",
                        fix: "\(kind.rawValue) nodes take: \(allowed.sorted().joined(separator: ", "))"))
            }

            var upstream: [LineageEdge] = []
            let edgeLine = { (key: String) in value.line(of: key) ?? line }
            for target in value["derived_from"]?.strings ?? [] {
                upstream.append(LineageEdge(.derivedFrom, target, line: edgeLine("derived_from")))
            }
            for target in value["inputs"]?.strings ?? [] {
                upstream.append(LineageEdge(.input, target, line: edgeLine("inputs")))
            }
            if let target = value["produced_by"]?.string {
                upstream.append(LineageEdge(.producedBy, target, line: edgeLine("produced_by")))
            }
            var pii: PIIRecord?
            if let record = value["pii"] {
                pii = PIIRecord(
                    status: record["status"]?.string, certifiedBy: record["certified_by"]?.string,
                    certifiedOn: record["certified_on"]?.string)
            }
            var code: CodeReference?
            if let record = value["code"] {
                code = CodeReference(
                    repo: record["repo"]?.string, commit: record["commit"]?.string,
                    url: record["url"]?.string)
            }
            var artifact = value["artifact"]?.string
            if kind == .artifact, artifact == nil, artifacts.count == 1 { artifact = artifacts[0].name }
            nodes.append(
                LineageNode(
                    id: id, kind: kind, stage: value["stage"]?.string, upstream: upstream,
                    patients: value["patients"]?.int,
                    dateRange: value["date_range"]?.string, license: value["license"]?.string, pii: pii,
                    dataProducts: value["data_products"]?.strings ?? [], code: code, artifact: artifact,
                    uri: value["uri"]?.string, digest: value["digest"]?.string,
                    description: value["description"]?.string, line: line))
        }
        if let first = errors.first { throw InputErrors(errors, first: first) }
        LineageReader.defaultStages(&nodes)
        return LineageGraph(file: file, format: .yaml, nodes: nodes)
    }
}
