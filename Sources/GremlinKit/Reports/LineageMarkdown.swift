// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The data-lineage section of `audit.md`: a table (source, derived from, PII status with
/// certifier, licence) and a Mermaid flowchart of the graph, raw data on the left.
public enum LineageMarkdown {
    /// The Markdown fragment the `lineage` check contributes to `audit.md`.
    public static func fragment(_ graph: LineageGraph) -> String {
        var lines = ["**Data lineage** (\(GovernanceMarkdown.code(graph.file)), \(graph.format.rawValue))", ""]
        lines += table(graph)
        lines += ["", "```mermaid"] + mermaid(graph) + ["```"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per node in file order.
    public static func table(_ graph: LineageGraph) -> [String] {
        var lines = ["| Node | Kind | Stage | Derived from | PII status | License | Patients |",
                     "| --- | --- | --- | --- | --- | --- | --- |"]
        for node in graph.nodes {
            let sources = node.upstream.map { edge in
                GovernanceMarkdown.code(edge.target, inTable: true) + (graph.node(edge.target) == nil ? " (missing)" : "")
            }
            var cells = [GovernanceMarkdown.code(node.id, inTable: true), node.kind.rawValue,
                         GovernanceMarkdown.cell(node.stage ?? "—"),
                         sources.isEmpty ? "—" : sources.joined(separator: ", ")]
            switch node.kind {
            case .dataset:
                cells.append(GovernanceMarkdown.cell(piiText(node.pii)))
            case .run:
                let commit = node.code?.commit.map { "commit " + $0 } ?? "no commit"
                cells.append(GovernanceMarkdown.cell(commit))
            case .artifact:
                cells.append(GovernanceMarkdown.cell(node.artifact.map { "stands for " + $0 } ?? "—"))
            }
            cells.append(GovernanceMarkdown.cell(node.license ?? "—"))
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
        let flagged = graph.nodes.filter { $0.kind == .dataset && !["scrubbed", "none"].contains($0.pii?.status ?? "") }
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
        for character in GovernanceMarkdown.singleLine(raw) {
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

/// Markdown escaping for the governance fragments and the model card: untrusted text renders as
/// text (no links, emphasis or HTML) and stays on one line.
enum GovernanceMarkdown {
    /// Inline text or a table cell.
    static func cell(_ raw: String) -> String {
        var result = ""
        for scalar in singleLine(raw).unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!":
                result += "\\" + String(scalar)
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A code span, fenced with more backticks than it contains; `|` escaped inside tables.
    static func code(_ raw: String, inTable: Bool = false) -> String {
        var content = singleLine(raw)
        if inTable { content = content.replacingOccurrences(of: "|", with: "\\|") }
        var longest = 0, run = 0
        for character in content {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = content.isEmpty || content.hasPrefix("`") || content.hasSuffix("`") ? " \(content) " : content
        return fence + padded + fence
    }

    /// One line without control characters.
    static func singleLine(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D, 0x2028, 0x2029: scalars.append(" ")
            case 0x00...0x1F, 0x7F...0x9F: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
