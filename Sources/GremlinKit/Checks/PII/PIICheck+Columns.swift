// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension PIICheck.Walk {
    /// Column-level PII tags (OpenLineage tags with a `field`) of a dataset the walk judges. A
    /// column neither clears nor taints its dataset: each column whose status is not allowed
    /// (or is `unknown`, or stated differently by two events) is its own finding, naming the
    /// dataset and the column.
    mutating func judgeColumns(of node: LineageNode, allowed: Set<String>, route: () -> [String]) {
        for column in node.columns {
            let effective = column.pii ?? "unknown"
            guard effective == "unknown" || !allowed.contains(effective) else { continue }
            let path = route()
            let stated =
                column.pii.map { "is tagged `pii: \($0)`" } ?? "has conflicting PII tags, so it counts as unknown"
            rows.append(("\(node.id) · column \(column.name)", column.pii ?? "conflicting", nil, effective, false))
            violations.append(
                PIICheck.Violation(
                    dataset: node.id,
                    message:
                        "dataset \(node.id): column `\(InputExcerpt.short(column.name))` \(stated) "
                        + "(allowed: \(allowed.sorted().joined(separator: ", "))) and reaches the model with no "
                        + "trusted scrub in between: \(path.joined(separator: " ← "))",
                    line: column.line ?? node.line, path: path, rule: "pii.column"))
        }
    }
}
