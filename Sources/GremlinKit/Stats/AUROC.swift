// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Area under the ROC curve with the class counts behind it.
public struct AUROCResult: Sendable, Equatable, Codable {
    /// P(score of a positive > score of a negative) + ½ P(equal): the Mann–Whitney statistic,
    /// equal to scikit-learn `roc_auc_score`.
    public let auc: Double
    public let positives: Int
    public let negatives: Int
    /// Patients without a label (censored before the horizon).
    public let excluded: Int
    /// The horizon the survival outcome was dichotomised at, if any.
    public let horizon: Double?
}

/// AUROC for a binary endpoint, in O(n log n) (O(n) per bootstrap replicate).
public enum AUROC {
    /// AUROC of `score` for "event before `horizon`".
    ///
    /// Positive: the event happened at `time < horizon`. Negative: `time ≥ horizon` (known to be
    /// event-free until the horizon, whatever happened after). Excluded: censored before the
    /// horizon (status at the horizon unknown).
    public static func atHorizon(_ outcomes: SurvivalOutcomes, score: [Double], horizon: Double) throws -> AUROCResult {
        guard horizon.isFinite else {
            throw StatsError.invalidOption(name: "horizon", value: "\(horizon)", expected: "a finite time")
        }
        try outcomes.validate(score, field: "score")
        let labels = horizonLabels(outcomes, horizon: horizon)
        return try compute(labels: labels, score: score, horizon: horizon)
    }

    /// The same from the score's ranks (computed once and shared with other metrics); the score
    /// must be valid for `outcomes`.
    static func atHorizon(_ outcomes: SurvivalOutcomes, ranks: ScoreRanks, horizon: Double) throws -> AUROCResult {
        guard horizon.isFinite else {
            throw StatsError.invalidOption(name: "horizon", value: "\(horizon)", expected: "a finite time")
        }
        let labels = horizonLabels(outcomes, horizon: horizon)
        return try compute(labels: labels, engine: AUROCEngine(labels: labels, ranks: ranks), horizon: horizon)
    }

    /// AUROC of `score` for binary `labels` (`true` = positive).
    public static func binary(labels: [Bool], score: [Double]) throws -> AUROCResult {
        guard labels.count == score.count else {
            throw StatsError.lengthMismatch(field: "score", expected: labels.count, actual: score.count)
        }
        try validateFinite(score, field: "score")
        return try compute(labels: labels.map { $0 ? 1 : 0 }, score: score, horizon: nil)
    }

    /// 1 positive, 0 negative, -1 excluded.
    static func horizonLabels(_ outcomes: SurvivalOutcomes, horizon: Double) -> [Int8] {
        zip(outcomes.time, outcomes.event).map { t, e in
            t >= horizon ? 0 : (e ? 1 : -1)
        }
    }

    private static func compute(labels: [Int8], score: [Double], horizon: Double?) throws -> AUROCResult {
        try compute(labels: labels, engine: AUROCEngine(labels: labels, score: score), horizon: horizon)
    }

    private static func compute(labels: [Int8], engine: AUROCEngine, horizon: Double?) throws -> AUROCResult {
        let (pos, neg) = engine.classCounts(weights: nil)
        guard pos > 0, neg > 0 else { throw StatsError.singleClass(positives: Int(pos), negatives: Int(neg)) }
        let auc = engine.value(weights: nil) ?? .nan
        return AUROCResult(
            auc: auc, positives: Int(pos), negatives: Int(neg),
            excluded: labels.count - Int(pos + neg), horizon: horizon)
    }
}

/// Weighted Mann–Whitney over patients sorted by score; integer arithmetic up to one division.
struct AUROCEngine: Sendable {
    private let sortedRow: [Int32]
    private let sortedPositive: [Bool]
    /// Exclusive ends of runs of equal scores in the sorted arrays.
    private let groupEnds: [Int32]

    init(labels: [Int8], score: [Double]) {
        let order = denseRanks(score).order.filter { labels[Int($0)] >= 0 }
        sortedRow = order
        sortedPositive = order.map { labels[Int($0)] == 1 }
        var ends: [Int32] = []
        for p in order.indices where p + 1 == order.count || score[Int(order[p + 1])] != score[Int(order[p])] {
            ends.append(Int32(p + 1))
        }
        groupEnds = ends
    }

    /// The same from the score's ranks: runs of equal rank are runs of equal score.
    init(labels: [Int8], ranks: ScoreRanks) {
        var rows: [Int32] = []
        var positive: [Bool] = []
        var ends: [Int32] = []
        rows.reserveCapacity(labels.count)
        positive.reserveCapacity(labels.count)
        labels.withUnsafeBufferPointer { label in
            ranks.order.withUnsafeBufferPointer { order in
                ranks.positionRank.withUnsafeBufferPointer { rank in
                    var last: Int32 = -1
                    for p in order.indices {
                        let row = order[p]
                        let l = label[Int(row)]
                        guard l >= 0 else { continue }
                        if !rows.isEmpty, rank[p] != last { ends.append(Int32(rows.count)) }
                        rows.append(row)
                        positive.append(l == 1)
                        last = rank[p]
                    }
                }
            }
        }
        if !rows.isEmpty { ends.append(Int32(rows.count)) }
        sortedRow = rows
        sortedPositive = positive
        groupEnds = ends
    }

    func classCounts(weights: UnsafeBufferPointer<Int32>?) -> (positives: Int64, negatives: Int64) {
        var pos: Int64 = 0
        var neg: Int64 = 0
        for (p, row) in sortedRow.enumerated() {
            let w = weights.map { Int64($0[Int(row)]) } ?? 1
            if sortedPositive[p] { pos += w } else { neg += w }
        }
        return (pos, neg)
    }

    /// The AUROC, or `nil` when one class is empty.
    func value(weights: UnsafeBufferPointer<Int32>?) -> Double? {
        guard let weights else { return value { _ in 1 } }
        return value { Int64(weights[$0]) }
    }

    /// The same with the weight of each row from `weight` (by row).
    ///
    /// Branch-free per row: a row's weight goes to its score group's total and, masked by its
    /// class, to the group's positives (the classes alternate at random in score order, where a
    /// branch on the class is mispredicted on about every other row).
    @inline(__always)
    private func value(weight: (Int) -> Int64) -> Double? {
        var twiceU: Int64 = 0
        var negativesBelow: Int64 = 0
        var positives: Int64 = 0
        sortedRow.withUnsafeBufferPointer { rows in
            sortedPositive.withUnsafeBufferPointer { positive in
                groupEnds.withUnsafeBufferPointer { ends in
                    var start = 0
                    for end32 in ends {
                        let end = Int(end32)
                        var pos: Int64 = 0
                        var all: Int64 = 0
                        for p in start..<end {
                            let w = weight(Int(rows[p]))
                            pos &+= w & (0 &- Int64(positive[p] ? 1 : 0))
                            all &+= w
                        }
                        let neg = all - pos
                        // Each positive beats the negatives below it and ties (½) with those level.
                        twiceU += pos * (2 * negativesBelow + neg)
                        negativesBelow += neg
                        positives += pos
                        start = end
                    }
                }
            }
        }
        guard positives > 0, negativesBelow > 0 else { return nil }
        return Double(twiceU) / (2 * Double(positives) * Double(negativesBelow))
    }
}
