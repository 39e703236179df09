// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Settings for a univariate Cox proportional-hazards fit.
public struct CoxOptions: Sendable, Equatable {
    /// Tie handling in the partial likelihood; Efron by default, as lifelines.
    public var ties: TieMethod
    /// Two-sided level of the Wald interval, in (0, 1).
    public var confidence: Double
    /// Newton–Raphson iterations before giving up.
    public var maxIterations: Int
    /// Converged when the last Newton step is at most `tolerance · (1 + |β|)`.
    public var tolerance: Double
    /// When `true` (the default) a fit that does not converge throws instead of returning
    /// a result with `converged == false`.
    public var requireConvergence: Bool

    public init(
        ties: TieMethod = .efron, confidence: Double = 0.95, maxIterations: Int = 50,
        tolerance: Double = 1e-10, requireConvergence: Bool = true
    ) {
        self.ties = ties
        self.confidence = confidence
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.requireConvergence = requireConvergence
    }

    func validate() throws {
        guard confidence > 0, confidence < 1 else {
            throw StatsError.invalidOption(
                name: "confidence", value: "\(confidence)", expected: "a number strictly between 0 and 1")
        }
        guard maxIterations >= 1 else {
            throw StatsError.invalidOption(name: "maxIterations", value: "\(maxIterations)", expected: "at least 1")
        }
        guard tolerance > 0, tolerance.isFinite else {
            throw StatsError.invalidOption(name: "tolerance", value: "\(tolerance)", expected: "a positive number")
        }
    }
}

/// A fitted univariate Cox model: coefficient, Wald inference and fit diagnostics.
public struct CoxFit: Sendable, Equatable, Codable {
    /// log hazard ratio per unit of the covariate.
    public let coefficient: Double
    /// Standard error from the observed information at the maximum.
    public let standardError: Double
    /// `exp(coefficient)`.
    public let hazardRatio: Double
    /// Wald interval for the hazard ratio: `exp(β ± z·SE)`.
    public let lower: Double
    public let upper: Double
    /// Level of `lower`/`upper`.
    public let confidence: Double
    /// Wald statistic `β / SE`.
    public let z: Double
    /// Two-sided Wald p-value, `erfc(|z| / √2)`.
    public let pValue: Double
    /// Partial log-likelihood at the estimate and at β = 0.
    public let logLikelihood: Double
    public let nullLogLikelihood: Double
    public let iterations: Int
    public let converged: Bool
    public let ties: TieMethod
    public let patients: Int
    public let events: Int
}

/// A hazard ratio per standard deviation of the score.
///
/// The score is standardised as `(x − mean) / sd` with the sample SD (ddof = 1), the same
/// pandas `std()` lifelines uses to normalise covariates internally, so `fit.coefficient`
/// equals lifelines' per-unit coefficient × sd.
public struct StandardizedHazardRatio: Sendable, Equatable, Codable {
    public let fit: CoxFit
    public let mean: Double
    public let standardDeviation: Double
}

/// A hazard ratio of the high-score group versus the low-score group, split at the median.
///
/// high = `score > median(score)` (numpy's median: the mean of the two middle values for even
/// n), low = the rest, so scores equal to the median are low.
public struct MedianSplitHazardRatio: Sendable, Equatable, Codable {
    public let fit: CoxFit
    public let median: Double
    public let high: Int
    public let low: Int
}

/// Univariate Cox proportional-hazards regression by Newton–Raphson with step halving.
public enum CoxRegression {
    /// Fits `h(t | x) = h₀(t) · exp(β x)`.
    ///
    /// - Throws: `StatsError.noEvents`, `.zeroVariance`, `.monotoneLikelihood` (complete
    ///   separation: the estimate would be infinite), `.singularInformation`, `.notConverged`
    ///   (unless `options.requireConvergence` is false) and validation errors.
    public static func fit(
        _ outcomes: SurvivalOutcomes, covariate: [Double],
        options: CoxOptions = CoxOptions(), field: String = "covariate"
    ) throws -> CoxFit {
        try fit(outcomes, covariate: covariate, options: options, field: field, generalPath: false)
    }

    /// `fit`, by `CoxSolver.solveUnweighted` or (`generalPath`, for tests) by the general,
    /// weighted `CoxSolver.solve` with every weight 1: the same fit, bit for bit.
    static func fit(
        _ outcomes: SurvivalOutcomes, covariate: [Double], options: CoxOptions, field: String, generalPath: Bool
    ) throws -> CoxFit {
        try options.validate()
        try outcomes.validate(covariate, field: field)
        guard outcomes.eventCount > 0 else { throw StatsError.noEvents }
        guard let first = covariate.first, covariate.contains(where: { $0 != first }) else {
            throw StatsError.zeroVariance(field: field)
        }
        let mean = covariate.reduce(0, +) / Double(covariate.count)
        let x = covariate.withUnsafeBufferPointer { c in [Double].mapping(outcomes.timeOrder) { c[Int($0)] - mean } }
        return try fitSorted(outcomes, x: x, options: options, field: field, generalPath: generalPath)
    }

    /// The fit of the centred covariate `x`, already in time order (`fit` after its checks).
    private static func fitSorted(
        _ outcomes: SurvivalOutcomes, x: [Double], options: CoxOptions, field: String, generalPath: Bool = false,
        levels: (Double, Double)?? = nil
    ) throws -> CoxFit {
        let solver = CoxSolver(
            event: outcomes.sortedEvent, groupEnds: outcomes.groupEnds, ties: options.ties,
            maxIterations: options.maxIterations, tolerance: options.tolerance)
        let solution = try x.withUnsafeBufferPointer { xb in
            guard generalPath else { return try solver.solveUnweighted(x: xb, field: field, levels: levels) }
            let w = [Double](repeating: 1, count: x.count)
            return try w.withUnsafeBufferPointer { wb in try solver.solve(x: xb, w: wb, field: field) }
        }
        if !solution.converged && options.requireConvergence {
            throw StatsError.notConverged(iterations: solution.iterations, coefficient: solution.beta)
        }
        return makeFit(solution, options: options, patients: outcomes.count, events: outcomes.eventCount)
    }

    /// The hazard ratio per standard deviation of `score` (see `StandardizedHazardRatio`).
    public static func hazardRatioPerSD(
        _ outcomes: SurvivalOutcomes, score: [Double],
        options: CoxOptions = CoxOptions()
    ) throws -> StandardizedHazardRatio {
        try outcomes.validate(score, field: "score")
        guard score.count >= 2 else { throw StatsError.zeroVariance(field: "score") }
        let (mean, sd) = meanAndSampleSD(score)
        guard sd > 0 else { throw StatsError.zeroVariance(field: "score") }
        // `fit(outcomes, covariate: z)` for z = (score − mean) / sd, without storing z: each z is
        // computed where `fit` reads it (the same expression, so the same bits), in the same order.
        @inline(__always) func z(_ s: Double) -> Double { (s - mean) / sd }
        try options.validate()
        let n = score.count
        var sumZ = 0.0
        var finite = true
        var varies = false
        let z0 = z(score[0])
        score.withUnsafeBufferPointer { score in
            for s in score {
                let zs = z(s)
                finite = finite && zs.isFinite
                varies = varies || zs != z0
                sumZ += zs
            }
        }
        if !finite { try outcomes.validate(score.map(z), field: "score") }
        guard outcomes.eventCount > 0 else { throw StatsError.noEvents }
        guard varies else { throw StatsError.zeroVariance(field: "score") }
        let meanZ = sumZ / Double(n)
        let x = score.withUnsafeBufferPointer { c in [Double].mapping(outcomes.timeOrder) { z(c[Int($0)]) - meanZ } }
        let fit = try fitSorted(outcomes, x: x, options: options, field: "score")
        return StandardizedHazardRatio(fit: fit, mean: mean, standardDeviation: sd)
    }

    /// The hazard ratio of high (`score > median`) versus low (see `MedianSplitHazardRatio`).
    public static func hazardRatioHighVersusLow(
        _ outcomes: SurvivalOutcomes, score: [Double],
        options: CoxOptions = CoxOptions()
    ) throws -> MedianSplitHazardRatio {
        try outcomes.validate(score, field: "score")
        guard !score.isEmpty else { throw StatsError.empty }
        return try highVersusLow(outcomes, score: score, median: numpyMedian(score), options: options)
    }

    /// The median-split fit of a validated, non-empty `score` at its numpy `median`.
    static func highVersusLow(
        _ outcomes: SurvivalOutcomes, score: [Double], median: Double, options: CoxOptions
    ) throws -> MedianSplitHazardRatio {
        guard score.count == outcomes.count else {
            throw StatsError.lengthMismatch(field: "score", expected: outcomes.count, actual: score.count)
        }
        var high = 0
        score.withUnsafeBufferPointer { score in
            for s in score { high += s > median ? 1 : 0 }
        }
        guard high > 0, high < score.count else {
            throw StatsError.zeroVariance(field: "score above the median (high-vs-low groups)")
        }
        // `fit(outcomes, covariate: indicator)` without the indicator array: it is finite and
        // takes two values, and its sum, 0s and 1s added in order, is exactly `high` (an integer
        // below 2⁵³), so its mean is `Double(high) / n` to the bit.
        try options.validate()
        guard outcomes.eventCount > 0 else { throw StatsError.noEvents }
        let mean = Double(high) / Double(score.count)
        let x = score.withUnsafeBufferPointer { c in
            [Double].mapping(outcomes.timeOrder) { (c[Int($0)] > median ? 1.0 : 0.0) - mean }
        }
        // `CoxSolver.twoLevels(x)`: the first value, then the other.
        let levels = x[0].bitPattern == (1 - mean).bitPattern ? (1 - mean, 0 - mean) : (0 - mean, 1 - mean)
        let fit = try fitSorted(outcomes, x: x, options: options, field: "score above the median", levels: levels)
        return MedianSplitHazardRatio(fit: fit, median: median, high: high, low: score.count - high)
    }

    static func makeFit(_ s: CoxSolver.Solution, options: CoxOptions, patients: Int, events: Int) -> CoxFit {
        let se = 1 / s.at.information.squareRoot()
        let z = s.beta / se
        let q = Normal.quantile(0.5 + options.confidence / 2)
        return CoxFit(
            coefficient: s.beta, standardError: se, hazardRatio: exp(s.beta),
            lower: exp(s.beta - q * se), upper: exp(s.beta + q * se),
            confidence: options.confidence, z: z, pValue: Normal.twoSidedPValue(z),
            logLikelihood: s.at.logLikelihood, nullLogLikelihood: s.nullLogLikelihood,
            iterations: s.iterations, converged: s.converged, ties: options.ties,
            patients: patients, events: events)
    }
}

/// Two-pass mean and sample standard deviation (ddof = 1).
func meanAndSampleSD(_ x: [Double]) -> (mean: Double, sd: Double) {
    let mean = x.reduce(0, +) / Double(x.count)
    let ss = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (mean, (ss / Double(x.count - 1)).squareRoot())
}

/// numpy's `median`: the middle value, or the mean of the two middle values for even n.
func numpyMedian(_ x: [Double]) -> Double {
    let s = x.sorted()
    let n = s.count
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
}
