// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The wide layout: one row per model, one column per metric.
extension XLSXReader {
    static let suffixes = ["_ci_low", "_ci_high", "_p_value"]

    static func wide(
        _ sheet: XLSXSheet, file: String, place: String, headerRow: Int, names: [Int: String], row: String?,
        model: String?
    ) throws -> MetricsFile {
        // The model names are in the sheet's first used column, whose header may be empty (a corner cell).
        guard let labelColumn = sheet.cells.values.compactMap({ $0.keys.min() }).min(),
            names.keys.contains(where: { $0 != labelColumn })
        else {
            throw InputError(
                file: place, message: "the header row names no metrics",
                fix: "write model,c_index,… (one row per model) or metric,value (one metric a row)")
        }
        // Which row: the one `row:` names, else the model's name, else the only data row.
        var labels: [(row: Int, label: String?)] = []
        for rowNumber in sheet.cells.keys.sorted() where rowNumber > headerRow {
            let at = "\(place)!\(XLSXSheet.reference(row: rowNumber, column: labelColumn))"
            labels.append((rowNumber, try label(sheet.value(row: rowNumber, column: labelColumn), at: at)))
        }
        guard !labels.isEmpty else {
            throw InputError(file: place, message: "the sheet has a header but no rows", fix: "write the model's row")
        }
        let wanted = row ?? model
        let matches = wanted.map { name in labels.filter { $0.label == name } } ?? []
        let chosen: Int
        if matches.count == 1 {
            chosen = matches[0].row
        } else if matches.count > 1 {
            throw InputError(
                file: place, message: "\(matches.count) rows are named '\(XLSXCells.short(wanted ?? ""))'",
                fix: "keep one row per model")
        } else if row == nil && labels.count == 1 {
            chosen = labels[0].row
        } else {
            let what =
                row != nil
                ? "no row is named '\(XLSXCells.short(row!))' (the source's `row:`)"
                : model != nil
                    ? "no row is named after the model '\(XLSXCells.short(model!))' and the sheet has \(labels.count) rows"
                    : "the sheet has \(labels.count) rows and none is chosen"
            throw InputError(
                file: place, message: what,
                fix:
                    "set `row:` beside `metrics:` in the manifest (or --baseline-row) to the first cell of the model's row"
            )
        }
        func at(_ column: Int) -> String { "\(place)!\(XLSXSheet.reference(row: chosen, column: column))" }

        // Metric columns, with their interval and p-value columns attached.
        var valueColumns: [String: Int] = [:]
        var extra: [String: [String: Int]] = [:]
        for (column, name) in names.sorted(by: { $0.key < $1.key }) where column != labelColumn {
            let headerAt = "\(place)!\(XLSXSheet.reference(row: headerRow, column: column))"
            if let suffix = suffixes.first(where: { name.hasSuffix($0) && name.count > $0.count }) {
                let base = String(name.dropLast(suffix.count))
                guard extra[base]?[suffix] == nil else {
                    throw InputError(
                        file: headerAt, message: "the column '\(XLSXCells.short(name))' appears twice",
                        fix: "keep one of them")
                }
                extra[base, default: [:]][suffix] = column
            } else {
                guard valueColumns[name] == nil else {
                    throw InputError(
                        file: headerAt, message: "the metric '\(XLSXCells.short(name))' appears twice",
                        fix: "keep one of the columns")
                }
                valueColumns[name] = column
            }
        }
        for (base, columns) in extra where valueColumns[base] == nil {
            let column = columns.values.min()!
            throw InputError(
                file: "\(place)!\(XLSXSheet.reference(row: headerRow, column: column))",
                message: "an interval or p-value column for '\(XLSXCells.short(base))', which has no column",
                fix: "add a '\(XLSXCells.short(base))' column with the metric's value")
        }
        // A value under no header (a merged header cell hides the column's name) cannot be placed.
        for column in sheet.cells[chosen]?.keys.sorted() ?? [] where names[column] == nil && column != labelColumn {
            let headerAt = XLSXSheet.reference(row: headerRow, column: column)
            let merged = sheet.mergeHiding(row: headerRow, column: column)
            throw InputError(
                file: at(column),
                message: merged != nil
                    ? "a value under \(headerAt), which is inside the merged header cell \(merged!)"
                    : "a value under the empty header cell \(headerAt)",
                fix: merged != nil
                    ? "unmerge the header so every metric has its own named column"
                    : "name the column, or clear the value")
        }

        var metrics: [String: MetricsFile.Metric] = [:]
        for (name, column) in valueColumns {
            let columns = extra[name] ?? [:]
            func read(_ column: Int?) throws -> Double? {
                guard let column else { return nil }
                return try number(sheet.value(row: chosen, column: column), at: at(column))
            }
            guard let value = try read(column) else {
                if let other = columns.values.sorted().first(where: { sheet.value(row: chosen, column: $0) != nil }) {
                    throw InputError(
                        file: at(other),
                        message: "an interval or p-value for '\(XLSXCells.short(name))' without its value",
                        fix: "write the metric's value in \(XLSXSheet.reference(row: chosen, column: column))")
                }
                continue  // an empty cell: this model has no such metric
            }
            metrics[name] = try metric(
                value: value, lower: try read(columns["_ci_low"]), upper: try read(columns["_ci_high"]),
                pValue: try read(columns["_p_value"]), row: chosen, at: at,
                columns: (column, columns["_ci_low"], columns["_ci_high"], columns["_p_value"]))
        }
        guard !metrics.isEmpty else {
            throw InputError(
                file: at(labelColumn), message: "the baseline's row holds no metrics",
                fix: "write the baseline's numbers in its row")
        }
        return MetricsFile(file: file, form: .sheet, metrics: metrics)
    }
}
