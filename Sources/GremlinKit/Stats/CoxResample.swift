// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// One bootstrap resample laid out for the Cox partial likelihood: the rows of positive weight,
/// in the order `CoxLikelihood.evaluate` visits them (tie groups from the latest time, rows
/// ascending within a group), cut into blocks that each end with a tie group holding events.
///
/// `likelihood(beta:ties:)` performs, term by term and in the same order, the floating-point
/// operations of `CoxLikelihood.evaluate` on the full arrays; it only leaves out what cannot
/// change a bit: rows of weight 0, groups without events (their rows are carried into the next
/// block's sums, as the full loop carries them), the risk-set maximum of β·x (that of the
/// largest or smallest x, rounding being monotone) and the per-group death counts (which do not
/// depend on β). So a replicate's Newton path, and its estimate, are bit-identical to the full
/// loop's, while each evaluation touches only the resample's rows, once, without branching on
/// weights or events.
struct CoxResample {
    /// Rows of positive weight, in visiting order: covariate, weight, 1 for an event else 0.
    private var x: [Double]
    private var w: [Double]
    private var event: [Double]
    /// Exclusive end (in the arrays above) of each block, its deaths and Σ w·x over its deaths.
    private var blockEnd: [Int32]
    private var blockDeaths: [Double]
    private var blockXDeaths: [Double]
    private var blocks = 0
    /// Extremes of x over every row of positive weight.
    private var xMax = -Double.infinity
    private var xMin = Double.infinity
    /// Every x is exactly 0 or 1 (the median split): two exponentials per evaluation.
    private var binary = false

    init(capacity: Int, groups: Int) {
        x = [Double](repeating: 0, count: capacity)
        w = [Double](repeating: 0, count: capacity)
        event = [Double](repeating: 0, count: capacity)
        blockEnd = [Int32](repeating: 0, count: groups)
        blockDeaths = [Double](repeating: 0, count: groups)
        blockXDeaths = [Double](repeating: 0, count: groups)
    }

    /// Lays out the resample: the covariate of each time-sorted `score` (see `CoxCovariate`),
    /// the weights `w` and events. Returns `CoxSolver.monotonicity` of the covariate and weights
    /// on the full arrays, found on the way.
    ///
    /// One pass in visiting order without branching on weights or events: every row is written
    /// and the end moves past it only when its weight is positive; an event adds its weight
    /// (or +0) to the group's deaths, which leaves the sum as the full loop's.
    mutating func fill(
        score: UnsafeBufferPointer<Double>, covariate: CoxCovariate, w ws: UnsafeBufferPointer<Double>,
        event ev: UnsafeBufferPointer<Bool>, order: CoxVisitOrder
    ) -> CoxSolver.Monotonicity {
        var binary = false
        var cut = 0.0
        var mean = 0.0
        var sd = 1.0
        switch covariate {
        case .standardized(let m, let s): (mean, sd) = (m, s)
        case .above(let c): (binary, cut) = (true, c)
        }
        self.binary = binary
        var high = -Double.infinity
        var low = Double.infinity
        var alwaysMax = true
        var alwaysMin = true
        var count = 0
        var blocks = 0
        x.withUnsafeMutableBufferPointer { x in
            w.withUnsafeMutableBufferPointer { w in
                event.withUnsafeMutableBufferPointer { event in
                    order.position.withUnsafeBufferPointer { position in
                        order.closesGroup.withUnsafeBufferPointer { closes in
                            // The group's deaths, Σ w·x over them, and their extremes of x.
                            var deaths = 0.0
                            var xDeaths = 0.0
                            var eventLow = Double.infinity
                            var eventHigh = -Double.infinity
                            for i in position.indices {
                                let p = Int(position[i])
                                let wp = ws[p]
                                let sp = score[p]
                                let xp = binary ? (sp > cut ? 1.0 : 0.0) : (sp - mean) / sd
                                let kept = wp > 0
                                let dies = kept && ev[p]
                                x[count] = xp
                                w[count] = wp
                                event[count] = dies ? 1 : 0
                                count += kept ? 1 : 0
                                high = kept ? max(high, xp) : high
                                low = kept ? min(low, xp) : low
                                eventLow = dies ? min(eventLow, xp) : eventLow
                                eventHigh = dies ? max(eventHigh, xp) : eventHigh
                                deaths += dies ? wp : 0
                                xDeaths += dies ? wp * xp : 0
                                guard closes[i] else { continue }
                                // `monotonicity`: an event below the maximum of its risk set
                                // (everyone from its group on) or above the minimum.
                                if eventLow < high { alwaysMax = false }
                                if eventHigh > low { alwaysMin = false }
                                if deaths > 0 {
                                    blockEnd[blocks] = Int32(count)
                                    blockDeaths[blocks] = deaths
                                    blockXDeaths[blocks] = xDeaths
                                    blocks += 1
                                }
                                deaths = 0
                                xDeaths = 0
                                eventLow = .infinity
                                eventHigh = -.infinity
                            }
                        }
                    }
                }
            }
        }
        self.blocks = blocks
        xMax = high
        xMin = low
        switch (alwaysMax, alwaysMin) {
        case (true, true): return .flat
        case (true, false): return .increasing
        case (false, true): return .decreasing
        case (false, false): return .finite
        }
    }

    /// `CoxLikelihood.evaluate` at `beta` on the laid-out resample (same bits).
    func likelihood(beta: Double, ties: TieMethod) -> CoxLikelihood {
        // max over rows of β·x: at the largest x for β > 0, the smallest for β < 0; for β = 0
        // every product is ±0, and the sign of a zero shift changes no result below.
        let shift = beta > 0 ? beta * xMax : beta < 0 ? beta * xMin : 0
        return x.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { w in
                event.withUnsafeBufferPointer { event in
                    blockEnd.withUnsafeBufferPointer { blockEnd in
                        blockDeaths.withUnsafeBufferPointer { blockDeaths in
                            blockXDeaths.withUnsafeBufferPointer { blockXDeaths in
                                let rows = CoxRows(
                                    x: x, w: w, event: event, blockEnd: blockEnd, blockDeaths: blockDeaths,
                                    blockXDeaths: blockXDeaths, blocks: blocks)
                                return binary
                                    ? rows.binaryLikelihood(beta: beta, shift: shift, ties: ties)
                                    : rows.likelihood(beta: beta, shift: shift, ties: ties)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The time-sorted positions in the order `CoxLikelihood.evaluate` visits them: tie groups from
/// the latest time, positions ascending within a group; and whether each closes its group.
struct CoxVisitOrder: Sendable {
    let position: [Int32]
    let closesGroup: [Bool]

    init(groupEnds: [Int32]) {
        var position: [Int32] = []
        var closes: [Bool] = []
        position.reserveCapacity(Int(groupEnds.last ?? 0))
        closes.reserveCapacity(Int(groupEnds.last ?? 0))
        for g in stride(from: groupEnds.count - 1, through: 0, by: -1) {
            let start = g == 0 ? 0 : groupEnds[g - 1]
            for p in start..<groupEnds[g] {
                position.append(p)
                closes.append(p + 1 == groupEnds[g])
            }
        }
        self.position = position
        self.closesGroup = closes
    }
}

/// A replicate's Cox covariate from the score, computed as the full cohort's would be.
enum CoxCovariate {
    /// `(score − mean) / sd`.
    case standardized(mean: Double, sd: Double)
    /// 1 when `score > cut`, else 0.
    case above(Double)
}
