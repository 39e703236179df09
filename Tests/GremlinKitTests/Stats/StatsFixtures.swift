// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The reference values written by Tests/reference/make_stats_refs.py.
struct StatsReference: Decodable {
    struct Versions: Decodable {
        let python: String
        let lifelines: String
        let sksurv: String
        let sklearn: String
        let numpy: String
        let statsmodels: String
    }

    struct CIndex: Decodable {
        let sksurv: Double
        let lifelines: Double
        let concordant: Int
        let discordant: Int
        let tied_risk: Int
        let tied_time: Int
        let comparable: Int
    }

    struct Cox: Decodable {
        let coef: Double
        let se: Double
        let p: Double
        let log_likelihood: Double
        let hazard_ratio: Double?
        let ci_lower: Double?
        let ci_upper: Double?
        let z: Double?
        let null_log_likelihood: Double?
        // per-SD and high-vs-low extras
        let sd: Double?
        let median: Double?
        let n_high: Int?
    }

    struct Auroc: Decodable {
        let horizon: Double
        let auroc: Double
        let positives: Int
        let negatives: Int
        let excluded: Int
    }

    struct Percentiles: Decodable {
        let q: [Double]
        let values: [Double]
    }

    struct ScoreRefs: Decodable {
        let cindex: CIndex
        let cox_efron: Cox
        let cox_efron_statsmodels: Cox
        let cox_breslow_statsmodels: Cox
        let per_sd: Cox
        let high_vs_low: Cox
        let auroc: Auroc
        let percentiles: Percentiles
    }

    struct Dataset: Decodable {
        let file: String
        let n: Int
        let events: Int
        let score: ScoreRefs
        let score2: ScoreRefs
    }

    struct NormalQuantile: Decodable {
        let p: Double
        let z: Double
    }

    let versions: Versions
    let datasets: [String: Dataset]
    let normal_quantiles: [NormalQuantile]
}

/// One fixture cohort: outcomes and its two real scores.
struct StatsFixture {
    let name: String
    let outcomes: SurvivalOutcomes
    let score: [Double]
    let score2: [Double]
    let reference: StatsReference.Dataset

    /// (column name, scores, references) for both score columns.
    var columns: [(String, [Double], StatsReference.ScoreRefs)] {
        [("score", score, reference.score), ("score2", score2, reference.score2)]
    }
}

enum StatsFixtures {
    static func url(_ name: String) throws -> URL {
        let base = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        return try #require(Bundle.module.url(forResource: base, withExtension: ext, subdirectory: "Fixtures/stats"))
    }

    static func reference() throws -> StatsReference {
        try JSONDecoder().decode(StatsReference.self, from: Data(contentsOf: url("reference.json")))
    }

    /// Every dataset in reference.json with its CSV parsed (header `time,event,score,score2`).
    static func all() throws -> [StatsFixture] {
        let ref = try reference()
        return try ref.datasets.sorted(by: { $0.key < $1.key }).map { name, entry in
            let text = try String(contentsOf: url(entry.file), encoding: .utf8)
            var lines = text.split(separator: "\n")
            #expect(lines.removeFirst() == "time,event,score,score2")
            var time: [Double] = []
            var event: [Bool] = []
            var s1: [Double] = []
            var s2: [Double] = []
            for line in lines {
                let f = line.split(separator: ",")
                try #require(f.count == 4)
                time.append(try #require(Double(f[0])))
                event.append(f[1] == "1")
                s1.append(try #require(Double(f[2])))
                s2.append(try #require(Double(f[3])))
            }
            #expect(time.count == entry.n)
            return StatsFixture(
                name: name, outcomes: try SurvivalOutcomes(time: time, event: event),
                score: s1, score2: s2, reference: entry)
        }
    }
}

/// The O(n²) definition of Harrell's C, straight from the SPEC; used only to cross-check.
func bruteForceConcordance(time: [Double], event: [Bool], score: [Double]) -> Concordance {
    var concordant = 0
    var discordant = 0
    var tied = 0
    var tiedTime = 0
    for i in time.indices where event[i] {
        for j in time.indices where j != i {
            let comparable = time[i] < time[j] || (time[i] == time[j] && !event[j])
            guard comparable else { continue }
            if time[i] == time[j] { tiedTime += 1 }
            if score[i] > score[j] {
                concordant += 1
            } else if score[i] < score[j] {
                discordant += 1
            } else {
                tied += 1
            }
        }
    }
    return Concordance(concordant: concordant, discordant: discordant, tiedRisk: tied, tiedTime: tiedTime)
}

/// A small seeded generator for randomized tests.
struct TestRandom {
    private var random: ReplicateRandom
    init(seed: UInt64) { random = ReplicateRandom(seed: seed, replicate: 0) }
    mutating func int(_ bound: Int) -> Int { random.index(below: bound) }
    mutating func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
    mutating func bool(_ p: Double) -> Bool { uniform() < p }
}

/// |a − b| / max(|b|, tiny): relative difference for reference comparisons.
func relativeDifference(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(abs(b), 1e-300)
}
