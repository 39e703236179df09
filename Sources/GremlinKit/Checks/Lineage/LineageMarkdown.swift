// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The data-lineage section of `audit.md`: a table (source, derived from, PII status with
/// certifier, licence) and a Mermaid flowchart of the graph, raw data on the left.
public enum LineageMarkdown {
    /// The Markdown fragment the `lineage` check contributes to `audit.md`.
    public static func fragment(_ graph: LineageGraph) -> String {
        var lines = ["**Data lineage** (\(MarkdownEscaper.code(graph.file)), \(graph.format.rawValue))", ""]
        lines += table(graph)
        let details = facetLines(graph.nodes)
        if !details.isEmpty { lines += ["", "What the events' facets say:", ""] + details }
        lines += ["", "```mermaid"] + mermaid(graph) + ["```"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per node in file order.
    public static func table(_ graph: LineageGraph) -> [String] {
        var lines = [
            "| Node | Kind | Stage | Derived from | PII status | License | Patients |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for node in graph.nodes {
            let sources = node.upstream.map { edge in
                MarkdownEscaper.code(edge.target, inTable: true) + (graph.node(edge.target) == nil ? " (missing)" : "")
            }
            var cells = [
                MarkdownEscaper.code(node.id, inTable: true), node.kind.rawValue,
                MarkdownEscaper.text(node.stage ?? "—"),
                sources.isEmpty ? "—" : sources.joined(separator: ", "),
            ]
            switch node.kind {
            case .dataset:
                cells.append(MarkdownEscaper.text(piiText(node.pii)))
            case .run:
                let commit = node.code?.commit.map { "commit " + $0 } ?? "no commit"
                cells.append(MarkdownEscaper.text(commit))
            case .artifact:
                cells.append(MarkdownEscaper.text(node.artifact.map { "stands for " + $0 } ?? "—"))
            }
            cells.append(MarkdownEscaper.text(node.license ?? "—"))
            cells.append(node.patients.map(String.init) ?? "—")
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    /// `scrubbed (certified by X on D)`, `present`, `not stated`.
    public static func piiText(_ pii: PIIRecord?) -> String {
        guard let pii, let status = pii.status else { return "not stated" }
        var text = status
        if let certifier = pii.certifiedBy {
            text += " (certified by \(certifier)"
            if let date = pii.certifiedOn { text += " on \(date)" }
            text += ")"
        } else if status == "scrubbed" {
            text += " (no certifier)"
        }
        return text
    }

    /// Mermaid `flowchart LR` lines: edges run from upstream to downstream; missing nodes dashed.
    public static func mermaid(_ graph: LineageGraph) -> [String] {
        var lines = ["flowchart LR"]
        var names: [String: String] = [:]
        for (index, node) in graph.nodes.enumerated() { names[node.id] = "n\(index)" }
        var missing: [String] = []
        for node in graph.nodes {
            for edge in node.upstream where names[edge.target] == nil && !missing.contains(edge.target) {
                missing.append(edge.target)
            }
        }
        for (index, id) in missing.enumerated() { names[id] = "m\(index)" }

        for node in graph.nodes {
            let name = names[node.id] ?? "n"
            var label = node.id
            if let stage = node.stage { label += " · " + stage }
            if node.kind == .dataset { label += " · PII " + (node.pii?.status ?? "not stated") }
            if node.kind == .run, let commit = node.code?.commit { label += " · " + String(commit.prefix(12)) }
            let text = "\"" + mermaidText(label) + "\""
            switch node.kind {
            case .dataset: lines.append("  \(name)[(\(text))]")
            case .run: lines.append("  \(name)([\(text)])")
            case .artifact: lines.append("  \(name){{\(text)}}")
            }
        }
        for id in missing {
            lines.append("  \(names[id] ?? "m")[\"\(mermaidText(id)) · missing\"]")
        }
        for node in graph.nodes {
            for edge in node.upstream {
                lines.append("  \(names[edge.target] ?? "m") --> \(names[node.id] ?? "n")")
            }
        }
        let flagged = graph.nodes.filter {
            $0.kind == .dataset && !["scrubbed", "none"].contains($0.pii?.status ?? "")
        }
        if !flagged.isEmpty {
            lines.append("  classDef pii fill:#fde2e1,stroke:#c0392b")
            lines.append("  class \(flagged.compactMap { names[$0.id] }.joined(separator: ",")) pii")
        }
        if !missing.isEmpty {
            lines.append("  classDef missing stroke-dasharray: 5 5")
            lines.append("  class \(missing.compactMap { names[$0] }.joined(separator: ",")) missing")
        }
        return lines
    }

    /// Text safe inside a quoted Mermaid label: quotes and angle brackets become entities.
    static func mermaidText(_ raw: String) -> String {
        var result = ""
        for character in MarkdownEscaper.singleLine(raw) {
            switch character {
            case "\"": result += "#quot;"
            case "<": result += "#lt;"
            case ">": result += "#gt;"
            case "#": result += "#35;"
            case "`": result += "#96;"
            default: result.append(character)
            }
        }
        return result
    }
}
