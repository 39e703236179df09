// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The paired bootstrap's two C-indexes from one walk are each score's own C-index.
@Suite struct PairedConcordanceTests {
    /// On resamples with ties in time and in both scores and rows of weight 0: both sides give
    /// the bits of each score's own statistic, whichever side asks first, and again after the
    /// frame's weights change.
    @Test func pairedSidesAreEachScoresOwnIndex() throws {
        var random = ReplicateRandom(seed: 36, replicate: 1)
        var compared = 0
        for c in try ReplicateKernelTests.cases(seed: 36, count: 300) {
            let n = c.score.count
            let levels = 1 + random.index(below: 6)
            let other = (0..<n).map { _ in Double(random.index(below: levels)) }
            let single = [c.score, other].map { SurvivalMetric.cIndex.prepare(c.outcomes, score: $0) }
            let paired = PairedConcordance.pairing(single)
            #expect(paired.allSatisfy { $0 is PairedCIndexStatistic })
            let frame = ResampleFrame(patients: n)
            for round in 0..<3 {
                let weights = round == 0 ? c.weights : (0..<n).map { _ in Int32(random.index(below: 3)) }
                let alone = single.map { statistic in weights.withUnsafeBufferPointer { statistic.makeEvaluator()($0) }
                }
                weights.withUnsafeBufferPointer { frame.load($0) }
                let evaluators = paired.map { $0.makeFrameEvaluator() }
                var values: [Double?] = [nil, nil]
                for k in round == 1 ? [1, 0] : [0, 1] { values[k] = evaluators[k](frame) }
                #expect(values.map { $0?.bitPattern } == alone.map { $0?.bitPattern }, "round \(round)")
                compared += alone.compactMap { $0 }.count
            }
        }
        #expect(compared > 1000)
    }

    /// Only a candidate's and a baseline's C-index on the same outcomes, at 2k and 2k + 1, are
    /// paired; everything else is left as it is.
    @Test func pairingTakesOnlyCandidateAndBaselineCIndexes() throws {
        let c = try ReplicateKernelTests.cases(seed: 37, count: 1)[0]
        let other = try SurvivalOutcomes(time: c.outcomes.time.reversed(), event: c.outcomes.event)
        let cIndex = SurvivalMetric.cIndex.prepare(c.outcomes, score: c.score)
        let elsewhere = SurvivalMetric.cIndex.prepare(other, score: c.score)
        let auroc = SurvivalMetric.auroc(horizon: 3).prepare(c.outcomes, score: c.score)
        let shapes: [([any ReplicateStatistic], [Bool])] = [
            ([cIndex, cIndex, auroc, auroc], [true, true, false, false]),
            ([auroc, auroc, cIndex, cIndex], [false, false, true, true]),
            ([auroc, cIndex, cIndex, auroc], [false, false, false, false]),
            ([cIndex, elsewhere], [false, false]),
            ([cIndex], [false]),
        ]
        for (statistics, expected) in shapes {
            #expect(PairedConcordance.pairing(statistics).map { $0 is PairedCIndexStatistic } == expected)
        }
    }
}
