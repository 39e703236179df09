// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension OpenLineageReader {
    /// Turns the collected datasets and jobs into graph nodes: display ids, conflicts, artifacts.
    static func build(
        file: String, order: [(isJob: Bool, key: Key, line: Int)], datasets: [Key: Dataset], jobs: [Key: Job],
        outcomes: Outcomes, artifacts: [Manifest.Artifact], remarks: [String]
    ) -> LineageGraph {
        // Display ids: the plain name unless two nodes would share it.
        var datasetNames: [String: Int] = [:]
        for key in datasets.keys { datasetNames[key.name, default: 0] += 1 }
        func datasetID(_ key: Key) -> String {
            (datasetNames[key.name] ?? 0) > 1 ? "\(key.namespace)/\(key.name)" : key.name
        }
        let datasetIDs = Set(datasets.keys.map(datasetID))
        var jobNames: [String: Int] = [:]
        for key in jobs.keys { jobNames[key.name, default: 0] += 1 }
        func jobID(_ key: Key) -> String {
            let plain = (jobNames[key.name] ?? 0) > 1 ? "\(key.namespace)/\(key.name)" : key.name
            return datasetIDs.contains(plain) ? "job:\(plain)" : plain
        }

        var conflicts: [LineageConflict] = []
        for (runID, entry) in outcomes.terminal.sorted(by: { $0.value.line < $1.value.line })
        where entry.states.contains("COMPLETE") && entry.states.count > 1 {
            conflicts.append(
                LineageConflict(
                    node: entry.job.map(jobID) ?? runID, key: "run \(InputExcerpt.short(runID)) outcome",
                    values: entry.states.sorted(), line: entry.line))
        }
        func single(_ statements: [Statement]?, _ field: String, node: String) -> String? {
            guard let statements, let first = statements.first else { return nil }
            if statements.count > 1 {
                conflicts.append(
                    LineageConflict(node: node, key: field, values: statements.map(\.value), line: first.line))
                return nil
            }
            return first.value
        }
        func single(_ fields: [String: [Statement]], _ field: String, node: String) -> String? {
            single(fields[field], field, node: node)
        }

        var nodes: [LineageNode] = []
        for entry in order {
            if entry.isJob, let job = jobs[entry.key] {
                let id = jobID(job.key)
                let url = single(job.fields, "url", node: id)
                let commit = single(job.fields, "commit", node: id)
                // The repository is `repoUrl`; `url` locates a file and stands in only without it.
                let repo = single(job.fields, "repo", node: id) ?? url
                var node = LineageNode(
                    id: id, kind: .run, stage: single(job.fields, "stage", node: id),
                    upstream: job.inputs.map { LineageEdge(.input, datasetID($0.dataset), line: $0.line) },
                    code: commit == nil && repo == nil ? nil : CodeReference(repo: repo, commit: commit, url: url),
                    line: job.line)
                node.facets = job.facets
                nodes.append(node)
            } else if !entry.isJob, let dataset = datasets[entry.key] {
                let id = datasetID(dataset.key)
                let uri = "\(dataset.key.namespace)/\(dataset.key.name)"
                let stage = single(dataset.fields, "stage", node: id)
                var artifactName = single(dataset.fields, "artifact", node: id)
                let matching = artifacts.first { artifact in
                    artifact.uri.map { LineageReader.uri($0, matches: dataset.key.namespace, dataset.key.name) }
                        ?? false
                }
                if artifactName == nil { artifactName = matching?.name }
                let isArtifact = stage == "artifact" || artifactName != nil
                if isArtifact, artifactName == nil, artifacts.count == 1 { artifactName = artifacts[0].name }
                var pii: PIIRecord?
                let status = single(dataset.fields, "pii", node: id)
                let certifier = single(dataset.fields, "pii_certified_by", node: id)
                let certified = single(dataset.fields, "pii_certified_on", node: id)
                if dataset.fields["pii"] != nil || certifier != nil {
                    pii = PIIRecord(status: status, certifiedBy: certifier, certifiedOn: certified)
                }
                var node = LineageNode(
                    id: id, kind: isArtifact ? .artifact : .dataset, stage: stage,
                    upstream: dataset.producers.map { LineageEdge(.producedBy, jobID($0.job), line: $0.line) },
                    patients: single(dataset.fields, "patients", node: id).flatMap { Int($0) },
                    dateRange: single(dataset.fields, "date_range", node: id),
                    license: single(dataset.fields, "license", node: id), pii: pii,
                    dataProducts: dataset.dataProducts, artifact: isArtifact ? artifactName : nil, uri: uri,
                    digest: single(dataset.fields, "digest", node: id),
                    description: single(dataset.fields, "description", node: id),
                    line: dataset.line)
                node.columns = dataset.columnOrder.map { column in
                    let statements = dataset.columns[column]
                    return LineageColumn(
                        name: column, pii: single(statements, "pii (column \(column))", node: id),
                        line: statements?.first?.line)
                }
                node.facets = dataset.facets
                nodes.append(node)
            }
        }
        LineageReader.defaultStages(&nodes)
        return LineageGraph(file: file, format: .openLineage, nodes: nodes, conflicts: conflicts, remarks: remarks)
    }
}
