// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A resample laid out for the Cox partial likelihood (see `CoxResample`): the rows of positive
/// weight in visiting order, cut into blocks that each end with a tie group holding events, and
/// the likelihood kernels over them.
///
/// Each kernel performs the floating-point operations of `CoxLikelihood.evaluate` term by term and
/// in the same order, so the same bits. Two pieces of work are left out because their results
/// are known exactly:
/// - Efron's fraction `f = l / m` depends only on the tie count m, not on the resample or β: it
///   is read from `EfronFractions`, where the same division was done once (IEEE division is
///   correctly rounded, so it gives the same bits every time).
/// - With a 0/1 covariate (the median split) `r·x·x` equals `r·x` bit for bit, so the third
///   sums are not accumulated and `a₂/a₀` is `a₁/a₀` (see `binaryLikelihood`).
struct CoxRows {
    let x: UnsafeBufferPointer<Double>
    let w: UnsafeBufferPointer<Double>
    /// 1 for an event, else 0.
    let event: UnsafeBufferPointer<Double>
    /// Exclusive end of each block in the arrays above, its deaths (Σ w) and Σ w·x over them.
    let blockEnd: UnsafeBufferPointer<Int32>
    let blockDeaths: UnsafeBufferPointer<Double>
    /// `blockDeaths` as integers (exact: a sum of integer weights below 2³¹).
    let blockCount: UnsafeBufferPointer<Int32>
    let blockXDeaths: UnsafeBufferPointer<Double>
    let blocks: Int

    /// The likelihood at `beta` for any covariate; `shift` is the maximum of β·x over the rows.
    func likelihood(beta: Double, shift: Double, ties: TieMethod) -> CoxLikelihood {
        EfronFractions.table.withUnsafeBufferPointer { fractions in
            var totals = Totals()
            var s0 = 0.0
            var s1 = 0.0
            var s2 = 0.0
            var p = 0
            for b in 0..<blocks {
                let end = Int(blockEnd[b])
                var d0 = 0.0
                var d1 = 0.0
                var d2 = 0.0
                // Adding r·0 = +0 to an event sum leaves it as the full loop's `if event` (the sums
                // start at +0 and so are never -0, and s + (+0) is s for every other s).
                while p < end {
                    let xp = x[p]
                    let r = w[p] * exp(beta * xp - shift)
                    let rx = r * xp
                    let rxx = rx * xp
                    s0 += r
                    s1 += rx
                    s2 += rxx
                    let e = event[p]
                    d0 += r * e
                    d1 += rx * e
                    d2 += rxx * e
                    p += 1
                }
                totals.close(
                    block: b, rows: self, beta: beta, shift: shift, ties: ties, fractions: fractions,
                    s: (s0, s1, s2), d: (d0, d1, d2), binary: false)
            }
            return totals.likelihood
        }
    }

    /// `likelihood` when every x is exactly +0.0 or 1.0 (same bits, less work).
    ///
    /// `r = w·exp(β·x − shift)` takes two values, each computed once (`exp` is deterministic).
    /// And `r·x·x == r·x` bit for bit: for x = 1 multiplying by 1 is exact (a NaN passes through
    /// unchanged); for x = +0, r ≥ +0 or NaN (w > 0 and exp ≥ +0), so `r·x` is +0 or that NaN,
    /// and multiplying it by +0 again gives the same +0 or NaN. So s₂ and d₂ receive the same
    /// terms in the same order as s₁ and d₁ and equal them, `a₂ = s₂ − f·d₂` equals a₁, and
    /// `a₂ / a₀` is `m₁ = a₁ / a₀`: the kernel keeps s₁, d₁ and m₁ only.
    func binaryLikelihood(beta: Double, shift: Double, ties: TieMethod) -> CoxLikelihood {
        let e0 = exp(beta * 0.0 - shift)
        let e1 = exp(beta * 1.0 - shift)
        return EfronFractions.table.withUnsafeBufferPointer { fractions in
            var totals = Totals()
            var s0 = 0.0
            var s1 = 0.0
            var p = 0
            for b in 0..<blocks {
                let end = Int(blockEnd[b])
                var d0 = 0.0
                var d1 = 0.0
                while p < end {
                    let xp = x[p]
                    let r = w[p] * (xp == 0 ? e0 : e1)
                    let rx = r * xp
                    s0 += r
                    s1 += rx
                    let e = event[p]
                    d0 += r * e
                    d1 += rx * e
                    p += 1
                }
                totals.close(
                    block: b, rows: self, beta: beta, shift: shift, ties: ties, fractions: fractions,
                    s: (s0, s1, s1), d: (d0, d1, d1), binary: true)
            }
            return totals.likelihood
        }
    }

    /// The log-likelihood and its derivatives, summed over the blocks.
    private struct Totals {
        var ll = 0.0
        var u = 0.0
        var info = 0.0

        var likelihood: CoxLikelihood { CoxLikelihood(logLikelihood: ll, score: u, information: info) }

        /// Adds block b's deaths given the risk-set sums `s` and death sums `d` at its end; with
        /// `binary`, `s.2 == s.1` and `d.2 == d.1` (so `a₂ / a₀` is m₁).
        @inline(__always)
        mutating func close(
            block b: Int, rows: CoxRows, beta: Double, shift: Double, ties: TieMethod,
            fractions: UnsafeBufferPointer<Double>, s: (Double, Double, Double), d: (Double, Double, Double),
            binary: Bool
        ) {
            let deaths = rows.blockDeaths[b]
            let xDeaths = rows.blockXDeaths[b]
            ll += beta * xDeaths
            u += xDeaths
            switch ties {
            case .breslow:
                let m1 = s.1 / s.0
                ll -= deaths * (log(s.0) + shift)
                u -= deaths * m1
                info += deaths * ((binary ? m1 : s.2 / s.0) - m1 * m1)
            case .efron:
                let m = Int(rows.blockCount[b])
                @inline(__always) func term(_ f: Double) {
                    let a0 = s.0 - f * d.0
                    let a1 = s.1 - f * d.1
                    let m1 = a1 / a0
                    ll -= log(a0) + shift
                    u -= m1
                    info += (binary ? m1 : (s.2 - f * d.2) / a0) - m1 * m1
                }
                if m <= EfronFractions.limit {
                    let start = EfronFractions.start(m)
                    for l in 0..<m { term(fractions[start + l]) }
                } else {
                    let md = Double(m)
                    for l in 0..<m { term(Double(l) / md) }
                }
            }
        }
    }
}

/// Efron's fractions `Double(l) / Double(m)` for 0 ≤ l < m ≤ `limit`, each division done once.
enum EfronFractions {
    static let limit = 256
    /// l / m at `start(m) + l`.
    static let table: [Double] = (1...limit).flatMap { m in (0..<m).map { Double($0) / Double(m) } }

    @inline(__always)
    static func start(_ m: Int) -> Int { m * (m - 1) / 2 }
}
