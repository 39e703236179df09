// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct PerformanceCheckTests {
    /// The contract policy's performance section, with fewer replicates where the test allows.
    static func section(_ extra: String = "", bootstrap: Int = 200) -> String {
        var keys = [
            "metric: c_index", "higher_is_better: true", "min_delta: 0.0", "absolute_min: 0.60",
            "confidence: 0.95", "bootstrap: \(bootstrap)", "seed: 20241201",
        ]
        for line in extra.split(separator: "\n") {
            let key = line.split(separator: ":")[0]
            keys.removeAll { $0.hasPrefix(key + ":") }
            keys.append(String(line))
        }
        return keys.map { "    " + $0 }.joined(separator: "\n")
    }

    @Test func examplePassesWithReferenceMetrics() throws {
        let ref = try EvaluationReference.load()
        let repo = try EvaluationRepository.example()
        let result = try repo.run("performance", Self.section(bootstrap: 1000))
        #expect(result.status == .pass, "\(result.summary)")
        #expect(result.findings.isEmpty)

        // Point estimates equal the reference libraries.
        for (side, model) in [("candidate", ref.candidate), ("baseline", ref.production)] {
            #expect(abs(try #require(result.number("\(side).c_index.value")) - model.c_index) <= 1e-12)
            #expect(abs(try #require(result.number("\(side).auroc.value")) - model.auroc) <= 1e-12)
            for (key, cox) in [
                ("hazard_ratio_per_sd", model.hazard_ratio_per_sd),
                ("hazard_ratio_high_vs_low", model.hazard_ratio_high_vs_low),
            ] {
                #expect(
                    relativeDifference(try #require(result.number("\(side).\(key).value")), cox.hazard_ratio) <= 1e-6)
                let ci = try #require(result.measure("\(side).\(key).ci")?.doubles)
                #expect(ci.count == 2)
                #expect(
                    relativeDifference(ci[0], cox.ci_lower) <= 1e-6 && relativeDifference(ci[1], cox.ci_upper) <= 1e-6)
                #expect(relativeDifference(try #require(result.number("\(side).\(key).p_value")), cox.p) <= 1e-4)
            }
            // C-index and AUROC carry a bootstrap interval around the estimate, and no p-value.
            let ci = try #require(result.measure("\(side).c_index.ci")?.doubles)
            #expect(ci[0] < model.c_index && model.c_index < ci[1])
            #expect(result.measure("\(side).c_index.p_value") == nil)
        }
        let delta = try #require(result.number("delta.c_index.value"))
        #expect(abs(delta - (ref.candidate.c_index - ref.production.c_index)) <= 1e-12)
        let deltaCI = try #require(result.measure("delta.c_index.ci")?.doubles)
        #expect(deltaCI[0] < delta && delta < deltaCI[1])
        let p = try #require(result.number("delta.c_index.p_value"))
        #expect(p > 0 && p <= 1)

        #expect(result.measure("n")?.intValue == ref.n)
        #expect(result.measure("events")?.intValue == ref.events)
        #expect(result.number("horizon") == ref.horizon)
        #expect(result.measure("horizon_source")?.stringValue == "median follow-up")
        #expect(result.measure("paired")?.boolValue == true)
        #expect(result.measure("bootstrap.replicates")?.intValue == 1000)
        #expect(result.measure("bootstrap.seed")?.intValue == 20_241_201)
        #expect(result.measure("bootstrap.method")?.stringValue == "paired percentile")
        #expect(result.measure("bootstrap.skipped.c_index")?.intValue == 0)
        #expect(result.measure("gate.passed")?.boolValue == true)
        #expect(result.measure("gate.significance_passed") == .null)

        let markdown = try #require(result.markdown)
        #expect(markdown.contains("| C-index (Harrell) | \(String(format: "%.3f", ref.candidate.c_index)) ["))
        #expect(markdown.contains("| metric | candidate cl\\_unimodal\\_v2 1.0.0 | production cl\\_unimodal\\_v1 |"))
        #expect(
            markdown.contains(
                String(
                    format: "| HR per SD of score | %.2f [%.2f, %.2f], p < 0.001 (significant)",
                    ref.candidate.hazard_ratio_per_sd.hazard_ratio,
                    ref.candidate.hazard_ratio_per_sd.ci_lower, ref.candidate.hazard_ratio_per_sd.ci_upper)))
        #expect(markdown.contains("| AUROC at t = 1080 |"))
        #expect(
            markdown.contains(
                "| candidate above absolute_min | > 0.600 | \(String(format: "%.3f", ref.candidate.c_index)) | ✅ |"))
        #expect(
            result.summary.hasPrefix(
                String(
                    format: "c_index %.3f vs production %.3f (Δ %+.3f, 95%% CI ",
                    ref.candidate.c_index, ref.production.c_index, delta)))
    }

    @Test func minDeltaFailsAndWarnsUnderSeverityWarn() throws {
        let repo = try EvaluationRepository.example()
        let failing = try repo.run("performance", Self.section("min_delta: 0.05"))
        #expect(failing.status == .fail)
        #expect(failing.findings.map(\.rule) == ["performance.min-delta"])
        #expect(failing.findings[0].message.contains("not more than min_delta 0.050"))
        #expect(failing.findings[0].location?.path == "models/m/eval/candidate.csv")
        #expect(failing.measure("gate.delta_passed")?.boolValue == false)

        let warning = try repo.run("performance", Self.section("min_delta: 0.05\nseverity: warn"))
        #expect(warning.status == .warn)
        #expect(warning.findings.map(\.rule) == ["performance.min-delta"])
    }

    @Test func absoluteMinFails() throws {
        let ref = try EvaluationReference.load()
        let repo = try EvaluationRepository.example()
        let result = try repo.run("performance", Self.section("absolute_min: 0.70"))
        #expect(result.status == .fail)
        #expect(
            result.findings.map(\.message) == [
                String(
                    format: "c_index: the candidate scores %.3f, not above absolute_min 0.700", ref.candidate.c_index)
            ])
    }

    @Test func lowerIsBetterFlipsTheDirection() throws {
        // Treating the C-index as lower-is-better makes the better candidate a regression.
        let repo = try EvaluationRepository.example()
        let result = try repo.run("performance", Self.section("higher_is_better: false\nabsolute_min: 0.9"))
        #expect(result.status == .fail)
        #expect(Set(result.findings.map(\.rule)) == ["performance.min-delta"])
        let improvement = try #require(result.number("gate.improvement"))
        #expect(improvement == -(try #require(result.number("delta.c_index.value"))))
    }

    /// The rule reads the paired interval: it passes exactly when the interval lies above min_delta.
    @Test(arguments: [("c_index", "0.0"), ("c_index", "-0.05"), ("hazard_ratio_per_sd", "0.0"), ("auroc", "0.0")])
    func requireSignificantFollowsThePairedInterval(metric: String, minDelta: String) throws {
        let repo = try EvaluationRepository.example()
        let result = try repo.run(
            "performance",
            Self.section(
                "metric: \(metric)\nmin_delta: \(minDelta)\nabsolute_min: 0.5\nrequire_significant: true",
                bootstrap: 500))
        let ci = try #require(result.measure("delta.\(metric).ci")?.doubles)
        let above = ci[0] > Double(minDelta)!
        #expect(result.measure("gate.significance_passed")?.boolValue == above)
        #expect(result.findings.contains { $0.rule == "performance.not-significant" } == !above)
        #expect(result.status == (above ? .pass : .fail))
    }

    @Test func requireSignificantWithoutBootstrapIsAnError() throws {
        let repo = try EvaluationRepository.example()
        let result = try repo.run("performance", Self.section("require_significant: true\nbootstrap: 0"))
        #expect(result.status == .error)
        #expect(
            result.summary.contains(
                "checks.performance.require_significant: require_significant needs the paired bootstrap, but bootstrap is 0"
            ))
    }

    @Test func bootstrapZeroGivesPointEstimatesAndWaldIntervals() throws {
        let ref = try EvaluationReference.load()
        let repo = try EvaluationRepository.example()
        let result = try repo.run("performance", Self.section(bootstrap: 0))
        #expect(result.status == .pass)
        #expect(result.measure("candidate.c_index.ci") == .null)
        #expect(result.measure("delta.c_index.ci") == .null)
        #expect(result.measure("delta.c_index.p_value") == .null)
        #expect(
            abs(try #require(result.number("delta.c_index.value")) - (ref.candidate.c_index - ref.production.c_index))
                <= 1e-12)
        let hr = try #require(result.measure("candidate.hazard_ratio_per_sd.ci")?.doubles)
        #expect(relativeDifference(hr[0], ref.candidate.hazard_ratio_per_sd.ci_lower) <= 1e-6)
        #expect(result.measure("bootstrap.method")?.stringValue == "none")
    }

    @Test func flatMetricsBaselineComparesPointValues() throws {
        let ref = try EvaluationReference.load()
        let flat = try String(contentsOfFile: Fixtures.path("contract/metrics-flat.json"), encoding: .utf8)
        let repo = try EvaluationRepository(
            evaluation: """
                  candidate:
                    predictions: eval/candidate.csv
                  baseline:
                    metrics: eval/production_metrics.json
                """,
            files: [
                "eval/candidate.csv": try EvaluationReference.csv("candidate"), "eval/production_metrics.json": flat,
            ])
        let result = try repo.run("performance", Self.section())
        // The candidate's 0.677 does not beat the file's 0.69.
        #expect(result.status == .fail)
        #expect(result.findings.map(\.rule) == ["performance.min-delta"])
        #expect(result.measure("paired")?.boolValue == false)
        #expect(result.number("baseline.c_index.value") == 0.69)
        #expect(result.measure("baseline.c_index.ci") == .null)
        #expect(result.number("baseline.hazard_ratio.value") == 1.41)
        #expect(abs(try #require(result.number("delta.c_index.value")) - (ref.candidate.c_index - 0.69)) <= 1e-12)
        #expect(result.measure("delta.c_index.ci") == .null)
        #expect(result.measure("delta.hazard_ratio") == nil)
        #expect(result.notes.contains { $0.message.contains("no paired bootstrap is possible") })
        // The candidate still gets its own bootstrap interval.
        #expect(result.measure("candidate.c_index.ci")?.arrayValue?.count == 2)
        #expect(result.measure("bootstrap.method")?.stringValue == "percentile")
        #expect(result.markdown?.contains("| C-index (Harrell) |") == true)
    }

    @Test func withCIMetricsOnBothSides() throws {
        let withCI = try String(contentsOfFile: Fixtures.path("contract/metrics-with-ci.json"), encoding: .utf8)
        let better = "{\"metrics\": {\"c_index\": {\"value\": 0.74, \"ci\": [0.70, 0.78]}, \"hazard_ratio\": 1.9}}"
        let repo = try EvaluationRepository(
            evaluation: """
                  candidate:
                    metrics: eval/candidate.json
                  baseline:
                    metrics: eval/production.json
                """, files: ["eval/candidate.json": better, "eval/production.json": withCI])
        let result = try repo.run("performance", Self.section())
        #expect(result.status == .pass)
        #expect(result.measure("baseline.c_index.ci") == .array([.double(0.66), .double(0.72)]))
        #expect(result.measure("candidate.c_index.ci") == .array([.double(0.70), .double(0.78)]))
        #expect(abs(try #require(result.number("delta.c_index.value")) - 0.05) <= 1e-12)
        #expect(result.measure("n") == .null)

        let significant = try repo.run("performance", Self.section("require_significant: true"))
        #expect(significant.status == .error)
        #expect(
            significant.summary.contains(
                "significance needs a paired bootstrap on both models' predictions, but models/m/eval/candidate.json is a metrics file"
            ))
    }

    @Test func metricAbsentFromTheMetricsFileIsAnError() throws {
        let flat = try String(contentsOfFile: Fixtures.path("contract/metrics-flat.json"), encoding: .utf8)
        let repo = try EvaluationRepository(
            evaluation: """
                  candidate:
                    predictions: eval/candidate.csv
                  baseline:
                    metrics: eval/production.json
                """,
            files: ["eval/candidate.csv": try EvaluationReference.csv("candidate"), "eval/production.json": flat])
        let result = try repo.run("performance", Self.section("metric: hazard_ratio_per_sd"))
        #expect(result.status == .error)
        #expect(
            result.summary.contains(
                "models/m/eval/production.json: hazard_ratio_per_sd: the policy metric 'hazard_ratio_per_sd' is not in this metrics file (it has: c_index, hazard_ratio)"
            ))
    }

    @Test func metricThePredictionsCannotGiveIsAnError() throws {
        let repo = try EvaluationRepository.example()
        let result = try repo.run("performance", Self.section("metric: hazard_ratio"))
        #expect(result.status == .error)
        #expect(
            result.summary.contains(
                "checks.performance.metric: 'hazard_ratio' is not a metric the gate computes from predictions (models/m/eval/candidate.csv)"
            ))
        #expect(result.summary.contains("c_index, auroc, hazard_ratio_per_sd, hazard_ratio_high_vs_low"))
    }

    /// `score: survival` negates the scores, so survival-oriented files give the risk results.
    @Test func survivalScoresAreFlipped() throws {
        func negated(_ csv: String) -> String {
            csv.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
                guard index > 0, !line.isEmpty else { return String(line) }
                var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[3] = fields[3].hasPrefix("-") ? String(fields[3].dropFirst()) : "-" + fields[3]
                return fields.joined(separator: ",")
            }.joined(separator: "\n")
        }
        let risk = try EvaluationRepository.example()
        let survival = try EvaluationRepository.example(
            extra: "  score: survival",
            files: [
                "eval/candidate.csv": negated(try EvaluationReference.csv("candidate")),
                "eval/production.csv": negated(try EvaluationReference.csv("production")),
            ])
        let a = try risk.run("performance", Self.section())
        let b = try survival.run("performance", Self.section())
        #expect(b.status == .pass)
        #expect(b.measure("score")?.stringValue == "survival")
        for path in [
            "candidate.c_index.value", "baseline.c_index.value", "delta.c_index.value", "delta.c_index.ci",
            "candidate.auroc.value", "candidate.auroc.ci", "delta.auroc.ci",
        ] {
            #expect(a.measure(path) == b.measure(path), "\(path)")
        }
        for path in ["candidate.hazard_ratio_per_sd.value", "candidate.hazard_ratio_high_vs_low.value"] {
            #expect(relativeDifference(try #require(a.number(path)), try #require(b.number(path))) <= 1e-9)
        }
        // Read as risks, the negated survival scores rank patients backwards.
        let wrong = try EvaluationRepository.example(files: [
            "eval/candidate.csv": negated(try EvaluationReference.csv("candidate")),
            "eval/production.csv": negated(try EvaluationReference.csv("production")),
        ]).run("performance", Self.section())
        #expect(
            abs(
                try #require(wrong.number("candidate.c_index.value"))
                    - (1 - (try #require(a.number("candidate.c_index.value"))))) <= 1e-12)
        #expect(wrong.status == .fail)
        // Both models below chance: each is flagged as probably inverted, by name.
        let inverted = wrong.findings.filter { $0.rule == "performance.inverted-score" }
        #expect(inverted.count == 2)
        #expect(inverted.first?.message.contains("the candidate's C-index is 0.3") == true)
        #expect(
            inverted.last?.message.contains("probably inverted (the manifest says score: risk at evaluation.score)")
                == true)
        #expect(!a.findings.contains { $0.rule == "performance.inverted-score" })
    }

    @Test func horizonFromPolicyThenManifest() throws {
        let repo = try EvaluationRepository.example(extra: "  horizon: 730")
        let manifest = try repo.run("performance", Self.section(bootstrap: 0))
        #expect(manifest.number("horizon") == 730)
        #expect(manifest.measure("horizon_source")?.stringValue == "manifest")
        let policy = try repo.run("performance", Self.section("horizon: 365", bootstrap: 0))
        #expect(policy.number("horizon") == 365)
        #expect(policy.measure("horizon_source")?.stringValue == "policy")
        #expect(policy.number("candidate.auroc.value") != manifest.number("candidate.auroc.value"))
        let bad = try repo.run("performance", Self.section("horizon: -1", bootstrap: 0))
        #expect(bad.status == .error)
        #expect(bad.summary.contains("checks.performance.horizon: the AUROC horizon -1.0 is not a positive time"))
    }

    @Test func differentPatientsIsAnErrorWithCounts() throws {
        let production =
            try EvaluationReference.csv("production").split(separator: "\n").dropLast(3).joined(separator: "\n") + "\n"
        let repo = try EvaluationRepository.example(files: ["eval/production.csv": production])
        let result = try repo.run("performance", Self.section())
        #expect(result.status == .error)
        #expect(
            result.summary.contains(
                "the candidate (models/m/eval/candidate.csv, 275 patients) and the baseline (models/m/eval/production.csv, 272 patients) "
                    + "score different patients: 272 in both, 3 only in the candidate, 0 only in the baseline"))
    }

    @Test func allCensoredSaysTheCIndexIsUndefined() throws {
        let csv = "patient_id,time,event,score\nA,1,0,0.1\nB,2,0,0.2\nC,3,0,0.3\n"
        let repo = try EvaluationRepository(
            evaluation: """
                  candidate:
                    predictions: c.csv
                  baseline:
                    predictions: b.csv
                """, files: ["c.csv": csv, "b.csv": csv])
        let result = try repo.run("performance", Self.section())
        #expect(result.status == .error)
        #expect(
            result.summary.contains(
                "models/m/c.csv: the candidate's c_index is undefined: no comparable pair of patients"))
    }

    @Test func missingBaselineAndBadPredictionsAreErrors() throws {
        let noBaseline = try EvaluationRepository(
            evaluation: """
                  candidate:
                    predictions: c.csv
                """, files: ["c.csv": try EvaluationReference.csv("candidate")])
        let a = try noBaseline.run("performance", Self.section())
        #expect(a.status == .error)
        #expect(
            a.summary.contains(
                "evaluation.baseline: no baseline, so the candidate cannot be compared with the model in production"))

        let bad = try EvaluationRepository.example(files: [
            "eval/candidate.csv": "patient_id,time,event,score\nA,1,1,NaN\n"
        ])
        let b = try bad.run("performance", Self.section())
        #expect(b.status == .error)
        #expect(
            b.summary == "models/m/eval/candidate.csv:2:7: score is NaN — replace it with a number or drop the patient")
    }

    @Test func inputsAreRecordedWithDigests() throws {
        let repo = try EvaluationRepository.example()
        let report = try AuditHarness.audit(
            repo.repo, policy: AuditHarness.policy("  performance:\n\(Self.section(bootstrap: 0))\n"),
            only: ["performance"], manifest: repo.manifest)
        let data = try Data(contentsOf: repo.repo.url("models/m/eval/production.csv"))
        #expect(report.inputs["models/m/eval/production.csv"]?.sha256 == InputFiles.sha256(data))
        #expect(report.inputs["models/m/eval/candidate.csv"] != nil)
    }
}
