// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// `hazardRatioPerSD` and the median split build their time-ordered covariate without storing the
/// standardised score or the indicator: the fits and the errors are those of `CoxRegression.fit`
/// on the materialised covariate, bit for bit.
@Suite struct HazardRatioBuilderTests {
    static func materialisedPerSD(
        _ outcomes: SurvivalOutcomes, _ score: [Double], _ options: CoxOptions
    ) throws
        -> CoxFit
    {
        try outcomes.validate(score, field: "score")
        guard score.count >= 2 else { throw StatsError.zeroVariance(field: "score") }
        let (mean, sd) = meanAndSampleSD(score)
        guard sd > 0 else { throw StatsError.zeroVariance(field: "score") }
        return try CoxRegression.fit(
            outcomes, covariate: score.map { ($0 - mean) / sd }, options: options, field: "score", generalPath: true)
    }

    static func materialisedSplit(
        _ outcomes: SurvivalOutcomes, _ score: [Double], _ options: CoxOptions
    ) throws
        -> CoxFit
    {
        let median = numpyMedian(score)
        let indicator = score.map { $0 > median ? 1.0 : 0.0 }
        let high = indicator.reduce(0) { $0 + Int($1) }
        guard high > 0, high < score.count else {
            throw StatsError.zeroVariance(field: "score above the median (high-vs-low groups)")
        }
        return try CoxRegression.fit(
            outcomes, covariate: indicator, options: options, field: "score above the median", generalPath: true)
    }

    static func cases() throws -> [(String, SurvivalOutcomes, [Double])] {
        var result: [(String, SurvivalOutcomes, [Double])] = []
        for (n, seed) in [(7, 1), (200, 2), (3_000, 3)] as [(Int, UInt64)] {
            let (outcomes, score) = try CoxPointFitTests.cohort(n, seed: seed)
            result.append(("n = \(n)", outcomes, score))
            result.append(("n = \(n), constant", outcomes, score.map { _ in 0.25 }))
            let noEvents = try SurvivalOutcomes(time: outcomes.time, event: outcomes.event.map { _ in false })
            result.append(("n = \(n), no events", noEvents, score))
            // A score whose standardisation overflows: (s − mean) / sd is infinite.
            var wild = score
            wild[0] = 1e300
            wild[1] = -1e300
            result.append(("n = \(n), overflowing z", outcomes, wild))
        }
        // Heavy ties: three follow-up times, so groups of hundreds of deaths (past Efron's table).
        let (tiedBase, tiedScore) = try CoxPointFitTests.cohort(3_000, seed: 5)
        let heavy = try SurvivalOutcomes(time: tiedBase.time.map { Double(Int($0) % 3) }, event: tiedBase.event)
        result.append(("three times", heavy, tiedScore))
        let (outcomes, score) = try CoxPointFitTests.cohort(50, seed: 9)
        let separated = outcomes.event.enumerated().map { $0.element ? 1.0 + Double($0.offset) * 1e-6 : -1.0 }
        result.append(("separated", outcomes, separated))
        result.append(("first row high", outcomes, [10] + score.dropFirst()))
        return result
    }

    @Test func perSDIsTheFitOfTheStandardisedScore() throws {
        for (label, outcomes, score) in try Self.cases() {
            for ties in TieMethod.allCases {
                let options = CoxOptions(ties: ties)
                CoxPointFitTests.expectSame(
                    Result { try CoxRegression.hazardRatioPerSD(outcomes, score: score, options: options).fit },
                    Result { try Self.materialisedPerSD(outcomes, score, options) }, "\(label), \(ties)")
            }
        }
    }

    @Test func medianSplitIsTheFitOfTheIndicator() throws {
        for (label, outcomes, score) in try Self.cases() {
            for ties in TieMethod.allCases {
                let options = CoxOptions(ties: ties)
                CoxPointFitTests.expectSame(
                    Result { try CoxRegression.hazardRatioHighVersusLow(outcomes, score: score, options: options).fit },
                    Result { try Self.materialisedSplit(outcomes, score, options) }, "\(label), \(ties)")
            }
        }
    }

    @Test func aShortScoreIsALengthError() throws {
        let (outcomes, score) = try CoxPointFitTests.cohort(40, seed: 4)
        let short = Array(score.dropLast())
        #expect(throws: StatsError.self) {
            try CoxRegression.highVersusLow(outcomes, score: short, median: 0, options: CoxOptions())
        }
    }
}
