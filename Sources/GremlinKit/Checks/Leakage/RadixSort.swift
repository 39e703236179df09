// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Sorting `UInt64`s by radix in linear time, which matters for ten million IDs: one scatter
/// pass on the top 11 bits, then each bucket (small enough to stay in cache) by least-significant
/// digit radix on the remaining bits. Bits below `ignoringLowBits` do not take part in the order.
public enum RadixSort {
    static let topBits = 11

    public static func sort(_ values: inout [UInt64], ignoringLowBits low: Int = 0) {
        guard values.count > 1 else { return }
        values = sorted([values], ignoringLowBits: low)
    }

    /// The values of all `parts`, sorted into one array (as `sort`): each part is counted and
    /// scattered on its own core, so parts parsed in parallel are never concatenated first.
    public static func sorted(_ parts: [[UInt64]], ignoringLowBits low: Int = 0) -> [UInt64] {
        let count = parts.reduce(0) { $0 + $1.count }
        let low = max(0, min(low, 64 - topBits))
        if count < 1 << 12 {
            return parts.joined().sorted { $0 >> UInt64(low) < $1 >> UInt64(low) }
        }
        // Every slot of both buffers is written (scatter, then bucket passes) before it is read.
        var spare = [UInt64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        return [UInt64](unsafeUninitializedCapacity: count) { data, initialized in
            spare.withUnsafeMutableBufferPointer { spare in
                sort(parts, into: data, spare, low: low)
            }
            initialized = count
        }
    }

    /// The values of all `parts` sorted by the bits above `low`, as `sorted`, but with half the
    /// memory: the parts are scattered into the result and released (`parts` is left empty), and
    /// each top-bits bucket is then sorted in place with a scratch buffer the size of the largest
    /// bucket (per worker, so it stays in cache) instead of a second array of every value.
    public static func sorted(consuming parts: inout [[UInt64]], ignoringLowBits low: Int = 0) -> [UInt64] {
        let count = parts.reduce(0) { $0 + $1.count }
        let low = max(0, min(low, 64 - topBits))
        if count < 1 << 12 {
            defer { parts = [] }
            return parts.joined().sorted { $0 >> UInt64(low) < $1 >> UInt64(low) }
        }
        var result: [UInt64]
        let starts: [Int]
        let largest: Int
        (result, starts, largest) = scatter(parts, count: count)
        parts = []  // the only other reference was `scatter`'s, gone: the parts are freed here
        let buckets = 1 << topBits
        let chunks = count >= 1 << 20 ? max(1, min(8, ProcessInfo.processInfo.activeProcessorCount)) : 1
        result.withUnsafeMutableBufferPointer { data in
            let shared = Unshared((data, starts))
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let (data, starts) = shared.value
                let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(1, largest))
                defer { scratch.deallocate() }
                for bucket in (buckets * chunk / chunks)..<(buckets * (chunk + 1) / chunks) {
                    let range = starts[bucket]..<starts[bucket + 1]
                    guard range.count > 1 else { continue }
                    let values = UnsafeMutableBufferPointer(rebasing: data[range])
                    let spare = UnsafeMutableBufferPointer(rebasing: scratch[0..<range.count])
                    sortBucket(values, spare, low: low)
                }
            }
        }
        return result
    }

    /// Each part's first slot per top-bits bucket (`slots[part * buckets + bucket]`, allocated here
    /// and deallocated by the caller; the parts are counted on their own cores), each bucket's
    /// first index, and the largest bucket's size.
    private static func slots(_ parts: [[UInt64]]) -> (UnsafeMutableBufferPointer<Int>, [Int], Int) {
        let buckets = 1 << topBits
        let topShift = UInt64(64 - topBits)
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: parts.count * buckets)
        counts.initialize(repeating: 0)
        let table = Unshared(counts)
        DispatchQueue.concurrentPerform(iterations: parts.count) { part in
            let counts = table.value
            parts[part].withUnsafeBufferPointer { values in
                for value in values { counts[part * buckets + Int(value >> topShift)] += 1 }
            }
        }
        var starts = [Int](repeating: 0, count: buckets + 1)
        var running = 0
        var largest = 0
        for bucket in 0..<buckets {
            starts[bucket] = running
            for part in parts.indices {
                let n = counts[part * buckets + bucket]
                counts[part * buckets + bucket] = running
                running += n
            }
            largest = max(largest, running - starts[bucket])
        }
        starts[buckets] = running
        return (counts, starts, largest)
    }

    /// The values of `parts` in one array grouped by their top bits (each part counted and
    /// scattered on its own core), with each bucket's first index and the largest bucket's size.
    private static func scatter(_ parts: [[UInt64]], count: Int) -> ([UInt64], [Int], Int) {
        let buckets = 1 << topBits
        let topShift = UInt64(64 - topBits)
        let (counts, starts, largest) = slots(parts)
        defer { counts.deallocate() }
        let table = Unshared(counts)
        // Every slot is written by the scatter before it is read.
        let result = [UInt64](unsafeUninitializedCapacity: count) { data, initialized in
            let target = Unshared(data)
            DispatchQueue.concurrentPerform(iterations: parts.count) { part in
                let (counts, data) = (table.value, target.value)
                parts[part].withUnsafeBufferPointer { values in
                    for value in values {
                        let slot = part * buckets + Int(value >> topShift)
                        data[counts[slot]] = value
                        counts[slot] += 1
                    }
                }
            }
            initialized = count
        }
        return (result, starts, largest)
    }

    /// Least-significant-digit radix sort of one bucket in place (`spare` as large), on the bits
    /// between `low` and the top bits, in as few digits of at most 11 bits as cover them.
    private static func sortBucket(
        _ values: UnsafeMutableBufferPointer<UInt64>, _ spare: UnsafeMutableBufferPointer<UInt64>, low: Int
    ) {
        let width = 64 - topBits - low
        let passes = (width + 10) / 11
        guard passes > 0 else { return }
        let digitBits = (width + passes - 1) / passes
        let bins = 1 << digitBits
        let digitMask = UInt64(bins - 1)
        let histogram = UnsafeMutableBufferPointer<Int>.allocate(capacity: bins)
        defer { histogram.deallocate() }
        var from = values
        var to = spare
        for pass in 0..<passes {
            let shift = UInt64(low + pass * digitBits)
            histogram.initialize(repeating: 0)
            for value in from { histogram[Int((value >> shift) & digitMask)] += 1 }
            var running = 0
            for digit in 0..<bins {
                let n = histogram[digit]
                histogram[digit] = running
                running += n
            }
            for value in from {
                // Bits above `width` belong to the top bits, equal within the bucket.
                let digit = Int((value >> shift) & digitMask)
                to[histogram[digit]] = value
                histogram[digit] += 1
            }
            swap(&from, &to)
        }
        if passes % 2 == 1 { _ = values.update(fromContentsOf: spare) }
    }

    private static func sort(
        _ parts: [[UInt64]], into data: UnsafeMutableBufferPointer<UInt64>,
        _ spare: UnsafeMutableBufferPointer<UInt64>, low: Int
    ) {
        let buckets = 1 << topBits
        let topShift = UInt64(64 - topBits)
        let (counts, starts, _) = slots(parts)
        defer { counts.deallocate() }
        let table = Unshared(counts)
        let target = Unshared(spare)
        DispatchQueue.concurrentPerform(iterations: parts.count) { part in
            let (counts, spare) = (table.value, target.value)
            parts[part].withUnsafeBufferPointer { values in
                for value in values {
                    let slot = part * buckets + Int(value >> topShift)
                    spare[counts[slot]] = value
                    counts[slot] += 1
                }
            }
        }
        // Buckets are independent: a large array uses every core for them.
        let chunks = data.count >= 1 << 20 ? max(1, min(8, ProcessInfo.processInfo.activeProcessorCount)) : 1
        let shared = Unshared((data, spare, starts))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let (data, spare, starts) = shared.value
            sortBuckets(
                data, spare, starts: starts, range: (buckets * chunk / chunks)..<(buckets * (chunk + 1) / chunks),
                low: low)
        }
    }

    private static func sortBuckets(
        _ data: UnsafeMutableBufferPointer<UInt64>, _ spare: UnsafeMutableBufferPointer<UInt64>,
        starts: [Int], range: Range<Int>, low: Int
    ) {
        // The bits between `low` and the top bits, in as few digits of at most 10 bits as cover
        // them (a 1024-entry histogram stays in L1).
        let width = 64 - topBits - low
        let passes = (width + 9) / 10
        let digitBits = passes == 0 ? 0 : (width + passes - 1) / passes
        let bins = 1 << digitBits
        let digitMask = UInt64(bins - 1)
        var histograms = [Int](repeating: 0, count: max(1, passes * bins))
        for bucket in range {
            let lower = starts[bucket]
            let upper = starts[bucket + 1]
            guard upper > lower else { continue }
            var from = UnsafeMutableBufferPointer(rebasing: spare[lower..<upper])
            var to = UnsafeMutableBufferPointer(rebasing: data[lower..<upper])
            if upper - lower == 1 || passes == 0 {
                _ = to.initialize(from: from)
                continue
            }
            histograms.withUnsafeMutableBufferPointer { h in
                for index in h.indices { h[index] = 0 }
                for value in from {
                    for pass in 0..<passes {
                        h[pass * bins + Int((value >> UInt64(low + pass * digitBits)) & digitMask)] += 1
                    }
                }
                for pass in 0..<passes {
                    let shift = UInt64(low + pass * digitBits)
                    var running = 0
                    for digit in 0..<bins {
                        let n = h[pass * bins + digit]
                        h[pass * bins + digit] = running
                        running += n
                    }
                    for value in from {
                        // Bits above `width` belong to the top bits, equal within the bucket.
                        let slot = pass * bins + Int((value >> shift) & digitMask)
                        to[h[slot]] = value
                        h[slot] += 1
                    }
                    swap(&from, &to)
                }
            }
            // After an even number of passes the bucket is back in `spare`.
            if passes % 2 == 0 { _ = UnsafeMutableBufferPointer(rebasing: data[lower..<upper]).initialize(from: from) }
        }
    }
}
