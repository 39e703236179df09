// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Settings for the patient-level bootstrap.
public struct BootstrapOptions: Sendable, Equatable {
    /// Number of resamples; at least 1 (a policy's `bootstrap: 0` means: do not call the bootstrap).
    public var replicates: Int
    /// Seed of every replicate's random stream; same seed → same replicates on any machine.
    public var seed: UInt64
    /// Two-sided level of the percentile interval, in (0, 1).
    public var confidence: Double
    /// Worker threads; the results do not depend on it (each replicate has its own stream).
    public var threads: Int
    /// The difference the paired p-value tests against (the policy's `min_delta`, often 0).
    public var nullDifference: Double

    public init(
        replicates: Int = 1000, seed: UInt64 = 0, confidence: Double = 0.95,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount, nullDifference: Double = 0
    ) {
        self.replicates = replicates
        self.seed = seed
        self.confidence = confidence
        self.threads = threads
        self.nullDifference = nullDifference
    }

    func validate() throws {
        guard replicates >= 1 else {
            throw StatsError.invalidOption(name: "bootstrap", value: "\(replicates)", expected: "at least 1 replicate")
        }
        guard confidence > 0, confidence < 1 else {
            throw StatsError.invalidOption(
                name: "confidence", value: "\(confidence)", expected: "a number strictly between 0 and 1")
        }
        guard threads >= 1 else {
            throw StatsError.invalidOption(name: "threads", value: "\(threads)", expected: "at least 1")
        }
        guard nullDifference.isFinite else {
            throw StatsError.invalidOption(
                name: "nullDifference", value: "\(nullDifference)", expected: "a finite number")
        }
    }
}

/// A point estimate with its percentile-bootstrap interval.
public struct BootstrapInterval: Sendable, Equatable, Codable {
    /// The statistic on the full cohort (not the mean of the replicates).
    public let estimate: Double
    /// Percentiles `(1 − confidence)/2` and `(1 + confidence)/2` of the replicate values.
    public let lower: Double
    public let upper: Double
    public let confidence: Double
    /// Sample SD (ddof = 1) of the replicate values; 0 with a single usable replicate.
    public let standardError: Double
    /// Requested replicates, those that gave a value, and those skipped as undefined.
    public let replicates: Int
    public let used: Int
    public let skipped: Int
}

/// Candidate and baseline intervals and their paired difference on the same resamples.
public struct PairedBootstrap: Sendable, Equatable, Codable {
    public let candidate: BootstrapInterval
    public let baseline: BootstrapInterval
    /// candidate − baseline; `estimate` is the difference of the full-cohort estimates.
    public let difference: BootstrapInterval
    /// Two-sided bootstrap p-value for "difference = nullDifference":
    /// `min(1, 2 · min(#{d ≤ null}, #{d ≥ null}) / used)`. 0 means below `1 / used`.
    public let pValue: Double
    public let nullDifference: Double
}

/// The patient-level bootstrap: resample patients with replacement, percentile intervals.
///
/// Replicate r draws n row indices uniformly with replacement from its own SplitMix64 stream,
/// started at `mix(mix(seed) ⊕ r·0xD1B54A32D192ED03)` (`mix` = the SplitMix64 finaliser), and
/// maps each draw to a row with Lemire's unbiased multiply-and-reject. So replicate r is the same
/// resample whatever the thread count or chunking. A resample is evaluated as integer case
/// weights on the presorted cohort (no re-sorting, no allocation per replicate). Replicates where
/// the statistic is undefined (no comparable pair, one class, Cox not converging) are skipped
/// and counted; in the paired bootstrap a replicate is used only when both models are defined.
/// Percentiles follow numpy's default linear interpolation (`Percentile.linear`).
public enum Bootstrap {
    /// The percentile interval of `metric` for one score.
    public static func interval(
        _ outcomes: SurvivalOutcomes, score: [Double], metric: SurvivalMetric,
        options: BootstrapOptions
    ) throws -> BootstrapInterval {
        try options.validate()
        let estimate = try metric.evaluate(outcomes, score: score)
        return try intervals(outcomes, score: score, metrics: [(metric, estimate)], options: options)[0].get()
    }

    /// `interval` of several metrics of one score from one pass over the replicates: replicate r
    /// draws its resample once for every metric (the same weights, so the same values as one
    /// call per metric). `estimate` is each metric's full-cohort value.
    static func intervals(
        _ outcomes: SurvivalOutcomes, score: [Double], metrics: [(metric: SurvivalMetric, estimate: Double)],
        options: BootstrapOptions
    ) -> [Result<BootstrapInterval, Error>] {
        guard !metrics.isEmpty else { return [] }
        do { try options.validate() } catch { return metrics.map { _ in .failure(error) } }
        let values = replicateValues(
            metrics.map { $0.metric.prepare(outcomes, score: score) }, patients: outcomes.count, options: options)
        return zip(metrics, values).map { item, values in
            Result { try summarize(estimate: item.estimate, values: values.filter { !$0.isNaN }, options: options) }
        }
    }

    /// The paired bootstrap: both scores are evaluated on the same resampled patients.
    public static func paired(
        _ outcomes: SurvivalOutcomes, candidate: [Double], baseline: [Double],
        metric: SurvivalMetric, options: BootstrapOptions
    ) throws -> PairedBootstrap {
        try options.validate()
        let candidateEstimate = try metric.evaluate(outcomes, score: candidate)
        let baselineEstimate = try metric.evaluate(outcomes, score: baseline)
        return try pairedAll(
            outcomes, candidate: candidate, baseline: baseline,
            metrics: [(metric, candidateEstimate, baselineEstimate)], options: options)[0].get()
    }

    /// `paired` for several metrics from one pass over the replicates: replicate r draws its
    /// resample once and every metric of both scores is evaluated on it (the same weights, so
    /// the same values as one call per metric). The estimates are the full-cohort values.
    static func pairedAll(
        _ outcomes: SurvivalOutcomes, candidate: [Double], baseline: [Double],
        metrics: [(metric: SurvivalMetric, candidate: Double, baseline: Double)], options: BootstrapOptions
    ) -> [Result<PairedBootstrap, Error>] {
        guard !metrics.isEmpty else { return [] }
        do { try options.validate() } catch { return metrics.map { _ in .failure(error) } }
        // Prepared side by side (each hazard ratio fits the full cohort for its starting point).
        let jobs = metrics.flatMap { [($0.metric, candidate), ($0.metric, baseline)] }
        let prepared = parallelMap(jobs, workers: options.threads) { metric, score in
            metric.prepare(outcomes, score: score)
        }
        // The two C-indexes of a replicate come from one walk (the same counts, so the same values).
        let statistics = PairedConcordance.pairing(prepared)
        let values = replicateValues(statistics, patients: outcomes.count, options: options)
        return metrics.enumerated().map { k, item in
            Result {
                try pairedSummary(
                    candidate: (item.candidate, values[2 * k]), baseline: (item.baseline, values[2 * k + 1]),
                    options: options)
            }
        }
    }

    /// Both models' intervals, their difference's and its p-value, from per-replicate values
    /// (NaN where undefined): a replicate counts only when both models are defined on it.
    static func pairedSummary(
        candidate: (estimate: Double, values: [Double]), baseline: (estimate: Double, values: [Double]),
        options: BootstrapOptions
    ) throws -> PairedBootstrap {
        var c: [Double] = []
        var b: [Double] = []
        var d: [Double] = []
        for r in 0..<options.replicates where !candidate.values[r].isNaN && !baseline.values[r].isNaN {
            c.append(candidate.values[r])
            b.append(baseline.values[r])
            d.append(candidate.values[r] - baseline.values[r])
        }
        let difference = try summarize(
            estimate: candidate.estimate - baseline.estimate, values: d, options: options)
        let null = options.nullDifference
        let atOrBelow = d.reduce(0) { $0 + ($1 <= null ? 1 : 0) }
        let atOrAbove = d.reduce(0) { $0 + ($1 >= null ? 1 : 0) }
        let p = min(1, 2 * Double(min(atOrBelow, atOrAbove)) / Double(d.count))
        return PairedBootstrap(
            candidate: try summarize(estimate: candidate.estimate, values: c, options: options),
            baseline: try summarize(estimate: baseline.estimate, values: b, options: options),
            difference: difference, pValue: p, nullDifference: null)
    }

    static func summarize(estimate: Double, values: [Double], options: BootstrapOptions) throws -> BootstrapInterval {
        guard !values.isEmpty else { throw StatsError.noUsableReplicates(requested: options.replicates) }
        let sorted = values.sorted()
        let alpha = (1 - options.confidence) / 2
        let lower = Percentile.linear(sorted: sorted, fraction: alpha) ?? .nan
        let upper = Percentile.linear(sorted: sorted, fraction: 1 - alpha) ?? .nan
        var se = 0.0
        if values.count > 1 {
            let mean = values.reduce(0, +) / Double(values.count)
            se = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        }
        return BootstrapInterval(
            estimate: estimate, lower: lower, upper: upper, confidence: options.confidence,
            standardError: se, replicates: options.replicates, used: values.count,
            skipped: options.replicates - values.count)
    }

    /// Replicate values per statistic, indexed by replicate; NaN where undefined.
    static func replicateValues(
        _ statistics: [any ReplicateStatistic], patients n: Int,
        options: BootstrapOptions
    ) -> [[Double]] {
        let count = options.replicates
        let m = statistics.count
        let seed = options.seed
        let workers = max(1, min(options.threads, count))
        // Many chunks per worker, drawn by whichever is free, so a core busy with other work does
        // not hold back the rest and the last chunk leaves the other cores idle only briefly; a
        // replicate's values do not depend on who computes it.
        let chunks = workers == 1 ? 1 : min(count, 32 * workers)
        // Each chunk's replicates, statistic by statistic: chunk after chunk, they are every replicate in order.
        let flat = parallelMap(Array(0..<chunks), workers: workers) { chunk -> [Double] in
            let range = (chunk * count / chunks)..<((chunk + 1) * count / chunks)
            let evaluators = statistics.map { $0.makeFrameEvaluator() }
            var out = [Double](repeating: .nan, count: range.count * m)
            // One frame per chunk: statistics on the same cohort share its layouts of a replicate.
            let frame = ResampleFrame(patients: n)
            let w = frame.weights
            for r in range {
                w.update(repeating: 0)
                var random = ReplicateRandom(seed: seed, replicate: r)
                for _ in 0..<n { w[random.index(below: n)] += 1 }
                frame.reset()
                for (k, evaluate) in evaluators.enumerated() {
                    out[(r - range.lowerBound) * m + k] = evaluate(frame) ?? .nan
                }
            }
            return out
        }.flatMap { $0 }
        return (0..<m).map { k in (0..<count).map { flat[$0 * m + k] } }
    }
}

extension ReplicateStatistic {
    /// A closure owning its own workspace, so the driver can hold statistics of mixed types.
    func makeFrameEvaluator() -> (ResampleFrame) -> Double? {
        var workspace = makeWorkspace()
        return { frame in self.value(frame, workspace: &workspace) }
    }

    /// The same on weights by row, with a frame of its own (for one resample at a time).
    func makeEvaluator() -> (UnsafeBufferPointer<Int32>) -> Double? {
        var workspace = makeWorkspace()
        var frame: ResampleFrame?
        return { weights in
            let current =
                frame.flatMap { $0.weights.count == weights.count ? $0 : nil }
                ?? ResampleFrame(patients: weights.count)
            frame = current
            current.load(weights)
            return self.value(current, workspace: &workspace)
        }
    }
}

/// The per-replicate random stream: SplitMix64 from a seed mixed with the replicate index.
struct ReplicateRandom {
    private var state: UInt64

    init(seed: UInt64, replicate: Int) {
        state = Self.mix(Self.mix(seed) ^ (UInt64(truncatingIfNeeded: replicate) &* 0xD1B5_4A32_D192_ED03))
    }

    /// The SplitMix64 output function (Steele, Lea & Flood 2014).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// Uniform in `0..<bound` without modulo bias (Lemire 2019).
    mutating func index(below bound: Int) -> Int {
        let n = UInt64(bound)
        var product = next().multipliedFullWidth(by: n)
        if product.low < n {
            let threshold = (0 &- n) % n
            while product.low < threshold { product = next().multipliedFullWidth(by: n) }
        }
        return Int(product.high)
    }
}
