// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Reads OpenLineage run events (one JSON object a line) into a `LineageGraph`.
///
/// The mapping (docs/lineage-mapping.md): datasets are joined by namespace + name; the `tags`
/// dataset facet carries `stage`, `pii`, `pii_certified_by`, `pii_certified_on`, `license`,
/// `patients`, `date_range`, `data_product` and `artifact` — counted only from a trusted source
/// (`gremlin`, or one the policy's `tag_sources` lists), per column when the tag names a `field`;
/// a job becomes a run node whose commit is `sourceCodeLocation.version` and whose repository
/// is `repoUrl`; only a run with a `COMPLETE` event contributes edges; an output's
/// `version.datasetVersion` is its digest; a job whose outputs include the artifact is a
/// `training` run, any other a `transform` run. `documentation`, `ownership`, `dataSource` and
/// `schema` facets are kept for the report and the model card.
enum OpenLineageReader {
    struct Key: Hashable {
        var namespace: String
        var name: String
    }

    /// One value of one field as the events state it, with the first line that said so.
    struct Statement {
        var value: String
        var line: Int
    }

    struct Dataset {
        var key: Key
        var line: Int
        var fields: [String: [Statement]] = [:]
        var dataProducts: [String] = []
        var producers: [(job: Key, line: Int)] = []
        /// Column name → its `pii` statements; column names in the order first tagged.
        var columns: [String: [Statement]] = [:]
        var columnOrder: [String] = []
        var facets = LineageFacets()

        mutating func state(_ field: String, _ value: String, line: Int) {
            if !(fields[field]?.contains { $0.value == value } ?? false) {
                fields[field, default: []].append(Statement(value: value, line: line))
            }
        }

        mutating func state(column: String, pii value: String, line: Int) {
            if columns[column] == nil { columnOrder.append(column) }
            if !(columns[column]?.contains { $0.value == value } ?? false) {
                columns[column, default: []].append(Statement(value: value, line: line))
            }
        }
    }

    struct Job {
        var key: Key
        var line: Int
        var inputs: [(dataset: Key, line: Int)] = []
        var outputs: [Key] = []
        var fields: [String: [Statement]] = [:]
        var facets = LineageFacets()

        mutating func state(_ field: String, _ value: String, line: Int) {
            if !(fields[field]?.contains { $0.value == value } ?? false) {
                fields[field, default: []].append(Statement(value: value, line: line))
            }
        }
    }

    /// An error in one event: collected so the user sees every bad line at once.
    struct Problem: Error {
        var key: String?
        var message: String
        var fix: String?
    }

    /// How each run ended, from its terminal events.
    struct Outcomes {
        var completed = Set<String>()
        var failed = Set<String>()
        /// Each run's terminal events: a run that both completed and failed is a contradiction.
        var terminal: [String: (states: Set<String>, line: Int, job: Key?)] = [:]

        init(_ events: [(line: Int, object: [String: Any])]) {
            for (line, event) in events {
                guard let type = (event["eventType"] as? String)?.uppercased(),
                    let runID = (event["run"] as? [String: Any])?["runId"] as? String
                else { continue }
                if type == "COMPLETE" { completed.insert(runID) }
                if ["FAIL", "ABORT"].contains(type) { failed.insert(runID) }
                guard ["COMPLETE", "FAIL", "ABORT"].contains(type) else { continue }
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

        /// Whether an event of this run may contribute jobs and edges: the run completed and
        /// neither failed nor was aborted.
        func counts(_ runID: String?) -> Bool {
            guard let runID else { return false }
            return completed.contains(runID) && !failed.contains(runID)
        }
    }

    static func parse(
        _ data: Data, file: String, artifacts: [Manifest.Artifact], tagSources: [String] = []
    ) throws -> LineageGraph {
        var (events, errors) = lines(data, file: file)
        let outcomes = Outcomes(events)
        var reading = TagReading(trusted: tagSources)

        var datasets: [Key: Dataset] = [:]
        var jobs: [Key: Job] = [:]
        var order: [(isJob: Bool, key: Key, line: Int)] = []
        var failedEvents = 0
        var incompleteRuns = Set<String>()
        var runlessEvents = 0

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
            for tag in try tags(facets, path: "\(path).facets.tags", node: name, reading: &reading) {
                try apply(tag, to: &entry, line: line, path: path, reading: &reading)
            }
            if let version = try optionalObject(facets?["version"], key: "\(path).facets.version") {
                guard let text = version["datasetVersion"] as? String else {
                    throw Problem(key: "\(path).facets.version.datasetVersion", message: "expected a string")
                }
                entry.state("digest", text, line: line)
            }
            describe(facets, into: &entry.facets, node: name, reading: &reading)
            datasets[key] = entry
            return key
        }

        for (line, event) in events {
            do {
                let run = try optionalObject(event["run"], key: "run")
                let runID = run?["runId"] as? String
                let counts = outcomes.counts(runID)
                if !counts {
                    if let runID, outcomes.failed.contains(runID) {
                        failedEvents += 1
                    } else if let runID {
                        incompleteRuns.insert(runID)
                    } else {
                        runlessEvents += 1
                    }
                }
                var jobKey: Key?
                if let job = try optionalObject(event["job"], key: "job") {
                    guard let namespace = job["namespace"] as? String, let name = job["name"] as? String, !name.isEmpty
                    else {
                        throw Problem(key: "job", message: "a job needs string `namespace` and `name`")
                    }
                    let key = Key(namespace: namespace, name: name)
                    if counts {
                        jobKey = key
                        var entry = jobs[key] ?? Job(key: key, line: line)
                        try readJob(job, into: &entry, line: line, reading: &reading)
                        jobs[key] = entry
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

        var remarks: [String] = []
        if failedEvents > 0 {
            remarks.append(
                "ignored the edges of \(failedEvents) event(s) of failed or aborted runs "
                    + "(\(outcomes.failed.sorted().map { InputExcerpt.short($0) }.joined(separator: ", ")))")
        }
        if !incompleteRuns.isEmpty {
            let listed = incompleteRuns.sorted().prefix(10).map { InputExcerpt.short($0) }
            remarks.append(
                "ignored the jobs and edges of \(incompleteRuns.count) run(s) with no COMPLETE event "
                    + "(\(listed.joined(separator: ", "))\(incompleteRuns.count > 10 ? ", …" : "")): "
                    + "a run counts once it completed")
        }
        if runlessEvents > 0 {
            remarks.append(
                "\(runlessEvents) event(s) name no run (`run.runId`): their datasets are read, "
                    + "their jobs and edges are not (only a completed run produces anything)")
        }
        remarks += reading.remarks
        return build(
            file: file, order: order, datasets: datasets, jobs: jobs, outcomes: outcomes, artifacts: artifacts,
            remarks: remarks)
    }

    /// Splits the file into JSON objects, one a line; blank lines are skipped.
    private static func lines(_ data: Data, file: String) -> ([(line: Int, object: [String: Any])], [InputError]) {
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
        return (events, errors)
    }

    /// A completed run's job facets: code location, stage tag, documentation, ownership.
    private static func readJob(
        _ job: [String: Any], into entry: inout Job, line: Int, reading: inout TagReading
    ) throws {
        let facets = try optionalObject(job["facets"], key: "job.facets")
        if let source = try optionalObject(facets?["sourceCodeLocation"], key: "job.facets.sourceCodeLocation") {
            if let version = source["version"] {
                guard let text = version as? String else {
                    throw Problem(key: "job.facets.sourceCodeLocation.version", message: "expected a string")
                }
                entry.state("commit", text, line: line)
            }
            if let url = source["url"] as? String { entry.state("url", redactedURI(url), line: line) }
            if let repo = source["repoUrl"] as? String { entry.state("repo", redactedURI(repo), line: line) }
        }
        let name = entry.key.name
        for tag in try tags(facets, path: "job.facets.tags", node: name, reading: &reading) {
            guard tag.key == "stage", tag.field == nil else {
                reading.misplaced(tag, node: name)
                continue
            }
            entry.state("stage", tag.value, line: line)
        }
        describe(facets, into: &entry.facets, node: name, reading: &reading)
    }

    static func optionalObject(_ raw: Any?, key: String) throws -> [String: Any]? {
        guard let raw, !(raw is NSNull) else { return nil }
        guard let object = raw as? [String: Any] else { throw Problem(key: key, message: "expected an object") }
        return object
    }
}
