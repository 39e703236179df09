// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct ConcordanceTests {
    @Test func matchesScikitSurvivalAndLifelinesOnRealCohorts() throws {
        let fixtures = try StatsFixtures.all()
        #expect(fixtures.count >= 4)
        var worst = 0.0
        for fixture in fixtures {
            for (column, score, ref) in fixture.columns {
                let c = try Concordance.harrell(fixture.outcomes, score: score)
                let label = "\(fixture.name).\(column)"
                #expect(c.concordant == ref.cindex.concordant, "\(label)")
                #expect(c.discordant == ref.cindex.discordant, "\(label)")
                #expect(c.tiedRisk == ref.cindex.tied_risk, "\(label)")
                #expect(c.tiedTime == ref.cindex.tied_time, "\(label)")
                #expect(c.comparable == ref.cindex.comparable, "\(label)")
                #expect(abs(c.index - ref.cindex.sksurv) <= 1e-12, "\(label) vs sksurv")
                #expect(abs(c.index - ref.cindex.lifelines) <= 1e-12, "\(label) vs lifelines")
                worst = max(worst, abs(c.index - ref.cindex.sksurv), abs(c.index - ref.cindex.lifelines))
            }
        }
        #expect(worst <= 1e-12)
    }

    @Test func fixturesExerciseTiesAndHeavyCensoring() throws {
        let fixtures = try StatsFixtures.all()
        // The point of the fixtures: tied times with mixed status, tied scores, heavy censoring.
        #expect(fixtures.contains { $0.reference.score.cindex.tied_time > 0 })
        #expect(fixtures.contains { $0.reference.score.cindex.tied_risk > 1000 })
        #expect(fixtures.contains { Double($0.reference.events) / Double($0.reference.n) < 0.1 })
    }

    @Test func agreesWithQuadraticDefinitionOnRandomData() throws {
        var random = TestRandom(seed: 7)
        for trial in 0..<300 {
            let n = 1 + random.int(60)
            // Few distinct values so that tied times, tied scores and mixed ties are common.
            let timeLevels = 1 + random.int(12)
            let scoreLevels = 1 + random.int(8)
            let time = (0..<n).map { _ in Double(random.int(timeLevels)) }
            let event = (0..<n).map { _ in random.bool(0.5) }
            let score = (0..<n).map { _ in Double(random.int(scoreLevels)) - 3.5 }
            let expected = bruteForceConcordance(time: time, event: event, score: score)
            let outcomes = try SurvivalOutcomes(time: time, event: event)
            if expected.comparable == 0 {
                #expect(throws: StatsError.noComparablePairs) { try Concordance.harrell(outcomes, score: score) }
            } else {
                let fast = try Concordance.harrell(outcomes, score: score)
                #expect(fast == expected, "trial \(trial)")
                #expect(fast.index == expected.index)
            }
        }
    }

    @Test func weightsEqualDuplicatedRows() throws {
        var random = TestRandom(seed: 11)
        for _ in 0..<50 {
            let n = 2 + random.int(30)
            let time = (0..<n).map { _ in Double(random.int(6)) }
            let event = (0..<n).map { _ in random.bool(0.6) }
            let score = (0..<n).map { _ in Double(random.int(5)) }
            let weights = (0..<n).map { _ in Int32(random.int(4)) }
            var t2: [Double] = []
            var e2: [Bool] = []
            var s2: [Double] = []
            for i in 0..<n {
                for _ in 0..<Int(weights[i]) {
                    t2.append(time[i])
                    e2.append(event[i])
                    s2.append(score[i])
                }
            }
            let engine = ConcordanceEngine(try SurvivalOutcomes(time: time, event: event), score: score)
            var tree = engine.makeTree()
            let weighted = weights.withUnsafeBufferPointer { engine.counts(weights: $0, tree: &tree) }
            #expect(weighted == bruteForceConcordance(time: t2, event: e2, score: s2))
        }
    }

    @Test func edgeCases() throws {
        let censored = try SurvivalOutcomes(time: [1, 2, 3], event: [false, false, false])
        #expect(throws: StatsError.noComparablePairs) { try Concordance.harrell(censored, score: [1, 2, 3]) }

        let single = try SurvivalOutcomes(time: [5], event: [true])
        #expect(throws: StatsError.noComparablePairs) { try Concordance.harrell(single, score: [1]) }

        // Events all at one time are never comparable with each other.
        let sameTime = try SurvivalOutcomes(time: [4, 4, 4], event: [true, true, true])
        #expect(throws: StatsError.noComparablePairs) { try Concordance.harrell(sameTime, score: [1, 2, 3]) }

        let mixed = try SurvivalOutcomes(time: [1, 2, 2, 3, 5], event: [true, true, false, true, false])
        let flat = try Concordance.harrell(mixed, score: [0.3, 0.3, 0.3, 0.3, 0.3])
        #expect(flat.index == 0.5)
        #expect(flat.tiedRisk == flat.comparable)

        // Perfect and perfectly reversed rankings.
        #expect(try Concordance.harrell(mixed, score: [5, 4, 3, 2, 1]).index == 1)
        #expect(try Concordance.harrell(mixed, score: [1, 2, 3, 4, 5]).index == 0)

        #expect(throws: StatsError.nonFinite(field: "score", row: 2)) {
            try Concordance.harrell(mixed, score: [1, .nan, 3, 4, 5])
        }
        #expect(throws: StatsError.lengthMismatch(field: "score", expected: 5, actual: 2)) {
            try Concordance.harrell(mixed, score: [1, 2])
        }
        #expect(throws: StatsError.lengthMismatch(field: "event", expected: 2, actual: 1)) {
            try SurvivalOutcomes(time: [1, 2], event: [true])
        }
        #expect(throws: StatsError.nonFinite(field: "time", row: 1)) {
            try SurvivalOutcomes(time: [.infinity], event: [true])
        }
    }

    @Test func hundredThousandPatients() throws {
        var random = TestRandom(seed: 3)
        let n = 100_000
        let time = (0..<n).map { _ in Double(random.int(3650)) }
        let event = (0..<n).map { _ in random.bool(0.3) }
        let score = (0..<n).map { i in -time[i] / 1000 + random.uniform() * 3 }
        let clock = ContinuousClock()
        var result: Concordance?
        let elapsed = try clock.measure {
            let outcomes = try SurvivalOutcomes(time: time, event: event)
            result = try Concordance.harrell(outcomes, score: score)
        }
        let c = try #require(result)
        #expect(c.index > 0.6 && c.index < 1)
        #expect(c.comparable > 1_000_000_000)
        // A guard against an O(n²) regression (minutes), not a benchmark: debug builds on a
        // loaded shared machine take seconds; an optimised build takes tens of milliseconds.
        #expect(elapsed < .seconds(30))
        print("C-index n=\(n): \(elapsed)")
    }
}
