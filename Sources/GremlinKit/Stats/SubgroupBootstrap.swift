// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// A statistic on a subgroup: the whole cohort's resample weights, restricted to the subgroup's
/// rows. So every subgroup sees the same resampled patients as the overall bootstrap.
struct RestrictedStatistic: ReplicateStatistic {
    final class Workspace {
        var weights: [Int32]
        let evaluate: (UnsafeBufferPointer<Int32>) -> Double?

        init(count: Int, evaluate: @escaping (UnsafeBufferPointer<Int32>) -> Double?) {
            weights = [Int32](repeating: 0, count: count)
            self.evaluate = evaluate
        }
    }

    let inner: any ReplicateStatistic
    /// Cohort rows of the subgroup, in the order `inner` was prepared on.
    let rows: [Int32]

    func makeWorkspace() -> Workspace { Workspace(count: rows.count, evaluate: inner.makeEvaluator()) }

    func value(_ frame: ResampleFrame, workspace: inout Workspace) -> Double? {
        let weights = frame.weights
        for (k, row) in rows.enumerated() { workspace.weights[k] = weights[Int(row)] }
        let evaluate = workspace.evaluate
        return workspace.weights.withUnsafeBufferPointer { evaluate($0) }
    }
}

extension Bootstrap {
    /// The paired bootstrap of candidate − baseline within each subgroup, on the resamples of the
    /// whole cohort: replicate r draws the same n patients as `paired` with the same options, and
    /// each subgroup keeps those of its own patients. A subgroup whose statistic is undefined for
    /// either model on the full cohort, or on every replicate, gets `nil`.
    public static func pairedBySubgroup(
        _ outcomes: SurvivalOutcomes, candidate: [Double], baseline: [Double], subgroups: [[Int]],
        metric: SurvivalMetric = .cIndex, options: BootstrapOptions
    ) throws -> [PairedBootstrap?] {
        try options.validate()
        var statistics: [any ReplicateStatistic] = []
        var estimates: [(Double, Double)?] = []
        for rows in subgroups {
            guard
                let sub = try? SurvivalOutcomes(
                    time: rows.map { outcomes.time[$0] }, event: rows.map { outcomes.event[$0] }),
                let c = try? metric.evaluate(sub, score: rows.map { candidate[$0] }),
                let b = try? metric.evaluate(sub, score: rows.map { baseline[$0] })
            else {
                estimates.append(nil)
                continue
            }
            estimates.append((c, b))
            let indices = rows.map { Int32($0) }
            statistics.append(
                RestrictedStatistic(inner: metric.prepare(sub, score: rows.map { candidate[$0] }), rows: indices))
            statistics.append(
                RestrictedStatistic(inner: metric.prepare(sub, score: rows.map { baseline[$0] }), rows: indices))
        }
        let values =
            statistics.isEmpty ? [] : replicateValues(statistics, patients: outcomes.count, options: options)
        var next = 0
        return estimates.map { estimate in
            guard let (candidateEstimate, baselineEstimate) = estimate else { return nil }
            let (cv, bv) = (values[next], values[next + 1])
            next += 2
            // Undefined on every replicate (no usable resample) leaves the level without a comparison.
            return try? pairedSummary(
                candidate: (candidateEstimate, cv), baseline: (baselineEstimate, bv), options: options)
        }
    }
}
