// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// The candidate's and the baseline's C-index of a paired replicate from one concordance walk:
/// each entry of the walk is read once and added to (or queried in) both scores' `RankCounts`,
/// so the loop, the walk's loads and the mispredicted ends of its tie groups are paid once for
/// both, and the two trees' cache misses overlap. Each score's counts are those of its own
/// `ResampleConcordance.index`, so the same indexes to the bit.
final class PairedConcordance: Sendable {
    private let candidate: ResampleConcordance
    private let baseline: ResampleConcordance
    /// The candidate's and the baseline's score rank of each entry of the walk, side by side.
    private let walkRanks: [Int32]

    /// `nil` unless both are prepared on the same outcomes.
    init?(candidate: ResampleConcordance, baseline: ResampleConcordance) {
        guard candidate.order === baseline.order else { return nil }
        self.candidate = candidate
        self.baseline = baseline
        var ranks = [Int32](repeating: 0, count: 2 * candidate.walkRank.count)
        for (k, (c, b)) in zip(candidate.walkRank, baseline.walkRank).enumerated() {
            ranks[2 * k] = c
            ranks[2 * k + 1] = b
        }
        walkRanks = ranks
    }

    /// Both scores' counts, made on first use (a frame computes the pair once per replicate,
    /// with the workspace of whichever side asks first).
    final class Workspace {
        fileprivate var counts: (candidate: RankCounts, baseline: RankCounts)?
    }

    /// Both C-indexes of the frame's resample (`nil` where there is no comparable pair); see
    /// `ResampleConcordance.index`.
    func indexes(_ frame: ResampleFrame, workspace: Workspace) -> (candidate: Double?, baseline: Double?) {
        let walk = frame.concordanceWalk(candidate.order)
        let trees =
            workspace.counts
            ?? (RankCounts(ranks: candidate.distinctScores), RankCounts(ranks: baseline.distinctScores))
        workspace.counts = trees
        let (a, b) = trees
        a.clear()
        b.clear()
        var concordant: (Int64, Int64) = (0, 0)
        var discordant: (Int64, Int64) = (0, 0)
        var tied: (Int64, Int64) = (0, 0)
        var total: Int64 = 0
        walkRanks.withUnsafeBufferPointer { rank in
            walk.visit { entry, weight in
                a.add(Int(rank[2 * entry]), weight)
                b.add(Int(rank[2 * entry + 1]), weight)
                total &+= Int64(weight)
            } query: { entry, weight in
                let w = Int64(weight)
                let (belowA, atA) = a.query(Int(rank[2 * entry]))
                let (belowB, atB) = b.query(Int(rank[2 * entry + 1]))
                concordant.0 &+= w &* belowA
                tied.0 &+= w &* atA
                discordant.0 &+= w &* (total &- belowA &- atA)
                concordant.1 &+= w &* belowB
                tied.1 &+= w &* atB
                discordant.1 &+= w &* (total &- belowB &- atB)
            }
        }
        return (
            ResampleConcordance.index(concordant: concordant.0, discordant: discordant.0, tied: tied.0),
            ResampleConcordance.index(concordant: concordant.1, discordant: discordant.1, tied: tied.1)
        )
    }

    /// The paired bootstrap's statistics with each candidate/baseline pair of C-indexes (at
    /// 2k and 2k + 1) replaced by the two sides of one `PairedConcordance`.
    static func pairing(_ statistics: [any ReplicateStatistic]) -> [any ReplicateStatistic] {
        var out = statistics
        for k in stride(from: 0, to: statistics.count - 1, by: 2) {
            guard let c = statistics[k] as? CIndexStatistic, let b = statistics[k + 1] as? CIndexStatistic,
                let pair = PairedConcordance(candidate: c.engine, baseline: b.engine)
            else { continue }
            out[k] = PairedCIndexStatistic(pair: pair, baseline: false)
            out[k + 1] = PairedCIndexStatistic(pair: pair, baseline: true)
        }
        return out
    }
}

/// One side of a `PairedConcordance`: the frame computes both on the first side's call and
/// keeps them for the other's.
struct PairedCIndexStatistic: ReplicateStatistic {
    let pair: PairedConcordance
    let baseline: Bool
    func makeWorkspace() -> PairedConcordance.Workspace { PairedConcordance.Workspace() }
    func value(_ frame: ResampleFrame, workspace: inout PairedConcordance.Workspace) -> Double? {
        let both = frame.pairedConcordance(pair, workspace: workspace)
        return baseline ? both.baseline : both.candidate
    }
}
