// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Rows sorted by value with a least-significant-digit radix sort on the values' order keys:
/// stable, O(n) per 11-bit digit, and a digit every key shares costs no pass.
enum RowSort {
    private static let bits = 11
    private static let buckets = 1 << bits
    private static let mask: UInt64 = (1 << 11) - 1
    private static let passes = (64 + bits - 1) / bits

    /// `values` ascending with their row, ties by row: the order of a stable sort of the rows by
    /// `<` (so -0.0 and 0.0, equal under `<`, keep their row order). Values must not be NaN.
    static func sortedWithRows(_ values: [Double]) -> [(value: Double, row: Int32)] {
        var keys = values.map(orderKey)
        var rows = (0..<Int32(truncatingIfNeeded: values.count)).map { $0 }
        sort(&keys, carrying: &rows)
        return values.withUnsafeBufferPointer { v in rows.map { (value: v[Int($0)], row: $0) } }
    }

    /// The values' order keys sorted ascending and the row of each, ties by row.
    static func sorted(_ values: [Double]) -> (keys: [UInt64], rows: [Int32]) {
        var keys = values.map(orderKey)
        var rows = (0..<Int32(truncatingIfNeeded: values.count)).map { $0 }
        sort(&keys, carrying: &rows)
        return (keys, rows)
    }

    /// Dense ranks of `values` (see `ScoreRanks`).
    static func ranks(_ values: [Double]) -> ScoreRanks {
        let (keys, order) = sorted(values)
        var ranks = [Int32](repeating: 0, count: values.count)
        var positionRank = [Int32](repeating: 0, count: values.count)
        var rank: Int32 = -1
        keys.withUnsafeBufferPointer { k in
            order.withUnsafeBufferPointer { o in
                ranks.withUnsafeMutableBufferPointer { r in
                    positionRank.withUnsafeMutableBufferPointer { pr in
                        for p in k.indices {
                            if p == 0 || k[p] != k[p - 1] { rank += 1 }
                            r[Int(o[p])] = rank
                            pr[p] = rank
                        }
                    }
                }
            }
        }
        return ScoreRanks(ranks: ranks, distinct: Int(rank + 1), order: order, positionRank: positionRank)
    }

    /// A key whose unsigned order is the order of the doubles under `<` (NaN excluded); 0.0 and
    /// -0.0 share one key.
    @inline(__always)
    static func orderKey(_ value: Double) -> UInt64 {
        let bits = (value == 0 ? 0.0 : value).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// Sorts `keys` ascending and permutes `rows` alike; equal keys keep their order.
    static func sort(_ keys: inout [UInt64], carrying rows: inout [Int32]) {
        let n = keys.count
        guard n > 1 else { return }
        var counts = [Int](repeating: 0, count: passes * buckets)
        keys.withUnsafeBufferPointer { k in
            counts.withUnsafeMutableBufferPointer { c in
                for key in k {
                    var shifted = key
                    for pass in 0..<passes {
                        c[pass * buckets + Int(shifted & mask)] += 1
                        shifted >>= UInt64(bits)
                    }
                }
            }
        }
        var keyScratch = [UInt64](repeating: 0, count: n)
        var rowScratch = [Int32](repeating: 0, count: n)
        var inScratch = false
        var offsets = [Int](repeating: 0, count: buckets)
        for pass in 0..<passes {
            // A digit every key shares leaves the order as it is.
            let histogram = counts[(pass * buckets)..<((pass + 1) * buckets)]
            if histogram.contains(n) { continue }
            var total = 0
            for (digit, count) in zip(0..., histogram) {
                offsets[digit] = total
                total += count
            }
            let shift = UInt64(pass * bits)
            if inScratch {
                scatter(keyScratch, rowScratch, into: &keys, &rows, shift, &offsets)
            } else {
                scatter(keys, rows, into: &keyScratch, &rowScratch, shift, &offsets)
            }
            inScratch.toggle()
        }
        if inScratch {
            swap(&keys, &keyScratch)
            swap(&rows, &rowScratch)
        }
    }

    private static func scatter(
        _ keys: [UInt64], _ rows: [Int32], into keysOut: inout [UInt64], _ rowsOut: inout [Int32],
        _ shift: UInt64, _ offsets: inout [Int]
    ) {
        keys.withUnsafeBufferPointer { k in
            rows.withUnsafeBufferPointer { r in
                keysOut.withUnsafeMutableBufferPointer { ko in
                    rowsOut.withUnsafeMutableBufferPointer { ro in
                        offsets.withUnsafeMutableBufferPointer { o in
                            for i in k.indices {
                                let digit = Int((k[i] >> shift) & mask)
                                let at = o[digit]
                                ko[at] = k[i]
                                ro[at] = r[i]
                                o[digit] = at + 1
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Dense ranks (0-based; equal values, `==`, share a rank) with the sort behind them.
struct ScoreRanks: Sendable {
    /// The rank of each row.
    let ranks: [Int32]
    /// Number of distinct values.
    let distinct: Int
    /// Rows by value ascending, ties by row.
    let order: [Int32]
    /// The rank of `order[p]`, by position `p` (non-decreasing).
    let positionRank: [Int32]
}
