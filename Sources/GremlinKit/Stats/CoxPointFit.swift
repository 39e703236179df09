// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The point fit: `CoxSolver.solve` when every case weight is 1 (the full cohort, not a
/// bootstrap replicate), bit for bit, with less work per Newton step.
///
/// With every `w[p] == 1` the general `CoxLikelihood.evaluate` multiplies by 1 and visits every
/// position, so the weights can go. What stays is the same floating-point operations in the
/// same order; what goes is work whose result is known exactly:
/// - a covariate with two values (the high-vs-low indicator) has two values of
///   `exp(β·x − shift)` per evaluation: each is computed once (`exp` is deterministic);
/// - at β = 0 every `exp(±0)` is exactly 1.
/// Adding `+0.0` for a censored patient instead of branching is exact: the death sums start at
/// `+0.0` and can never become `−0.0` (an exact zero sum rounds to `+0.0`), and `s + 0.0` is `s`
/// bit for bit for every `s` but `−0.0`.
extension CoxSolver {
    /// `solve(x:w:field:)` with `w` all ones: the same `Solution`, bit for bit.
    func solveUnweighted(x: UnsafeBufferPointer<Double>, field: String = "covariate") throws -> Solution {
        let ones = [Double](repeating: 1, count: x.count)
        let levels = Self.twoLevels(x)
        let finite = x.allSatisfy { $0.isFinite }
        return try event.withUnsafeBufferPointer { ev in
            try groupEnds.withUnsafeBufferPointer { ge in
                let monotone = ones.withUnsafeBufferPointer { w in
                    Self.monotonicity(x: x, w: w, event: ev, groupEnds: ge)
                }
                switch monotone {
                case .finite: break
                case .flat: throw StatsError.singularInformation(coefficient: 0)
                case .increasing: throw StatsError.monotoneLikelihood(field: field, increasing: true)
                case .decreasing: throw StatsError.monotoneLikelihood(field: field, increasing: false)
                }
                func at(_ b: Double) -> CoxLikelihood {
                    CoxLikelihood.evaluateUnweighted(
                        beta: b, x: x, event: ev, groupEnds: ge, ties: ties, levels: levels, finite: finite)
                }
                let null = at(0)
                let newton = try Self.newton(
                    from: 0, null, maxIterations: maxIterations, tolerance: tolerance, at: at)
                return Solution(
                    beta: newton.beta, at: newton.at, nullLogLikelihood: null.logLikelihood,
                    iterations: newton.iterations, converged: newton.converged)
            }
        }
    }

    /// The two values of `x` (by bit pattern) when it has exactly two, else `nil`.
    static func twoLevels(_ x: UnsafeBufferPointer<Double>) -> (Double, Double)? {
        guard let a = x.first else { return nil }
        var b: Double?
        for v in x where v.bitPattern != a.bitPattern {
            if let b, v.bitPattern != b.bitPattern { return nil }
            b = v
        }
        return b.map { (a, $0) }
    }
}

/// `exp(β·x − shift)` for one position, as `CoxLikelihood.evaluate` computes it (times w = 1).
private protocol CoxRisk {
    func callAsFunction(_ x: Double) -> Double
}

private struct ExpRisk: CoxRisk {
    let beta: Double
    let shift: Double
    @inline(__always) func callAsFunction(_ x: Double) -> Double { exp(beta * x - shift) }
}

/// β = 0 with every x finite: `exp(±0 − (±0)) == 1`.
private struct UnitRisk: CoxRisk {
    @inline(__always) func callAsFunction(_ x: Double) -> Double { 1 }
}

/// A two-valued x: the two values of `exp(β·x − shift)`, each computed once.
private struct TwoLevelRisk: CoxRisk {
    let a: UInt64
    let ra: Double
    let rb: Double
    @inline(__always) func callAsFunction(_ x: Double) -> Double { x.bitPattern == a ? ra : rb }
}

extension CoxLikelihood {
    /// `evaluate(beta:x:w:event:groupEnds:ties:)` with `w` all ones, bit for bit; `levels` are
    /// the two values of `x` when it has two (`CoxSolver.twoLevels`), `finite` whether every x is.
    static func evaluateUnweighted(
        beta: Double, x: UnsafeBufferPointer<Double>, event: UnsafeBufferPointer<Bool>,
        groupEnds: UnsafeBufferPointer<Int32>, ties: TieMethod, levels: (Double, Double)?, finite: Bool
    ) -> CoxLikelihood {
        var shift = -Double.infinity
        for p in x.indices { shift = max(shift, beta * x[p]) }
        if beta == 0 && finite {
            return accumulate(beta, shift, x, event, groupEnds, ties, UnitRisk())
        }
        if let (a, b) = levels {
            let risk = TwoLevelRisk(a: a.bitPattern, ra: exp(beta * a - shift), rb: exp(beta * b - shift))
            return accumulate(beta, shift, x, event, groupEnds, ties, risk)
        }
        return accumulate(beta, shift, x, event, groupEnds, ties, ExpRisk(beta: beta, shift: shift))
    }

    /// The loop of `evaluate` without weights, with `risk(x)` for `w · exp(β·x − shift)`.
    @inline(__always)
    private static func accumulate<R: CoxRisk>(
        _ beta: Double, _ shift: Double, _ x: UnsafeBufferPointer<Double>, _ event: UnsafeBufferPointer<Bool>,
        _ groupEnds: UnsafeBufferPointer<Int32>, _ ties: TieMethod, _ risk: R
    ) -> CoxLikelihood {
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
            for p in start..<end {
                let xp = x[p]
                let r = risk(xp)
                let rx = r * xp
                let rxx = rx * xp
                s0 += r
                s1 += rx
                s2 += rxx
                let dead = event[p]
                d0 += dead ? r : 0
                d1 += dead ? rx : 0
                d2 += dead ? rxx : 0
                deaths += dead ? 1 : 0
                xDeaths += dead ? xp : 0
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
