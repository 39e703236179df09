// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Reads a metrics baseline from an Excel workbook into the same `MetricsFile` a JSON file gives.
///
/// The sheet (named, or the first) has its header in its first non-empty row, in one of two layouts:
/// - long: columns `metric`, `value` and optionally `ci_low`, `ci_high`, `p_value`, one metric a row;
/// - wide: the first column names the model, every other header is a metric (`c_index`), or a
///   metric's interval or p-value (`c_index_ci_low`, `c_index_ci_high`, `c_index_p_value`); the row
///   used is the one named by `row`, else the one whose first cell is the model's name, else the
///   only data row.
///
/// Every cell read must be what its place needs: text that is not a number, a boolean, an Excel
/// error, a date, or a formula without a cached value is an input error naming `file!Sheet!C4`.
public enum XLSXReader {
    /// Parses the bytes of a workbook named `file`.
    /// - Parameters:
    ///   - sheet: the sheet to read (default: the first).
    ///   - row: the first-column label of the model's row in a wide sheet.
    ///   - model: the model's name, the default `row`.
    public static func parse(
        _ data: Data, file: String, sheet: String? = nil, row: String? = nil, model: String? = nil
    ) throws -> MetricsFile {
        let table = try XLSXWorkbook.sheet([UInt8](data), file: file, named: sheet)
        return try metrics(table, file: file, row: row, model: model)
    }

    static let longColumns = ["metric", "value", "ci_low", "ci_high", "p_value"]

    static func metrics(_ sheet: XLSXSheet, file: String, row: String?, model: String?) throws -> MetricsFile {
        let place = "\(file)!\(XLSXCells.short(sheet.name))"
        func at(_ row: Int, _ column: Int) -> String { "\(place)!\(XLSXSheet.reference(row: row, column: column))" }
        guard let headerRow = sheet.cells.keys.min(), let header = sheet.cells[headerRow] else {
            throw InputError(
                file: place, message: "the sheet is empty",
                fix: "write a header row (metric,value or model,c_index,…) and the baseline's numbers")
        }
        var names: [Int: String] = [:]
        for (column, value) in header {
            guard case .text(let text) = value else {
                throw InputError(
                    file: at(headerRow, column), message: "\(describe(value)) in the header row, not a column name",
                    fix: "write the column names as text in the first row")
            }
            let name = text.trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { names[column] = name }
        }
        let lowered = Set(names.values.map { $0.lowercased() })
        if lowered.contains("metric") && lowered.contains("value") {
            if row != nil {
                throw InputError(
                    file: place, message: "`row:` names a model row, but this sheet has one metric a row",
                    fix: "remove `row:`, or name the sheet with one row per model")
            }
            return try long(sheet, file: file, place: place, headerRow: headerRow, names: names)
        }
        return try wide(sheet, file: file, place: place, headerRow: headerRow, names: names, row: row, model: model)
    }

    /// What a cell holds, for messages.
    static func describe(_ value: XLSXValue) -> String {
        switch value {
        case .number(let number): return "the number \(number)"
        case .text(let text): return "'\(XLSXCells.short(text))'"
        case .bool: return "a boolean"
        case .error(let code): return "the Excel error \(XLSXCells.short(code))"
        case .date: return "a date"
        case .uncachedFormula: return "a formula without a cached value"
        }
    }

    /// The finite number in a cell; nil when the cell is empty.
    static func number(_ value: XLSXValue?, at: String) throws -> Double? {
        guard let value else { return nil }
        let fix = "write the metric as a number"
        switch value {
        case .number(let number):
            guard number.isFinite else { throw InputError(file: at, message: "is not a finite number", fix: fix) }
            return number
        case .text(let text):
            if Double(text.trimmingCharacters(in: .whitespaces)) != nil {
                throw InputError(
                    file: at, message: "'\(XLSXCells.short(text))' is text, not a number",
                    fix: "store the cell as a number (Excel: Convert to Number)")
            }
            throw InputError(file: at, message: "'\(XLSXCells.short(text))' is not a number", fix: fix)
        case .bool:
            throw InputError(file: at, message: "is a boolean (TRUE/FALSE), not a number", fix: fix)
        case .error(let code):
            throw InputError(file: at, message: "holds the Excel error \(XLSXCells.short(code))", fix: fix)
        case .date:
            throw InputError(
                file: at, message: "is a date, not a metric",
                fix: "format the cell as a number (General), or write the metric's value")
        case .uncachedFormula:
            throw uncached(at)
        }
    }

    static func uncached(_ at: String) -> InputError {
        InputError(
            file: at, message: "formula without a cached value",
            fix: "open and save it in Excel, or write the value")
    }

    /// The text of a label cell (a number is written back as text); nil when empty.
    static func label(_ value: XLSXValue?, at: String) throws -> String? {
        switch value {
        case nil: return nil
        case .text(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .uncachedFormula:
            throw uncached(at)
        case .some(let other):
            throw InputError(file: at, message: "\(describe(other)), not a name", fix: "write the name as text")
        }
    }

    static func metric(
        value: Double, lower: Double?, upper: Double?, pValue: Double?, row: Int, at: (Int) -> String,
        columns: (value: Int, lower: Int?, upper: Int?, pValue: Int?)
    ) throws -> MetricsFile.Metric {
        if (lower == nil) != (upper == nil) {
            throw InputError(
                file: at(lower == nil ? columns.lower ?? columns.value : columns.upper ?? columns.value),
                message: "an interval needs both bounds", fix: "write both ci_low and ci_high, or neither")
        }
        if let lower, let upper, lower > upper {
            throw InputError(
                file: at(columns.lower ?? columns.value),
                message: "the interval's lower bound is above its upper bound",
                fix: "write ci_low ≤ ci_high")
        }
        if let pValue, !(0...1).contains(pValue) {
            throw InputError(
                file: at(columns.pValue ?? columns.value), message: "the p-value is not between 0 and 1",
                fix: "write a probability")
        }
        return MetricsFile.Metric(value: value, lower: lower, upper: upper, pValue: pValue, line: row)
    }

    /// One metric a row: `metric,value[,ci_low,ci_high][,p_value]`.
    static func long(
        _ sheet: XLSXSheet, file: String, place: String, headerRow: Int, names: [Int: String]
    ) throws -> MetricsFile {
        var columns: [String: Int] = [:]
        for (column, name) in names.sorted(by: { $0.key < $1.key }) {
            let key = name.lowercased()
            let at = "\(place)!\(XLSXSheet.reference(row: headerRow, column: column))"
            guard longColumns.contains(key) else {
                let hint = Suggest.nearest(key, in: longColumns).map { "did you mean \($0)? " } ?? ""
                throw InputError(
                    file: at, message: "'\(XLSXCells.short(name))' is not a column of a metric,value sheet",
                    fix: "\(hint)the columns are metric, value, ci_low, ci_high and p_value")
            }
            guard columns[key] == nil else {
                throw InputError(file: at, message: "the column \(key) appears twice", fix: "keep one of them")
            }
            columns[key] = column
        }
        let metricColumn = columns["metric"]!
        let valueColumn = columns["value"]!
        var metrics: [String: MetricsFile.Metric] = [:]
        for rowNumber in sheet.cells.keys.sorted() where rowNumber > headerRow {
            func at(_ column: Int) -> String { "\(place)!\(XLSXSheet.reference(row: rowNumber, column: column))" }
            func read(_ key: String) throws -> Double? {
                guard let column = columns[key] else { return nil }
                return try number(sheet.value(row: rowNumber, column: column), at: at(column))
            }
            let used = columns.values.contains { sheet.value(row: rowNumber, column: $0) != nil }
            guard used else { continue }
            guard let name = try label(sheet.value(row: rowNumber, column: metricColumn), at: at(metricColumn)) else {
                throw InputError(
                    file: at(metricColumn), message: "a row with numbers but no metric name",
                    fix: "write the metric's name, or clear the row")
            }
            guard let value = try read("value") else {
                throw InputError(
                    file: at(valueColumn), message: "the metric '\(XLSXCells.short(name))' has no value",
                    fix: "write its value, or remove the row")
            }
            guard metrics[name] == nil else {
                throw InputError(
                    file: at(metricColumn), message: "the metric '\(XLSXCells.short(name))' appears twice",
                    fix: "keep one of the rows")
            }
            metrics[name] = try metric(
                value: value, lower: try read("ci_low"), upper: try read("ci_high"), pValue: try read("p_value"),
                row: rowNumber, at: at,
                columns: (valueColumn, columns["ci_low"], columns["ci_high"], columns["p_value"]))
        }
        guard !metrics.isEmpty else {
            throw InputError(
                file: place, message: "the sheet holds no metrics", fix: "write one metric a row under the header")
        }
        return MetricsFile(file: file, form: .sheet, metrics: metrics)
    }
}
