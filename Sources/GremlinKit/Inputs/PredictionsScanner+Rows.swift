// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension PredictionsScanner {
    /// The columns of every row, filled by ranges of lines in parallel.
    struct Table {
        var time: [Double]
        var score: [Double]
        var event: [Bool]
        var lines: [Int]
        /// Per row, the patient ID's byte offset << `PatientIDs.lengthBits` | its length.
        var idRanges: [UInt64]
        var hashes: [UInt64]
        var extras: [[String]]

        init?(slots: Int, extras: Int) {
            guard slots > 0 else { return nil }
            // Left unwritten: every slot a range fills is written by its reader before anything
            // reads it, and `fill` drops the slots no row reached (so the pages are first touched
            // by the readers, on every core, instead of by one zeroing pass here).
            time = .unwritten(slots)
            score = .unwritten(slots)
            event = .unwritten(slots)
            lines = .unwritten(slots)
            idRanges = .unwritten(slots)
            hashes = .unwritten(slots)
            self.extras = Array(repeating: [String](repeating: "", count: slots), count: extras)
        }

        /// Reads every range (its rows from `firstSlot[k]` on) and closes the gaps blank lines
        /// left; false when the general reader must read the file.
        mutating func fill(
            _ data: Data, _ ranges: [Range<Int>], firstSlot: [Int], _ layout: Layout, workers: Int
        ) -> Bool {
            let extraColumns = extras.count
            var extras = self.extras
            self.extras = []
            defer { self.extras = extras }
            let counts: [Int?] = time.withUnsafeMutableBufferPointer { time in
                score.withUnsafeMutableBufferPointer { score in
                    event.withUnsafeMutableBufferPointer { event in
                        lines.withUnsafeMutableBufferPointer { lines in
                            idRanges.withUnsafeMutableBufferPointer { idRanges in
                                hashes.withUnsafeMutableBufferPointer { hashes in
                                    let sink = Sink(
                                        time: time.baseAddress!, score: score.baseAddress!, event: event.baseAddress!,
                                        lines: lines.baseAddress!, idRanges: idRanges.baseAddress!,
                                        hashes: hashes.baseAddress!)
                                    let strings = Strings(extraColumns)
                                    let counts = parallelMap(Array(ranges.indices), workers: workers) { k in
                                        var reader = RangeReader(sink: sink, slot: firstSlot[k], layout: layout)
                                        return reader.read(data, ranges[k], firstLine: layout.dataLine + firstSlot[k])
                                            ? reader.rows(strings, k) : nil
                                    }
                                    strings.place(into: &extras, counts, firstSlot)
                                    return counts
                                }
                            }
                        }
                    }
                }
            }
            var written = 0
            for (k, count) in counts.enumerated() {
                guard let count else { return false }
                let from = firstSlot[k]
                if from != written {
                    for offset in 0..<count {
                        time[written + offset] = time[from + offset]
                        score[written + offset] = score[from + offset]
                        event[written + offset] = event[from + offset]
                        lines[written + offset] = lines[from + offset]
                        idRanges[written + offset] = idRanges[from + offset]
                        hashes[written + offset] = hashes[from + offset]
                        for c in 0..<extraColumns { extras[c][written + offset] = extras[c][from + offset] }
                    }
                }
                written += count
            }
            let unused = time.count - written
            if unused > 0 {
                time.removeLast(unused)
                score.removeLast(unused)
                event.removeLast(unused)
                lines.removeLast(unused)
                idRanges.removeLast(unused)
                hashes.removeLast(unused)
                for c in 0..<extraColumns { extras[c].removeLast(unused) }
            }
            return true
        }
    }

    /// Where the ranges write: disjoint slots of the table's columns.
    struct Sink: @unchecked Sendable {
        let time: UnsafeMutablePointer<Double>
        let score: UnsafeMutablePointer<Double>
        let event: UnsafeMutablePointer<Bool>
        let lines: UnsafeMutablePointer<Int>
        let idRanges: UnsafeMutablePointer<UInt64>
        let hashes: UnsafeMutablePointer<UInt64>
    }

    /// The extra columns' values of each range, kept until they are placed in the table.
    final class Strings: @unchecked Sendable {
        private let parts: Locked<[Int: [[String]]]>
        let columns: Int

        init(_ columns: Int) {
            self.columns = columns
            parts = Locked([:])
        }

        func keep(_ values: [[String]], range: Int) { parts.withLock { $0[range] = values } }

        func place(into extras: inout [[String]], _ counts: [Int?], _ firstSlot: [Int]) {
            guard columns > 0 else { return }
            let parts = self.parts.withLock { $0 }
            for (k, values) in parts where counts[k] != nil {
                for c in 0..<columns {
                    for (offset, value) in values[c].enumerated() { extras[c][firstSlot[k] + offset] = value }
                }
            }
        }
    }

    /// Reads the rows of one range of lines into the sink from `slot` on.
    struct RangeReader {
        let sink: Sink
        var slot: Int
        let first: Int
        let layout: Layout
        var extras: [[String]]

        init(sink: Sink, slot: Int, layout: Layout) {
            self.sink = sink
            self.slot = slot
            first = slot
            self.layout = layout
            extras = Array(repeating: [], count: layout.extras.count)
        }

        /// The rows read, after handing the extra columns' values to `strings`.
        func rows(_ strings: Strings, _ range: Int) -> Int {
            if !extras.isEmpty { strings.keep(extras, range: range) }
            return slot - first
        }

        /// Reads every line of `range` (the first is line `firstLine`); false when the general
        /// reader must read the file.
        mutating func read(_ data: Data, _ range: Range<Int>, firstLine: Int) -> Bool {
            data.withUnsafeBytes { raw -> Bool in
                guard let base = raw.baseAddress else { return false }
                return read(raw.bindMemory(to: UInt8.self), base, range, firstLine)
            }
        }

        private mutating func read(
            _ bytes: UnsafeBufferPointer<UInt8>, _ base: UnsafeRawPointer, _ range: Range<Int>, _ firstLine: Int
        ) -> Bool {
            let columns = layout.columns
            let upper = range.upperBound
            var bounds = [Int](repeating: 0, count: columns + 1)
            var start = range.lowerBound
            var line = firstLine
            return bounds.withUnsafeMutableBufferPointer { bounds -> Bool in
                while start < upper {
                    // One pass over the line, stopping only at the bytes below "-" (commas, the
                    // line feed, CR, quotes; and spaces, tabs and some punctuation, passed over).
                    // Cell k is bounds[k] ..< bounds[k + 1] - 1.
                    bounds[0] = start
                    var k = 0
                    var at = start
                    while true {
                        at = PredictionsScanner.nextBelowMinus(base, at, upper)
                        guard at < upper else { break }
                        let b = bytes[at]
                        if b == PredictionsScanner.lf { break }
                        if b == PredictionsScanner.comma {
                            k += 1
                            guard k < columns else { return false }
                            bounds[k] = at + 1
                        } else if b == PredictionsScanner.quote {
                            return false
                        } else if b == PredictionsScanner.cr {
                            // Only the CR of a CRLF line end.
                            guard at + 1 < upper, bytes[at + 1] == PredictionsScanner.lf else { return false }
                        }
                        at += 1
                    }
                    var end = at
                    if at < upper, end > start, bytes[end - 1] == PredictionsScanner.cr { end -= 1 }
                    defer {
                        line += 1
                        start = min(upper, at + 1)
                    }
                    if end == start { continue }  // a blank line
                    guard k == columns - 1 else { return false }
                    bounds[columns] = end + 1
                    func cell(_ k: Int) -> UnsafeBufferPointer<UInt8> {
                        UnsafeBufferPointer(rebasing: bytes[bounds[k]..<(bounds[k + 1] - 1)])
                    }
                    guard row(bytes, cell(layout.id), cell(layout.time), cell(layout.event), cell(layout.score))
                    else { return false }
                    for (slot, extra) in layout.extras.enumerated() {
                        guard let value = String(validating: cell(extra.index), as: UTF8.self) else { return false }
                        extras[slot].append(value)
                    }
                    sink.lines[slot] = line
                    slot += 1
                }
                return true
            }
        }

        /// Checks one row's required cells and writes them to the row's slot.
        @inline(__always)
        private func row(
            _ bytes: UnsafeBufferPointer<UInt8>, _ idCell: UnsafeBufferPointer<UInt8>,
            _ timeCell: UnsafeBufferPointer<UInt8>, _ eventCell: UnsafeBufferPointer<UInt8>,
            _ scoreCell: UnsafeBufferPointer<UInt8>
        ) -> Bool {
            let id = PredictionsScanner.trimmed(idCell)
            guard !id.isEmpty, id.count < 1 << PatientIDs.lengthBits else { return false }
            for b in id where b >= 0x80 { return false }
            guard let t = PredictionsScanner.number(timeCell, column: "time"), t >= 0,
                let s = PredictionsScanner.number(scoreCell, column: "score"), abs(s) <= PredictionsReader.maxScore,
                let e = PredictionsScanner.event(eventCell)
            else { return false }
            let offset = bytes.baseAddress!.distance(to: id.baseAddress!)
            sink.idRanges[slot] = UInt64(offset) << PatientIDs.lengthBits | UInt64(id.count)
            sink.hashes[slot] = PredictionsScanner.fingerprint(UnsafeRawBufferPointer(id))
            sink.time[slot] = t
            sink.event[slot] = e
            sink.score[slot] = s
            return true
        }
    }

    /// A cell without the spaces and tabs around it (the ASCII part of `.whitespaces`).
    @inline(__always)
    static func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0
        var hi = cell.count
        while lo < hi, cell[lo] == 0x20 || cell[lo] == 0x09 { lo += 1 }
        while hi > lo, cell[hi - 1] == 0x20 || cell[hi - 1] == 0x09 { hi -= 1 }
        return UnsafeBufferPointer(rebasing: cell[lo..<hi])
    }

    /// A number cell's value: from the bytes in the common case, else as the general reader reads
    /// the cell's text; nil when that is an error.
    @inline(__always)
    static func number(_ cell: UnsafeBufferPointer<UInt8>, column: String) -> Double? {
        if let value = DecimalBytes.parse(UnsafeRawBufferPointer(trimmed(cell))) { return value }
        guard let text = String(validating: cell, as: UTF8.self) else { return nil }
        return try? PredictionsReader.number(text, column: column) { InputError(file: "", message: $0, fix: $1) }
    }

    /// An event cell's value (1/0, 1.0/0.0, true/false in any case), as `PredictionsReader.eventValue`.
    @inline(__always)
    static func event(_ cell: UnsafeBufferPointer<UInt8>) -> Bool? {
        let v = trimmed(cell)
        switch v.count {
        case 1:
            if v[0] == UInt8(ascii: "1") { return true }
            if v[0] == UInt8(ascii: "0") { return false }
        case 3:
            if v[1] == UInt8(ascii: "."), v[2] == UInt8(ascii: "0") {
                if v[0] == UInt8(ascii: "1") { return true }
                if v[0] == UInt8(ascii: "0") { return false }
            }
        case 4:
            if v[0] | 0x20 == UInt8(ascii: "t"), v[1] | 0x20 == UInt8(ascii: "r"), v[2] | 0x20 == UInt8(ascii: "u"),
                v[3] | 0x20 == UInt8(ascii: "e")
            {
                return true
            }
        case 5:
            if v[0] | 0x20 == UInt8(ascii: "f"), v[1] | 0x20 == UInt8(ascii: "a"), v[2] | 0x20 == UInt8(ascii: "l"),
                v[3] | 0x20 == UInt8(ascii: "s"), v[4] | 0x20 == UInt8(ascii: "e")
            {
                return false
            }
        default:
            break
        }
        guard let text = String(validating: cell, as: UTF8.self) else { return nil }
        return PredictionsReader.eventValue(text)
    }
}
