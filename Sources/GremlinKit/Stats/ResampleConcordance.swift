// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Harrell's C on a bootstrap resample given as integer case weights: the weighted pair counts
/// of `ConcordanceEngine.counts`, so the same index to the bit (it is a ratio of exact integer
/// counts, whatever the order they are found in), computed for the replicate loop: the walk over
/// the rows of positive weight is laid out once per replicate for every score
/// (`ConcordanceWalk`), the weight at each score rank is kept in `RankCounts` (32-bit counts: a
/// resample's total weight is at most n, below 2³¹) and the pair counts in 64 bits.
struct ResampleConcordance: Sendable {
    typealias Workspace = RankCounts

    let order: ReplicateOrder
    /// Score rank of each entry of `order.walk`.
    let walkRank: [Int32]
    let distinctScores: Int

    init(_ outcomes: SurvivalOutcomes, score: [Double]) {
        let ranks = denseRanks(score)
        order = outcomes.replicateOrder
        walkRank = order.walk.map { ranks.ranks[Int(outcomes.timeOrder[Int($0)])] }
        distinctScores = ranks.distinct
    }

    func makeWorkspace() -> Workspace { RankCounts(ranks: distinctScores) }

    /// The C-index of the resample with these weights (by row), or `nil` without a comparable pair.
    func index(weights: UnsafeBufferPointer<Int32>, workspace: inout Workspace) -> Double? {
        let frame = ResampleFrame(patients: weights.count)
        frame.load(weights)
        return index(frame, counts: workspace)
    }

    /// The C-index of the frame's resample, or `nil` when it has no comparable pair.
    func index(_ frame: ResampleFrame, counts: RankCounts) -> Double? {
        let walk = frame.concordanceWalk(order)
        var concordant: Int64 = 0
        var discordant: Int64 = 0
        var tied: Int64 = 0
        var total: Int64 = 0
        counts.clear()
        walkRank.withUnsafeBufferPointer { rank in
            walk.visit { entry, weight in
                counts.add(Int(rank[entry]), weight)
                total &+= Int64(weight)
            } query: { entry, weight in
                let w = Int64(weight)
                let (below, at) = counts.query(Int(rank[entry]))
                concordant &+= w &* below
                tied &+= w &* at
                discordant &+= w &* (total &- below &- at)
            }
        }
        return Self.index(concordant: concordant, discordant: discordant, tied: tied)
    }

    /// The C-index of these pair counts, or `nil` without a comparable pair.
    static func index(concordant: Int64, discordant: Int64, tied: Int64) -> Double? {
        let comparable = concordant + discordant + tied
        guard comparable > 0 else { return nil }
        return Concordance(
            concordant: Int(concordant), discordant: Int(discordant), tiedRisk: Int(tied), tiedTime: 0
        ).index
    }
}

/// A replicate's concordance walk (`ReplicateOrder.walk`) over its rows of positive weight,
/// shared by the C-index of every score: the entries in walk order with their weights, and for
/// each tie group with events the range of its events. Walking it, the C-index adds the entries
/// before a group's events (everyone exiting later and the group's censored rows), queries the
/// events, and adds them before the next group's.
final class ConcordanceWalk {
    /// Index into `ReplicateOrder.walk` and weight of each entry.
    let entry: UnsafeMutablePointer<Int32>
    let weight: UnsafeMutablePointer<Int32>
    /// The events of the g-th group with events: entries `queryStart[g]..<queryEnd[g]`.
    let queryStart: UnsafeMutablePointer<Int32>
    let queryEnd: UnsafeMutablePointer<Int32>
    private(set) var groups = 0
    private let capacity: Int
    /// Scratch of `fill`: the entries before each walk position (`capacity + 1` of them).
    private let before: UnsafeMutablePointer<Int32>

    init(patients n: Int) {
        capacity = max(1, n)
        entry = .allocate(capacity: capacity)
        weight = .allocate(capacity: capacity)
        queryStart = .allocate(capacity: capacity)
        queryEnd = .allocate(capacity: capacity)
        before = .allocate(capacity: capacity + 1)
    }

    deinit {
        entry.deallocate()
        weight.deallocate()
        queryStart.deallocate()
        queryEnd.deallocate()
        before.deallocate()
    }

    /// Lays out the resample with weights `w` (by time-sorted position) on `order`'s walk.
    ///
    /// Two flat passes without a branch on the data: the walk's positions (every one is
    /// written; the end moves past it only when its weight is positive, and `before` records
    /// where each position landed), then the groups' event ranges read off `before` (every one
    /// is written; the count moves past it only when it is not empty). Looping group by group
    /// instead mispredicts the end of nearly every group's censored rows and of its events.
    func fill(timeWeights w: UnsafeBufferPointer<Int32>, order: ReplicateOrder) {
        precondition(order.count <= capacity)
        var k = 0
        var groups = 0
        order.walk.withUnsafeBufferPointer { walk in
            for i in walk.indices {
                let wi = w[Int(walk[i])]
                before[i] = Int32(truncatingIfNeeded: k)
                entry[k] = Int32(truncatingIfNeeded: i)
                weight[k] = wi
                k += wi != 0 ? 1 : 0
            }
            before[walk.count] = Int32(truncatingIfNeeded: k)
        }
        order.walkEvents.withUnsafeBufferPointer { events in
            order.walkEnds.withUnsafeBufferPointer { ends in
                for g in ends.indices {
                    let start = before[Int(events[g])]
                    let end = before[Int(ends[g])]
                    queryStart[groups] = start
                    queryEnd[groups] = end
                    groups += end > start ? 1 : 0
                }
            }
        }
        self.groups = groups
    }
}

extension ConcordanceWalk {
    /// Walks the entries as `ConcordanceEngine.counts` does: groups of equal time from the latest;
    /// when a group's events are queried the counts hold everyone exiting later plus its censored
    /// rows. `add` and `query` get an entry (its place in the order's walk) and its weight.
    @inline(__always)
    func visit(add: (Int, Int32) -> Void, query: (Int, Int32) -> Void) {
        var added = 0
        for g in 0..<groups {
            let start = Int(queryStart[g])
            let end = Int(queryEnd[g])
            for k in added..<start { add(Int(entry[k]), weight[k]) }
            for k in start..<end { query(Int(entry[k]), weight[k]) }
            added = start
        }
    }
}
