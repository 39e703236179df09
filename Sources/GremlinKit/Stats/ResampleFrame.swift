// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// The cohort's time order as the bootstrap's statistics walk it, built once with the outcomes
/// and shared by reference by every statistic prepared on them, so that a replicate lays its
/// resample out once for all of them (see `ResampleFrame`).
final class ReplicateOrder: Sendable {
    /// Rows by time and the exclusive ends of the tie groups (`SurvivalOutcomes`).
    let timeOrder: [Int32]
    let groupEnds: [Int32]
    /// Event per time-sorted position.
    let event: [Bool]
    /// The order of `CoxLikelihood.evaluate`: tie groups from the latest time.
    let visit: CoxVisitOrder
    /// The concordance walk (`ConcordanceEngine.counts`): time-sorted positions, tie groups from
    /// the latest time, each group's censored positions then its events (each ascending);
    /// `walkEvents[k]` and `walkEnds[k]` are where the k-th group's events start and where it ends.
    let walk: [Int32]
    let walkEvents: [Int32]
    let walkEnds: [Int32]

    var count: Int { timeOrder.count }

    init(timeOrder: [Int32], groupEnds: [Int32], sortedEvent event: [Bool]) {
        self.timeOrder = timeOrder
        self.groupEnds = groupEnds
        self.event = event
        visit = CoxVisitOrder(groupEnds: groupEnds)
        var walk: [Int32] = []
        var walkEvents: [Int32] = []
        var walkEnds: [Int32] = []
        walk.reserveCapacity(timeOrder.count)
        for g in stride(from: groupEnds.count - 1, through: 0, by: -1) {
            let range = (g == 0 ? 0 : groupEnds[g - 1])..<groupEnds[g]
            for p in range where !event[Int(p)] { walk.append(p) }
            walkEvents.append(Int32(walk.count))
            for p in range where event[Int(p)] { walk.append(p) }
            walkEnds.append(Int32(walk.count))
        }
        self.walk = walk
        self.walkEvents = walkEvents
        self.walkEnds = walkEnds
    }
}

/// One replicate's resample as its statistics see it: the case weights by row, and what
/// statistics on the same cohort share (the weights in time order, the Cox rows of positive
/// weight, the concordance walk), each laid out on first use and kept until the weights change.
/// So the four Cox statistics and two C-indexes of a paired replicate gather its weights once.
/// Not thread-safe: one frame per worker.
final class ResampleFrame {
    /// Case weights by row: write them, then call `reset()`.
    let weights: UnsafeMutableBufferPointer<Int32>
    private var generation = 0
    private var timeKey: Key?
    private let time: UnsafeMutableBufferPointer<Int32>
    private var coxKey: Key?
    private var cox: CoxLayout?
    private var walkKey: Key?
    private var walk: ConcordanceWalk?
    private var pairKey: Key?
    private var pairIndexes: (candidate: Double?, baseline: Double?) = (nil, nil)

    /// Which order a layout was made for (or which pair of C-indexes), and from which weights.
    private struct Key: Equatable {
        let order: ObjectIdentifier
        let generation: Int
    }

    init(patients n: Int) {
        weights = .allocate(capacity: n)
        weights.initialize(repeating: 0)
        time = .allocate(capacity: n)
        time.initialize(repeating: 0)
    }

    deinit {
        weights.deallocate()
        time.deallocate()
    }

    /// The weights changed: every layout is laid out again on first use.
    func reset() { generation &+= 1 }

    /// Sets the weights from `source` (by row).
    func load(_ source: UnsafeBufferPointer<Int32>) {
        precondition(source.count == weights.count, "weights for another cohort")
        _ = weights.update(fromContentsOf: source)
        reset()
    }

    private func key(_ order: ReplicateOrder) -> Key {
        precondition(order.count == weights.count, "a statistic prepared on another cohort")
        return Key(order: ObjectIdentifier(order), generation: generation)
    }

    /// The weights by time-sorted position.
    func timeWeights(_ order: ReplicateOrder) -> UnsafeBufferPointer<Int32> {
        let key = key(order)
        if timeKey != key {
            order.timeOrder.withUnsafeBufferPointer { rows in
                for p in rows.indices { time[p] = weights[Int(rows[p])] }
            }
            timeKey = key
        }
        return UnsafeBufferPointer(time)
    }

    /// The Cox rows of positive weight, shared by every Cox statistic of the replicate.
    func coxLayout(_ order: ReplicateOrder) -> CoxLayout { laidOut(&cox, &coxKey, order) }

    /// The concordance walk over the rows of positive weight, shared by every C-index.
    func concordanceWalk(_ order: ReplicateOrder) -> ConcordanceWalk { laidOut(&walk, &walkKey, order) }

    /// `layout` (made on first use) laid out for `order` and the current weights, once per
    /// replicate: `stamp` records what it was last laid out for.
    private func laidOut<Layout: ReplicateLayout>(
        _ layout: inout Layout?, _ stamp: inout Key?, _ order: ReplicateOrder
    ) -> Layout {
        let key = key(order)
        let made = layout ?? Layout(patients: order.count)
        layout = made
        if stamp != key {
            made.fill(timeWeights: timeWeights(order), order: order)
            stamp = key
        }
        return made
    }

    /// Both C-indexes of `pair` on the resample, computed on the first call of the replicate
    /// (with `workspace`) and kept for the other side's.
    func pairedConcordance(
        _ pair: PairedConcordance, workspace: PairedConcordance.Workspace
    ) -> (candidate: Double?, baseline: Double?) {
        let key = Key(order: ObjectIdentifier(pair), generation: generation)
        if pairKey != key {
            pairIndexes = pair.indexes(self, workspace: workspace)
            pairKey = key
        }
        return pairIndexes
    }
}

/// A replicate's layout of the weights in an order's terms (`CoxLayout`, `ConcordanceWalk`).
protocol ReplicateLayout: AnyObject {
    init(patients n: Int)
    func fill(timeWeights w: UnsafeBufferPointer<Int32>, order: ReplicateOrder)
}

extension CoxLayout: ReplicateLayout {}
extension ConcordanceWalk: ReplicateLayout {}
