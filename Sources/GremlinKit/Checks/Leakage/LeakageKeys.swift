// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The keys of one row chunk of a per-split file (see `SplitParser.rowChunks`), read straight
/// from the mapped bytes: no `String` and no allocation per ID, only a key appended per row.
struct ChunkKeys {
    /// `(hash >> shift) << shift | row offset` per non-empty ID, in row order.
    var keys: [UInt64] = []
    /// Rows whose ID is empty after normalisation.
    var blank = 0
    /// IDs with a non-ASCII byte, and the first one as written (trimmed).
    var unusualCount = 0
    var unusualFirst: [UInt8]?
    /// Lines the chunk spans (an error's line is relative to the chunk's first line).
    var lines = 0

    /// Reads the rows of `range`: one ID a line (`idColumn` nil) or the `idColumn` cell of a
    /// quote-free delimited row. The same IDs, normalisation, blanks and errors as
    /// `SplitParser.parseRows` with `LeakageAnalysis.KeySink`, which it replaces on this path.
    static func scan<Hasher: IDHashing>(
        _ raw: UnsafeRawBufferPointer, _ range: Range<Int>, parser: SplitParser, idColumn: Int?,
        shift: UInt64, hasher: Hasher.Type
    ) throws -> ChunkKeys {
        var result = ChunkKeys()
        guard let base = raw.baseAddress, !range.isEmpty else { return result }
        let casefold = parser.normalization.casefold
        var delimiter: Int32 = 0
        if case .delimited(let byte, _, _) = parser.layout { delimiter = Int32(byte) }
        let column = delimiter == 0 ? nil : idColumn
        result.keys.reserveCapacity(estimate(base, range))
        var keys = result.keys
        result.keys = []
        var position = range.lowerBound
        var line = 0
        while position < range.upperBound {
            line += 1
            let end = lineEnd(base, position, range.upperBound)
            var id = UnsafeRawBufferPointer(start: base + position, count: end - position)
            if let column {
                if SplitParser.trimmed(id).isEmpty {
                    position = end + 1
                    continue  // a blank line, as `parseRows` skips it
                }
                let (cell, _, found) = SplitParser.quoteFreeCells(
                    base, position, end, delimiter, idIndex: column, splitIndex: nil, needed: column)
                guard found > column else {
                    result.lines = line
                    throw parser.raggedRow(found: found, needed: column, line: line)
                }
                id = cell
            }
            // Most IDs need no trimming: printable ASCII at both ends.
            let plain = id.count > 0 && id[0] &- 0x21 < 0x5E && id[id.count - 1] &- 0x21 < 0x5E
            if !plain { id = SplitParser.trimmed(id) }
            if id.isEmpty {
                result.blank += 1
            } else if SplitParser.isASCII(id) {
                keys.append((Hasher.hash(id, lowercaseASCII: casefold) >> shift) << shift | UInt64(position))
            } else {
                result.unusualCount += 1
                if result.unusualFirst == nil { result.unusualFirst = Array(id) }
                let normalised = parser.normalization.nonASCII(id)
                if normalised.isEmpty {
                    result.blank += 1
                } else {
                    let hash = normalised.withUnsafeBytes { Hasher.hash($0, lowercaseASCII: casefold) }
                    keys.append((hash >> shift) << shift | UInt64(position))
                }
            }
            position = end + 1
        }
        result.keys = keys
        result.lines = line
        return result
    }

    /// `SplitParser.lineEnd` for short lines: the first 32 bytes eight at a time (a `memchr` call
    /// costs more than an ID's line), then `memchr`.
    @inline(__always) static func lineEnd(_ base: UnsafeRawPointer, _ start: Int, _ end: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        var position = start
        while position + 8 <= end, position < start + 32 {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            let x = word ^ (ones &* 0x0A)
            // The lowest byte of x that is zero sets the lowest flagged bit (higher flags may be false).
            let found = (x &- ones) & ~x & (ones &* 0x80)
            if found != 0 { return position + found.trailingZeroBitCount / 8 }
            position += 8
        }
        return SplitParser.lineEnd(base, position, end)
    }

    /// Rows expected in `range`, from the line density of its first 64 KiB (a little over, so
    /// the keys array rarely grows).
    private static func estimate(_ base: UnsafeRawPointer, _ range: Range<Int>) -> Int {
        let sample = min(range.count, 1 << 16)
        var lines = 0
        var position = range.lowerBound
        while position < range.lowerBound + sample {
            lines += 1
            position = SplitParser.lineEnd(base, position, range.lowerBound + sample) + 1
        }
        return Int(Double(range.count) / Double(max(1, sample)) * Double(lines) * 1.05) + 16
    }
}

/// The comparable bytes of the ID at a row offset, to confirm that keys with equal hash bits
/// are the same ID: read again from the mapped file, without re-parsing anything else.
struct IDReader: @unchecked Sendable {
    let raw: UnsafeRawBufferPointer
    let data: Data
    let parser: SplitParser
    let idColumn: Int?

    /// The trimmed ID at `record` in place when it is plain ASCII (its comparable form is then
    /// itself, lower-cased for `casefold`); nil when it needs `id(at:)`.
    func plain(at record: Int) -> UnsafeRawBufferPointer? {
        guard let base = raw.baseAddress, record < raw.count else { return nil }
        let end = ChunkKeys.lineEnd(base, record, raw.count)
        var cell = UnsafeRawBufferPointer(start: base + record, count: end - record)
        if case .delimited(let delimiter, _, _) = parser.layout {
            guard let idColumn, memchr(base + record, 0x22, end - record) == nil else { return nil }
            let (idCell, _, found) = SplitParser.quoteFreeCells(
                base, record, end, Int32(delimiter), idIndex: idColumn, splitIndex: nil, needed: idColumn)
            guard found > idColumn else { return nil }
            cell = idCell
        }
        let trimmed = SplitParser.trimmed(cell)
        return SplitParser.isASCII(trimmed) ? trimmed : nil
    }

    /// Whether two plain IDs (`plain(at:)`) are the same ID: their bytes, ASCII case ignored for
    /// `casefold`.
    static func same(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, casefold: Bool) -> Bool {
        guard a.count == b.count else { return false }
        guard casefold else { return a.elementsEqual(b) }
        for index in 0..<a.count {
            let (x, y) = (a[index], b[index])
            if x != y, (x &- 65 < 26 ? x | 0x20 : x) != (y &- 65 < 26 ? y | 0x20 : y) { return false }
        }
        return true
    }

    /// What `SplitParser.key(at:in:idColumn:)` returns, on a fast path for plain rows.
    func id(at record: Int) -> [UInt8] {
        guard let base = raw.baseAddress, record < raw.count else { return [] }
        let end = SplitParser.lineEnd(base, record, raw.count)
        var cell = UnsafeRawBufferPointer(start: base + record, count: end - record)
        if case .delimited(let delimiter, _, _) = parser.layout {
            guard let idColumn, memchr(base + record, 0x22, end - record) == nil else {
                return parser.key(at: record, in: data, idColumn: idColumn)
            }
            let (idCell, _, found) = SplitParser.quoteFreeCells(
                base, record, end, Int32(delimiter), idIndex: idColumn, splitIndex: nil, needed: idColumn)
            guard found > idColumn else { return [] }
            cell = idCell
        }
        let trimmed = SplitParser.trimmed(cell)
        guard SplitParser.isASCII(trimmed) else { return parser.normalization.comparable(trimmed: Array(trimmed)) }
        guard parser.normalization.casefold else { return Array(trimmed) }
        return trimmed.map { $0 &- 65 < 26 ? $0 | 0x20 : $0 }
    }
}
