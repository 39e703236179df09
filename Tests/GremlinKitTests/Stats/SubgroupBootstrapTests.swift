// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The per-level paired bootstrap runs on the overall bootstrap's resamples.
@Suite struct SubgroupBootstrapTests {
    /// A subgroup holding every patient is the overall paired bootstrap, bit for bit, and the
    /// numbers do not depend on the thread count.
    @Test(arguments: [1, 2, 7])
    func theWholeCohortAsASubgroupIsThePairedBootstrap(threads: Int) throws {
        let fixture = try #require(try StatsFixtures.all().first { $0.name == "gbsg2" })
        let options = BootstrapOptions(replicates: 200, seed: 7, threads: threads)
        let overall = try Bootstrap.paired(
            fixture.outcomes, candidate: fixture.score, baseline: fixture.score2, metric: .cIndex, options: options)
        let all = Array(fixture.score.indices)
        let halves = [all.filter { $0 % 2 == 0 }, all, all.filter { $0 % 2 == 1 }]
        let levels = try Bootstrap.pairedBySubgroup(
            fixture.outcomes, candidate: fixture.score, baseline: fixture.score2, subgroups: halves, options: options)
        #expect(levels[1] == overall)
        let single = try Bootstrap.pairedBySubgroup(
            fixture.outcomes, candidate: fixture.score, baseline: fixture.score2, subgroups: [halves[0]],
            options: BootstrapOptions(replicates: 200, seed: 7, threads: 1))
        #expect(single[0] == levels[0])
    }

    /// A subgroup's replicate keeps exactly its own patients of the overall resample.
    @Test func aSubgroupReplicateIsTheOverallResampleRestricted() throws {
        let fixture = try #require(try StatsFixtures.all().first { $0.name == "lung" })
        let rows = fixture.score.indices.filter { $0 % 3 != 0 }
        let options = BootstrapOptions(replicates: 50, seed: 11, threads: 1)
        let result = try #require(
            try Bootstrap.pairedBySubgroup(
                fixture.outcomes, candidate: fixture.score, baseline: fixture.score2, subgroups: [rows],
                options: options)[0])
        // By hand: replicate r's weights over the cohort, restricted to the rows, then C on the subgroup.
        let sub = try SurvivalOutcomes(
            time: rows.map { fixture.outcomes.time[$0] }, event: rows.map { fixture.outcomes.event[$0] })
        let candidate = SurvivalMetric.cIndex.prepare(sub, score: rows.map { fixture.score[$0] }).makeEvaluator()
        let baseline = SurvivalMetric.cIndex.prepare(sub, score: rows.map { fixture.score2[$0] }).makeEvaluator()
        var differences: [Double] = []
        for r in 0..<options.replicates {
            var weights = [Int32](repeating: 0, count: fixture.outcomes.count)
            var random = ReplicateRandom(seed: options.seed, replicate: r)
            for _ in 0..<weights.count { weights[random.index(below: weights.count)] += 1 }
            let restricted = rows.map { weights[$0] }
            let c = restricted.withUnsafeBufferPointer { candidate($0) }
            let b = restricted.withUnsafeBufferPointer { baseline($0) }
            if let c, let b { differences.append(c - b) }
        }
        #expect(result.difference.used == differences.count)
        let sorted = differences.sorted()
        #expect(abs(result.difference.lower - (Percentile.linear(sorted: sorted, fraction: 0.025) ?? .nan)) < 1e-12)
        #expect(abs(result.difference.upper - (Percentile.linear(sorted: sorted, fraction: 0.975) ?? .nan)) < 1e-12)
    }
}
