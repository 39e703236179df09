// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Where one model's evaluation comes from: predictions (metrics computed here) or a metrics file.
public enum EvaluationSource: Sendable {
    case predictions(Predictions)
    case metrics(MetricsFile)

    /// The file, as named in messages.
    public var file: String {
        switch self {
        case .predictions(let predictions): return predictions.file
        case .metrics(let metrics): return metrics.file
        }
    }
}

/// How to evaluate, as the policy or `gremlin evaluate` sets it.
public struct PerformanceSettings: Sendable, Equatable {
    /// Bootstrap replicates; 0 gives point estimates.
    public var bootstrap: Int
    public var seed: UInt64
    public var confidence: Double
    public var ties: TieMethod
    /// The AUROC horizon when given; `nil` means the median follow-up of the cohort.
    public var horizon: Double?
    /// Who gave the horizon (`policy`, `manifest`, `--horizon`), for the report.
    public var horizonSource: String
    /// The candidate's score direction.
    public var score: ScoreDirection
    /// The baseline's score direction (a manifest may declare it per model).
    public var baselineScore: ScoreDirection
    public var threads: Int

    public init(
        bootstrap: Int = 1000, seed: UInt64 = 20_241_201, confidence: Double = 0.95, ties: TieMethod = .efron,
        horizon: Double? = nil, horizonSource: String = "median follow-up", score: ScoreDirection = .risk,
        baselineScore: ScoreDirection? = nil,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.bootstrap = bootstrap
        self.seed = seed
        self.confidence = confidence
        self.ties = ties
        self.horizon = horizon
        self.horizonSource = horizonSource
        self.score = score
        self.baselineScore = baselineScore ?? score
        self.threads = threads
    }
}

/// A candidate's metrics, the baseline's and their differences, shaped for `audit.json`,
/// `audit.md` and `gremlin evaluate`; shared by the `performance` check and the command.
public struct PerformanceEvaluation: Sendable {
    public var candidateFile: String
    public var baselineFile: String?
    /// Patients and events of the predictions evaluated (`nil` when both sides are metrics files).
    public var patients: Int?
    public var events: Int?
    /// The AUROC horizon used, when AUROC was computed.
    public var horizon: Double?
    public var settings: PerformanceSettings
    /// Whether the difference comes from the paired bootstrap (both sides are predictions).
    public var paired: Bool
    /// Metric name → estimate (built-in names for predictions, the file's keys for metrics files).
    public var candidate: [String: MetricEstimate]
    public var baseline: [String: MetricEstimate]?
    /// candidate − baseline for every metric both sides have.
    public var delta: [String: MetricEstimate]
    /// Caveats for the report (point comparison, undefined metrics).
    public var notes: [String]
    /// Whether each model's metrics were computed from its scores (predictions), not read from a file.
    public var candidateScored = false
    public var baselineScored = false

    /// Evaluates `candidate` against `baseline` (predictions joined on patient_id when both are predictions).
    public static func evaluate(
        candidate: EvaluationSource, baseline: EvaluationSource?,
        settings: PerformanceSettings
    ) throws -> PerformanceEvaluation {
        var result = PerformanceEvaluation(
            candidateFile: candidate.file, baselineFile: baseline?.file, settings: settings,
            paired: false, candidate: [:], delta: [:], notes: [])
        if case .predictions = candidate { result.candidateScored = true }
        if case .predictions? = baseline { result.baselineScored = true }
        switch (candidate, baseline) {
        case (.predictions(let c), .predictions(let b)?):
            let joined = try PredictionsReader.join(candidate: c, baseline: b)
            let outcomes = try result.outcomes(of: joined.candidate)
            let options = result.options(outcomes)
            let evaluation = SurvivalEvaluation.paired(
                outcomes, candidate: joined.candidate.riskScores(settings.score),
                baseline: joined.baseline.riskScores(settings.baselineScore), options: options)
            result.paired = true
            result.candidate = Self.named(evaluation.candidate)
            result.baseline = Self.named(evaluation.baseline)
            result.delta = Self.named(evaluation.delta)
        case (.predictions(let p), let other):
            result.candidate = try result.computed(p, direction: settings.score)
            if case .metrics(let file)? = other { result.baseline = Self.read(file) }
        case (.metrics(let file), let other):
            result.candidate = Self.read(file)
            switch other {
            case .predictions(let p)?: result.baseline = try result.computed(p, direction: settings.baselineScore)
            case .metrics(let file)?: result.baseline = Self.read(file)
            case nil: break
            }
        }
        if !result.paired, let base = result.baseline {
            for (name, c) in result.candidate {
                guard let b = base[name] else { continue }
                if let cv = c.value, let bv = b.value {
                    result.delta[name] = MetricEstimate(value: cv - bv)
                } else {
                    result.delta[name] = MetricEstimate(value: nil, problem: "undefined on one side")
                }
            }
            if !result.delta.isEmpty {
                result.notes.append(
                    "the baseline or the candidate is a metrics file, so no paired bootstrap is possible: "
                        + "the difference compares point values and has no interval")
            }
        }
        for (side, metrics) in [("candidate", result.candidate), ("baseline", result.baseline ?? [:])] {
            for name in Self.order(metrics.keys) {
                if let problem = metrics[name]?.problem { result.notes.append("\(side) \(name): \(problem)") }
            }
        }
        return result
    }

    private mutating func outcomes(of predictions: Predictions) throws -> SurvivalOutcomes {
        try record(Result { try SurvivalOutcomes(time: predictions.time, event: predictions.event) }, predictions)
    }

    /// Takes the cohort's counts and horizon from `made`, or turns its error into an input error.
    private mutating func record(
        _ made: Result<SurvivalOutcomes, any Error>, _ predictions: Predictions
    ) throws -> SurvivalOutcomes {
        do {
            let outcomes = try made.get()
            patients = outcomes.count
            events = outcomes.eventCount
            horizon = settings.horizon ?? SurvivalEvaluation.medianFollowUp(outcomes)
            return outcomes
        } catch {
            throw InputError(file: predictions.file, message: String(describing: error))
        }
    }

    private func options(_ outcomes: SurvivalOutcomes) -> EvaluationOptions {
        EvaluationOptions(
            bootstrap: settings.bootstrap, seed: settings.seed, confidence: settings.confidence,
            ties: settings.ties, horizon: horizon ?? SurvivalEvaluation.medianFollowUp(outcomes),
            threads: settings.threads)
    }

    private mutating func computed(
        _ predictions: Predictions, direction: ScoreDirection
    ) throws -> [String: MetricEstimate] {
        let score = predictions.riskScores(direction)
        // The time sort (in the outcomes) and the score sort are independent: side by side.
        let sorted = parallelMap([false, true], workers: settings.threads) { scores -> Sorted in
            scores
                ? .ranks(RowSort.ranks(score))
                : .outcomes(Result { try SurvivalOutcomes(time: predictions.time, event: predictions.event) })
        }
        guard case .outcomes(let made) = sorted[0], case .ranks(let ranks) = sorted[1] else {
            preconditionFailure("parallelMap keeps the order of its items")
        }
        let outcomes = try record(made, predictions)
        return Self.named(
            SurvivalEvaluation.single(outcomes, score: score, ranks: ranks, options: options(outcomes)))
    }

    /// What `computed` sorts side by side.
    private enum Sorted: Sendable {
        case outcomes(Result<SurvivalOutcomes, any Error>)
        case ranks(ScoreRanks)
    }

    private static func named(_ metrics: [MetricName: MetricEstimate]) -> [String: MetricEstimate] {
        Dictionary(uniqueKeysWithValues: metrics.map { ($0.key.rawValue, $0.value) })
    }

    private static func read(_ file: MetricsFile) -> [String: MetricEstimate] {
        file.metrics.mapValues { MetricEstimate(value: $0.value, lower: $0.lower, upper: $0.upper, pValue: $0.pValue) }
    }

    /// Built-in metrics in their fixed order, then any other names sorted.
    static func order<S: Sequence>(_ names: S) -> [String] where S.Element == String {
        let all = Set(names)
        let builtIn = MetricName.allCases.map(\.rawValue).filter(all.contains)
        return builtIn + all.subtracting(builtIn).sorted()
    }

    /// Every metric name on either side, in report order.
    public var metricNames: [String] {
        Self.order(Array(candidate.keys) + Array(baseline?.keys ?? [String: MetricEstimate]().keys))
    }

    // MARK: - audit.json

    /// The measurement keys of SPEC: `candidate|baseline.<metric>.{value, ci[, p_value]}`,
    /// `delta.<metric>.{value, ci, p_value}`, plus n, events, horizon and the bootstrap settings.
    public var measurements: [String: JSONValue] {
        var result: [String: JSONValue] = [
            "candidate": .object(candidate.mapValues { Self.entry($0, withP: nil) }),
            "score": .string(settings.score.rawValue),
            "ties": .string(settings.ties.rawValue),
            "paired": .bool(paired),
        ]
        if let baseline {
            if baselineScored { result["baseline_score"] = .string(settings.baselineScore.rawValue) }
            result["baseline"] = .object(baseline.mapValues { Self.entry($0, withP: nil) })
            result["delta"] = .object(delta.mapValues { Self.entry($0, withP: true) })
        }
        result["n"] = patients.map(JSONValue.int) ?? .null
        result["events"] = events.map(JSONValue.int) ?? .null
        if let horizon {
            result["horizon"] = .double(horizon)
            result["horizon_source"] = .string(settings.horizonSource)
        }
        var skipped: [String: JSONValue] = [:]
        for (name, estimate) in paired ? delta : candidate {
            if let count = estimate.skipped { skipped[name] = .int(count) }
        }
        result["bootstrap"] = .object([
            "replicates": .int(settings.bootstrap),
            "seed": .int(Int(truncatingIfNeeded: settings.seed)),
            "confidence": .double(settings.confidence),
            "method": .string(settings.bootstrap == 0 ? "none" : paired ? "paired percentile" : "percentile"),
            "skipped": .object(skipped),
        ])
        return result
    }

    /// `{value, ci}`; `p_value` for hazard ratios and differences, or whenever a file gave one.
    static func entry(_ estimate: MetricEstimate, withP: Bool?) -> JSONValue {
        var members: [String: JSONValue] = ["value": estimate.value.map(JSONValue.double) ?? .null]
        if let lower = estimate.lower, let upper = estimate.upper {
            members["ci"] = .array([.double(lower), .double(upper)])
        } else {
            members["ci"] = .null
        }
        if withP == true || estimate.pValue != nil {
            members["p_value"] = estimate.pValue.map(JSONValue.double) ?? .null
        }
        if estimate.value == nil, let problem = estimate.problem { members["undefined"] = .string(problem) }
        return .object(members)
    }

    // MARK: - Text

    /// The row title of a metric (AUROC names its horizon).
    public func title(_ name: String) -> String {
        guard let metric = MetricName(rawValue: name) else { return name }
        if metric == .auroc, let horizon { return "AUROC at t = \(Self.plain(horizon))" }
        return metric.title
    }

    /// A value with its interval: `0.677 [0.634, 0.719]`.
    public func cell(_ name: String, _ estimate: MetricEstimate?, signed: Bool = false) -> String {
        guard let estimate else { return "—" }
        guard let value = estimate.value else { return "undefined" }
        let digits = name.hasPrefix("hazard_ratio") ? 2 : 3
        var text = Self.fixed(value, digits, signed: signed)
        if let lower = estimate.lower, let upper = estimate.upper {
            text += " [\(Self.fixed(lower, digits, signed: signed)), \(Self.fixed(upper, digits, signed: signed))]"
        }
        return text
    }

    /// A p-value as reported: three decimals, or `< 0.001` (bootstrap: `< 1/used replicates`).
    public func pText(_ p: Double?, bootstrap: Bool) -> String {
        guard let p else { return "—" }
        let floor = bootstrap && settings.bootstrap > 0 ? max(0.001, 1 / Double(settings.bootstrap)) : 0.001
        return p < floor ? "< \(Self.plain(floor))" : String(format: "%.3f", p)
    }

    /// One line on how the numbers were made, for the report.
    public var methodLine: String {
        var parts: [String] = []
        if let patients, let events { parts.append("\(patients) patients, \(events) events") }
        let level = Self.plain(settings.confidence * 100) + "%"
        if settings.bootstrap > 0 {
            parts.append(
                "\(paired ? "paired " : "")percentile bootstrap, \(settings.bootstrap) replicates, seed \(settings.seed), \(level) CI"
            )
        } else {
            parts.append("no bootstrap (point estimates; hazard ratios keep their Wald \(level) CI)")
        }
        parts.append(
            "Harrell's C (tied scores count ½), Cox \(settings.ties.rawValue == "efron" ? "Efron" : "Breslow") ties with Wald CI"
        )
        if let directionText { parts.append(directionText) }
        if let horizon { parts.append("AUROC horizon \(Self.plain(horizon)) (\(settings.horizonSource))") }
        return parts.joined(separator: "; ")
    }

    /// Each scored model's direction (a metrics file has no scores), as the method line states it.
    var directionText: String? {
        func side(_ direction: ScoreDirection) -> String {
            direction == .survival ? "survival (negated to risks)" : "risk (higher = worse)"
        }
        switch (candidateScored, baselineScored) {
        case (true, true) where settings.score == settings.baselineScore:
            return "both models' scores: \(side(settings.score))"
        case (true, true):
            return "candidate score: \(side(settings.score)); baseline score: \(side(settings.baselineScore))"
        case (true, false): return "candidate score: \(side(settings.score))"
        case (false, true): return "baseline score: \(side(settings.baselineScore))"
        case (false, false): return nil
        }
    }

    /// The Markdown table: candidate vs baseline with intervals, the difference and its p-value.
    public func markdownTable(candidateName: String, baselineName: String) -> String {
        var lines = [
            "| metric | \(MarkdownEscaper.text(candidateName)) | \(MarkdownEscaper.text(baselineName)) | Δ candidate − production | p (Δ) |",
            "| --- | --- | --- | --- | --- |",
        ]
        for name in metricNames {
            var candidateCell = cell(name, candidate[name])
            var baselineCell = cell(name, baseline?[name])
            if name.hasPrefix("hazard_ratio") {
                candidateCell += hazardNote(candidate[name])
                baselineCell += hazardNote(baseline?[name])
            }
            let d = delta[name]
            lines.append(
                "| \(MarkdownEscaper.text(title(name))) | \(candidateCell) | \(baselineCell) | "
                    + "\(cell(name, d, signed: true)) | \(pText(d?.pValue, bootstrap: paired)) |")
        }
        return lines.joined(separator: "\n")
    }

    /// `p < 0.001` or `p = 0.026`.
    public func pClause(_ p: Double, bootstrap: Bool) -> String {
        let text = pText(p, bootstrap: bootstrap)
        return text.hasPrefix("<") ? "p \(text)" : "p = \(text)"
    }

    /// `, p < 0.001 (significant)` after a hazard ratio whose Wald p-value is known.
    func hazardNote(_ estimate: MetricEstimate?) -> String {
        guard let p = estimate?.pValue else { return "" }
        return ", " + pClause(p, bootstrap: false)
            + (p < 1 - settings.confidence ? " (significant)" : " (not significant)")
    }

    static func fixed(_ value: Double, _ digits: Int, signed: Bool) -> String {
        let text = String(format: signed ? "%+.\(digits)f" : "%.\(digits)f", value)
        // A value that rounds to zero is zero: never `-0.000`.
        guard text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) else { return text }
        return (signed ? "+" : "") + text.dropFirst()
    }

    /// A number without trailing zeros: 1460, 0.95, 0.001.
    static func plain(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%g", value)
    }
}
