// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Martingale residuals and O/E against lifelines (Tests/reference/make_residual_refs.py), on the
/// real cohorts the other statistics tests use.
@Suite struct CalibrationTests {
    struct Reference: Decodable {
        struct Group: Decodable {
            let n: Int
            let observed: Int
            let expected: Double
            let ratio: Double
            let lower: Double
            let upper: Double
        }

        struct Dataset: Decodable {
            let coef: Double
            let residuals: [Double]
            let groups: [String: Group]
        }

        let datasets: [String: Dataset]
    }

    static let reference: Reference? = {
        guard let url = try? StatsFixtures.url("residuals.json"), let data = try? Data(contentsOf: url) else {
            return nil
        }
        return try? JSONDecoder().decode(Reference.self, from: data)
    }()

    @Test func residualsAndObservedExpectedMatchLifelines() throws {
        let reference = try #require(Self.reference)
        let fixtures = try StatsFixtures.all().filter { reference.datasets[$0.name] != nil }
        #expect(fixtures.count >= 4)
        for fixture in fixtures {
            let expected = try #require(reference.datasets[fixture.name])
            let calibration = try Recalibration(fixture.outcomes, score: fixture.score)
            #expect(relativeDifference(calibration.fit.coefficient, expected.coef) < 1e-6, "\(fixture.name)")
            #expect(calibration.residuals.count == expected.residuals.count)
            let worst = zip(calibration.residuals, expected.residuals).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst < 1e-9, "\(fixture.name): largest residual difference \(worst)")

            let sorted = fixture.score2.sorted()
            let n = sorted.count
            let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
            for (level, group) in expected.groups {
                let rows = fixture.score2.indices.filter { (fixture.score2[$0] > median) == (level == "high") }
                let oe = ObservedExpected(calibration, outcomes: fixture.outcomes, rows: rows)
                #expect(rows.count == group.n)
                #expect(oe.observed == group.observed, "\(fixture.name) \(level)")
                #expect(abs(oe.expected - group.expected) < 1e-8, "\(fixture.name) \(level)")
                #expect(abs((oe.ratio ?? .nan) - group.ratio) < 1e-9, "\(fixture.name) \(level)")
                #expect(abs((oe.lower ?? .nan) - group.lower) < 1e-9, "\(fixture.name) \(level)")
                #expect(abs((oe.upper ?? .nan) - group.upper) < 1e-9, "\(fixture.name) \(level)")
            }
        }
    }

    /// Residuals sum to zero over the cohort (the Breslow estimator's defining property), and
    /// the whole cohort's O/E is 1.
    @Test func wholeCohortIsCalibratedByConstruction() throws {
        for fixture in try StatsFixtures.all() {
            let calibration = try Recalibration(fixture.outcomes, score: fixture.score)
            #expect(abs(calibration.residuals.reduce(0, +)) < 1e-8, "\(fixture.name)")
            let oe = ObservedExpected(calibration, outcomes: fixture.outcomes, rows: Array(fixture.score.indices))
            #expect(abs((oe.ratio ?? 0) - 1) < 1e-10)
            #expect(oe.lower ?? 2 < 1 && oe.upper ?? 0 > 1 && !oe.excludesOne)
        }
    }

    @Test func chiSquareQuantilesMatchKnownValues() {
        // scipy.stats.chi2.ppf
        #expect(abs(ChiSquare.quantile(0.975, degreesOfFreedom: 1) - 5.023886187314888) < 1e-10)
        #expect(abs(ChiSquare.quantile(0.025, degreesOfFreedom: 2) - 0.05063561596857975) < 1e-12)
        #expect(abs(ChiSquare.quantile(0.5, degreesOfFreedom: 400) - 399.3335312249314) < 1e-8)
        #expect(abs(ChiSquare.quantile(0.975, degreesOfFreedom: 2) - 7.377758908227871) < 1e-10)
    }
}
