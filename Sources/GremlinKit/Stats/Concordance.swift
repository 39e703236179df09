// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Harrell's concordance index with its pair counts.
///
/// A pair (i, j) is comparable when `tᵢ < tⱼ` and i had the event, or `tᵢ = tⱼ` with i an event
/// and j censored; two events at the same time are not comparable. It is concordant when the
/// earlier event has the higher risk score, discordant when lower, and a tied-risk pair (counted
/// ½) when the scores are equal. `index = (concordant + tiedRisk / 2) / comparable`, identical
/// to scikit-survival `concordance_index_censored(e, t, score)` and lifelines
/// `concordance_index(t, -score, e)`. Scores are risks (higher = worse); negate survival scores.
public struct Concordance: Sendable, Equatable, Codable {
    /// Comparable pairs whose earlier event has the higher score.
    public let concordant: Int
    /// Comparable pairs whose earlier event has the lower score.
    public let discordant: Int
    /// Comparable pairs with equal scores (each counts ½).
    public let tiedRisk: Int
    /// Comparable pairs with equal times (an event and a censoring at the same time);
    /// already included in the three counts above (scikit-survival's `tied_time`).
    public let tiedTime: Int

    /// Number of comparable pairs: `concordant + discordant + tiedRisk`.
    public var comparable: Int { concordant + discordant + tiedRisk }

    /// The C-index; computed from the integer counts with a single rounding.
    public var index: Double {
        Double(2 * concordant + tiedRisk) / Double(2 * comparable)
    }

    public init(concordant: Int, discordant: Int, tiedRisk: Int, tiedTime: Int) {
        self.concordant = concordant
        self.discordant = discordant
        self.tiedRisk = tiedRisk
        self.tiedTime = tiedTime
    }

    /// Harrell's C of `score` (a risk: higher = earlier event) in O(n log n).
    ///
    /// - Throws: `StatsError.noComparablePairs` when no pair is comparable (no events, n < 2,
    ///   or every event tied in time with every other exit), and validation errors.
    public static func harrell(_ outcomes: SurvivalOutcomes, score: [Double]) throws -> Concordance {
        try outcomes.validate(score, field: "score")
        return try harrell(outcomes, ranks: RowSort.ranks(score))
    }

    /// The same from the score's ranks (computed once and shared with other metrics).
    static func harrell(_ outcomes: SurvivalOutcomes, ranks: ScoreRanks) throws -> Concordance {
        let counts = ConcordanceEngine(outcomes, ranks: ranks).unweightedCounts()
        guard counts.comparable > 0 else { throw StatsError.noComparablePairs }
        return counts
    }
}

/// Counts concordance over time-sorted patients with a Fenwick tree over score ranks; optional
/// integer weights turn it into the C-index of a bootstrap resample without re-sorting.
struct ConcordanceEngine: Sendable {
    private let sortedRow: [Int32]
    private let sortedEvent: [Bool]
    private let sortedRank: [Int32]
    private let groupEnds: [Int32]
    private let distinctScores: Int
    /// The most patients sharing one score.
    private let largestTie: Int

    init(_ outcomes: SurvivalOutcomes, score: [Double]) {
        self.init(outcomes, ranks: RowSort.ranks(score))
    }

    init(_ outcomes: SurvivalOutcomes, ranks: ScoreRanks) {
        sortedRow = outcomes.timeOrder
        sortedEvent = outcomes.sortedEvent
        sortedRank = ranks.ranks.withUnsafeBufferPointer { r in [Int32].mapping(outcomes.timeOrder) { r[Int($0)] } }
        groupEnds = outcomes.groupEnds
        distinctScores = ranks.distinct
        var largest = 0
        ranks.positionRank.withUnsafeBufferPointer { rank in
            var run = 0
            for p in rank.indices {
                run = p > 0 && rank[p] == rank[p - 1] ? run + 1 : 1
                largest = max(largest, run)
            }
        }
        largestTie = largest
    }

    /// `counts(weights: nil, tree:)` for the whole sample, faster at large n: the same walk, with
    /// the count of each rank in a flat array and a Fenwick tree over blocks of 64 ranks (small
    /// enough to stay in cache), so a query reads one block of counts and the small tree instead
    /// of ~log₂(n) scattered tree nodes. Integer counts: identical to `counts`. The counts are
    /// bytes when no score is shared by more than 255 patients (a million ranks in 1 MB, which
    /// stays in cache, and a block is one cache line), else 32-bit.
    func unweightedCounts() -> Concordance {
        largestTie <= Int(UInt8.max) ? unweightedCounts(UInt8.self) : unweightedCounts(Int32.self)
    }

    private func unweightedCounts<Count: FixedWidthInteger & BitwiseCopyable>(_: Count.Type) -> Concordance {
        let blockShift = 6
        let size = distinctScores
        let blocks = (size >> blockShift) + 1
        var perRank = [Count].filled(0, count: size)
        var tree = [Int32](repeating: 0, count: blocks + 1)
        var concordant: Int64 = 0
        var discordant: Int64 = 0
        var tied: Int64 = 0
        var tiedTime: Int64 = 0
        var total: Int64 = 0
        perRank.withUnsafeMutableBufferPointer { count in
            tree.withUnsafeMutableBufferPointer { bit in
                @inline(__always) func add(_ rank: Int) {
                    count[rank] &+= 1
                    var k = (rank >> blockShift) + 1
                    while k <= blocks {
                        bit[k] &+= 1
                        k += k & -k
                    }
                }
                // Patients in the set with a rank below `rank`.
                @inline(__always) func below(_ rank: Int) -> Int64 {
                    var k = rank >> blockShift
                    var s: Int32 = 0
                    while k > 0 {
                        s &+= bit[k]
                        k -= k & -k
                    }
                    for q in (rank & ~((1 << blockShift) - 1))..<rank { s &+= Int32(truncatingIfNeeded: count[q]) }
                    return Int64(s)
                }
                sortedEvent.withUnsafeBufferPointer { events in
                    sortedRank.withUnsafeBufferPointer { ranks in
                        var end = events.count
                        // As in `counts`: groups of equal time from the latest.
                        for g in stride(from: groupEnds.count - 1, through: 0, by: -1) {
                            let start = g == 0 ? 0 : Int(groupEnds[g - 1])
                            var censoredHere: Int64 = 0
                            for p in start..<end where !events[p] {
                                add(Int(ranks[p]))
                                total &+= 1
                                censoredHere &+= 1
                            }
                            for p in start..<end where events[p] {
                                let r = Int(ranks[p])
                                let lower = below(r)
                                let upTo = lower &+ Int64(truncatingIfNeeded: count[r])
                                concordant &+= lower
                                tied &+= upTo &- lower
                                discordant &+= total &- upTo
                                tiedTime &+= censoredHere
                            }
                            for p in start..<end where events[p] {
                                add(Int(ranks[p]))
                                total &+= 1
                            }
                            end = start
                        }
                    }
                }
            }
        }
        return Concordance(
            concordant: Int(concordant), discordant: Int(discordant),
            tiedRisk: Int(tied), tiedTime: Int(tiedTime))
    }

    /// Scratch space for `counts`, one per thread: a Fenwick tree over ranks 1...k in
    /// `[1...k]` and the weight at each rank in `[k+1...2k]` (so ties need no second query).
    func makeTree() -> [Int64] { [Int64](repeating: 0, count: 2 * distinctScores + 1) }

    /// Weighted pair counts: a pair (i, j) counts `wᵢ·wⱼ` (copies of one patient never form a
    /// comparable pair, so this equals the counts on the expanded resample). `weights` is indexed
    /// by row; `nil` means every weight is 1.
    func counts(weights: UnsafeBufferPointer<Int32>?, tree: inout [Int64]) -> Concordance {
        var concordant: Int64 = 0
        var discordant: Int64 = 0
        var tied: Int64 = 0
        var tiedTime: Int64 = 0
        var total: Int64 = 0
        let size = distinctScores
        tree.withUnsafeMutableBufferPointer { bit in
            for k in bit.indices { bit[k] = 0 }
            // Fenwick tree over ranks 1...size; prefix(r) sums ranks < r.
            func add(_ rank: Int32, _ w: Int64) {
                bit[size + 1 + Int(rank)] &+= w
                var k = Int(rank) + 1
                while k <= size {
                    bit[k] &+= w
                    k += k & -k
                }
            }
            func prefix(_ rank: Int) -> Int64 {
                var k = rank
                var s: Int64 = 0
                while k > 0 {
                    s &+= bit[k]
                    k -= k & -k
                }
                return s
            }
            sortedRow.withUnsafeBufferPointer { rows in
                sortedEvent.withUnsafeBufferPointer { events in
                    sortedRank.withUnsafeBufferPointer { ranks in
                        @inline(__always) func weight(_ p: Int) -> Int64 {
                            guard let weights else { return 1 }
                            return Int64(weights[Int(rows[p])])
                        }
                        var end = rows.count
                        // Walk groups of equal time from the latest; the tree holds every patient who
                        // exits strictly later, plus this group's censored patients (comparable with
                        // this group's events), never this group's other events.
                        for g in stride(from: groupEnds.count - 1, through: 0, by: -1) {
                            let start = g == 0 ? 0 : Int(groupEnds[g - 1])
                            var censoredHere: Int64 = 0
                            for p in start..<end where !events[p] {
                                let w = weight(p)
                                guard w != 0 else { continue }
                                add(ranks[p], w)
                                total &+= w
                                censoredHere &+= w
                            }
                            for p in start..<end where events[p] {
                                let w = weight(p)
                                guard w != 0 else { continue }
                                let r = Int(ranks[p])
                                let below = prefix(r)
                                let upTo = below &+ bit[size + 1 + r]
                                concordant &+= w &* below
                                tied &+= w &* (upTo &- below)
                                discordant &+= w &* (total &- upTo)
                                tiedTime &+= w &* censoredHere
                            }
                            for p in start..<end where events[p] {
                                let w = weight(p)
                                guard w != 0 else { continue }
                                add(ranks[p], w)
                                total &+= w
                            }
                            end = start
                        }
                    }
                }
            }
        }
        return Concordance(
            concordant: Int(concordant), discordant: Int(discordant),
            tiedRisk: Int(tied), tiedTime: Int(tiedTime))
    }
}
