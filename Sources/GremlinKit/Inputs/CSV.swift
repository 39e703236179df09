// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A delimited table read per RFC 4180: the header names and every record with where it starts.
public struct CSVTable: Sendable {
    /// The file as the user named it, for messages.
    public let file: String
    /// Header names in file order, surrounding spaces and tabs trimmed.
    public let header: [String]
    /// Data records in file order; blank lines are not records.
    public let records: [CSVRecord]

    /// The 0-based position of a header name.
    public func index(of name: String) -> Int? { header.firstIndex(of: name) }
}

/// One data record: its fields and, for messages, the line and column where each field starts.
public struct CSVRecord: Sendable {
    /// 1-based line of the record's first field.
    public let line: Int
    public let fields: [String]
    /// 1-based (line, character column) of each field's first character.
    public let positions: [CSVPosition]
}

/// Where a field starts: 1-based line and 1-based column in characters.
public struct CSVPosition: Sendable, Equatable {
    public let line: Int
    public let column: Int
}

/// RFC 4180 reader: quoted fields (with `""` for a quote and line breaks inside), CRLF, LF or CR
/// line ends, an optional UTF-8 BOM. Fails closed on anything ambiguous — an unterminated quote,
/// text after a closing quote, a quote inside an unquoted field, a ragged row, invalid UTF-8 —
/// with the line and column, because a silently mis-split row would shift a patient's values.
public enum CSVReader {
    /// Parses `data`; `file` names it in errors.
    public static func parse(_ data: Data, file: String, delimiter: UInt8 = UInt8(ascii: ",")) throws -> CSVTable {
        try data.withUnsafeBytes { raw in
            var parser = Parser(bytes: raw.bindMemory(to: UInt8.self), file: file, delimiter: delimiter)
            return try parser.table()
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let file: String
        let delimiter: UInt8
        var position = 0
        var line = 1
        /// Byte offset where the current line starts, and a cached (offset, column) on that line
        /// so column numbers cost O(line length) per line rather than per field.
        var lineStart = 0
        var scanOffset = 0
        var scanColumn = 1

        static let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

        init(bytes: UnsafeBufferPointer<UInt8>, file: String, delimiter: UInt8) {
            self.bytes = bytes
            self.file = file
            self.delimiter = delimiter
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
            lineStart = position
            scanOffset = position
        }

        mutating func table() throws -> CSVTable {
            var header: CSVRecord?
            var records: [CSVRecord] = []
            while let record = try nextRecord() {
                if record.fields.count == 1 && record.fields[0].isEmpty { continue }
                guard let head = header else {
                    header = record
                    continue
                }
                guard record.fields.count == head.fields.count else {
                    throw InputError(
                        file: file, line: record.line, column: 1,
                        message: "this row has \(record.fields.count) fields but the header has \(head.fields.count)",
                        fix: "give every row one value per header column; quote fields that contain a comma")
                }
                records.append(record)
            }
            guard let head = header else {
                throw InputError(
                    file: file, line: 1, message: "the file is empty (no header row)",
                    fix: "write a header row and one row per patient")
            }
            var names: [String] = []
            for (index, field) in head.fields.enumerated() {
                let name = field.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
                if let earlier = names.firstIndex(of: name) {
                    throw InputError(
                        file: file, line: head.line, column: head.positions[index].column,
                        message:
                            "the header names column '\(InputExcerpt.short(name))' twice (fields \(earlier + 1) and \(index + 1))",
                        fix: "give every column a distinct name")
                }
                names.append(name)
            }
            return CSVTable(file: file, header: names, records: records)
        }

        /// The character column of byte offset `offset` on the current line.
        mutating func column(at offset: Int) -> Int {
            if offset < scanOffset {
                scanOffset = lineStart
                scanColumn = 1
            }
            while scanOffset < offset {
                if bytes[scanOffset] & 0xC0 != 0x80 { scanColumn += 1 }
                scanOffset += 1
            }
            // A continuation byte at the start would be invalid UTF-8, reported elsewhere.
            return scanColumn
        }

        mutating func newLine(at offset: Int) {
            line += 1
            lineStart = offset
            scanOffset = offset
            scanColumn = 1
        }

        mutating func nextRecord() throws -> CSVRecord? {
            guard position < bytes.count else { return nil }
            let recordLine = line
            var fields: [String] = []
            var positions: [CSVPosition] = []
            while true {
                let start = CSVPosition(line: line, column: column(at: position))
                positions.append(start)
                fields.append(try field(start: start))
                if position < bytes.count && bytes[position] == delimiter {
                    position += 1
                    continue
                }
                // End of record: consume CRLF, LF or CR.
                if position < bytes.count {
                    if bytes[position] == Self.cr { position += 1 }
                    if position < bytes.count && bytes[position] == Self.lf { position += 1 }
                    newLine(at: position)
                }
                return CSVRecord(line: recordLine, fields: fields, positions: positions)
            }
        }

        mutating func field(start: CSVPosition) throws -> String {
            if position < bytes.count && bytes[position] == Self.quote {
                position += 1
                var content: [UInt8] = []
                while true {
                    guard position < bytes.count else {
                        throw InputError(
                            file: file, line: start.line, column: start.column,
                            message: "a quoted field is never closed",
                            fix: "end the field with a double quote; write a quote inside a field as two quotes (\"\")")
                    }
                    let byte = bytes[position]
                    if byte == Self.quote {
                        if position + 1 < bytes.count && bytes[position + 1] == Self.quote {
                            content.append(Self.quote)
                            position += 2
                            continue
                        }
                        position += 1
                        break
                    }
                    content.append(byte)
                    position += 1
                    if byte == Self.lf || (byte == Self.cr && (position >= bytes.count || bytes[position] != Self.lf)) {
                        newLine(at: position)
                    }
                }
                if position < bytes.count, bytes[position] != delimiter, bytes[position] != Self.cr,
                    bytes[position] != Self.lf
                {
                    throw InputError(
                        file: file, line: line, column: column(at: position),
                        message: "text follows the closing quote of a field",
                        fix: "quote the whole field, and write a quote inside it as two quotes (\"\")")
                }
                let text = content.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
                return try valid(text, at: start)
            }
            let begin = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == delimiter || byte == Self.cr || byte == Self.lf { break }
                if byte == Self.quote {
                    throw InputError(
                        file: file, line: line, column: column(at: position),
                        message: "a double quote inside an unquoted field",
                        fix: "quote the whole field and write the quote as two quotes (\"\")")
                }
                position += 1
            }
            return try valid(
                String(validating: UnsafeBufferPointer(rebasing: bytes[begin..<position]), as: UTF8.self), at: start)
        }

        func valid(_ text: String?, at start: CSVPosition) throws -> String {
            guard let text else {
                throw InputError(
                    file: file, line: start.line, column: start.column,
                    message: "this field is not valid UTF-8",
                    fix: "save the file as UTF-8")
            }
            return text
        }
    }
}
