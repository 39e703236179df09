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
    /// `solve(x:w:field:)` with `w` all ones: the same `Solution`, bit for bit. `levels`, when
    /// given, is `twoLevels(x)`, known to the caller.
    func solveUnweighted(
        x: UnsafeBufferPointer<Double>, field: String = "covariate", levels known: (Double, Double)?? = nil
    ) throws -> Solution {
        let levels = known ?? Self.twoLevels(x)
        var low = Double.infinity
        var high = -Double.infinity
        var finite = true
        for v in x {
            low = min(low, v)
            high = max(high, v)
            finite = finite && v.isFinite
        }
        let layout = CoxPointLayout(x: x, levels: levels, finite: finite, low: low, high: high)
        return try event.withUnsafeBufferPointer { ev in
            try groupEnds.withUnsafeBufferPointer { ge in
                switch Self.monotonicity(x: x, w: nil, event: ev, groupEnds: ge) {
                case .finite: break
                case .flat: throw StatsError.singularInformation(coefficient: 0)
                case .increasing: throw StatsError.monotoneLikelihood(field: field, increasing: true)
                case .decreasing: throw StatsError.monotoneLikelihood(field: field, increasing: false)
                }
                return try layout.isA.withUnsafeBufferPointer { isA in
                    func at(_ b: Double) -> CoxLikelihood {
                        CoxLikelihood.evaluateUnweighted(
                            beta: b, x: x, event: ev, groupEnds: ge, ties: ties, layout: layout, isA: isA)
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

/// What the point fit knows of x before its first evaluation.
struct CoxPointLayout {
    /// The two values of x when it has exactly two (`CoxSolver.twoLevels`).
    let levels: (Double, Double)?
    /// Whether every x is finite; the smallest and largest x.
    let finite: Bool
    let low: Double
    let high: Double
    /// Whether products with x stay finite (|x| ≤ 10¹⁵⁰, so r·x·x too, r ≤ 1): then a censored
    /// row's terms can be multiplied by 0 instead of chosen by a branch (see `accumulate`).
    let tame: Bool
    /// Per row, 1 when x is `levels.0`, else 0 (empty without two levels).
    let isA: [UInt8]

    init(x: UnsafeBufferPointer<Double>, levels: (Double, Double)?, finite: Bool, low: Double, high: Double) {
        self.levels = levels
        self.finite = finite
        self.low = low
        self.high = high
        tame = finite && max(abs(low), abs(high)) <= 1e150
        if let (a, _) = levels, tame {
            isA = [UInt8].mapping(x) { $0.bitPattern == a.bitPattern ? 1 : 0 }
        } else {
            isA = []
        }
    }
}

/// `exp(β·x − shift)` for row p, as `CoxLikelihood.evaluate` computes it (times w = 1).
private protocol CoxRisk {
    func callAsFunction(_ x: Double, _ p: Int) -> Double
}

private struct ExpRisk: CoxRisk {
    let beta: Double
    let shift: Double
    @inline(__always) func callAsFunction(_ x: Double, _ p: Int) -> Double { exp(beta * x - shift) }
}

/// β = 0 with every x finite: `exp(±0 − (±0)) == 1`.
private struct UnitRisk: CoxRisk {
    @inline(__always) func callAsFunction(_ x: Double, _ p: Int) -> Double { 1 }
}

/// A two-valued x: the two values of `exp(β·x − shift)`, each computed once, taken per row as
/// `ra·i + rb·(1 − i)` with i the row's 0/1 byte: exact (both are finite and ≥ 0, so the
/// product with 0 is +0 and adding it changes nothing), and without a branch on a choice that
/// alternates at random along the time order.
private struct TwoLevelRisk: CoxRisk {
    let isA: UnsafePointer<UInt8>
    let ra: Double
    let rb: Double
    @inline(__always) func callAsFunction(_ x: Double, _ p: Int) -> Double {
        let i = Double(isA[p])
        return ra * i + rb * (1 - i)
    }
}

/// A two-valued x whose products may overflow: the level chosen per row by comparison.
private struct SelectRisk: CoxRisk {
    let a: UInt64
    let ra: Double
    let rb: Double
    @inline(__always) func callAsFunction(_ x: Double, _ p: Int) -> Double { x.bitPattern == a ? ra : rb }
}

extension CoxLikelihood {
    /// `evaluate(beta:x:w:event:groupEnds:ties:)` with `w` all ones, bit for bit (`layout` is what
    /// `CoxSolver.solveUnweighted` found of x, `isA` its level bytes).
    static func evaluateUnweighted(
        beta: Double, x: UnsafeBufferPointer<Double>, event: UnsafeBufferPointer<Bool>,
        groupEnds: UnsafeBufferPointer<Int32>, ties: TieMethod, layout: CoxPointLayout,
        isA: UnsafeBufferPointer<UInt8>
    ) -> CoxLikelihood {
        // The maximum of β·x over the rows: at the largest x for β > 0, the smallest for β < 0
        // (rounding is monotone); for β = 0 every product is ±0, and the sign of a zero shift
        // changes no result (x − (±0) = x, and log(a) + (±0) = log(a) as log(a) = +0 only).
        var shift = -Double.infinity
        if !layout.finite {
            for p in x.indices { shift = max(shift, beta * x[p]) }
        } else {
            shift = beta > 0 ? beta * layout.high : beta < 0 ? beta * layout.low : 0
        }
        let tame = layout.tame
        if beta == 0 && layout.finite {
            return accumulate(beta, shift, x, event, groupEnds, ties, tame, UnitRisk())
        }
        if let (a, b) = layout.levels {
            let ra = exp(beta * a - shift)
            let rb = exp(beta * b - shift)
            if tame, let base = isA.baseAddress {
                return accumulate(beta, shift, x, event, groupEnds, ties, tame, TwoLevelRisk(isA: base, ra: ra, rb: rb))
            }
            let bits = a.bitPattern
            return accumulate(beta, shift, x, event, groupEnds, ties, false, SelectRisk(a: bits, ra: ra, rb: rb))
        }
        return accumulate(beta, shift, x, event, groupEnds, ties, tame, ExpRisk(beta: beta, shift: shift))
    }

    /// The loop of `evaluate` without weights, with `risk(x)` for `w · exp(β·x − shift)`.
    @inline(__always)
    ///
    /// A censored row adds +0.0 to the death sums, as the general loop's `if event` leaves them.
    /// When `tame`, that is done as `v · e` with e the row's 0/1 event byte: v·1 = v, and v·0 is
    /// ±0 for finite v, which adds nothing (the sums start at +0.0 and so are never −0.0).
    /// Otherwise (an x too large for that) the row's terms are chosen by a branch.
    private static func accumulate<R: CoxRisk>(
        _ beta: Double, _ shift: Double, _ x: UnsafeBufferPointer<Double>, _ event: UnsafeBufferPointer<Bool>,
        _ groupEnds: UnsafeBufferPointer<Int32>, _ ties: TieMethod, _ tame: Bool, _ risk: R
    ) -> CoxLikelihood {
        EfronFractions.table.withUnsafeBufferPointer { fractions -> CoxLikelihood in
            let bytes = UnsafeRawPointer(event.baseAddress)
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
                if tame, let bytes {
                    for p in start..<end {
                        let xp = x[p]
                        let r = risk(xp, p)
                        let rx = r * xp
                        let rxx = rx * xp
                        s0 += r
                        s1 += rx
                        s2 += rxx
                        let e = Double(bytes.load(fromByteOffset: p, as: UInt8.self))
                        d0 += r * e
                        d1 += rx * e
                        d2 += rxx * e
                        deaths += e
                        xDeaths += xp * e
                    }
                } else {
                    for p in start..<end {
                        let xp = x[p]
                        let r = risk(xp, p)
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
                    @inline(__always) func term(_ f: Double) {
                        let a0 = s0 - f * d0
                        let a1 = s1 - f * d1
                        let a2 = s2 - f * d2
                        let m1 = a1 / a0
                        ll -= log(a0) + shift
                        u -= m1
                        info += a2 / a0 - m1 * m1
                    }
                    if m <= EfronFractions.limit {
                        // l / m read from the table, the same double the division gives.
                        let start = EfronFractions.start(m)
                        for l in 0..<m { term(fractions[start + l]) }
                    } else {
                        for l in 0..<m { term(Double(l) / md) }
                    }
                }
            }
            return CoxLikelihood(logLikelihood: ll, score: u, information: info)
        }
    }
}
