// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The fast reader of predictions files: bytes, no `String` per number, rows in chunks on every core.
///
/// It reads the files models write — unquoted cells, LF or CRLF line ends, an optional BOM, ASCII
/// patient IDs — and returns exactly what the general reader (`PredictionsReader.parseGeneral`, the
/// reference) returns for them. Numbers are read from the bytes (`DecimalBytes`); a number cell
/// outside its fast case goes through the general reader's own `number` on that cell's text. Any
/// other file — a quote anywhere (a quoted cell may hold a line break, so the file cannot be cut on
/// lines), a lone CR, a non-ASCII patient ID (Unicode trimming and equality), invalid UTF-8 — and
/// every input error make it return nil: the general reader then reads the file and names the
/// problem with its file, line and column, so messages are the reference's by construction.
enum PredictionsScanner {
    /// The predictions in `data`, or nil when the general reader must read it.
    static func parse(
        _ data: Data, file: String, workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> Predictions? {
        guard let layout = header(data) else { return nil }
        let ranges = chunks(data, from: layout.dataStart, parts: max(1, workers) * 4)
        guard !ranges.isEmpty else { return nil }
        // A row is one line, so the lines before a range bound the slot of its first row: each
        // range writes its rows straight into the columns, blank lines leave gaps closed after.
        let lineCounts = parallelMap(ranges, workers: workers) { lineCount(data, $0) }
        var firstSlot: [Int] = []
        var slots = 0
        for count in lineCounts {
            firstSlot.append(slots)
            slots += count
        }
        guard slots > 0, var table = Table(slots: slots, extras: layout.extras.count),
            table.fill(data, ranges, firstSlot: firstSlot, layout, workers: workers), !table.time.isEmpty,
            !hasDuplicate(table.hashes, ranges: table.idRanges, in: data, workers: workers)
        else { return nil }
        let (mean, sd) = meanAndSampleSD(table.score)
        guard mean.isFinite, sd.isFinite else { return nil }
        var columnValues: [String: [String]] = [:]
        for (k, extra) in layout.extras.enumerated() { columnValues[extra.name] = table.extras[k] }
        return Predictions(
            file: file, ids: PatientIDs(data: data, ranges: table.idRanges), time: table.time, event: table.event,
            score: table.score, lines: table.lines, extraColumns: layout.extras.map(\.name),
            columnValues: columnValues)
    }

    /// Where the columns are and where the data starts.
    struct Layout: Sendable {
        var columns: Int
        var id: Int
        var time: Int
        var event: Int
        var score: Int
        var extras: [(name: String, index: Int)]
        /// Byte offset of the first line after the header, and its 1-based line number.
        var dataStart: Int
        var dataLine: Int
    }

    static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")

    /// The header (the first non-blank line), when it is one the fast reader takes.
    static func header(_ data: Data) -> Layout? {
        data.withUnsafeBytes { raw -> Layout? in
            guard let base = raw.baseAddress, raw.count > 0 else { return nil }
            var start = raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF ? 3 : 0
            var line = 1
            while start < raw.count {
                let (end, next) = lineBounds(base, start, raw.count)
                if end == start {
                    line += 1
                    start = next
                    continue
                }
                var names: [String] = []
                var cellStart = start
                for i in start...end where i == end || raw[i] == comma {
                    let cell = UnsafeRawBufferPointer(rebasing: raw[cellStart..<i])
                    if cell.contains(quote) || cell.contains(cr) { return nil }
                    guard let text = String(validating: cell, as: UTF8.self) else { return nil }
                    names.append(text.trimmingCharacters(in: CharacterSet(charactersIn: " \t")))
                    cellStart = i + 1
                }
                guard Set(names).count == names.count,
                    let id = names.firstIndex(of: "patient_id"), let time = names.firstIndex(of: "time"),
                    let event = names.firstIndex(of: "event"), let score = names.firstIndex(of: "score")
                else { return nil }
                let extras = names.enumerated().filter { !PredictionsReader.requiredColumns.contains($0.element) }
                return Layout(
                    columns: names.count, id: id, time: time, event: event, score: score,
                    extras: extras.map { ($0.element, $0.offset) }, dataStart: next, dataLine: line + 1)
            }
            return nil
        }
    }

    /// The end of the line starting at `start` (before a CRLF's CR or the LF) and where the next begins.
    @inline(__always)
    static func lineBounds(_ base: UnsafeRawPointer, _ start: Int, _ count: Int) -> (end: Int, next: Int) {
        let lineFeed = SplitParser.lineEnd(base, start, count)
        var end = lineFeed
        if lineFeed < count, end > start, base.load(fromByteOffset: end - 1, as: UInt8.self) == cr { end -= 1 }
        return (end, min(count, lineFeed + 1))
    }

    /// The first byte below "-" (0x2D: the line feed, CR, comma and quote among them) from `from`
    /// on, else `upper`. Eight bytes at a time: `(w − 0x2D…) & ~w & 0x80…` marks the bytes below
    /// 0x2D, the lowest mark exactly (a borrow only runs upward from a marked byte).
    @inline(__always)
    static func nextBelowMinus(_ base: UnsafeRawPointer, _ from: Int, _ upper: Int) -> Int {
        var i = from
        while i + 8 <= upper {
            let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let marks = (w &- 0x2D2D_2D2D_2D2D_2D2D) & ~w & 0x8080_8080_8080_8080
            if marks != 0 { return i + marks.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < upper, base.load(fromByteOffset: i, as: UInt8.self) >= 0x2D { i += 1 }
        return i
    }

    /// The data bytes from `start` cut after line feeds into about `parts` ranges.
    static func chunks(_ data: Data, from start: Int, parts: Int) -> [Range<Int>] {
        data.withUnsafeBytes { raw -> [Range<Int>] in
            guard let base = raw.baseAddress else { return [] }
            var ranges: [Range<Int>] = []
            let size = max(1 << 16, (raw.count - start) / parts)
            var lower = start
            while lower < raw.count {
                var upper = min(raw.count, lower + size)
                if upper < raw.count { upper = min(raw.count, SplitParser.lineEnd(base, upper, raw.count) + 1) }
                ranges.append(lower..<upper)
                lower = upper
            }
            return ranges
        }
    }

    /// The lines in `range`: its line feeds, and one more for a last line without one.
    static func lineCount(_ data: Data, _ range: Range<Int>) -> Int {
        data.withUnsafeBytes { raw -> Int in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[range])
            guard let base = bytes.baseAddress else { return 0 }
            var count = 0
            var i = 0
            // Eight bytes at a time: t = w ^ LF has a zero byte per line feed, and
            // ((t & 0x7F…) + 0x7F…) | t sets the high bit of exactly its non-zero bytes.
            while i + 8 <= bytes.count {
                let t =
                    UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ 0x0A0A_0A0A_0A0A_0A0A
                let nonZero = (((t & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | t) & 0x8080_8080_8080_8080
                count &+= 8 &- nonZero.nonzeroBitCount
                i += 8
            }
            while i < bytes.count {
                count &+= bytes[i] == lf ? 1 : 0
                i += 1
            }
            return count + (bytes.last.map { $0 != lf ? 1 : 0 } ?? 0)
        }
    }

    /// A 64-bit fingerprint of an ID's bytes (collisions are confirmed, so it need only spread well).
    @inline(__always)
    static func fingerprint(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < bytes.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < bytes.count {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        h = (h ^ (h >> 29)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 32)
    }
}
