// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Weighted counts over score ranks 0..<k with prefix queries, for the replicate concordance
/// walk: a 16-ary tree whose node lines (16 × 32 bits, one aligned 64-byte cache line each)
/// hold running sums of their children. An insertion updates one line per level with the same
/// 16-lane masked add; a query reads one entry per level. For 10⁵ ranks that is 5 lines, where
/// a Fenwick tree touches ~17 scattered nodes per insertion and ~9 per query, most of them
/// outside the cache: the counts are the same integers (so the same C-index to the bit).
///
/// Level 0 holds, at rank r, the weight at the ranks of r's line up to and including r. Level
/// ℓ ≥ 1 holds, at node i (ranks i·16^ℓ ..< (i+1)·16^ℓ), the weight in the nodes of i's line
/// before i. So the weight at ranks ≤ r is the level-0 entry plus, at each level ℓ ≥ 1, the
/// entry of node r >> 4ℓ. Counts are 32-bit (a resample's total weight is below 2³¹).
final class RankCounts {
    /// Levels 0... in one allocation; `start[ℓ]` is where level ℓ begins (a multiple of 16).
    private let storage: UnsafeMutablePointer<Int32>
    private let start: UnsafeMutablePointer<Int>
    private let levels: Int
    private let size: Int
    /// Line s of 16 lanes: all bits set in lanes ≥ s, 0 below (s = 0...16).
    private let masks: UnsafeMutablePointer<SIMD16<Int32>>

    init(ranks: Int) {
        var start = [0]
        var nodes = max(1, ranks)
        var size = (nodes + 15) & ~15
        // Level ℓ + 1 exists while level ℓ has more than one line.
        while nodes > 16 {
            nodes = (nodes + 15) / 16
            start.append(size)
            size += (nodes + 15) & ~15
        }
        self.start = .allocate(capacity: start.count)
        self.start.initialize(from: start, count: start.count)
        levels = start.count
        self.size = size
        let raw = UnsafeMutableRawPointer.allocate(byteCount: size * 4, alignment: 64)
        storage = raw.bindMemory(to: Int32.self, capacity: size)
        storage.initialize(repeating: 0, count: size)
        masks = UnsafeMutablePointer<SIMD16<Int32>>.allocate(capacity: 17)
        for s in 0...16 {
            var mask = SIMD16<Int32>()
            for lane in 0..<16 { mask[lane] = lane >= s ? -1 : 0 }
            (masks + s).initialize(to: mask)
        }
    }

    deinit {
        storage.deallocate()
        start.deallocate()
        masks.deallocate()
    }

    /// Every count back to 0.
    func clear() { storage.update(repeating: 0, count: size) }

    /// Adds `weight` at `rank`.
    @inline(__always)
    func add(_ rank: Int, _ weight: Int32) {
        addLine(storage + (rank & ~15), from: rank & 15, weight)
        var node = rank
        for level in 1..<levels {
            node >>= 4
            addLine(storage + start[level] + (node & ~15), from: (node & 15) + 1, weight)
        }
    }

    /// The weight at ranks below `rank` and at `rank`.
    @inline(__always)
    func query(_ rank: Int) -> (below: Int64, at: Int64) {
        let inLine = storage[rank]
        let before = rank & 15 == 0 ? 0 : storage[rank - 1]
        var upTo = inLine
        var node = rank
        for level in 1..<levels {
            node >>= 4
            upTo &+= storage[start[level] + node]
        }
        let at = inLine &- before
        return (Int64(upTo &- at), Int64(at))
    }

    /// Adds `weight` to the lanes ≥ `lane` of the 16-lane line at `line`.
    @inline(__always)
    private func addLine(_ line: UnsafeMutablePointer<Int32>, from lane: Int, _ weight: Int32) {
        let raw = UnsafeMutableRawPointer(line)
        let sums = raw.load(as: SIMD16<Int32>.self) &+ (masks[lane] & SIMD16(repeating: weight))
        raw.storeBytes(of: sums, as: SIMD16<Int32>.self)
    }
}
