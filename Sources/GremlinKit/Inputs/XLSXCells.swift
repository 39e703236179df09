// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import GremlinXML

/// Turns a worksheet's XML into cell values: shared and inline strings, numbers, booleans, errors,
/// dates (by style), and formulas by their cached value.
enum XLSXCells {
    /// A short, control-free form of cell text for messages: never more than 24 characters.
    static func short(_ text: String) -> String {
        let clean = XMLText.sanitized(text).replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\t", with: " ")
        return clean.count > 24 ? String(clean.prefix(23)) + "…" : clean
    }

    /// The text of a shared string item or inline string: its `t`, or its rich-text runs' `t`s
    /// (phonetic runs excluded).
    static func text(_ item: XMLElementNode) -> String {
        if let plain = item.child("t") { return plain.text }
        return item.children(named: "r").compactMap { $0.child("t")?.text }.joined()
    }

    /// For every cell format (`cellXfs`, indexed by a cell's `s`), whether it shows a date or time.
    static func dateStyles(_ styles: XMLElementNode) -> [Bool] {
        var custom: [Int: String] = [:]
        for format in styles.child("numFmts")?.children(named: "numFmt") ?? [] {
            if let id = format.attribute("numFmtId").flatMap(Int.init) {
                custom[id] = format.attribute("formatCode") ?? ""
            }
        }
        return (styles.child("cellXfs")?.children(named: "xf") ?? []).map { format in
            let id = format.attribute("numFmtId").flatMap(Int.init) ?? 0
            if let code = custom[id] { return isDateFormat(code) }
            return builtInDates.contains(id)
        }
    }

    /// Excel's built-in date and time formats (ECMA-376 §18.8.30, plus the East Asian ids).
    static let builtInDates: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// Whether a custom number format shows a date or time: a y, m, d, h or s outside quoted
    /// text, escapes and `[…]` sections (colours, conditions; `[h]` elapsed hours count).
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false
        var bracket = ""
        var inBracket = false
        var escaped = false
        for character in code.lowercased() {
            if escaped {
                escaped = false
                continue
            }
            if quoted {
                if character == "\"" { quoted = false }
                continue
            }
            if inBracket {
                if character == "]" {
                    inBracket = false
                    if ["h", "hh", "m", "mm", "s", "ss"].contains(bracket) { return true }
                } else {
                    bracket.append(character)
                }
                continue
            }
            switch character {
            case "\"": quoted = true
            case "\\", "_", "*": escaped = true
            case "[":
                inBracket = true
                bracket = ""
            case "y", "m", "d", "h", "s": return true
            default: break
            }
        }
        return false
    }

    /// `number` to the 15 significant digits Excel keeps: writers store binary noise past them
    /// (openpyxl writes 0.69 as 0.6899999999999999), and 0.69 typed in a cell is 0.69.
    static func excelPrecision(_ number: Double) -> Double {
        guard number.isFinite, number != 0 else { return number }
        return Double(String(format: "%.15g", number)) ?? number
    }

    /// Reads `sheetData` and `mergeCells` of a worksheet.
    static func read(
        _ root: XMLElementNode, name: String, file: String, strings: [String], dateStyles: [Bool]
    ) throws -> XLSXSheet {
        var sheet = XLSXSheet(name: name)
        func fail(_ at: String, _ message: String) -> InputError {
            InputError(
                file: "\(file)!\(short(name))!\(at)", message: message,
                fix: "save the workbook from Excel or LibreOffice as .xlsx")
        }
        var rowNumber = 0
        for row in root.child("sheetData")?.children(named: "row") ?? [] {
            if let written = row.attribute("r") {
                guard let number = Int(written), number > rowNumber, number <= 1_048_576 else {
                    throw fail("row \(short(written))", "a row number out of order")
                }
                rowNumber = number
            } else {
                rowNumber += 1
            }
            var column = 0
            var values: [Int: XLSXValue] = [:]
            for cell in row.children(named: "c") {
                if let reference = cell.attribute("r") {
                    guard let position = XLSXSheet.position(reference), position.row == rowNumber,
                        position.column > column
                    else {
                        throw fail(short(reference), "a cell reference out of place in row \(rowNumber)")
                    }
                    column = position.column
                } else {
                    column += 1
                }
                let at = XLSXSheet.reference(row: rowNumber, column: column)
                if let value = try value(cell, at: at, strings: strings, dateStyles: dateStyles, fail: fail) {
                    values[column] = value
                }
            }
            if !values.isEmpty { sheet.cells[rowNumber] = values }
        }
        for merge in root.child("mergeCells")?.children(named: "mergeCell") ?? [] {
            guard let ref = merge.attribute("ref") else { continue }
            let ends = ref.split(separator: ":").map(String.init)
            guard ends.count == 2, let from = XLSXSheet.position(ends[0]), let to = XLSXSheet.position(ends[1]) else {
                continue
            }
            sheet.merges.append(
                (
                    ref, min(from.row, to.row)...max(from.row, to.row),
                    min(from.column, to.column)...max(from.column, to.column)
                ))
        }
        return sheet
    }

    /// One cell's value; nil for an empty cell.
    static func value(
        _ cell: XMLElementNode, at: String, strings: [String], dateStyles: [Bool],
        fail: (String, String) -> InputError
    ) throws -> XLSXValue? {
        let cached = cell.child("v").map(\.text)
        let type = cell.attribute("t") ?? "n"
        if type == "inlineStr" {
            return cell.child("is").map { .text(text($0)) }
        }
        guard let cached, !cached.isEmpty else {
            return cell.child("f") != nil ? .uncachedFormula : nil
        }
        switch type {
        case "s":
            guard let index = Int(cached), strings.indices.contains(index) else {
                throw fail(at, "refers to a shared string the workbook does not have")
            }
            return .text(strings[index])
        case "str":
            return .text(cached)
        case "b":
            return .bool(cached.trimmingCharacters(in: .whitespaces) == "1")
        case "e":
            return .error(cached)
        case "d":
            return .date
        case "n":
            guard let number = Double(cached.trimmingCharacters(in: .whitespaces)) else {
                throw fail(at, "holds '\(short(cached))' as a number")
            }
            if let style = cell.attribute("s").flatMap(Int.init), dateStyles.indices.contains(style),
                dateStyles[style]
            {
                return .date
            }
            return .number(excelPrecision(number))
        default:
            throw fail(at, "has an unknown cell type '\(short(type))'")
        }
    }
}
