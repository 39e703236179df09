// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The descriptive OpenLineage facets (documentation, ownership, data source, schema) and
/// column-level PII tags, as report lines and JSON measurements.
extension LineageMarkdown {
    /// Schema field names listed before the rest are counted.
    static let listedFields = 8
    /// Characters of a documentation text shown.
    static let documentationLimit = 160

    /// Whether anything about the node's PII is flagged: then its column names are not listed.
    static func hasPIIFlag(_ node: LineageNode) -> Bool {
        ["present", "unknown"].contains(node.pii?.status ?? "")
            || node.columns.contains { $0.pii != "none" }
    }

    /// The facts shown for one node, each `label: text` (empty when it has none).
    static func facetParts(_ node: LineageNode) -> [(label: String, text: String)] {
        var parts: [(String, String)] = []
        let facets = node.facets
        if let documentation = facets.documentation {
            let line = MarkdownEscaper.singleLine(documentation)
            parts.append(
                ("about", line.count > documentationLimit ? String(line.prefix(documentationLimit)) + "…" : line))
        }
        if !facets.owners.isEmpty {
            parts.append(
                (
                    "owners",
                    facets.owners.map { owner in owner.name + (owner.type.map { " (\($0))" } ?? "") }
                        .joined(separator: ", ")
                ))
        }
        if facets.sourceName != nil || facets.sourceURI != nil {
            let text =
                switch (facets.sourceName, facets.sourceURI) {
                case (let name?, let uri?): "\(name) (\(uri))"
                case (let name?, nil): name
                case (nil, let uri?): uri
                case (nil, nil): ""
                }
            parts.append(("source", text))
        }
        if let fields = facets.schemaFields {
            var text = "\(fields.count) field\(fields.count == 1 ? "" : "s")"
            if !fields.isEmpty, !hasPIIFlag(node) {
                text +=
                    " (" + fields.prefix(listedFields).joined(separator: ", ")
                    + (fields.count > listedFields ? ", …" : "") + ")"
            }
            parts.append(("schema", text))
        }
        if !node.columns.isEmpty {
            parts.append(
                (
                    "column PII",
                    node.columns.map { "\($0.name) \($0.pii ?? "conflicting")" }.joined(separator: ", ")
                ))
        }
        return parts
    }

    /// `- `node` — about: …; owners: …` lines for the nodes that have facets, in `nodes` order.
    static func facetLines(_ nodes: [LineageNode]) -> [String] {
        nodes.compactMap { node in
            let parts = facetParts(node)
            guard !parts.isEmpty else { return nil }
            let text = parts.map { "\($0.label): \($0.text)" }.joined(separator: "; ")
            return "- \(MarkdownEscaper.code(node.id)) — \(MarkdownEscaper.text(text))"
        }
    }

    /// Per node with facets or column tags: what they say, for `audit.json` (nil when none has any).
    static func facetsJSON(_ graph: LineageGraph) -> JSONValue? {
        var result: [String: JSONValue] = [:]
        for node in graph.nodes where !node.facets.isEmpty || !node.columns.isEmpty {
            var entry: [String: JSONValue] = [:]
            let facets = node.facets
            if let documentation = facets.documentation { entry["documentation"] = .string(documentation) }
            if !facets.owners.isEmpty {
                entry["owners"] = .array(
                    facets.owners.map { owner in
                        .object(["name": .string(owner.name), "type": owner.type.map(JSONValue.string) ?? .null])
                    })
            }
            if facets.sourceName != nil || facets.sourceURI != nil {
                entry["data_source"] = .object([
                    "name": facets.sourceName.map(JSONValue.string) ?? .null,
                    "uri": facets.sourceURI.map(JSONValue.string) ?? .null,
                ])
            }
            if let fields = facets.schemaFields {
                var schema: [String: JSONValue] = ["fields": .int(fields.count)]
                if !hasPIIFlag(node) { schema["names"] = .array(fields.map(JSONValue.string)) }
                entry["schema"] = .object(schema)
            }
            if !node.columns.isEmpty {
                var columns: [String: JSONValue] = [:]
                for column in node.columns where columns[column.name] == nil {
                    columns[column.name] = .object(["pii": column.pii.map(JSONValue.string) ?? .null])
                }
                entry["columns"] = .object(columns)
            }
            result[node.id] = .object(entry)
        }
        return result.isEmpty ? nil : .object(result)
    }
}
