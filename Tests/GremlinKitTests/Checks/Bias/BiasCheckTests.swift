// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct BiasCheckTests {
    static let contract = "    groups: [sex, age_band]\n    max_gap: 0.05\n    min_group_size: 50\n    bootstrap: 200"

    @Test func examplePassesAndReportsTheSmallGroup() throws {
        let ref = try EvaluationReference.load()
        let repo = try EvaluationRepository.example()
        let result = try repo.run("bias", Self.contract)
        #expect(result.status == .pass, "\(result.summary)")
        #expect(result.findings.isEmpty)
        #expect(abs(try #require(result.number("overall.value")) - ref.candidate.c_index) <= 1e-12)
        #expect(result.measure("overall.n")?.intValue == ref.n)
        for (column, levels) in ref.groups {
            for (level, group) in levels {
                guard case .object(let entry)? = result.measure("groups.\(column)")?[level] else {
                    Issue.record("no measurement for \(column)=\(level)")
                    continue
                }
                #expect(entry["n"]?.intValue == group.n)
                #expect(entry["events"]?.intValue == group.events)
                let value = try #require(entry["value"]?.doubleValue)
                #expect(abs(value - (group.c_index ?? .nan)) <= 1e-12, "\(column)=\(level)")
                #expect(abs((entry["gap"]?.doubleValue ?? .nan) - (value - ref.candidate.c_index)) <= 1e-12)
                #expect(entry["ci"]?.arrayValue?.count == 2)
                #expect(entry["status"]?.stringValue == (group.n < 50 ? "insufficient" : "ok"))
            }
        }
        let small = ref.groups["age_band"]?["70+"]
        #expect(small?.n == 8)
        #expect(result.notes.map(\.rule) == ["bias.insufficient"])
        #expect(result.notes.first?.message == "age_band=70+: n = 8 is below min_group_size 50; reported, not gated")
        #expect(result.measure("insufficient")?.intValue == 1)
        let markdown = try #require(result.markdown)
        #expect(markdown.contains("| `age_band` | 70+ | 8 | 6 | "))
        #expect(markdown.contains("⚠️ insufficient (n < 50) |"))
        #expect(markdown.contains("| `sex` | F | 275 | 126 | \(String(format: "%.3f", ref.candidate.c_index)) ["))
    }

    @Test func aGroupFarBelowOverallFails() throws {
        let ref = try EvaluationReference.load()
        let repo = try EvaluationRepository.example()
        // 60-69 is 0.015 below overall on the real data: a 0.01 allowance fails it.
        let result = try repo.run("bias", "    groups: [age_band]\n    max_gap: 0.01\n    bootstrap: 0")
        #expect(result.status == .fail)
        let group = try #require(ref.groups["age_band"]?["60-69"])
        let gap = ref.candidate.c_index - (group.c_index ?? 0)
        #expect(result.findings.map(\.rule) == ["bias.gap"])
        #expect(
            result.findings[0].message
                == String(
                    format:
                        "age_band=60-69: C-index %.3f is %.3f below the overall %.3f (n = 85, 39 events), more than max_gap 0.010",
                    group.c_index ?? 0, gap, ref.candidate.c_index))
        #expect(result.measure("groups.age_band")?["60-69"]?["status"]?.stringValue == "gap")
        #expect(result.measure("groups.age_band")?["60-69"]?["ci"] == .null)
        #expect(result.markdown?.contains("❌ gap above 0.010") == true)

        // The same group under min_group_size is reported, not gated.
        let small = try repo.run(
            "bias", "    groups: [age_band]\n    max_gap: 0.01\n    min_group_size: 100\n    bootstrap: 0")
        #expect(small.status == .pass)
        #expect(
            small.notes.map(\.message).sorted() == [
                "age_band=60-69: n = 85 is below min_group_size 100; reported, not gated",
                "age_band=70+: n = 8 is below min_group_size 100; reported, not gated",
            ])
    }

    @Test func undefinedAndMissingLevelsAreNotes() throws {
        // Level b is all censored (C undefined); one patient has no site.
        var rows = ["patient_id,time,event,score,site"]
        for i in 0..<6 { rows.append("a\(i),\(i + 1),\(i % 2),\(Double(6 - i) / 10),a") }
        for i in 0..<4 { rows.append("b\(i),\(i + 1),0,\(Double(i) / 10),b") }
        rows.append("c0,3,1,0.5,")
        let repo = try EvaluationRepository(
            evaluation: "  candidate:\n    predictions: p.csv", files: ["p.csv": rows.joined(separator: "\n") + "\n"])
        let result = try repo.run("bias", "    groups: [site]\n    min_group_size: 2\n    max_gap: 1\n    bootstrap: 0")
        #expect(result.status == .pass, "\(result.summary)")
        #expect(result.measure("groups.site")?["b"]?["status"]?.stringValue == "undefined")
        #expect(result.measure("groups.site")?["b"]?["value"] == .null)
        #expect(result.measure("groups.site")?["(missing)"]?["n"]?.intValue == 1)
        // Ten patients cannot fit the recalibration model either (the score separates the events).
        #expect(
            result.notes.map(\.rule).sorted() == ["bias.calibration-undefined", "bias.insufficient", "bias.undefined"])
        #expect(result.notes.contains { $0.message.hasPrefix("site=b: the C-index is undefined (no comparable pair") })
    }

    /// One site's patients die far more often than the score says: O/E is reported by default and
    /// gates only with max_oe_deviation.
    @Test func observedExpectedIsReportedAndGatedByPolicy() throws {
        var rows = ["patient_id,time,event,score,site"]
        for i in 0..<120 {
            let site = i % 2 == 0 ? "north" : "south"
            // Same score distribution in both sites; every north patient has the event, one south in five.
            let event = site == "north" ? 1 : (i % 10 == 1 ? 1 : 0)
            rows.append("p\(i),\(10 + (i * 37) % 97),\(event),\(Double((i * 53) % 101) / 100),\(site)")
        }
        let repo = try EvaluationRepository(
            evaluation: "  candidate:\n    predictions: p.csv", files: ["p.csv": rows.joined(separator: "\n") + "\n"])
        let base = "    groups: [site]\n    min_group_size: 20\n    max_gap: 1\n    bootstrap: 0"
        let reported = try repo.run("bias", base)
        #expect(reported.status == .pass, "\(reported.summary)")
        let north = try #require(reported.measure("groups.site")?["north"]?["oe"])
        #expect((north["value"]?.doubleValue ?? 0) > 1.3)
        guard case .array(let ci)? = north["ci"], let lower = ci.first?.doubleValue else {
            Issue.record("no O/E interval")
            return
        }
        #expect(lower > 1)
        #expect(north["observed"]?.intValue == 60)
        #expect(reported.markdown?.contains("reported only: the policy sets no max_oe_deviation") == true)

        let gated = try repo.run("bias", base + "\n    max_oe_deviation: 0.2")
        #expect(gated.status == .fail)
        #expect(gated.findings.map(\.rule) == ["bias.calibration", "bias.calibration"])
        #expect(gated.findings.first?.message.hasPrefix("site=north: 60 events observed") == true)
        #expect(gated.measure("groups.site")?["north"]?["status"]?.stringValue == "miscalibrated")
    }

    /// Each level against production: reported whenever production predictions exist, gated
    /// only with compare: production|both. Here production is the better model, so the
    /// "candidate" is worse on every sizeable level.
    @Test func levelsAreComparedWithProduction() throws {
        // The "candidate" scores noise; production scores the example's real risk.
        let real = try EvaluationReference.csv("candidate")
        var noise: [String] = []
        for (index, line) in real.split(separator: "\n").enumerated() {
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if index > 0, fields.count > 3 { fields[3] = String(Double((index * 7919) % 1009) / 1009) }
            noise.append(fields.joined(separator: ","))
        }
        let swapped = try EvaluationRepository(
            evaluation: """
                  candidate:
                    predictions: eval/noise.csv
                  baseline:
                    name: cl_unimodal_v2
                    predictions: eval/candidate.csv
                """,
            files: ["eval/candidate.csv": real, "eval/noise.csv": noise.joined(separator: "\n") + "\n"])
        let base = "    groups: [sex]\n    max_gap: 1\n    bootstrap: 200\n    min_group_size: 20"
        let reported = try swapped.run("bias", base)
        #expect(reported.status == .pass, "\(reported.summary)")
        let female = try #require(reported.measure("groups.sex")?["F"]?["vs_production"])
        #expect((female["difference"]?.doubleValue ?? 0) < 0)
        #expect(reported.markdown?.contains("Δ vs cl\\_unimodal\\_v2") == true)
        #expect(reported.markdown?.contains("(reported only: compare is overall)") == true)

        let gated = try swapped.run("bias", base + "\n    compare: production\n    max_regression: 0")
        let regressions = gated.findings.filter { $0.rule == "bias.regression" }
        #expect(gated.status == .fail)
        #expect(!regressions.isEmpty)
        #expect(regressions.allSatisfy { $0.message.contains("below production's on this level") })
        #expect(gated.summary.contains("worse than production by more than 0.000"))

        // compare: production without production predictions is an input error naming the key.
        let alone = try EvaluationRepository(
            evaluation: "  candidate:\n    predictions: eval/candidate.csv",
            files: ["eval/candidate.csv": try EvaluationReference.csv("candidate")])
        let error = try alone.run("bias", base + "\n    compare: production")
        #expect(error.status == .error)
        #expect(error.summary.contains("evaluation.baseline.predictions"))
        // compare: both on a first model gates against the overall score and says so.
        let first = try alone.run("bias", base + "\n    compare: both")
        #expect(first.status == .pass)
        #expect(first.notes.map(\.rule).contains("bias.no-comparison"))
    }

    @Test func aMissingGroupColumnIsAnErrorNamingIt() throws {
        let repo = try EvaluationRepository.example()
        let result = try repo.run("bias", "    groups: [sex, age_bnd]")
        #expect(result.status == .error)
        #expect(
            result.summary.hasPrefix(
                "models/m/eval/candidate.csv:1: the bias group column 'age_bnd' is not in the predictions "
                    + "(subgroup columns: sex, age_band) — did you mean age_band? add the column to the predictions, "
                    + "or fix checks.bias.groups in "))
    }

    @Test func survivalScoresAreNegatedForGroupsToo() throws {
        let repo = try EvaluationRepository.example(extra: "  score: survival")
        let ref = try EvaluationReference.load()
        let result = try repo.run("bias", "    groups: [sex]\n    bootstrap: 0")
        #expect(abs(try #require(result.number("overall.value")) - (1 - ref.candidate.c_index)) <= 1e-12)
    }
}
