// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Reads OpenLineage run events (one JSON object a line) into a `LineageGraph`.
///
/// The mapping (docs/lineage-mapping.md): datasets are joined by namespace + name; the `tags`
/// dataset facet carries `stage`, `pii`, `pii_certified_by`, `pii_certified_on`, `license`,
/// `patients`, `date_range`, `data_product` and `artifact`; a job becomes a run node whose
/// commit is `sourceCodeLocation.version`; an output's `version.datasetVersion` is its digest;
/// a job whose outputs include the artifact is a `training` run, any other a `transform` run.
enum OpenLineageReader {
    /// Tag keys Gremlin reads from the `tags` facet.
    static let tagKeys = [
        "stage", "pii", "pii_certified_by", "pii_certified_on", "license", "patients", "date_range",
        "data_product", "artifact", "description",
    ]

    private struct Key: Hashable {
        var namespace: String
        var name: String
    }

    /// One value of one field as the events state it, with the first line that said so.
    private struct Statement {
        var value: String
        var line: Int
    }

    private struct Dataset {
        var key: Key
        var line: Int
        var fields: [String: [Statement]] = [:]
        var dataProducts: [String] = []
        var producers: [(job: Key, line: Int)] = []

        mutating func state(_ field: String, _ value: String, line: Int) {
            if !(fields[field]?.contains { $0.value == value } ?? false) {
                fields[field, default: []].append(Statement(value: value, line: line))
            }
        }
    }

    private struct Job {
        var key: Key
        var line: Int
        var inputs: [(dataset: Key, line: Int)] = []
        var outputs: [Key] = []
        var fields: [String: [Statement]] = [:]

        mutating func state(_ field: String, _ value: String, line: Int) {
            if !(fields[field]?.contains { $0.value == value } ?? false) {
                fields[field, default: []].append(Statement(value: value, line: line))
            }
        }
    }

    /// An error in one event: collected so the user sees every bad line at once.
    private struct Problem: Error {
        var key: String?
        var message: String
        var fix: String?
    }

    static func parse(_ data: Data, file: String, artifacts: [Manifest.Artifact]) throws -> LineageGraph {
        var errors: [InputError] = []
        var events: [(line: Int, object: [String: Any])] = []
        var lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            lineNumber += 1
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            let slice = data[start..<end]
            start = end < data.endIndex ? data.index(after: end) : end
            let blank = slice.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if blank { continue }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(slice), options: [])
            } catch {
                errors.append(
                    InputError(
                        file: file, line: lineNumber,
                        message: "line \(lineNumber) is not valid JSON",
                        fix: "an OpenLineage file holds one JSON run event per line"))
                continue
            }
            guard let event = object as? [String: Any] else {
                errors.append(
                    InputError(
                        file: file, line: lineNumber, message: "line \(lineNumber) is not a JSON object",
                        fix: "an OpenLineage file holds one JSON run event per line"))
                continue
            }
            events.append((lineNumber, event))
            if errors.count >= 50 { break }
        }
        if events.isEmpty && errors.isEmpty {
            errors.append(
                InputError(
                    file: file, message: "the OpenLineage file holds no events",
                    fix: "write one JSON run event per line"))
        }

        // Runs that failed or were aborted produced nothing trustworthy.
        var failedRuns = Set<String>()
        // Each run's terminal events: a run that both completed and failed is a contradiction.
        var terminal: [String: (states: Set<String>, line: Int, job: Key?)] = [:]
        for (line, event) in events {
            guard let type = (event["eventType"] as? String)?.uppercased(),
                let runID = (event["run"] as? [String: Any])?["runId"] as? String
            else { continue }
            if ["FAIL", "ABORT"].contains(type) { failedRuns.insert(runID) }
            if ["COMPLETE", "FAIL", "ABORT"].contains(type) {
                let job = (event["job"] as? [String: Any]).flatMap { job -> Key? in
                    guard let namespace = job["namespace"] as? String, let name = job["name"] as? String else {
                        return nil
                    }
                    return Key(namespace: namespace, name: name)
                }
                var entry = terminal[runID] ?? ([], line, job)
                entry.states.insert(type)
                entry.job = entry.job ?? job
                terminal[runID] = entry
            }
        }

        var datasets: [Key: Dataset] = [:]
        var jobs: [Key: Job] = [:]
        var order: [(isJob: Bool, key: Key, line: Int)] = []
        var ignored = 0

        func dataset(_ raw: Any, line: Int, path: String) throws -> Key {
            guard let object = raw as? [String: Any] else {
                throw Problem(key: path, message: "expected a dataset object")
            }
            guard let namespace = object["namespace"] as? String, let name = object["name"] as? String, !name.isEmpty
            else {
                throw Problem(key: path, message: "a dataset needs string `namespace` and `name`")
            }
            let key = Key(namespace: namespace, name: name)
            if datasets[key] == nil {
                datasets[key] = Dataset(key: key, line: line)
                order.append((false, key, line))
            }
            var entry = datasets[key] ?? Dataset(key: key, line: line)
            let facets = try optionalObject(object["facets"], key: "\(path).facets")
            for (tag, value) in try tags(facets, path: "\(path).facets.tags") {
                try apply(tag: tag, value: value, to: &entry, line: line, path: path)
            }
            if let version = try optionalObject(facets?["version"], key: "\(path).facets.version") {
                guard let text = version["datasetVersion"] as? String else {
                    throw Problem(key: "\(path).facets.version.datasetVersion", message: "expected a string")
                }
                entry.state("digest", text, line: line)
            }
            datasets[key] = entry
            return key
        }

        for (line, event) in events {
            do {
                let runID = try optionalObject(event["run"], key: "run")?["runId"] as? String
                let failed = runID.map(failedRuns.contains) ?? false
                if failed { ignored += 1 }
                var jobKey: Key?
                if let job = try optionalObject(event["job"], key: "job") {
                    guard let namespace = job["namespace"] as? String, let name = job["name"] as? String, !name.isEmpty
                    else {
                        throw Problem(key: "job", message: "a job needs string `namespace` and `name`")
                    }
                    let key = Key(namespace: namespace, name: name)
                    if !failed {
                        jobKey = key
                        if jobs[key] == nil { jobs[key] = Job(key: key, line: line) }
                        let facets = try optionalObject(job["facets"], key: "job.facets")
                        if let source = try optionalObject(
                            facets?["sourceCodeLocation"], key: "job.facets.sourceCodeLocation")
                        {
                            if let version = source["version"] {
                                guard let text = version as? String else {
                                    throw Problem(
                                        key: "job.facets.sourceCodeLocation.version", message: "expected a string")
                                }
                                jobs[key]?.state("commit", text, line: line)
                            }
                            if let url = source["url"] as? String { jobs[key]?.state("url", url, line: line) }
                        }
                        for (tag, value) in try tags(facets, path: "job.facets.tags") where tag == "stage" {
                            jobs[key]?.state("stage", value, line: line)
                        }
                    }
                }
                // Inputs, then the job, then outputs: nodes are listed in the order data flows.
                for (field, isInput) in [("inputs", true), ("outputs", false)] {
                    if !isInput, let jobKey, !order.contains(where: { $0.isJob && $0.key == jobKey }) {
                        order.append((true, jobKey, line))
                    }
                    guard let raw = event[field] else { continue }
                    guard let list = raw as? [Any] else { throw Problem(key: field, message: "expected a list") }
                    for (position, item) in list.enumerated() {
                        let key = try dataset(item, line: line, path: "\(field)[\(position)]")
                        guard let jobKey else { continue }
                        if isInput {
                            if !(jobs[jobKey]?.inputs.contains { $0.dataset == key } ?? true) {
                                jobs[jobKey]?.inputs.append((key, line))
                            }
                        } else {
                            if !(jobs[jobKey]?.outputs.contains(key) ?? true) { jobs[jobKey]?.outputs.append(key) }
                            if !(datasets[key]?.producers.contains { $0.job == jobKey } ?? true) {
                                datasets[key]?.producers.append((jobKey, line))
                            }
                        }
                    }
                }
            } catch let problem as Problem {
                errors.append(
                    InputError(
                        file: file, line: line, key: problem.key, message: problem.message,
                        fix: problem.fix ?? "see docs/lineage-mapping.md for the fields Gremlin reads"))
            }
        }
        if let first = errors.first { throw InputErrors(errors, first: first) }

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
        for (runID, entry) in terminal.sorted(by: { $0.value.line < $1.value.line })
        where entry.states.contains("COMPLETE") && entry.states.count > 1 {
            conflicts.append(
                LineageConflict(
                    node: entry.job.map(jobID) ?? runID, key: "run \(InputExcerpt.short(runID)) outcome",
                    values: entry.states.sorted(), line: entry.line))
        }
        func single(_ fields: [String: [Statement]], _ field: String, node: String) -> String? {
            guard let statements = fields[field], let first = statements.first else { return nil }
            if statements.count > 1 {
                conflicts.append(
                    LineageConflict(node: node, key: field, values: statements.map(\.value), line: first.line))
                return nil
            }
            return first.value
        }

        var nodes: [LineageNode] = []
        for entry in order {
            if entry.isJob, let job = jobs[entry.key] {
                let id = jobID(job.key)
                let url = single(job.fields, "url", node: id)
                let commit = single(job.fields, "commit", node: id)
                var repo = url.map { URL(fileURLWithPath: $0).lastPathComponent }
                if let name = repo, name.hasSuffix(".git") { repo = String(name.dropLast(4)) }
                nodes.append(
                    LineageNode(
                        id: id, kind: .run, stage: single(job.fields, "stage", node: id),
                        upstream: job.inputs.map { LineageEdge(.input, datasetID($0.dataset), line: $0.line) },
                        code: commit == nil && url == nil ? nil : CodeReference(repo: repo, commit: commit, url: url),
                        line: job.line))
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
                nodes.append(
                    LineageNode(
                        id: id, kind: isArtifact ? .artifact : .dataset, stage: stage,
                        upstream: dataset.producers.map { LineageEdge(.producedBy, jobID($0.job), line: $0.line) },
                        patients: single(dataset.fields, "patients", node: id).flatMap { Int($0) },
                        dateRange: single(dataset.fields, "date_range", node: id),
                        license: single(dataset.fields, "license", node: id), pii: pii,
                        dataProducts: dataset.dataProducts, artifact: isArtifact ? artifactName : nil, uri: uri,
                        digest: single(dataset.fields, "digest", node: id),
                        description: single(dataset.fields, "description", node: id), line: dataset.line))
            }
        }
        LineageReader.defaultStages(&nodes)
        var remarks: [String] = []
        if ignored > 0 {
            remarks.append(
                "ignored the edges of \(ignored) event(s) of failed or aborted runs "
                    + "(\(failedRuns.sorted().joined(separator: ", ")))")
        }
        return LineageGraph(file: file, format: .openLineage, nodes: nodes, conflicts: conflicts, remarks: remarks)
    }

    private static func optionalObject(_ raw: Any?, key: String) throws -> [String: Any]? {
        guard let raw, !(raw is NSNull) else { return nil }
        guard let object = raw as? [String: Any] else { throw Problem(key: key, message: "expected an object") }
        return object
    }

    /// The `tags` facet as (key, value) pairs, in order; tags whose source is not Gremlin and
    /// whose key Gremlin does not read are skipped (other tools tag datasets too).
    private static func tags(_ facets: [String: Any]?, path: String) throws -> [(String, String)] {
        guard let facet = try optionalObject(facets?["tags"], key: path) else { return [] }
        guard let list = facet["tags"] as? [Any] else {
            throw Problem(key: "\(path).tags", message: "expected a list of {key, value} tags")
        }
        var result: [(String, String)] = []
        for (position, raw) in list.enumerated() {
            guard let tag = raw as? [String: Any], let key = tag["key"] as? String else {
                throw Problem(key: "\(path).tags[\(position)]", message: "a tag needs a string `key`")
            }
            guard let value = tag["value"] as? String else {
                throw Problem(
                    key: "\(path).tags[\(position)].value",
                    message: "tag `\(InputExcerpt.short(key))` needs a string value",
                    fix: "write numbers as strings too (\"value\": \"1365\")")
            }
            if tagKeys.contains(key) {
                result.append((key, value))
            } else if (tag["source"] as? String)?.lowercased() == "gremlin" {
                let hint =
                    Suggest.nearest(key, in: tagKeys).map { "did you mean \($0)?" }
                    ?? "Gremlin reads: \(tagKeys.joined(separator: ", "))"
                throw Problem(
                    key: "\(path).tags[\(position)].key", message: "unknown Gremlin tag `\(InputExcerpt.short(key))`",
                    fix: hint)
            }
        }
        return result
    }

    private static func apply(tag: String, value: String, to dataset: inout Dataset, line: Int, path: String) throws {
        switch tag {
        case "pii":
            guard PIIRecord.statuses.contains(value) else {
                let hint = Suggest.nearest(value, in: PIIRecord.statuses).map { "did you mean \($0)?" }
                throw Problem(
                    key: "\(path).facets.tags.pii",
                    message:
                        "'\(InputExcerpt.short(value))' is not one of \(PIIRecord.statuses.joined(separator: ", "))",
                    fix: hint)
            }
        case "patients":
            guard let count = Int(value), count >= 0 else {
                throw Problem(
                    key: "\(path).facets.tags.patients",
                    message: "'\(InputExcerpt.short(value))' is not a patient count",
                    fix: "write a whole number such as \"1365\"")
            }
        case "data_product":
            if !dataset.dataProducts.contains(value) { dataset.dataProducts.append(value) }
            return
        default:
            break
        }
        dataset.state(tag, value, line: line)
    }
}
