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

    /// Keys sorted ascending (equal exactly when the values are equal, `==`) and the row of each,
    /// ties by row: the decimal keys when the values have them, else the order keys.
    static func sorted(_ values: [Double]) -> (keys: [UInt64], rows: [Int32]) {
        var keys = decimalKeys(values) ?? .mapping(values, orderKey)
        var rows = [Int32].mapping(0..<Int32(truncatingIfNeeded: values.count)) { $0 }
        sort(&keys, carrying: &rows)
        return (keys, rows)
    }

    /// 10⁰ ... 10¹⁵, every one an exact double.
    private static let powersOfTen: [Double] = (0...15).map { (0..<$0).reduce(1.0) { value, _ in value * 10 } }

    /// Narrow keys for decimal values (times to 0.1 day, scores to 10⁻⁶): when every value is the
    /// double nearest some k / 10ᵈ with one d ≤ 15 for all and |k| < 10¹⁵, the key of a value is
    /// its k − min k. They order as the values do: rounding to the nearest double is monotone, and
    /// decimals of at most 15 significant digits round to distinct doubles (DBL_DIG), so distinct
    /// k are distinct values and equal values (0.0 and −0.0 too) have one k. Their high digits are
    /// zero, so the radix sort skips those passes (two or three instead of six). `nil` when the
    /// values are not all such decimals (NaN, infinities, 17-digit noise, wide magnitudes).
    static func decimalKeys(_ values: [Double]) -> [UInt64]? {
        guard !values.isEmpty else { return nil }
        return values.withUnsafeBufferPointer { v -> [UInt64]? in
            // The places: the most any of the first values needs (a later one needing more restarts).
            var places = 0
            for value in v.prefix(256) {
                guard let needed = decimalPlaces(value) else { return nil }
                places = max(places, needed)
            }
            while true {
                let scale = powersOfTen[places]
                var low = Int64.max
                var failed: Double?
                var keys = [UInt64](unsafeUninitializedCapacity: v.count) { out, initialized in
                    LargeBuffers.adviseHugePages(UnsafeMutableRawPointer(out.baseAddress), v.count * 8)
                    for i in v.indices {
                        let k = (v[i] * scale).rounded()
                        guard abs(k) < 1e15, k / scale == v[i] else {
                            failed = v[i]
                            break
                        }
                        let integer = Int64(k)
                        low = min(low, integer)
                        out[i] = UInt64(bitPattern: integer)
                    }
                    initialized = failed == nil ? v.count : 0
                }
                if let failed {
                    guard let needed = decimalPlaces(failed), needed > places else { return nil }
                    places = needed
                    continue
                }
                let offset = UInt64(bitPattern: low)
                keys.withUnsafeMutableBufferPointer { keys in
                    for i in keys.indices { keys[i] &-= offset }
                }
                return keys
            }
        }
    }

    /// The fewest decimal places d ≤ 15 with `value` the double nearest k / 10ᵈ, |k| < 10¹⁵.
    private static func decimalPlaces(_ value: Double) -> Int? {
        for places in 0...15 {
            let scale = powersOfTen[places]
            let k = (value * scale).rounded()
            guard abs(k) < 1e15 else { return nil }
            if k / scale == value { return places }
        }
        return nil
    }

    /// Dense ranks of `values` (see `ScoreRanks`).
    static func ranks(_ values: [Double]) -> ScoreRanks {
        let (keys, order) = sorted(values)
        // Every element is written below (`order` is a permutation of the rows).
        var ranks = [Int32].unwritten(values.count)
        var positionRank = [Int32].unwritten(values.count)
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
        var keyScratch = [UInt64].unwritten(n)
        var rowScratch = [Int32].unwritten(n)
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
