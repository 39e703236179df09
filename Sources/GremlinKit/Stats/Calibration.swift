// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A score recalibrated on its cohort by a univariate Cox model, and what it expects per patient.
///
/// β comes from the Efron partial likelihood (`CoxRegression.fit`); the cumulative baseline
/// hazard is Breslow's, `Ĥ₀(t) = Σ_{tⱼ ≤ t} dⱼ / Σ_{k: tₖ ≥ tⱼ} exp(β·(sₖ − s̄))`, as lifelines'
/// `CoxPHFitter` computes it. Patient i's expected events are `Ĥ₀(tᵢ)·exp(β·(sᵢ − s̄))` and its
/// martingale residual `δᵢ − expected`, equal to lifelines' `compute_residuals(df, "martingale")`.
public struct Recalibration: Sendable {
    public let fit: CoxFit
    /// Expected events per patient, in row order.
    public let expected: [Double]
    /// Martingale residuals per patient, in row order.
    public let residuals: [Double]

    public init(_ outcomes: SurvivalOutcomes, score: [Double], options: CoxOptions = CoxOptions()) throws {
        let fit = try CoxRegression.fit(outcomes, covariate: score, options: options, field: "score")
        let mean = score.reduce(0, +) / Double(score.count)
        let risk = score.map { exp(fit.coefficient * ($0 - mean)) }
        // Risk-set sums from the latest time down, one per run of equal times.
        var hazardAtGroup = [Double](repeating: 0, count: outcomes.groupEnds.count)
        var atRisk = 0.0
        var end = outcomes.count
        for group in stride(from: outcomes.groupEnds.count - 1, through: 0, by: -1) {
            let start = group == 0 ? 0 : Int(outcomes.groupEnds[group - 1])
            var deaths = 0
            for position in start..<end {
                let row = Int(outcomes.timeOrder[position])
                atRisk += risk[row]
                if outcomes.event[row] { deaths += 1 }
            }
            hazardAtGroup[group] = deaths == 0 ? 0 : Double(deaths) / atRisk
            end = start
        }
        var expected = [Double](repeating: 0, count: outcomes.count)
        var cumulative = 0.0
        var start = 0
        for (group, groupEnd) in outcomes.groupEnds.enumerated() {
            cumulative += hazardAtGroup[group]
            for position in start..<Int(groupEnd) {
                let row = Int(outcomes.timeOrder[position])
                expected[row] = cumulative * risk[row]
            }
            start = Int(groupEnd)
        }
        self.fit = fit
        self.expected = expected
        self.residuals = zip(outcomes.event, expected).map { ($0 ? 1 : 0) - $1 }
    }
}

/// Observed against expected events in a group of patients, with an exact Poisson interval.
public struct ObservedExpected: Sendable, Equatable, Codable {
    public let observed: Int
    public let expected: Double
    /// O/E; nil when E is 0.
    public let ratio: Double?
    /// Exact (Garwood) Poisson interval for O, divided by E.
    public let lower: Double?
    public let upper: Double?
    public let confidence: Double
    /// Mean martingale residual, (O − E) / n.
    public let meanResidual: Double
    /// Two-sided p-value of O = E by the score test z = (O − E) / √E.
    public let pValue: Double?

    /// O/E of the patients at `rows` under `calibration`.
    public init(_ calibration: Recalibration, outcomes: SurvivalOutcomes, rows: [Int], confidence: Double = 0.95) {
        let observed = rows.reduce(0) { $0 + (outcomes.event[$1] ? 1 : 0) }
        let expected = rows.reduce(0.0) { $0 + calibration.expected[$1] }
        self.observed = observed
        self.expected = expected
        self.confidence = confidence
        self.meanResidual = rows.isEmpty ? 0 : (Double(observed) - expected) / Double(rows.count)
        guard expected > 0 else {
            (ratio, lower, upper, pValue) = (nil, nil, nil, nil)
            return
        }
        let alpha = 1 - confidence
        ratio = Double(observed) / expected
        lower = observed == 0 ? 0 : ChiSquare.quantile(alpha / 2, degreesOfFreedom: 2 * Double(observed)) / 2 / expected
        upper = ChiSquare.quantile(1 - alpha / 2, degreesOfFreedom: 2 * Double(observed) + 2) / 2 / expected
        pValue = Normal.twoSidedPValue((Double(observed) - expected) / expected.squareRoot())
    }

    /// Whether the interval lies wholly above or below 1.
    public var excludesOne: Bool {
        guard let lower, let upper else { return false }
        return lower > 1 || upper < 1
    }
}

/// The chi-square distribution's quantile, by bisection on the regularized lower incomplete gamma.
public enum ChiSquare {
    public static func quantile(_ p: Double, degreesOfFreedom k: Double) -> Double {
        precondition(p > 0 && p < 1 && k > 0, "quantile needs 0 < p < 1 and k > 0")
        var low = 0.0
        var high = max(1.0, k)
        while regularizedGammaP(k / 2, high / 2) < p { high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if regularizedGammaP(k / 2, middle / 2) < p { low = middle } else { high = middle }
            if high - low <= 1e-15 * high { break }
        }
        return (low + high) / 2
    }

    /// P(a, x): the series for x < a + 1, else 1 − the continued fraction for Q (Lentz).
    static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 0 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a
            var sum = term
            var n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            return sum * exp(logPrefix)
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-17 { break }
        }
        return 1 - exp(logPrefix) * h
    }
}
