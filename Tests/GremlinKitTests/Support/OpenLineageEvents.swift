// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// OpenLineage run events shaped like the specification's examples: `eventTime`, `producer`,
/// `schemaURL`, a `run.runId`, a `job`, `inputs`/`outputs`, and facets carrying `_producer` and
/// `_schemaURL`. One JSON object a line, keys sorted (deterministic files).
enum OpenLineageEvents {
    static let producer = "https://github.com/OpenLineage/OpenLineage/tree/1.30.0/client/python"

    /// A facet: its fields plus `_producer` and the `_schemaURL` of `schema` (e.g. `TagsDatasetFacet`).
    static func facet(_ schema: String, _ fields: [String: Any]) -> [String: Any] {
        var facet = fields
        facet["_producer"] = producer
        facet["_schemaURL"] = "https://openlineage.io/spec/facets/1-0-0/\(schema).json#/$defs/\(schema)"
        return facet
    }

    /// A `tags` dataset facet; each tag is `key`, `value` and optional `source` and `field`.
    static func tags(_ tags: [[String: Any]]) -> [String: Any] {
        facet("TagsDatasetFacet", ["tags": tags])
    }

    /// A tag from Gremlin.
    static func gremlin(_ key: String, _ value: String, field: String? = nil) -> [String: Any] {
        var tag: [String: Any] = ["key": key, "value": value, "source": "gremlin"]
        if let field { tag["field"] = field }
        return tag
    }

    /// A `sourceCodeLocation` job facet.
    static func sourceCode(
        url: String, repoUrl: String? = nil, version: String?, path: String? = nil, branch: String? = nil
    ) -> [String: Any] {
        var fields: [String: Any] = ["type": "git", "url": url]
        if let repoUrl { fields["repoUrl"] = repoUrl }
        if let version { fields["version"] = version }
        if let path { fields["path"] = path }
        if let branch { fields["branch"] = branch }
        return facet("SourceCodeLocationJobFacet", fields)
    }

    static func dataset(_ namespace: String, _ name: String, facets: [String: Any] = [:]) -> [String: Any] {
        ["namespace": namespace, "name": name, "facets": facets]
    }

    /// One event as a JSON line. `type` nil with `run` nil is a JobEvent (static lineage).
    static func event(
        _ type: String?, run: String?, job: String, jobFacets: [String: Any] = [:],
        inputs: [[String: Any]] = [], outputs: [[String: Any]] = [], time: String = "2025-03-01T10:00:00.000Z"
    ) -> String {
        var event: [String: Any] = [
            "eventTime": time, "producer": producer,
            "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/"
                + (run == nil && type == nil ? "JobEvent" : "RunEvent"),
            "job": ["namespace": "clinical-ml", "name": job, "facets": jobFacets],
            "inputs": inputs, "outputs": outputs,
        ]
        if let type { event["eventType"] = type }
        if let run { event["run"] = ["runId": run, "facets": [String: Any]()] }
        let data =
            (try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Lines joined into a file.
    static func file(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }
}
