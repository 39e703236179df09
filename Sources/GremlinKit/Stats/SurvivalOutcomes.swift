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
        let keyed = sortedWithRows(time)
        var ends: [Int32] = []
        for p in keyed.indices where p + 1 == keyed.count || keyed[p + 1].value != keyed[p].value {
            ends.append(Int32(p + 1))
        }
        self.timeOrder = keyed.map(\.row)
        self.groupEnds = ends
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
    let keyed = sortedWithRows(values)
    var ranks = [Int32](repeating: 0, count: values.count)
    var rank: Int32 = -1
    for p in keyed.indices {
        if p == 0 || keyed[p].value != keyed[p - 1].value { rank += 1 }
        ranks[Int(keyed[p].row)] = rank
    }
    return (ranks, Int(rank + 1), keyed.map(\.row))
}

/// Values sorted ascending with their row, ties by row; sorting the pairs in place is several
/// times faster than sorting indices through a closure that reads another array.
func sortedWithRows(_ values: [Double]) -> [(value: Double, row: Int32)] {
    var keyed = values.enumerated().map { (value: $0.element, row: Int32(truncatingIfNeeded: $0.offset)) }
    keyed.sort { $0.value < $1.value || ($0.value == $1.value && $0.row < $1.row) }
    return keyed
}
