// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A model's metrics as a JSON file gives them, when no predictions are available.
public struct MetricsFile: Sendable {
    /// One metric: its value and, when the file gives them, an interval and a p-value.
    public struct Metric: Sendable, Equatable {
        public var value: Double
        public var lower: Double?
        public var upper: Double?
        public var pValue: Double?
        /// 1-based line of the metric's key, for messages.
        public var line: Int
    }

    /// The two accepted layouts.
    public enum Form: String, Sendable {
        /// `{"c_index": 0.69, "hazard_ratio": 1.41}`
        case flat
        /// `{"metrics": {"c_index": {"value": 0.69, "ci": [0.66, 0.72]}, …}}`
        case wrapped
        /// An Excel sheet (`.xlsx`): `metric,value[,ci_low,ci_high]` rows, or one row per model.
        case sheet
    }

    /// The file as named in messages.
    public let file: String
    public let form: Form
    /// Metric name → metric.
    public let metrics: [String: Metric]

    /// Metric names, sorted.
    public var names: [String] { metrics.keys.sorted() }
}

/// Reads metrics files in either contract form (`metrics-flat.json`, `metrics-with-ci.json`).
///
/// A metric is a number, or an object with a numeric `value` and optional `ci: [lo, hi]` and
/// `p_value`. Anything else — NaN or Infinity (which Python's `json.dump` writes), a string, a
/// null, an interval that is not two ordered finite numbers, an unknown key, a repeated key —
/// is an input error naming the file, line, column and key.
public enum MetricsReader {
    /// Reads a manifest-relative metrics file through `files` (which records its sha256).
    ///
    /// A path ending in `.xlsx` is read as an Excel workbook (`XLSXReader`): `sheet` names its sheet
    /// (default: the first), `row` the model's row in a sheet with one row per model (default: the
    /// row named `model`, else the only row).
    public static func read(
        _ path: String, files: InputFiles, key: String? = nil, sheet: String? = nil, row: String? = nil,
        model: String? = nil
    ) throws -> MetricsFile {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".xls") || lowered.hasSuffix(".xlsb") {
            throw InputError(
                file: path, key: key, message: "an Excel file in a binary format the gate does not read",
                fix: "save it as an Excel workbook (.xlsx)")
        }
        let data = try files.read(path, what: "metrics file", key: key)
        let file = files.portableName(files.url(path))
        if isWorkbook(path) {
            return try XLSXReader.parse(data, file: file, sheet: sheet, row: row, model: model)
        }
        if sheet != nil || row != nil {
            throw InputError(
                file: path, key: key, message: "`sheet:` and `row:` apply only to an .xlsx workbook",
                fix: "remove them, or name the .xlsx baseline")
        }
        return try parse(data, file: file)
    }

    /// Whether a metrics path names an Excel workbook.
    public static func isWorkbook(_ path: String) -> Bool {
        path.lowercased().hasSuffix(".xlsx")
    }

    /// Parses the bytes of a metrics file named `file`.
    public static func parse(_ data: Data, file: String) throws -> MetricsFile {
        let root = try data.withUnsafeBytes { raw in
            var parser = JSONScanner(bytes: raw.bindMemory(to: UInt8.self), file: file)
            return try parser.document()
        }
        guard case .object(let members) = root.kind else {
            throw InputError(
                file: file, line: root.line, column: root.column, message: "the top level is not a JSON object",
                fix:
                    "write {\"c_index\": 0.69} or {\"metrics\": {\"c_index\": {\"value\": 0.69, \"ci\": [0.66, 0.72]}}}"
            )
        }
        var form = MetricsFile.Form.flat
        var entries = members
        var prefix = ""
        if let wrapped = members.first(where: { $0.key == "metrics" }) {
            guard case .object(let inner) = wrapped.value.kind else {
                throw InputError(
                    file: file, line: wrapped.value.line, column: wrapped.value.column, key: "metrics",
                    message: "is \(wrapped.value.kind.name), not an object of metrics",
                    fix: "write {\"metrics\": {\"c_index\": {\"value\": 0.69, \"ci\": [0.66, 0.72]}}}")
            }
            if let other = members.first(where: { $0.key != "metrics" }) {
                throw InputError(
                    file: file, line: other.value.line, column: other.value.column, key: other.key,
                    message: "unexpected key beside `metrics`",
                    fix: "put every metric inside the `metrics` object, or use the flat form")
            }
            form = .wrapped
            entries = inner
            prefix = "metrics."
        }
        guard !entries.isEmpty else {
            throw InputError(
                file: file, line: root.line, column: root.column, message: "the file holds no metrics",
                fix: "write at least one metric, e.g. {\"c_index\": 0.69}")
        }
        var metrics: [String: MetricsFile.Metric] = [:]
        for entry in entries {
            metrics[entry.key] = try metric(entry.value, key: prefix + entry.key, file: file)
        }
        return MetricsFile(file: file, form: form, metrics: metrics)
    }

    static func metric(_ node: JSONNode, key: String, file: String) throws -> MetricsFile.Metric {
        func error(_ at: JSONNode, _ key: String, _ message: String, _ fix: String) -> InputError {
            InputError(file: file, line: at.line, column: at.column, key: key, message: message, fix: fix)
        }
        func finite(_ node: JSONNode, _ key: String) throws -> Double {
            guard case .number(let value) = node.kind else {
                throw error(node, key, "is \(node.kind.name), not a number", "write a finite number")
            }
            guard value.isFinite else { throw error(node, key, "is not a finite number", "write a finite number") }
            return value
        }
        switch node.kind {
        case .number:
            return MetricsFile.Metric(value: try finite(node, key), line: node.line)
        case .object(let members):
            var result = MetricsFile.Metric(value: .nan, line: node.line)
            var hasValue = false
            for member in members {
                let path = "\(key).\(member.key)"
                switch member.key {
                case "value":
                    result.value = try finite(member.value, path)
                    hasValue = true
                case "ci":
                    guard case .array(let bounds) = member.value.kind, bounds.count == 2 else {
                        throw error(
                            member.value, path, "is not a list of two numbers", "write the interval as [lower, upper]")
                    }
                    let lower = try finite(bounds[0], path + "[0]")
                    let upper = try finite(bounds[1], path + "[1]")
                    guard lower <= upper else {
                        throw error(
                            member.value, path, "has its lower bound above its upper bound",
                            "write the interval as [lower, upper]")
                    }
                    result.lower = lower
                    result.upper = upper
                case "p_value":
                    let p = try finite(member.value, path)
                    guard (0...1).contains(p) else {
                        throw error(member.value, path, "is not between 0 and 1", "write a probability")
                    }
                    result.pValue = p
                default:
                    let hint =
                        Suggest.nearest(member.key, in: ["value", "ci", "p_value"]).map { "did you mean \($0)? " } ?? ""
                    throw error(member.value, path, "unknown key", "\(hint)a metric has value, ci and p_value")
                }
            }
            guard hasValue else {
                throw error(node, key, "has no `value`", "write {\"value\": 0.69, \"ci\": [0.66, 0.72]}")
            }
            return result
        default:
            throw error(
                node, key, "is \(node.kind.name), not a number",
                "write a finite number or {\"value\": …, \"ci\": [lo, hi]}")
        }
    }
}
