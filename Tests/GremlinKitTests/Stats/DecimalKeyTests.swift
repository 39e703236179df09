// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The narrow decimal keys of `RowSort.sorted` sort exactly as the 64-bit order keys do, and are
/// taken only when they may be.
@Suite struct DecimalKeyTests {
    /// The rows of a stable comparison sort by `<` and, per position, whether the value equals the previous.
    static func reference(_ values: [Double]) -> (rows: [Int32], newValue: [Bool]) {
        let rows = values.indices.sorted { a, b in values[a] < values[b] || (values[a] == values[b] && a < b) }
        let newValue = rows.indices.map { p in p == 0 || values[rows[p]] != values[rows[p - 1]] }
        return (rows.map { Int32($0) }, newValue)
    }

    static func check(_ values: [Double], decimal: Bool, _ comment: Comment) {
        #expect((RowSort.decimalKeys(values) != nil) == decimal, comment)
        let (keys, rows) = RowSort.sorted(values)
        let expected = reference(values)
        #expect(rows == expected.rows, comment)
        let newKey = keys.indices.map { p in p == 0 || keys[p] != keys[p - 1] }
        #expect(newKey == expected.newValue, comment)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 }, comment)
    }

    /// Times to 0.1, scores to 10⁻⁶ with both signs, integers, both zeros, many ties.
    @Test(arguments: [1, 2, 300, 5_000, 60_000])
    func decimalColumnsSortAsTheirValues(n: Int) {
        var random = SplitMix(seed: UInt64(n) &* 31 &+ 7)
        let times = (0..<n).map { _ in Double(random.next() % 60_000) / 10 }
        Self.check(times, decimal: true, "times, n = \(n)")
        let scores = (0..<n).map { _ in (Double(random.next() % 8_000_001) - 4_000_000) / 1e6 }
        Self.check(scores, decimal: true, "scores, n = \(n)")
        let zeros = (0..<n).map(Self.zeroOrSmall)
        Self.check(zeros, decimal: true, "zeros and integers, n = \(n)")
        // Parsed from text, as the readers do.
        var parsed: [Double] = []
        for _ in 0..<n {
            let text = String(format: "%.3f", Double(random.next() % 200_000) / 997)
            parsed.append(Double(text) ?? 0)
        }
        Self.check(parsed, decimal: true, "three places from text, n = \(n)")
    }

    static func zeroOrSmall(_ i: Int) -> Double {
        switch i % 3 {
        case 0: return -0.0
        case 1: return 0
        default: return Double(i % 7) - 3
        }
    }

    /// A value past the first 256 needs more places than those before it: the keys start over.
    @Test func morePlacesLaterStartOver() {
        var values = (0..<1_000).map { Double($0 % 50) }
        values[700] = 12.345
        values[900] = -0.5
        Self.check(values, decimal: true, "places found late")
    }

    /// Values that are not short decimals take the 64-bit keys, and still sort right.
    @Test func otherValuesTakeTheOrderKeys() {
        var random = SplitMix(seed: 11)
        let noise = (0..<2_000).map { _ in Double(random.next() % 1_000_000) / 7 }
        Self.check(noise, decimal: false, "repeating fractions")
        Self.check([1, 2, .infinity, 3], decimal: false, "an infinity")
        Self.check([1e15, 2, 3], decimal: false, "k at 10^15")
        Self.check([0.1, 1e-16, 3], decimal: false, "more than 15 places")
        Self.check([123_456_789.123_456_7, 1], decimal: false, "16 significant digits")
        let wide = (0..<500).map { i in i == 250 ? 0.000_001 : Double(i) * 1e9 }
        Self.check(wide, decimal: false, "magnitudes too wide for one scale")
        Self.check(RowSortTests.values(3_000, seed: 5), decimal: false, "specials")
    }
}
