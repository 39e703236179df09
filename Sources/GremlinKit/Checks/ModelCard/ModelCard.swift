// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The model card: every section rendered from the release evidence, as deterministic Markdown.
///
/// Sections: Overview, Training Data, Data Products Used, Performance Metrics, Limitations &
/// Bias, Lineage, Approval Chain. Same evidence, same bytes: no clock, sorted keys, fixed decimals.
public struct ModelCard: Sendable {
    /// The section titles, in order.
    public static let sections = [
        "Overview", "Training Data", "Data Products Used", "Performance Metrics",
        "Limitations & Bias", "Lineage", "Approval Chain",
    ]

    /// What the card is rendered from.
    public struct Evidence: Sendable {
        public var manifest: Manifest
        /// The audited commit, when rendered inside an audit.
        public var commit: String?
        public var graph: LineageGraph?
        /// Why there is no graph, when there is none.
        public var graphProblem: String?
        /// `performance` measurements (`candidate.<metric>.{value,ci}`, `baseline…`, `delta…`),
        /// or the same shape built from the manifest's metrics files.
        public var performance: JSONValue?
        /// Where the performance numbers came from, said under the table.
        public var performanceSource: String?
        /// `bias` measurements (`groups.<column>.<level>.{n,value,ci}`).
        public var bias: JSONValue?
        public var approvals: [ApprovalsCheck.Row]?

        public init(
            manifest: Manifest, commit: String? = nil, graph: LineageGraph? = nil, graphProblem: String? = nil,
            performance: JSONValue? = nil, performanceSource: String? = nil, bias: JSONValue? = nil,
            approvals: [ApprovalsCheck.Row]? = nil
        ) {
            self.manifest = manifest
            self.commit = commit
            self.graph = graph
            self.graphProblem = graphProblem
            self.performance = performance
            self.performanceSource = performanceSource
            self.bias = bias
            self.approvals = approvals
        }
    }

    /// The rendered Markdown.
    public var markdown: String
    /// Sections that had no evidence to render (they say so in the card).
    public var emptySections: [String]

    /// Renders the card.
    public static func render(_ evidence: Evidence) -> ModelCard {
        var renderer = Renderer(evidence: evidence)
        renderer.run()
        return ModelCard(markdown: renderer.lines.joined(separator: "\n") + "\n", emptySections: renderer.empty)
    }

    private struct Renderer {
        let evidence: Evidence
        var lines: [String] = []
        var empty: [String] = []

        var manifest: Manifest { evidence.manifest }
        var graph: LineageGraph? { evidence.graph }

        mutating func run() {
            let model = manifest.model
            lines += [
                "# Model card: \(text(model.name)) \(text(model.version))", "",
                "_Rendered by Gremlin from the release evidence (manifest, lineage, evaluation, approvals); "
                    + "regenerate it rather than editing it._", "",
            ]
            overview()
            trainingData()
            dataProducts()
            performance()
            limitations()
            lineage()
            approvalChain()
            while lines.last == "" { lines.removeLast() }
        }

        mutating func section(_ title: String) {
            lines += ["## \(title)", ""]
        }

        mutating func none(_ title: String, _ sentence: String) {
            empty.append(title)
            lines += ["_\(text(sentence))_", ""]
        }

        // MARK: Sections

        mutating func overview() {
            section("Overview")
            let fields = manifest.model.fields
            lines += ["| Field | Value |", "| --- | --- |"]
            let rows: [(String, String?)] = [
                ("Name", manifest.model.name), ("Version", manifest.model.version), ("Task", fields["task"]),
                ("Modality", fields["modality"]), ("Architecture", fields["architecture"]), ("Owner", fields["owner"]),
                ("Intended use", fields["intended_use"]), ("Audited commit", evidence.commit),
            ]
            for (label, value) in rows {
                lines.append("| \(label) | \(value.map(text) ?? "—") |")
            }
            if !manifest.artifacts.isEmpty {
                lines += ["", "| Artifact | URI | sha256 |", "| --- | --- | --- |"]
                for artifact in manifest.artifacts {
                    lines.append(
                        "| \(code(artifact.name)) | \(artifact.uri.map { code($0) } ?? "—") | "
                            + "\(artifact.sha256.map { code($0) } ?? "—") |")
                }
            }
            lines.append("")
        }

        /// The datasets the training run(s) read.
        mutating func trainingData() {
            section("Training Data")
            guard let graph else {
                return none("Training Data", "No lineage graph: \(evidence.graphProblem ?? "the manifest names none").")
            }
            var datasets: [LineageNode] = []
            var seen = Set<String>()
            for run in upstreamNodes(graph) where run.kind == .run && run.stage == "training" {
                for edge in run.upstream {
                    if let node = graph.node(edge.target), seen.insert(node.id).inserted { datasets.append(node) }
                }
            }
            guard !datasets.isEmpty else {
                return none("Training Data", "The lineage graph names no dataset read by a training run.")
            }
            lines += [
                "| Dataset | Stage | Patients | Date range | PII status | License |",
                "| --- | --- | --- | --- | --- | --- |",
            ]
            for node in datasets {
                lines.append(
                    "| \(code(node.id)) | \(text(node.stage ?? "—")) | \(node.patients.map(String.init) ?? "—") | "
                        + "\(text(node.dateRange ?? "—")) | \(text(LineageMarkdown.piiText(node.pii))) | "
                        + "\(text(node.license ?? "—")) |")
            }
            let raw = upstreamNodes(graph).filter { $0.kind == .dataset && $0.stage == "raw" }
            if !raw.isEmpty {
                lines += [
                    "",
                    "Raw sources: "
                        + raw.map { node in
                            var part = code(node.id)
                            if let patients = node.patients { part += " (\(patients) patients)" }
                            return part
                        }.joined(separator: ", ") + ".",
                ]
            }
            lines.append("")
        }

        mutating func dataProducts() {
            section("Data Products Used")
            guard let graph else {
                return none("Data Products Used", "No lineage graph, so no data products are known.")
            }
            var products: [String: [String]] = [:]
            for node in upstreamNodes(graph) {
                for product in node.dataProducts { products[product, default: []].append(node.id) }
            }
            guard !products.isEmpty else {
                return none("Data Products Used", "No dataset upstream of the artifact names a data product.")
            }
            for product in products.keys.sorted() {
                let via = (products[product] ?? []).sorted().map { code($0) }.joined(separator: ", ")
                lines.append("- \(code(product)) (via \(via))")
            }
            lines.append("")
        }

        mutating func performance() {
            section("Performance Metrics")
            guard let measurements = evidence.performance, let candidate = measurements["candidate"],
                case .object(let metrics) = candidate, !metrics.isEmpty
            else {
                return none(
                    "Performance Metrics",
                    "No performance evidence: the performance check did not run and the "
                        + "manifest gives no metrics files.")
            }
            let baseline = measurements["baseline"]
            let delta = measurements["delta"]
            let baselineName = manifest.evaluation?.baseline?.name ?? "baseline"
            let level = measurements["confidence"]?.doubleValue.map { "\(fixed($0 * 100, 0))% CI" } ?? "95% CI"
            lines += [
                "| Metric | Value | \(level) | vs. \(text(baselineName)) | Significance |",
                "| --- | --- | --- | --- | --- |",
            ]
            for key in ModelCard.orderedMetrics(Array(metrics.keys)) {
                guard let entry = metrics[key] else { continue }
                let value = ModelCard.number(entry)
                let interval = ModelCard.interval(entry["ci"])
                var versus = "—"
                if let base = baseline?[key].flatMap(ModelCard.number) {
                    versus = fixed(base, 3)
                    if let change = delta?[key], let difference = ModelCard.number(change) {
                        versus += "; Δ \(signed(difference, 3))"
                        if let ci = ModelCard.interval(change["ci"]) { versus += " \(ci)" }
                    } else if let value {
                        versus += "; Δ \(signed(value - base, 3))"
                    }
                }
                lines.append(
                    "| \(text(ModelCard.label(key))) | \(value.map { fixed($0, 3) } ?? "—") | \(interval ?? "—") | "
                        + "\(versus) | \(significance(key: key, entry: entry, delta: delta?[key])) |")
            }
            if let source = evidence.performanceSource { lines += ["", "_Source: \(text(source))._"] }
            lines.append("")
        }

        /// Hazard ratios: whether the CI excludes 1 (with the p-value); other metrics: whether the
        /// CI of the difference from the baseline excludes 0.
        func significance(key: String, entry: JSONValue, delta: JSONValue?) -> String {
            if key.hasPrefix("hazard_ratio") {
                var parts: [String] = []
                if let ci = ModelCard.bounds(entry["ci"]) {
                    parts.append(ci.0 > 1 || ci.1 < 1 ? "significant" : "not significant")
                }
                if let p = entry["p_value"]?.doubleValue { parts.append(pValue(p)) }
                return parts.isEmpty ? "—" : parts.joined(separator: ", ")
            }
            guard let delta else { return "—" }
            var parts: [String] = []
            if let ci = ModelCard.bounds(delta["ci"]) {
                parts.append(ci.0 > 0 || ci.1 < 0 ? "Δ significant" : "Δ not significant")
            }
            if let p = delta["p_value"]?.doubleValue { parts.append(pValue(p)) }
            return parts.isEmpty ? "—" : parts.joined(separator: ", ")
        }

        mutating func limitations() {
            section("Limitations & Bias")
            var hadContent = false
            if !manifest.limitations.isEmpty {
                hadContent = true
                for item in manifest.limitations { lines.append("- \(text(item))") }
                lines.append("")
            }
            if let groups = evidence.bias?["groups"], case .object(let columns) = groups, !columns.isEmpty {
                hadContent = true
                let metric = evidence.bias?["metric"]?.stringValue.map(ModelCard.label) ?? "Metric"
                let versus = columns.values.contains { column in
                    if case .object(let levels) = column {
                        return levels.values.contains { $0["vs_production"] != nil }
                    }
                    return false
                }
                lines += [
                    "| Group | Level | n | Events | \(text(metric)) | CI |\(versus ? " Δ vs production [CI] |" : "") O/E [CI] | Note |",
                    "| --- | --- | --- | --- | --- | --- |\(versus ? " --- |" : "") --- | --- |",
                ]
                if let overall = evidence.bias?["overall"], let value = ModelCard.number(overall) {
                    let n = overall["n"]?.doubleValue.map { fixed($0, 0) } ?? "—"
                    let events = overall["events"]?.doubleValue.map { fixed($0, 0) } ?? "—"
                    lines.append(
                        "| all | — | \(n) | \(events) | \(fixed(value, 3)) | \(ModelCard.interval(overall["ci"]) ?? "—") |"
                            + (versus ? " — |" : "") + " — | overall |"
                    )
                }
                for column in columns.keys.sorted() {
                    guard case .object(let levels)? = columns[column] else { continue }
                    for level in levels.keys.sorted() {
                        guard let entry = levels[level] else { continue }
                        let n = entry["n"]?.doubleValue.map { fixed($0, 0) } ?? "—"
                        let events = entry["events"]?.doubleValue.map { fixed($0, 0) } ?? "—"
                        let value = ModelCard.number(entry).map { fixed($0, 3) } ?? "—"
                        var note = entry["status"]?.stringValue ?? ""
                        if case .bool(true)? = entry["insufficient"] { note = "insufficient" }
                        if case .bool(true)? = entry["flagged"] { note = note.isEmpty ? "gap above max_gap" : note }
                        var oe = "—"
                        if let ratio = entry["oe"]?["value"]?.doubleValue {
                            oe = fixed(ratio, 2) + (ModelCard.interval(entry["oe"]?["ci"]).map { " \($0)" } ?? "")
                        }
                        lines.append(
                            "| \(text(column)) | \(text(level)) | \(n) | \(events) | \(value) | "
                                + "\(ModelCard.interval(entry["ci"]) ?? "—") | \(oe) | \(text(note.isEmpty ? "—" : note)) |"
                        )
                    }
                }
                lines.append("")
            } else {
                lines += ["_No subgroup analysis in the evidence (the bias check did not run)._", ""]
            }
            if !hadContent { empty.append("Limitations & Bias") }
        }

        mutating func lineage() {
            section("Lineage")
            guard let graph else {
                return none("Lineage", "No lineage graph: \(evidence.graphProblem ?? "the manifest names none").")
            }
            let nodes = upstreamNodes(graph).reversed()
            guard !nodes.isEmpty else { return none("Lineage", "The lineage graph has no artifact node.") }
            for artifact in graph.artifacts {
                if let chain = graph.pathToSource(from: artifact.id, avoiding: { _ in false }), chain.count > 1 {
                    let steps = chain.reversed().map { id -> String in
                        let stage = graph.node(id)?.stage.map { " (\($0))" } ?? ""
                        return code(id) + text(stage)
                    }
                    lines.append("Chain: " + steps.joined(separator: " → "))
                    lines.append("")
                }
            }
            lines += ["| Stage | Node | Derived from | Details |", "| --- | --- | --- | --- |"]
            for node in nodes {
                let sources = node.upstream.map { code($0.target) }.joined(separator: ", ")
                var details: String
                switch node.kind {
                case .dataset: details = "PII " + LineageMarkdown.piiText(node.pii)
                case .run:
                    details = node.code?.commit.map { "commit " + $0 } ?? "no commit"
                    if let repo = node.code?.repo { details += " in " + repo }
                case .artifact: details = node.artifact.map { "artifact " + $0 } ?? "artifact"
                }
                lines.append(
                    "| \(text(node.stage ?? "—")) | \(code(node.id)) | \(sources.isEmpty ? "—" : sources) | "
                        + "\(text(details)) |")
            }
            lines.append("")
            let described = LineageMarkdown.facetLines(Array(nodes))
            if !described.isEmpty { lines += described + [""] }
        }

        mutating func approvalChain() {
            section("Approval Chain")
            guard let rows = evidence.approvals, !rows.isEmpty else {
                return none("Approval Chain", "No approval records (approvals file or Approved-by trailers).")
            }
            lines += ApprovalsCheck.table(rows).split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init).filter { !$0.isEmpty }
            lines.append("")
        }

        // MARK: Helpers

        /// Nodes upstream of the artifacts (the artifacts included), breadth first.
        func upstreamNodes(_ graph: LineageGraph) -> [LineageNode] {
            var seen = Set<String>()
            var result: [LineageNode] = []
            for artifact in graph.artifacts {
                for id in graph.upstreamClosure(of: artifact.id) where seen.insert(id).inserted {
                    if let node = graph.node(id) { result.append(node) }
                }
            }
            return result
        }

        func text(_ raw: String) -> String { MarkdownEscaper.text(raw) }
        func code(_ raw: String) -> String { MarkdownEscaper.code(raw, inTable: true) }
        func fixed(_ value: Double, _ digits: Int) -> String { ModelCard.fixed(value, digits) }
        func signed(_ value: Double, _ digits: Int) -> String { (value >= 0 ? "+" : "") + fixed(value, digits) }
        func pValue(_ p: Double) -> String { p < 0.001 ? "p < 0.001" : "p = " + fixed(p, 3) }
    }

    // MARK: - Numbers

    /// Reads a metrics JSON file into `{<metric>: {value, ci?}}`: either flat
    /// (`{"c_index": 0.69}`), nested (`{"c_index": {"value": 0.69, "ci": [..]}}`) or under `metrics`.
    public static func metrics(from data: Data, file: String) throws -> JSONValue {
        let decoded: JSONValue
        do {
            decoded = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw InputError(
                file: file, message: "not valid JSON", fix: "write {\"c_index\": 0.69} or {\"metrics\": {…}}")
        }
        let root = decoded["metrics"] ?? decoded
        guard case .object(let members) = root else {
            throw InputError(file: file, message: "expected a JSON object of metrics", fix: "write {\"c_index\": 0.69}")
        }
        var result: [String: JSONValue] = [:]
        for (key, value) in members {
            if let number = value.doubleValue {
                result[key] = .object(["value": .double(number)])
            } else if value["value"]?.doubleValue != nil {
                result[key] = value
            }
        }
        return .object(result)
    }
}
