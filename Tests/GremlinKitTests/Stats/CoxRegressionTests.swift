// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct CoxRegressionTests {
    /// Coefficient and SE to 1e-6 relative (the contract); observed agreement is ~1e-12.
    static let tolerance = 1e-6

    @Test func efronMatchesLifelinesAndStatsmodels() throws {
        for fixture in try StatsFixtures.all() {
            for (column, score, ref) in fixture.columns {
                let label = "\(fixture.name).\(column)"
                let fit = try CoxRegression.fit(fixture.outcomes, covariate: score)
                #expect(fit.converged)
                #expect(fit.ties == .efron)
                for r in [ref.cox_efron, ref.cox_efron_statsmodels] {
                    #expect(relativeDifference(fit.coefficient, r.coef) <= Self.tolerance, "\(label) coef")
                    #expect(relativeDifference(fit.standardError, r.se) <= Self.tolerance, "\(label) se")
                    #expect(relativeDifference(fit.pValue, r.p) <= Self.tolerance, "\(label) p")
                    #expect(relativeDifference(fit.logLikelihood, r.log_likelihood) <= 1e-9, "\(label) loglik")
                }
                let lifelines = ref.cox_efron
                #expect(relativeDifference(fit.hazardRatio, try #require(lifelines.hazard_ratio)) <= Self.tolerance)
                #expect(
                    relativeDifference(fit.lower, try #require(lifelines.ci_lower)) <= Self.tolerance, "\(label) lower")
                #expect(
                    relativeDifference(fit.upper, try #require(lifelines.ci_upper)) <= Self.tolerance, "\(label) upper")
                #expect(relativeDifference(fit.z, try #require(lifelines.z)) <= Self.tolerance)
                let null = try #require(ref.cox_efron_statsmodels.null_log_likelihood)
                #expect(relativeDifference(fit.nullLogLikelihood, null) <= 1e-9, "\(label) null loglik")
                #expect(fit.patients == fixture.reference.n)
                #expect(fit.events == fixture.reference.events)
            }
        }
    }

    @Test func breslowMatchesStatsmodels() throws {
        for fixture in try StatsFixtures.all() {
            for (column, score, ref) in fixture.columns {
                let label = "\(fixture.name).\(column)"
                let fit = try CoxRegression.fit(fixture.outcomes, covariate: score, options: CoxOptions(ties: .breslow))
                let r = ref.cox_breslow_statsmodels
                #expect(relativeDifference(fit.coefficient, r.coef) <= Self.tolerance, "\(label) coef")
                #expect(relativeDifference(fit.standardError, r.se) <= Self.tolerance, "\(label) se")
                #expect(relativeDifference(fit.pValue, r.p) <= Self.tolerance, "\(label) p")
                #expect(relativeDifference(fit.logLikelihood, r.log_likelihood) <= 1e-9, "\(label) loglik")
            }
        }
    }

    @Test func perStandardDeviationMatchesLifelinesOnStandardizedScore() throws {
        for fixture in try StatsFixtures.all() {
            for (column, score, ref) in fixture.columns {
                let label = "\(fixture.name).\(column)"
                let hr = try CoxRegression.hazardRatioPerSD(fixture.outcomes, score: score)
                let r = ref.per_sd
                #expect(relativeDifference(hr.standardDeviation, try #require(r.sd)) <= 1e-12, "\(label) sd")
                #expect(relativeDifference(hr.fit.coefficient, r.coef) <= Self.tolerance, "\(label) coef")
                #expect(relativeDifference(hr.fit.standardError, r.se) <= Self.tolerance, "\(label) se")
                #expect(relativeDifference(hr.fit.lower, try #require(r.ci_lower)) <= Self.tolerance, "\(label) lower")
                #expect(relativeDifference(hr.fit.upper, try #require(r.ci_upper)) <= Self.tolerance, "\(label) upper")
                // Per SD is the per-unit fit rescaled: same z, coefficient × sd.
                let unit = try CoxRegression.fit(fixture.outcomes, covariate: score)
                #expect(relativeDifference(hr.fit.coefficient, unit.coefficient * hr.standardDeviation) <= 1e-9)
            }
        }
    }

    @Test func highVersusLowMatchesLifelinesOnMedianSplit() throws {
        for fixture in try StatsFixtures.all() {
            for (column, score, ref) in fixture.columns {
                let label = "\(fixture.name).\(column)"
                let r = ref.high_vs_low
                #expect(try #require(r.median) == numpyMedian(score), "\(label) median")
                let nHigh = try #require(r.n_high)
                if nHigh == 0 || nHigh == fixture.reference.n {
                    #expect(throws: StatsError.self) {
                        try CoxRegression.hazardRatioHighVersusLow(fixture.outcomes, score: score)
                    }
                    continue
                }
                let hr = try CoxRegression.hazardRatioHighVersusLow(fixture.outcomes, score: score)
                #expect(hr.high == nHigh, "\(label) n high")
                #expect(hr.high + hr.low == fixture.reference.n)
                #expect(relativeDifference(hr.fit.coefficient, r.coef) <= Self.tolerance, "\(label) coef")
                #expect(relativeDifference(hr.fit.standardError, r.se) <= Self.tolerance, "\(label) se")
                #expect(relativeDifference(hr.fit.pValue, r.p) <= Self.tolerance, "\(label) p")
            }
        }
    }

    @Test func confidenceLevelIsConfigurable() throws {
        let fixture = try #require(try StatsFixtures.all().first { $0.name == "rossi" })
        let f95 = try CoxRegression.fit(fixture.outcomes, covariate: fixture.score)
        let f99 = try CoxRegression.fit(
            fixture.outcomes, covariate: fixture.score, options: CoxOptions(confidence: 0.99))
        #expect(f99.coefficient == f95.coefficient)
        #expect(f99.lower < f95.lower && f99.upper > f95.upper)
        // The 95% interval is exp(β ± Φ⁻¹(0.975)·SE).
        let q = Normal.quantile(0.975)
        #expect(relativeDifference(log(f95.upper) - f95.coefficient, q * f95.standardError) <= 1e-12)
    }

    @Test func degenerateInputsThrowClearErrors() throws {
        let outcomes = try SurvivalOutcomes(time: [1, 2, 3, 4, 5, 6], event: [true, false, true, true, false, true])
        #expect(throws: StatsError.zeroVariance(field: "covariate")) {
            try CoxRegression.fit(outcomes, covariate: [2, 2, 2, 2, 2, 2])
        }
        let censored = try SurvivalOutcomes(time: [1, 2, 3], event: [false, false, false])
        #expect(throws: StatsError.noEvents) { try CoxRegression.fit(censored, covariate: [1, 2, 3]) }

        // Complete separation: every event has a higher covariate than everyone still at risk,
        // so the likelihood increases without bound as β → ∞. Detected exactly, not by drift.
        let separated = try SurvivalOutcomes(time: [1, 2, 3, 4, 5, 6], event: [true, true, true, false, false, false])
        #expect(throws: StatsError.monotoneLikelihood(field: "covariate", increasing: true)) {
            try CoxRegression.fit(separated, covariate: [6, 5, 4, 3, 2, 1])
        }
        #expect(throws: StatsError.monotoneLikelihood(field: "covariate", increasing: false)) {
            try CoxRegression.fit(separated, covariate: [1, 2, 3, 4, 5, 6])
        }
        #expect(
            StatsError.monotoneLikelihood(field: "score", increasing: true).description.contains("separates the events")
        )
        // Overlap at a single event is enough for a finite estimate.
        let overlapping = try CoxRegression.fit(separated, covariate: [6, 5, 1, 3, 2, 4])
        #expect(overlapping.converged && overlapping.coefficient.isFinite)

        // The covariate varies, but never among the patients at risk at an event time.
        let lastOnly = try SurvivalOutcomes(time: [1, 2, 3], event: [false, false, true])
        #expect(throws: StatsError.singularInformation(coefficient: 0)) {
            try CoxRegression.fit(lastOnly, covariate: [1, 2, 3])
        }

        // Opting out of the convergence requirement returns the flag instead of throwing.
        let rossi = try #require(try StatsFixtures.all().first { $0.name == "rossi" })
        #expect(throws: StatsError.self) {
            try CoxRegression.fit(rossi.outcomes, covariate: rossi.score, options: CoxOptions(maxIterations: 1))
        }
        let loose = try CoxRegression.fit(
            rossi.outcomes, covariate: rossi.score,
            options: CoxOptions(maxIterations: 1, requireConvergence: false))
        #expect(!loose.converged)
        #expect(loose.iterations == 1)

        // Everyone tied at the median: no high group.
        #expect(throws: StatsError.zeroVariance(field: "score above the median (high-vs-low groups)")) {
            try CoxRegression.hazardRatioHighVersusLow(outcomes, score: [1, 1, 1, 1, 1, 1])
        }
        // The one high patient is the last event, so every event has the lowest value at risk:
        // a monotone likelihood, reported as such.
        #expect(throws: StatsError.monotoneLikelihood(field: "score above the median", increasing: false)) {
            try CoxRegression.hazardRatioHighVersusLow(outcomes, score: [1, 1, 1, 1, 1, 2])
        }
        #expect(
            throws: StatsError.invalidOption(
                name: "confidence", value: "1.5", expected: "a number strictly between 0 and 1")
        ) {
            try CoxRegression.fit(outcomes, covariate: [1, 2, 3, 4, 5, 6], options: CoxOptions(confidence: 1.5))
        }
    }

    @Test func integerWeightsEqualDuplicatedRowsForBothTieMethods() throws {
        var random = TestRandom(seed: 5)
        for ties in TieMethod.allCases {
            for _ in 0..<20 {
                let n = 8 + random.int(20)
                let time = (0..<n).map { _ in Double(random.int(5)) }
                let event = (0..<n).map { _ in random.bool(0.6) }
                let x = (0..<n).map { _ in random.uniform() * 2 - 1 }
                let weights = (0..<n).map { _ in random.int(3) }
                var t2: [Double] = []
                var e2: [Bool] = []
                var x2: [Double] = []
                for i in 0..<n {
                    for _ in 0..<weights[i] {
                        t2.append(time[i])
                        e2.append(event[i])
                        x2.append(x[i])
                    }
                }
                guard e2.contains(true), Set(x2).count > 1 else { continue }
                let expanded = try? CoxRegression.fit(
                    try SurvivalOutcomes(time: t2, event: e2), covariate: x2,
                    options: CoxOptions(ties: ties))
                guard let expanded else { continue }
                let outcomes = try SurvivalOutcomes(time: time, event: event)
                let sx = outcomes.timeOrder.map { x[Int($0)] }
                let sw = outcomes.timeOrder.map { Double(weights[Int($0)]) }
                let solver = CoxSolver(
                    event: outcomes.timeOrder.map { event[Int($0)] }, groupEnds: outcomes.groupEnds,
                    ties: ties, maxIterations: 50, tolerance: 1e-10)
                let weighted = try sx.withUnsafeBufferPointer { xb in
                    try sw.withUnsafeBufferPointer { wb in try solver.solve(x: xb, w: wb) }
                }
                #expect(abs(weighted.beta - expanded.coefficient) <= 1e-9 * (1 + abs(expanded.coefficient)))
                #expect(relativeDifference(1 / weighted.at.information.squareRoot(), expanded.standardError) <= 1e-9)
            }
        }
    }
}
