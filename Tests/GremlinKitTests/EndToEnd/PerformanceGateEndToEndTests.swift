// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The performance gate steered by its inputs (issue 16, items 11–14), through the real binary
/// on a committed repository: each steer passed before and now blocks (exit 1) or errors (exit 2).
@Suite struct PerformanceGateEndToEndTests {
    /// A model repository: manifest at models/m/release.yaml, evidence under models/m/, a policy.
    struct GateRepo {
        let repo: GitFixture

        init(
            evaluation: String, files: [String: String], splits: String? = "  test: splits/test.csv", policy: String
        )
            throws
        {
            repo = try GitFixture()
            var all = files.reduce(into: [String: String]()) { $0["models/m/\($1.key)"] = $1.value }
            all["models/m/release.yaml"] =
                "apiVersion: gremlin/v1\nkind: ModelRelease\nmodel:\n  name: m\n  version: 1.0.0\nevaluation:\n"
                + evaluation + "\n" + (splits.map { "splits:\n\($0)\n" } ?? "")
            all["policy.yaml"] = AuditHarness.policy(
                "  performance:\n" + policy.split(separator: "\n").map { "    \($0)" }.joined(separator: "\n") + "\n")
            try repo.commit("feat(eval): release evidence", files: all)
        }

        /// `gremlin audit --only performance`; stdout, stderr and audit.json together.
        func audit() throws -> (status: Int32, text: String, json: JSONValue?) {
            let run = try Binary.run(
                [
                    "audit", "--manifest", "models/m/release.yaml", "--policy", "policy.yaml", "--only", "performance",
                    "--out", "out",
                ], in: repo.url(""), environment: ["SOURCE_DATE_EPOCH": "1700000000"])
            let data = FileManager.default.contents(atPath: repo.url("out/audit.json").path)
            let json = data.flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) }
            let report = data.map { String(decoding: $0, as: UTF8.self) } ?? ""
            let markdown =
                FileManager.default.contents(atPath: repo.url("out/audit.md").path)
                .map { String(decoding: $0, as: UTF8.self) } ?? ""
            return (run.status, run.stdout + run.stderr + report + markdown, json)
        }
    }

    static let gate = "metric: c_index\nmin_delta: 0.0\nabsolute_min: 0.60\nbootstrap: 0"
    static let paired =
        "  candidate:\n    predictions: eval/candidate.csv\n  baseline:\n    predictions: eval/production.csv"

    /// 200 patients; the candidate is better than production on 160 of them and wild on every
    /// fifth ("hard") patient, so on all 200 it loses (C 0.770 vs 0.912) and without the hard
    /// ones it wins (0.938 vs 0.912).
    static func cohort(dropHard: Bool) -> (candidate: String, production: String, test: String) {
        var candidate = "patient_id,time,event,score\n"
        var production = candidate
        var test = "patient_id\n"
        for i in 0..<200 {
            let time = Double(i + 1)
            let event = i % 3 != 2 ? 1 : 0
            let prod = -time + Double((i * 7919) % 97) / 97 * 60
            var cand = -time + Double((i * 104_729) % 89) / 89 * 40
            if i % 5 == 0 { cand = -cand * 0.5 }
            let id = String(format: "S%03d", i)
            test += id + "\n"
            if dropHard && i % 5 == 0 { continue }
            candidate += String(format: "%@,%.0f,%d,%.6f\n", id, time, event, cand)
            production += String(format: "%@,%.0f,%d,%.6f\n", id, time, event, prod)
        }
        return (candidate, production, test)
    }

    static func rules(_ json: JSONValue?) -> [String] {
        guard case .array(let checks)? = json?["checks"] else { return [] }
        return checks.flatMap { check -> [String] in
            guard case .array(let findings)? = check["findings"] else { return [] }
            return findings.compactMap { $0["rule"]?.stringValue }
        }
    }

    // MARK: - Item 11: the evaluation cohort is the declared test split

    @Test func droppingHardPatientsFromBothFilesNowBlocks() throws {
        let subset = Self.cohort(dropHard: true)
        let files = [
            "eval/candidate.csv": subset.candidate, "eval/production.csv": subset.production,
            "splits/test.csv": subset.test,
        ]
        // Before: a policy that does not pin the cohort passes the subset (+0.027).
        let open = try GateRepo(evaluation: Self.paired, files: files, policy: Self.gate).audit()
        #expect(open.status == 0, "\(open.text)")
        // Now: the release policy's `cohort: test` blocks it, with counts and no patient ID.
        let pinned = try GateRepo(evaluation: Self.paired, files: files, policy: Self.gate + "\ncohort: test").audit()
        #expect(pinned.status == 1, "\(pinned.text)")
        #expect(Self.rules(pinned.json) == ["performance.cohort-mismatch", "performance.cohort-mismatch"])
        #expect(
            pinned.text.contains(
                "the candidate's predictions (160 patients) are not the declared test split (models/m/splits/test.csv, "
                    + "200 patients): 160 in both, 40 of the test split missing from the predictions, 0 not in the test split"
            ))
        #expect(!pinned.text.contains("S000") && !pinned.text.contains("S005"))
        // The whole test split gives the true verdict: the candidate loses.
        let full = Self.cohort(dropHard: false)
        let honest = try GateRepo(
            evaluation: Self.paired,
            files: [
                "eval/candidate.csv": full.candidate, "eval/production.csv": full.production,
                "splits/test.csv": full.test,
            ],
            policy: Self.gate + "\ncohort: test"
        ).audit()
        #expect(honest.status == 1)
        #expect(Self.rules(honest.json) == ["performance.min-delta"])
    }

    @Test func cohortTestWithoutADeclaredTestSplitIsAnError() throws {
        let full = Self.cohort(dropHard: false)
        let files = ["eval/candidate.csv": full.candidate, "eval/production.csv": full.production]
        let none = try GateRepo(
            evaluation: Self.paired, files: files, splits: nil, policy: Self.gate + "\ncohort: test"
        )
        .audit()
        #expect(none.status == 2)
        #expect(none.text.contains("splits.test"), "\(none.text)")
        #expect(none.text.contains("checks.performance.cohort is test, but the manifest has no splits section"))
        let noTest = try GateRepo(
            evaluation: Self.paired, files: files.merging(["splits/train.csv": full.test]) { a, _ in a },
            splits: "  train: splits/train.csv", policy: Self.gate + "\ncohort: test"
        ).audit()
        #expect(noTest.status == 2)
        #expect(noTest.text.contains("the manifest's splits name no `test` file"), "\(noTest.text)")
    }

    // MARK: - Item 12: the score direction is declared per model

    static func negated(_ csv: String) -> String {
        csv.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            guard index > 0, !line.isEmpty else { return String(line) }
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[3] = fields[3].hasPrefix("-") ? String(fields[3].dropFirst()) : "-" + fields[3]
            return fields.joined(separator: ",")
        }.joined(separator: "\n")
    }

    @Test func scoreDirectionPerModel() throws {
        let candidate = try EvaluationReference.csv("candidate")
        let production = try EvaluationReference.csv("production")
        // A survival-scored candidate against a risk-scored production model, each declared.
        let mixed = try GateRepo(
            evaluation: Self.paired.replacingOccurrences(
                of: "eval/candidate.csv", with: "eval/candidate.csv\n    score: survival"),
            files: ["eval/candidate.csv": Self.negated(candidate), "eval/production.csv": production],
            splits: nil, policy: Self.gate
        ).audit()
        #expect(mixed.status == 0, "\(mixed.text)")
        let performance = mixed.json?["checks"]?.arrayValue?.first { $0["id"]?.stringValue == "performance" }
        #expect(performance?["measurements"]?["score"]?.stringValue == "survival")
        #expect(performance?["measurements"]?["baseline_score"]?.stringValue == "risk")
        #expect(
            mixed.text.contains("candidate score: survival (negated to risks); baseline score: risk (higher = worse)"))
        // One `score: survival` flipping both risk-scored models: production below chance blocks.
        let flipped = try GateRepo(
            evaluation: Self.paired + "\n  score: survival",
            files: ["eval/candidate.csv": candidate, "eval/production.csv": production], splits: nil, policy: Self.gate
        ).audit()
        #expect(flipped.status == 1)
        #expect(Self.rules(flipped.json).filter { $0 == "performance.inverted-score" }.count == 2)
        // Flipping production only, by its own key: it is flagged and named by that key.
        let one = try GateRepo(
            evaluation: Self.paired + "\n    score: survival",
            files: ["eval/candidate.csv": candidate, "eval/production.csv": production], splits: nil, policy: Self.gate
        ).audit()
        #expect(one.status == 1)
        #expect(Self.rules(one.json) == ["performance.inverted-score"])
        #expect(one.text.contains("the manifest says score: survival at evaluation.baseline.score"))
    }

    // MARK: - Item 13: the policy names the baseline sources it trusts

    @Test func handWrittenBaselineMetricsAreUntrustedUnderTheReleasePolicy() throws {
        let full = Self.cohort(dropHard: false)
        let evaluation =
            "  candidate:\n    predictions: eval/candidate.csv\n  baseline:\n    metrics: eval/production.json"
        let files = ["eval/candidate.csv": full.candidate, "eval/production.json": "{\"c_index\": 0.70}\n"]
        // Before: a hand-written 0.70 (true value 0.912) lets the worse candidate (0.770) pass.
        let open = try GateRepo(evaluation: evaluation, files: files, splits: nil, policy: Self.gate).audit()
        #expect(open.status == 0, "\(open.text)")
        let release = try GateRepo(
            evaluation: evaluation, files: files, splits: nil,
            policy: Self.gate + "\nbaseline_from: [predictions, registry]"
        ).audit()
        #expect(release.status == 1, "\(release.text)")
        #expect(Self.rules(release.json) == ["performance.untrusted-baseline"])
        #expect(
            release.text.contains(
                "the baseline is a metrics file (evaluation.baseline.metrics in models/m/release.yaml), but the policy "
                    + "trusts baselines only from: predictions, registry"))
        #expect(release.text.contains("give the production model's predictions"))
    }

    @Test func baselineFromRejectsAnUnknownSource() throws {
        let full = Self.cohort(dropHard: false)
        let run = try GateRepo(
            evaluation: Self.paired,
            files: ["eval/candidate.csv": full.candidate, "eval/production.csv": full.production],
            splits: nil, policy: Self.gate + "\nbaseline_from: [mlflow]"
        ).audit()
        #expect(run.status == 2)
        #expect(run.text.contains("checks.performance.baseline_from"), "\(run.text)")
    }

    // MARK: - Item 14: extreme scores are named at their line

    @Test func plantedExtremeScoresAreInputErrorsAtTheirLine() throws {
        let candidate = try EvaluationReference.csv("candidate")
        var lines = candidate.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The first three events, planted with 1e308 (the C-index rose; the note blamed row 1).
        let events = lines.indices.dropFirst().filter { lines[$0].split(separator: ",").count > 3 }
            .filter { lines[$0].split(separator: ",")[2] == "1" }.prefix(3)
        for (k, index) in events.enumerated() {
            var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[3] = k == 0 ? "1e200" : "1e308"
            lines[index] = fields.joined(separator: ",")
        }
        let planted = lines.joined(separator: "\n")
        let firstExtreme = try #require(events.dropFirst().first) + 1
        let run = try GateRepo(
            evaluation: Self.paired,
            files: ["eval/candidate.csv": planted, "eval/production.csv": try EvaluationReference.csv("production")],
            splits: nil, policy: Self.gate
        ).audit()
        #expect(run.status == 2)
        #expect(run.text.contains("models/m/eval/candidate.csv:\(firstExtreme):"), "\(run.text)")
        #expect(run.text.contains("score is extreme (1e+308, beyond ±1e300)"))
        // 1e200 alone is finite but its square is not: the line holding it is named.
        var overflow = candidate.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = try #require(events.first)
        overflow[first] = lines[first]
        let sd = try GateRepo(
            evaluation: Self.paired,
            files: [
                "eval/candidate.csv": overflow.joined(separator: "\n"),
                "eval/production.csv": try EvaluationReference.csv("production"),
            ], splits: nil, policy: Self.gate
        ).audit()
        #expect(sd.status == 2)
        #expect(sd.text.contains("models/m/eval/candidate.csv:\(first + 1):"), "\(sd.text)")
        #expect(sd.text.contains("standard deviation overflows"))
    }
}
