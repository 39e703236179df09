// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The metrics the gate reports for a risk score, named by their measurement key.
public enum MetricName: String, Sendable, CaseIterable, Comparable {
    case cIndex = "c_index"
    case auroc
    case hazardRatioPerSD = "hazard_ratio_per_sd"
    case hazardRatioHighVsLow = "hazard_ratio_high_vs_low"

    /// A short human title for tables.
    public var title: String {
        switch self {
        case .cIndex: return "C-index (Harrell)"
        case .auroc: return "AUROC"
        case .hazardRatioPerSD: return "HR per SD of score"
        case .hazardRatioHighVsLow: return "HR high vs low (median split)"
        }
    }

    /// Hazard ratios carry a Wald interval and p-value; the others a bootstrap interval.
    public var isHazardRatio: Bool { self == .hazardRatioPerSD || self == .hazardRatioHighVsLow }

    public func metric(horizon: Double, ties: TieMethod) -> SurvivalMetric {
        switch self {
        case .cIndex: return .cIndex
        case .auroc: return .auroc(horizon: horizon)
        case .hazardRatioPerSD: return .hazardRatioPerSD(ties: ties)
        case .hazardRatioHighVsLow: return .hazardRatioHighVsLow(ties: ties)
        }
    }

    public static func < (lhs: MetricName, rhs: MetricName) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// Settings shared by every metric of an evaluation.
public struct EvaluationOptions: Sendable, Equatable {
    /// Bootstrap replicates; 0 gives point estimates (hazard ratios keep their Wald interval).
    public var bootstrap: Int
    public var seed: UInt64
    /// Level of every interval, bootstrap and Wald.
    public var confidence: Double
    public var ties: TieMethod
    /// AUROC horizon, in the time unit of the outcomes.
    public var horizon: Double
    /// Bootstrap worker threads; results do not depend on it.
    public var threads: Int

    public init(
        bootstrap: Int = 1000, seed: UInt64 = 20_241_201, confidence: Double = 0.95, ties: TieMethod = .efron,
        horizon: Double, threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.bootstrap = bootstrap
        self.seed = seed
        self.confidence = confidence
        self.ties = ties
        self.horizon = horizon
        self.threads = threads
    }

    var bootstrapOptions: BootstrapOptions {
        BootstrapOptions(replicates: bootstrap, seed: seed, confidence: confidence, threads: threads, nullDifference: 0)
    }
}

/// One metric of one model, or of the paired difference: what is defined of value, interval, p-value.
public struct MetricEstimate: Sendable, Equatable {
    /// The point estimate; `nil` when undefined on this cohort (see `problem`).
    public var value: Double?
    /// Interval bounds: percentile bootstrap, or Wald for hazard ratios.
    public var lower: Double?
    public var upper: Double?
    /// Wald p-value of a hazard ratio, or the paired-bootstrap p-value of a difference.
    public var pValue: Double?
    /// Bootstrap replicates skipped because the statistic was undefined on them.
    public var skipped: Int?
    /// Why the value or its interval is missing, for notes.
    public var problem: String?

    public init(
        value: Double?, lower: Double? = nil, upper: Double? = nil, pValue: Double? = nil,
        skipped: Int? = nil, problem: String? = nil
    ) {
        self.value = value
        self.lower = lower
        self.upper = upper
        self.pValue = pValue
        self.skipped = skipped
        self.problem = problem
    }

    static func undefined(_ error: Error) -> MetricEstimate {
        MetricEstimate(value: nil, problem: String(describing: error))
    }
}

/// Candidate, baseline and the paired difference (candidate − baseline) for every metric.
public struct PairedEvaluation: Sendable {
    public var candidate: [MetricName: MetricEstimate]
    public var baseline: [MetricName: MetricEstimate]
    public var delta: [MetricName: MetricEstimate]
}

/// Evaluates risk scores on survival outcomes: every `MetricName` with its interval, for one
/// model or for two models on the same patients with the paired bootstrap of the difference.
///
/// Hazard ratios take the Wald interval and p-value of the Cox fit (the statistics conventions);
/// C-index and AUROC the percentile-bootstrap interval. A metric that is undefined on the cohort
/// (a Cox fit separating the events, one class at the AUROC horizon) becomes a `problem`, never
/// a number. The paired bootstrap uses the same resamples for both models and every metric
/// (replicate r is the same multiset of patients in each call, see `Bootstrap`).
public enum SurvivalEvaluation {
    /// The default AUROC horizon: the median observed (follow-up) time, numpy's median (read off
    /// the outcomes' stable time sort: the same middle elements as numpy's sort).
    public static func medianFollowUp(_ outcomes: SurvivalOutcomes) -> Double {
        let n = outcomes.count
        guard n > 0 else { return numpyMedian(outcomes.time) }
        let time = outcomes.time
        let order = outcomes.timeOrder
        return n % 2 == 1 ? time[Int(order[n / 2])] : (time[Int(order[n / 2 - 1])] + time[Int(order[n / 2])]) / 2
    }

    /// Every metric of one score.
    public static func single(
        _ outcomes: SurvivalOutcomes, score: [Double],
        options: EvaluationOptions
    ) -> [MetricName: MetricEstimate] {
        single(outcomes, score: score, ranks: nil, options: options)
    }

    /// Every metric of one score, given the score's ranks when already computed (`nil`: here).
    ///
    /// The point estimates are independent, so they are computed side by side (the two Cox fits
    /// first: they take longest); each is the same computation whatever the thread count.
    static func single(
        _ outcomes: SurvivalOutcomes, score: [Double], ranks: ScoreRanks?,
        options: EvaluationOptions
    ) -> [MetricName: MetricEstimate] {
        // One sort of a valid score serves the C-index, the AUROC and the median split.
        let valid = (try? outcomes.validate(score, field: "score")) != nil
        let ranks = valid ? ranks ?? RowSort.ranks(score) : nil
        let names: [MetricName] = [.hazardRatioHighVsLow, .hazardRatioPerSD, .cIndex, .auroc]
        let points = parallelMap(names, workers: options.threads) { name in
            (name, point(name, outcomes, score: score, ranks: ranks, options: options))
        }
        var result = Dictionary(uniqueKeysWithValues: points)
        guard options.bootstrap > 0 else { return result }
        // One pass over the replicates for every bootstrapped metric (one resample drawn per replicate).
        let bootstrapped = MetricName.allCases.filter { !$0.isHazardRatio && result[$0]?.value != nil }
        let intervals = Bootstrap.intervals(
            outcomes, score: score,
            metrics: bootstrapped.map {
                (metric: $0.metric(horizon: options.horizon, ties: options.ties), estimate: result[$0]?.value ?? .nan)
            },
            options: options.bootstrapOptions)
        for (name, interval) in zip(bootstrapped, intervals) {
            guard var estimate = result[name] else { continue }
            do {
                let interval = try interval.get()
                estimate.lower = interval.lower
                estimate.upper = interval.upper
                estimate.skipped = interval.skipped
            } catch {
                estimate.problem = "no interval: \(error)"
            }
            result[name] = estimate
        }
        return result
    }

    /// One metric's point estimate (hazard ratios with their Wald interval), from `ranks` when
    /// given (the score is then valid), else as `SurvivalMetric.evaluate` computes it.
    private static func point(
        _ name: MetricName, _ outcomes: SurvivalOutcomes, score: [Double], ranks: ScoreRanks?,
        options: EvaluationOptions
    ) -> MetricEstimate {
        if name.isHazardRatio { return hazardRatio(name, outcomes, score: score, ranks: ranks, options: options) }
        do {
            guard let ranks else {
                return MetricEstimate(
                    value: try name.metric(horizon: options.horizon, ties: options.ties).evaluate(
                        outcomes, score: score))
            }
            switch name {
            case .cIndex: return MetricEstimate(value: try Concordance.harrell(outcomes, ranks: ranks).index)
            default:
                return MetricEstimate(value: try AUROC.atHorizon(outcomes, ranks: ranks, horizon: options.horizon).auc)
            }
        } catch {
            return .undefined(error)
        }
    }

    /// Both scores' metrics and their paired difference on the same resampled patients.
    public static func paired(
        _ outcomes: SurvivalOutcomes, candidate: [Double], baseline: [Double],
        options: EvaluationOptions
    ) -> PairedEvaluation {
        var c: [MetricName: MetricEstimate] = [:]
        var b: [MetricName: MetricEstimate] = [:]
        var d: [MetricName: MetricEstimate] = [:]
        var bootstrapped: [(MetricName, (metric: SurvivalMetric, candidate: Double, baseline: Double))] = []
        // The eight point estimates are independent: side by side (the Cox fits first: they take
        // longest); each is the same computation whatever the thread count.
        let tasks = [MetricName.hazardRatioHighVsLow, .hazardRatioPerSD, .cIndex, .auroc].flatMap {
            [($0, true), ($0, false)]
        }
        let estimates = parallelMap(tasks, workers: options.threads) { name, isCandidate -> MetricEstimate in
            let score = isCandidate ? candidate : baseline
            return name.isHazardRatio
                ? hazardRatio(name, outcomes, score: score, options: options)
                : point(name.metric(horizon: options.horizon, ties: options.ties), outcomes, score)
        }
        var points: [MetricName: (candidate: MetricEstimate, baseline: MetricEstimate)] = [:]
        for (k, (name, isCandidate)) in tasks.enumerated() where isCandidate {
            points[name] = (estimates[k], estimates[k + 1])
        }
        for name in MetricName.allCases {
            let metric = name.metric(horizon: options.horizon, ties: options.ties)
            guard let (cand, base) = points[name] else { continue }
            var delta = MetricEstimate(value: nil)
            if let cv = cand.value, let bv = base.value {
                delta.value = cv - bv
                if options.bootstrap > 0 { bootstrapped.append((name, (metric, cv, bv))) }
            } else {
                let (side, undefined) = cand.value == nil ? ("candidate's", cand) : ("baseline's", base)
                delta.problem =
                    "undefined because the \(side) \(name.rawValue) is undefined: \(undefined.problem ?? "no value")"
            }
            c[name] = cand
            b[name] = base
            d[name] = delta
        }
        // One pass over the replicates for every defined metric: each replicate's resample is
        // drawn once and all of them are evaluated on it, for both scores.
        let boots = Bootstrap.pairedAll(
            outcomes, candidate: candidate, baseline: baseline, metrics: bootstrapped.map(\.1),
            options: options.bootstrapOptions)
        for ((name, _), result) in zip(bootstrapped, boots) {
            do {
                let boot = try result.get()
                d[name]?.lower = boot.difference.lower
                d[name]?.upper = boot.difference.upper
                d[name]?.pValue = boot.pValue
                d[name]?.skipped = boot.difference.skipped
                if !name.isHazardRatio {
                    c[name]?.lower = boot.candidate.lower
                    c[name]?.upper = boot.candidate.upper
                    c[name]?.skipped = boot.difference.skipped
                    b[name]?.lower = boot.baseline.lower
                    b[name]?.upper = boot.baseline.upper
                    b[name]?.skipped = boot.difference.skipped
                }
            } catch {
                d[name]?.problem = "no interval: \(error)"
            }
        }
        return PairedEvaluation(candidate: c, baseline: b, delta: d)
    }

    private static func point(
        _ metric: SurvivalMetric, _ outcomes: SurvivalOutcomes, _ score: [Double]
    ) -> MetricEstimate {
        do {
            return MetricEstimate(value: try metric.evaluate(outcomes, score: score))
        } catch {
            return .undefined(error)
        }
    }

    private static func hazardRatio(
        _ name: MetricName, _ outcomes: SurvivalOutcomes, score: [Double], ranks: ScoreRanks? = nil,
        options: EvaluationOptions
    ) -> MetricEstimate {
        let cox = CoxOptions(ties: options.ties, confidence: options.confidence)
        do {
            let fit: CoxFit
            if name == .hazardRatioPerSD {
                fit = try CoxRegression.hazardRatioPerSD(outcomes, score: score, options: cox).fit
            } else if let ranks {
                fit = try highVersusLow(outcomes, score: score, ranks: ranks, options: cox)
            } else {
                fit = try CoxRegression.hazardRatioHighVersusLow(outcomes, score: score, options: cox).fit
            }
            return MetricEstimate(value: fit.hazardRatio, lower: fit.lower, upper: fit.upper, pValue: fit.pValue)
        } catch {
            return .undefined(error)
        }
    }

    /// `CoxRegression.hazardRatioHighVersusLow(outcomes, score:, options:).fit` for a valid score,
    /// with numpy's median read off the score's stable sort in `ranks` instead of a second sort
    /// (the same middle elements, so the same median).
    static func highVersusLow(
        _ outcomes: SurvivalOutcomes, score: [Double], ranks: ScoreRanks, options: CoxOptions
    ) throws -> CoxFit {
        guard !score.isEmpty else { throw StatsError.empty }
        let n = score.count
        let order = ranks.order
        let median =
            n % 2 == 1 ? score[Int(order[n / 2])] : (score[Int(order[n / 2 - 1])] + score[Int(order[n / 2])]) / 2
        return try CoxRegression.highVersusLow(outcomes, score: score, median: median, options: options).fit
    }
}
