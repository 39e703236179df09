// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The pieces of the replicate kernels that stand in for a computation of the general code:
/// each gives the same integers or the same bits.
@Suite struct ReplicateLayoutTests {
    /// `RankCounts` against plain counting, on rank ranges around every line and level boundary.
    @Test(arguments: [1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 255, 256, 257, 511, 512, 513, 4096, 4097, 32_769, 70_000])
    func rankCountsAnswerAsCounting(ranks: Int) {
        var random = ReplicateRandom(seed: 31, replicate: ranks)
        let counts = RankCounts(ranks: ranks)
        for round in 0..<2 {
            counts.clear()
            var plain = [Int64](repeating: 0, count: ranks)
            for _ in 0..<300 {
                let rank = random.index(below: ranks)
                let weight = Int32(random.index(below: 5))
                counts.add(rank, weight)
                plain[rank] += Int64(weight)
                let probe = random.index(below: ranks)
                let (below, at) = counts.query(probe)
                #expect(below == plain[..<probe].reduce(0, +), "round \(round)")
                #expect(at == plain[probe])
            }
            for probe in [0, ranks - 1] {
                let (below, at) = counts.query(probe)
                #expect(below == plain[..<probe].reduce(0, +))
                #expect(at == plain[probe])
            }
        }
    }

    /// `ConcordanceWalk.fill` lays out what a group-by-group walk keeps: the walk positions of
    /// positive weight in order with their weights, and the non-empty event ranges; refilled
    /// with other weights (a frame's next replicate), nothing of the previous one is left.
    @Test func concordanceWalkKeepsThePositiveWeightsGroupByGroup() throws {
        for c in try ReplicateKernelTests.cases(seed: 35, count: 300) {
            let order = c.outcomes.replicateOrder
            let layout = ConcordanceWalk(patients: c.weights.count)
            for round in 0..<2 {
                let weights = round == 0 ? c.weights : c.weights.map { $0 == 0 ? 2 : $0 - 1 }
                let time = order.timeOrder.map { weights[Int($0)] }
                time.withUnsafeBufferPointer { layout.fill(timeWeights: $0, order: order) }
                var entries: [Int32] = []
                var ranges: [Range<Int32>] = []
                var position = 0
                for (events, end) in zip(order.walkEvents, order.walkEnds) {
                    for i in position..<Int(events) where time[Int(order.walk[i])] > 0 { entries.append(Int32(i)) }
                    let start = Int32(entries.count)
                    for i in Int(events)..<Int(end) where time[Int(order.walk[i])] > 0 { entries.append(Int32(i)) }
                    if entries.count > start { ranges.append(start..<Int32(entries.count)) }
                    position = Int(end)
                }
                #expect((0..<entries.count).map { layout.entry[$0] } == entries, "round \(round)")
                #expect(
                    (0..<entries.count).map { layout.weight[$0] } == entries.map { time[Int(order.walk[Int($0)])] })
                #expect(layout.groups == ranges.count)
                #expect((0..<layout.groups).map { layout.queryStart[$0]..<layout.queryEnd[$0] } == ranges)
            }
        }
    }

    /// The table holds exactly the divisions the tie loop would do.
    @Test func efronFractionsAreTheDivisions() {
        for m in 1...EfronFractions.limit {
            for l in 0..<m {
                let expected = Double(l) / Double(m)
                #expect(EfronFractions.table[EfronFractions.start(m) + l].bitPattern == expected.bitPattern)
            }
        }
    }

    /// The 0/1 kernel against the general one on the same rows, at several β, both tie methods.
    @Test(arguments: [TieMethod.efron, .breslow])
    func binaryKernelIsTheGeneralKernel(ties: TieMethod) throws {
        for (k, c) in try ReplicateKernelTests.cases(seed: 32, count: 200).enumerated() {
            let frame = ResampleFrame(patients: c.score.count)
            c.weights.withUnsafeBufferPointer { frame.load($0) }
            let layout = frame.coxLayout(c.outcomes.replicateOrder)
            let order = c.outcomes.timeOrder.map(Int.init)
            // 1 and 0 as the standardised path makes them ((s − 0) / 1), and as the split does.
            let indicator = order.map { c.score[$0] > 0 ? 1.0 : 0.0 }
            let raw = order.map { c.score[$0] }
            var general = CoxResample(capacity: raw.count)
            var binary = CoxResample(capacity: raw.count)
            let a = indicator.withUnsafeBufferPointer {
                general.fill(score: $0, covariate: .standardized(mean: 0, sd: 1), layout: layout)
            }
            let b = raw.withUnsafeBufferPointer { binary.fill(score: $0, covariate: .above(0), layout: layout) }
            #expect(a == b)
            for beta in [0.0, -0.0, 0.3, -1.7, 25] {
                let g = general.likelihood(beta: beta, ties: ties)
                let f = binary.likelihood(beta: beta, ties: ties)
                #expect(g.logLikelihood.bitPattern == f.logLikelihood.bitPattern, "case \(k) β \(beta)")
                #expect(g.score.bitPattern == f.score.bitPattern, "case \(k) β \(beta)")
                #expect(g.information.bitPattern == f.information.bitPattern, "case \(k) β \(beta)")
            }
        }
    }

    /// A tie group with more deaths than the fraction table holds (and weights > 1 on it): the
    /// replicate's likelihood is the full loop's, bit for bit.
    @Test(arguments: [TieMethod.efron, .breslow])
    func largeTieGroupsAreTheFullLoop(ties: TieMethod) throws {
        var random = ReplicateRandom(seed: 33, replicate: 0)
        let n = 700
        // ~500 weighted deaths at time 5: past `EfronFractions.limit`.
        let time = (0..<n).map { $0 < 500 ? 5.0 : Double(random.index(below: 9)) }
        let event = (0..<n).map { $0 < 500 || random.index(below: 2) == 0 }
        let score = (0..<n).map { _ in Double(random.index(below: 1000)) / 100 - 5 }
        let weights = (0..<n).map { _ in Int32(random.index(below: 3)) }
        let outcomes = try SurvivalOutcomes(time: time, event: event)
        let order = outcomes.timeOrder.map(Int.init)
        let x = order.map { score[$0] }
        let w = order.map { Double(weights[$0]) }
        let sortedEvent = order.map { event[$0] }
        let frame = ResampleFrame(patients: n)
        weights.withUnsafeBufferPointer { frame.load($0) }
        var resample = CoxResample(capacity: n)
        let shape = x.withUnsafeBufferPointer {
            resample.fill(
                score: $0, covariate: .standardized(mean: 0, sd: 1), layout: frame.coxLayout(outcomes.replicateOrder))
        }
        #expect(shape == .finite)
        for beta in [0.0, 0.05, -0.4] {
            let full = x.withUnsafeBufferPointer { xb in
                w.withUnsafeBufferPointer { wb in
                    sortedEvent.withUnsafeBufferPointer { eb in
                        outcomes.groupEnds.withUnsafeBufferPointer { ge in
                            CoxLikelihood.evaluate(beta: beta, x: xb, w: wb, event: eb, groupEnds: ge, ties: ties)
                        }
                    }
                }
            }
            let fast = resample.likelihood(beta: beta, ties: ties)
            #expect(fast.logLikelihood.bitPattern == full.logLikelihood.bitPattern, "β \(beta)")
            #expect(fast.score.bitPattern == full.score.bitPattern, "β \(beta)")
            #expect(fast.information.bitPattern == full.information.bitPattern, "β \(beta)")
        }
    }

    /// Statistics sharing one frame (in any order, with a second cohort in between) get the
    /// values each gets from a frame of its own.
    @Test func aSharedFrameGivesEachStatisticItsOwnValue() throws {
        for c in try ReplicateKernelTests.cases(seed: 34, count: 60) where c.score.count > 4 {
            let other = try SurvivalOutcomes(
                time: c.outcomes.time.reversed(), event: c.outcomes.event.map { !$0 })
            let metrics: [SurvivalMetric] = [
                .cIndex, .hazardRatioPerSD(ties: .efron), .hazardRatioHighVsLow(ties: .breslow),
                .auroc(horizon: 3),
            ]
            let statistics =
                metrics.map { $0.prepare(c.outcomes, score: c.score) }
                + metrics.map { $0.prepare(other, score: c.score.reversed()) }
                + metrics.map { $0.prepare(c.outcomes, score: c.score.map { -$0 }) }
            let alone = statistics.map { statistic in
                c.weights.withUnsafeBufferPointer { statistic.makeEvaluator()($0) }
            }
            let frame = ResampleFrame(patients: c.score.count)
            for _ in 0..<2 {
                c.weights.withUnsafeBufferPointer { frame.load($0) }
                let shared = statistics.map { $0.makeFrameEvaluator()(frame) }
                #expect(shared.map { $0?.bitPattern } == alone.map { $0?.bitPattern })
                let reversed = statistics.reversed().map { $0.makeFrameEvaluator()(frame) }
                #expect(reversed.reversed().map { $0?.bitPattern } == alone.map { $0?.bitPattern })
            }
        }
    }
}
