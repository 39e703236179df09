// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// What the performance gate trusts: the cohort, the baseline's source, each model's score
/// direction, and scores too large to be model outputs.
@Suite struct PerformanceTrustTests {
    static let csv = "patient_id,time,event,score\nA,1,1,0.9\nB,2,0,0.1\nC,3,1,0.7\nD,4,0,0.2\nE,5,1,0.3\nF,6,0,0.4\n"

    static func repository(splits: String, files: [String: String]) throws -> EvaluationRepository {
        try EvaluationRepository(
            evaluation: "  candidate:\n    predictions: c.csv\n  baseline:\n    predictions: b.csv\n" + splits,
            files: ["c.csv": csv, "b.csv": csv].merging(files) { _, new in new })
    }

    @Test func cohortFromAnAssignmentsFileComparesNormalisedIDs() throws {
        // BOM, CRLF, padding and a zero-width space are the same patients as the split reader sees them.
        let assignments =
            "\u{FEFF}patient_id,split\r\n A ,test\r\nB,TEST\r\nC\u{200B},test\r\nD,test\r\nE,test\r\nF,test\r\nG,train\r\n"
        let repo = try Self.repository(
            splits: "splits:\n  assignments: a.csv\n  split_column: split", files: ["a.csv": assignments])
        let pinned = try repo.run("performance", PerformanceCheckTests.section("cohort: test", bootstrap: 0))
        #expect(!pinned.findings.contains { $0.rule == "performance.cohort-mismatch" }, "\(pinned.findings)")
        // One more test patient than the predictions hold: counted, never named.
        let more = try Self.repository(
            splits: "splits:\n  assignments: a.csv\n  split_column: split",
            files: ["a.csv": assignments.replacingOccurrences(of: "G,train", with: "G,test")])
        let result = try more.run("performance", PerformanceCheckTests.section("cohort: test", bootstrap: 0))
        let mismatch = result.findings.filter { $0.rule == "performance.cohort-mismatch" }
        #expect(mismatch.count == 2)
        let candidate = try #require(mismatch.first { $0.location?.path == "models/m/c.csv" })
        #expect(candidate.message.hasPrefix("the candidate's predictions (6 patients) are not the declared test split"))
        #expect(candidate.message.contains("(models/m/a.csv, 7 patients): 6 in both, 1 of the test split missing"))
        #expect(mismatch.contains { $0.location?.path == "models/m/b.csv" && $0.message.hasPrefix("the baseline's") })
        #expect(result.measure("gate.cohort")?.stringValue == "test")
        // A metrics-file candidate cannot show its patients: an error, not a pass.
        let metrics = try EvaluationRepository(
            evaluation: "  candidate:\n    metrics: c.json\n  baseline:\n    predictions: b.csv\n"
                + "splits:\n  assignments: a.csv\n  split_column: split",
            files: ["c.json": "{\"c_index\": 0.9}\n", "b.csv": Self.csv, "a.csv": assignments])
        let unseen = try metrics.run("performance", PerformanceCheckTests.section("cohort: test", bootstrap: 0))
        #expect(unseen.status == .error)
        #expect(unseen.summary.contains("the candidate is a metrics file"), "\(unseen.summary)")
        // The default `cohort: any` keeps today's verdict.
        let open = try more.run("performance", PerformanceCheckTests.section(bootstrap: 0))
        #expect(!open.findings.contains { $0.rule == "performance.cohort-mismatch" })
    }

    @Test func metricsBaselineIsAcceptedOnlyWhenTrusted() throws {
        let repo = try EvaluationRepository(
            evaluation: "  candidate:\n    predictions: c.csv\n  baseline:\n    metrics: b.json\n",
            files: ["c.csv": Self.csv, "b.json": "{\"c_index\": 0.6}\n"])
        let open = try repo.run("performance", PerformanceCheckTests.section("absolute_min: 0.1", bootstrap: 0))
        #expect(open.status == .pass, "\(open.summary)")
        let release = try repo.run(
            "performance",
            PerformanceCheckTests.section("absolute_min: 0.1\nbaseline_from: [predictions, registry]", bootstrap: 0))
        #expect(release.status == .fail)
        #expect(release.findings.map(\.rule) == ["performance.untrusted-baseline"])
        #expect(release.findings.first?.location?.path == "models/m/b.json")
        #expect(release.measure("baseline_source")?.stringValue == "metrics")
        #expect(release.summary == "baseline from an untrusted source (metrics); the models were not compared")
        // Predictions are trusted there.
        let paired = try Self.repository(splits: "", files: [:])
        let trusted = try paired.run(
            "performance",
            PerformanceCheckTests.section(
                "absolute_min: 0.1\nmin_delta: -1\nbaseline_from: [predictions, registry]", bootstrap: 0))
        #expect(trusted.status == .pass, "\(trusted.summary)")
    }

    /// A paired delta undefined on one side says why, in a whole sentence.
    @Test func undefinedDeltaNamesTheSideAndTheReason() throws {
        let outcomes = try SurvivalOutcomes(time: [1, 2, 3, 4, 5, 6], event: [true, false, true, false, true, false])
        let evaluation = SurvivalEvaluation.paired(
            outcomes, candidate: [0.9, 0.1, 0.7, 0.2, 0.3, 0.4], baseline: [1, 1, 1, 1, 1, 1],
            options: EvaluationOptions(bootstrap: 0, horizon: 3))
        let problem = try #require(evaluation.delta[.hazardRatioPerSD]?.problem)
        #expect(
            problem
                == "undefined because the baseline's hazard_ratio_per_sd is undefined: score takes a single value, "
                + "so a hazard ratio cannot be estimated; check that the scores vary")
    }

    /// Property: wherever an extreme or non-finite score is planted, among quoted multi-line
    /// cells and any line ending, the error names the file line (header = line 1) and column of
    /// the planted cell.
    @Test func plantedScoreIsNamedAtItsFileLine() throws {
        var generator = SplitMix(seed: 16)
        let planted = ["1e308", "-1e308", "5e300", "1e200", "-3e155", "NaN", "inf", "-Infinity"]
        for trial in 0..<200 {
            let ending = ["\n", "\r\n"][Int(generator.next() % 2)]
            let rows = 2 + Int(generator.next() % 40)
            let target = Int(generator.next() % UInt64(rows))
            let value = planted[Int(generator.next() % UInt64(planted.count))]
            var text = "patient_id,time,event,note,score" + ending
            var line = 1
            var expected: (line: Int, column: Int)?
            for row in 0..<rows {
                line += 1
                let multiLine = generator.next() % 4 == 0
                let note = multiLine ? "\"two\(ending)lines\"" : "n\(row)"
                let score = row == target ? value : String(format: "%.3f", Double(generator.next() % 1000) / 100)
                let prefix = "P\(row),\(row + 1),\(row % 2),\(note),"
                if multiLine { line += 1 }
                if row == target {
                    let lastLine = prefix.components(separatedBy: ending).last ?? prefix
                    expected = (line, lastLine.count + 1)
                }
                text += prefix + score + ending
            }
            do {
                _ = try PredictionsReader.parse(Data(text.utf8), file: "p.csv")
                Issue.record("trial \(trial): \(value) was accepted")
            } catch let error as InputError {
                #expect(error.line == expected?.line, "trial \(trial): \(value) at \(String(describing: expected))")
                #expect(error.column == expected?.column, "trial \(trial): \(value)")
                #expect(error.message.hasPrefix("score is"), "\(error.message)")
                #expect(!error.message.contains("P\(target)"))
            }
        }
    }
}
