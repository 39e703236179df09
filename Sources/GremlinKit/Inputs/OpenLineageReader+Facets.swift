// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension OpenLineageReader {
    /// Reads the descriptive facets of a dataset or job: `documentation` (its `description`),
    /// `ownership` (`owners[].name`/`type`), `dataSource` (`name`, `uri`) and `schema`
    /// (`fields[].name`). They are shown, never judged: a facet of the wrong shape is left out
    /// with a note, and a later event's facet replaces an earlier one (facets describe the
    /// current state).
    static func describe(
        _ facets: [String: Any]?, into info: inout LineageFacets, node: String, reading: inout TagReading
    ) {
        guard let facets else { return }
        func present(_ name: String) -> Any? {
            guard let raw = facets[name], !(raw is NSNull) else { return nil }
            return raw
        }
        if let raw = present("documentation") {
            if let text = (raw as? [String: Any])?["description"] as? String {
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { info.documentation = trimmed }
            } else {
                reading.malformed("documentation", node: node)
            }
        }
        if let raw = present("ownership") {
            if let owners = (raw as? [String: Any])?["owners"] as? [Any] {
                var list: [LineageFacets.Owner] = []
                for item in owners {
                    guard let owner = item as? [String: Any], let name = owner["name"] as? String, !name.isEmpty
                    else {
                        reading.malformed("ownership", node: node)
                        continue
                    }
                    list.append(LineageFacets.Owner(name: name, type: owner["type"] as? String))
                }
                info.owners = list
            } else {
                reading.malformed("ownership", node: node)
            }
        }
        if let raw = present("dataSource") {
            let source = raw as? [String: Any]
            let name = source?["name"] as? String
            let uri = source?["uri"] as? String
            if name == nil && uri == nil {
                reading.malformed("dataSource", node: node)
            } else {
                info.sourceName = name
                info.sourceURI = uri.map(redactedURI)
            }
        }
        if let raw = present("schema") {
            if let fields = (raw as? [String: Any])?["fields"] as? [Any] {
                var names: [String] = []
                for item in fields {
                    guard let field = item as? [String: Any], let name = field["name"] as? String else {
                        reading.malformed("schema", node: node)
                        continue
                    }
                    names.append(name)
                }
                info.schemaFields = names
            } else {
                reading.malformed("schema", node: node)
            }
        }
    }

    /// A URI fit to print: `user:password@` is removed from the authority, and the query,
    /// fragment and `;` parameters (where JDBC URIs carry credentials) are dropped.
    static func redactedURI(_ text: String) -> String {
        var value = text.trimmingCharacters(in: .whitespaces)
        let schemeEnd = value.range(of: "://")
        let searchFrom = schemeEnd?.upperBound ?? value.startIndex
        if let cut = value[searchFrom...].firstIndex(where: { $0 == "?" || $0 == "#" || $0 == ";" }) {
            value = String(value[..<cut])
        }
        guard let schemeEnd = value.range(of: "://") else { return value }
        let start = schemeEnd.upperBound
        let end = value[start...].firstIndex(of: "/") ?? value.endIndex
        if let at = value[start..<end].lastIndex(of: "@") {
            value = String(value[..<start]) + value[value.index(after: at)...]
        }
        return value
    }
}
