// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct SurvivalEvaluationTests {
    static func example() throws -> (SurvivalOutcomes, [Double], [Double]) {
        let c = try PredictionsReader.parse(Data(try EvaluationReference.csv("candidate").utf8), file: "c.csv")
        let b = try PredictionsReader.parse(Data(try EvaluationReference.csv("production").utf8), file: "b.csv")
        let joined = try PredictionsReader.join(candidate: c, baseline: b)
        return (try SurvivalOutcomes(time: c.time, event: c.event), joined.candidate.score, joined.baseline.score)
    }

    @Test func pairedEqualsTheReferencesAndIgnoresTheThreadCount() throws {
        let ref = try EvaluationReference.load()
        let (outcomes, candidate, baseline) = try Self.example()
        #expect(SurvivalEvaluation.medianFollowUp(outcomes) == ref.horizon)
        var options = EvaluationOptions(bootstrap: 150, seed: 11, horizon: ref.horizon, threads: 1)
        let one = SurvivalEvaluation.paired(outcomes, candidate: candidate, baseline: baseline, options: options)
        options.threads = 3
        let three = SurvivalEvaluation.paired(outcomes, candidate: candidate, baseline: baseline, options: options)
        #expect(one.candidate == three.candidate && one.baseline == three.baseline && one.delta == three.delta)

        #expect(abs((one.candidate[.cIndex]?.value ?? 0) - ref.candidate.c_index) <= 1e-12)
        #expect(abs((one.baseline[.auroc]?.value ?? 0) - ref.production.auroc) <= 1e-12)
        let hr = try #require(one.baseline[.hazardRatioHighVsLow])
        #expect(relativeDifference(hr.value ?? 0, ref.production.hazard_ratio_high_vs_low.hazard_ratio) <= 1e-6)
        #expect(relativeDifference(hr.lower ?? 0, ref.production.hazard_ratio_high_vs_low.ci_lower) <= 1e-6)
        // The paired difference is exactly the difference of the estimates; the same resamples
        // give the per-model intervals the single-model bootstrap gives.
        #expect(one.delta[.cIndex]?.value == (one.candidate[.cIndex]?.value ?? 0) - (one.baseline[.cIndex]?.value ?? 0))
        options.threads = 1
        let single = SurvivalEvaluation.single(outcomes, score: candidate, options: options)
        #expect(single[.cIndex]?.lower == one.candidate[.cIndex]?.lower)
        #expect(single[.cIndex]?.upper == one.candidate[.cIndex]?.upper)
        #expect(single[.hazardRatioPerSD] == one.candidate[.hazardRatioPerSD])
    }

    /// Every metric bootstrapped in one pass over the replicates gives, bit for bit, what one
    /// bootstrap per metric gives (the same resample per replicate, drawn once).
    @Test func onePassEqualsOneBootstrapPerMetric() throws {
        let (outcomes, candidate, baseline) = try Self.example()
        let options = EvaluationOptions(bootstrap: 60, seed: 5, horizon: SurvivalEvaluation.medianFollowUp(outcomes))
        let paired = SurvivalEvaluation.paired(outcomes, candidate: candidate, baseline: baseline, options: options)
        let single = SurvivalEvaluation.single(outcomes, score: baseline, options: options)
        for name in MetricName.allCases {
            let metric = name.metric(horizon: options.horizon, ties: options.ties)
            let boot = try Bootstrap.paired(
                outcomes, candidate: candidate, baseline: baseline, metric: metric, options: options.bootstrapOptions)
            let delta = try #require(paired.delta[name])
            #expect(delta.lower?.bitPattern == boot.difference.lower.bitPattern)
            #expect(delta.upper?.bitPattern == boot.difference.upper.bitPattern)
            #expect(delta.pValue?.bitPattern == boot.pValue.bitPattern)
            #expect(delta.skipped == boot.difference.skipped)
            guard !name.isHazardRatio else { continue }
            #expect(paired.candidate[name]?.lower?.bitPattern == boot.candidate.lower.bitPattern)
            #expect(paired.baseline[name]?.upper?.bitPattern == boot.baseline.upper.bitPattern)
            let alone = try Bootstrap.interval(
                outcomes, score: baseline, metric: metric, options: options.bootstrapOptions)
            #expect(single[name]?.lower?.bitPattern == alone.lower.bitPattern)
            #expect(single[name]?.upper?.bitPattern == alone.upper.bitPattern)
            #expect(single[name]?.skipped == alone.skipped)
        }
    }

    @Test func separatedCoxIsAProblemNotANumber() throws {
        // Every event has the highest score among those at risk: the hazard ratio is infinite.
        let outcomes = try SurvivalOutcomes(time: [1, 2, 3, 4, 5, 6], event: [true, true, true, false, false, false])
        let score = [6.0, 5, 4, 3, 2, 1]
        let result = SurvivalEvaluation.single(
            outcomes, score: score, options: EvaluationOptions(bootstrap: 0, horizon: 3.5))
        #expect(result[.cIndex]?.value == 1)
        #expect(result[.hazardRatioPerSD]?.value == nil)
        #expect(result[.hazardRatioPerSD]?.problem?.contains("separates the events completely") == true)
        #expect(result[.auroc]?.value == 1)
    }
}
