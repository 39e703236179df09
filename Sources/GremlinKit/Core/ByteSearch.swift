// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Substring search in bytes: `memchr` to each candidate first byte, then `memcmp`, so both
/// steps run in the C library's vector loops. Allocation-free; an empty needle is found at 0.
enum ByteSearch {
    /// The offset in `haystack` where `needle` first starts.
    @inline(__always)
    static func firstOffset(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
        guard let first = needle.first else { return 0 }
        guard needle.count <= haystack.count, let base = haystack.baseAddress, let pin = needle.baseAddress else {
            return nil
        }
        var at = 0
        let last = haystack.count - needle.count
        while at <= last, let hit = memchr(base + at, Int32(first), last - at + 1) {
            let candidate = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + candidate, pin, needle.count) == 0 { return candidate }
            at = candidate + 1
        }
        return nil
    }

    @inline(__always)
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        needle.withUnsafeBytes { firstOffset(of: $0, in: UnsafeRawBufferPointer(haystack)) } != nil
    }

    /// Where `needle` first stands in `haystack`, in the slice's indexes.
    static func firstRange(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Range<Int>? {
        let offset = haystack.withUnsafeBytes { hay in needle.withUnsafeBytes { firstOffset(of: $0, in: hay) } }
        return offset.map { (haystack.startIndex + $0)..<(haystack.startIndex + $0 + needle.count) }
    }

    static func contains<Haystack: ContiguousBytes>(_ haystack: Haystack, _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBytes { hay in needle.withUnsafeBytes { firstOffset(of: $0, in: hay) } } != nil
    }
}
