// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Testing

@testable import GremlinKit

@Suite struct AUROCTests {
    @Test func matchesScikitLearnAtHorizon() throws {
        var worst = 0.0
        for fixture in try StatsFixtures.all() {
            for (column, score, ref) in fixture.columns {
                let label = "\(fixture.name).\(column)"
                let r = ref.auroc
                let result = try AUROC.atHorizon(fixture.outcomes, score: score, horizon: r.horizon)
                #expect(result.positives == r.positives, "\(label)")
                #expect(result.negatives == r.negatives, "\(label)")
                #expect(result.excluded == r.excluded, "\(label)")
                #expect(abs(result.auc - r.auroc) <= 1e-12, "\(label)")
                worst = max(worst, abs(result.auc - r.auroc))
            }
        }
        #expect(worst <= 1e-12)
    }

    @Test func agreesWithPairCountingOnRandomData() throws {
        var random = TestRandom(seed: 21)
        for _ in 0..<200 {
            let n = 2 + random.int(40)
            let labels = (0..<n).map { _ in random.bool(0.4) }
            let score = (0..<n).map { _ in Double(random.int(6)) }
            var wins = 0.0
            var pairs = 0.0
            for i in 0..<n where labels[i] {
                for j in 0..<n where !labels[j] {
                    pairs += 1
                    wins += score[i] > score[j] ? 1 : (score[i] == score[j] ? 0.5 : 0)
                }
            }
            if pairs == 0 {
                #expect(throws: StatsError.self) { try AUROC.binary(labels: labels, score: score) }
            } else {
                #expect(try AUROC.binary(labels: labels, score: score).auc == wins / pairs)
            }
        }
    }

    @Test func horizonLabelling() throws {
        // Event before the horizon: positive. At or after it (any status): negative.
        // Censored before it: excluded.
        let outcomes = try SurvivalOutcomes(time: [1, 2, 5, 5, 7, 3], event: [true, false, true, false, true, true])
        let result = try AUROC.atHorizon(outcomes, score: [9, 0, 1, 2, 3, 8], horizon: 5)
        #expect(result.positives == 2)
        #expect(result.negatives == 3)
        #expect(result.excluded == 1)
        #expect(result.auc == 1)
        #expect(result.horizon == 5)

        #expect(throws: StatsError.singleClass(positives: 0, negatives: 6)) {
            try AUROC.atHorizon(outcomes, score: [1, 2, 3, 4, 5, 6], horizon: 0)
        }
        #expect(try AUROC.binary(labels: [true, false, true, false], score: [1, 1, 1, 1]).auc == 0.5)
    }
}
