// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The bias check against production, and how its numbers are written.
extension BiasCheck {
    /// What the comparison with the production model found: its name, and notes when it could
    /// not be made.
    struct ProductionComparison {
        var name: String?
        var notes: [Finding] = []
    }

    /// Per level, the paired bootstrap of candidate − production C-index on the level's patients,
    /// on the same resamples as the overall paired bootstrap (same seed, same cohort order). Made
    /// whenever the manifest names production predictions and the bootstrap runs; a level fails
    /// (`regression`) only when the policy compares with production.
    static func compareWithProduction(
        manifest: Manifest, candidate: Predictions, score: [Double], levels: inout [Level], config: Config,
        options: BootstrapOptions, files: InputFiles, bootstrap: Bool
    ) throws -> ProductionComparison {
        guard let baseline = manifest.evaluation?.baseline, let path = baseline.predictions else {
            // `both` on a first model (no production yet) still gates against the overall score.
            if config.compare == .both {
                var result = ProductionComparison()
                result.notes.append(
                    Finding(
                        rule: "bias.no-comparison",
                        message: "levels were not compared with production: the manifest names no production "
                            + "predictions (evaluation.baseline.predictions); they are gated against the overall "
                            + "C-index only"))
                return result
            }
            if config.compare.productionGate {
                throw InputError(
                    file: manifest.file, key: "evaluation.baseline.predictions",
                    message: "checks.bias.compare is \(config.compare.rawValue), but the manifest names no production "
                        + "predictions to compare each level with",
                    fix: "add evaluation.baseline.predictions (production's scores on the same patients), or set "
                        + "checks.bias.compare: overall")
            }
            return ProductionComparison()
        }
        let name = baseline.name ?? "production"
        guard bootstrap else {
            if config.compare.productionGate {
                throw InputError(
                    file: config.file, key: "checks.bias.bootstrap",
                    message: "checks.bias.compare needs the paired bootstrap, but bootstrap is 0",
                    fix: "set bootstrap to 1000 (or more), or compare: overall")
            }
            return ProductionComparison()
        }
        let paired: PairedPredictions
        do {
            let read = try PredictionsReader.read(path, files: files, key: "evaluation.baseline.predictions")
            paired = try PredictionsReader.join(candidate: candidate, baseline: read)
        } catch let error as InputError where !config.compare.productionGate {
            // Reported by the performance check; here it only means no per-level comparison.
            var result = ProductionComparison(name: name)
            result.notes.append(
                Finding(
                    rule: "bias.no-comparison",
                    message: "levels were not compared with \(name): \(error.message)"))
            return result
        }
        let productionScore = paired.baseline.riskScores(manifest.evaluation?.baselineScore ?? .risk)
        let outcomes = try SurvivalOutcomes(time: candidate.time, event: candidate.event)
        let rows = levels.map { level in
            candidate.columnValues[level.column].map { values in
                values.indices.filter {
                    let raw = values[$0].trimmingCharacters(in: .whitespaces)
                    return (raw.isEmpty ? missingLevel : raw) == level.level
                }
            } ?? []
        }
        let comparisons = try Bootstrap.pairedBySubgroup(
            outcomes, candidate: score, baseline: productionScore, subgroups: rows, options: options)
        for index in levels.indices {
            levels[index].versusProduction = comparisons[index]
            guard config.compare.productionGate, levels[index].status == .ok || levels[index].status == .gap,
                levels[index].n >= config.minGroupSize, let difference = comparisons[index]?.difference
            else { continue }
            if difference.estimate < -config.maxRegression, difference.upper < 0 {
                levels[index].status = .regression
            }
        }
        return ProductionComparison(name: name)
    }

    /// The bias section of audit.md.
    static func markdown(
        levels: [Level], overall: MetricEstimate, patients: Int, events: Int, config: Config,
        options: BootstrapOptions, bootstrap: Bool, production: String?
    ) -> String {
        let level = "\(PerformanceEvaluation.plain(config.confidence * 100))%"
        let minSize = config.minGroupSize
        var markdown =
            "Overall C-index \(f(overall.value))\(interval(overall)) on \(patients) patients "
            + "(\(events) events); "
            + (config.compare.overallGate
                ? "a level fails when n ≥ \(minSize) and its C-index is more than \(f(config.maxGap)) below. "
                : "levels are not gated against the overall C-index (compare: production). ")
            + (bootstrap
                ? "\(level) percentile-bootstrap intervals, \(options.replicates) replicates, seed "
                    + "\(Int64(bitPattern: options.seed))"
                : "No bootstrap (point estimates)") + ".\n\n"
        if let production {
            markdown +=
                "Δ vs \(MarkdownEscaper.text(production)): candidate − production C-index on the level's patients, "
                + "paired bootstrap on the overall resamples"
                + (config.compare.productionGate
                    ? "; a level fails when n ≥ \(minSize), Δ < −\(f(config.maxRegression)) and its interval lies below 0"
                    : " (reported only: compare is overall)") + ".\n\n"
        }
        markdown +=
            "O/E: events observed against expected under the score recalibrated on the whole cohort (Cox, "
            + "Breslow baseline), with an exact Poisson \(level) interval"
            + (config.maxOEDeviation.map {
                "; a level fails when n ≥ \(minSize), its interval excludes 1 and |O/E − 1| > \(f($0))"
            } ?? " (reported only: the policy sets no max_oe_deviation)") + ".\n\n"
        let versusHeader = production == nil ? "" : " Δ vs production (\(level) CI) |"
        markdown +=
            "| group | level | n | events | C-index (\(level) CI) | gap vs overall |\(versusHeader) O/E (\(level) CI) | status |\n"
        markdown += "| --- | --- | --- | --- | --- | --- |" + (production == nil ? "" : " --- |") + " --- | --- |\n"
        for item in levels {
            let status: String
            switch item.status {
            case .ok: status = "✅"
            case .gap: status = "❌ gap above \(f(config.maxGap))"
            case .insufficient: status = "⚠️ insufficient (n < \(minSize))"
            case .undefined: status = "⚠️ undefined"
            case .miscalibrated: status = "❌ O/E off by more than \(f(config.maxOEDeviation))"
            case .regression: status = "❌ worse than production by more than \(f(config.maxRegression))"
            }
            let value = item.estimate.value.map { f($0) + interval(item.estimate) } ?? "—"
            let gap = item.gap.map { PerformanceEvaluation.fixed($0, 3, signed: true) } ?? "—"
            let versus = production == nil ? "" : " \(versusText(item.versusProduction)) |"
            markdown +=
                "| \(MarkdownEscaper.code(item.column, inTable: true)) | \(MarkdownEscaper.text(item.level)) | \(item.n) | "
                + "\(item.events) | \(value) | \(gap) |\(versus) \(oeText(item.oe)) | \(status) |\n"
        }
        return markdown
    }

    /// `−0.031 [−0.060, −0.004]`, or `—`.
    static func versusText(_ paired: PairedBootstrap?) -> String {
        guard let difference = paired?.difference else { return "—" }
        return PerformanceEvaluation.fixed(difference.estimate, 3, signed: true)
            + " [\(PerformanceEvaluation.fixed(difference.lower, 3, signed: true)), "
            + "\(PerformanceEvaluation.fixed(difference.upper, 3, signed: true))]"
    }

    static func versusJSON(_ paired: PairedBootstrap) -> JSONValue {
        .object([
            "candidate": .double(paired.candidate.estimate), "production": .double(paired.baseline.estimate),
            "difference": .double(paired.difference.estimate),
            "ci": .array([.double(paired.difference.lower), .double(paired.difference.upper)]),
            "replicates_used": .int(paired.difference.used),
        ])
    }

    /// `1.12 [0.95, 1.31]`, or `—` when E is 0 or O/E was not computed.
    static func oeText(_ oe: ObservedExpected?) -> String {
        guard let oe, let ratio = oe.ratio else { return "—" }
        guard let lower = oe.lower, let upper = oe.upper else { return Self.f(ratio) }
        return "\(Self.f(ratio)) [\(Self.f(lower)), \(Self.f(upper))]"
    }

    static func oeJSON(_ oe: ObservedExpected) -> JSONValue {
        .object([
            "value": oe.ratio.map(JSONValue.double) ?? .null,
            "ci": oe.lower.flatMap { lower in oe.upper.map { JSONValue.array([.double(lower), .double($0)]) } }
                ?? .null,
            "observed": .int(oe.observed), "expected": .double(oe.expected),
            "mean_martingale_residual": .double(oe.meanResidual),
            "p_value": oe.pValue.map(JSONValue.double) ?? .null,
        ])
    }

}
