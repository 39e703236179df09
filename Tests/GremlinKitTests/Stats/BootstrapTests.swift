// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct BootstrapTests {
    static func fixture(_ name: String) throws -> StatsFixture {
        try #require(try StatsFixtures.all().first { $0.name == name })
    }

    @Test(arguments: [
        SurvivalMetric.cIndex, .auroc(horizon: 365), .hazardRatioPerSD(ties: .efron),
        .hazardRatioHighVsLow(ties: .efron),
    ])
    func sameSeedSameResultWhateverTheThreadCount(metric: SurvivalMetric) throws {
        let f = try Self.fixture("whas500")
        let replicates = metric == .cIndex ? 400 : 120
        let one = BootstrapOptions(replicates: replicates, seed: 20_241_201, threads: 1)
        var many = one
        many.threads = 4
        var odd = one
        odd.threads = 7
        let a = Bootstrap.replicateValues(
            [metric.prepare(f.outcomes, score: f.score)], patients: f.outcomes.count, options: one)
        let b = Bootstrap.replicateValues(
            [metric.prepare(f.outcomes, score: f.score)], patients: f.outcomes.count, options: many)
        let c = Bootstrap.replicateValues(
            [metric.prepare(f.outcomes, score: f.score)], patients: f.outcomes.count, options: odd)
        // Bit-for-bit, replicate by replicate.
        #expect(a[0].map(\.bitPattern) == b[0].map(\.bitPattern))
        #expect(a[0].map(\.bitPattern) == c[0].map(\.bitPattern))
        #expect(a[0].contains { !$0.isNaN })

        let i1 = try Bootstrap.interval(f.outcomes, score: f.score, metric: metric, options: one)
        let i4 = try Bootstrap.interval(f.outcomes, score: f.score, metric: metric, options: many)
        #expect(i1 == i4)
        #expect(i1.lower <= i1.estimate && i1.estimate <= i1.upper)

        var other = one
        other.seed = 1
        let d = try Bootstrap.interval(f.outcomes, score: f.score, metric: metric, options: other)
        #expect(d.lower != i1.lower || d.upper != i1.upper)
    }

    @Test func replicateEqualsMetricOnExpandedResample() throws {
        // A replicate's value must be the plain statistic on the duplicated rows it drew.
        let f = try Self.fixture("lung")
        let n = f.outcomes.count
        let options = BootstrapOptions(replicates: 5, seed: 99, threads: 1)
        let metrics: [SurvivalMetric] = [
            .cIndex, .auroc(horizon: 365), .hazardRatioPerSD(ties: .efron),
            .hazardRatioHighVsLow(ties: .breslow),
        ]
        for metric in metrics {
            let values = Bootstrap.replicateValues(
                [metric.prepare(f.outcomes, score: f.score)], patients: n, options: options)[0]
            for r in 0..<options.replicates {
                var random = ReplicateRandom(seed: options.seed, replicate: r)
                let rows = (0..<n).map { _ in random.index(below: n) }
                let outcomes = try SurvivalOutcomes(
                    time: rows.map { f.outcomes.time[$0] }, event: rows.map { f.outcomes.event[$0] })
                let direct = try metric.evaluate(outcomes, score: rows.map { f.score[$0] })
                #expect(relativeDifference(values[r], direct) <= 1e-9, "\(metric) replicate \(r)")
            }
        }
    }

    /// The median split's resample median, found from runs of 256 places of the score order,
    /// is the median of the expanded resample: on cohorts of several runs, with tied scores.
    @Test func medianSplitOnManyRunsEqualsTheExpandedResample() throws {
        let gbsg2 = try Self.fixture("gbsg2")
        var random = ReplicateRandom(seed: 7, replicate: 0)
        let n = 2_000
        let time = (0..<n).map { _ in Double(1 + random.index(below: 400)) }
        let event = (0..<n).map { _ in random.index(below: 10) < 7 }
        // 37 levels: long ties, and the median often inside one.
        let tied = (0..<n).map { _ in Double(random.index(below: 37)) }
        let cohorts = [
            (gbsg2.outcomes, gbsg2.score), (try SurvivalOutcomes(time: time, event: event), tied),
        ]
        let metric = SurvivalMetric.hazardRatioHighVsLow(ties: .efron)
        let options = BootstrapOptions(replicates: 6, seed: 3, threads: 1)
        for (outcomes, score) in cohorts {
            let n = outcomes.count
            let values = Bootstrap.replicateValues(
                [metric.prepare(outcomes, score: score)], patients: n, options: options)[0]
            for r in 0..<options.replicates {
                var random = ReplicateRandom(seed: options.seed, replicate: r)
                let rows = (0..<n).map { _ in random.index(below: n) }
                let expanded = try SurvivalOutcomes(
                    time: rows.map { outcomes.time[$0] }, event: rows.map { outcomes.event[$0] })
                let direct = try metric.evaluate(expanded, score: rows.map { score[$0] })
                #expect(relativeDifference(values[r], direct) <= 1e-9, "n \(n) replicate \(r)")
            }
        }
    }

    @Test func pairedUsesTheSameResamples() throws {
        let f = try Self.fixture("gbsg2")
        let options = BootstrapOptions(replicates: 300, seed: 5, threads: 2)
        // Same scores on both sides: every replicate difference is exactly 0.
        let same = try Bootstrap.paired(
            f.outcomes, candidate: f.score, baseline: f.score, metric: .cIndex, options: options)
        #expect(same.difference.lower == 0 && same.difference.upper == 0)
        #expect(same.pValue == 1)
        #expect(same.candidate == same.baseline)

        let paired = try Bootstrap.paired(
            f.outcomes, candidate: f.score, baseline: f.score2, metric: .cIndex, options: options)
        let alone = try Bootstrap.interval(f.outcomes, score: f.score, metric: .cIndex, options: options)
        // The candidate's marginal interval is the unpaired one: same seed, same resamples.
        #expect(paired.candidate == alone)
        #expect(paired.difference.estimate == paired.candidate.estimate - paired.baseline.estimate)
        #expect(paired.difference.lower < paired.difference.upper)
        // Reconstruct the p-value from the raw replicate differences.
        let raw = Bootstrap.replicateValues(
            [
                SurvivalMetric.cIndex.prepare(f.outcomes, score: f.score),
                SurvivalMetric.cIndex.prepare(f.outcomes, score: f.score2),
            ],
            patients: f.outcomes.count, options: options)
        let d = zip(raw[0], raw[1]).map { $0 - $1 }
        let below = d.filter { $0 <= 0 }.count
        let above = d.filter { $0 >= 0 }.count
        #expect(paired.pValue == min(1, 2 * Double(min(below, above)) / Double(d.count)))
        let sorted = d.sorted()
        #expect(paired.difference.lower == Percentile.linear(sorted: sorted, fraction: 0.025000000000000022))
    }

    @Test func undefinedReplicatesAreSkippedAndCounted() throws {
        // Two events among 12 patients: many resamples miss both, leaving no comparable pair.
        let outcomes = try SurvivalOutcomes(
            time: Array(1...12).map(Double.init),
            event: [true, false, false, false, false, false, false, false, false, false, false, true])
        let score = (1...12).map { Double(13 - $0) }
        let result = try Bootstrap.interval(
            outcomes, score: score, metric: .cIndex,
            options: BootstrapOptions(replicates: 500, seed: 3, threads: 2))
        #expect(result.skipped > 0)
        #expect(result.used + result.skipped == 500)
        #expect(result.estimate == 1)

        let none = try SurvivalOutcomes(time: [1, 2], event: [false, false])
        #expect(throws: StatsError.noComparablePairs) {
            try Bootstrap.interval(none, score: [1, 2], metric: .cIndex, options: BootstrapOptions(replicates: 10))
        }
        #expect(throws: StatsError.self) {
            try Bootstrap.interval(outcomes, score: score, metric: .cIndex, options: BootstrapOptions(replicates: 0))
        }
    }

    @Test func percentileMatchesNumpy() throws {
        for fixture in try StatsFixtures.all() {
            for (_, score, ref) in fixture.columns {
                let sorted = score.sorted()
                for (q, expected) in zip(ref.percentiles.q, ref.percentiles.values) {
                    let value = try #require(Percentile.linear(sorted: sorted, fraction: q / 100))
                    #expect(abs(value - expected) <= 1e-12 * max(1, abs(expected)), "\(fixture.name) q=\(q)")
                }
            }
        }
        #expect(Percentile.linear(sorted: [], fraction: 0.5) == nil)
    }

    @Test func randomStreamsAreUniformAndDistinct() {
        var counts = [Int](repeating: 0, count: 10)
        var random = ReplicateRandom(seed: 1, replicate: 0)
        for _ in 0..<100_000 { counts[random.index(below: 10)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
        var a = ReplicateRandom(seed: 1, replicate: 0)
        var b = ReplicateRandom(seed: 1, replicate: 1)
        #expect((0..<4).map { _ in a.next() } != (0..<4).map { _ in b.next() })
    }

    @Test func thousandReplicatesAreFast() throws {
        let f = try Self.fixture("flchain")
        // A few thousand patients, the size of a held-out test set.
        let n = 3000
        let outcomes = try SurvivalOutcomes(
            time: Array(f.outcomes.time.prefix(n)), event: Array(f.outcomes.event.prefix(n)))
        let candidate = Array(f.score.prefix(n))
        let baseline = Array(f.score2.prefix(n))
        let options = BootstrapOptions(replicates: 1000, seed: 20_241_201, threads: 2)
        let clock = ContinuousClock()
        var result: PairedBootstrap?
        let elapsed = try clock.measure {
            result = try Bootstrap.paired(
                outcomes, candidate: candidate, baseline: baseline, metric: .cIndex, options: options)
        }
        let paired = try #require(result)
        #expect(paired.difference.used == 1000)
        // A guard against a quadratic replicate (hours), not a benchmark: an optimised build
        // needs about 0.15 s of CPU for this.
        #expect(elapsed < .seconds(60))
        print("paired C-index bootstrap, n=\(n), 1000 replicates, 2 threads: \(elapsed)")
    }
}

@Suite struct NormalTests {
    @Test func quantileMatchesScipy() throws {
        for q in try StatsFixtures.reference().normal_quantiles {
            #expect(relativeDifference(Normal.quantile(q.p), q.z) <= 1e-13, "p=\(q.p)")
        }
        #expect(Normal.quantile(0.5) == 0)
        #expect(abs(Normal.cdf(Normal.quantile(0.975)) - 0.975) <= 1e-15)
        #expect(relativeDifference(Normal.twoSidedPValue(Normal.quantile(0.975)), 0.05) <= 1e-13)
    }
}
