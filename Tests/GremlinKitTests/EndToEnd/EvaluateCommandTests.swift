// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// `gremlin evaluate` through the real binary.
@Suite struct EvaluateCommandTests {
    /// A scratch directory holding the example predictions and the contract metrics file.
    static func workspace() throws -> URL {
        let directory = try Fixtures.temporaryDirectory("evaluate")
        try Fixtures.write(try EvaluationReference.csv("candidate"), to: "candidate.csv", in: directory)
        try Fixtures.write(try EvaluationReference.csv("production"), to: "production.csv", in: directory)
        try Fixtures.write(
            try String(contentsOfFile: Fixtures.path("contract/metrics-with-ci.json"), encoding: .utf8),
            to: "production.json", in: directory)
        return directory
    }

    static func json(_ run: Binary.Run) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(run.stdout.utf8))
    }

    @Test func tableWithPairedDifference() throws {
        let ref = try EvaluationReference.load()
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Binary.run(
            ["evaluate", "candidate.csv", "--baseline", "production.csv", "--bootstrap", "200"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "candidate: candidate.csv")
        #expect(lines[1] == "baseline:  production.csv")
        #expect(
            lines[2].hasPrefix(
                "275 patients, 126 events; paired percentile bootstrap, 200 replicates, seed 20241201, 95% CI"))
        #expect(lines[2].hasSuffix("AUROC horizon 1080 (median follow-up)"))
        #expect(lines[4].hasPrefix("metric") && lines[4].contains("delta (paired)"))
        #expect(lines[5].hasPrefix("C-index (Harrell)"))
        #expect(lines[5].contains(String(format: "%.3f [", ref.candidate.c_index)))
        #expect(lines[5].contains(String(format: "%.3f [", ref.production.c_index)))
        #expect(lines[5].contains(String(format: "%+.3f [", ref.candidate.c_index - ref.production.c_index)))
        #expect(
            lines[7].contains(
                String(
                    format: "%.2f [%.2f, %.2f], p < 0.001", ref.candidate.hazard_ratio_per_sd.hazard_ratio,
                    ref.candidate.hazard_ratio_per_sd.ci_lower, ref.candidate.hazard_ratio_per_sd.ci_upper)))
    }

    @Test func jsonHasTheAuditShape() throws {
        let ref = try EvaluationReference.load()
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Binary.run(
            ["evaluate", "candidate.csv", "--baseline", "production.csv", "--bootstrap", "300", "--json"], in: directory
        )
        #expect(run.status == 0, "\(run.stderr)")
        let json = try Self.json(run)
        #expect(abs((json.at("candidate.c_index.value")?.doubleValue ?? 0) - ref.candidate.c_index) <= 1e-12)
        #expect(abs((json.at("baseline.c_index.value")?.doubleValue ?? 0) - ref.production.c_index) <= 1e-12)
        #expect(abs((json.at("candidate.auroc.value")?.doubleValue ?? 0) - ref.candidate.auroc) <= 1e-12)
        #expect(
            relativeDifference(
                json.at("baseline.hazard_ratio_high_vs_low.value")?.doubleValue ?? 0,
                ref.production.hazard_ratio_high_vs_low.hazard_ratio) <= 1e-6)
        for metric in MetricName.allCases.map(\.rawValue) {
            #expect(json.at("delta.\(metric).ci")?.arrayValue?.count == 2, "\(metric)")
            #expect(json.at("delta.\(metric).p_value")?.doubleValue != nil, "\(metric)")
            #expect(json.at("candidate.\(metric).ci")?.arrayValue?.count == 2, "\(metric)")
        }
        #expect(json.at("n")?.intValue == 275)
        #expect(json.at("events")?.intValue == 126)
        #expect(json.at("bootstrap.replicates")?.intValue == 300)
        #expect(json.at("bootstrap.skipped.hazard_ratio_per_sd")?.intValue == 0)
        #expect(json.at("horizon")?.doubleValue == ref.horizon)

        // The same key set as the check's measurements (minus the gate).
        let repo = try EvaluationRepository.example()
        let check = try repo.run("performance", PerformanceCheckTests.section(bootstrap: 300))
        guard case .object(let cli) = json else {
            Issue.record("not an object")
            return
        }
        #expect(Set(cli.keys) == Set(check.measurements.keys).subtracting(["gate"]))
        for path in [
            "candidate.c_index", "baseline.auroc", "delta.c_index", "delta.hazard_ratio_per_sd",
            "candidate.hazard_ratio_per_sd",
        ] {
            #expect(json.at(path) == check.measure(path), "\(path)")
        }
    }

    @Test func sameSeedGivesByteIdenticalJSON() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = [
            "evaluate", "candidate.csv", "--baseline", "production.csv", "--bootstrap", "200", "--seed", "7", "--json",
        ]
        let first = try Binary.run(arguments, in: directory)
        let second = try Binary.run(arguments, in: directory)
        #expect(first.status == 0 && second.status == 0)
        #expect(first.stdout == second.stdout)
        #expect(!first.stdout.isEmpty)
        let other = try Binary.run(
            [
                "evaluate", "candidate.csv", "--baseline", "production.csv", "--bootstrap", "200", "--seed", "8",
                "--json",
            ], in: directory)
        #expect(other.stdout != first.stdout)
        #expect(
            try Self.json(other).at("candidate.c_index.value") == (try Self.json(first).at("candidate.c_index.value")))
    }

    @Test func metricsBaselineAndNoBootstrap() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Binary.run(
            ["evaluate", "candidate.csv", "--baseline", "production.json", "--bootstrap", "0", "--json"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try Self.json(run)
        #expect(json.at("baseline.c_index.ci") == .array([.double(0.66), .double(0.72)]))
        #expect(json.at("candidate.c_index.ci") == .null)
        #expect(json.at("delta.c_index.ci") == .null)
        #expect(json.at("paired")?.boolValue == false)
        #expect(json.at("bootstrap.method")?.stringValue == "none")

        let table = try Binary.run(
            ["evaluate", "candidate.csv", "--baseline", "production.json", "--bootstrap", "0"], in: directory)
        #expect(table.stdout.contains("delta (point)"))
        #expect(
            table.stdout.contains(
                "note: the baseline or the candidate is a metrics file, so no paired bootstrap is possible"))
    }

    @Test func candidateOnlyAndSurvivalScores() throws {
        let ref = try EvaluationReference.load()
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Binary.run(
            ["evaluate", "candidate.csv", "--score", "survival", "--bootstrap", "0", "--horizon", "365", "--json"],
            in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try Self.json(run)
        #expect(abs((json.at("candidate.c_index.value")?.doubleValue ?? 0) - (1 - ref.candidate.c_index)) <= 1e-12)
        #expect(json.at("baseline") == nil)
        #expect(json.at("horizon_source")?.stringValue == "--horizon")
    }

    @Test(arguments: [
        (["evaluate", "missing.csv"], "error: missing.csv: predictions file not found"),
        (["evaluate", "bad.csv"], "error: bad.csv:3:3: time is negative (-5.0) — follow-up time must be zero or more"),
        (
            ["evaluate", "candidate.csv", "--baseline", "short.csv"],
            "score different patients: 274 in both, 1 only in the candidate, 0 only in the baseline"
        ),
        (
            ["evaluate", "candidate.csv", "--baseline", "nan.json"],
            "error: nan.json:1:13: NaN and Infinity are not numbers in JSON"
        ),
        (["evaluate", "candidate.csv", "--confidence", "1.5"], "--confidence must be strictly between 0 and 1"),
        (["evaluate", "candidate.csv", "--bootstrap=-1"], "--bootstrap must be 0 or more"),
    ])
    func badInputExitsTwo(arguments: [String], message: String) throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Fixtures.write("patient_id,time,event,score\nA,1,1,0.5\nB,-5,0,0.1\n", to: "bad.csv", in: directory)
        let production =
            try EvaluationReference.csv("production").split(separator: "\n").dropLast().joined(separator: "\n") + "\n"
        try Fixtures.write(production, to: "short.csv", in: directory)
        try Fixtures.write("{\"c_index\": NaN}", to: "nan.json", in: directory)
        let run = try Binary.run(arguments, in: directory)
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}
