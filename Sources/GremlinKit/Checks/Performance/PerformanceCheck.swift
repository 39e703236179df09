// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Performance Gate: The candidate beats the model in production on the policy metric, by a margin the data supports.
///
/// Rules on the policy `metric` (improvement = candidate − baseline, negated when
/// `higher_is_better` is false): improvement > `min_delta`; the candidate better than
/// `absolute_min` (above it, or below it when lower is better); with `require_significant`, the
/// paired-bootstrap interval of the improvement lies entirely above `min_delta`. Metrics come
/// from the predictions (C-index, AUROC, hazard ratios) or from metrics files; with a metrics file
/// on either side the gate compares point values, since no paired bootstrap is possible.
/// The AUROC horizon is the policy's `horizon`, else the manifest's `evaluation.horizon`, else
/// the median observed follow-up time of the evaluation cohort.
public struct PerformanceCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "performance",
        title: "Performance Gate",
        rationale: "The candidate beats the model in production on the policy metric, by a margin the data supports.",
        reads: "the manifest's evaluation predictions or metrics files",
        needsManifest: true,
        after: [],
        keys: [
            Field(
                "metric", .string, default: .string("c_index"),
                doc: "c_index | auroc | hazard_ratio_per_sd | hazard_ratio_high_vs_low | any key of a metrics file"),
            Field("higher_is_better", .boolean, default: .bool(true), doc: "direction of improvement"),
            Field("min_delta", .number, default: .double(0), doc: "candidate − baseline must exceed this"),
            Field(
                "require_significant", .boolean, default: .bool(false),
                doc: "the paired-bootstrap CI of the difference must lie above min_delta"),
            Field(
                "absolute_min", .number,
                doc: "the candidate must score above this (below it when higher_is_better is false)"),
            Field("confidence", .number, default: .double(0.95), doc: "confidence level of the intervals"),
            Field(
                "bootstrap", .integer(minimum: 0), default: .int(1000),
                doc: "bootstrap replicates; 0 gives point estimates only"),
            Field("seed", .integer, default: .int(20_241_201), doc: "bootstrap seed"),
            Field(
                "ties", .oneOf(["efron", "breslow"]), default: .string("efron"), doc: "tie handling of the Cox model"),
            Field(
                "horizon", .number,
                doc:
                    "AUROC horizon in the time unit of the predictions (default: manifest evaluation.horizon, else the median follow-up)"
            ),
            Field(
                "cohort", .oneOf(["any", "test"]), default: .string("any"),
                doc:
                    "any: evaluate whatever patients the predictions hold; test: the predictions must hold exactly the "
                    + "manifest's declared test split (splits.test, or the `test` rows of splits.assignments), IDs "
                    + "compared as the leakage check's default `trim`; a difference is a finding giving counts only, "
                    + "a metrics-file candidate an error"),
            Field(
                "baseline_from", .list(.oneOf(baselineSources)),
                default: .list(baselineSources.map(ConfigValue.string)),
                doc: "baseline sources the gate trusts: predictions (scored here, paired), registry (the run of "
                    + "the manifest registry's production_alias: its predictions artifact scored here, else its logged "
                    + "metrics), metrics (a metrics file, JSON or .xlsx, numbers as written); "
                    + "a baseline from another source fails the check"),
        ],
        examples: [
            "metric: c_index\nmin_delta: 0.0\nabsolute_min: 0.60\nbootstrap: 200\nseed: 7",
            "metric: hazard_ratio_per_sd\nrequire_significant: true\nconfidence: 0.9\nties: breslow\nhorizon: 365",
        ]
    )

    /// Where a baseline can come from, as `baseline_from` names them.
    public static let baselineSources = ["predictions", "registry", "metrics"]

    public init() {}

    /// The `performance` policy section.
    public struct Config: CheckConfiguration {
        public var metric: String
        public var higherIsBetter: Bool
        public var minDelta: Double
        public var requireSignificant: Bool
        public var absoluteMin: Double?
        public var confidence: Double
        public var bootstrap: Int
        public var seed: Int
        public var ties: TieMethod
        public var horizon: Double?
        /// Whether the evaluation cohort must be the declared test split.
        public var cohortIsTest: Bool
        /// The baseline sources the policy trusts.
        public var baselineFrom: [String]
        public var file: String

        public init(_ section: CheckConfig) throws {
            metric = try section.decode("metric")
            higherIsBetter = try section.decode("higher_is_better")
            minDelta = try section.decode("min_delta")
            requireSignificant = try section.decode("require_significant")
            absoluteMin = section.decodeIfPresent("absolute_min")
            confidence = try section.decode("confidence")
            bootstrap = try section.decode("bootstrap")
            seed = try section.decode("seed")
            ties = try section.decode("ties")
            horizon = section.decodeIfPresent("horizon")
            cohortIsTest = try section.decode("cohort", as: String.self) == "test"
            baselineFrom = try section.decode("baseline_from")
            file = section.file
        }
    }

    public func run(_ context: CheckContext, config: Config) throws -> CheckOutcome {
        let manifest = try context.requireManifest(for: "performance")
        let gate = try Gate(config)
        let settings = try Self.settings(config, manifest: manifest, key: "checks.performance")
        let inputs: Inputs
        switch try Self.inputs(context, config: config, manifest: manifest) {
        case .compare(let found): inputs = found
        case .refuse(let outcome): return outcome
        }
        let (candidate, baseline) = (inputs.candidate, inputs.baseline)
        let cohort =
            config.cohortIsTest
            ? try Self.cohortFindings([candidate, baseline], manifest: manifest, files: context.files) : []
        for source in [candidate, baseline] { try gate.requireAvailable(in: source, policy: config.file) }
        if gate.requireSignificant {
            for source in [candidate, baseline] {
                if case .metrics(let file) = source {
                    throw InputError(
                        file: config.file, key: "checks.performance.require_significant",
                        message:
                            "significance needs a paired bootstrap on both models' predictions, but \(file.file) is a metrics file",
                        fix: "give predictions for both models, or set require_significant: false")
                }
            }
        }

        let result = try PerformanceEvaluation.evaluate(candidate: candidate, baseline: baseline, settings: settings)
        let verdict = try gate.judge(result)
        var measurements = result.measurements
        var gateMeasurement = verdict.measurement
        if case .object(var members) = gateMeasurement {
            members["cohort"] = .string(config.cohortIsTest ? "test" : "any")
            gateMeasurement = .object(members)
        }
        measurements["gate"] = gateMeasurement
        let location = Location(path: candidate.file)
        var findings = cohort + verdict.failures.map { Finding(rule: $0.rule, message: $0.message, location: location) }
        findings += Self.inverted(result, manifest: manifest)
        let notes =
            inputs.notes + result.notes.map { Finding(rule: "performance.note", message: $0, location: location) }

        let candidateName = "candidate \(manifest.model.name) \(manifest.model.version)"
        let baselineName = "production \(inputs.baselineName)"
        var markdown = "\(result.methodLine).\n\n" + inputs.markdown
        markdown += result.markdownTable(candidateName: candidateName, baselineName: baselineName) + "\n\n"
        markdown += verdict.markdown
        if !result.notes.isEmpty {
            markdown += "\n" + result.notes.map { "- " + MarkdownEscaper.text($0) }.joined(separator: "\n") + "\n"
        }
        return CheckOutcome(
            findings: findings, summary: verdict.summary, measurements: measurements,
            markdown: markdown, notes: notes, evidence: [result])
    }

    /// A model ranking worse than chance (C < 0.5) almost always has its score direction
    /// reversed (`score: risk` against `survival`): every comparison with it is then meaningless.
    static func inverted(_ result: PerformanceEvaluation, manifest: Manifest) -> [Finding] {
        var findings: [Finding] = []
        let models =
            [("candidate", result.candidate, result.candidateFile, result.settings.score)]
            + (result.baseline.map { [("baseline", $0, result.baselineFile ?? "", result.settings.baselineScore)] }
                ?? [])
        for (role, metrics, file, direction) in models {
            guard let c = metrics["c_index"]?.value, c < 0.5 else { continue }
            let key = manifest.evaluation?.scoreKey(baseline: role == "baseline") ?? "evaluation.score"
            findings.append(
                Finding(
                    rule: "performance.inverted-score",
                    message:
                        "the \(role)'s C-index is \(PerformanceEvaluation.fixed(c, 3, signed: false)), below chance: its "
                        + "score is probably inverted (the manifest says score: \(direction.rawValue) at \(key)) — "
                        + "check the score's direction; each model's can be declared as evaluation.\(role).score",
                    location: Location(path: file)))
        }
        return findings
    }

    /// The evaluation settings from a policy section (and the manifest's horizon and score direction).
    static func settings(_ config: Config, manifest: Manifest?, key: String) throws -> PerformanceSettings {
        let confidence = config.confidence
        guard confidence > 0, confidence < 1 else {
            throw InputError(
                file: config.file, key: "\(key).confidence", message: "\(confidence) is not strictly between 0 and 1",
                fix: "use a level such as 0.95")
        }
        var horizon: Double?
        var source = "median follow-up"
        if let value = config.horizon {
            horizon = value
            source = "policy"
        } else if let value = manifest?.evaluation?.horizon {
            horizon = value
            source = "manifest"
        }
        if let horizon, !(horizon > 0 && horizon.isFinite) {
            throw InputError(
                file: source == "policy" ? config.file : manifest?.file,
                key: source == "policy" ? "\(key).horizon" : "evaluation.horizon",
                message: "the AUROC horizon \(horizon) is not a positive time",
                fix: "give a follow-up time in the predictions' unit, e.g. 365 for one year in days")
        }
        return PerformanceSettings(
            bootstrap: config.bootstrap,
            seed: UInt64(bitPattern: Int64(config.seed)), confidence: confidence,
            ties: config.ties,
            horizon: horizon, horizonSource: source,
            score: manifest?.evaluation?.candidateScore ?? .risk,
            baselineScore: manifest?.evaluation?.baselineScore ?? .risk)
    }

    /// Reads a manifest evaluation source: predictions when named (computed here), else the metrics file.
    static func source(_ source: Manifest.EvaluationSource, key: String, files: InputFiles) throws -> EvaluationSource {
        if let path = source.predictions {
            return .predictions(try PredictionsReader.read(path, files: files, key: "\(key).predictions"))
        }
        if let path = source.metrics {
            return .metrics(
                try MetricsReader.read(
                    path, files: files, key: "\(key).metrics", sheet: source.sheet, row: source.row,
                    model: source.name))
        }
        throw InputError(
            key: key, message: "needs `predictions:` or `metrics:`", fix: "name the predictions CSV or the metrics JSON"
        )
    }

    /// The policy's pass rules and their evaluation.
    struct Gate {
        let metric: String
        let higherIsBetter: Bool
        let minDelta: Double
        let absoluteMin: Double?
        let requireSignificant: Bool

        init(_ config: Config) throws {
            metric = config.metric
            higherIsBetter = config.higherIsBetter
            minDelta = config.minDelta
            absoluteMin = config.absoluteMin
            requireSignificant = config.requireSignificant
            if requireSignificant && config.bootstrap == 0 {
                throw InputError(
                    file: config.file, key: "checks.performance.require_significant",
                    message: "require_significant needs the paired bootstrap, but bootstrap is 0",
                    fix: "set bootstrap to a number of replicates such as 1000, or require_significant: false")
            }
        }

        /// The policy metric must be one the gate computes from predictions, or a key of the metrics file.
        func requireAvailable(in source: EvaluationSource, policy: String) throws {
            switch source {
            case .predictions(let predictions):
                guard MetricName(rawValue: metric) != nil else {
                    let names = MetricName.allCases.map(\.rawValue)
                    let hint = Suggest.nearest(metric, in: names).map { "did you mean \($0)? " } ?? ""
                    throw InputError(
                        file: policy, key: "checks.performance.metric",
                        message: "'\(metric)' is not a metric the gate computes from predictions (\(predictions.file))",
                        fix:
                            "\(hint)from predictions the gate computes \(names.joined(separator: ", ")); other metrics need a metrics file"
                    )
                }
            case .metrics(let file):
                guard file.metrics[metric] != nil else {
                    let hint =
                        Suggest.nearest(metric, in: file.names).map { "did you mean \(InputExcerpt.short($0))? " } ?? ""
                    throw InputError(
                        file: file.file, key: metric,
                        message:
                            "the policy metric '\(metric)' is not in this metrics file (it has: \(file.names.joined(separator: ", ")))",
                        fix: "\(hint)add the metric to the file, or change checks.performance.metric in \(policy)")
                }
            }
        }

        struct Failure {
            let rule: String
            let message: String
        }

        struct Verdict {
            var failures: [Failure]
            var summary: String
            var markdown: String
            var measurement: JSONValue
        }

        func judge(_ result: PerformanceEvaluation) throws -> Verdict {
            guard let candidate = result.candidate[metric], let c = candidate.value else {
                throw InputError(
                    file: result.candidateFile,
                    message:
                        "the candidate's \(metric) is undefined: \(result.candidate[metric]?.problem ?? "not reported")",
                    fix: "check the predictions: a survival metric needs observed events and comparable patients")
            }
            guard let baseline = result.baseline?[metric], let b = baseline.value else {
                throw InputError(
                    file: result.baselineFile,
                    message:
                        "the baseline's \(metric) is undefined: \(result.baseline?[metric]?.problem ?? "not reported")",
                    fix: "check the baseline predictions or metrics file")
            }
            let sign = higherIsBetter ? 1.0 : -1.0
            let delta = result.delta[metric] ?? MetricEstimate(value: c - b)
            let improvement = sign * (c - b)
            let digits = metric.hasPrefix("hazard_ratio") ? 2 : 3
            func f(_ x: Double, signed: Bool = false) -> String {
                PerformanceEvaluation.fixed(x, digits, signed: signed)
            }
            let betterWord = higherIsBetter ? "above" : "below"

            var failures: [Failure] = []
            var rows: [String] = []
            let deltaPasses = improvement > minDelta
            let direction = higherIsBetter ? "candidate − production" : "production − candidate"
            rows.append(
                "| \(direction) > min_delta | > \(f(minDelta)) | \(f(improvement, signed: true)) | \(deltaPasses ? "✅" : "❌") |"
            )
            if !deltaPasses {
                failures.append(
                    Failure(
                        rule: "performance.min-delta",
                        message:
                            "\(metric): the candidate (\(f(c))) improves on production (\(f(b))) by \(f(improvement, signed: true)), "
                            + "not more than min_delta \(f(minDelta))"))
            }
            var absolutePasses: Bool?
            if let absoluteMin {
                let passes = sign * (c - absoluteMin) > 0
                absolutePasses = passes
                rows.append(
                    "| candidate \(betterWord) absolute_min | \(higherIsBetter ? ">" : "<") \(f(absoluteMin)) | \(f(c)) | \(passes ? "✅" : "❌") |"
                )
                if !passes {
                    failures.append(
                        Failure(
                            rule: "performance.absolute-min",
                            message:
                                "\(metric): the candidate scores \(f(c)), not \(betterWord) absolute_min \(f(absoluteMin))"
                        ))
                }
            }
            var significancePasses: Bool?
            var interval: (Double, Double)?
            if let lower = delta.lower, let upper = delta.upper {
                interval = higherIsBetter ? (lower, upper) : (-upper, -lower)
            }
            if requireSignificant {
                guard let interval else {
                    throw InputError(
                        file: result.candidateFile,
                        message:
                            "require_significant: the paired bootstrap of \(metric) gave no interval (\(delta.problem ?? "no replicates"))",
                        fix: "check that the cohort has enough events, or set require_significant: false")
                }
                let passes = interval.0 > minDelta
                significancePasses = passes
                rows.append(
                    "| \(Int((result.settings.confidence * 100).rounded()))% CI of the improvement above min_delta | > \(f(minDelta)) "
                        + "| [\(f(interval.0, signed: true)), \(f(interval.1, signed: true))] | \(passes ? "✅" : "❌") |"
                )
                if !passes {
                    failures.append(
                        Failure(
                            rule: "performance.not-significant",
                            message:
                                "\(metric): the \(Int((result.settings.confidence * 100).rounded()))% paired-bootstrap interval of the improvement "
                                + "[\(f(interval.0, signed: true)), \(f(interval.1, signed: true))] does not lie above min_delta \(f(minDelta))"
                        ))
                }
            } else {
                rows.append(
                    "| paired CI of the improvement above min_delta | not required | "
                        + "\(interval.map { "[\(f($0.0, signed: true)), \(f($0.1, signed: true))]" } ?? "—") | — |")
            }

            var summary = "\(metric) \(f(c)) vs production \(f(b)) (Δ \(f(c - b, signed: true))"
            if let lower = delta.lower, let upper = delta.upper {
                summary +=
                    ", \(Int((result.settings.confidence * 100).rounded()))% CI \(f(lower, signed: true)) to \(f(upper, signed: true))"
            }
            summary += ")"
            if let n = result.patients { summary += " on \(n) patients" }
            if !failures.isEmpty { summary += "; \(failures.count) rule\(failures.count == 1 ? "" : "s") failed" }

            var markdown = "Gate on `\(metric)` (\(higherIsBetter ? "higher" : "lower") is better):\n\n"
            markdown +=
                "| rule | required | observed | |\n| --- | --- | --- | --- |\n" + rows.joined(separator: "\n") + "\n"

            var gate: [String: JSONValue] = [
                "metric": .string(metric),
                "higher_is_better": .bool(higherIsBetter),
                "min_delta": .double(minDelta),
                "improvement": .double(improvement),
                "require_significant": .bool(requireSignificant),
                "delta_passed": .bool(deltaPasses),
                "passed": .bool(failures.isEmpty),
            ]
            gate["absolute_min"] = absoluteMin.map(JSONValue.double) ?? .null
            gate["absolute_min_passed"] = absolutePasses.map(JSONValue.bool) ?? .null
            gate["significance_passed"] = significancePasses.map(JSONValue.bool) ?? .null
            return Verdict(failures: failures, summary: summary, markdown: markdown, measurement: .object(gate))
        }
    }
}

/// The evaluation (candidate, baseline, paired differences) is what the model card renders.
extension PerformanceEvaluation: CheckEvidence {}
