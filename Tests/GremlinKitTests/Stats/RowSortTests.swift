// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The radix row sort and what is built on it give exactly what the comparison sorts gave.
@Suite struct RowSortTests {
    /// Values with many ties, both zeros, subnormals, infinities and wide magnitudes.
    static func values(_ n: Int, seed: UInt64) -> [Double] {
        var generator = SplitMix(seed: seed)
        let specials: [Double] = [
            0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude, 1, -1, 1e-300, 5e-324,
        ]
        return (0..<n).map { _ in
            switch generator.next() % 4 {
            case 0: return specials[Int(generator.next() % UInt64(specials.count))]
            case 1: return Double(Int(generator.next() % 21) - 10) / 4
            case 2:
                let value = Double(bitPattern: generator.next())
                return value.isNaN ? 3 : value
            default: return (Double(generator.next() % 2_000_001) - 1_000_000) / 1e3
            }
        }
    }

    @Test(arguments: [0, 1, 2, 17, 5_000, 70_000])
    func sortsLikeAStableComparisonSort(n: Int) {
        let values = Self.values(n, seed: UInt64(n) + 3)
        var reference: [(value: Double, row: Int32)] = []
        for (row, value) in values.enumerated() { reference.append((value, Int32(row))) }
        reference.sort { a, b in a.value < b.value || (a.value == b.value && a.row < b.row) }
        let sorted = RowSort.sortedWithRows(values)
        #expect(sorted.map(\.row) == reference.map(\.row))
        #expect(sorted.map(\.value.bitPattern) == reference.map(\.value.bitPattern))

        let ranks = RowSort.ranks(values)
        var rank: Int32 = -1
        var expected = [Int32](repeating: 0, count: n)
        for p in reference.indices {
            if p == 0 || reference[p].value != reference[p - 1].value { rank += 1 }
            expected[Int(reference[p].row)] = rank
        }
        #expect(ranks.ranks == expected)
        #expect(ranks.distinct == Int(rank + 1))
        #expect(ranks.order == reference.map(\.row))
        #expect(ranks.positionRank == ranks.order.map { expected[Int($0)] })
    }

    /// Random survival data with tied times and tied scores.
    static func cohort(_ n: Int, seed: UInt64) throws -> (SurvivalOutcomes, [Double]) {
        var generator = SplitMix(seed: seed)
        let time = (0..<n).map { _ in Double(generator.next() % 40) }
        let event = (0..<n).map { _ in generator.next() % 3 != 0 }
        let score = (0..<n).map { _ in Double(generator.next() % 25) / 5 - 2 }
        return (try SurvivalOutcomes(time: time, event: event), score)
    }

    @Test(arguments: [2, 31, 64, 65, 1_000, 20_000])
    func unweightedCountsEqualTheFenwickCounts(n: Int) throws {
        let (outcomes, score) = try Self.cohort(n, seed: UInt64(n))
        let engine = ConcordanceEngine(outcomes, score: score)
        var tree = engine.makeTree()
        #expect(engine.unweightedCounts() == engine.counts(weights: nil, tree: &tree))
        // Many distinct scores: ranks span many blocks of the counting tree.
        let spread = score.enumerated().map { $0.element + Double($0.offset % 997) * 1e-3 }
        let wide = ConcordanceEngine(outcomes, score: spread)
        var wideTree = wide.makeTree()
        #expect(wide.unweightedCounts() == wide.counts(weights: nil, tree: &wideTree))
    }

    @Test func aurocFromRanksIsTheMannWhitneyStatistic() throws {
        let (outcomes, score) = try Self.cohort(400, seed: 9)
        let horizon = 20.0
        let labels = AUROC.horizonLabels(outcomes, horizon: horizon)
        var wins = 0.0
        var pairs = 0.0
        for i in labels.indices where labels[i] == 1 {
            for j in labels.indices where labels[j] == 0 {
                pairs += 1
                wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0
            }
        }
        let fromRanks = try AUROC.atHorizon(outcomes, ranks: RowSort.ranks(score), horizon: horizon)
        #expect(abs(fromRanks.auc - wins / pairs) <= 1e-12)
        #expect(fromRanks == (try AUROC.atHorizon(outcomes, score: score, horizon: horizon)))
    }

    @Test func medianSplitAndFollowUpMedianEqualTheSortingVersions() throws {
        for n in [1, 2, 3, 500, 501] {
            let (outcomes, score) = try Self.cohort(n, seed: UInt64(n) + 100)
            #expect(SurvivalEvaluation.medianFollowUp(outcomes).bitPattern == numpyMedian(outcomes.time).bitPattern)
            let ranks = RowSort.ranks(score)
            let options = CoxOptions()
            let fast = Result {
                try SurvivalEvaluation.highVersusLow(outcomes, score: score, ranks: ranks, options: options)
            }
            let reference = Result {
                try CoxRegression.hazardRatioHighVersusLow(outcomes, score: score, options: options).fit
            }
            switch (fast, reference) {
            case (.success(let a), .success(let b)): #expect(a == b, "n = \(n)")
            case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)", "n = \(n)")
            default: Issue.record("n = \(n): \(fast) vs \(reference)")
            }
        }
    }

    /// The point estimates side by side equal each metric computed on its own, for any thread count.
    @Test func singleEqualsEachMetricAloneOnAnyThreadCount() throws {
        let (outcomes, candidate, _) = try SurvivalEvaluationTests.example()
        let horizon = SurvivalEvaluation.medianFollowUp(outcomes)
        var options = EvaluationOptions(bootstrap: 0, horizon: horizon, threads: 1)
        let one = SurvivalEvaluation.single(outcomes, score: candidate, options: options)
        options.threads = 2
        let two = SurvivalEvaluation.single(outcomes, score: candidate, options: options)
        options.threads = 7
        let seven = SurvivalEvaluation.single(outcomes, score: candidate, options: options)
        #expect(one == two && two == seven)
        for name in MetricName.allCases where !name.isHazardRatio {
            let alone = try name.metric(horizon: horizon, ties: .efron).evaluate(outcomes, score: candidate)
            #expect(one[name]?.value?.bitPattern == alone.bitPattern, "\(name)")
        }
        let split = try CoxRegression.hazardRatioHighVersusLow(outcomes, score: candidate).fit
        #expect(one[.hazardRatioHighVsLow]?.value == split.hazardRatio)
        #expect(one[.hazardRatioHighVsLow]?.lower == split.lower)
        #expect(one[.hazardRatioHighVsLow]?.pValue == split.pValue)
        // An undefined metric is the same problem either way.
        let flat = SurvivalEvaluation.single(outcomes, score: candidate.map { _ in 1 }, options: options)
        #expect(flat[.hazardRatioHighVsLow]?.value == nil)
        #expect(flat[.hazardRatioHighVsLow]?.problem?.contains("score above the median") == true)
    }
}
