// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// How tied event times enter the Cox partial likelihood.
public enum TieMethod: String, Sendable, Codable, CaseIterable {
    /// Efron's approximation (the default of lifelines and R `survival`).
    case efron
    /// Breslow's approximation.
    case breslow
}

/// The univariate Cox partial log-likelihood and its first two derivatives, evaluated over the
/// time-sorted patients; the arrays are in `SurvivalOutcomes.timeOrder` positions.
struct CoxLikelihood {
    var logLikelihood: Double
    var score: Double
    var information: Double
    /// 0 when `logLikelihood` is the evaluation's own; otherwise it is an estimate within this
    /// distance of it (see `CoxRows.Totals`), or `.infinity` when none could be bounded.
    var logLikelihoodBound: Double = 0

    /// Evaluates at `beta` for covariate `x` and integer-valued case weights `w` (a weight of k
    /// is exactly k copies of the patient, including in Efron's tie correction).
    ///
    /// The exponent is shifted by its maximum so that `exp` never overflows; the shift cancels
    /// in every ratio and is added back to the log-likelihood.
    static func evaluate(
        beta: Double, x: UnsafeBufferPointer<Double>, w: UnsafeBufferPointer<Double>,
        event: UnsafeBufferPointer<Bool>, groupEnds: UnsafeBufferPointer<Int32>,
        ties: TieMethod
    ) -> CoxLikelihood {
        var shift = -Double.infinity
        for p in x.indices where w[p] > 0 { shift = max(shift, beta * x[p]) }
        var ll = 0.0
        var u = 0.0
        var info = 0.0
        var s0 = 0.0
        var s1 = 0.0
        var s2 = 0.0
        var end = x.count
        for g in stride(from: groupEnds.count - 1, through: 0, by: -1) {
            let start = g == 0 ? 0 : Int(groupEnds[g - 1])
            var d0 = 0.0
            var d1 = 0.0
            var d2 = 0.0
            var deaths = 0.0
            var xDeaths = 0.0
            for p in start..<end where w[p] > 0 {
                let xp = x[p]
                let r = w[p] * exp(beta * xp - shift)
                s0 += r
                s1 += r * xp
                s2 += r * xp * xp
                if event[p] {
                    d0 += r
                    d1 += r * xp
                    d2 += r * xp * xp
                    deaths += w[p]
                    xDeaths += w[p] * xp
                }
            }
            end = start
            guard deaths > 0 else { continue }
            ll += beta * xDeaths
            u += xDeaths
            switch ties {
            case .breslow:
                let m1 = s1 / s0
                ll -= deaths * (log(s0) + shift)
                u -= deaths * m1
                info += deaths * (s2 / s0 - m1 * m1)
            case .efron:
                let m = Int(deaths.rounded())
                let md = Double(m)
                for l in 0..<m {
                    let f = Double(l) / md
                    let a0 = s0 - f * d0
                    let a1 = s1 - f * d1
                    let a2 = s2 - f * d2
                    let m1 = a1 / a0
                    ll -= log(a0) + shift
                    u -= m1
                    info += a2 / a0 - m1 * m1
                }
            }
        }
        return CoxLikelihood(logLikelihood: ll, score: u, information: info)
    }
}

/// Newton–Raphson with step halving for the univariate Cox model on time-sorted arrays.
struct CoxSolver {
    let event: [Bool]
    let groupEnds: [Int32]
    let ties: TieMethod
    let maxIterations: Int
    let tolerance: Double

    struct Solution {
        var beta: Double
        var at: CoxLikelihood
        /// Log-likelihood at β = 0; NaN when not requested.
        var nullLogLikelihood: Double
        var iterations: Int
        var converged: Bool
    }

    /// Maximises the partial likelihood; `x` should be roughly centred (it only affects rounding).
    ///
    /// - Throws: `monotoneLikelihood` when the maximum is at β = ±∞ (checked exactly up front,
    ///   rather than guessed from a drifting Newton sequence), `singularInformation`, and
    ///   `notConverged` when step halving cannot make progress.
    ///
    /// `start` only changes the path, not the maximum: the bootstrap starts each replicate from
    /// the full-cohort estimate, which saves iterations.
    func solve(
        x: UnsafeBufferPointer<Double>, w: UnsafeBufferPointer<Double>, field: String = "covariate",
        start: Double = 0, computeNull: Bool = true
    ) throws -> Solution {
        try event.withUnsafeBufferPointer { ev in
            try groupEnds.withUnsafeBufferPointer { ge in
                switch Self.monotonicity(x: x, w: w, event: ev, groupEnds: ge) {
                case .finite: break
                case .flat: throw StatsError.singularInformation(coefficient: 0)
                case .increasing: throw StatsError.monotoneLikelihood(field: field, increasing: true)
                case .decreasing: throw StatsError.monotoneLikelihood(field: field, increasing: false)
                }
                func at(_ b: Double) -> CoxLikelihood {
                    CoxLikelihood.evaluate(beta: b, x: x, w: w, event: ev, groupEnds: ge, ties: ties)
                }
                let beta = start.isFinite ? start : 0
                let null: CoxLikelihood? = beta == 0 || computeNull ? at(0) : nil
                let current = beta == 0 ? null ?? at(0) : at(beta)
                let newton = try Self.newton(
                    from: beta, current, maxIterations: maxIterations, tolerance: tolerance, at: at)
                return Solution(
                    beta: newton.beta, at: newton.at, nullLogLikelihood: null?.logLikelihood ?? .nan,
                    iterations: newton.iterations, converged: newton.converged)
            }
        }
    }

    /// Newton–Raphson with step halving from `beta`, where the likelihood is `current`, on any
    /// evaluation `at` of the likelihood. The one iteration of `solve` and of the bootstrap's
    /// replicates (`CoxResample`), so both walk the same path to the same bits.
    static func newton(
        from start: Double, _ first: CoxLikelihood, maxIterations: Int, tolerance: Double,
        at: (Double) -> CoxLikelihood
    ) throws -> (beta: Double, at: CoxLikelihood, iterations: Int, converged: Bool) {
        var beta = start
        var current = first
        var iterations = 0
        while iterations < maxIterations {
            guard current.information > 0, current.information.isFinite, current.score.isFinite else {
                throw StatsError.singularInformation(coefficient: beta)
            }
            iterations += 1
            var step = current.score / current.information
            var next = at(beta + step)
            // A bounded estimate of the current log-likelihood (the first only, its score and
            // information exact) decides the step alone when the next one clears it by twice the
            // bound: the exact value then lies below the next, so the exact test below passes
            // too, and passes with the estimate. Otherwise the exact value is evaluated.
            if current.logLikelihoodBound != 0
                && !(current.logLikelihood.isFinite && current.logLikelihoodBound.isFinite
                    && next.logLikelihood.isFinite
                    && next.logLikelihood >= current.logLikelihood + 2 * current.logLikelihoodBound)
            {
                current = at(beta)
            }
            // The partial likelihood is concave, so a short enough Newton step always
            // climbs; the slack absorbs rounding once the maximum is reached.
            let slack = 1e-12 * (1 + abs(current.logLikelihood))
            var halvings = 0
            while !(next.logLikelihood.isFinite && next.logLikelihood >= current.logLikelihood - slack) {
                halvings += 1
                guard halvings <= 60 else {
                    throw StatsError.notConverged(iterations: iterations, coefficient: beta)
                }
                step /= 2
                next = at(beta + step)
            }
            beta += step
            current = next
            if abs(step) <= tolerance * (1 + abs(beta)) {
                guard current.information > 0, current.information.isFinite else {
                    throw StatsError.singularInformation(coefficient: beta)
                }
                return (beta, current, iterations, true)
            }
        }
        return (beta, current, iterations, false)
    }

    enum Monotonicity { case finite, increasing, decreasing, flat }

    /// For one covariate the partial likelihood (Breslow or Efron) increases for ever exactly
    /// when every event's value is the maximum over its risk set (each score term is the event's
    /// value minus a weighted mean of the risk set), and decreases for ever when it is always the
    /// minimum; both at once means the likelihood is flat. Otherwise the maximum is finite.
    /// `w == nil` means every weight is 1.
    static func monotonicity(
        x: UnsafeBufferPointer<Double>, w: UnsafeBufferPointer<Double>?,
        event: UnsafeBufferPointer<Bool>, groupEnds: UnsafeBufferPointer<Int32>
    ) -> Monotonicity {
        guard let w else { return monotonicity(x: x, event: event, groupEnds: groupEnds) { _ in true } }
        return monotonicity(x: x, event: event, groupEnds: groupEnds) { w[$0] > 0 }
    }

    @inline(__always)
    private static func monotonicity(
        x: UnsafeBufferPointer<Double>, event: UnsafeBufferPointer<Bool>, groupEnds: UnsafeBufferPointer<Int32>,
        kept: (Int) -> Bool
    ) -> Monotonicity {
        var high = -Double.infinity
        var low = Double.infinity
        var alwaysMax = true
        var alwaysMin = true
        var end = x.count
        for g in stride(from: groupEnds.count - 1, through: 0, by: -1) {
            let start = g == 0 ? 0 : Int(groupEnds[g - 1])
            for p in start..<end where kept(p) {
                high = max(high, x[p])
                low = min(low, x[p])
            }
            for p in start..<end where kept(p) && event[p] {
                if x[p] < high { alwaysMax = false }
                if x[p] > low { alwaysMin = false }
            }
            end = start
        }
        switch (alwaysMax, alwaysMin) {
        case (true, true): return .flat
        case (true, false): return .increasing
        case (false, true): return .decreasing
        case (false, false): return .finite
        }
    }
}
