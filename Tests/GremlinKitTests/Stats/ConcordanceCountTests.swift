// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The whole-sample counts with byte-wide rank counts (no score shared by more than 255 patients)
/// and with 32-bit ones equal the reference Fenwick counts.
@Suite struct ConcordanceCountTests {
    /// n patients; `tie` of them share one score, the rest have scores on a grid with few ties.
    static func counts(n: Int, tie: Int, seed: UInt64) throws -> (Concordance, Concordance) {
        var random = SplitMix(seed: seed)
        let time = (0..<n).map { _ in Double(random.next() % 300) / 10 }
        let event = (0..<n).map { _ in random.next() % 10 < 7 }
        let score = (0..<n).map { i in i < tie ? 0.5 : Double(random.next() % UInt64(4 * n)) / 1_000 }
        let engine = ConcordanceEngine(try SurvivalOutcomes(time: time, event: event), score: score)
        var tree = engine.makeTree()
        return (engine.unweightedCounts(), engine.counts(weights: nil, tree: &tree))
    }

    @Test(arguments: [(1, 0), (2, 2), (3_000, 1), (3_000, 255), (3_000, 256), (50_000, 40), (50_000, 2_000)])
    func bytesOrWordsCountAlike(n: Int, tie: Int) throws {
        let (fast, reference) = try Self.counts(n: n, tie: tie, seed: UInt64(n + tie))
        #expect(fast == reference, "n = \(n), tie = \(tie)")
        #expect(fast.concordant + fast.discordant + fast.tiedRisk > 0 || n < 3)
    }
}
