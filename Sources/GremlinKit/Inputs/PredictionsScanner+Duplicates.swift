// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension PredictionsScanner {
    /// Whether two rows share a patient ID, on every core: the rows' fingerprints are spread into
    /// 2048 buckets by their top 11 bits (each worker scatters its share of the rows), each
    /// bucket is searched for a repeated fingerprint in a small hash table, and a repeated
    /// fingerprint is confirmed on the IDs' bytes (two IDs may share one).
    static func hasDuplicate(_ hashes: [UInt64], ranges: [UInt64], in data: Data, workers: Int) -> Bool {
        let n = hashes.count
        guard n > 1 else { return false }
        let parts = max(1, min(workers, n >> 16))
        let bounds = (0...parts).map { n * $0 / parts }
        var spread = [UInt64].unwritten(n)
        let bucketStart: [Int] = hashes.withUnsafeBufferPointer { keys in
            let all = Unshared(keys)
            let histograms = parallelMap(Array(0..<parts), workers: parts) { part -> [Int] in
                var counts = [Int](repeating: 0, count: bucketCount)
                for i in bounds[part]..<bounds[part + 1] { counts[bucket(all.value[i])] += 1 }
                return counts
            }
            // Bucket b holds part 0's keys, then part 1's, ...: the offsets each part writes from.
            var start = [Int](repeating: 0, count: bucketCount + 1)
            var offsets = [[Int]](repeating: [Int](repeating: 0, count: bucketCount), count: parts)
            var total = 0
            for b in 0..<bucketCount {
                start[b] = total
                for part in 0..<parts {
                    offsets[part][b] = total
                    total += histograms[part][b]
                }
            }
            start[bucketCount] = total
            let firstSlots = offsets
            spread.withUnsafeMutableBufferPointer { out in
                let target = Unshared(out.baseAddress!)
                _ = parallelMap(Array(0..<parts), workers: parts) { part -> Int in
                    var next = firstSlots[part]
                    for i in bounds[part]..<bounds[part + 1] {
                        let key = all.value[i]
                        let b = bucket(key)
                        target.value[next[b]] = key
                        next[b] += 1
                    }
                    return 0
                }
            }
            return start
        }
        // Buckets in batches of 64, each batch's repeated fingerprints.
        let batches = Array(stride(from: 0, to: bucketCount, by: 64))
        let repeated: [[UInt64]] = spread.withUnsafeBufferPointer { keys in
            let all = Unshared(keys)
            return parallelMap(batches, workers: workers) { first in
                var found: [UInt64] = []
                var table: [UInt64] = []
                var used: [Bool] = []
                for b in first..<min(bucketCount, first + 64) {
                    let lower = bucketStart[b]
                    let upper = bucketStart[b + 1]
                    guard upper - lower > 1 else { continue }
                    var size = 16
                    while size < 2 * (upper - lower) { size <<= 1 }
                    if table.count < size {
                        table = [UInt64](repeating: 0, count: size)
                        used = [Bool](repeating: false, count: size)
                    } else {
                        for i in 0..<size { used[i] = false }
                    }
                    let mask = size - 1
                    for i in lower..<upper {
                        let key = all.value[i]
                        var slot = Int(truncatingIfNeeded: key) & mask
                        while used[slot], table[slot] != key { slot = (slot + 1) & mask }
                        if used[slot] {
                            found.append(key)
                        } else {
                            used[slot] = true
                            table[slot] = key
                        }
                    }
                }
                return found
            }
        }
        let suspects = Set(repeated.joined())
        guard !suspects.isEmpty else { return false }
        // Rare (two IDs share a fingerprint): the rows with a repeated one, compared on their IDs.
        let ids = PatientIDs(data: data, ranges: ranges).strings
        var seen = Set<String>()
        for (row, hash) in hashes.enumerated() where suspects.contains(hash) {
            if !seen.insert(ids[row]).inserted { return true }
        }
        return false
    }

    private static let bucketCount = 1 << 11

    @inline(__always) private static func bucket(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key >> 53) }
}
