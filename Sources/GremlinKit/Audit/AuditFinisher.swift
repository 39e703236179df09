// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Writes an audit's artifacts exactly once, from whichever thread gets there first: the main
/// path with the final report, or a signal handler or watchdog with an error report. A second
/// caller waits until the first one's files are in place, then writes nothing.
public final class AuditFinisher: @unchecked Sendable {
    public let runner: AuditRunner
    private let lock = NSLock()
    private var finished = false

    public init(runner: AuditRunner) {
        self.runner = runner
    }

    /// Writes every report for `report` (all formats, `gl-code-quality.json`, the step summary)
    /// unless an earlier call already did.
    /// - Returns: whether this call wrote them.
    @discardableResult
    public func finish(_ report: AuditReport) throws -> Bool {
        try lock.withLock {
            guard !finished else { return false }
            finished = true
            try runner.writeReports(report, includingCI: true)
            return true
        }
    }

    /// Whether the artifacts have been written (or attempted).
    public var isFinished: Bool { lock.withLock { finished } }

    /// The report of an audit stopped before it ended: verdict `error` and `reason`.
    public func stoppedReport(reason: String) -> AuditReport {
        let options = runner.options
        let generatedAt =
            (try? AuditClock.timestamp(environment: options.environment))
            ?? AuditClock.format(Date(timeIntervalSince1970: 0))
        return AuditRunner.errorReport(reason: reason, options: options, generatedAt: generatedAt)
    }
}
