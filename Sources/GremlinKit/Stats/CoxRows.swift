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
///   sums are not accumulated and `a₂/a₀` is `a₁/a₀` (see `binary(beta:shift:ties:exactLog:)`).
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

    /// The likelihood at `beta`; `shift` is the maximum of β·x over the rows, and `binary` says
    /// every x is exactly +0.0 or 1.0 (see `binary(beta:shift:ties:exactLog:)`). Without
    /// `exactLog`, Efron's log-likelihood is a bounded estimate (see `Totals`).
    func likelihood(
        beta: Double, shift: Double, ties: TieMethod, binary: Bool, exactLog: Bool = true
    ) -> CoxLikelihood {
        // Each kernel and mode gets a copy of its own, its tests folded away.
        switch (binary, exactLog || ties != .efron) {
        case (false, true): general(beta: beta, shift: shift, ties: ties, exactLog: true)
        case (false, false): general(beta: beta, shift: shift, ties: ties, exactLog: false)
        case (true, true): self.binary(beta: beta, shift: shift, ties: ties, exactLog: true)
        case (true, false): self.binary(beta: beta, shift: shift, ties: ties, exactLog: false)
        }
    }

    /// The kernel for any covariate.
    @inline(__always)
    private func general(beta: Double, shift: Double, ties: TieMethod, exactLog: Bool) -> CoxLikelihood {
        EfronFractions.table.withUnsafeBufferPointer { fractions in
            var totals = Totals(exactLog: exactLog)
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
            return totals.likelihood(shift: shift)
        }
    }

    /// The kernel when every x is exactly +0.0 or 1.0 (same bits as `general`, less work).
    ///
    /// `r = w·exp(β·x − shift)` takes two values, each computed once (`exp` is deterministic).
    /// And `r·x·x == r·x` bit for bit: for x = 1 multiplying by 1 is exact (a NaN passes through
    /// unchanged); for x = +0, r ≥ +0 or NaN (w > 0 and exp ≥ +0), so `r·x` is +0 or that NaN,
    /// and multiplying it by +0 again gives the same +0 or NaN. So s₂ and d₂ receive the same
    /// terms in the same order as s₁ and d₁ and equal them, `a₂ = s₂ − f·d₂` equals a₁, and
    /// `a₂ / a₀` is `m₁ = a₁ / a₀`: the kernel keeps s₁, d₁ and m₁ only.
    @inline(__always)
    private func binary(beta: Double, shift: Double, ties: TieMethod, exactLog: Bool) -> CoxLikelihood {
        let e0 = exp(beta * 0.0 - shift)
        let e1 = exp(beta * 1.0 - shift)
        return EfronFractions.table.withUnsafeBufferPointer { fractions in
            var totals = Totals(exactLog: exactLog)
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
            return totals.likelihood(shift: shift)
        }
    }

    /// The log-likelihood and its derivatives, summed over the blocks.
    ///
    /// Without `exactLog` (Efron only) the score and information are the same, but Efron's sum of
    /// `log a₀ + shift` over the deaths is not taken term by term: `Σ log a₀` is the log of the
    /// product of the a₀, and the estimate comes with a bound on its distance from the exact
    /// evaluation (`estimate(shift:)`). Newton's first step needs no more (`CoxSolver.newton`).
    struct Totals {
        var ll = 0.0
        var u = 0.0
        var info = 0.0
        let exactLog: Bool
        /// Without `exactLog`: the product of the a₀ is `product · 2^(exponents − 1023·deaths)`,
        /// `product` multiplying their significands; the extremes of their biased exponents,
        /// their count, and Σ |β·Σw·x| over the blocks.
        var product = 1.0
        var exponents = 0
        var lowest = Int.max
        var highest = Int.min
        var deaths = 0
        var blocks = 0
        var blockTerms = 0.0

        init(exactLog: Bool) { self.exactLog = exactLog }

        func likelihood(shift: Double) -> CoxLikelihood {
            guard !exactLog else { return CoxLikelihood(logLikelihood: ll, score: u, information: info) }
            let (estimate, bound) = self.estimate(shift: shift)
            return CoxLikelihood(logLikelihood: estimate, score: u, information: info, logLikelihoodBound: bound)
        }

        /// Multiplies an a₀ in: its exponent field into `exponents`, its significand (in [1, 2),
        /// exactly) into `product`. Integer work, off the chain of products.
        @inline(__always)
        mutating func multiply(_ a0: Double) {
            let bits = a0.bitPattern
            // The sign and exponent fields: 1023 ± 64 for a positive a₀ within 2^±64, which
            // `estimate` requires.
            let biased = Int(truncatingIfNeeded: bits >> 52)
            exponents &+= biased
            lowest = min(lowest, biased)
            highest = max(highest, biased)
            deaths += 1
            product *= Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        }

        /// After a block: moves the product's exponent out while it is far from overflowing (a
        /// block's significands multiply it by less than 2^m).
        @inline(__always)
        mutating func settle() {
            guard product > 0x1p512 else { return }
            let bits = product.bitPattern
            exponents &+= Int(truncatingIfNeeded: bits >> 52) - 1023
            product = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        }

        /// The log-likelihood `ll − Σ (log a₀ + shift)` estimated from the product, and a bound on
        /// its distance from the exact evaluation's (`.infinity` when an a₀ is out of range; with
        /// no deaths both are the exact 0).
        ///
        /// The exact evaluation adds `β·Σw·x` per block and subtracts `t = log a₀ + shift` per
        /// death, each rounded: its distance from the exact real sum is at most
        /// Σ (ulp of log a₀ + half an ulp of t) + half an ulp of every partial sum, taking glibc's
        /// `log` within one ulp. Each partial sum is at most the sum of the terms' magnitudes, B.
        /// With Σ|log a₀| ≤ Σ log a₀ + 2·N·max(0, −log low), that is at most
        /// 2⁻⁵²·Σ|log a₀| + 2⁻⁵³·Σ|t| + 2⁻⁵³·(N + blocks)·B. The estimate's own error: N
        /// roundings of the product (relative 2⁻⁵³ each, so 2⁻⁵³·N in the log), the final log and
        /// the few sums that combine the parts. Both are doubled for the slack in the rounding
        /// of the bound itself.
        func estimate(shift: Double) -> (estimate: Double, bound: Double) {
            guard lowest >= 1023 - 64, highest <= 1023 + 64, product.isFinite else { return (.nan, .infinity) }
            let n = Double(deaths)
            // The power of two, an integer below 2⁵³ in magnitude: exact as a Double.
            let power = Double(exponents - 1023 * deaths)
            let significandLog = log(product)  // ≥ 0: the product is at least 1
            let logProduct = significandLog + power * 0.693_147_180_559_945_3
            let shifts = n * shift
            let estimate = (ll - logProduct) - shifts
            // log low ≥ (lowest − 1023)·log 2.
            let lowLog = Double(lowest - 1023) * 0.693_147_180_559_945_3
            let unit = 0x1p-53
            let productError = 1.01 * n * unit + 4 * unit * (significandLog + abs(power))
            let absLog = logProduct + productError + 2 * n * max(0, -lowLog) * 1.01
            let absTerms = 1.01 * (absLog + n * abs(shift))
            let largest = 1.01 * (blockTerms + absTerms)
            let exactError =
                2 * unit * absLog + unit * absTerms + 1.01 * unit * Double(deaths + blocks) * largest
            let estimateError =
                productError + 1.01 * unit * Double(blocks) * blockTerms
                + 4 * unit * (abs(ll) + abs(logProduct) + abs(shifts) + abs(estimate))
            let bound = 2 * (exactError + estimateError)
            return estimate.isFinite && bound.isFinite ? (estimate, bound) : (.nan, .infinity)
        }

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
            let blockTerm = beta * xDeaths
            ll += blockTerm
            u += xDeaths
            if !exactLog {
                blocks += 1
                blockTerms += abs(blockTerm)
            }
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
                    if exactLog { ll -= log(a0) + shift } else { multiply(a0) }
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
                if !exactLog { settle() }
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
