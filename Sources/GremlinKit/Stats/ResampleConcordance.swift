// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Harrell's C on a bootstrap resample given as integer case weights: the weighted pair counts
/// of `ConcordanceEngine.counts`, so the same index to the bit (it is a ratio of exact integer
/// counts), computed for the replicate loop: the weights are gathered into time order once, and
/// the weight at each score rank is kept in `RankCounts` (a cache-friendly 16-ary tree of 32-bit
/// counts; a resample's total weight is at most n, below 2³¹); the pair counts are accumulated
/// in 64 bits.
struct ResampleConcordance: Sendable {
    struct Workspace {
        /// Weights in time order.
        var w: [Int32]
        let counts: RankCounts
    }

    private let sortedRow: [Int32]
    private let sortedEvent: [Bool]
    private let sortedRank: [Int32]
    private let groupEnds: [Int32]
    private let distinctScores: Int

    init(_ outcomes: SurvivalOutcomes, score: [Double]) {
        let ranks = denseRanks(score)
        sortedRow = outcomes.timeOrder
        sortedEvent = outcomes.timeOrder.map { outcomes.event[Int($0)] }
        sortedRank = outcomes.timeOrder.map { ranks.ranks[Int($0)] }
        groupEnds = outcomes.groupEnds
        distinctScores = ranks.distinct
    }

    func makeWorkspace() -> Workspace {
        Workspace(w: [Int32](repeating: 0, count: sortedRow.count), counts: RankCounts(ranks: distinctScores))
    }

    /// The C-index of the resample, or `nil` when it has no comparable pair.
    func index(weights: UnsafeBufferPointer<Int32>, workspace: inout Workspace) -> Double? {
        var concordant: Int64 = 0
        var discordant: Int64 = 0
        var tied: Int64 = 0
        var total: Int64 = 0
        let counts = workspace.counts
        counts.clear()
        workspace.w.withUnsafeMutableBufferPointer { w in
            sortedRow.withUnsafeBufferPointer { rows in
                for p in rows.indices { w[p] = weights[Int(rows[p])] }
            }
            sortedEvent.withUnsafeBufferPointer { events in
                sortedRank.withUnsafeBufferPointer { ranks in
                    var end = w.count
                    // As `ConcordanceEngine.counts`: groups of equal time from the latest; the counts
                    // hold everyone exiting later plus this group's censored patients.
                    for g in stride(from: groupEnds.count - 1, through: 0, by: -1) {
                        let start = g == 0 ? 0 : Int(groupEnds[g - 1])
                        for p in start..<end where !events[p] && w[p] != 0 {
                            counts.add(Int(ranks[p]), w[p])
                            total &+= Int64(w[p])
                        }
                        for p in start..<end where events[p] && w[p] != 0 {
                            let weight = Int64(w[p])
                            let (below, at) = counts.query(Int(ranks[p]))
                            concordant &+= weight &* below
                            tied &+= weight &* at
                            discordant &+= weight &* (total &- below &- at)
                        }
                        for p in start..<end where events[p] && w[p] != 0 {
                            counts.add(Int(ranks[p]), w[p])
                            total &+= Int64(w[p])
                        }
                        end = start
                    }
                }
            }
        }
        let comparable = concordant + discordant + tied
        guard comparable > 0 else { return nil }
        return Concordance(
            concordant: Int(concordant), discordant: Int(discordant), tiedRisk: Int(tied), tiedTime: 0
        ).index
    }
}
