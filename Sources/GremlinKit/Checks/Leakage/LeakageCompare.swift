// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

extension LeakageAnalysis {
    /// What pass 2 counts: per split, distinct and duplicated IDs; per pair, shared IDs and the
    /// smallest salted-hash prefixes of them (the examples).
    struct Tally {
        var distinct: [Int]
        var duplicateIDs: [Int]
        var duplicateRows: [Int]
        /// Every pair of splits `(a, b)`, `a < b`, in policy order.
        var pairs: [(Int, Int)]
        var shared: [Int]
        /// Per pair: the first 48 bits of `sha256(salt ‖ ID)` of its shared IDs, the smallest
        /// `LeakageCheck.examplesPerPair`, ascending (what sorting the hex strings gives).
        var examples: [[UInt64]]

        init(splits: Int, pairs: [(Int, Int)]) {
            distinct = Array(repeating: 0, count: splits)
            duplicateIDs = distinct
            duplicateRows = distinct
            self.pairs = pairs
            shared = Array(repeating: 0, count: pairs.count)
            examples = Array(repeating: [], count: pairs.count)
        }

        mutating func add(_ other: Tally) {
            for split in distinct.indices {
                distinct[split] += other.distinct[split]
                duplicateIDs[split] += other.duplicateIDs[split]
                duplicateRows[split] += other.duplicateRows[split]
            }
            for pair in pairs.indices {
                shared[pair] += other.shared[pair]
                for value in other.examples[pair] { Tally.keepSmallest(&examples[pair], value) }
            }
        }

        static func keepSmallest(_ list: inout [UInt64], _ value: UInt64) {
            let limit = LeakageCheck.examplesPerPair
            if list.count == limit, let last = list.last, value >= last { return }
            list.insert(value, at: list.firstIndex { $0 > value } ?? list.count)
            if list.count > limit { list.removeLast() }
        }
    }

    /// Pass 2 over the sorted keys: groups of equal hash bits within a split and across pairs,
    /// every group of more than one key and every shared group confirmed on the ID bytes
    /// (`readers`), so counts are exact whatever the hash. The hash space is cut into ranges
    /// (a group never straddles one) that run on every core.
    static func compare(
        keys: [[UInt64]], readers: [IDReader], shift: UInt64, groupShift: UInt64, salt: [UInt8]
    ) -> Tally {
        let pairs = keys.indices.flatMap { a in keys.indices.filter { $0 > a }.map { (a, $0) } }
        let total = keys.reduce(0) { $0 + $1.count }
        let partBits = total >= 1 << 16 ? min(6, 64 - Int(groupShift)) : 0
        let offsetMask = (UInt64(1) << shift) - 1
        let casefold = readers.first?.parser.normalization.casefold ?? false
        let tallies = parallelMap(Array(0..<(1 << partBits))) { part -> Tally in
            var tally = Tally(splits: keys.count, pairs: pairs)
            let bounds = keys.map { Self.bounds(of: part, bits: partBits, in: $0) }
            func id(_ split: Int, _ key: UInt64) -> [UInt8] { readers[split].id(at: Int(key & offsetMask)) }
            func ids(_ split: Int, _ group: UnsafeBufferPointer<UInt64>.SubSequence) -> [[UInt8]: Int] {
                let first = id(split, group[group.startIndex])
                var others: [[UInt8]] = []
                for key in group.dropFirst() {
                    let next = id(split, key)
                    if next != first { others.append(next) }
                }
                var found = [first: group.count - others.count]
                for other in others { found[other, default: 0] += 1 }
                return found
            }
            for split in keys.indices {
                keys[split].withUnsafeBufferPointer { all in
                    let values = UnsafeBufferPointer(rebasing: all[bounds[split]])
                    Self.forEachGroup(values, shift: groupShift) { range in
                        guard range.count > 1 else {
                            tally.distinct[split] += 1
                            return
                        }
                        let found = ids(split, values[range])
                        tally.distinct[split] += found.count
                        for (_, occurrences) in found where occurrences > 1 {
                            tally.duplicateIDs[split] += 1
                            tally.duplicateRows[split] += occurrences - 1
                        }
                    }
                }
            }
            for (position, (a, b)) in pairs.enumerated() {
                keys[a].withUnsafeBufferPointer { allA in
                    keys[b].withUnsafeBufferPointer { allB in
                        let left = UnsafeBufferPointer(rebasing: allA[bounds[a]])
                        let right = UnsafeBufferPointer(rebasing: allB[bounds[b]])
                        Self.forEachSharedGroup(left, right, shift: groupShift) { inLeft, inRight in
                            if inLeft.count == 1, inRight.count == 1,
                                let x = readers[a].plain(at: Int(left[inLeft.lowerBound] & offsetMask)),
                                let y = readers[b].plain(at: Int(right[inRight.lowerBound] & offsetMask))
                            {
                                // The common case, in place: two plain ASCII IDs.
                                guard IDReader.same(x, y, casefold: casefold) else { return }
                                tally.shared[position] += 1
                                let prefix =
                                    casefold
                                    ? Self.examplePrefix(x.map { $0 &- 65 < 26 ? $0 | 0x20 : $0 }, salt: salt)
                                    : Self.examplePrefix(x, salt: salt)
                                Tally.keepSmallest(&tally.examples[position], prefix)
                                return
                            }
                            if inLeft.count == 1, inRight.count == 1 {
                                let shared = id(a, left[inLeft.lowerBound])
                                guard shared == id(b, right[inRight.lowerBound]) else { return }
                                tally.shared[position] += 1
                                Tally.keepSmallest(&tally.examples[position], Self.examplePrefix(shared, salt: salt))
                                return
                            }
                            let rightIDs = ids(b, right[inRight])
                            for shared in ids(a, left[inLeft]).keys where rightIDs[shared] != nil {
                                tally.shared[position] += 1
                                Tally.keepSmallest(&tally.examples[position], Self.examplePrefix(shared, salt: salt))
                            }
                        }
                    }
                }
            }
            return tally
        }
        var tally = Tally(splits: keys.count, pairs: pairs)
        for part in tallies { tally.add(part) }
        return tally
    }

    /// The index range of the sorted `keys` whose top `bits` bits are `part`.
    static func bounds(of part: Int, bits: Int, in keys: [UInt64]) -> Range<Int> {
        guard bits > 0 else { return keys.indices }
        func first(atLeast value: UInt64) -> Int {
            var (low, high) = (0, keys.count)
            while low < high {
                let middle = (low + high) / 2
                if keys[middle] >> UInt64(64 - bits) < value { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return first(atLeast: UInt64(part))..<first(atLeast: UInt64(part + 1))
    }

    /// Calls `body` with the index range of each run of keys sharing their hash bits.
    static func forEachGroup(_ values: UnsafeBufferPointer<UInt64>, shift: UInt64, _ body: (Range<Int>) -> Void) {
        var start = 0
        while start < values.count {
            let hash = values[start] >> shift
            var end = start + 1
            while end < values.count, values[end] >> shift == hash { end += 1 }
            body(start..<end)
            start = end
        }
    }

    /// Calls `body` with the key ranges of every hash present in both sorted key arrays.
    static func forEachSharedGroup(
        _ a: UnsafeBufferPointer<UInt64>, _ b: UnsafeBufferPointer<UInt64>, shift: UInt64,
        _ body: (Range<Int>, Range<Int>) -> Void
    ) {
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            let left = a[i] >> shift
            let right = b[j] >> shift
            if left < right {
                i += 1
            } else if left > right {
                j += 1
            } else {
                var iEnd = i + 1
                var jEnd = j + 1
                while iEnd < a.count, a[iEnd] >> shift == left { iEnd += 1 }
                while jEnd < b.count, b[jEnd] >> shift == left { jEnd += 1 }
                body(i..<iEnd, j..<jEnd)
                i = iEnd
                j = jEnd
            }
        }
    }

    /// The first 48 bits of `sha256(salt ‖ id)`: `example(id, salt:)` as a number.
    static func examplePrefix<ID: ContiguousBytes>(_ id: ID, salt: [UInt8]) -> UInt64 {
        var hasher = SHA256()
        salt.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        id.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().withUnsafeBytes { digest in
            (0..<6).reduce(UInt64(0)) { $0 << 8 | UInt64(digest[$1]) }
        }
    }

    /// `examplePrefix` as the 12 hex digits `example(id, salt:)` gives.
    static func hex12(_ prefix: UInt64) -> String {
        Hex.string((0..<6).map { UInt8(truncatingIfNeeded: prefix >> UInt64(40 - 8 * $0)) })
    }
}
