// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Right-censored survival outcomes for a cohort: follow-up time and whether the event was seen.
///
/// Validated once (equal lengths, finite times) and sorted once by time; every statistic and
/// every bootstrap replicate reuses that order, which is what keeps them O(n log n) or better.
public struct SurvivalOutcomes: Sendable {
    /// Follow-up time per patient (any unit; only the order matters except for AUROC horizons).
    public let time: [Double]
    /// `true` when the event (e.g. death) was observed at `time`, `false` when censored.
    public let event: [Bool]
    /// Number of observed events.
    public let eventCount: Int

    /// Row indices sorted by time ascending (ties by row, for determinism).
    let timeOrder: [Int32]
    /// Exclusive end, in `timeOrder` positions, of each run of equal times.
    let groupEnds: [Int32]
    /// `event` in `timeOrder` positions (what every time-ordered walk reads).
    let sortedEvent: [Bool]
    /// The same order as the bootstrap's statistics walk it, shared by all of them; made on
    /// first use (point estimates never need it).
    var replicateOrder: ReplicateOrder { replicate.value }
    private let replicate: Once<ReplicateOrder>

    /// Number of patients.
    public var count: Int { time.count }

    public init(time: [Double], event: [Bool]) throws {
        guard event.count == time.count else {
            throw StatsError.lengthMismatch(field: "event", expected: time.count, actual: event.count)
        }
        guard time.count <= Int(Int32.max) else {
            throw StatsError.invalidOption(name: "patients", value: String(time.count), expected: "fewer than 2^31")
        }
        try validateFinite(time, field: "time")
        self.time = time
        self.event = event
        self.eventCount = event.reduce(0) { $0 + ($1 ? 1 : 0) }
        // Equal order keys are equal times (`==`).
        let (keys, order) = RowSort.sorted(time)
        var ends: [Int32] = []
        keys.withUnsafeBufferPointer { keys in
            for p in keys.indices where p + 1 == keys.count || keys[p + 1] != keys[p] {
                ends.append(Int32(p + 1))
            }
        }
        self.timeOrder = order
        self.groupEnds = ends
        let sortedEvent = event.withUnsafeBufferPointer { e in order.map { e[Int($0)] } }
        self.sortedEvent = sortedEvent
        let groupEnds = ends
        self.replicate = Once { ReplicateOrder(timeOrder: order, groupEnds: groupEnds, sortedEvent: sortedEvent) }
    }

    /// Checks that `values` holds one finite number per patient.
    func validate(_ values: [Double], field: String) throws {
        guard values.count == count else {
            throw StatsError.lengthMismatch(field: field, expected: count, actual: values.count)
        }
        try validateFinite(values, field: field)
    }
}

func validateFinite(_ values: [Double], field: String) throws {
    if let bad = values.firstIndex(where: { !$0.isFinite }) {
        throw StatsError.nonFinite(field: field, row: bad + 1)
    }
}

/// Dense ranks (0-based; equal values share a rank) and the number of distinct values.
///
/// Equality is exact `==`: two scores that differ in the last bit are different. (scikit-survival
/// treats scores within 1e-8 as tied; the reference fixtures avoid such near-ties.)
func denseRanks(_ values: [Double]) -> (ranks: [Int32], distinct: Int, order: [Int32]) {
    let ranked = RowSort.ranks(values)
    return (ranked.ranks, ranked.distinct, ranked.order)
}

/// Values sorted ascending with their row, ties by row (a radix sort on the values' order keys).
func sortedWithRows(_ values: [Double]) -> [(value: Double, row: Int32)] {
    RowSort.sortedWithRows(values)
}
