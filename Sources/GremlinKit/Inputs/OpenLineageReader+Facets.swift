// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension OpenLineageReader {
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
