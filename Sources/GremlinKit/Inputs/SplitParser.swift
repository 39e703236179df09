// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Streams the IDs out of split bytes: normalised, without copying them.
///
/// Fast path: each line is found with `memchr`; a line without a quote is split on the delimiter
/// directly. A line with a quote is parsed per RFC 4180 (quoted delimiters, doubled quotes,
/// line breaks inside quotes).
public struct SplitParser: Sendable {
    public let layout: SplitLayout
    public let normalization: IDNormalization
    /// The file as the manifest names it, for messages.
    public let file: String

    public init(layout: SplitLayout, normalization: IDNormalization, file: String) {
        self.layout = layout
        self.normalization = normalization
        self.file = file
    }

    /// Calls `body(id, splitValue, line)` for every data row (see `SplitSink.accept`).
    public func forEachID(
        in data: Data,
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer?, Int) throws -> Void
    ) throws {
        try withoutActuallyEscaping(body) { escapable in
            var sink = ClosureSink(body: escapable)
            try parse(data, into: &sink)
        }
    }

    private struct ClosureSink: SplitSink {
        let body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer?, Int) throws -> Void
        func accept(_ id: UnsafeRawBufferPointer, split: UnsafeRawBufferPointer?, line: Int, record: Int) throws {
            try body(id, split, line)
        }
    }

    /// Feeds every data row to `sink`.
    public func parse<Sink: SplitSink>(_ data: Data, into sink: inout Sink) throws {
        try data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0 else { return }
            var start = 0
            // A byte-order mark at the start of the file belongs to no ID or header.
            if raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF { start = 3 }
            switch layout {
            case .lines:
                var line = 0
                while start < raw.count {
                    line += 1
                    let end = Self.lineEnd(base, start, raw.count)
                    try deliver(
                        UnsafeRawBufferPointer(start: base + start, count: end - start), nil, line, start, &sink)
                    start = end + 1
                }
            case .delimited(let delimiter, let idColumn, let splitColumn):
                try delimited(
                    base: base, count: raw.count, start: start, delimiter: delimiter,
                    idColumn: idColumn, splitColumn: splitColumn, &sink)
            }
        }
    }

    @inline(__always) static func lineEnd(_ base: UnsafeRawPointer, _ start: Int, _ count: Int) -> Int {
        guard let hit = memchr(base + start, 0x0A, count - start) else { return count }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// Normalises one raw ID and hands it to the sink.
    @inline(__always)
    private func deliver<Sink: SplitSink>(
        _ raw: UnsafeRawBufferPointer, _ split: UnsafeRawBufferPointer?, _ line: Int,
        _ record: Int, _ sink: inout Sink
    ) throws {
        let trimmed = Self.trimmed(raw)
        if !trimmed.isEmpty, !Self.isASCII(trimmed) {
            // ASCII is lower-cased by the hash itself; anything else is normalised here.
            sink.unusual(trimmed, line: line)
            let normalised = normalization.nonASCII(trimmed)
            try normalised.withUnsafeBytes { try sink.accept($0, split: split, line: line, record: record) }
        } else {
            try sink.accept(trimmed, split: split, line: line, record: record)
        }
    }

    /// Whether no byte has its high bit set, eight bytes at a time.
    @inline(__always) static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var seen: UInt64 = 0
        var offset = 0
        while offset + 8 <= bytes.count {
            seen |= base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        while offset < bytes.count {
            seen |= UInt64(base.load(fromByteOffset: offset, as: UInt8.self))
            offset += 1
        }
        return seen & 0x8080_8080_8080_8080 == 0
    }

    /// The index of the ID column (nil for one ID a line), from the header row.
    public func idColumnIndex(in data: Data) throws -> Int? {
        guard case .delimited(let delimiter, let idColumn, _) = layout else { return nil }
        return try data.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress, raw.count > 0 else { return nil }
            let start = raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF ? 3 : 0
            return try header(
                base: base, count: raw.count, start: start, delimiter: delimiter, idColumn: idColumn,
                splitColumn: nil
            ).idIndex
        }
    }

    /// The normalised ID of the row starting at byte `record`, as the comparison sees it: trimmed,
    /// and for `casefold` case-folded with ASCII lower-cased. Used to confirm hash matches.
    public func key(at record: Int, in data: Data, idColumn: Int?) -> [UInt8] {
        data.withUnsafeBytes { raw -> [UInt8] in
            guard let base = raw.baseAddress, record < raw.count else { return [] }
            let id: [UInt8]
            if case .delimited(let delimiter, _, _) = layout, let idColumn {
                var cells: [Cell] = []
                var scratch: [[UInt8]] = []
                var line = 0
                _ = Self.readRecord(base, record, raw.count, delimiter, &cells, &scratch, &line)
                guard idColumn < cells.count else { return [] }
                id = Self.withCell(cells[idColumn], base, scratch) { Array(Self.trimmed($0)) }
            } else {
                let end = Self.lineEnd(base, record, raw.count)
                id = Array(Self.trimmed(UnsafeRawBufferPointer(start: base + record, count: end - record)))
            }
            return normalization.comparable(trimmed: id)
        }
    }

    /// The comparable form of one ID given as text (a predictions file's `patient_id`): trimmed as a
    /// split cell is, then normalised exactly as `key(at:in:idColumn:)` normalises a split's IDs, so
    /// an ID matches the split's whatever file it came from.
    public func key(of id: String) -> [UInt8] {
        let trimmed = Array(id.utf8).withUnsafeBytes { Array(Self.trimmed($0)) }
        return normalization.comparable(trimmed: trimmed)
    }

    /// A cell of the current record: a slice of the file, or an unquoted copy in `scratch`.
    private enum Cell {
        case slice(Int, Int)
        case copy(Int)
    }

    private func delimited<Sink: SplitSink>(
        base: UnsafeRawPointer, count: Int, start: Int, delimiter: UInt8,
        idColumn: String, splitColumn: String?, _ sink: inout Sink
    ) throws {
        guard start < count else { return }
        let columns = try header(
            base: base, count: count, start: start, delimiter: delimiter, idColumn: idColumn,
            splitColumn: splitColumn)
        let (idIndex, splitIndex) = (columns.idIndex, columns.splitIndex)
        var position = columns.next
        var line = columns.line
        var cells: [Cell] = []
        var scratch: [[UInt8]] = []
        let needed = max(idIndex, splitIndex ?? 0)
        func ragged(_ found: Int, _ recordLine: Int) -> InputError {
            raggedRow(found: found, needed: needed, line: recordLine)
        }
        let delimiterCode = Int32(delimiter)
        while position < count {
            let recordLine = line
            let end = Self.lineEnd(base, position, count)
            if memchr(base + position, 0x22, end - position) == nil {
                // Fast path, no quote on the line: find the needed cells between delimiters.
                let whole = UnsafeRawBufferPointer(start: base + position, count: end - position)
                if Self.trimmed(whole).isEmpty {
                    position = end + 1
                    line += 1
                    continue  // a blank line
                }
                let (id, split, found) = Self.quoteFreeCells(
                    base, position, end, delimiterCode, idIndex: idIndex,
                    splitIndex: splitIndex, needed: needed)
                guard found > needed else { throw ragged(found, recordLine) }
                try deliver(id, split, recordLine, position, &sink)
                position = end + 1
                line += 1
                continue
            }
            let recordStart = position
            position = Self.readRecord(base, position, count, delimiter, &cells, &scratch, &line)
            if cells.count == 1, Self.withCell(cells[0], base, scratch, { Self.trimmed($0).isEmpty }) { continue }
            guard cells.count > needed else { throw ragged(cells.count, recordLine) }
            let splitCell = splitIndex.map { cells[$0] }
            try Self.withCell(cells[idIndex], base, scratch) { id in
                if let splitCell {
                    try Self.withCell(splitCell, base, scratch) {
                        try deliver(id, Self.trimmed($0), recordLine, recordStart, &sink)
                    }
                } else {
                    try deliver(id, nil, recordLine, recordStart, &sink)
                }
            }
        }
    }

    func raggedRow(found: Int, needed: Int, line: Int) -> InputError {
        InputError(
            file: file, line: line,
            message: "row has \(found) cell(s) but the header has the needed column in cell \(needed + 1)",
            fix: "give every row as many cells as the header (quote cells that contain the delimiter)")
    }

    /// The ID and split cells of a row without quotes (between `position` and `end`), and how
    /// many cells were found up to the last one needed (fewer than `needed + 1`: a ragged row).
    @inline(__always)
    static func quoteFreeCells(
        _ base: UnsafeRawPointer, _ position: Int, _ end: Int, _ delimiterCode: Int32,
        idIndex: Int, splitIndex: Int?, needed: Int
    )
        -> (id: UnsafeRawBufferPointer, split: UnsafeRawBufferPointer?, found: Int)
    {
        var cellStart = position
        var cellIndex = 0
        var id = UnsafeRawBufferPointer(start: base, count: 0)
        var split: UnsafeRawBufferPointer?
        while cellIndex <= needed {
            let cellEnd: Int
            if let hit = memchr(base + cellStart, delimiterCode, end - cellStart) {
                cellEnd = base.distance(to: UnsafeRawPointer(hit))
            } else {
                cellEnd = end
            }
            let cell = UnsafeRawBufferPointer(start: base + cellStart, count: cellEnd - cellStart)
            if cellIndex == idIndex { id = cell }
            if cellIndex == splitIndex { split = trimmed(cell) }
            cellIndex += 1
            if cellEnd == end { break }
            cellStart = cellEnd + 1
        }
        return (id, split, cellIndex)
    }

    /// The data rows of a per-split file cut on line boundaries into byte ranges that
    /// `parseRows` can read in parallel, with the ID column and the line number of the first
    /// data row. Nil when the file cannot be cut safely: an assignment file (a split column), or a
    /// delimited file with a quote anywhere (a quoted cell may hold a line break).
    public struct RowChunks: Sendable {
        public var ranges: [Range<Int>]
        public var idColumn: Int?
        public var firstLine: Int
    }

    public func rowChunks(of data: Data, parts: Int) throws -> RowChunks? {
        try data.withUnsafeBytes { raw -> RowChunks? in
            guard let base = raw.baseAddress, raw.count > 0 else { return nil }
            var start = raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF ? 3 : 0
            var idColumn: Int?
            var firstLine = 1
            switch layout {
            case .lines:
                break
            case .delimited(let delimiter, let idName, let splitColumn):
                guard splitColumn == nil, memchr(base, 0x22, raw.count) == nil else { return nil }
                let columns = try header(
                    base: base, count: raw.count, start: start, delimiter: delimiter,
                    idColumn: idName, splitColumn: nil)
                (idColumn, start, firstLine) = (columns.idIndex, columns.next, columns.line)
            }
            var ranges: [Range<Int>] = []
            let size = max(1, (raw.count - start) / max(1, parts))
            var lower = start
            while lower < raw.count {
                var upper = min(raw.count, lower + size)
                if upper < raw.count { upper = Self.lineEnd(base, upper, raw.count) + 1 }
                ranges.append(lower..<min(upper, raw.count))
                lower = upper
            }
            return RowChunks(ranges: ranges, idColumn: idColumn, firstLine: firstLine)
        }
    }

    /// Feeds the rows in `range` (one of `rowChunks`' ranges) to `sink` and returns how many
    /// lines they span. Lines are numbered from 1 at the range's start: an error's line is
    /// relative, the caller adds the lines of the ranges before it.
    @discardableResult
    public func parseRows<Sink: SplitSink>(
        _ data: Data, _ range: Range<Int>, idColumn: Int?,
        into sink: inout Sink
    ) throws -> Int {
        try data.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            var position = range.lowerBound
            var line = 0
            while position < range.upperBound {
                line += 1
                let end = Self.lineEnd(base, position, range.upperBound)
                if case .delimited(let delimiter, _, _) = layout, let idColumn {
                    if !Self.trimmed(UnsafeRawBufferPointer(start: base + position, count: end - position)).isEmpty {
                        let (id, _, found) = Self.quoteFreeCells(
                            base, position, end, Int32(delimiter), idIndex: idColumn,
                            splitIndex: nil, needed: idColumn)
                        guard found > idColumn else { throw raggedRow(found: found, needed: idColumn, line: line) }
                        try deliver(id, nil, line, position, &sink)
                    }
                } else {
                    try deliver(
                        UnsafeRawBufferPointer(start: base + position, count: end - position), nil, line, position,
                        &sink)
                }
                position = end + 1
            }
            return line
        }
    }

    /// Reads the header row: the ID (and split) column indexes and where the data starts.
    private func header(
        base: UnsafeRawPointer, count: Int, start: Int, delimiter: UInt8, idColumn: String,
        splitColumn: String?
    ) throws -> (idIndex: Int, splitIndex: Int?, next: Int, line: Int) {
        var cells: [Cell] = []
        var scratch: [[UInt8]] = []
        var line = 1
        let next = Self.readRecord(base, start, count, delimiter, &cells, &scratch, &line)
        let names = cells.map { cell in
            Self.withCell(cell, base, scratch) { String(decoding: Self.trimmed($0), as: UTF8.self) }
        }
        func index(of column: String, key: String) throws -> Int {
            if let exact = names.firstIndex(of: column) { return exact }
            if let loose = names.firstIndex(where: { $0.lowercased() == column.lowercased() }) { return loose }
            let hint = InputExcerpt.suggestion(column, in: names).map { "did you mean \($0)? " } ?? ""
            let shown =
                InputExcerpt.names(names).map { "columns: \($0)" }
                ?? "the first row does not look like a CSV header; its \(names.count) field(s) are not shown"
            throw InputError(
                file: file, line: 1, key: key,
                message: "the header has no column `\(InputExcerpt.short(column))` (\(shown))",
                fix: "\(hint)set `\(key)` in the manifest's splits to the ID column's name")
        }
        return (
            try index(of: idColumn, key: "splits.id_column"),
            try splitColumn.map { try index(of: $0, key: "splits.split_column") }, next, line
        )
    }

    private static func withCell<T>(
        _ cell: Cell, _ base: UnsafeRawPointer, _ scratch: [[UInt8]],
        _ use: (UnsafeRawBufferPointer) throws -> T
    ) rethrows -> T {
        switch cell {
        case .slice(let from, let to): return try use(UnsafeRawBufferPointer(start: base + from, count: to - from))
        case .copy(let slot): return try scratch[slot].withUnsafeBytes { try use($0) }
        }
    }

    /// Reads one record from `position` (RFC 4180); fills `cells` and returns where the next record starts.
    private static func readRecord(
        _ base: UnsafeRawPointer, _ position: Int, _ count: Int, _ delimiter: UInt8,
        _ cells: inout [Cell], _ scratch: inout [[UInt8]], _ line: inout Int
    ) -> Int {
        cells.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        var i = position
        var cell: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        var cellStart = i
        func finishCell(_ at: Int) {
            if wasQuoted {
                cells.append(.copy(scratch.count))
                scratch.append(cell)
            } else {
                cells.append(.slice(cellStart, at))
            }
            cell.removeAll()
            wasQuoted = false
        }
        while i < count {
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            if quoted {
                if b == 0x22 {
                    if i + 1 < count, base.load(fromByteOffset: i + 1, as: UInt8.self) == 0x22 {
                        cell.append(0x22)
                        i += 2
                        continue
                    }
                    quoted = false
                } else {
                    if b == 0x0A { line += 1 }
                    cell.append(b)
                }
                i += 1
                continue
            }
            if b == 0x22 {
                quoted = true
                if !wasQuoted {
                    // Whatever preceded the opening quote (spaces) is kept, as most readers do.
                    cell = Array(UnsafeRawBufferPointer(start: base + cellStart, count: i - cellStart))
                    wasQuoted = true
                }
            } else if b == delimiter {
                finishCell(i)
                cellStart = i + 1
            } else if b == 0x0A {
                break
            } else if wasQuoted {
                cell.append(b)
            }
            i += 1
        }
        finishCell(i)
        line += 1
        return i + 1
    }

    /// Strips ASCII whitespace, CR, byte-order marks and no-break spaces from both ends.
    @inline(__always) static func trimmed(_ raw: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let base = raw.baseAddress else { return raw }
        var lo = 0
        var hi = raw.count
        while lo < hi {
            let b = raw[lo]
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                lo += 1
            } else if b == 0xEF, hi - lo >= 3, raw[lo + 1] == 0xBB, raw[lo + 2] == 0xBF {
                lo += 3
            } else if b == 0xC2, hi - lo >= 2, raw[lo + 1] == 0xA0 {
                lo += 2
            } else {
                break
            }
        }
        while hi > lo {
            let b = raw[hi - 1]
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                hi -= 1
            } else if b == 0xBF, hi - lo >= 3, raw[hi - 2] == 0xBB, raw[hi - 3] == 0xEF {
                hi -= 3
            } else if b == 0xA0, hi - lo >= 2, raw[hi - 2] == 0xC2 {
                hi -= 2
            } else {
                break
            }
        }
        return UnsafeRawBufferPointer(start: base + lo, count: hi - lo)
    }
}
