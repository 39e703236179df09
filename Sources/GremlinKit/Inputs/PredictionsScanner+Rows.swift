// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension PredictionsScanner {
    /// The rows of one range of lines, with line numbers relative to the range's first line (0).
    struct Chunk: Sendable {
        var ids: [String] = []
        var hashes: [UInt64] = []
        var time: [Double] = []
        var event: [Bool] = []
        var score: [Double] = []
        var lines: [Int] = []
        var extras: [[String]]
        /// Lines the range spans.
        var lineCount = 0

        init(extras: Int) { self.extras = Array(repeating: [], count: extras) }

        /// Reads every line of `range`; false when the general reader must read the file.
        mutating func read(_ data: Data, _ range: Range<Int>, _ layout: Layout) -> Bool {
            data.withUnsafeBytes { raw -> Bool in
                guard let base = raw.baseAddress else { return false }
                return read(raw.bindMemory(to: UInt8.self), base, range, layout)
            }
        }

        private mutating func read(
            _ bytes: UnsafeBufferPointer<UInt8>, _ base: UnsafeRawPointer, _ range: Range<Int>, _ layout: Layout
        ) -> Bool {
            let expected = range.count / 20 + 1
            ids.reserveCapacity(expected)
            hashes.reserveCapacity(expected)
            time.reserveCapacity(expected)
            event.reserveCapacity(expected)
            score.reserveCapacity(expected)
            lines.reserveCapacity(expected)
            let columns = layout.columns
            var bounds = [Int](repeating: 0, count: columns + 1)
            var start = range.lowerBound
            var line = 0
            return bounds.withUnsafeMutableBufferPointer { bounds -> Bool in
                while start < range.upperBound {
                    let (end, next) = PredictionsScanner.lineBounds(base, start, range.upperBound)
                    defer {
                        line += 1
                        start = next
                    }
                    if end == start { continue }  // a blank line
                    // Cell k is bounds[k] ..< bounds[k + 1] - 1.
                    bounds[0] = start
                    var k = 0
                    for i in start..<end {
                        let b = bytes[i]
                        guard b <= PredictionsScanner.comma else { continue }
                        if b == PredictionsScanner.comma {
                            k += 1
                            guard k < columns else { return false }
                            bounds[k] = i + 1
                        } else if b == PredictionsScanner.quote || b == PredictionsScanner.cr {
                            return false
                        }
                    }
                    guard k == columns - 1 else { return false }
                    bounds[columns] = end + 1
                    func cell(_ k: Int) -> UnsafeBufferPointer<UInt8> {
                        UnsafeBufferPointer(rebasing: bytes[bounds[k]..<(bounds[k + 1] - 1)])
                    }
                    guard row(cell(layout.id), cell(layout.time), cell(layout.event), cell(layout.score)) else {
                        return false
                    }
                    for (slot, extra) in layout.extras.enumerated() {
                        guard let value = String(validating: cell(extra.index), as: UTF8.self) else { return false }
                        extras[slot].append(value)
                    }
                    lines.append(line)
                }
                lineCount = line
                return true
            }
        }

        /// Checks and appends one row's required cells.
        @inline(__always)
        private mutating func row(
            _ idCell: UnsafeBufferPointer<UInt8>, _ timeCell: UnsafeBufferPointer<UInt8>,
            _ eventCell: UnsafeBufferPointer<UInt8>, _ scoreCell: UnsafeBufferPointer<UInt8>
        ) -> Bool {
            let id = PredictionsScanner.trimmed(idCell)
            guard !id.isEmpty else { return false }
            for b in id where b >= 0x80 { return false }
            guard let t = PredictionsScanner.number(timeCell, column: "time"), t >= 0,
                let s = PredictionsScanner.number(scoreCell, column: "score"), abs(s) <= PredictionsReader.maxScore,
                let e = PredictionsScanner.event(eventCell)
            else { return false }
            hashes.append(PredictionsScanner.fingerprint(UnsafeRawBufferPointer(id)))
            ids.append(String(decoding: id, as: UTF8.self))
            time.append(t)
            event.append(e)
            score.append(s)
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
