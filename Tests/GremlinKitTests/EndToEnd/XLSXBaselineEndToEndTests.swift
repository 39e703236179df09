// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// An Excel baseline gives the same numbers as the equivalent JSON metrics file, through the real
/// binary: `gremlin evaluate --baseline` and `gremlin audit` on a committed repository.
@Suite struct XLSXBaselineEndToEndTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("xlsx/\(name)"))))
    }

    @Test func evaluateReadsAnXLSXBaselineAsItsJSONTwin() throws {
        let directory = try EvaluateCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["base.xlsx", "not-a-number.xlsx", "metrics.xlsx"] {
            try Data(try Self.fixture(name)).write(to: directory.appendingPathComponent(name))
        }
        let json = try Binary.run(
            ["evaluate", "candidate.csv", "--baseline", "production.json", "--bootstrap", "0", "--json"], in: directory)
        let xlsx = try Binary.run(
            ["evaluate", "candidate.csv", "--baseline", "base.xlsx", "--bootstrap", "0", "--json"], in: directory)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(xlsx.status == 0, "\(xlsx.stderr)")
        #expect(xlsx.stdout == json.stdout)
        let parsed = try EvaluateCommandTests.json(xlsx)
        #expect(parsed.at("baseline.c_index.ci") == .array([.double(0.66), .double(0.72)]))
        #expect(parsed.at("baseline.hazard_ratio.value") == .double(1.41))

        let wide = try Binary.run(
            [
                "evaluate", "candidate.csv", "--baseline", "metrics.xlsx", "--baseline-sheet", "Wide",
                "--baseline-row", "prod_v1", "--bootstrap", "0", "--json",
            ], in: directory)
        #expect(wide.status == 0, "\(wide.stderr)")
        #expect(try EvaluateCommandTests.json(wide).at("baseline.c_index") == parsed.at("baseline.c_index"))

        let bad = try Binary.run(
            ["evaluate", "candidate.csv", "--baseline", "not-a-number.xlsx", "--bootstrap", "0"], in: directory)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("error: not-a-number.xlsx!Sheet!C4: 'n/a' is not a number"), "\(bad.stderr)")
        #expect(bad.stdout.isEmpty)

        let misplaced = try Binary.run(
            ["evaluate", "candidate.csv", "--baseline", "production.json", "--baseline-sheet", "Wide"], in: directory)
        #expect(misplaced.status == 2)
        #expect(misplaced.stderr.contains("--baseline-sheet and --baseline-row need an .xlsx --baseline"))
    }

    /// `gremlin audit --only performance` with the baseline's metrics in `baseline` (a file name).
    static func audit(
        baseline: String, bytes: [UInt8], extra: String = ""
    ) throws -> (
        status: Int32, text: String, performance: JSONValue?
    ) {
        let repo = try GitFixture()
        try repo.write("models/m/eval/candidate.csv", try EvaluationReference.csv("candidate"))
        try repo.write("models/m/eval/\(baseline)", bytes: bytes)
        try repo.write(
            "models/m/release.yaml",
            "apiVersion: gremlin/v1\nkind: ModelRelease\nmodel:\n  name: m\n  version: 1.0.0\nevaluation:\n"
                + "  candidate:\n    predictions: eval/candidate.csv\n  baseline:\n    name: prod_v1\n"
                + "    metrics: eval/\(baseline)\n\(extra)")
        try repo.write(
            "policy.yaml",
            AuditHarness.policy(
                "  performance:\n    metric: c_index\n    min_delta: -0.5\n    absolute_min: 0.60\n    bootstrap: 0\n"))
        try repo.commit("feat(eval): release evidence")
        let run = try Binary.run(
            [
                "audit", "--manifest", "models/m/release.yaml", "--policy", "policy.yaml", "--only", "performance",
                "--out", "out",
            ], in: repo.url(""), environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        let data = FileManager.default.contents(atPath: repo.url("out/audit.json").path)
        let json = data.flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) }
        let performance = json?["checks"]?.arrayValue?.first { $0["id"]?.stringValue == "performance" }
        return (run.status, run.stdout + run.stderr, performance)
    }

    @Test func auditReadsAnXLSXBaselineAsItsJSONTwin() throws {
        let json = try Self.audit(
            baseline: "production.json",
            bytes: Array(
                try String(contentsOfFile: Fixtures.path("contract/metrics-with-ci.json"), encoding: .utf8).utf8))
        let xlsx = try Self.audit(baseline: "production.xlsx", bytes: try Self.fixture("base.xlsx"))
        #expect(json.status == 0, "\(json.text)")
        #expect(xlsx.status == 0, "\(xlsx.text)")
        let measurements = try #require(xlsx.performance?["measurements"])
        #expect(measurements["baseline"] == json.performance?["measurements"]?["baseline"])
        #expect(measurements["delta"] == json.performance?["measurements"]?["delta"])
        #expect(measurements["baseline"]?["c_index"]?["value"] == .double(0.69))
        #expect(xlsx.performance?["status"] == json.performance?["status"])

        // The wide sheet's row is the one named after the baseline (`name: prod_v1`).
        let wide = try Self.audit(
            baseline: "metrics.xlsx", bytes: try Self.fixture("metrics.xlsx"), extra: "    sheet: Wide\n")
        #expect(wide.status == 0, "\(wide.text)")
        #expect(wide.performance?["measurements"]?["baseline"]?["c_index"] == measurements["baseline"]?["c_index"])

        let bad = try Self.audit(baseline: "production.xlsx", bytes: try Self.fixture("formula-uncached.xlsx"))
        #expect(bad.status == 2, "\(bad.text)")
        #expect(bad.text.contains("production.xlsx!Sheet!B2: formula without a cached value"), "\(bad.text)")
    }
}
