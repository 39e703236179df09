// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Testing

@testable import GremlinKit

@Suite struct RadixSortTests {
    @Test func radixSortAgreesWithTheStandardSort() {
        var generator = SplitMix(seed: 20_241_201)
        for count in [0, 1, 100, 5000, 70000, 1_100_000] {
            var values = (0..<count).map { _ in generator.next() }
            if count == 70000 { for index in 0..<1000 { values[index] = 42 } }  // duplicates
            var expected = values
            expected.sort()
            RadixSort.sort(&values)
            #expect(values == expected, "\(count)")
        }
        // Ordered by the high bits only: the low bits (row offsets in the leakage keys) may be in any order.
        var keyed = (0..<50000).map { _ in generator.next() }
        RadixSort.sort(&keyed, ignoringLowBits: 28)
        #expect(zip(keyed, keyed.dropFirst()).allSatisfy { $0 >> 28 <= $1 >> 28 })
        #expect(Set(keyed).count == 50000)
        var narrow = (0..<10000).map { UInt64($0 % 77) }  // every high digit equal: passes are skipped
        var expected = narrow
        expected.sort()
        RadixSort.sort(&narrow)
        #expect(narrow == expected)
    }

    @Test func radixSortOfSeveralPartsIsTheSortOfTheirUnion() {
        var generator = SplitMix(seed: 20_261_127)
        for sizes in [[3, 0, 5], [4000, 0, 1, 96], [300_000, 17, 0, 1_200_000, 5000]] {
            let parts = sizes.map { size in (0..<size).map { _ in generator.next() } }
            #expect(RadixSort.sorted(parts) == parts.joined().sorted(), "\(sizes)")
            let keyed = RadixSort.sorted(parts, ignoringLowBits: 30)
            #expect(keyed.count == sizes.reduce(0, +))
            #expect(zip(keyed, keyed.dropFirst()).allSatisfy { $0 >> 30 <= $1 >> 30 })
            #expect(Set(keyed) == Set(parts.joined()))
        }
    }
}

/// A seeded generator for reproducible test data (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
