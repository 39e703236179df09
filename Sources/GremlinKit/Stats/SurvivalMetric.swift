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
    /// The statistic on the frame's resample, or `nil` when it is undefined there.
    func value(_ frame: ResampleFrame, workspace: inout Workspace) -> Double?
}

struct CIndexStatistic: ReplicateStatistic {
    let engine: ResampleConcordance
    func makeWorkspace() -> ResampleConcordance.Workspace { engine.makeWorkspace() }
    func value(_ frame: ResampleFrame, workspace: inout ResampleConcordance.Workspace) -> Double? {
        engine.index(frame, counts: workspace)
    }
}

struct AUROCStatistic: ReplicateStatistic {
    let engine: AUROCEngine
    func makeWorkspace() {}
    func value(_ frame: ResampleFrame, workspace: inout Void) -> Double? {
        engine.value(weights: UnsafeBufferPointer(frame.weights))
    }
}

/// Hazard ratio on a resample: the SD or the median is recomputed on the resample, exactly as
/// the point estimate would be on the expanded (duplicated-rows) cohort.
///
/// The time order and tie groups are the cohort's; a replicate lays out its rows of positive
/// weight once for every Cox statistic (`CoxLayout`), each lays out its covariate on them
/// (`CoxResample`) and runs `CoxSolver.newton` from the full-cohort estimate, the same path and
/// bits as `CoxSolver.solve` on the full arrays.
struct CoxStatistic: ReplicateStatistic {
    typealias Workspace = CoxResample

    private let order: ReplicateOrder
    private let sortedScore: [Double]
    /// Time-sorted positions ordered by score, for the weighted median.
    private let byScore: [Int32]
    /// Each time-sorted position's place in `byScore`.
    private let scorePlace: [Int32]
    private let ties: TieMethod
    private let split: Bool
    private var start: Double

    init(_ outcomes: SurvivalOutcomes, score: [Double], ties: TieMethod, split: Bool) {
        order = outcomes.replicateOrder
        sortedScore = outcomes.timeOrder.map { score[Int($0)] }
        byScore = denseRanks(sortedScore).order
        var place = [Int32](repeating: 0, count: byScore.count)
        for (k, p) in byScore.enumerated() { place[Int(p)] = Int32(k) }
        scorePlace = place
        self.ties = ties
        self.split = split
        start = 0
        // Replicates start Newton from the full-cohort estimate (same maximum, fewer steps).
        var full = makeWorkspace()
        let frame = ResampleFrame(patients: outcomes.count)
        frame.weights.update(repeating: 1)
        frame.reset()
        start = coefficient(frame, workspace: &full) ?? 0
    }

    func makeWorkspace() -> Workspace { CoxResample(capacity: sortedScore.count) }

    func value(_ frame: ResampleFrame, workspace: inout Workspace) -> Double? {
        guard let beta = coefficient(frame, workspace: &workspace) else { return nil }
        let hr = exp(beta)
        return hr.isFinite ? hr : nil
    }

    /// β on the resample, or `nil` when the covariate is degenerate, the maximum is at ±∞ or
    /// Newton does not converge (what `CoxSolver.solve` throws or flags).
    private func coefficient(_ frame: ResampleFrame, workspace: inout Workspace) -> Double? {
        let layout = frame.coxLayout(order)
        guard let covariate = covariate(layout, frame: frame) else { return nil }
        let shape = sortedScore.withUnsafeBufferPointer { score in
            workspace.fill(score: score, covariate: covariate, layout: layout)
        }
        guard shape == .finite else { return nil }
        let resample = workspace
        let ties = ties
        let options = CoxOptions()
        let from = start.isFinite ? start : 0
        guard
            let solution = try? CoxSolver.newton(
                from: from, resample.likelihood(beta: from, ties: ties, exactLog: false),
                maxIterations: options.maxIterations,
                tolerance: options.tolerance, at: { resample.likelihood(beta: $0, ties: ties) }),
            solution.converged
        else { return nil }
        return solution.beta
    }

    /// The resample's covariate: the score standardised with the resample's mean and SD, or the
    /// indicator of score above the resample's median; `nil` when it is degenerate there.
    ///
    /// The sums run over the rows of positive weight in time order, as the full loop's over
    /// every row (see `CoxLayout` for why the rows of weight 0 change no bit).
    private func covariate(_ layout: CoxLayout, frame: ResampleFrame) -> CoxCovariate? {
        let total = layout.total
        guard total >= 2 else { return nil }
        let position = layout.keptPosition
        let w = layout.keptWeight
        return sortedScore.withUnsafeBufferPointer { score in
            if split {
                guard let median = weightedMedian(frame.timeWeights(order), layout: layout, total: Int(total))
                else { return nil }
                // The weight above the median: a sum of integers, exact in any order. Half the
                // rows are above it, so the weight is masked in, not branched on.
                var high = 0.0
                for j in 0..<layout.kept {
                    let above = UInt64(score[Int(position[j])] > median ? 1 : 0)
                    high += Double(bitPattern: w[j].bitPattern & (0 &- above))
                }
                return high > 0 && high < total ? .above(median) : nil
            }
            var sum = 0.0
            for j in 0..<layout.kept { sum += w[j] * score[Int(position[j])] }
            let mean = sum / total
            var ss = 0.0
            for j in 0..<layout.kept {
                let d = score[Int(position[j])] - mean
                ss += w[j] * d * d
            }
            let sd = (ss / (total - 1)).squareRoot()
            guard sd > 0 else { return nil }
            return .standardized(mean: mean, sd: sd)
        }
    }

    /// numpy's median of the expanded resample (each row repeated by its weight).
    ///
    /// The walk in score order gathers the weights at random, a cache miss each; so the rows of
    /// positive weight, in time order, first add their weights into runs of 256 places of the
    /// score order, and the walk starts at the run where the lower middle element lies, with the
    /// weight before it. It finds the same elements as a walk from the start.
    private func weightedMedian(_ w: UnsafeBufferPointer<Int32>, layout: CoxLayout, total: Int) -> Double? {
        // The middle element(s) of the expanded resample sorted by score, 0-based.
        let lower = (total - 1) / 2
        let upper = total / 2
        let runs = (byScore.count + 255) >> 8
        let first: (start: Int, seen: Int) = withUnsafeTemporaryAllocation(of: Int.self, capacity: runs) { runWeight in
            runWeight.initialize(repeating: 0)
            scorePlace.withUnsafeBufferPointer { place in
                for j in 0..<layout.kept {
                    let p = Int(layout.keptPosition[j])
                    runWeight[Int(place[p]) >> 8] += Int(w[p])
                }
            }
            var seen = 0
            for run in 0..<runs {
                if seen + runWeight[run] > lower { return (run << 8, seen) }
                seen += runWeight[run]
            }
            return (byScore.count, seen)
        }
        var below: Double?
        var seen = first.seen
        for p in byScore[first.start...] {
            seen += Int(w[Int(p)])
            if below == nil, seen > lower { below = sortedScore[Int(p)] }
            if seen > upper, let below {
                return total % 2 == 1 ? below : (below + sortedScore[Int(p)]) / 2
            }
        }
        return nil
    }
}
