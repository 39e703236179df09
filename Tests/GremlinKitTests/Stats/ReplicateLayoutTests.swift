// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The pieces of the replicate kernels that stand in for a computation of the general code:
/// each gives the same integers or the same bits.
@Suite struct ReplicateLayoutTests {
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
