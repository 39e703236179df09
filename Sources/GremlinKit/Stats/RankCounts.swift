// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Weighted counts over score ranks 0..<k with prefix queries, for the replicate concordance
/// walk: an 8-ary tree of plain counts whose node lines (8 × 32 bits, half an aligned 64-byte
/// cache line each) hold the weight under each child. An insertion adds the weight to one entry
/// per level; a query sums, at each level, the lanes of one line before the node on the path
/// (one masked 8-lane load and add per level, summed across lanes once at the end). The walk
/// inserts every row of positive weight but queries only the events, so the work sits in the
/// query; for 10⁵ ranks that is 6 levels, where a Fenwick tree touches ~17 scattered nodes per
/// insertion and ~9 per query, most of them outside the cache. The counts are the same
/// integers (so the same C-index to the bit).
///
/// Level 0 holds the weight at each rank; level ℓ ≥ 1, at node i, the weight at ranks
/// i·8^ℓ ..< (i+1)·8^ℓ. So the weight at ranks below r is the sum over the levels of the
/// entries of node r >> 3ℓ's line before that node. Counts are 32-bit (a resample's total
/// weight is below 2³¹).
final class RankCounts {
    /// Levels 0... in one allocation; `start[ℓ]` is where level ℓ begins (a multiple of 8).
    private let storage: UnsafeMutablePointer<Int32>
    private let start: UnsafeMutablePointer<Int>
    private let levels: Int
    private let size: Int
    /// Line s of 8 lanes: all bits set in lanes < s, 0 from s (s = 0..<8).
    private let masks: UnsafeMutablePointer<SIMD8<Int32>>

    init(ranks: Int) {
        var start = [0]
        var nodes = max(1, ranks)
        var size = (nodes + 7) & ~7
        // Level ℓ + 1 exists while level ℓ has more than one line.
        while nodes > 8 {
            nodes = (nodes + 7) / 8
            start.append(size)
            size += (nodes + 7) & ~7
        }
        self.start = .allocate(capacity: start.count)
        self.start.initialize(from: start, count: start.count)
        levels = start.count
        self.size = size
        let raw = UnsafeMutableRawPointer.allocate(byteCount: size * 4, alignment: 64)
        storage = raw.bindMemory(to: Int32.self, capacity: size)
        storage.initialize(repeating: 0, count: size)
        masks = UnsafeMutablePointer<SIMD8<Int32>>.allocate(capacity: 8)
        for s in 0..<8 {
            var mask = SIMD8<Int32>()
            for lane in 0..<8 { mask[lane] = lane < s ? -1 : 0 }
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
        storage[rank] &+= weight
        var node = rank
        for level in 1..<levels {
            node >>= 3
            storage[start[level] + node] &+= weight
        }
    }

    /// The weight at ranks below `rank` and at `rank`.
    @inline(__always)
    func query(_ rank: Int) -> (below: Int64, at: Int64) {
        let at = storage[rank]
        var sums = before(storage + (rank & ~7), lane: rank & 7)
        var node = rank
        for level in 1..<levels {
            node >>= 3
            sums &+= before(storage + start[level] + (node & ~7), lane: node & 7)
        }
        return (Int64(sums.wrappedSum()), Int64(at))
    }

    /// The lanes before `lane` of the 8-lane line at `line`, the others 0.
    @inline(__always)
    private func before(_ line: UnsafeMutablePointer<Int32>, lane: Int) -> SIMD8<Int32> {
        UnsafeRawPointer(line).load(as: SIMD8<Int32>.self) & masks[lane]
    }
}
