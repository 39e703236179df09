// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// What a replicate's Cox layout owes to its weights alone, laid out once per replicate and shared
/// by every Cox statistic on it (`ResampleFrame.coxLayout`): the rows of positive weight in time
/// order (for the covariate's mean, SD and median split), and in the order
/// `CoxLikelihood.evaluate` visits them (tie groups from the latest time, rows ascending within a
/// group) cut into blocks that each end with a tie group holding events, with each block's deaths.
///
/// Leaving out rows of weight 0 changes no bit: in `evaluate` they are skipped, and in the
/// covariate's sums (`Σ w·s`, `Σ w·d·d` over every row in time order) their terms are ±0 (the
/// score is finite), and a sum that starts at +0 is never -0 (a rounded sum is -0 only when both
/// terms are), so adding ±0 leaves it as it is.
final class CoxLayout {
    /// Rows of positive weight in time order: time-sorted position and weight.
    let keptPosition: UnsafeMutablePointer<Int32>
    let keptWeight: UnsafeMutablePointer<Double>
    private(set) var kept = 0
    /// Total weight (a sum of integers below 2⁵³: exact in any order).
    private(set) var total = 0.0
    /// The same rows in visiting order: weight, and 1 for an event else 0.
    let rowPosition: UnsafeMutablePointer<Int32>
    let rowWeight: UnsafeMutablePointer<Double>
    let rowEvent: UnsafeMutablePointer<Double>
    /// Exclusive end (in the visiting-order rows) and deaths (Σ w) of each block, and the same
    /// count as an integer (Efron's m).
    let blockEnd: UnsafeMutablePointer<Int32>
    let blockDeaths: UnsafeMutablePointer<Double>
    let blockCount: UnsafeMutablePointer<Int32>
    private(set) var blocks = 0
    /// 1 for the last row of each block (in visiting order), else 0.
    let rowCloses: UnsafeMutablePointer<UInt8>
    private let capacity: Int

    init(patients n: Int) {
        capacity = max(1, n)
        keptPosition = .allocate(capacity: capacity)
        keptWeight = .allocate(capacity: capacity)
        rowPosition = .allocate(capacity: capacity)
        rowWeight = .allocate(capacity: capacity)
        rowEvent = .allocate(capacity: capacity)
        blockEnd = .allocate(capacity: capacity)
        blockDeaths = .allocate(capacity: capacity)
        blockCount = .allocate(capacity: capacity)
        rowCloses = .allocate(capacity: capacity)
    }

    deinit {
        for pointer in [keptWeight, rowWeight, rowEvent, blockDeaths] { pointer.deallocate() }
        for pointer in [keptPosition, rowPosition, blockEnd, blockCount] { pointer.deallocate() }
        rowCloses.deallocate()
    }

    /// Lays out the resample whose weights by time-sorted position are `w`.
    ///
    /// Without branching on weights, events or groups: every row is written and the end moves
    /// past it only when its weight is positive; an event adds its weight (or 0) to the group's
    /// deaths, and a block's entries are kept by moving past them.
    func fill(timeWeights w: UnsafeBufferPointer<Int32>, order: ReplicateOrder) {
        precondition(order.count <= capacity && w.count == order.count)
        var kept = 0
        var total = 0.0
        for p in w.indices {
            let wp = w[p]
            keptPosition[kept] = Int32(truncatingIfNeeded: p)
            keptWeight[kept] = Double(wp)
            total += Double(wp)
            kept += wp > 0 ? 1 : 0
        }
        var count = 0
        var blocks = 0
        order.event.withUnsafeBufferPointer { event in
            order.visit.position.withUnsafeBufferPointer { position in
                order.visit.closesGroup.withUnsafeBufferPointer { closes in
                    // Deaths as an integer (a sum of integer weights, exact either way).
                    var deaths = 0
                    for i in position.indices {
                        let p = Int(position[i])
                        let wp = Int(w[p])
                        let keep = wp > 0 ? 1 : 0
                        let dies = keep & (event[p] ? 1 : 0)
                        rowPosition[count] = Int32(truncatingIfNeeded: p)
                        rowWeight[count] = Double(wp)
                        rowEvent[count] = Double(dies)
                        rowCloses[count] = 0
                        count += keep
                        deaths += dies &* wp
                        // The next block's slot is written at every row and kept when a group
                        // with deaths closes (it holds a row of positive weight: count > 0).
                        let group = closes[i] ? 1 : 0
                        let block = group & (deaths > 0 ? 1 : 0)
                        blockEnd[blocks] = Int32(truncatingIfNeeded: count)
                        blockDeaths[blocks] = Double(deaths)
                        blockCount[blocks] = Int32(truncatingIfNeeded: deaths)
                        rowCloses[max(count - 1, 0)] |= UInt8(truncatingIfNeeded: block)
                        blocks += block
                        deaths &= group &- 1
                    }
                }
            }
        }
        self.kept = kept
        self.total = total
        self.blocks = blocks
    }
}

/// One Cox statistic's covariate on a replicate's `CoxLayout`, and the partial likelihood.
///
/// `likelihood(beta:ties:)` performs, term by term and in the same order, the floating-point
/// operations of `CoxLikelihood.evaluate` on the full arrays; it only leaves out what cannot
/// change a bit: rows of weight 0, groups without events (their rows are carried into the next
/// block's sums, as the full loop carries them), the risk-set maximum of β·x (that of the
/// largest or smallest x, rounding being monotone), the per-group death counts (which do not
/// depend on β) and what `CoxRows` leaves out. So a replicate's Newton path, and its estimate,
/// are bit-identical to the full loop's, while each evaluation touches only the resample's rows,
/// once, without branching on weights or events.
struct CoxResample {
    /// x of the layout's rows in visiting order, and Σ w·x over each block's deaths.
    private var x: [Double]
    private var blockXDeaths: [Double]
    private var layout: CoxLayout?
    /// Extremes of x over every row of positive weight.
    private var xMax = -Double.infinity
    private var xMin = Double.infinity
    /// Every x is exactly 0 or 1 (the median split): see `CoxRows.binary(beta:shift:ties:exactLog:)`.
    private var binary = false

    init(capacity: Int) {
        x = [Double](repeating: 0, count: max(1, capacity))
        blockXDeaths = [Double](repeating: 0, count: max(1, capacity))
    }

    /// Lays out the covariate of each time-sorted `score` (see `CoxCovariate`) on `layout`'s
    /// rows. Returns `CoxSolver.monotonicity` of the covariate and weights on the full arrays.
    ///
    /// `monotonicity` checks each tie group holding events against the extremes of x from the
    /// latest time to it; those groups are the blocks' last, and a block's other groups have no
    /// events, so the block's deaths are the group's. The death sum of a block starts at +0 and
    /// adds w·x (or +0 for a row that is not a death), as the full loop's group sum.
    mutating func fill(
        score: UnsafeBufferPointer<Double>, covariate: CoxCovariate, layout: CoxLayout
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
        self.layout = layout
        let extremes =
            binary
            ? lay(layout, score: score) { Double(bitPattern: Self.one & (0 &- UInt64($0 > cut ? 1 : 0))) }
            : lay(layout, score: score) { ($0 - mean) / sd }
        xMax = extremes.high
        xMin = extremes.low
        switch (extremes.alwaysMax, extremes.alwaysMin) {
        case (true, true): return .flat
        case (true, false): return .increasing
        case (false, true): return .decreasing
        case (false, false): return .finite
        }
    }

    /// The bits of 1.0.
    private static let one = (1.0).bitPattern

    /// `fill`'s walk with the covariate `value(score)` (which must not branch on the score).
    ///
    /// One flat loop over the rows, branching on neither events nor blocks (both would
    /// mispredict about every other time): a row that is not a death offers +∞ (−∞) to the
    /// minimum (maximum) of the deaths, which leaves them as they are, and +0 to their sum, as
    /// `CoxLayout.fill` does; the block's sum is written at every row, so that its slot holds it
    /// as it stands at the block's last row, where the monotonicity test is taken and the
    /// death terms restart. Selections are made on bit masks. Minima and maxima are Swift's
    /// `min` and `max`, written out.
    @inline(__always)
    private mutating func lay(
        _ layout: CoxLayout, score: UnsafeBufferPointer<Double>, _ value: (Double) -> Double
    ) -> (high: Double, low: Double, alwaysMax: Bool, alwaysMin: Bool) {
        var high = -Double.infinity
        var low = Double.infinity
        var notMax: UInt8 = 0
        var notMin: UInt8 = 0
        let position = layout.rowPosition
        let w = layout.rowWeight
        let event = layout.rowEvent
        let closes = layout.rowCloses
        let rows = layout.blocks == 0 ? 0 : Int(layout.blockEnd[layout.blocks - 1])
        let positive = Double.infinity.bitPattern
        let negative = (-Double.infinity).bitPattern
        @inline(__always) func pick(_ mask: UInt64, _ a: Double, else b: UInt64) -> Double {
            Double(bitPattern: (a.bitPattern & mask) | (b & ~mask))
        }
        x.withUnsafeMutableBufferPointer { x in
            blockXDeaths.withUnsafeMutableBufferPointer { blockXDeaths in
                var b = 0
                var xDeaths = 0.0
                var eventLow = Double.infinity
                var eventHigh = -Double.infinity
                // Once both tests have failed the result is known (the flags only ever get set):
                // the rest of the rows skip the deaths' extremes, a chunk at a time.
                var start = 0
                while start < rows {
                    let end = min(rows, start + 64)
                    let decided = notMax != 0 && notMin != 0
                    for i in start..<end {
                        let xp = value(score[Int(position[i])])
                        x[i] = xp
                        high = xp >= high ? xp : high
                        low = xp < low ? xp : low
                        // All ones for a death (its event is 1.0, whose lowest exponent bit is set).
                        let dies = 0 &- ((event[i].bitPattern >> 52) & 1)
                        xDeaths += pick(dies, w[i] * xp, else: 0)
                        blockXDeaths[b] = xDeaths
                        let close = closes[i]
                        b &+= Int(close)
                        let open = UInt64(close) &- 1
                        xDeaths = pick(open, xDeaths, else: 0)
                        if decided { continue }
                        let deathLow = pick(dies, xp, else: positive)
                        let deathHigh = pick(dies, xp, else: negative)
                        eventLow = deathLow < eventLow ? deathLow : eventLow
                        eventHigh = deathHigh >= eventHigh ? deathHigh : eventHigh
                        // `monotonicity`, at a block's end: an event below the maximum of its
                        // risk set (everyone from its group on) or above the minimum.
                        notMax |= close & (eventLow < high ? 1 : 0)
                        notMin |= close & (eventHigh > low ? 1 : 0)
                        eventLow = pick(open, eventLow, else: positive)
                        eventHigh = pick(open, eventHigh, else: negative)
                    }
                    start = end
                }
                // Rows after the last block (groups without events) count in the extremes only.
                for i in rows..<layout.kept {
                    let xp = value(score[Int(position[i])])
                    high = xp >= high ? xp : high
                    low = xp < low ? xp : low
                }
            }
        }
        return (high, low, notMax == 0, notMin == 0)
    }

    /// `CoxLikelihood.evaluate` at `beta` on the laid-out resample (same bits); without
    /// `exactLog`, Efron's log-likelihood is a bounded estimate (`CoxRows.Totals`).
    func likelihood(beta: Double, ties: TieMethod, exactLog: Bool = true) -> CoxLikelihood {
        guard let layout else { return CoxLikelihood(logLikelihood: 0, score: 0, information: 0) }
        // max over rows of β·x: at the largest x for β > 0, the smallest for β < 0; for β = 0
        // every product is ±0, and the sign of a zero shift changes no result below.
        let shift = beta > 0 ? beta * xMax : beta < 0 ? beta * xMin : 0
        let blocks = layout.blocks
        let rows = layout.blocks == 0 ? 0 : Int(layout.blockEnd[blocks - 1])
        return x.withUnsafeBufferPointer { x in
            blockXDeaths.withUnsafeBufferPointer { blockXDeaths in
                let rows = CoxRows(
                    x: UnsafeBufferPointer(rebasing: x[0..<rows]),
                    w: UnsafeBufferPointer(start: layout.rowWeight, count: rows),
                    event: UnsafeBufferPointer(start: layout.rowEvent, count: rows),
                    blockEnd: UnsafeBufferPointer(start: layout.blockEnd, count: blocks),
                    blockDeaths: UnsafeBufferPointer(start: layout.blockDeaths, count: blocks),
                    blockCount: UnsafeBufferPointer(start: layout.blockCount, count: blocks),
                    blockXDeaths: UnsafeBufferPointer(rebasing: blockXDeaths[0..<blocks]), blocks: blocks)
                return rows.likelihood(beta: beta, shift: shift, ties: ties, binary: binary, exactLog: exactLog)
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
