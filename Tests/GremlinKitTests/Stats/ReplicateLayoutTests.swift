// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The pieces of the replicate kernels that stand in for a computation of the general code:
/// each gives the same integers or the same bits.
@Suite struct ReplicateLayoutTests {
    /// `RankCounts` against plain counting, on rank ranges around every line and level boundary.
    @Test(arguments: [1, 2, 15, 16, 17, 255, 256, 257, 4096, 4097, 70_000])
    func rankCountsAnswerAsCounting(ranks: Int) {
        var random = ReplicateRandom(seed: 31, replicate: ranks)
        let counts = RankCounts(ranks: ranks)
        for round in 0..<2 {
            counts.clear()
            var plain = [Int64](repeating: 0, count: ranks)
            for _ in 0..<300 {
                let rank = random.index(below: ranks)
                let weight = Int32(random.index(below: 5))
                counts.add(rank, weight)
                plain[rank] += Int64(weight)
                let probe = random.index(below: ranks)
                let (below, at) = counts.query(probe)
                #expect(below == plain[..<probe].reduce(0, +), "round \(round)")
                #expect(at == plain[probe])
            }
            for probe in [0, ranks - 1] {
                let (below, at) = counts.query(probe)
                #expect(below == plain[..<probe].reduce(0, +))
                #expect(at == plain[probe])
            }
        }
    }

    /// The table holds exactly the divisions the tie loop would do.
    @Test func efronFractionsAreTheDivisions() {
        for m in 1...EfronFractions.limit {
            for l in 0..<m {
                let expected = Double(l) / Double(m)
                #expect(EfronFractions.table[EfronFractions.start(m) + l].bitPattern == expected.bitPattern)
            }
        }
    }
}
