// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The replicate kernels give the bits of the general code on every resample shape: ties in
/// time and score, zero weights, groups without events, degenerate and separated resamples.
@Suite struct ReplicateKernelTests {
    struct Case {
        let outcomes: SurvivalOutcomes
        let score: [Double]
        let weights: [Int32]
    }

    static func cases(seed: UInt64, count: Int) throws -> [Case] {
        var random = ReplicateRandom(seed: seed, replicate: 0)
        return try (0..<count).map { _ in
            let n = 2 + random.index(below: 60)
            let times = 1 + random.index(below: 12)
            let time = (0..<n).map { _ in Double(random.index(below: times)) }
            let event = (0..<n).map { _ in random.index(below: 10) < 6 }
            let levels = 2 + random.index(below: 8)
            let score = (0..<n).map { _ in Double(random.index(below: levels)) / 4 - 0.5 }
            let weights = (0..<n).map { _ in Int32(random.index(below: 4)) }
            return Case(outcomes: try SurvivalOutcomes(time: time, event: event), score: score, weights: weights)
        }
    }

    @Test func resampleConcordanceCountsAsTheEngine() throws {
        for c in try Self.cases(seed: 21, count: 400) {
            let engine = ConcordanceEngine(c.outcomes, score: c.score)
            var tree = engine.makeTree()
            let counts = c.weights.withUnsafeBufferPointer { engine.counts(weights: $0, tree: &tree) }
            let resample = ResampleConcordance(c.outcomes, score: c.score)
            var workspace = resample.makeWorkspace()
            let index = c.weights.withUnsafeBufferPointer { resample.index(weights: $0, workspace: &workspace) }
            #expect(index?.bitPattern == (counts.comparable > 0 ? counts.index.bitPattern : nil))
        }
    }

    /// The weighted AUROC is the AUROC of the expanded cohort (each row repeated by its
    /// weight), to the bit: the same integer counts, one division.
    @Test func aurocWeightsCountAsTheExpandedCohort() throws {
        var defined = 0
        for (k, c) in try Self.cases(seed: 23, count: 400).enumerated() {
            let horizon = Double(k % 7)
            let labels = AUROC.horizonLabels(c.outcomes, horizon: horizon)
            let engine = AUROCEngine(labels: labels, score: c.score)
            let weighted = c.weights.withUnsafeBufferPointer { engine.value(weights: $0) }
            let rows = c.weights.indices.flatMap { row in Array(repeating: row, count: Int(c.weights[row])) }
                .filter { labels[$0] >= 0 }
            let expanded = try? AUROC.binary(labels: rows.map { labels[$0] == 1 }, score: rows.map { c.score[$0] })
            #expect(weighted?.bitPattern == expanded?.auc.bitPattern, "case \(k)")
            // Through the ranks as well (the point estimate's engine).
            let ranked = AUROCEngine(labels: labels, ranks: RowSort.ranks(c.score))
            let viaRanks = c.weights.withUnsafeBufferPointer { ranked.value(weights: $0) }
            #expect(viaRanks?.bitPattern == weighted?.bitPattern, "case \(k)")
            if weighted != nil { defined += 1 }
        }
        #expect(defined > 200)
    }

    /// `CoxResample` against `CoxSolver.solve` on the full arrays with the same weights, from the
    /// same start: the same throw or the same β, iterations and likelihood, bit for bit.
    @Test(arguments: [TieMethod.efron, .breslow])
    func coxResampleWalksTheSolversPath(ties: TieMethod) throws {
        var defined = 0
        for (k, c) in try Self.cases(seed: 22, count: 400).enumerated() {
            let order = c.outcomes.timeOrder.map(Int.init)
            let w = order.map { Double(c.weights[$0]) }
            let binary = k % 2 == 0
            let x = order.map { binary ? (c.score[$0] > 0 ? 1.0 : 0.0) : c.score[$0] }
            let event = order.map { c.outcomes.event[$0] }
            let solver = CoxSolver(
                event: event, groupEnds: c.outcomes.groupEnds, ties: ties, maxIterations: 50, tolerance: 1e-10)
            let start = Double(k % 3) / 10
            let full = try? x.withUnsafeBufferPointer { xb in
                try w.withUnsafeBufferPointer { wb in try solver.solve(x: xb, w: wb, start: start, computeNull: false) }
            }
            let (resample, shape) = Self.laidOut(c, binary: binary)
            let monotonicity = x.withUnsafeBufferPointer { xb in
                w.withUnsafeBufferPointer { wb in
                    event.withUnsafeBufferPointer { eb in
                        c.outcomes.groupEnds.withUnsafeBufferPointer { ge in
                            CoxSolver.monotonicity(x: xb, w: wb, event: eb, groupEnds: ge)
                        }
                    }
                }
            }
            #expect(shape == monotonicity)
            guard shape == .finite else {
                #expect(full == nil, "case \(k): the solver throws on a monotone likelihood")
                continue
            }
            let at = { (b: Double) in resample.likelihood(beta: b, ties: ties) }
            // As the statistic does: the first log-likelihood a bounded estimate (Efron).
            let fast = try? CoxSolver.newton(
                from: start, resample.likelihood(beta: start, ties: ties, exactLog: false), maxIterations: 50,
                tolerance: 1e-10, at: at)
            #expect((fast == nil) == (full == nil), "case \(k)")
            guard let fast, let full else { continue }
            defined += 1
            #expect(fast.beta.bitPattern == full.beta.bitPattern, "case \(k)")
            #expect(fast.iterations == full.iterations)
            #expect(fast.at.logLikelihood.bitPattern == full.at.logLikelihood.bitPattern)
            #expect(fast.at.information.bitPattern == full.at.information.bitPattern)
        }
        #expect(defined > 100)
    }

    /// Case c laid out as one replicate: its weights on a frame, and the raw score as the
    /// covariate ((s − 0) / 1 = s) or its sign as the median split does.
    static func laidOut(_ c: Case, binary: Bool) -> (resample: CoxResample, shape: CoxSolver.Monotonicity) {
        let frame = ResampleFrame(patients: c.score.count)
        c.weights.withUnsafeBufferPointer { frame.load($0) }
        var resample = CoxResample(capacity: c.score.count)
        let raw = c.outcomes.timeOrder.map { c.score[Int($0)] }
        let shape = raw.withUnsafeBufferPointer { sb in
            resample.fill(
                score: sb, covariate: binary ? .above(0) : .standardized(mean: 0, sd: 1),
                layout: frame.coxLayout(c.outcomes.replicateOrder))
        }
        return (resample, shape)
    }

    /// On resamples of several hundred rows (many chunks of the layout's walk, which stops
    /// tracking the deaths' extremes once both monotonicity tests have failed), the shape is the
    /// solver's: nearly monotone scores broken at one random row, and random scores.
    @Test func monotonicityIsDecidedAcrossChunks() throws {
        var random = ReplicateRandom(seed: 26, replicate: 0)
        var shapes: [CoxSolver.Monotonicity: Int] = [:]
        for k in 0..<90 {
            let n = 150 + random.index(below: 400)
            let time = (0..<n).map { Double($0 / 2) }
            let event = (0..<n).map { _ in random.index(below: 10) < 7 }
            var score: [Double]
            switch k % 3 {
            case 0: score = time.map { -$0 }
            case 1: score = time
            default: score = (0..<n).map { _ in Double(random.index(below: 50)) }
            }
            if k % 3 != 2 { score[random.index(below: n)] += Double(k % 2 == 0 ? n : -n) }
            let weights = (0..<n).map { _ in Int32(random.index(below: 3)) }
            let c = Case(outcomes: try SurvivalOutcomes(time: time, event: event), score: score, weights: weights)
            let order = c.outcomes.timeOrder.map(Int.init)
            let x = order.map { c.score[$0] }
            let w = order.map { Double(c.weights[$0]) }
            let sortedEvent = order.map { c.outcomes.event[$0] }
            let reference = x.withUnsafeBufferPointer { xb in
                w.withUnsafeBufferPointer { wb in
                    sortedEvent.withUnsafeBufferPointer { eb in
                        c.outcomes.groupEnds.withUnsafeBufferPointer { ge in
                            CoxSolver.monotonicity(x: xb, w: wb, event: eb, groupEnds: ge)
                        }
                    }
                }
            }
            let shape = Self.laidOut(c, binary: false).shape
            #expect(shape == reference, "case \(k)")
            shapes[reference, default: 0] += 1
        }
        #expect(shapes[.finite, default: 0] > 20)
        #expect(shapes[.increasing, default: 0] + shapes[.decreasing, default: 0] > 5)
    }

    /// The estimated log-likelihood (`exactLog: false`) lies within its bound of the exact one,
    /// with the score and information bit for bit, on resamples of every shape and at βs from
    /// small to large; and the bound is small enough to decide a Newton step.
    @Test func estimatedLogLikelihoodIsWithinItsBound() throws {
        var bounded = 0
        for (k, c) in try Self.cases(seed: 23, count: 300).enumerated() {
            let resample = Self.laidOut(c, binary: k % 2 == 0).resample
            for beta in [0, 0.3, -1.7, 12.5, -40] {
                let exact = resample.likelihood(beta: beta, ties: .efron)
                let estimate = resample.likelihood(beta: beta, ties: .efron, exactLog: false)
                #expect(exact.logLikelihoodBound == 0)
                #expect(estimate.score.bitPattern == exact.score.bitPattern, "case \(k) β \(beta)")
                #expect(estimate.information.bitPattern == exact.information.bitPattern, "case \(k) β \(beta)")
                guard estimate.logLikelihoodBound.isFinite else {
                    // Out of range (an a₀ beyond 2^±64): Newton evaluates exactly.
                    #expect(estimate.logLikelihood.isNaN)
                    continue
                }
                bounded += 1
                #expect(abs(estimate.logLikelihood - exact.logLikelihood) <= estimate.logLikelihoodBound)
                #expect(estimate.logLikelihoodBound <= 1e-10 * (1 + abs(exact.logLikelihood)))
            }
        }
        #expect(bounded > 800)
    }

    /// Breslow's log-likelihood is always exact; so is any evaluation with `exactLog`.
    @Test func breslowIgnoresTheEstimate() throws {
        for c in try Self.cases(seed: 24, count: 40) {
            let resample = Self.laidOut(c, binary: false).resample
            let exact = resample.likelihood(beta: 0.4, ties: .breslow)
            let asked = resample.likelihood(beta: 0.4, ties: .breslow, exactLog: false)
            #expect(asked.logLikelihoodBound == 0)
            #expect(asked.logLikelihood.bitPattern == exact.logLikelihood.bitPattern)
        }
    }

    /// When the estimate cannot decide the first step (here: an unbounded one), Newton evaluates
    /// the exact log-likelihood and walks the exact path.
    @Test func newtonFallsBackToTheExactLogLikelihood() throws {
        var compared = 0
        for (k, c) in try Self.cases(seed: 25, count: 200).enumerated() {
            let (resample, shape) = Self.laidOut(c, binary: k % 2 == 0)
            guard shape == .finite else { continue }
            let at = { (b: Double) in resample.likelihood(beta: b, ties: .efron) }
            var undecided = at(0.1)
            undecided.logLikelihood = 1e300
            undecided.logLikelihoodBound = .infinity
            let exact = try? CoxSolver.newton(from: 0.1, at(0.1), maxIterations: 50, tolerance: 1e-10, at: at)
            let fallback = try? CoxSolver.newton(from: 0.1, undecided, maxIterations: 50, tolerance: 1e-10, at: at)
            #expect((exact == nil) == (fallback == nil), "case \(k)")
            guard let exact, let fallback else { continue }
            compared += 1
            #expect(fallback.beta.bitPattern == exact.beta.bitPattern, "case \(k)")
            #expect(fallback.iterations == exact.iterations)
        }
        #expect(compared > 50)
    }
}
