// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The registry's part of the lineage: `dataset → run → model version`, merged into the file
/// lineage (YAML or OpenLineage), which carries what lies further upstream.
extension RegistrySnapshot {
    /// `graph` with the candidate's run and datasets added. A registry dataset that is a node of
    /// the file graph is merged into it: a digest or PII status both state differently is a
    /// conflict (a lineage failure); what only the registry states fills the node in.
    public func merged(into graph: LineageGraph, artifacts: [Manifest.Artifact]) -> LineageGraph {
        var nodes = graph.nodes
        var conflicts = graph.conflicts
        var positions: [String: Int] = [:]
        for (position, node) in nodes.enumerated() where positions[node.id] == nil { positions[node.id] = position }
        let origin = "the MLflow registry (\(server))"
        for dataset in candidateRun.datasets {
            let status = dataset.tags["pii_status"]
            let pii = status.map {
                PIIRecord(
                    status: $0, certifiedBy: dataset.tags["pii_certified_by"],
                    certifiedOn: dataset.tags["pii_certified_on"])
            }
            guard let position = positions[dataset.name] else {
                let node = LineageNode(
                    id: dataset.name, kind: .dataset, stage: dataset.tags["stage"], pii: pii,
                    uri: Self.sourceURL(dataset), digest: dataset.digest,
                    description: "dataset input of MLflow run \(candidateRun.id)"
                        + (dataset.context.map { " (\($0))" } ?? ""))
                positions[dataset.name] = nodes.count
                nodes.append(node)
                continue
            }
            var node = nodes[position]
            if let digest = node.digest, !digest.isEmpty, digest != dataset.digest {
                conflicts.append(
                    LineageConflict(
                        node: node.id, key: "digest (\(graph.file) vs \(origin))", values: [digest, dataset.digest],
                        line: node.line))
            } else {
                node.digest = dataset.digest
            }
            if let pii, let stated = node.pii?.status, stated != pii.status {
                conflicts.append(
                    LineageConflict(
                        node: node.id, key: "pii.status (\(graph.file) vs \(origin))",
                        values: [stated, pii.status ?? ""], line: node.line))
            } else if node.pii == nil {
                node.pii = pii
            }
            nodes[position] = node
        }
        let run = LineageNode(
            id: runNode, kind: .run, stage: "training",
            upstream: candidateRun.datasets.map { LineageEdge(.input, $0.name) },
            code: CodeReference(repo: candidateRun.repoURL, commit: candidateRun.gitCommit, url: candidateRun.repoURL),
            description: "MLflow run \(candidateRun.id)" + (candidateRun.name.map { " (\($0))" } ?? ""))
        let version = LineageNode(
            id: candidateNode, kind: .artifact, stage: "artifact", upstream: [LineageEdge(.producedBy, runNode)],
            artifact: artifacts.first?.name,
            description: "registered model \(candidate.model) version \(candidate.version)")
        nodes += [run, version]
        var remarks = graph.remarks
        remarks.append(
            "\(candidateNode) and its run \(candidateRun.id) (\(candidateRun.datasets.count) dataset(s)) were read from "
                + "\(origin) and merged into \(graph.file)")
        return LineageGraph(
            file: graph.file, format: graph.format, nodes: nodes, conflicts: conflicts, remarks: remarks)
    }

    /// A dataset's source URL when MLflow recorded one (`{"url": …}`), without credentials or query.
    static func sourceURL(_ dataset: RegistryDataset) -> String? {
        guard let data = dataset.source.data(using: .utf8),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let text = (json["url"] ?? json["uri"] ?? json["path"]) as? String,
            var parts = URLComponents(string: text)
        else { return nil }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        parts.fragment = nil
        return parts.string
    }
}
