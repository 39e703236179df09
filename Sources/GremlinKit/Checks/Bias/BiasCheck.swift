// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Bias Analysis: The model is not markedly worse for any sizeable subgroup of patients.
///
/// On the candidate's predictions, for every `groups` column and each of its levels: n, events
/// and Harrell's C with a percentile-bootstrap interval (this section's own `bootstrap`, `seed`
/// and `confidence`, defaulting to the performance gate's defaults). A level with
/// `n ≥ min_group_size` whose C falls more than `max_gap` below the overall C fails; a smaller
/// level, or one where C is undefined (no events, no comparable pair), is reported as a note,
/// never dropped. An empty cell is the level `(missing)`.
public struct BiasCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "bias",
        title: "Bias Analysis",
        rationale: "The model is not markedly worse for any sizeable subgroup of patients.",
        reads: "the candidate predictions' subgroup columns",
        needsManifest: true,
        after: [],
        keys: [
            Field("groups", .list(.string), default: .list([]), doc: "subgroup columns of the predictions file"),
            Field(
                "max_gap", .number, default: .double(0.05),
                doc: "largest allowed drop of a group below the overall metric"),
            Field(
                "min_group_size", .integer(minimum: 1), default: .int(50),
                doc: "smaller groups are reported as insufficient"),
            Field("confidence", .number, default: .double(0.95), doc: "confidence level of the per-group intervals"),
            Field(
                "bootstrap", .integer(minimum: 0), default: .int(1000),
                doc: "bootstrap replicates per group; 0 gives point estimates only"),
            Field("seed", .integer, default: .int(20_241_201), doc: "bootstrap seed"),
            Field(
                "compare", .oneOf(["overall", "production", "both"]), default: .string("overall"),
                doc: "what a level is gated against: the candidate's overall C-index (max_gap), the production "
                    + "model on the same level (max_regression), or both"),
            Field(
                "max_regression", .number, default: .double(0.02),
                doc: "with compare: production|both, a level fails when the candidate's C-index is more than "
                    + "this below production's on the level and the paired interval lies below 0"),
            Field(
                "max_oe_deviation", .number,
                doc: "calibration gate: a level with n ≥ min_group_size fails when its observed/expected events "
                    + "interval excludes 1 and |O/E − 1| exceeds this (unset: O/E is reported only)"),
        ],
        examples: [
            "groups: [sex, age_band]\nmax_gap: 0.05\nmin_group_size: 50",
            "groups: [site]\nbootstrap: 0",
        ]
    )

    public init() {}

    /// One group level's numbers.
    struct Level {
        enum Status: String { case ok, gap, insufficient, undefined, miscalibrated, regression }
        var column: String
        var level: String
        var n: Int
        var events: Int
        var estimate: MetricEstimate
        var gap: Double?
        var status: Status
        /// Observed against expected events under the cohort's Cox recalibration.
        var oe: ObservedExpected?
        /// Candidate − production C-index on the level, paired bootstrap on the cohort's resamples.
        var versusProduction: PairedBootstrap?
    }

    /// The subgroup analysis, handed to the model card.
    struct Analysis: CheckEvidence {
        var overall: MetricEstimate
        var levels: [Level]
        var confidence: Double
        /// The same numbers as recorded in `audit.json` (`overall`, `groups.<column>.<level>`).
        var measurements: [String: JSONValue]
    }

    static let missingLevel = "(missing)"

    /// The `bias` policy section.
    public struct Config: CheckConfiguration {
        public var groups: [String]
        public var maxGap: Double
        public var minGroupSize: Int
        public var confidence: Double
        public var bootstrap: Int
        public var seed: Int
        public var maxOEDeviation: Double?
        public var compare: Comparison
        public var maxRegression: Double
        public var file: String

        /// What a level is gated against.
        public enum Comparison: String, Sendable {
            case overall, production, both
            var overallGate: Bool { self != .production }
            var productionGate: Bool { self != .overall }
        }

        public init(_ section: CheckConfig) throws {
            groups = try section.decode("groups")
            maxGap = try section.decode("max_gap")
            minGroupSize = try section.decode("min_group_size")
            confidence = try section.decode("confidence")
            bootstrap = try section.decode("bootstrap")
            seed = try section.decode("seed")
            maxOEDeviation = section.decodeIfPresent("max_oe_deviation")
            compare = try section.decode("compare")
            maxRegression = try section.decode("max_regression")
            file = section.file
        }
    }

    public func run(_ context: CheckContext, config: Config) throws -> CheckOutcome {
        let manifest = try context.requireManifest(for: "bias")
        let registryPredictions = context.registry?.candidatePredictions
        let path = manifest.evaluation?.candidate.predictions
        guard path != nil || registryPredictions != nil else {
            throw InputError(
                file: manifest.file, key: "evaluation.candidate.predictions",
                message:
                    "the bias analysis needs the candidate's predictions (with subgroup columns), but none are named",
                fix: "add evaluation.candidate.predictions (or registry.mlflow.predictions_artifact), "
                    + "or disable the bias check")
        }
        let groups = config.groups
        guard !groups.isEmpty else {
            throw InputError(
                file: config.file, key: "checks.bias.groups", message: "no subgroup columns to analyse",
                fix: "list the predictions' subgroup columns, e.g. groups: [sex, age_band]")
        }
        let maxGap = config.maxGap
        let minSize = config.minGroupSize
        let confidence = config.confidence
        guard confidence > 0, confidence < 1 else {
            throw InputError(
                file: config.file, key: "checks.bias.confidence",
                message: "\(confidence) is not strictly between 0 and 1",
                fix: "use a level such as 0.95")
        }
        // The manifest's file wins over the registry candidate run's predictions artifact.
        let predictions =
            try path.map {
                try PredictionsReader.read($0, files: context.files, key: "evaluation.candidate.predictions")
            }
            ?? PredictionsReader.parse(registryPredictions?.data ?? Data(), file: registryPredictions?.name ?? "")
        for column in groups where predictions.columnValues[column] == nil {
            let hint =
                InputExcerpt.suggestion(column, in: predictions.extraColumns).map { "did you mean \($0)? " } ?? ""
            let available =
                predictions.extraColumns.isEmpty
                ? "none" : InputExcerpt.names(predictions.extraColumns) ?? "not shown: not column names"
            throw InputError(
                file: predictions.file, line: 1,
                message: "the bias group column '\(column)' is not in the predictions (subgroup columns: \(available))",
                fix: "\(hint)add the column to the predictions, or fix checks.bias.groups in \(config.file)")
        }
        let direction = manifest.evaluation?.candidateScore ?? .risk
        let score = predictions.riskScores(direction)
        let options = BootstrapOptions(
            replicates: max(1, config.bootstrap),
            seed: UInt64(bitPattern: Int64(config.seed)),
            confidence: confidence)
        let bootstrap = config.bootstrap > 0

        let overall = Self.cIndex(
            time: predictions.time, event: predictions.event, score: score,
            options: options, bootstrap: bootstrap)
        guard let overallValue = overall.value else {
            throw InputError(
                file: predictions.file,
                message:
                    "the overall C-index of the candidate is undefined (\(overall.problem ?? "no comparable pair")), so no group can be compared with it",
                fix: "the predictions need observed events and patients followed beyond them")
        }

        // Calibration: the score recalibrated on the whole cohort; each level's O/E under it.
        var calibration: (Recalibration, SurvivalOutcomes)?
        var calibrationProblem: String?
        do {
            let outcomes = try SurvivalOutcomes(time: predictions.time, event: predictions.event)
            calibration = (try Recalibration(outcomes, score: score), outcomes)
        } catch {
            calibrationProblem = String(describing: error)
        }
        let maxOE = config.maxOEDeviation

        var levels: [Level] = []
        for column in groups {
            let values = predictions.columnValues[column] ?? []
            var rows: [String: [Int]] = [:]
            for (row, raw) in values.enumerated() {
                let level = raw.trimmingCharacters(in: .whitespaces)
                rows[level.isEmpty ? Self.missingLevel : level, default: []].append(row)
            }
            for level in rows.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                let members = rows[level] ?? []
                let event = members.map { predictions.event[$0] }
                let estimate = Self.cIndex(
                    time: members.map { predictions.time[$0] }, event: event,
                    score: members.map { score[$0] }, options: options, bootstrap: bootstrap)
                var item = Level(
                    column: column, level: level, n: members.count, events: event.filter { $0 }.count,
                    estimate: estimate, gap: estimate.value.map { $0 - overallValue }, status: .ok,
                    oe: calibration.map {
                        ObservedExpected($0.0, outcomes: $0.1, rows: members, confidence: confidence)
                    })
                if members.count < minSize {
                    item.status = .insufficient
                } else if let gap = item.gap {
                    // A gap at exactly max_gap passes: the rule is "more than max_gap below".
                    if gap < -maxGap, config.compare.overallGate { item.status = .gap }
                } else {
                    item.status = .undefined
                }
                if item.status == .ok, let maxOE, let oe = item.oe, let ratio = oe.ratio, oe.excludesOne,
                    abs(ratio - 1) > maxOE
                {
                    item.status = .miscalibrated
                }
                levels.append(item)
            }
        }
        let production = try Self.compareWithProduction(
            manifest: manifest, candidate: predictions, score: score, levels: &levels, config: config,
            options: options, files: context.files, bootstrap: bootstrap)

        let location = Location(path: predictions.file)
        var findings: [Finding] = []
        var notes: [Finding] = []
        for item in levels {
            let name = "\(item.column)=\(item.level)"
            switch item.status {
            case .gap:
                findings.append(
                    Finding(
                        rule: "bias.gap",
                        message:
                            "\(name): C-index \(Self.f(item.estimate.value)) is \(Self.f(-(item.gap ?? 0))) below the overall \(Self.f(overallValue)) "
                            + "(n = \(item.n), \(item.events) events), more than max_gap \(Self.f(maxGap))",
                        location: location))
            case .insufficient:
                notes.append(
                    Finding(
                        rule: "bias.insufficient",
                        message: "\(name): n = \(item.n) is below min_group_size \(minSize); reported, not gated",
                        location: location))
            case .undefined:
                notes.append(
                    Finding(
                        rule: "bias.undefined",
                        message:
                            "\(name): the C-index is undefined (\(item.estimate.problem ?? "no comparable pair")); n = \(item.n), \(item.events) events",
                        location: location))
            case .miscalibrated:
                let oe = item.oe
                findings.append(
                    Finding(
                        rule: "bias.calibration",
                        message:
                            "\(name): \(oe?.observed ?? 0) events observed, \(Self.f(oe?.expected)) expected under the "
                            + "cohort's recalibrated score (O/E \(Self.oeText(oe))); |O/E − 1| is more than "
                            + "max_oe_deviation \(Self.f(maxOE)) and the interval excludes 1 (n = \(item.n))",
                        location: location))
            case .regression:
                let difference = item.versusProduction?.difference
                findings.append(
                    Finding(
                        rule: "bias.regression",
                        message:
                            "\(name): the candidate's C-index is \(Self.f(-(difference?.estimate ?? 0))) below production's "
                            + "on this level (Δ \(PerformanceEvaluation.fixed(difference?.estimate ?? 0, 3, signed: true)), "
                            + "\(PerformanceEvaluation.plain(confidence * 100))% CI \(Self.f(difference?.lower)) to "
                            + "\(Self.f(difference?.upper)); n = \(item.n)), more than max_regression "
                            + "\(Self.f(config.maxRegression))",
                        location: location))
            case .ok:
                break
            }
        }
        notes += production.notes
        if let calibrationProblem {
            notes.append(
                Finding(
                    rule: "bias.calibration-undefined",
                    message: "observed/expected events were not computed: the recalibration Cox model is undefined "
                        + "(\(calibrationProblem))",
                    location: location))
        }

        var groupsJSON: [String: JSONValue] = [:]
        for column in groups {
            var byLevel: [String: JSONValue] = [:]
            for item in levels where item.column == column {
                var entry: [String: JSONValue] = [
                    "n": .int(item.n),
                    "events": .int(item.events),
                    "value": item.estimate.value.map(JSONValue.double) ?? .null,
                    "gap": item.gap.map(JSONValue.double) ?? .null,
                    "status": .string(item.status.rawValue),
                ]
                if let lower = item.estimate.lower, let upper = item.estimate.upper {
                    entry["ci"] = .array([.double(lower), .double(upper)])
                } else {
                    entry["ci"] = .null
                }
                if let oe = item.oe { entry["oe"] = Self.oeJSON(oe) }
                if let versus = item.versusProduction { entry["vs_production"] = Self.versusJSON(versus) }
                byLevel[item.level] = .object(entry)
            }
            groupsJSON[column] = .object(byLevel)
        }
        var overallJSON: [String: JSONValue] = [
            "n": .int(predictions.count), "events": .int(predictions.eventCount), "value": .double(overallValue),
        ]
        if let lower = overall.lower, let upper = overall.upper {
            overallJSON["ci"] = .array([.double(lower), .double(upper)])
        } else {
            overallJSON["ci"] = .null
        }
        let insufficient = levels.filter { $0.status == .insufficient }.count
        let undefined = levels.filter { $0.status == .undefined }.count
        let measurements: [String: JSONValue] = [
            "metric": .string("c_index"),
            "overall": .object(overallJSON),
            "groups": .object(groupsJSON),
            "max_gap": .double(maxGap),
            "max_oe_deviation": maxOE.map(JSONValue.double) ?? .null,
            "compare": .string(config.compare.rawValue),
            "max_regression": .double(config.maxRegression),
            "production": production.name.map(JSONValue.string) ?? .null,
            "calibration": calibration.map { cal in
                .object([
                    "method": .string("univariate Cox recalibration (Efron), Breslow baseline; exact Poisson interval"),
                    "coefficient": .double(cal.0.fit.coefficient),
                ])
            } ?? .null,
            "min_group_size": .int(minSize),
            "failing": .int(findings.count),
            "insufficient": .int(insufficient),
            "undefined": .int(undefined),
            "bootstrap": .object([
                "replicates": .int(bootstrap ? options.replicates : 0),
                "seed": .int(Int(Int64(bitPattern: options.seed))),
                "confidence": .double(confidence),
            ]),
        ]

        let gaps = levels.filter { $0.status == .gap }.count
        var summary =
            "\(levels.count) levels in \(groups.count) column\(groups.count == 1 ? "" : "s"): "
            + "\(gaps) more than \(Self.f(maxGap)) below the overall C-index \(Self.f(overallValue))"
        let regressions = levels.filter { $0.status == .regression }.count
        if config.compare.productionGate || regressions > 0 {
            summary += ", \(regressions) worse than production by more than \(Self.f(config.maxRegression))"
        }
        let miscalibrated = levels.filter { $0.status == .miscalibrated }.count
        if miscalibrated > 0 { summary += ", \(miscalibrated) miscalibrated (O/E)" }
        if insufficient > 0 { summary += ", \(insufficient) insufficient (n < \(minSize))" }
        if undefined > 0 { summary += ", \(undefined) undefined" }
        let markdown = Self.markdown(
            levels: levels, overall: overall, patients: predictions.count, events: predictions.eventCount,
            config: config, options: options, bootstrap: bootstrap, production: production.name)
        let analysis = Analysis(overall: overall, levels: levels, confidence: confidence, measurements: measurements)
        return CheckOutcome(
            findings: findings, summary: summary, measurements: measurements, markdown: markdown, notes: notes,
            evidence: [analysis])
    }

    /// Harrell's C of a subgroup with its bootstrap interval, or the reason it is undefined.
    static func cIndex(
        time: [Double], event: [Bool], score: [Double], options: BootstrapOptions, bootstrap: Bool
    ) -> MetricEstimate {
        do {
            let outcomes = try SurvivalOutcomes(time: time, event: event)
            var estimate = MetricEstimate(value: try Concordance.harrell(outcomes, score: score).index)
            if bootstrap {
                if let interval = try? Bootstrap.interval(outcomes, score: score, metric: .cIndex, options: options) {
                    estimate.lower = interval.lower
                    estimate.upper = interval.upper
                    estimate.skipped = interval.skipped
                } else {
                    estimate.problem = "no bootstrap replicate had a comparable pair"
                }
            }
            return estimate
        } catch {
            return MetricEstimate(value: nil, problem: String(describing: error))
        }
    }

    static func f(_ value: Double?) -> String {
        value.map { PerformanceEvaluation.fixed($0, 3, signed: false) } ?? "—"
    }

    static func interval(_ estimate: MetricEstimate) -> String {
        guard let lower = estimate.lower, let upper = estimate.upper else { return "" }
        return " [\(f(lower)), \(f(upper))]"
    }
}
