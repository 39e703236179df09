// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The paired bootstrap's numbers, to the last bit, as the implementation before the replicate
/// Cox kernel (`CoxResample`) produced them: every replicate value of every metric (a digest of
/// their bit patterns) and the intervals and p-values (the bits in hex), on the GBSG2 example and
/// on a generated cohort of 10⁵ patients, with 1, 2 and 7 threads.
///
/// The expected values were captured on Linux (glibc's `exp` and `log`); another libm may round
/// a replicate differently.
@Suite struct BootstrapExactnessTests {
    struct Pair {
        let outcomes: SurvivalOutcomes
        let candidate: [Double]
        let baseline: [Double]
    }

    /// FNV-1a over the bit patterns of the values, in replicate order (NaN included).
    static func digest(_ values: [Double]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in values {
            var bits = v.bitPattern
            for _ in 0..<8 {
                h = (h ^ (bits & 0xff)) &* 0x0000_0100_0000_01b3
                bits >>= 8
            }
        }
        return String(h, radix: 16)
    }

    static func hex(_ value: Double) -> String { String(value.bitPattern, radix: 16) }

    /// One line per metric: digests of the candidate's and baseline's replicate values, then the
    /// candidate, baseline and difference intervals (lower, upper, SE) and the p-value in hex.
    static func fingerprint(_ pair: Pair, replicates: Int, threads: Int) throws -> [String] {
        let options = BootstrapOptions(replicates: replicates, seed: 20_241_201, threads: threads)
        let horizon = SurvivalEvaluation.medianFollowUp(pair.outcomes)
        return try MetricName.allCases.map { name in
            let metric = name.metric(horizon: horizon, ties: .efron)
            let values = Bootstrap.replicateValues(
                [
                    metric.prepare(pair.outcomes, score: pair.candidate),
                    metric.prepare(pair.outcomes, score: pair.baseline),
                ],
                patients: pair.outcomes.count, options: options)
            let summary = try Bootstrap.pairedSummary(
                candidate: (try metric.evaluate(pair.outcomes, score: pair.candidate), values[0]),
                baseline: (try metric.evaluate(pair.outcomes, score: pair.baseline), values[1]), options: options)
            let intervals = [summary.candidate, summary.baseline, summary.difference].map {
                [$0.lower, $0.upper, $0.standardError].map(hex).joined(separator: " ")
            }
            return "\(name.rawValue) \(digest(values[0])) \(digest(values[1])) \(intervals.joined(separator: " | "))"
                + " p=\(hex(summary.pValue)) used=\(summary.difference.used)"
        }
    }

    /// The bundled GBSG2 example: candidate.csv and production.csv joined on patient_id.
    static func example() throws -> Pair {
        let folder = Fixtures.packageRoot.appendingPathComponent("examples/cl_unimodal_v2/models/cl_unimodal_v2/eval")
        func rows(_ name: String) throws -> [(id: Substring, time: Double, event: Bool, score: Double)] {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            return try text.split(whereSeparator: \.isNewline).dropFirst().map { line in
                let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                return (
                    cells[0], try #require(Double(cells[1])), cells[2] == "1", try #require(Double(cells[3]))
                )
            }
        }
        let candidate = try rows("candidate.csv")
        let baseline = Dictionary(uniqueKeysWithValues: try rows("production.csv").map { ($0.id, $0.score) })
        return Pair(
            outcomes: try SurvivalOutcomes(time: candidate.map(\.time), event: candidate.map(\.event)),
            candidate: candidate.map(\.score), baseline: try candidate.map { try #require(baseline[$0.id]) })
    }

    /// A cohort like bench's 10⁵ pair, from integers only (so the same on every platform): times
    /// in tenths with many ties, about 70% events, two correlated 6-decimal scores.
    static func generated(patients n: Int) throws -> Pair {
        var random = ReplicateRandom(seed: 14, replicate: 0)
        var time: [Double] = []
        var event: [Bool] = []
        var candidate: [Double] = []
        var baseline: [Double] = []
        for _ in 0..<n {
            let risk = random.index(below: 2001) - 1000
            let base = 1 + random.index(below: 40_000)
            time.append(Double(1 + base * (3000 - risk) / 3000) / 10)
            event.append(random.index(below: 100) < 70)
            candidate.append(Double(risk * 1000 + random.index(below: 800_001) - 400_000) / 1e6)
            baseline.append(Double(risk * 500 + random.index(below: 1_200_001) - 600_000) / 1e6)
        }
        return Pair(
            outcomes: try SurvivalOutcomes(time: time, event: event), candidate: candidate, baseline: baseline)
    }

    static let exampleExpected: [String] = [
        "c_index 78c5a9fdf2f4645a 5b87c1fb446b7f9b 3fe438154003ab93 3fe72a57cf9cfa9a 3f9899a9715c79f6 | "
            + "3fe2bc5ab3083049 3fe6311b920f04b4 3f9c3023e70e8346 | "
            + "bf76dab0ad6f6f23 3fb45855507716d9 3f96523c0c09fc73 p=3fb6872b020c49ba used=1000",
        "auroc 8a5bcab418c92fb7 7d85e57911848b7d 3fe57071b8e176b8 3fe9af11638d57b2 3fa10218f6ddf685 | "
            + "3fe3f15c72dcf5da 3fe88dd83d7b61fb 3fa28be5b2336295 | "
            + "bf98fe0b6178143b 3fb9dd0694a97eeb 3f9f81f43f3e7588 p=3fcb22d0e5604189 used=1000",
        "hazard_ratio_per_sd 22d96ed5e7d82251 a1d10c211153d087 3ff99c4d5e814bc6 4002911a7fa7cfca 3fc812579cb48e65 | "
            + "3ff3c19965708d07 3ffdde8d94abfbbc 3fc3c6e64cd91b1f | "
            + "3fb3e4a3a0ef062a 3fece58ff0e37386 3fc9f59be7ddbb08 p=3f9a9fbe76c8b439 used=1000",
        "hazard_ratio_high_vs_low 6a0b799cb3b9833c d008d7c814bf562e 3ffb797ee5de9012 400d7e08150e8429 3fe0444ae61e581d | "
            + "3ff98aa4fe854729 400bddfa30fc7bf0 3fdfcd4aae6bf555 | "
            + "bfef02cc973290f1 3ff4fdd2153bdb09 3fe1e6c8c9362774 p=3fe6353f7ced9168 used=1000",
    ]

    static let generatedExpected: [String] = [
        "c_index 4878084121eb0e49 2f0739ec4bfc4ddd 3fe2cadaa00468db 3fe2e7babd166bef 3f52eb9321dd23ac | "
            + "3fe1cd5147271a2a 3fe1edd315941262 3f52c9ecb494a755 | "
            + "3f9e4dd48be75c32 3fa0bc2a287e4b0c 3f510c00eb729a99 p=0 used=20",
        "auroc 6a2dfcc0b77017a1 9a103e7ae1a267d0 3fe3528f8a7a8d29 3fe37cf4a466b853 3f5ce05e19361c08 | "
            + "3fe22c07189bf76a 3fe261ff82dfcb8b 3f605768519e09d5 | "
            + "3fa1124b2e072b9a 3fa3eba1f04df8be 3f5d1055776f8f2c p=0 used=20",
        "hazard_ratio_per_sd b961f250c7eac3d3 7fb758763dcb63 3ff858824bafa5b0 3ff8ad86ac252dbe 3f7bfc2f64792774 | "
            + "3ff4a11daaa88bf9 3ff4d32e5affe603 3f6f306fe9ecb119 | "
            + "3fcd29ee496036c3 3fcf3e0f32ee72fc 3f74d4021b192b6c p=0 used=20",
        "hazard_ratio_high_vs_low 6ff80ed39c5d2c25 e5d8031d5a598f8a 3ffffd1aae244f28 40007a31d7a52442 3f9158efc986704b | "
            + "3ff6aacd5a395f5d 3ff7427df3c1452f 3f86650300d3f95f | "
            + "3fe22cc936eff111 3fe3b818c6c3a454 3f8dd17bea929298 p=0 used=20",
    ]

    @Test(arguments: [1, 2, 7])
    func gbsg2ExampleIsBitIdentical(threads: Int) throws {
        let lines = try Self.fingerprint(Self.example(), replicates: 1000, threads: threads)
        #expect(lines == Self.exampleExpected)
    }

    /// 10⁵ patients with 20 replicates (not 1000: a debug build takes about a second a replicate).
    @Test(arguments: [1, 2, 7])
    func generatedHundredThousandIsBitIdentical(threads: Int) throws {
        let lines = try Self.fingerprint(Self.generated(patients: 100_000), replicates: 20, threads: threads)
        #expect(lines == Self.generatedExpected)
    }
}
