// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The point fit (`CoxSolver.solveUnweighted`) is the general weighted solver with every weight 1,
/// bit for bit: same coefficient, standard error, likelihoods, iterations and errors.
@Suite struct CoxPointFitTests {
    /// Tied times (one decimal), ~30 % censored, a score with signal and some repeated values.
    static func cohort(_ n: Int, seed: UInt64) throws -> (SurvivalOutcomes, [Double]) {
        var generator = SplitMix(seed: seed)
        var time: [Double] = []
        var event: [Bool] = []
        var score: [Double] = []
        for _ in 0..<n {
            let s = Double(generator.next() % 20_001) / 10_000 - 1 + (generator.next() % 5 == 0 ? 0 : 0.5)
            let u = (Double(generator.next() % 1_000_000) + 0.5) / 1_000_000
            let t = -log(u) * 100 * exp(-0.7 * s)
            score.append(s)
            time.append((t * 10).rounded() / 10)
            event.append(generator.next() % 10 >= 3)
        }
        return (try SurvivalOutcomes(time: time, event: event), score)
    }

    static func bits(_ fit: CoxFit) -> [UInt64] {
        [
            fit.coefficient, fit.standardError, fit.hazardRatio, fit.lower, fit.upper, fit.z, fit.pValue,
            fit.logLikelihood, fit.nullLogLikelihood,
        ].map(\.bitPattern)
    }

    static func expectSame(_ fast: Result<CoxFit, Error>, _ general: Result<CoxFit, Error>, _ label: String) {
        switch (fast, general) {
        case (.success(let a), .success(let b)):
            #expect(bits(a) == bits(b), "\(label)")
            #expect(a == b, "\(label)")
        case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)", "\(label)")
        default: Issue.record("\(label): \(fast) vs \(general)")
        }
    }

    @Test(arguments: [(5, 1), (60, 2), (1_000, 3), (50_000, 4)] as [(Int, UInt64)])
    func pointFitIsTheGeneralFitBitForBit(n: Int, seed: UInt64) throws {
        let (outcomes, score) = try Self.cohort(n, seed: seed)
        let (mean, sd) = meanAndSampleSD(score)
        let median = numpyMedian(score)
        let covariates: [(String, [Double])] = [
            ("per SD", score.map { ($0 - mean) / sd }),
            ("high vs low", score.map { $0 > median ? 1.0 : 0.0 }),
            ("raw", score),
        ]
        for ties in TieMethod.allCases {
            let options = CoxOptions(ties: ties)
            for (name, x) in covariates {
                let label = "n = \(n), \(ties), \(name)"
                let fast = Result {
                    try CoxRegression.fit(outcomes, covariate: x, options: options, field: "x", generalPath: false)
                }
                let general = Result {
                    try CoxRegression.fit(outcomes, covariate: x, options: options, field: "x", generalPath: true)
                }
                if n >= 1_000, case .failure(let error) = general { Issue.record("\(label): \(error)") }
                Self.expectSame(fast, general, label)
            }
        }
    }

    @Test func twoLevelsFindsExactlyTwoValues() {
        func levels(_ x: [Double]) -> [UInt64]? {
            x.withUnsafeBufferPointer { CoxSolver.twoLevels($0) }.map { [$0.0.bitPattern, $0.1.bitPattern] }
        }
        #expect(levels([]) == nil)
        #expect(levels([1, 1, 1]) == nil)
        #expect(levels([0.5, -0.5, 0.5, -0.5]) == [Double(0.5).bitPattern, Double(-0.5).bitPattern])
        #expect(levels([0.5, -0.5, 0.25]) == nil)
        #expect(levels([0.0, -0.0]) == [Double(0).bitPattern, Double(-0.0).bitPattern])
    }
}
