// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import GremlinXML
import ZIPFoundation

/// A cell value as an xlsx sheet stores it.
enum XLSXValue: Equatable, Sendable {
    case number(Double)
    case text(String)
    case bool(Bool)
    /// An Excel error value (`#DIV/0!`).
    case error(String)
    /// A number whose cell style is a date or time format, or an ISO date cell (`t="d"`).
    case date
    /// A formula cell the file holds no computed value for.
    case uncachedFormula
}

/// One worksheet's cells, addressed by 1-based row and column.
struct XLSXSheet: Sendable {
    let name: String
    var cells: [Int: [Int: XLSXValue]] = [:]
    /// Merged ranges (`B1:C1`) as first/last row and column.
    var merges: [(ref: String, rows: ClosedRange<Int>, columns: ClosedRange<Int>)] = []

    func value(row: Int, column: Int) -> XLSXValue? { cells[row]?[column] }

    /// The merged range that covers a cell without starting at it.
    func mergeHiding(row: Int, column: Int) -> String? {
        merges.first {
            $0.rows.contains(row) && $0.columns.contains(column)
                && !($0.rows.lowerBound == row && $0.columns.lowerBound == column)
        }?.ref
    }

    /// `C4` for row 4, column 3.
    static func reference(row: Int, column: Int) -> String {
        var letters = ""
        var rest = column
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + digit))) + letters
            rest = (rest - 1) / 26
        }
        return letters + String(row)
    }

    /// Row and column of `C4`; nil when it is not a cell reference.
    static func position(_ reference: String) -> (row: Int, column: Int)? {
        var column = 0
        var digits = ""
        for scalar in reference.unicodeScalars {
            switch scalar {
            case "A"..."Z" where digits.isEmpty:
                column = column * 26 + Int(scalar.value - 64)
                guard column <= 16_384 else { return nil }
            case "0"..."9":
                digits.unicodeScalars.append(scalar)
            default:
                return nil
            }
        }
        guard column > 0, let row = Int(digits), row > 0, row <= 1_048_576 else { return nil }
        return (row, column)
    }
}

/// Reads one sheet of an xlsx workbook (a zip of XML parts) with ZIPFoundation and libxml2.
///
/// Only the parts a sheet needs are read: the workbook (sheet names), its relationships (sheet
/// files), the shared strings, the styles (to tell dates from numbers) and the sheet. The archive
/// is opened as the security check opens model archives (`ZipArchiveFile`); every part's declared
/// and inflated size is capped, so a zip bomb fails closed.
enum XLSXWorkbook {
    /// More zip entries than any metrics workbook holds.
    static let maxEntries = 10_000
    /// The most bytes one part may inflate to.
    static let maxPartBytes = 64 << 20
    /// The most bytes all parts read may inflate to together.
    static let maxTotalBytes = 128 << 20

    struct TooLarge: Error {}

    /// The sheet named `sheetName`, or the first sheet.
    static func sheet(_ bytes: [UInt8], file: String, named sheetName: String?) throws -> XLSXSheet {
        func fail(_ message: String) -> InputError {
            InputError(file: file, message: message, fix: "save the workbook from Excel or LibreOffice as .xlsx")
        }
        let archive: Archive
        do {
            archive = try ZipArchiveFile.open(bytes)
        } catch {
            throw fail("is not an xlsx workbook (not a readable zip archive)")
        }
        var entries: [String: Entry] = [:]
        var count = 0
        for entry in archive {
            count += 1
            guard count <= maxEntries else { throw fail("holds more than \(maxEntries) zip entries") }
            if entry.type == .file {
                // Two entries of one name are read differently by different tools: trust neither.
                guard entries[entry.path] == nil else {
                    throw fail("holds two zip entries named \(XLSXCells.short(entry.path))")
                }
                entries[entry.path] = entry
            }
        }
        var total = 0
        func part(_ path: String) throws -> [UInt8]? {
            guard let entry = entries[path] else { return nil }
            guard entry.uncompressedSize <= UInt64(maxPartBytes) else {
                throw fail("part \(path) is \(entry.uncompressedSize) bytes, over the \(maxPartBytes)-byte limit")
            }
            var content = [UInt8]()
            do {
                _ = try archive.extract(entry) { chunk in
                    guard content.count + chunk.count <= maxPartBytes, total + chunk.count <= maxTotalBytes else {
                        throw TooLarge()
                    }
                    total += chunk.count
                    content.append(contentsOf: chunk)
                }
            } catch is TooLarge {
                throw fail(
                    "part \(path) inflates past the \(maxPartBytes)-byte part limit or the \(maxTotalBytes)-byte "
                        + "workbook limit")
            } catch {
                throw fail("part \(path) cannot be read (a damaged zip entry)")
            }
            return content
        }
        func xml(_ path: String) throws -> XMLElementNode? {
            guard let content = try part(path) else { return nil }
            do {
                return try XMLTree.parse(content, name: path)
            } catch {
                throw fail("part \(path) is not well-formed XML")
            }
        }

        guard let workbook = try xml("xl/workbook.xml") else { throw fail("has no xl/workbook.xml") }
        let sheets = workbook.child("sheets")?.children(named: "sheet") ?? []
        guard !sheets.isEmpty else { throw fail("has no sheets") }
        let names = sheets.map { $0.attribute("name") ?? "" }
        let chosen: XMLElementNode
        if let sheetName {
            guard let index = names.firstIndex(of: sheetName) else {
                throw InputError(
                    file: file, message: "has no sheet named '\(XLSXCells.short(sheetName))'",
                    fix: "name one of its \(names.count) sheets: "
                        + names.prefix(10).map { "'\(XLSXCells.short($0))'" }.joined(separator: ", ")
                        + (names.count > 10 ? ", …" : ""))
            }
            chosen = sheets[index]
        } else {
            chosen = sheets[0]
        }
        let name = chosen.attribute("name") ?? "Sheet1"

        var targets: [String: (type: String, path: String)] = [:]
        if let rels = try xml("xl/_rels/workbook.xml.rels") {
            for relation in rels.children(named: "Relationship") {
                guard let id = relation.attribute("Id"), let target = relation.attribute("Target") else { continue }
                if relation.attribute("TargetMode") == "External" { continue }
                guard let path = resolve(target) else { throw fail("names a part outside the workbook") }
                targets[id] = (relation.attribute("Type") ?? "", path)
            }
        }
        func related(_ type: String) -> String? {
            targets.values.filter { $0.type.hasSuffix("/" + type) }.map(\.path).min()
        }
        guard let id = chosen.attribute("id", namespace: relationshipsNamespace) ?? chosen.attribute("id"),
            let sheetPath = targets[id]?.path
        else { throw fail("sheet '\(XLSXCells.short(name))' has no part") }

        var strings: [String] = []
        if let shared = try xml(related("sharedStrings") ?? "xl/sharedStrings.xml") {
            strings = shared.children(named: "si").map(XLSXCells.text)
        }
        var dateStyles: [Bool] = []
        if let styles = try xml(related("styles") ?? "xl/styles.xml") {
            dateStyles = XLSXCells.dateStyles(styles)
        }
        guard let root = try xml(sheetPath) else { throw fail("sheet '\(XLSXCells.short(name))' has no part") }
        return try XLSXCells.read(
            root, name: name, file: file, strings: strings, dateStyles: dateStyles)
    }

    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A relationship target as a zip path: relative targets resolve against `xl/`; nil when it
    /// climbs out of the archive.
    static func resolve(_ target: String) -> String? {
        var parts: [Substring] = target.hasPrefix("/") ? [] : ["xl"]
        for piece in target.split(separator: "/") {
            switch piece {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(piece)
            }
        }
        return parts.joined(separator: "/")
    }
}
