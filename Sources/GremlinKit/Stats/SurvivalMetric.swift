// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A scalar performance measure of a risk score on survival outcomes; what the bootstrap resamples.
public enum SurvivalMetric: Sendable, Hashable {
    /// Harrell's C-index (see `Concordance`).
    case cIndex
    /// AUROC for "event before the horizon" (see `AUROC.atHorizon`).
    case auroc(horizon: Double)
    /// Cox hazard ratio per SD of the score (see `StandardizedHazardRatio`).
    case hazardRatioPerSD(ties: TieMethod)
    /// Cox hazard ratio of score above the median versus at or below (see `MedianSplitHazardRatio`).
    case hazardRatioHighVsLow(ties: TieMethod)

    /// The point estimate on the whole cohort (hazard ratios on the ratio scale).
    public func evaluate(_ outcomes: SurvivalOutcomes, score: [Double]) throws -> Double {
        switch self {
        case .cIndex:
            return try Concordance.harrell(outcomes, score: score).index
        case .auroc(let horizon):
            return try AUROC.atHorizon(outcomes, score: score, horizon: horizon).auc
        case .hazardRatioPerSD(let ties):
            return try CoxRegression.hazardRatioPerSD(outcomes, score: score, options: CoxOptions(ties: ties)).fit
                .hazardRatio
        case .hazardRatioHighVsLow(let ties):
            return try CoxRegression.hazardRatioHighVersusLow(outcomes, score: score, options: CoxOptions(ties: ties))
                .fit.hazardRatio
        }
    }

    /// The same statistic, prepared once for evaluation on many resamples.
    func prepare(_ outcomes: SurvivalOutcomes, score: [Double]) -> any ReplicateStatistic {
        switch self {
        case .cIndex:
            return CIndexStatistic(engine: ResampleConcordance(outcomes, score: score))
        case .auroc(let horizon):
            return AUROCStatistic(
                engine: AUROCEngine(labels: AUROC.horizonLabels(outcomes, horizon: horizon), score: score))
        case .hazardRatioPerSD(let ties):
            return CoxStatistic(outcomes, score: score, ties: ties, split: false)
        case .hazardRatioHighVsLow(let ties):
            return CoxStatistic(outcomes, score: score, ties: ties, split: true)
        }
    }
}

/// A statistic evaluated on a resample given as integer case weights (copies per row).
protocol ReplicateStatistic: Sendable {
    associatedtype Workspace
    /// Per-thread scratch, allocated once per chunk of replicates.
    func makeWorkspace() -> Workspace
    /// The statistic on the resample, or `nil` when it is undefined there.
    func value(weights: UnsafeBufferPointer<Int32>, workspace: inout Workspace) -> Double?
}

struct CIndexStatistic: ReplicateStatistic {
    let engine: ResampleConcordance
    func makeWorkspace() -> ResampleConcordance.Workspace { engine.makeWorkspace() }
    func value(weights: UnsafeBufferPointer<Int32>, workspace: inout ResampleConcordance.Workspace) -> Double? {
        engine.index(weights: weights, workspace: &workspace)
    }
}

struct AUROCStatistic: ReplicateStatistic {
    let engine: AUROCEngine
    func makeWorkspace() {}
    func value(weights: UnsafeBufferPointer<Int32>, workspace: inout Void) -> Double? {
        engine.value(weights: weights)
    }
}

/// Hazard ratio on a resample: the SD or the median is recomputed on the resample, exactly as
/// the point estimate would be on the expanded (duplicated-rows) cohort.
///
/// The time order and tie groups are the cohort's; a replicate lays out its rows of positive
/// weight once (`CoxResample`) and runs `CoxSolver.newton` on them from the full-cohort
/// estimate, the same path and bits as `CoxSolver.solve` on the full arrays.
struct CoxStatistic: ReplicateStatistic {
    struct Workspace {
        var w: [Double]
        var resample: CoxResample
    }

    private let sortedRow: [Int32]
    private let sortedScore: [Double]
    /// Time-sorted positions ordered by score, for the weighted median.
    private let byScore: [Int32]
    private let event: [Bool]
    private let groups: Int
    private let order: CoxVisitOrder
    private let ties: TieMethod
    private let split: Bool
    private var start: Double

    init(_ outcomes: SurvivalOutcomes, score: [Double], ties: TieMethod, split: Bool) {
        sortedRow = outcomes.timeOrder
        sortedScore = outcomes.timeOrder.map { score[Int($0)] }
        byScore = denseRanks(sortedScore).order
        event = outcomes.timeOrder.map { outcomes.event[Int($0)] }
        groups = outcomes.groupEnds.count
        order = CoxVisitOrder(groupEnds: outcomes.groupEnds)
        self.ties = ties
        self.split = split
        start = 0
        // Replicates start Newton from the full-cohort estimate (same maximum, fewer steps).
        var full = makeWorkspace()
        let ones = [Int32](repeating: 1, count: sortedRow.count)
        start = ones.withUnsafeBufferPointer { coefficient(weights: $0, workspace: &full) } ?? 0
    }

    func makeWorkspace() -> Workspace {
        let n = sortedRow.count
        return Workspace(
            w: [Double](repeating: 0, count: n), resample: CoxResample(capacity: n, groups: groups))
    }

    func value(weights: UnsafeBufferPointer<Int32>, workspace: inout Workspace) -> Double? {
        guard let beta = coefficient(weights: weights, workspace: &workspace) else { return nil }
        let hr = exp(beta)
        return hr.isFinite ? hr : nil
    }

    /// β on the resample, or `nil` when the covariate is degenerate, the maximum is at ±∞ or
    /// Newton does not converge (what `CoxSolver.solve` throws or flags).
    private func coefficient(weights: UnsafeBufferPointer<Int32>, workspace: inout Workspace) -> Double? {
        guard let covariate = prepare(weights: weights, workspace: &workspace) else { return nil }
        let shape = sortedScore.withUnsafeBufferPointer { score in
            workspace.w.withUnsafeBufferPointer { w in
                event.withUnsafeBufferPointer { ev in
                    workspace.resample.fill(score: score, covariate: covariate, w: w, event: ev, order: order)
                }
            }
        }
        guard shape == .finite else { return nil }
        let resample = workspace.resample
        let ties = ties
        let options = CoxOptions()
        let from = start.isFinite ? start : 0
        guard
            let solution = try? CoxSolver.newton(
                from: from, resample.likelihood(beta: from, ties: ties), maxIterations: options.maxIterations,
                tolerance: options.tolerance, at: { resample.likelihood(beta: $0, ties: ties) }),
            solution.converged
        else { return nil }
        return solution.beta
    }

    /// Fills the workspace with the resample's weights and finds its covariate: the score
    /// standardised with the resample's mean and SD, or the indicator of score above the
    /// resample's median; `nil` when the covariate is degenerate on this resample.
    private func prepare(weights: UnsafeBufferPointer<Int32>, workspace: inout Workspace) -> CoxCovariate? {
        let n = sortedRow.count
        var total = 0.0
        var sum = 0.0
        for p in 0..<n {
            let w = Double(weights[Int(sortedRow[p])])
            workspace.w[p] = w
            total += w
            sum += w * sortedScore[p]
        }
        guard total >= 2 else { return nil }
        if split {
            guard let median = weightedMedian(workspace.w, total: Int(total)) else { return nil }
            var high = 0.0
            for p in 0..<n {
                let h = sortedScore[p] > median ? 1.0 : 0.0
                high += h * workspace.w[p]
            }
            return high > 0 && high < total ? .above(median) : nil
        }
        let mean = sum / total
        var ss = 0.0
        for p in 0..<n {
            let d = sortedScore[p] - mean
            ss += workspace.w[p] * d * d
        }
        let sd = (ss / (total - 1)).squareRoot()
        guard sd > 0 else { return nil }
        return .standardized(mean: mean, sd: sd)
    }

    /// numpy's median of the expanded resample (each row repeated by its weight), in one walk.
    private func weightedMedian(_ w: [Double], total: Int) -> Double? {
        // The middle element(s) of the expanded resample sorted by score, 0-based.
        let lower = (total - 1) / 2
        let upper = total / 2
        var below: Double?
        var seen = 0
        for p in byScore {
            seen += Int(w[Int(p)])
            if below == nil, seen > lower { below = sortedScore[Int(p)] }
            if seen > upper, let below {
                return total % 2 == 1 ? below : (below + sortedScore[Int(p)]) / 2
            }
        }
        return nil
    }
}
